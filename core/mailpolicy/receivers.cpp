#include "mailpolicy/receivers.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "common/netutil.h"
#include "common/resources.h"

namespace MailPolicy {

namespace {

struct Catalogue
{
    QList<Receiver> receivers;
    QString error;
};

std::optional<Reply> readReply(const QJsonObject &o)
{
    if (o.isEmpty())
        return std::nullopt;
    return Reply {o.value(QLatin1String("smtp")).toString(),
        o.value(QLatin1String("code")).toString(), o.value(QLatin1String("text")).toString(),
        o.value(QLatin1String("note")).toString()};
}

Rule readRule(const QJsonObject &o)
{
    return Rule {o.value(QLatin1String("id")).toString(),
        o.value(QLatin1String("check")).toString(), o.value(QLatin1String("title")).toString(),
        o.value(QLatin1String("what")).toString(), o.value(QLatin1String("date")).toString(),
        o.value(QLatin1String("source")).toString(),
        readReply(o.value(QLatin1String("reply")).toObject())};
}

QString ruleProblem(const Receiver &r, const Rule &rule)
{
    static const QStringList checks {QStringLiteral("spf"), QStringLiteral("dkim"),
        QStringLiteral("spf-and-dkim"), QStringLiteral("dmarc"), QStringLiteral("ptr"),
        QStringLiteral("none")};
    if (!checks.contains(rule.check))
        return QStringLiteral("%1's %2 names an unknown check '%3'").arg(r.id, rule.id, rule.check);
    if (rule.id.isEmpty() || rule.date.isEmpty() || rule.source.isEmpty() || rule.what.isEmpty())
        return QStringLiteral("%1's %2 lacks its id, date, source or description")
            .arg(r.id, rule.id);
    // A rule DNS can fail must say what the receiver replies then.
    if (rule.check != QLatin1String("none") && (!rule.reply || rule.reply->code.isEmpty()))
        return QStringLiteral("%1's %2 lacks the receiver's reply").arg(r.id, rule.id);
    return {};
}

Catalogue load()
{
    Catalogue c;
    const auto read = Resources::readCatalogue(
        QStringLiteral(":/sleuth/receivers.json"), QStringLiteral("the receivers catalogue"));
    if (!read) {
        c.error = read.error();
        return c;
    }
    const QJsonObject &root = *read;
    for (const QJsonValue &v : root.value(QLatin1String("receivers")).toArray()) {
        const QJsonObject o = v.toObject();
        Receiver r {o.value(QLatin1String("id")).toString(),
            o.value(QLatin1String("name")).toString(), o.value(QLatin1String("scope")).toString(),
            o.value(QLatin1String("date")).toString(),
            o.value(QLatin1String("enforcement")).toString(),
            o.value(QLatin1String("source")).toString(),
            o.value(QLatin1String("replies_source")).toString(), {}};
        for (const QJsonValue &rv : o.value(QLatin1String("requirements")).toArray()) {
            r.rules << readRule(rv.toObject());
            if (const QString problem = ruleProblem(r, r.rules.last()); !problem.isEmpty())
                c.error = problem;
        }
        c.receivers << r;
    }
    if (c.receivers.isEmpty() && c.error.isEmpty())
        c.error = QStringLiteral("the receivers catalogue lists no receiver");
    return c;
}

const Catalogue &catalogue()
{
    static const Catalogue c = load();
    return c;
}

Outcome unknown(const QString &why, bool dnsFailure)
{
    return Outcome {Status::Unknown, why, dnsFailure};
}

bool strongKey(const Dkim::KeyCheck &key)
{
    // RFC 8301 §3.2: RSA keys of at least 1024 bits; Ed25519 (RFC 8463) keys are 256 bits.
    return key.keyType == QLatin1String("ed25519") || key.bits >= 1024;
}

QString keyWords(const Dkim::KeyCheck &key)
{
    if (key.keyType == QLatin1String("ed25519"))
        return QStringLiteral("Ed25519");
    return QStringLiteral("%1-bit %2").arg(key.bits).arg(key.keyType.toUpper());
}

// Why a selector the user or a signature named gives no usable key; empty when it does.
QString namedSelectorProblem(const KeyProbe &p)
{
    using S = Dkim::KeyCheck::Status;
    switch (p.key.status) {
    case S::Found:
        return strongKey(p.key) ? QString()
                                : QStringLiteral("the key at %1 is a %2 key (at least 1024 bits "
                                                 "are required)")
                                      .arg(p.key.name, keyWords(p.key));
    case S::Missing:
        return QStringLiteral("no key at %1").arg(p.key.name);
    case S::Revoked:
        return QStringLiteral("the key at %1 is revoked (p= is empty)").arg(p.key.name);
    case S::Invalid:
        return QStringLiteral("the record at %1 is not a usable key%2")
            .arg(p.key.name,
                p.key.problems.isEmpty() ? QString()
                                         : QStringLiteral(": ") + p.key.problems.first().message);
    case S::TempError:
        break;
    }
    return {};
}

Outcome combine(const Outcome &a, const Outcome &b)
{
    if (a.status == Status::Fail || b.status == Status::Fail) {
        QStringList why;
        for (const Outcome *o : {&a, &b}) {
            if (o->status == Status::Fail)
                why << o->why;
        }
        return Outcome {Status::Fail, why.join(QStringLiteral("; ")), false};
    }
    if (a.status == Status::Unknown || b.status == Status::Unknown) {
        const Outcome &u = a.status == Status::Unknown ? a : b;
        return unknown(u.why, a.dnsFailure || b.dnsFailure);
    }
    return Outcome {Status::Pass, a.why + QStringLiteral("; ") + b.why, false};
}

Outcome outcomeFor(const QString &check, const Checks &checks)
{
    if (check == QLatin1String("spf"))
        return checks.spf;
    if (check == QLatin1String("dkim"))
        return checks.dkim;
    if (check == QLatin1String("spf-and-dkim"))
        return combine(checks.spf, checks.dkim);
    if (check == QLatin1String("dmarc"))
        return checks.dmarc;
    return checks.ptr;
}

} // namespace

QString statusName(Status status)
{
    switch (status) {
    case Status::Pass:
        return QStringLiteral("pass");
    case Status::Fail:
        return QStringLiteral("fail");
    case Status::Unknown:
        return QStringLiteral("unknown");
    case Status::NotCheckable:
        break;
    }
    return QStringLiteral("not-checkable");
}

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Meets:
        return QStringLiteral("meets");
    case Verdict::Fails:
        return QStringLiteral("fails");
    case Verdict::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString Reply::line() const
{
    return QStringList {smtp, code, text}.join(QLatin1Char(' ')).trimmed();
}

QList<Receiver> receivers()
{
    return catalogue().receivers;
}

QString receiverCatalogueError()
{
    return catalogue().error;
}

bool Report::dnsFailure() const
{
    for (const Outcome *o : {&checks.spf, &checks.dkim, &checks.dmarc, &checks.ptr}) {
        if (o->status == Status::Unknown && o->dnsFailure)
            return true;
    }
    return false;
}

bool Report::anyFails() const
{
    for (const ReceiverResult &r : receivers) {
        if (r.verdict == Verdict::Fails)
            return true;
    }
    return false;
}

int Report::queries() const
{
    qsizetype n = dmarc ? dmarc->evidence.size() : 0;
    for (const KeyProbe &p : dkim.probes)
        n += p.key.evidence.size();
    if (reverse && reverseAskedHere)
        n += reverse->exchanges.size();
    return int(n);
}

bool Report::allMeet() const
{
    for (const ReceiverResult &r : receivers) {
        if (r.verdict != Verdict::Meets)
            return false;
    }
    return !receivers.isEmpty();
}

Outcome spfOutcome(const Spf::Audit *audit, const Spf::Evaluation *evaluation, bool haveIp)
{
    if (!audit || audit->trace.nodes.isEmpty())
        return unknown(QStringLiteral("the SPF record was not read"), false);
    const Spf::TraceNode &root = audit->trace.nodes.first();
    if (root.hasResult && root.result == Spf::Result::None)
        return Outcome {Status::Fail,
            QStringLiteral("%1 publishes no SPF record%2")
                .arg(audit->domain,
                    root.message.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(root.message)),
            false};
    if (root.hasResult && root.result == Spf::Result::TempError)
        return unknown(
            QStringLiteral("the SPF record could not be read: %1").arg(root.message), true);
    if (root.hasResult && root.result == Spf::Result::PermError)
        return Outcome {Status::Fail,
            QStringLiteral("the SPF record is broken (permerror): %1").arg(root.message), false};
    // RFC 7208 §4.6.4: more than 10 DNS-querying terms is a permerror at every receiver.
    if (audit->lookups > audit->trace.maxLookups)
        return Outcome {Status::Fail,
            QStringLiteral("the SPF tree needs %1 DNS lookups, over the limit of %2: receivers "
                           "return permerror")
                .arg(audit->lookups)
                .arg(audit->trace.maxLookups),
            false};
    if (!haveIp)
        return unknown(QStringLiteral("the SPF record is valid; give the sending IP (--ip) to "
                                      "test whether it passes for it"),
            false);
    if (!evaluation)
        return unknown(QStringLiteral("SPF was not tested for the sending IP"), false);
    const QString result = Spf::resultName(evaluation->result);
    switch (evaluation->result) {
    case Spf::Result::Pass:
        return Outcome {Status::Pass,
            QStringLiteral("SPF passes for %1: %2").arg(evaluation->ip, evaluation->reason), false};
    case Spf::Result::TempError:
        return unknown(QStringLiteral("SPF could not be decided for %1 (temperror): %2")
                           .arg(evaluation->ip, evaluation->reason),
            true);
    default:
        break;
    }
    return Outcome {Status::Fail,
        QStringLiteral("SPF gives %1 for %2: %3").arg(result, evaluation->ip, evaluation->reason),
        false};
}

Outcome dkimOutcome(const KeyDiscovery &keys)
{
    QStringList fails;
    QStringList good;
    int tempErrors = 0;
    bool namedTempError = false;
    for (const KeyProbe &p : keys.probes) {
        const bool named = p.origin != SelectorOrigin::Guess;
        if (p.key.status == Dkim::KeyCheck::Status::TempError) {
            ++tempErrors;
            namedTempError = namedTempError || named;
            continue;
        }
        const QString problem = namedSelectorProblem(p);
        // A guess that finds nothing (or a revoked leftover) says nothing; a weak key found
        // there is published, and receivers would refuse it.
        const bool weakFound = p.key.status == Dkim::KeyCheck::Status::Found && !problem.isEmpty();
        if (!problem.isEmpty() && (named || weakFound))
            fails << problem;
        else if (p.key.status == Dkim::KeyCheck::Status::Found)
            good << QStringLiteral("%1 (%2)").arg(p.selector, keyWords(p.key));
    }
    if (!fails.isEmpty())
        return Outcome {Status::Fail, fails.join(QStringLiteral("; ")), false};
    // Guesses left unasked after a DNS failure: said, never taken as "no key there".
    const QString notTried = keys.notTried.isEmpty()
        ? QString()
        : QStringLiteral("; %1 common selector%2 not tried after a DNS failure")
              .arg(keys.notTried.size())
              .arg(keys.notTried.size() == 1 ? QString() : QStringLiteral("s"));
    if (namedTempError)
        return unknown(
            QStringLiteral("a DKIM key could not be read (DNS failure)") + notTried, true);
    if (!good.isEmpty())
        return Outcome {Status::Pass,
            QStringLiteral("valid key at %1").arg(good.join(QStringLiteral(", "))), false};
    // Nothing answered at all: that is no "no key found".
    if (tempErrors > 0 && tempErrors == keys.probes.size())
        return unknown(QStringLiteral("the DKIM keys could not be read: DNS failed for every "
                                      "selector asked (%1)")
                           .arg(keys.tried().join(QStringLiteral(", ")))
                + notTried,
            true);
    QString why = QStringLiteral("no key found at the selectors tried (%1)")
                      .arg(keys.tried().join(QStringLiteral(", ")));
    if (tempErrors > 0)
        why += QStringLiteral("; %1 could not be read (DNS failure)").arg(tempErrors);
    why += notTried;
    why += QStringLiteral(": the domain may sign with another selector; give it (--dkim "
                          "SELECTOR), or paste a message's DKIM-Signature");
    return unknown(why, tempErrors > 0);
}

// The DMARC requirement as one reading's receivers see it (RFC 9989 or RFC 7489): a record that
// applies to the domain, with a policy of at least none, and an identifier that can align.
Outcome dmarcReadingOutcome(const QString &domain, const Dmarc::Reading &reading,
    const QString &message, const Outcome &spf, const Outcome &dkim)
{
    switch (reading.status) {
    case Dmarc::Status::TempError:
        return unknown(QStringLiteral("the DMARC record could not be read: %1").arg(message), true);
    case Dmarc::Status::None:
    case Dmarc::Status::Multiple:
        return Outcome {Status::Fail,
            message.isEmpty() ? QStringLiteral("no DMARC record at _dmarc.%1").arg(domain)
                              : message,
            false};
    case Dmarc::Status::Found:
        break;
    }
    if (reading.requested.isEmpty())
        return Outcome {Status::Fail,
            QStringLiteral("the DMARC record at _dmarc.%1 has no valid p= policy")
                .arg(reading.foundAt),
            false};
    const QString record
        = QStringLiteral("p=%1 at _dmarc.%2").arg(reading.requested, reading.foundAt);
    // The identifiers checked here are the domain itself: SPF for its own envelope, DKIM keys
    // under it (d= the domain), so they align under relaxed and strict alignment alike.
    const bool spfAligned = spf.status == Status::Pass;
    const bool dkimAligned = dkim.status == Status::Pass;
    if (spfAligned || dkimAligned)
        return Outcome {Status::Pass,
            QStringLiteral("%1; %2 with %3")
                .arg(record,
                    spfAligned && dkimAligned ? QStringLiteral("SPF and DKIM align")
                        : spfAligned          ? QStringLiteral("SPF aligns")
                                              : QStringLiteral("DKIM aligns"),
                    domain),
            false};
    if (spf.status == Status::Fail && dkim.status == Status::Fail)
        return Outcome {Status::Fail,
            QStringLiteral("%1, but neither SPF nor DKIM passes for %2: nothing can align")
                .arg(record, domain),
            false};
    return unknown(QStringLiteral("%1; alignment needs SPF or DKIM to pass, and that is not known")
                       .arg(record),
        spf.dnsFailure || dkim.dnsFailure);
}

// RFC 9989's reading decides (it is the RFC now); where RFC 7489 receivers would see it otherwise,
// the why says so instead of hiding it.
Outcome dmarcOutcome(const Dmarc::Lookup &lookup, const Outcome &spf, const Outcome &dkim)
{
    const Dmarc::Reading *current = nullptr;
    const Dmarc::Reading *older = nullptr;
    for (const Dmarc::Reading &r : lookup.readings) {
        if (r.name == QLatin1String("RFC 9989"))
            current = &r;
        else if (r.name == QLatin1String("RFC 7489"))
            older = &r;
    }
    if (!current || !older)
        return unknown(QStringLiteral("the DMARC record was not read"), false);
    const auto whyOf
        = [&lookup](const Dmarc::Reading &r) { return r.why.isEmpty() ? lookup.message : r.why; };
    Outcome out = dmarcReadingOutcome(lookup.domain, *current, whyOf(*current), spf, dkim);
    const Outcome old = dmarcReadingOutcome(lookup.domain, *older, whyOf(*older), spf, dkim);
    if (old.status != out.status)
        out.why = QStringLiteral("RFC 9989 receivers: %1. Receivers still reading RFC 7489 see "
                                 "otherwise: %2")
                      .arg(out.why, old.why);
    return out;
}

Outcome ptrOutcome(const Dns::ReverseResult *reverse)
{
    if (!reverse)
        return unknown(
            QStringLiteral("give the sending IP (--ip) to check its reverse DNS"), false);
    if (!reverse->ptrAnswer)
        return unknown(QStringLiteral("the PTR record of %1 could not be read: %2")
                           .arg(reverse->ip, reverse->ptrAnswer.error().message),
            true);
    if (reverse->names.isEmpty())
        return Outcome {Status::Fail,
            QStringLiteral("%1 has no PTR record (%2)").arg(reverse->ip, reverse->ptrName), false};
    QStringList unconfirmed;
    bool lookupFailed = false;
    for (const Dns::ReverseName &n : reverse->names) {
        if (n.confirmed)
            return Outcome {Status::Pass,
                QStringLiteral("%1 has the PTR name %2, which resolves back to it")
                    .arg(reverse->ip, n.name),
                false};
        lookupFailed = lookupFailed || !n.error.isEmpty();
        unconfirmed << QStringLiteral("%1 (%2)").arg(n.name,
            !n.error.isEmpty()          ? n.error
                : n.addresses.isEmpty() ? QStringLiteral("no address")
                                        : n.addresses.join(QStringLiteral(", ")));
    }
    if (lookupFailed)
        return unknown(QStringLiteral("the PTR name of %1 could not be confirmed: %2")
                           .arg(reverse->ip, unconfirmed.join(QStringLiteral("; "))),
            true);
    return Outcome {Status::Fail,
        QStringLiteral("the PTR name of %1 does not resolve back to it: %2")
            .arg(reverse->ip, unconfirmed.join(QStringLiteral("; "))),
        false};
}

QList<ReceiverResult> judge(const Checks &checks, const QString &domain, const QString &ip)
{
    QList<ReceiverResult> out;
    for (const Receiver &receiver : receivers()) {
        ReceiverResult r;
        r.receiver = receiver;
        r.receiver.rules.clear();
        bool failed = false;
        bool unsure = false;
        for (const Rule &rule : receiver.rules) {
            RequirementResult req {rule, Status::NotCheckable,
                QStringLiteral("not checkable here (%1)").arg(rule.title), {}};
            if (rule.check != QLatin1String("none")) {
                const Outcome o = outcomeFor(rule.check, checks);
                req.status = o.status;
                req.why = o.why;
            }
            if (req.status == Status::Fail && rule.reply) {
                req.reply = rule.reply->line()
                                .replace(QLatin1String("[SendingDomain]"), domain)
                                .replace(QLatin1String("[IP]"),
                                    ip.isEmpty() ? QStringLiteral("[IP]") : ip);
            }
            failed = failed || req.status == Status::Fail;
            unsure = unsure || req.status == Status::Unknown;
            r.requirements << req;
        }
        r.verdict = failed ? Verdict::Fails : unsure ? Verdict::Unknown : Verdict::Meets;
        out << r;
    }
    return out;
}

Report check(Dns::Resolver &resolver, const Inputs &inputs, const Work::Cancel &cancel)
{
    Report report;
    report.domain = inputs.domain;
    report.ip = inputs.ip ? Net::ipToString(*inputs.ip) : QString();
    report.helo = inputs.helo;
    if (inputs.reverse)
        report.reverse = *inputs.reverse;
    {
        // The independent questions at once: the DMARC record, the DKIM keys (themselves asked
        // side by side), the reverse lookup when not made yet.
        Work::Crew crew(3, cancel);
        crew.add([&] { report.dmarc = Dmarc::discover(resolver, inputs.domain); });
        crew.add([&] {
            report.dkim = discoverKeys(
                resolver, inputs.domain, inputs.selectors, inputs.signatureSelectors, cancel);
        });
        if (inputs.ip && !inputs.reverse) {
            report.reverseAskedHere = true;
            crew.add([&] { report.reverse = Dns::reverseLookup(resolver, *inputs.ip); });
        }
        crew.wait();
    }
    report.cancelled = cancel.requested();
    Checks &c = report.checks;
    c.spf = spfOutcome(inputs.audit, inputs.evaluation, inputs.ip.has_value());
    c.dkim = dkimOutcome(report.dkim);
    c.dmarc = report.dmarc ? dmarcOutcome(*report.dmarc, c.spf, c.dkim)
                           : unknown(QStringLiteral("the DMARC record was not read"), false);
    c.ptr = ptrOutcome(report.reverse ? &*report.reverse : nullptr);
    report.receivers = judge(c, report.domain, report.ip);
    return report;
}

namespace {

QJsonObject outcomeJson(const Outcome &o)
{
    return QJsonObject {{QStringLiteral("status"), statusName(o.status)},
        {QStringLiteral("why"), o.why}, {QStringLiteral("dns_failure"), o.dnsFailure}};
}

QJsonObject requirementJson(const RequirementResult &req)
{
    QJsonObject o {{QStringLiteral("id"), req.rule.id},
        {QStringLiteral("status"), statusName(req.status)}, {QStringLiteral("why"), req.why},
        {QStringLiteral("title"), req.rule.title}, {QStringLiteral("date"), req.rule.date},
        {QStringLiteral("source"), req.rule.source}};
    // The reply only where the rule fails: what the receiver would answer.
    const bool replies = req.status == Status::Fail && req.rule.reply;
    o.insert(QStringLiteral("reply"), replies ? QJsonValue(req.reply) : QJsonValue());
    if (replies) {
        o.insert(QStringLiteral("reply_code"), req.rule.reply->code);
        if (!req.rule.reply->note.isEmpty())
            o.insert(QStringLiteral("reply_note"), req.rule.reply->note);
    }
    return o;
}

QJsonArray keysJson(const KeyDiscovery &keys)
{
    QJsonArray out;
    for (const KeyProbe &p : keys.probes) {
        QJsonObject o {{QStringLiteral("selector"), p.selector},
            {QStringLiteral("origin"), originName(p.origin)}, {QStringLiteral("name"), p.key.name},
            {QStringLiteral("status"), Dkim::statusName(p.key.status)}};
        if (!p.provider.isEmpty())
            o.insert(QStringLiteral("provider"), p.provider);
        if (p.key.status == Dkim::KeyCheck::Status::Found) {
            o.insert(QStringLiteral("key_type"), p.key.keyType);
            o.insert(QStringLiteral("bits"), p.key.bits);
        }
        out << o;
    }
    return out;
}

} // namespace

QJsonObject toJson(const Report &report)
{
    QJsonArray receiversJson;
    for (const ReceiverResult &r : report.receivers) {
        QJsonArray reqs;
        for (const RequirementResult &req : r.requirements)
            reqs << requirementJson(req);
        receiversJson << QJsonObject {{QStringLiteral("id"), r.receiver.id},
            {QStringLiteral("name"), r.receiver.name},
            {QStringLiteral("verdict"), verdictName(r.verdict)},
            {QStringLiteral("scope"), r.receiver.scope}, {QStringLiteral("date"), r.receiver.date},
            {QStringLiteral("enforcement"), r.receiver.enforcement},
            {QStringLiteral("source"), r.receiver.source}, {QStringLiteral("requirements"), reqs}};
    }
    QJsonArray tried;
    for (const QString &s : report.dkim.tried())
        tried << s;
    QJsonArray notTried;
    for (const QString &s : report.dkim.notTried)
        notTried << s;
    QJsonArray unguessable;
    for (const QString &s : unguessableProviders())
        unguessable << s;
    return QJsonObject {{QStringLiteral("domain"), report.domain},
        {QStringLiteral("ip"), report.ip.isEmpty() ? QJsonValue() : QJsonValue(report.ip)},
        {QStringLiteral("helo"), report.helo.isEmpty() ? QJsonValue() : QJsonValue(report.helo)},
        {QStringLiteral("checks"),
            QJsonObject {{QStringLiteral("spf"), outcomeJson(report.checks.spf)},
                {QStringLiteral("dkim"), outcomeJson(report.checks.dkim)},
                {QStringLiteral("dmarc"), outcomeJson(report.checks.dmarc)},
                {QStringLiteral("ptr"), outcomeJson(report.checks.ptr)}}},
        {QStringLiteral("dkim_selectors_tried"), tried},
        {QStringLiteral("dkim_selectors_not_tried"), notTried},
        {QStringLiteral("dkim_keys"), keysJson(report.dkim)},
        {QStringLiteral("unguessable_selectors"), unguessable},
        {QStringLiteral("receivers"), receiversJson}};
}

} // namespace MailPolicy
