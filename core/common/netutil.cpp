#include "netutil.h"

#include <array>

#include <QUrl>

#include "common/safetext.h"

namespace Net {

namespace {

bool parseStrictV4(const QString &text, quint32 *out)
{
    const QStringList parts = text.split(QLatin1Char('.'));
    if (parts.size() != 4)
        return false;
    quint32 value = 0;
    for (const QString &part : parts) {
        if (part.isEmpty() || part.size() > 3)
            return false;
        if (part.size() > 1 && part.front() == QLatin1Char('0'))
            return false; // leading zeros are ambiguous (octal in inet_aton)
        int octet = 0;
        for (QChar c : part) {
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return false;
            octet = octet * 10 + (c.unicode() - '0');
        }
        if (octet > 255)
            return false;
        value = (value << 8) | quint32(octet);
    }
    *out = value;
    return true;
}

} // namespace

std::optional<QHostAddress> parseIp(const QString &text)
{
    if (text.isEmpty() || text.size() > 45)
        return std::nullopt;
    quint32 v4 = 0;
    if (!text.contains(QLatin1Char(':'))) {
        if (!parseStrictV4(text, &v4))
            return std::nullopt;
        return QHostAddress(v4);
    }
    for (QChar c : text) {
        const bool ok = (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('F')) || c == QLatin1Char(':')
            || c == QLatin1Char('.');
        if (!ok)
            return std::nullopt; // no scope ids, brackets, ports or spaces
    }
    // An embedded IPv4 tail must itself be strict.
    const int lastColon = text.lastIndexOf(QLatin1Char(':'));
    const QString tail = text.mid(lastColon + 1);
    if (tail.contains(QLatin1Char('.')) && !parseStrictV4(tail, &v4))
        return std::nullopt;
    QHostAddress address;
    if (!address.setAddress(text) || address.protocol() != QAbstractSocket::IPv6Protocol)
        return std::nullopt;
    return address;
}

bool isV4Mapped(const QHostAddress &address)
{
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return false;
    const Q_IPV6ADDR a = address.toIPv6Address();
    for (int i = 0; i < 10; ++i) {
        if (a[i] != 0)
            return false;
    }
    return a[10] == 0xff && a[11] == 0xff;
}

QHostAddress normalized(const QHostAddress &address)
{
    if (!isV4Mapped(address))
        return address;
    const Q_IPV6ADDR a = address.toIPv6Address();
    return QHostAddress(
        (quint32(a[12]) << 24) | (quint32(a[13]) << 16) | (quint32(a[14]) << 8) | quint32(a[15]));
}

QString ipToString(const QHostAddress &address)
{
    if (address.protocol() == QAbstractSocket::IPv4Protocol)
        return address.toString();
    // QHostAddress already prints RFC 5952 compressed form for IPv6, but keeps a v4-mapped tail.
    return address.toString().toLower();
}

QString domainProblem(const QString &name, bool allowSingleLabel)
{
    QString n = name;
    if (n.endsWith(QLatin1Char('.')))
        n.chop(1);
    if (n.isEmpty())
        return QStringLiteral("the domain is empty");
    if (n.size() > 253)
        return QStringLiteral("the domain is longer than 253 characters");
    for (QChar c : n) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return QStringLiteral("the domain contains a space, control or non-ASCII character");
        if (c == QLatin1Char('[') || c == QLatin1Char(']') || c == QLatin1Char('@'))
            return QStringLiteral("the domain contains '%1'").arg(c);
    }
    const QStringList labels = n.split(QLatin1Char('.'));
    if (labels.size() < 2 && !allowSingleLabel)
        return QStringLiteral("the domain has a single label; a fully qualified name is needed");
    for (const QString &label : labels) {
        if (label.isEmpty())
            return QStringLiteral("the domain has an empty label");
        if (label.size() > 63)
            return QStringLiteral("the domain has a label longer than 63 characters");
    }
    return {};
}

