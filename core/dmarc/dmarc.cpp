#include "dmarc/dmarc.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include "common/netutil.h"
#include "common/psl.h"
#include "common/safetext.h"
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

namespace {

int strength(const QString &policy)
{
    return int(policies.indexOf(policy));
}

void readPolicyTag(Record &r, const Tag &t, const QString &value, qsizetype index)
{
    if (!policies.contains(value)) {
        const QByteArray code = "invalid-" + t.name.toLatin1();
        add(r, Severity::Error, code.constData(),
            QStringLiteral("'%1=%2': the policy is none, quarantine or reject")
                .arg(t.name, t.value),
            t.valueRange);
        if (t.name == QLatin1String("np"))
            r.npInvalid = true;
        else
            r.policyUnusable = true;
        return;
    }
    if (t.name == QLatin1String("p")) {
        r.p = value;
        if (index != 1)
            add(r, Severity::Warning, "p-not-second",
                QStringLiteral("'p=' is not right after 'v=DMARC1': RFC 9989 allows any order, but "
                               "RFC 7489 asked for it there and some older receivers insist"),
                t.range);
    } else if (t.name == QLatin1String("sp")) {
        r.sp = value;
    } else {
        r.np = value;
    }
}

// pct, rf and ri: RFC 7489 tags that RFC 9989 removed.
void readRemovedTag(Record &r, const Tag &t, const QString &value)
{
    add(r, t.name == QLatin1String("pct") ? Severity::Warning : Severity::Info, "removed-tag",
        QStringLiteral("'%1' was removed by RFC 9989: receivers that follow it ignore the tag; "
                       "older (RFC 7489) receivers may still read it")
            .arg(t.name),
        t.range);
    if (t.name == QLatin1String("pct")) {
        bool ok = false;
        const int pct = t.value.toInt(&ok);
        if (!ok || pct < 0 || pct > 100)
            add(r, Severity::Warning, "invalid-pct",
                QStringLiteral("'pct=%1': a whole number from 0 to 100").arg(t.value),
                t.valueRange);
        else
            r.pct = pct;
    } else if (t.name == QLatin1String("rf") && value != QLatin1String("afrf")) {
        add(r, Severity::Warning, "invalid-rf",
            QStringLiteral("'rf=%1': the only report format is afrf").arg(t.value), t.valueRange);
    } else if (t.name == QLatin1String("ri")) {
        bool ok = false;
        t.value.toUInt(&ok);
        if (!ok)
            add(r, Severity::Warning, "invalid-ri",
                QStringLiteral("'ri=%1': seconds between aggregate reports").arg(t.value),
                t.valueRange);
    }
}

// psd and t (RFC 9989 §4.7): one letter each.
void readFlagTag(Record &r, const Tag &t, const QString &value)
{
    const bool isPsd = t.name == QLatin1String("psd");
    const QStringList allowed = isPsd
        ? QStringList {QStringLiteral("y"), QStringLiteral("n"), QStringLiteral("u")}
        : QStringList {QStringLiteral("y"), QStringLiteral("n")};
    if (!allowed.contains(value)) {
        add(r, Severity::Warning, isPsd ? "invalid-psd" : "invalid-t",
            isPsd ? QStringLiteral("'psd=%1': y, n or u; receivers read it as u (the tree walk "
                                   "decides)")
                        .arg(t.value)
                  : QStringLiteral("'t=%1': y or n; receivers read it as n (the policy applies)")
                        .arg(t.value),
            t.valueRange);
        return;
    }
    if (isPsd)
        r.psd = value;
    else
        r.testing = value == QLatin1String("y");
}

void readOtherTag(Record &r, const Tag &t, const QString &value)
{
    if (t.name == QLatin1String("adkim") || t.name == QLatin1String("aspf")) {
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
    } else {
        add(r, Severity::Warning, "unknown-tag",
            QStringLiteral("'%1' is not a DMARC tag: receivers ignore it (RFC 9989 §4.7)")
                .arg(t.name),
            t.range);
    }
}

void readTag(Record &r, const Tag &t, qsizetype index)
{
    const QString value = t.value.toLower();
    const QString &n = t.name;
    if (n == QLatin1String("v"))
        add(r, Severity::Error, "misplaced-version", QStringLiteral("'v=' must be the first tag"),
            t.range);
    else if (n == QLatin1String("p") || n == QLatin1String("sp") || n == QLatin1String("np"))
        readPolicyTag(r, t, value, index);
    else if (n == QLatin1String("pct") || n == QLatin1String("rf") || n == QLatin1String("ri"))
        readRemovedTag(r, t, value);
    else if (n == QLatin1String("psd") || n == QLatin1String("t"))
        readFlagTag(r, t, value);
    else
        readOtherTag(r, t, value);
}

// The notes on the record as a whole, once every tag is read.
void lintRecord(Record &r)
{
    const TextRange whole {0, int(r.text.size())};
    if (r.p.isEmpty() && !r.policyUnusable) // an invalid p= has said so already
        add(r, r.rua.isEmpty() ? Severity::Error : Severity::Warning, "missing-p",
            r.rua.isEmpty()
                ? QStringLiteral("no 'p=' policy and no valid rua: receivers apply no DMARC to "
                                 "this domain's mail (RFC 9989 §4.10.1, RFC 7489 §6.6.3)")
                : QStringLiteral("no 'p=' policy: with a valid rua receivers read it as p=none "
                                 "(RFC 9989 §4.10.1, RFC 7489 §6.6.3)"),
            whole);
    if (r.p.isEmpty()) {
        r.policyUnusable = true; // read as a record with p=none only (sp= and np= do not count)
        if (!r.rua.isEmpty())
            r.p = QStringLiteral("none");
    }
    if (r.p == QLatin1String("none"))
        add(r, Severity::Info, "monitoring-only",
            QStringLiteral("p=none: receivers only report; failing mail is delivered as usual"),
            TextRange {0, 0});
    const QString strongest = strength(r.sp) > strength(r.p) ? r.sp : r.p;
    if (!r.np.isEmpty() && strength(r.np) < strength(strongest))
        add(r, Severity::Warning, "np-weaker",
            QStringLiteral("np=%1 is weaker than %2=%3: mail from subdomains that do not exist, "
                           "which no one legitimately sends from, gets the milder policy")
                .arg(r.np,
                    strength(r.sp) > strength(r.p) ? QStringLiteral("sp") : QStringLiteral("p"),
                    strongest),
            whole);
    if (r.testing && r.p != QLatin1String("none"))
        add(r, Severity::Info, "testing",
            QStringLiteral("t=y (testing): RFC 9989 receivers do not apply p=%1 to failing mail "
                           "(they may apply their own handling, such as rewriting From:); RFC "
                           "7489 receivers ignore t= and apply it")
                .arg(r.p),
            TextRange {0, 0});
    if (r.pct == 0 && !r.testing && r.p != QLatin1String("none"))
        add(r, Severity::Warning, "pct-zero",
            QStringLiteral("pct=0 without t=y: RFC 7489 receivers apply the next milder policy "
                           "to all failing mail, but RFC 9989 receivers ignore pct and apply "
                           "p=%1 in full; to test a policy, add t=y (the RFC 9989 way)")
                .arg(r.p),
            whole);
    else if (r.pct < 100)
        add(r, Severity::Info, "partial-pct",
            QStringLiteral("pct=%1: RFC 7489 receivers apply the policy to %1% of failing mail "
                           "and the next milder one to the rest; RFC 9989 receivers ignore pct")
                .arg(r.pct),
            TextRange {0, 0});
}

} // namespace

