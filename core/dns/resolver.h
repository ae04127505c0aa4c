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
};

} // namespace Dns
