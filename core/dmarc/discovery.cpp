// DMARC policy discovery under both readings: RFC 9989's DNS tree walk (§4.10) and RFC 7489's
// Public Suffix List look-up (§6.6.3), from one set of answers.

#include <QDateTime>

#include "common/netutil.h"
#include "common/psl.h"
#include "dmarc/dmarc.h"

namespace Dmarc {

namespace {

// RFC 9989 §4.10 step 4: a name of more than 7 labels is shortened straight to its 7
// right-most labels, so the walk makes at most 8 queries.
constexpr int walkMaxLabels = 7;
constexpr int walkMaxQueries = 8;

QString failureText(const Dns::Answer &a)
{
    return a ? Dns::rcodeName(a->rcode) : a.error().message;
}

QString lastLabels(const QString &name, qsizetype count)
{
    const QStringList labels = name.split(QLatin1Char('.'));
    return labels.mid(std::max<qsizetype>(0, labels.size() - count)).join(QLatin1Char('.'));
}

// RFC 9989 §4.10.2, for a walk that completed.
QString organizationalDomain(const Walk &w)
{
    const qsizetype startLabels = w.start.count(QLatin1Char('.')) + 1;
    QString fewest;
    for (const Step &s : w.steps) {
        if (s.outcome != QLatin1String("record"))
            continue;
        if (s.psd == QLatin1String("n"))
            return s.domain;
        if (s.psd == QLatin1String("y") && s.domain != w.start) {
            const qsizetype below = s.domain.count(QLatin1Char('.')) + 2;
            return lastLabels(w.start, std::min(below, startLabels));
        }
        fewest = s.domain; // the walk goes from the longest name to the shortest
    }
    return fewest.isEmpty() ? w.start : fewest;
}

} // namespace

Walker::Walker(Dns::Resolver &resolver)
    : m_resolver(resolver)
{ }

Dns::Answer Walker::query(const QString &name, quint16 type)
{
    const Dns::Question q {name, type};
    const Dns::Answer a = m_resolver.resolve(q);
    m_evidence << Dns::Exchange {q, a, QDateTime::currentDateTimeUtc()};
    return a;
}

Step Walker::ask(const QString &domain)
{
    const QString key = QStringLiteral("TXT ") + domain;
    if (const auto it = m_asked.constFind(key); it != m_asked.constEnd())
        return *it;
    Step s;
    s.domain = domain;
    s.name = QStringLiteral("_dmarc.") + domain;
    s.type = QStringLiteral("TXT");
    const Dns::Answer a = query(s.name, Dns::Type::TXT);
    if (!a || (a->rcode != Dns::Rcode::NoError && a->rcode != Dns::Rcode::NxDomain)) {
        // A failure is not "no record".
        s.outcome = QStringLiteral("temperror");
        s.detail = QStringLiteral("could not read %1: %2").arg(s.name, failureText(a));
    } else {
        QStringList records;
        for (const Dns::Record &r : a->recordsOfType(Dns::Type::TXT)) {
            const QString text = QString::fromLatin1(r.joinedText());
            if (isDmarcRecord(text))
                records << text;
        }
        s.records = int(records.size());
        s.detail = Dns::rcodeName(a->rcode);
        if (records.size() == 1) {
            s.outcome = QStringLiteral("record");
            s.record = records.front();
            const Record parsed = parseRecord(s.record);
            for (const Tag &t : parsed.tags) {
                if (t.name == QLatin1String("psd"))
                    s.psd = parsed.psd == QLatin1String("u") ? QString() : parsed.psd;
            }
        } else {
            s.outcome
                = records.isEmpty() ? QStringLiteral("no-record") : QStringLiteral("multiple");
        }
    }
    m_asked.insert(key, s);
    return s;
}

Step Walker::exists(const QString &domain)
{
    const QString key = QStringLiteral("A ") + domain;
    if (const auto it = m_asked.constFind(key); it != m_asked.constEnd())
        return *it;
    Step s;
    s.domain = domain;
    s.name = domain;
    s.type = QStringLiteral("A");
    const Dns::Answer a = query(domain, Dns::Type::A);
    s.detail = failureText(a);
    if (a && a->rcode == Dns::Rcode::NxDomain)
        s.outcome = QStringLiteral("nxdomain");
    else if (a && a->rcode == Dns::Rcode::NoError)
        s.outcome = QStringLiteral("exists"); // NODATA too: the name exists (RFC 8020)
    else
        s.outcome = QStringLiteral("temperror");
    m_asked.insert(key, s);
    return s;
}

Walk Walker::walk(const QString &name)
{
    Walk w;
    w.start = Net::canonicalName(name);
    QStringList labels = w.start.split(QLatin1Char('.'), Qt::SkipEmptyParts);
    while (!labels.isEmpty() && w.steps.size() < walkMaxQueries) {
        const Step s = ask(labels.join(QLatin1Char('.')));
        w.steps << s;
        if (s.outcome == QLatin1String("temperror")) {
            w.error = s.detail;
            return w;
        }
        if (s.outcome == QLatin1String("record") && !s.psd.isEmpty())
            break; // psd=y or psd=n ends the walk
        labels = labels.size() > walkMaxLabels ? labels.mid(labels.size() - walkMaxLabels)
                                               : labels.mid(1);
    }
    w.organizationalDomain = organizationalDomain(w);
    return w;
}

namespace {

QString milder(const QString &policy)
{
    if (policy == QLatin1String("reject"))
        return QStringLiteral("quarantine");
    return QStringLiteral("none");
}

// RFC 9989 §4.10.1, RFC 7489 §6.6.3: a record without a usable policy acts as p=none when rua
// names a valid address, and as no record otherwise. True when it applies a policy at all.
bool usablePolicy(const Record &r, bool rfc9989, Reading &out)
{
    if (!r.policyUnusable && !(rfc9989 && r.npInvalid))
        return true;
    if (r.rua.isEmpty()) {
        out.policy = QStringLiteral("none");
        out.why = QStringLiteral("the record at _dmarc.%1 has no valid policy (p=, sp=%2) and no "
                                 "valid rua, so these receivers apply no DMARC at all")
                      .arg(out.foundAt, rfc9989 ? QStringLiteral(" or np=") : QString());
        return false;
    }
    out.policy = out.requested = QStringLiteral("none");
    out.tag = QStringLiteral("p");
    out.why = QStringLiteral("the record at _dmarc.%1 has no valid policy (p=, sp=%2), so with a "
                             "valid rua these receivers read it as p=none")
                  .arg(out.foundAt, rfc9989 ? QStringLiteral(" or np=") : QString());
    return false;
}

void fillRfc7489(Reading &out, const Record &r, const QString &from)
{
    out.pct = r.pct;
    if (!usablePolicy(r, false, out))
        return;
    const bool sub = out.foundAt != from;
    out.tag = sub && !r.sp.isEmpty() ? QStringLiteral("sp") : QStringLiteral("p");
    out.requested = out.tag == QLatin1String("sp") ? r.sp : r.p;
    out.policy = r.pct == 0 ? milder(out.requested) : out.requested;
    out.why = sub ? QStringLiteral("%1 has no record of its own; its organizational domain %2 "
                                   "(Public Suffix List) asks %3=%4")
                        .arg(from, out.foundAt, out.tag, out.requested)
                  : QStringLiteral("the record at _dmarc.%1 asks p=%2").arg(from, out.requested);
    if (r.pct == 0 && out.requested != QLatin1String("none"))
        out.why += QStringLiteral("; pct=0, so %1 is applied instead").arg(out.policy);
    else if (r.pct < 100 && out.requested != QLatin1String("none"))
        out.why += QStringLiteral("; pct=%1: to that share of failing mail, %2 to the rest")
                       .arg(r.pct)
                       .arg(milder(out.requested));
}

// The RFC 7489 reading: the From domain's record, else its organizational domain's under the
// Public Suffix List. Fills the lookup's top-level fields too.
void readRfc7489(Walker &walker, Lookup &out)
{
    Reading r;
    r.name = QStringLiteral("RFC 7489");
    r.organizationalDomain = out.organizationalDomain;
    QStringList names {out.domain};
    if (!out.organizationalDomain.isEmpty() && out.organizationalDomain != out.domain)
        names << out.organizationalDomain;
    out.status = Status::None;
    for (const QString &name : std::as_const(names)) {
        const Step s = walker.ask(name);
        if (s.outcome == QLatin1String("temperror")) {
            out.status = Status::TempError;
            out.message = s.detail;
            break;
        }
        if (s.outcome == QLatin1String("multiple")) {
            out.status = Status::Multiple;
            out.foundAt = name;
            out.message = QStringLiteral("_dmarc.%1 has %2 DMARC records: receivers apply none "
                                         "(RFC 7489 §6.6.3)")
                              .arg(name)
                              .arg(s.records);
            break;
        }
        if (s.outcome == QLatin1String("record")) {
            out.status = Status::Found;
            out.foundAt = name;
            out.record = parseRecord(s.record);
            out.fromSubdomainPolicy = name != out.domain;
            const QString applies = out.record.policyUnusable         ? QString()
                : out.fromSubdomainPolicy && !out.record.sp.isEmpty() ? out.record.sp
                                                                      : out.record.p;
            out.policy = applies.isEmpty() ? QStringLiteral("none") : applies;
            break;
        }
    }
    if (out.status == Status::None)
        out.message = names.size() > 1
            ? QStringLiteral("no DMARC record at _dmarc.%1 or _dmarc.%2").arg(names[0], names[1])
            : QStringLiteral("no DMARC record at _dmarc.%1").arg(names[0]);
    r.status = out.status;
    r.foundAt = out.foundAt;
    if (out.status == Status::Found) {
        r.record = out.record.text;
        r.strictSpf = out.record.strictSpf;
        r.strictDkim = out.record.strictDkim;
        fillRfc7489(r, out.record, out.domain);
    } else {
        r.policy = out.status == Status::TempError ? QString() : QStringLiteral("none");
        r.why = out.status == Status::Multiple ? out.message
            : out.status == Status::TempError
            ? QStringLiteral("%1; which policy applies is unknown").arg(out.message)
            : out.message + QStringLiteral(": no DMARC policy applies");
    }
    out.readings << r;
}

// RFC 9989: which tag applies to mail from `from` under a record found at `r.foundAt`, the
// existence query deciding between sp= and np= (asked only when they differ).
void fillRfc9989(Walker &walker, Lookup &lookup, Reading &out, const Record &r)
{
    out.testing = r.testing;
    if (!usablePolicy(r, true, out))
        return;
    const QString &from = lookup.domain;
    const QString subPolicy = r.sp.isEmpty() ? r.p : r.sp;
    QString because;
    if (out.foundAt == from) {
        out.tag = QStringLiteral("p");
        because = QStringLiteral("the record at _dmarc.%1 asks p=%2").arg(from, r.p);
    } else if (!r.np.isEmpty() && r.np != subPolicy) {
        const Step e = walker.exists(from);
        lookup.discovery << e;
        if (e.outcome == QLatin1String("temperror")) {
            out.policy.clear();
            out.why
                = QStringLiteral("could not tell whether %1 exists (%2): np=%3 applies if it "
                                 "does not, %4=%5 if it does")
                      .arg(from, e.detail, r.np,
                          r.sp.isEmpty() ? QStringLiteral("p") : QStringLiteral("sp"), subPolicy);
            return;
        }
        const bool missing = e.outcome == QLatin1String("nxdomain");
        out.tag = missing    ? QStringLiteral("np")
            : r.sp.isEmpty() ? QStringLiteral("p")
                             : QStringLiteral("sp");
        because = missing ? QStringLiteral("%1 does not exist (NXDOMAIN), so the record at "
                                           "_dmarc.%2 applies np=%3")
                                .arg(from, out.foundAt, r.np)
                          : QStringLiteral("%1 exists, so the record at _dmarc.%2 applies "
                                           "%3=%4 (np= is only for names that do not exist)")
                                .arg(from, out.foundAt, out.tag, subPolicy);
    } else {
        out.tag = r.sp.isEmpty() ? QStringLiteral("p") : QStringLiteral("sp");
        because = QStringLiteral("%1 has no record of its own; the record at _dmarc.%2 applies "
                                 "%3=%4 to its subdomains")
                      .arg(from, out.foundAt, out.tag, subPolicy);
    }
    out.requested = out.tag == QLatin1String("np") ? r.np
        : out.tag == QLatin1String("sp")           ? r.sp
                                                   : r.p;
    out.policy = r.testing ? QStringLiteral("none") : out.requested;
    out.why = because;
    if (r.testing && out.requested != QLatin1String("none"))
        out.why += QStringLiteral("; t=y (testing): these receivers do not apply %1 to failing "
                                  "mail, only report it (and may apply their own handling, such "
                                  "as rewriting From:)")
                       .arg(out.requested);
}

// The record RFC 9989 receivers apply (§4.10.1): the From domain's own, else the
// organizational domain's, else the public suffix domain's (psd=y). Null when none.
const Step *policyStep(const Walk &w)
{
    if (!w.steps.isEmpty() && w.steps.front().outcome == QLatin1String("record"))
        return &w.steps.front();
    for (const Step &s : w.steps) {
        if (s.outcome == QLatin1String("record") && s.domain == w.organizationalDomain)
            return &s;
    }
    if (!w.steps.isEmpty() && w.steps.back().outcome == QLatin1String("record")
        && w.steps.back().psd == QLatin1String("y"))
        return &w.steps.back();
    return nullptr;
}

void readRfc9989(Walker &walker, Lookup &out)
{
    Reading r;
    r.name = QStringLiteral("RFC 9989");
    out.walk = walker.walk(out.domain);
    out.discovery = out.walk.steps;
    r.organizationalDomain = out.walk.organizationalDomain;
    const Step *found = policyStep(out.walk);
    if (!found && out.walk.failed()) {
        r.status = Status::TempError;
        r.why = QStringLiteral("the tree walk stopped at a DNS failure (%1); which policy "
                               "applies is unknown")
                    .arg(out.walk.error);
    } else if (!found) {
        r.status = Status::None;
        r.policy = QStringLiteral("none");
        r.why = QStringLiteral("the tree walk from %1 found no DMARC record that applies: no "
                               "DMARC policy applies")
                    .arg(out.domain);
    } else {
        r.status = Status::Found;
        r.foundAt = found->domain;
        r.record = found->record;
        out.record9989 = parseRecord(found->record);
        r.strictSpf = out.record9989.strictSpf;
        r.strictDkim = out.record9989.strictDkim;
        fillRfc9989(walker, out, r, out.record9989);
        if (out.walk.failed())
            r.why += QStringLiteral("; the organizational domain is unknown: the walk stopped at "
                                    "a DNS failure (%1)")
                         .arg(out.walk.error);
    }
    out.readings.prepend(r);
}

} // namespace

Lookup discover(Walker &walker, const QString &fromDomain)
{
    Lookup out;
    out.domain = Net::canonicalName(fromDomain);
    out.organizationalDomain = Net::registrableDomain(out.domain);
    out.policy = QStringLiteral("none");
    readRfc9989(walker, out);
    readRfc7489(walker, out);
    out.evidence = walker.evidence();
    return out;
}

Lookup discover(Dns::Resolver &resolver, const QString &fromDomain)
{
    Walker walker(resolver);
    return discover(walker, fromDomain);
}

} // namespace Dmarc