Record parseRecord(const QString &text)
{
    Record r;
    r.text = text;
    r.psd = QStringLiteral("u");
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
        readTag(r, t, i);
    }
    if (r.tags.isEmpty() || r.tags.front().name != QLatin1String("v"))
        return r; // not a DMARC record: the version error says it
    lintRecord(r);
    return r;
}

bool aligned(const QString &identifier, const QString &fromDomain, bool strict,
    const QString &identifierOrg, const QString &fromOrg)
{
    const QString a = Net::canonicalName(identifier);
    const QString b = Net::canonicalName(fromDomain);
    if (a.isEmpty() || b.isEmpty())
        return false;
    if (strict || a == b)
        return a == b;
    const QString orgA = Net::canonicalName(identifierOrg);
    return !orgA.isEmpty() && orgA == Net::canonicalName(fromOrg);
}

bool aligned(const QString &identifier, const QString &fromDomain, bool strict)
{
    return aligned(identifier, fromDomain, strict,
        Net::registrableDomain(Net::canonicalName(identifier)),
        Net::registrableDomain(Net::canonicalName(fromDomain)));
}

QString readersOf(const Reading &reading)
{
    return reading.name == QLatin1String("RFC 9989")
        ? QStringLiteral("receivers that follow RFC 9989 (May 2026: the DNS tree walk, np=, t=)")
        : QStringLiteral("older receivers (RFC 7489: the Public Suffix List, pct=)");
}

