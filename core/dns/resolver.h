#pragma once

#include "dns/dnstypes.h"

namespace Dns {

// Answers one DNS question. Injected wherever DNS is needed; never a global.
//
// resolve() blocks until an answer, an error or the implementation's timeout. Every
// implementation in this project is safe to call from several threads at once.
class Resolver
{
public:
    virtual ~Resolver() = default;
    virtual Answer resolve(const Question &question) = 0;
    // Short human-readable description: "127.0.0.1:5353", "zone file example.zone"...
    virtual QString description() const = 0;
    // Whether a "no such name" from this resolver for names at or under `zone` is the zone's own
    // answer. A resolver answering from data held here (a zone file, a snapshot, captured
    // answers) says no for a zone it holds nothing for: its NXDOMAIN there only means "not in the
    // data". Resolvers that ask the DNS (and decorators of them) say yes.
    virtual bool holdsDataFor(const QString &zone) const
    {
        Q_UNUSED(zone);
        return true;
    }
};

} // namespace Dns
