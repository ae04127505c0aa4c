#include "spf/addressspace.h"

#include <algorithm>
#include <functional>
#include <limits>

namespace Spf {

namespace {

using U128 = AddressSpace::U128;

template<typename T>
void addRange(QList<std::pair<T, T>> &set, T lo, T hi)
{
    set.append({lo, hi});
    std::sort(set.begin(), set.end());
    QList<std::pair<T, T>> merged;
    for (const auto &r : std::as_const(set)) {
        if (!merged.isEmpty()
            && (r.first <= merged.last().second
                || (merged.last().second != std::numeric_limits<T>::max()
                    && r.first == merged.last().second + 1))) {
            merged.last().second = std::max(merged.last().second, r.second);
            continue;
        }
        merged.append(r);
    }
    set = merged;
}

template<typename T>
void subtractRange(QList<std::pair<T, T>> &set, T lo, T hi)
{
    QList<std::pair<T, T>> out;
    for (const auto &r : std::as_const(set)) {
        if (r.second < lo || r.first > hi) {
            out.append(r);
            continue;
        }
        if (r.first < lo)
            out.append({r.first, lo - 1});
        if (r.second > hi)
            out.append({hi + 1, r.second});
    }
    set = out;
}

template<typename T>
T countOf(const QList<std::pair<T, T>> &set)
{
    T total = 0;
    for (const auto &r : set) {
        const T size = r.second - r.first; // one less than the size: no overflow on everything
        if (total > std::numeric_limits<T>::max() - size - 1)
            return std::numeric_limits<T>::max();
        total += size + 1;
    }
    return total;
}

// The range as CIDR blocks of `bits`-bit addresses; `top` is the largest address.
template<typename T>
void blocks(T lo, T hi, int bits, T top, const std::function<void(T, int)> &out)
{
    if (lo == 0 && hi == top) {
        out(0, 0);
        return;
    }
    for (int guard = 0; guard < 4096; ++guard) { // at most 2 x bits blocks per range
        int size = 0; // the block holds 2^size addresses
        while (size + 1 < bits) {
            const T span = (T(1) << (size + 1)) - 1;
            if ((lo & span) != 0 || lo + span < lo || lo + span > hi)
                break;
            ++size;
        }
        out(lo, bits - size);
        const T last = lo + ((T(1) << size) - 1);
        if (last >= hi)
            return;
        lo = last + 1;
    }
}

U128 toU128(const QHostAddress &a)
{
    const Q_IPV6ADDR bytes = a.toIPv6Address();
    U128 v = 0;
    for (int i = 0; i < 16; ++i)
        v = (v << 8) | bytes[i];
    return v;
}

QHostAddress fromU128(U128 v)
{
    Q_IPV6ADDR bytes;
    for (int i = 15; i >= 0; --i) {
        bytes[i] = quint8(v & 0xff);
        v >>= 8;
    }
    return QHostAddress(bytes);
}

QString bigCount(U128 n)
{
    if (n == std::numeric_limits<U128>::max())
        return QStringLiteral("2^128");
    // An exact power of two reads best as one ("2^64"); else the nearest power below.
    int log = 0;
    while (log < 127 && (U128(1) << (log + 1)) <= n)
        ++log;
    if (n < (U128(1) << 53))
        return QString::number(quint64(n));
    return (U128(1) << log) == n ? QStringLiteral("2^%1").arg(log)
                                 : QStringLiteral("more than 2^%1").arg(log);
}

} // namespace

void AddressSpace::add(const QHostAddress &network, int prefix)
{
    if (network.protocol() == QAbstractSocket::IPv4Protocol) {
        prefix = std::clamp(prefix, 0, 32);
        const quint64 base = network.toIPv4Address();
        const quint64 size = quint64(1) << (32 - prefix);
        const quint64 lo = base & ~(size - 1) & 0xffffffffULL;
        addRange<quint64>(m_v4, lo, lo + size - 1);
    } else if (network.protocol() == QAbstractSocket::IPv6Protocol) {
        prefix = std::clamp(prefix, 0, 128);
        const U128 base = toU128(network);
        const U128 span
            = prefix == 0 ? std::numeric_limits<U128>::max() : (U128(1) << (128 - prefix)) - 1;
        const U128 lo = base & ~span;
        addRange<U128>(m_v6, lo, lo | span);
    }
}

void AddressSpace::addEverything()
{
    m_v4 = {{0, 0xffffffffULL}};
    m_v6 = {{0, std::numeric_limits<U128>::max()}};
}

void AddressSpace::add(const AddressSpace &other)
{
    for (const auto &r : other.m_v4)
        addRange(m_v4, r.first, r.second);
    for (const auto &r : other.m_v6)
        addRange(m_v6, r.first, r.second);
}

void AddressSpace::subtract(const AddressSpace &other)
{
    for (const auto &r : other.m_v4)
        subtractRange(m_v4, r.first, r.second);
    for (const auto &r : other.m_v6)
        subtractRange(m_v6, r.first, r.second);
}

AddressSpace AddressSpace::minus(const AddressSpace &other) const
{
    AddressSpace out = *this;
    out.subtract(other);
    return out;
}

quint64 AddressSpace::ipv4Count() const
{
    return countOf(m_v4);
}

AddressSpace::U128 AddressSpace::ipv6Count() const
{
    return countOf(m_v6);
}

QString AddressSpace::ipv6CountText() const
{
    return bigCount(ipv6Count());
}

bool AddressSpace::everyIpv4() const
{
    return m_v4.size() == 1 && m_v4.front().first == 0 && m_v4.front().second == 0xffffffffULL;
}

bool AddressSpace::everyIpv6() const
{
    return m_v6.size() == 1 && m_v6.front().first == 0
        && m_v6.front().second == std::numeric_limits<U128>::max();
}

QString AddressSpace::describe(const QString &comparative) const
{
    const QString word = comparative.isEmpty() ? QString() : comparative + QLatin1Char(' ');
    QStringList parts;
    if (everyIpv4())
        parts << QStringLiteral("every IPv4 address");
    else if (const quint64 n = ipv4Count(); n > 0)
        parts << QStringLiteral("%1 %2IPv4 address%3")
                     .arg(QString::number(n), word, n == 1 ? QString() : QStringLiteral("es"));
    if (everyIpv6())
        parts << QStringLiteral("every IPv6 address");
    else if (const U128 n = ipv6Count(); n > 0)
        parts << QStringLiteral("%1 %2IPv6 address%3")
                     .arg(bigCount(n), word, n == 1 ? QString() : QStringLiteral("es"));
    return parts.join(QStringLiteral(" and "));
}

QStringList AddressSpace::networks() const
{
    QStringList out;
    for (const auto &r : m_v4)
        blocks<quint64>(r.first, r.second, 32, 0xffffffffULL, [&](quint64 lo, int prefix) {
            out << QStringLiteral("%1/%2").arg(QHostAddress(quint32(lo)).toString()).arg(prefix);
        });
    for (const auto &r : m_v6)
        blocks<U128>(
            r.first, r.second, 128, std::numeric_limits<U128>::max(), [&](U128 lo, int prefix) {
                out << QStringLiteral("%1/%2").arg(fromU128(lo).toString()).arg(prefix);
            });
    return out;
}

namespace {

bool broken(const Record &record, const Term &term)
{
    if (!term.valid)
        return true;
    for (const Diagnostic &d : record.diagnostics) {
        if (d.severity == Severity::Error && d.range.offset < term.range.end()
            && term.range.offset < d.range.end())
            return true;
    }
    return false;
}

QString listed(const AddressSpace &space)
{
    const QStringList nets = space.networks();
    if (nets.isEmpty())
        return {};
    return QStringLiteral(" (%1%2)").arg(nets.mid(0, 3).join(QStringLiteral(", ")),
        nets.size() > 3 ? QStringLiteral(", …") : QString());
}

} // namespace

StaticReach staticReach(const Record &record)
{
    StaticReach out;
    AddressSpace decided;
    QStringList redirects;
    bool sawAll = false;
    for (const Term &t : record.terms) {
        if (t.kind == TermKind::Version || broken(record, t))
            continue;
        AddressSpace range;
        switch (t.kind) {
        case TermKind::Ip4:
        case TermKind::Ip6: {
            const QHostAddress network(t.value);
            if (network.isNull())
                continue;
            const bool v4 = t.kind == TermKind::Ip4;
            const int prefix = v4 ? (t.cidr4 < 0 ? 32 : t.cidr4) : (t.cidr6 < 0 ? 128 : t.cidr6);
            range.add(network, prefix);
            break;
        }
        case TermKind::All:
            range.addEverything();
            sawAll = true;
            break;
        case TermKind::A:
        case TermKind::Mx:
        case TermKind::Include:
        case TermKind::Exists:
        case TermKind::Ptr:
            out.dnsTerms << t.text;
            continue;
        case TermKind::Redirect:
            redirects << t.text;
            continue;
        default:
            continue;
        }
        if (t.qualifier == Qualifier::Pass)
            out.pass.add(range.minus(decided));
        decided.add(range);
        if (sawAll)
            break; // nothing after 'all' is ever reached
    }
    if (!sawAll)
        out.dnsTerms << redirects; // redirect= applies only when no 'all' is there
    return out;
}

FixImpact fixImpact(const Record &before, const Record &after)
{
    const StaticReach b = staticReach(before);
    const StaticReach a = staticReach(after);
    FixImpact out;
    out.errorsBefore = before.errorCount();
    out.errorsAfter = after.errorCount();
    out.after = a;
    out.more = a.pass.minus(b.pass);
    out.fewer = b.pass.minus(a.pass);
    for (const QString &t : a.dnsTerms) {
        if (!b.dnsTerms.contains(t))
            out.dnsTermsAdded << t;
    }
    for (const QString &t : b.dnsTerms) {
        if (!a.dnsTerms.contains(t))
            out.dnsTermsRemoved << t;
    }
    return out;
}

namespace {

// "exactly 192.0.2.1", "192.0.2.0/24 (256 IPv4 addresses) and the hosts of mx", "no host".
QString reachText(const StaticReach &reach)
{
    QStringList parts;
    const QStringList nets = reach.pass.networks();
    if (nets.size() == 1
        && (nets.front().endsWith(QLatin1String("/32"))
            || nets.front().endsWith(QLatin1String("/128"))))
        parts << QStringLiteral("exactly ") + nets.front().section(QLatin1Char('/'), 0, 0);
    else if (!reach.pass.isEmpty())
        parts << reach.pass.describe() + listed(reach.pass);
    if (!reach.dnsTerms.isEmpty())
        parts << QStringLiteral("the hosts DNS names for %1")
                     .arg(reach.dnsTerms.mid(0, 4).join(QStringLiteral(", "))
                         + (reach.dnsTerms.size() > 4 ? QStringLiteral(", …") : QString()));
    return parts.isEmpty() ? QStringLiteral("no host") : parts.join(QStringLiteral(", and "));
}

} // namespace

QString FixImpact::describe() const
{
    // What changes against the record's terms written without errors.
    QStringList parts;
    if (!more.isEmpty())
        parts << QStringLiteral("authorizes %1%2")
                     .arg(more.describe(QStringLiteral("more")), listed(more));
    // Against a broken record "fewer" counts what a reading nobody uses would pass ('- all' read
    // as 'all'): receivers pass no one by it.
    if (!fewer.isEmpty() && errorsBefore == 0)
        parts << QStringLiteral("authorizes %1%2")
                     .arg(fewer.describe(QStringLiteral("fewer")), listed(fewer));
    if (!dnsTermsAdded.isEmpty())
        parts << QStringLiteral("adds %1, whose addresses only DNS can tell")
                     .arg(dnsTermsAdded.join(QStringLiteral(", ")));
    if (!dnsTermsRemoved.isEmpty())
        parts << QStringLiteral("drops %1").arg(dnsTermsRemoved.join(QStringLiteral(", ")));
    const QString change = parts.isEmpty() ? QStringLiteral("authorizes the same addresses")
                                           : parts.join(QStringLiteral("; "));
    if (errorsBefore == 0)
        return QStringLiteral("It %1.").arg(change);
    if (errorsAfter > 0)
        return QStringLiteral("Against the terms written without errors, it %1. %2 other error%3 "
                              "%4: until %5 fixed, receivers reject the record (permerror).")
            .arg(change, QString::number(errorsAfter),
                errorsAfter == 1 ? QString() : QStringLiteral("s"),
                errorsAfter == 1 ? QStringLiteral("remains") : QStringLiteral("remain"),
                errorsAfter == 1 ? QStringLiteral("it is") : QStringLiteral("they are"));
    QString text = QStringLiteral("As written, receivers reject the record (permerror). "
                                  "Corrected, it authorizes %1.")
                       .arg(reachText(after));
    if (!parts.isEmpty())
        text
            += QStringLiteral(" Against the terms written without errors, the fix %1.").arg(change);
    return text;
}

} // namespace Spf