QString describeReading(const Reading &reading)
{
    return QStringLiteral("%1 reading, for %2: policy %3, organizational domain %4 (%5)")
        .arg(reading.name, readersOf(reading),
            reading.policy.isEmpty() ? QStringLiteral("unknown") : reading.policy,
            reading.organizationalDomain.isEmpty() ? QStringLiteral("unknown")
                                                   : Text::safeText(reading.organizationalDomain),
            Text::safeText(reading.why));
}

QString statusName(Status status)
{
    switch (status) {
    case Status::Found:
        return QStringLiteral("found");
    case Status::None:
        return QStringLiteral("none");
    case Status::TempError:
        return QStringLiteral("temperror");
    case Status::Multiple:
        return QStringLiteral("multiple");
    }
    return {};
}

bool Lookup::readingsDiffer() const
{
    if (readings.size() < 2)
        return false;
    const Reading &a = readings[0];
    const Reading &b = readings[1];
    if (a.status == Status::None && b.status == Status::None)
        return false; // no DMARC either way: where the organization ends does not matter
    return a.organizationalDomain != b.organizationalDomain || a.policy != b.policy
        || a.status != b.status;
}

bool Lookup::dnsFailed() const
{
    for (const Reading &r : readings) {
        if (r.status == Status::TempError || (r.status == Status::Found && r.policy.isEmpty()))
            return true;
    }
    return status == Status::TempError || walk.failed();
}

namespace {

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace

QJsonObject toJson(const Step &s)
{
    return {{QStringLiteral("domain"), s.domain}, {QStringLiteral("name"), s.name},
        {QStringLiteral("type"), s.type}, {QStringLiteral("outcome"), s.outcome},
        {QStringLiteral("record"), orNull(s.record)}, {QStringLiteral("psd"), orNull(s.psd)},
        {QStringLiteral("detail"), orNull(s.detail)}};
}

QJsonObject toJson(const Reading &r)
{
    return {{QStringLiteral("name"), r.name}, {QStringLiteral("status"), statusName(r.status)},
        {QStringLiteral("organizational_domain"), orNull(r.organizationalDomain)},
        {QStringLiteral("found_at"), orNull(r.foundAt)},
        {QStringLiteral("record"), orNull(r.record)}, {QStringLiteral("policy"), orNull(r.policy)},
        {QStringLiteral("requested"), orNull(r.requested)}, {QStringLiteral("tag"), orNull(r.tag)},
        {QStringLiteral("testing"), r.testing}, {QStringLiteral("pct"), r.pct},
        {QStringLiteral("aspf"), r.strictSpf ? QStringLiteral("s") : QStringLiteral("r")},
        {QStringLiteral("adkim"), r.strictDkim ? QStringLiteral("s") : QStringLiteral("r")},
        {QStringLiteral("why"), r.why}};
}

QJsonObject toJson(const Lookup &l)
{
    QJsonArray diagnostics;
    for (const Diagnostic &d : l.record.diagnostics)
        diagnostics << QJsonObject {{QStringLiteral("severity"), Spf::severityName(d.severity)},
            {QStringLiteral("code"), d.code}, {QStringLiteral("message"), d.message},
            {QStringLiteral("offset"), d.range.offset}, {QStringLiteral("length"), d.range.length}};
    const bool found = l.status == Lookup::Status::Found;
    const Record &bis = l.record9989;
    QJsonArray discovery;
    for (const Step &s : l.discovery)
        discovery << toJson(s);
    QJsonArray readings;
    for (const Reading &r : l.readings)
        readings << toJson(r);
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
        {QStringLiteral("evidence"), Spf::Json::fromExchanges(l.evidence)},
        {QStringLiteral("np"), orNull(bis.np)}, {QStringLiteral("psd"), orNull(bis.psd)},
        {QStringLiteral("t"),
            bis.text.isEmpty()
                ? QJsonValue(QJsonValue::Null)
                : QJsonValue(bis.testing ? QStringLiteral("y") : QStringLiteral("n"))},
        {QStringLiteral("discovery"), discovery}, {QStringLiteral("readings"), readings},
        {QStringLiteral("readings_differ"), l.readingsDiffer()}};
}

} // namespace Dmarc
