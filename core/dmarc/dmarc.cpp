#include "dmarc/dmarc.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include "common/netutil.h"
#include "common/psl.h"
#include "common/taglist.h"
#include "spf/spfjson.h"

namespace Dmarc {

namespace {

using Spf::Severity;
using Spf::TextRange;

const QStringList policies {
    QStringLiteral("none"), QStringLiteral("quarantine"), QStringLiteral("reject")};

void add(Record &r, Severity severity, const char *code, const QString &message, TextRange range)
{
    r.diagnostics << Diagnostic {severity, QString::fromLatin1(code), message, range};
}

bool validMailto(const QString &uri)
{
    // mailto:local@domain, optionally !size[kmgt]
    static const QRegularExpression re(
        QStringLiteral("^mailto:[^@\\s,;!]+@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-"
                       "z0-9](?:[A-Za-z0-"
                       "9-]*[A-Za-z0-9])?)+)(?:![0-9]+[kmgtKMGT]?)?$"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(uri).hasMatch();
}

void parseUris(Record &r, const Tag &t, QStringList *out)
{
    int at = t.valueRange.offset;
    for (const QString &raw : t.value.split(QLatin1Char(','))) {
        const QString uri = raw.trimmed();
        const int offset = at + int(raw.indexOf(uri));
        at += int(raw.size()) + 1;
        if (uri.isEmpty()) {
            add(r, Severity::Warning, "empty-uri",
                QStringLiteral("an empty address in '%1'").arg(t.name), t.valueRange);
            continue;
        }
        if (!uri.startsWith(QLatin1String("mailto:"), Qt::CaseInsensitive)) {
            add(r, Severity::Warning, "unsupported-uri",
                QStringLiteral(
                    "'%1': reports are sent to mailto: addresses; receivers ignore other "
                    "schemes")
                    .arg(uri),
                TextRange {offset, int(uri.size())});
            continue;
        }
        if (!validMailto(uri)) {
            add(r, Severity::Error, "invalid-uri",
                QStringLiteral("'%1' is not a valid mailto: address (mailto:user@example.com, "
                               "optionally !10m for a size limit)")
                    .arg(uri),
                TextRange {offset, int(uri.size())});
            continue;
        }
        *out << uri;
    }
}

} // namespace

bool Record::hasErrors() const
{
    for (const Diagnostic &d : diagnostics) {
        if (d.severity == Severity::Error)
            return true;
    }
    return false;
}

bool isDmarcRecord(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*v\\s*=\\s*DMARC1\\s*(;|$)"));
    return re.match(text).hasMatch();
}

Record parseRecord(const QString &text)
{
    Record r;
    r.text = text;
    QSet<QString> seen;
    bool first = true;
    const QList<TagList::Item> items = TagList::read(text);
    for (qsizetype i = 0; i < items.size(); ++i) {
        const TagList::Item &item = items[i];
        if (item.text.isEmpty()) {
            if (i + 1 < items.size() && i > 0)
                add(r, Severity::Warning, "empty-tag", QStringLiteral("an empty tag (';;')"),
                    TextRange {item.segmentOffset, 1});
            continue;
        }
        Tag t;
        t.range = TextRange {item.offset, int(item.text.size())};
        if (!item.hasEquals) {
            add(r, Severity::Error, "invalid-tag",
                QStringLiteral("'%1' is not a tag=value pair").arg(item.text), t.range);
            first = false;
            continue;
        }
        t.name = item.name;
        t.value = item.value;
        t.valueRange = TextRange {item.valueOffset, int(t.value.size())};
        r.tags << t;
        if (first) {
            first = false;
            if (t.name != QLatin1String("v") || t.value != QLatin1String("DMARC1")) {
                add(r, Severity::Error, "invalid-version",
                    QStringLiteral("a DMARC record starts with 'v=DMARC1' exactly; receivers "
                                   "ignore this record"),
                    t.range);
            }
            seen.insert(t.name);
            continue;
        }
        if (seen.contains(t.name)) {
            add(r, Severity::Error, "duplicate-tag",
                QStringLiteral("'%1' appears more than once").arg(t.name), t.range);
            continue;
        }
        seen.insert(t.name);
        const QString value = t.value.toLower();
        if (t.name == QLatin1String("v")) {
            add(r, Severity::Error, "misplaced-version",
                QStringLiteral("'v=' must be the first tag"), t.range);
        } else if (t.name == QLatin1String("p") || t.name == QLatin1String("sp")) {
            if (!policies.contains(value)) {
                add(r, Severity::Error, t.name == QLatin1String("p") ? "invalid-p" : "invalid-sp",
                    QStringLiteral("'%1=%2': the policy is none, quarantine or reject")
                        .arg(t.name, t.value),
                    t.valueRange);
            } else if (t.name == QLatin1String("p")) {
                r.p = value;
                if (i != 1)
                    add(r, Severity::Warning, "p-not-second",
                        QStringLiteral("'p=' should follow 'v=DMARC1' directly (RFC 7489 §6.3); "
                                       "some receivers insist"),
                        t.range);
            } else {
                r.sp = value;
            }
        } else if (t.name == QLatin1String("pct")) {
            bool ok = false;
            const int pct = t.value.toInt(&ok);
            if (!ok || pct < 0 || pct > 100)
                add(r, Severity::Error, "invalid-pct",
                    QStringLiteral("'pct=%1': a whole number from 0 to 100").arg(t.value),
                    t.valueRange);
            else
                r.pct = pct;
        } else if (t.name == QLatin1String("adkim") || t.name == QLatin1String("aspf")) {
            if (value != QLatin1String("r") && value != QLatin1String("s"))
                add(r, Severity::Error, "invalid-alignment",
                    QStringLiteral("'%1=%2': r (relaxed) or s (strict)").arg(t.name, t.value),
                    t.valueRange);
            else if (t.name == QLatin1String("adkim"))
                r.strictDkim = value == QLatin1String("s");
            else
                r.strictSpf = value == QLatin1String("s");
        } else if (t.name == QLatin1String("rua")) {
            parseUris(r, t, &r.rua);
        } else if (t.name == QLatin1String("ruf")) {
            parseUris(r, t, &r.ruf);
        } else if (t.name == QLatin1String("fo")) {
            bool ok = !value.isEmpty();
            for (const QString &o : value.split(QLatin1Char(':')))
                ok = ok
                    && QStringList {QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("d"),
                        QStringLiteral("s")}
                           .contains(o.trimmed());
            if (!ok)
                add(r, Severity::Warning, "invalid-fo",
                    QStringLiteral("'fo=%1': options 0, 1, d and s, separated by ':'").arg(t.value),
                    t.valueRange);
            else
                r.fo = value;
        } else if (t.name == QLatin1String("rf")) {
            if (value != QLatin1String("afrf"))
                add(r, Severity::Warning, "invalid-rf",
                    QStringLiteral("'rf=%1': the only report format is afrf").arg(t.value),
                    t.valueRange);
        } else if (t.name == QLatin1String("ri")) {
            bool ok = false;
            t.value.toUInt(&ok);
            if (!ok)
                add(r, Severity::Warning, "invalid-ri",
                    QStringLiteral("'ri=%1': seconds between aggregate reports").arg(t.value),
                    t.valueRange);
        } else {
            add(r, Severity::Warning, "unknown-tag",
                QStringLiteral("'%1' is not a DMARC tag: receivers ignore it").arg(t.name),
                t.range);
        }
    }
    if (r.tags.isEmpty() || r.tags.front().name != QLatin1String("v"))
        return r; // not a DMARC record: the version error says it
    const bool invalidP = std::any_of(r.diagnostics.cbegin(), r.diagnostics.cend(),
        [](const Diagnostic &d) { return d.code == QLatin1String("invalid-p"); });
    if (r.p.isEmpty() && !invalidP) // an invalid p= has said so already
        add(r, Severity::Error, "missing-p",
            r.rua.isEmpty()
                ? QStringLiteral("no 'p=' policy: receivers ignore the record")
                : QStringLiteral("no 'p=' policy: with a valid rua receivers read it as p=none "
                                 "(RFC 7489 §6.6.3)"),
            TextRange {0, int(text.size())});
    if (r.p.isEmpty() && !r.rua.isEmpty())
        r.p = QStringLiteral("none");
    if (r.p == QLatin1String("none"))
        add(r, Severity::Info, "monitoring-only",
            QStringLiteral("p=none: receivers only report; failing mail is delivered as usual"),
            TextRange {0, 0});
    if (r.pct < 100)
        add(r, Severity::Info, "partial-pct",
            QStringLiteral("pct=%1: the policy applies to %1% of failing mail; the rest gets the "
                           "next milder one")
                .arg(r.pct),
            TextRange {0, 0});
    return r;
}

bool aligned(const QString &identifier, const QString &fromDomain, bool strict)
{
    const QString a = Net::canonicalName(identifier);
    const QString b = Net::canonicalName(fromDomain);
    if (a.isEmpty() || b.isEmpty())
        return false;
    if (strict || a == b)
        return a == b;
    const QString orgA = Net::registrableDomain(a);
    return !orgA.isEmpty() && orgA == Net::registrableDomain(b);
}

QString statusName(Lookup::Status status)
{
    switch (status) {
    case Lookup::Status::Found:
        return QStringLiteral("found");
    case Lookup::Status::None:
        return QStringLiteral("none");
    case Lookup::Status::TempError:
        return QStringLiteral("temperror");
    case Lookup::Status::Multiple:
        return QStringLiteral("multiple");
    }
    return {};
}

Lookup discover(Dns::Resolver &resolver, const QString &fromDomain)
{
    Lookup out;
    out.domain = Net::canonicalName(fromDomain);
    out.organizationalDomain = Net::registrableDomain(out.domain);
    out.policy = QStringLiteral("none");
    QStringList names {out.domain};
    if (!out.organizationalDomain.isEmpty() && out.organizationalDomain != out.domain)
        names << out.organizationalDomain;
    for (const QString &name : std::as_const(names)) {
        const Dns::Question q {QStringLiteral("_dmarc.") + name, Dns::Type::TXT};
        const Dns::Answer a = resolver.resolve(q);
        out.evidence << Dns::Exchange {q, a, QDateTime::currentDateTimeUtc()};
        if (!a || (a->rcode != Dns::Rcode::NoError && a->rcode != Dns::Rcode::NxDomain)) {
            // A failure is not "no record": say so and stop (never fall back past it).
            out.status = Lookup::Status::TempError;
            out.message = QStringLiteral("could not read _dmarc.%1: %2")
                              .arg(name, a ? Dns::rcodeName(a->rcode) : a.error().message);
            return out;
        }
        QStringList records;
        for (const Dns::Record &r : a->recordsOfType(Dns::Type::TXT)) {
            const QString text = QString::fromLatin1(r.joinedText());
            if (isDmarcRecord(text))
                records << text;
        }
        if (records.size() > 1) {
            out.status = Lookup::Status::Multiple;
            out.foundAt = name;
            out.message = QStringLiteral("_dmarc.%1 has %2 DMARC records: receivers apply none "
                                         "(RFC 7489 §6.6.3)")
                              .arg(name)
                              .arg(records.size());
            return out;
        }
        if (records.size() == 1) {
            out.status = Lookup::Status::Found;
            out.foundAt = name;
            out.record = parseRecord(records.front());
            out.fromSubdomainPolicy = name != out.domain;
            const QString applies = out.fromSubdomainPolicy && !out.record.sp.isEmpty()
                ? out.record.sp
                : out.record.p;
            out.policy = applies.isEmpty() ? QStringLiteral("none") : applies;
            return out;
        }
    }
    out.status = Lookup::Status::None;
    out.message = names.size() > 1
        ? QStringLiteral("no DMARC record at _dmarc.%1 or _dmarc.%2").arg(names[0], names[1])
        : QStringLiteral("no DMARC record at _dmarc.%1").arg(names[0]);
    return out;
}

QJsonObject toJson(const Lookup &l)
{
    QJsonArray diagnostics;
    for (const Diagnostic &d : l.record.diagnostics)
        diagnostics << QJsonObject {{QStringLiteral("severity"), Spf::severityName(d.severity)},
            {QStringLiteral("code"), d.code}, {QStringLiteral("message"), d.message},
            {QStringLiteral("offset"), d.range.offset}, {QStringLiteral("length"), d.range.length}};
    const bool found = l.status == Lookup::Status::Found;
    const auto orNull = [](const QString &s) {
        return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
    };
    return {{QStringLiteral("domain"), l.domain},
        {QStringLiteral("organizational_domain"), orNull(l.organizationalDomain)},
        {QStringLiteral("status"), statusName(l.status)},
        {QStringLiteral("record"),
            found ? QJsonValue(l.record.text) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("found_at"), orNull(l.foundAt)}, {QStringLiteral("policy"), l.policy},
        {QStringLiteral("subdomain_policy_applies"), l.fromSubdomainPolicy},
        {QStringLiteral("p"), orNull(l.record.p)}, {QStringLiteral("sp"), orNull(l.record.sp)},
        {QStringLiteral("pct"), l.record.pct},
        {QStringLiteral("aspf"), l.record.strictSpf ? QStringLiteral("s") : QStringLiteral("r")},
        {QStringLiteral("adkim"), l.record.strictDkim ? QStringLiteral("s") : QStringLiteral("r")},
        {QStringLiteral("rua"), QJsonArray::fromStringList(l.record.rua)},
        {QStringLiteral("ruf"), QJsonArray::fromStringList(l.record.ruf)},
        {QStringLiteral("fo"), l.record.fo}, {QStringLiteral("diagnostics"), diagnostics},
        {QStringLiteral("message"), orNull(l.message)},
        {QStringLiteral("evidence"), Spf::Json::fromExchanges(l.evidence)}};
}

} // namespace Dmarc
