#include "dnstypes.h"

#include <array>

#include <QSet>

#include "common/netutil.h"

namespace Dns {

namespace {

struct TypeEntry
{
    quint16 type;
    const char *name;
};

constexpr std::array<TypeEntry, 22> typeTable = {{
    {Type::A, "A"},
    {Type::NS, "NS"},
    {Type::CNAME, "CNAME"},
    {Type::SOA, "SOA"},
    {Type::PTR, "PTR"},
    {Type::MX, "MX"},
    {Type::TXT, "TXT"},
    {Type::AAAA, "AAAA"},
    {Type::SPF, "SPF"},
    {Type::ANY, "ANY"},
    {13, "HINFO"},
    {33, "SRV"},
    {35, "NAPTR"},
    {43, "DS"},
    {46, "RRSIG"},
    {47, "NSEC"},
    {48, "DNSKEY"},
    {52, "TLSA"},
    {64, "SVCB"},
    {65, "HTTPS"},
    {257, "CAA"},
    {99, "SPF"},
}};

constexpr std::array<const char *, 11> rcodeTable = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
    "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};

QString quoteCharacterString(const QByteArray &s)
{
    QString out = QStringLiteral("\"");
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += QLatin1Char('\\');
            out += QLatin1Char(char(c));
        } else if (c < 0x20 || c >= 0x7f) {
            out += QStringLiteral("\\%1").arg(int(c), 3, 10, QLatin1Char('0'));
        } else {
            out += QLatin1Char(char(c));
        }
    }
    out += QLatin1Char('"');
    return out;
}

} // namespace

QString typeName(quint16 type)
{
    for (const TypeEntry &e : typeTable) {
        if (e.type == type)
            return QString::fromLatin1(e.name);
    }
    return QStringLiteral("TYPE%1").arg(type);
}

std::optional<quint16> typeFromName(const QString &name)
{
    const QString upper = name.trimmed().toUpper();
    for (const TypeEntry &e : typeTable) {
        if (upper == QLatin1String(e.name))
            return e.type;
    }
    if (upper.startsWith(QLatin1String("TYPE"))) {
        bool ok = false;
        const uint v = upper.mid(4).toUInt(&ok);
        if (ok && v <= 65535)
            return quint16(v);
    }
    return std::nullopt;
}

QString rcodeName(int rcode)
{
    if (rcode >= 0 && rcode < int(rcodeTable.size()))
        return QString::fromLatin1(rcodeTable[size_t(rcode)]);
    return QStringLiteral("RCODE%1").arg(rcode);
}

std::optional<int> rcodeFromName(const QString &name)
{
    const QString upper = name.trimmed().toUpper();
    for (size_t i = 0; i < rcodeTable.size(); ++i) {
        if (upper == QLatin1String(rcodeTable[i]))
            return int(i);
    }
    if (upper.startsWith(QLatin1String("RCODE"))) {
        bool ok = false;
        const int v = upper.mid(5).toInt(&ok);
        if (ok && v >= 0 && v < 4096)
            return v;
    }
    return std::nullopt;
}

QByteArray Record::joinedText() const
{
    QByteArray out;
    for (const QByteArray &s : strings)
        out += s;
    return out;
}

Record Record::makeA(const QString &name, const QString &address, quint32 ttl)
{
    Record r;
    r.name = name;
    r.type = address.contains(QLatin1Char(':')) ? Type::AAAA : Type::A;
    r.ttl = ttl;
    r.target = address;
    r.data = address;
    return r;
}

Record Record::makeTxt(
    const QString &name, const QList<QByteArray> &strings, quint32 ttl, quint16 type)
{
    Record r;
    r.name = name;
    r.type = type;
    r.ttl = ttl;
    r.strings = strings;
    QStringList quoted;
    for (const QByteArray &s : strings)
        quoted << quoteCharacterString(s);
    r.data = quoted.join(QLatin1Char(' '));
    return r;
}

Record Record::makeMx(const QString &name, quint16 preference, const QString &exchange, quint32 ttl)
{
    Record r;
    r.name = name;
    r.type = Type::MX;
    r.ttl = ttl;
    r.preference = preference;
    r.target = exchange;
    r.data = QStringLiteral("%1 %2.").arg(preference).arg(exchange);
    if (exchange.isEmpty() || exchange == QLatin1String("."))
        r.data = QStringLiteral("%1 .").arg(preference);
    return r;
}