QString dnsNameProblem(const QString &name)
{
    QString n = name;
    if (n.endsWith(QLatin1Char('.')))
        n.chop(1);
    if (n.isEmpty())
        return QStringLiteral("the name is empty");
    if (n.toUtf8().size() > 253)
        return QStringLiteral("the name is longer than 253 octets");
    for (const QString &label : n.split(QLatin1Char('.'))) {
        if (label.isEmpty())
            return QStringLiteral("the name has an empty label");
        if (label.toUtf8().size() > 63)
            return QStringLiteral("the name has a label longer than 63 octets");
    }
    return {};
}

namespace {

bool isAscii(const QString &text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
}

} // namespace

QString toAce(const QString &name, bool transitional)
{
    if (isAscii(name))
        return name;
    const QByteArray ace = QUrl::toAce(name,
        transitional
            ? QUrl::AceProcessingOptions(QUrl::IgnoreIDNWhitelist | QUrl::AceTransitionalProcessing)
            : QUrl::AceProcessingOptions(QUrl::IgnoreIDNWhitelist));
    return ace.isEmpty() ? name : QString::fromLatin1(ace);
}

QString toUnicode(const QString &name)
{
    if (!isAscii(name) || !name.contains(QLatin1String("xn--"), Qt::CaseInsensitive))
        return name;
    const QString unicode = QUrl::fromAce(name.toLatin1(), QUrl::IgnoreIDNWhitelist);
    return unicode.isEmpty() ? name : unicode;
}

QString bothForms(const QString &name, bool unicodeFirst)
{
    const QString unicode = toUnicode(name);
    if (unicode == name)
        return name;
    return unicodeFirst ? QStringLiteral("%1 (%2)").arg(unicode, name)
                        : QStringLiteral("%1 (%2)").arg(name, unicode);
}

QString aceNote(const QString &typed)
{
    const QString ace = toAce(typed);
    if (ace == typed)
        return isAscii(typed) ? QString()
                              : QStringLiteral("'%1' cannot be encoded as an internationalized "
                                               "domain name (IDNA)")
                                    .arg(Text::shortSafe(typed));
    return QStringLiteral("%1 is evaluated as its A-label form %2 (RFC 7208 §4.3, IDNA)")
        .arg(Text::shortSafe(typed), Text::shortSafe(ace));
}

QString canonicalName(const QString &name)
{
    QString n = name.toLower();
    while (n.endsWith(QLatin1Char('.')) && n.size() > 1)
        n.chop(1);
    return n;
}

QString domainOfAddress(const QString &input)
{
    const QString trimmed = input.trimmed();
    const int at = int(trimmed.lastIndexOf(QLatin1Char('@')));
    return at < 0 ? trimmed : trimmed.mid(at + 1);
}

QString reverseName(const QHostAddress &address)
{
    const QHostAddress a = normalized(address);
    if (a.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 v = a.toIPv4Address();
        return QStringLiteral("%1.%2.%3.%4.in-addr.arpa")
            .arg(v & 0xff)
            .arg((v >> 8) & 0xff)
            .arg((v >> 16) & 0xff)
            .arg(v >> 24);
    }
    const Q_IPV6ADDR b = a.toIPv6Address();
    static const char hex[] = "0123456789abcdef";
    QString out;
    out.reserve(72);
    for (int i = 15; i >= 0; --i) {
        out += QLatin1Char(hex[b[i] & 0xf]);
        out += QLatin1Char('.');
        out += QLatin1Char(hex[b[i] >> 4]);
        out += QLatin1Char('.');
    }
    out += QLatin1String("ip6.arpa");
    return out;
}

