#pragma once

#include <QHostAddress>
#include <QStringList>

#include "dns/resolver.h"

namespace Dns {

// IP -> PTR names -> forward-confirmed names (FCrDNS), with notes on special-use ranges.
struct ReverseName
{
    QString name; // as the PTR record gives it, no trailing dot
    QStringList addresses; // A or AAAA of `name` (same family as the IP)
    bool confirmed = false; // one of `addresses` is the IP
    QString error; // why the forward lookup failed, if it did
    friend bool operator==(const ReverseName &, const ReverseName &) = default;
};

struct ReverseResult
{
    QString ip; // normalized text (IPv4-mapped unwrapped)
    QString ptrName; // x.x.x.x.in-addr.arpa / ...ip6.arpa
    QStringList rangeNotes;
    Answer ptrAnswer;
    QList<ReverseName> names; // at most `maxNames`, in answer order
    int namesIgnored = 0; // PTR names past the limit
    QList<Exchange> exchanges; // every query made, in order
    bool hasConfirmedName() const;
};

// Blocking; safe to call from several threads with one resolver. `maxNames`: RFC 7208 §4.6.4
// limits PTR processing to 10 names; the console uses the same bound.
ReverseResult reverseLookup(Resolver &resolver, const QHostAddress &ip, int maxNames = 10);

} // namespace Dns