Record Record::makeName(const QString &name, quint16 type, const QString &target, quint32 ttl)
{
    Record r;
    r.name = name;
    r.type = type;
    r.ttl = ttl;
    r.target = target;
    r.data = target + QLatin1Char('.');
    return r;
}

Record Record::makeGeneric(const QString &name, quint16 type, const QString &data, quint32 ttl)
{
    Record r;
    r.name = name;
    r.type = type;
    r.ttl = ttl;
    r.data = data;
    return r;
}

QList<Record> Response::recordsOfType(quint16 type) const
{
    QList<Record> out;
    for (const Record &r : answers) {
        if (r.type == type)
            out << r;
    }
    return out;
}

bool Response::isVoid() const
{
    if (rcode == Rcode::NxDomain)
        return true;
    return rcode == Rcode::NoError && recordsOfType(question.type).isEmpty();
}

bool Response::isCnameLoop() const
{
    if (rcode != Rcode::NoError || !recordsOfType(question.type).isEmpty())
        return false;
    QString name = Net::canonicalName(question.name);
    QSet<QString> seen;
    while (!seen.contains(name)) {
        seen.insert(name);
        const auto next = std::find_if(answers.cbegin(), answers.cend(), [&](const Record &r) {
            return r.type == Type::CNAME && Net::canonicalName(r.name) == name;
        });
        if (next == answers.cend())
            return false;
        name = Net::canonicalName(next->target);
    }
    return true;
}

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Timeout:
        return QStringLiteral("timeout");
    case ErrorKind::Network:
        return QStringLiteral("network");
    case ErrorKind::Malformed:
        return QStringLiteral("malformed");
    case ErrorKind::NotCaptured:
        return QStringLiteral("not-captured");
    case ErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    case ErrorKind::Invalid:
        return QStringLiteral("invalid");
    }
    return QStringLiteral("error");
}

QuestionKey keyOf(const Question &question)
{
    return QuestionKey {Net::canonicalName(question.name), question.type};
}

QString recordLine(const Record &record)
{
    return QStringLiteral("%1.\t%2\tIN\t%3\t%4")
        .arg(record.name)
        .arg(record.ttl)
        .arg(typeName(record.type), record.data);
}

QString outcomeName(WireStep::Outcome outcome)
{
    switch (outcome) {
    case WireStep::Outcome::Answer:
        return QStringLiteral("answer");
    case WireStep::Outcome::Timeout:
        return QStringLiteral("timeout");
    case WireStep::Outcome::Refused:
        return QStringLiteral("refused");
    case WireStep::Outcome::Closed:
        return QStringLiteral("closed");
    case WireStep::Outcome::Unusable:
        return QStringLiteral("unusable");
    case WireStep::Outcome::Error:
        return QStringLiteral("error");
    case WireStep::Outcome::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QString Response::transportName() const
{
    if (zoneFile)
        return QStringLiteral("zone file");
    return tcp ? QStringLiteral("TCP") : QStringLiteral("UDP");
}

QString describe(const WireStep &s)
{
    QString out = QStringLiteral("%1 %2 try %3: %4")
                      .arg(s.tcp ? QStringLiteral("TCP") : QStringLiteral("UDP"), s.server)
                      .arg(s.attempt)
                      .arg(outcomeName(s.outcome));
    if (s.rcode >= 0)
        out += QLatin1Char(' ') + rcodeName(s.rcode);
    if (s.size > 0)
        out += QStringLiteral(", %1 octets").arg(s.size);
    if (s.truncated)
        out += QStringLiteral(", TC set");
    if (!s.tcp)
        out += s.ednsOffered > 0 ? QStringLiteral(", EDNS %1 offered%2")
                                       .arg(s.ednsOffered)
                                       .arg(s.outcome == WireStep::Outcome::Answer
                                               ? (s.ednsAnswered ? QStringLiteral(" and answered")
                                                                 : QStringLiteral(", not answered"))
                                               : QString())
                                 : QStringLiteral(", no EDNS");
    if (!s.detail.isEmpty())
        out += QStringLiteral(" (%1)").arg(s.detail);
    return out;
}

} // namespace Dns