QStringList specialRangeNotes(const QHostAddress &address)
{
    struct Range
    {
        const char *network;
        const char *note;
    };
    static const std::array<Range, 22> ranges = {{
        {"0.0.0.0/8", "\"this network\" (RFC 791): never a sending host"},
        {"10.0.0.0/8", "private address (RFC 1918): not reachable from the Internet"},
        {"100.64.0.0/10", "carrier-grade NAT (RFC 6598): shared by many customers of one ISP"},
        {"127.0.0.0/8", "loopback (RFC 1122): this machine itself"},
        {"169.254.0.0/16", "link-local (RFC 3927): not routed"},
        {"172.16.0.0/12", "private address (RFC 1918): not reachable from the Internet"},
        {"192.0.0.0/24", "IETF protocol assignments (RFC 6890)"},
        {"192.0.2.0/24", "documentation range TEST-NET-1 (RFC 5737): never a real host"},
        {"192.168.0.0/16", "private address (RFC 1918): not reachable from the Internet"},
        {"198.18.0.0/15", "benchmarking range (RFC 2544)"},
        {"198.51.100.0/24", "documentation range TEST-NET-2 (RFC 5737): never a real host"},
        {"203.0.113.0/24", "documentation range TEST-NET-3 (RFC 5737): never a real host"},
        {"224.0.0.0/4", "multicast: never a sending host"},
        {"240.0.0.0/4", "reserved (RFC 1112)"},
        {"::/128", "unspecified address"},
        {"::1/128", "loopback (RFC 4291): this machine itself"},
        {"64:ff9b::/96", "NAT64 well-known prefix (RFC 6052): an IPv4 host behind a translator"},
        {"2001:db8::/32", "documentation range (RFC 3849): never a real host"},
        {"2002::/16", "6to4 (RFC 3056)"},
        {"fc00::/7", "unique local address (RFC 4193): not reachable from the Internet"},
        {"fe80::/10", "link-local (RFC 4291): not routed"},
        {"ff00::/8", "multicast: never a sending host"},
    }};
    QStringList notes;
    if (isV4Mapped(address))
        notes << QStringLiteral("IPv4-mapped IPv6 address: SPF treats it as %1")
                     .arg(ipToString(normalized(address)));
    const QHostAddress a = normalized(address);
    for (const Range &r : ranges) {
        const auto subnet = QHostAddress::parseSubnet(QString::fromLatin1(r.network));
        if (subnet.first.protocol() == a.protocol() && a.isInSubnet(subnet))
            notes << QString::fromLatin1(r.note);
    }
    return notes;
}

std::optional<HostPort> parseHostPort(const QString &text)
{
    HostPort hp;
    QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    auto parsePort = [](const QString &p, quint16 *out) {
        bool ok = false;
        const uint v = p.toUInt(&ok);
        if (!ok || v == 0 || v > 65535)
            return false;
        *out = quint16(v);
        return true;
    };
    if (t.startsWith(QLatin1Char('['))) {
        const int close = t.indexOf(QLatin1Char(']'));
        if (close < 0)
            return std::nullopt;
        hp.host = t.mid(1, close - 1);
        const QString rest = t.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(QLatin1Char(':')) || !parsePort(rest.mid(1), &hp.port))
                return std::nullopt;
        }
        if (!parseIp(hp.host) || !hp.host.contains(QLatin1Char(':')))
            return std::nullopt;
        return hp;
    }
    const int colons = t.count(QLatin1Char(':'));
    if (colons > 1) { // bare IPv6 address, no port
        if (!parseIp(t))
            return std::nullopt;
        hp.host = t;
        return hp;
    }
    if (colons == 1) {
        const int c = t.indexOf(QLatin1Char(':'));
        if (!parsePort(t.mid(c + 1), &hp.port))
            return std::nullopt;
        t = t.left(c);
    }
    if (t.isEmpty())
        return std::nullopt;
    if (!parseIp(t)) {
        // A host name: letters, digits, hyphens and dots; one label ("localhost") is fine here.
        for (const QString &label : t.split(QLatin1Char('.'))) {
            if (label.isEmpty() || label.size() > 63)
                return std::nullopt;
            for (QChar c : label) {
                if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_'))
                    return std::nullopt;
            }
        }
    }
    hp.host = t;
    return hp;
}

} // namespace Net
