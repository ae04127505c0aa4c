#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

#include "spf/spftypes.h"

namespace Spf {

// A set of IPv4 and IPv6 addresses as sorted, disjoint ranges: what a record or a tree
// authorizes, with duplicates counted once. A plain value.
class AddressSpace
{
public:
    __extension__ using U128 = unsigned __int128; // GCC and Clang; 2^128 addresses need it

    void add(const QHostAddress &network, int prefix);
    void addEverything(); // every IPv4 and IPv6 address ('all')
    void add(const AddressSpace &other);
    void subtract(const AddressSpace &other);
    AddressSpace minus(const AddressSpace &other) const;
    bool isEmpty() const { return m_v4.isEmpty() && m_v6.isEmpty(); }

    quint64 ipv4Count() const; // at most 2^32
    U128 ipv6Count() const; // saturates at 2^128 - 1
    // The IPv6 count as text ("0", "2^64", "more than 2^127"): too large for a JSON number.
    QString ipv6CountText() const;
    bool everyIpv4() const;
    bool everyIpv6() const;
    // "2 IPv4 addresses", "every IPv4 address", "2^64 IPv6 addresses"; empty when none. With a
    // comparative: "2 more IPv4 addresses".
    QString describe(const QString &comparative = {}) const;
    // The ranges as CIDR networks ("192.0.2.0/24", "2001:db8::/32"), IPv4 first.
    QStringList networks() const;
    friend bool operator==(const AddressSpace &, const AddressSpace &) = default;

private:
    QList<std::pair<quint64, quint64>> m_v4; // inclusive
    QList<std::pair<U128, U128>> m_v6;
};

// What a record authorizes by its text alone, terms in order (RFC 7208 §4.6.2: the first match
// decides): the addresses its ip4/ip6/all terms pass, and the terms whose addresses only DNS can
// tell (a, mx, include, exists, ptr, redirect). Terms with errors are left out: receivers do not
// evaluate a record that has them, so they authorize nothing.
struct StaticReach
{
    AddressSpace pass;
    QStringList dnsTerms; // as written, qualifier included
    friend bool operator==(const StaticReach &, const StaticReach &) = default;
};
StaticReach staticReach(const Record &record);

// What a fix changes, compared with the record as written (its valid terms): "authorizes the
// same addresses", "2 more IPv4 addresses (64.8.71.111/32, 64.8.71.112/32)".
struct FixImpact
{
    AddressSpace more;
    AddressSpace fewer;
    QStringList dnsTermsAdded;
    QStringList dnsTermsRemoved;
    // A record with errors is a permanent error as written: receivers authorize no one by it, so
    // "more" and "fewer" (against its valid terms) are not what its reader needs. Then the
    // sentence says that, and what the fixed record authorizes.
    int errorsBefore = 0;
    int errorsAfter = 0;
    StaticReach after;
    bool same() const
    {
        return more.isEmpty() && fewer.isEmpty() && dnsTermsAdded.isEmpty()
            && dnsTermsRemoved.isEmpty();
    }
    // Whole sentences: "It authorizes 1 more IPv4 address (64.8.71.112/32)."; for a record with
    // errors, what receivers do with it as written and what the fixed one authorizes.
    QString describe() const;
};
FixImpact fixImpact(const Record &before, const Record &after);

} // namespace Spf
