#include "paste/bounce.h"

#include <QJsonArray>
#include <QSet>

#include "common/netutil.h"
#include "paste/reasons.h"
#include "spf/spfjson.h"

namespace Bounce {

namespace {

QString domainOf(const QString &addressOrDomain)
{
    return Net::canonicalName(Net::domainOfAddress(addressOrDomain));
}

// The receiver's dkim= verdict for signatures by `domain`; else what an intermediary recorded
// in ARC-Authentication-Results; "" when the paste has neither.
QString dkimVerdict(const Paste::Analysis &a, const QString &domain)
{
    for (const bool arc : {false, true}) {
        for (const Paste::AuthResult &r : a.authResults) {
            if (r.method != QLatin1String("dkim") || r.arc != arc)
                continue;
            QString d = r.properties.value(QStringLiteral("header.d"));
            if (d.isEmpty())
                d = Net::domainOfAddress(r.properties.value(QStringLiteral("header.i")));
            if (Net::canonicalName(d) == domain)
                return r.result;
        }
    }
    return {};
}

// The policy the receiver's own dmarc= result names: "dmarc=fail (p=REJECT sp=NONE ...)".
QString policyInVerdicts(const Paste::Analysis &a)
{
    for (const Paste::AuthResult &r : a.authResults) {
        if (r.method != QLatin1String("dmarc"))
            continue;
        const QString comment = r.properties.value(QStringLiteral("comment")).toLower();
        const qsizetype at = comment.indexOf(QLatin1String("p="));
        if (at >= 0)
            return comment.mid(at + 2).section(QLatin1Char(' '), 0, 0);
    }
    return {};
}

// What DMARC's verdict needs beside the finding itself: the alignment modes of the From:
// domain's record and who signed the message.
struct Alignment
{
    bool strictSpf = false; // aspf=s
    bool strictDkim = false; // adkim=s
    QString alignedBy; // the d= of the aligned signature whose verdict counts
    QStringList otherSigners; // the d= of the signatures that do not align, each once
};

bool lookupIs(const DmarcFinding &f, Dmarc::Lookup::Status status)
{
    return f.lookup && f.lookup->status == status;
}

// An aligned identifier passed: SPF's or DKIM's.
bool alignedPass(const DmarcFinding &f)
{
    return (f.spfAligned && f.spfResult == QLatin1String("pass"))
        || (f.dkimAligned && f.dkimResult == QLatin1String("pass"));
}

// A signature aligns, but the paste does not show whether it verified.
bool dkimUnknown(const DmarcFinding &f)
{
    return f.dkimAligned && f.dkimResult.isEmpty();
}

// The From: domain's policy and alignment modes: its DMARC record when DNS may be asked, else
// the policy the receiver's verdict names.
void readPolicy(DmarcFinding &f, const Paste::Analysis &a, Dmarc::Walker *walker, Alignment &al)
{
    if (walker) {
        f.lookup = Dmarc::discover(*walker, f.fromDomain);
        if (f.lookup->status == Dmarc::Lookup::Status::Found) {
            al.strictSpf = f.lookup->record.strictSpf;
            al.strictDkim = f.lookup->record.strictDkim;
            f.policy = f.lookup->policy;
        } else if (f.lookup->status == Dmarc::Lookup::Status::None) {
            f.policy = QStringLiteral("none");
        }
    } else {
        f.policy = policyInVerdicts(a);
    }
}

// SPF's identity (the envelope sender's domain, or the HELO name for a null sender) and its
// result: the receiver's verdict, else what its reply says, else today's check.
void readSpf(Diagnosis &d)
{
    const Paste::Analysis &a = d.paste;
    DmarcFinding &f = d.dmarc;
    const QString sender = a.envelopeSender ? a.envelopeSender->value : QString();
    f.spfDomain = !sender.isEmpty()                             ? domainOf(sender)
        : a.helo && !a.helo->value.startsWith(QLatin1Char('[')) ? Net::canonicalName(a.helo->value)
                                                                : QString();
    for (const Paste::Verdict &v : a.verdicts) {
        if (!v.result.isEmpty()) {
            f.spfResult = v.result;
            break;
        }
    }
    if (f.spfResult.isEmpty() && Paste::isSpfReason(a.reason))
        f.spfResult = a.reason == QLatin1String("spf-fail") ? QStringLiteral("fail")
                                                            : a.reason.mid(4); // the reply says
    if (f.spfResult.isEmpty() && d.spf)
        f.spfResult = Spf::resultName(d.spf->result);
}

// Which signatures align with From:, and the DKIM result that counts: the first aligned
// signature's, replaced by a later aligned one's verdict while it is not a pass.
void alignSignatures(Diagnosis &d, Alignment &al)
{
    DmarcFinding &f = d.dmarc;
    for (SignatureFinding &s : d.signatures) {
        s.aligned = Dmarc::aligned(s.signature.domain, f.fromDomain, al.strictDkim);
        if (s.aligned && !f.dkimAligned) {
            f.dkimAligned = true;
            al.alignedBy = s.signature.domain;
            f.dkimResult = s.verdict;
        } else if (s.aligned && f.dkimResult != QLatin1String("pass") && !s.verdict.isEmpty()) {
            f.dkimResult = s.verdict;
            al.alignedBy = s.signature.domain;
        } else if (!s.aligned && !al.otherSigners.contains(s.signature.domain)) {
            al.otherSigners << s.signature.domain;
        }
    }
}

// The conclusion's first clause: what SPF gives and whether it aligns with From:.
QString spfPart(const DmarcFinding &f)
{
    QString part;
    const QString spfResult = f.spfResult.isEmpty() ? QStringLiteral("unknown") : f.spfResult;
    if (f.spfDomain.isEmpty())
        part = QStringLiteral("SPF has no domain to check (a null sender and no HELO name)");
    else if (f.spfResult == QLatin1String("pass"))
        part = QStringLiteral("SPF passes for %1").arg(f.spfDomain);
    else if (f.spfResult.isEmpty())
        part = QStringLiteral("SPF's result for %1 is not in the paste").arg(f.spfDomain);
    else
        part = QStringLiteral("SPF gives %1 for %2").arg(spfResult, f.spfDomain);
    if (!f.spfDomain.isEmpty())
        part += f.spfAligned
            ? QStringLiteral(" (aligned with From: %1)").arg(f.fromDomain)
            : QStringLiteral("%1 that is not aligned with From: %2")
                  .arg(f.spfResult == QLatin1String("pass") ? QStringLiteral(", but")
                          : f.spfResult.isEmpty() ? QStringLiteral(", but whatever it is,")
                                                  : QStringLiteral(", and"),
                      f.fromDomain);
    return part;
}

// The second clause: whether a DKIM signature aligns and what it gave.
QString dkimPart(const Diagnosis &d, const Alignment &al)
{
    const DmarcFinding &f = d.dmarc;
    if (d.signatures.isEmpty())
        return QStringLiteral("the message carries no DKIM signature");
    if (!f.dkimAligned)
        return QStringLiteral("no DKIM signature aligns (signed by %1)")
            .arg(al.otherSigners.join(QStringLiteral(", ")));
    if (f.dkimResult == QLatin1String("pass"))
        return QStringLiteral("the DKIM signature of %1 aligns and passed").arg(al.alignedBy);
    if (!f.dkimResult.isEmpty())
        return QStringLiteral("the DKIM signature of %1 aligns but gave %2")
            .arg(al.alignedBy, f.dkimResult);
    return QStringLiteral("the DKIM signature of %1 aligns (the receiver's verdict on it is not "
                          "in the paste)")
        .arg(al.alignedBy);
}

// The last clause: whether DMARC passes and whether the policy applies.
QString outcome(const DmarcFinding &f)
{
    const QString policy
        = f.policy.isEmpty() ? QStringLiteral("its policy") : QStringLiteral("p=") + f.policy;
    if (lookupIs(f, Dmarc::Lookup::Status::None))
        return QStringLiteral("%1 publishes no DMARC record, so no DMARC policy applies")
            .arg(f.fromDomain);
    if (alignedPass(f))
        return QStringLiteral("so DMARC passes and %1 does not apply").arg(policy);
    if (f.spfResult.isEmpty() && f.spfAligned && !dkimUnknown(f))
        return QStringLiteral("so DMARC's result depends on SPF's, which is not known here");
    if (dkimUnknown(f))
        return QStringLiteral("so DMARC passes only if that signature verified; if it did not, "
                              "%1 applies")
            .arg(policy);
    return QStringLiteral("so DMARC fails and %1 applies").arg(policy);
}

// What fixes it, from what the paste shows (never a record: the choices and what each does).
// A forwarded message is fixed where the forwarding is (diagnose), never by widening the
// sender's SPF record to the forwarder.
void proposeFix(Diagnosis &d, const Alignment &al)
{
    DmarcFinding &f = d.dmarc;
    const bool fails = !alignedPass(f) && !dkimUnknown(f) && !d.forwarded
        && !lookupIs(f, Dmarc::Lookup::Status::None);
    if (fails && !f.spfAligned && !f.spfDomain.isEmpty()) {
        QStringList choices;
        choices << QStringLiteral("have the service that sends as %1 use an envelope sender "
                                  "(Return-Path) %2 %1 whose SPF record authorizes it, so SPF "
                                  "aligns")
                       .arg(f.fromDomain,
                           al.strictSpf ? QStringLiteral("at exactly (aspf=s)")
                                        : QStringLiteral("under"));
        choices << (al.otherSigners.isEmpty()
                ? QStringLiteral("sign the mail with DKIM as d=%1").arg(f.fromDomain)
                : QStringLiteral("have %1 sign with d=%2%3 instead, so DKIM aligns")
                      .arg(al.otherSigners.join(QStringLiteral(", ")), f.fromDomain,
                          al.strictDkim ? QStringLiteral(" (exactly: adkim=s)")
                                        : QStringLiteral(" (or a subdomain of it)")));
        f.fix = QStringLiteral("To fix it, either %1.").arg(choices.join(QStringLiteral("; or ")));
    } else if (fails && f.spfAligned && f.spfResult != QLatin1String("pass")) {
        f.fix = QStringLiteral("To fix it, make SPF pass for %1 (its record must authorize the "
                               "sending IP; see the SPF findings), or sign with DKIM as d=%2.")
                    .arg(f.spfDomain, f.fromDomain);
    }
}

// Whether `identifier` aligns with From: under RFC 9989 (organizational domains by the tree walk).
bool alignedByWalk(Dmarc::Walker &walker, const QString &identifier, const QString &from,
    bool strict, const QString &fromOrg)
{
    if (identifier.isEmpty())
        return false;
    if (strict || Net::canonicalName(identifier) == from)
        return Dmarc::aligned(identifier, from, strict);
    return Dmarc::aligned(
        identifier, from, false, walker.walk(identifier).organizationalDomain, fromOrg);
}

QString readingText(const DmarcFinding &f, const DmarcReading &r)
{
    const bool pass = (r.spfAligned && f.spfResult == QLatin1String("pass"))
        || (r.dkimAligned && f.dkimResult == QLatin1String("pass"));
    return QStringLiteral("%1 receivers: organizational domain %2, policy %3, SPF %4, DKIM %5%6")
        .arg(r.name,
            r.organizationalDomain.isEmpty() ? QStringLiteral("unknown") : r.organizationalDomain,
            r.policy.isEmpty() ? QStringLiteral("unknown") : r.policy,
            r.spfAligned ? QStringLiteral("aligned") : QStringLiteral("not aligned"),
            r.dkimAligned ? QStringLiteral("aligned") : QStringLiteral("not aligned"),
            pass ? QStringLiteral(", so DMARC passes") : QString());
}

// Both readings of the From domain's DMARC, each with its own alignment; a note when they differ.
void compareReadings(Diagnosis &d, Dmarc::Walker &walker)
{
    DmarcFinding &f = d.dmarc;
    if (!f.lookup || f.lookup->readings.size() != 2)
        return;
    const bool noneEither = f.lookup->readings[0].status == Dmarc::Status::None
        && f.lookup->readings[1].status == Dmarc::Status::None;
    for (const Dmarc::Reading &r : f.lookup->readings) {
        DmarcReading out {r.name, r.organizationalDomain, r.policy, false, false, r.why};
        if (r.name == QLatin1String("RFC 7489")) {
            out.spfAligned = f.spfAligned;
            out.dkimAligned = f.dkimAligned;
        } else {
            out.spfAligned = alignedByWalk(
                walker, f.spfDomain, f.fromDomain, r.strictSpf, r.organizationalDomain);
            for (const SignatureFinding &s : std::as_const(d.signatures))
                out.dkimAligned = out.dkimAligned
                    || alignedByWalk(walker, Net::canonicalName(s.signature.domain), f.fromDomain,
                        r.strictDkim, r.organizationalDomain);
        }
        f.readings << out;
    }
    const DmarcReading &a = f.readings[0];
    const DmarcReading &b = f.readings[1];
    f.readingsDiffer = !noneEither
        && (a.organizationalDomain != b.organizationalDomain || a.policy != b.policy
            || a.spfAligned != b.spfAligned || a.dkimAligned != b.dkimAligned);
    if (f.readingsDiffer)
        f.readingsNote = QStringLiteral("Receivers read %1's DMARC differently: %2 (%3); %4 (%5). "
                                        "The verdict above is the older receivers'.")
                             .arg(f.fromDomain, readingText(f, a), a.why, readingText(f, b), b.why);
}

// DMARC for the From: domain: its policy, SPF's and DKIM's alignment with it, one sentence that
// concludes and, when it fails, what fixes it.
void decideDmarc(Diagnosis &d, Dns::Resolver *resolver)
{
    const Paste::Analysis &a = d.paste;
    DmarcFinding &f = d.dmarc;
    if (!a.headerFrom) {
        f.conclusion = QStringLiteral("The paste shows no From: header, so DMARC alignment cannot "
                                      "be judged: paste the returned message's header too.");
        return;
    }
    f.fromDomain = domainOf(a.headerFrom->value);
    Alignment al;
    std::optional<Dmarc::Walker> walker;
    if (resolver)
        walker.emplace(*resolver);
    readPolicy(f, a, walker ? &*walker : nullptr, al);
    readSpf(d);
    f.spfAligned
        = !f.spfDomain.isEmpty() && Dmarc::aligned(f.spfDomain, f.fromDomain, al.strictSpf);
    alignSignatures(d, al);
    if (walker)
        compareReadings(d, *walker);

    if (lookupIs(f, Dmarc::Lookup::Status::TempError)) {
        f.conclusion = QStringLiteral("The DMARC record of %1 could not be read (%2), so which "
                                      "policy applies is unknown; this is not \"no record\".")
                           .arg(f.fromDomain, f.lookup->message);
        return;
    }
    if (lookupIs(f, Dmarc::Lookup::Status::Multiple)) {
        f.conclusion = QStringLiteral("%1 publishes more than one DMARC record, so receivers "
                                      "apply none (RFC 7489 §6.6.3): remove all but one.")
                           .arg(f.fromDomain);
        return;
    }
    f.conclusion = QStringLiteral("%1, and %2, %3.").arg(spfPart(f), dkimPart(d, al), outcome(f));
    proposeFix(d, al);
    if (lookupIs(f, Dmarc::Lookup::Status::Found) && f.lookup->record.pct < 100)
        f.conclusion += QStringLiteral(" (pct=%1: the policy is applied to that share of failing "
                                       "mail.)")
                            .arg(f.lookup->record.pct);
}

} // namespace

QString forwardingFix()
{
    return QStringLiteral(
        "What fixes it: the forwarder rewrites the envelope sender with SRS (SPF is then checked "
        "for the forwarder's domain); the original sender signs with DKIM aligned with its From: "
        "domain (DKIM survives forwarding); or the receiver trusts the forwarder's ARC seal. "
        "Adding the forwarder's IPs to the sender's SPF record is not the fix: it would let the "
        "forwarder send as the sender.");
}

Diagnosis diagnose(
    const Paste::Analysis &paste, Dns::Resolver *resolver, const Spf::Evaluation *known)
{
    Diagnosis d;
    d.paste = paste;
    d.dnsAsked = resolver != nullptr;
    const Paste::Analysis &a = d.paste;

    // SPF as it stands today, for the IP and identity the paste names.
    const auto ip = a.connectingIp ? Net::parseIp(a.connectingIp->value) : std::nullopt;
    // A domain alone (Microsoft's smtp.mailfrom) is postmaster@domain (Spf::identityOf).
    const QString sender = a.envelopeSender ? a.envelopeSender->value : QString();
    const QString helo
        = a.helo && !a.helo->value.startsWith(QLatin1Char('[')) ? a.helo->value : QString();
    if (!resolver)
        d.spfSkipped = QStringLiteral("no DNS asked (--no-dns)");
    else if (!ip)
        d.spfSkipped = QStringLiteral("the paste names no sending IP");
    else if (sender.isEmpty() && helo.isEmpty())
        d.spfSkipped = QStringLiteral("the paste names neither the envelope sender nor the HELO");
    else if (const QString identity = Spf::identityOf(sender, helo).sender(); known
             && known->ip == Net::ipToString(*ip)
             && known->sender.compare(identity, Qt::CaseInsensitive) == 0)
        d.spf = *known; // the same question, already answered
    else {
        Spf::Evaluator evaluator(*resolver);
        d.spf = evaluator.evaluate(
            Spf::CheckRequest {*ip, sender, helo, {}, QStringLiteral("unknown")});
    }

    // DKIM: every signature, and each distinct key once.
    QSet<QString> asked;
    for (const Paste::Signature &s : a.signatures) {
        SignatureFinding f;
        f.signature = s;
        f.verdict = dkimVerdict(a, Net::canonicalName(s.domain));
        const QString key = s.selector.toLower() + QLatin1Char('/') + s.domain;
        if (resolver && !s.selector.isEmpty() && !asked.contains(key) && asked.size() < 8) {
            asked.insert(key);
            f.key = Dkim::lookupKey(*resolver, s.domain, s.selector);
        }
        d.signatures << f;
    }
    d.forwarded = !a.forwarding.isEmpty();
    decideDmarc(d, resolver);
    if (d.forwarded) {
        const bool rewritten = a.envelopeSender && Paste::srsScheme(a.envelopeSender->value) >= 0;
        const QString from = d.dmarc.fromDomain.isEmpty() ? QStringLiteral("the From: domain")
                                                          : d.dmarc.fromDomain;
        if (!rewritten) {
            d.forwardingAdvice = QStringLiteral("The message was forwarded: the forwarder's "
                                                "server, not the original sender's, "
                                                "connected to the receiver, so the original "
                                                "sender's SPF cannot pass at the last "
                                                "hop. ")
                + forwardingFix();
        } else {
            d.forwardingAdvice = QStringLiteral(
                "The message was forwarded, and the forwarder rewrote the envelope sender (SRS): "
                "SPF was checked for the forwarder's domain, which cannot align with %1, so DMARC "
                "can pass only through an aligned DKIM signature that survives the forward. ")
                                     .arg(from);
            if (d.dmarc.dkimAligned && d.dmarc.dkimResult == QLatin1String("fail"))
                d.forwardingAdvice += QStringLiteral(
                    "The sender's aligned signature did not verify at the receiver, most often "
                    "because the forwarder changed the message (a mailing list's subject tag or "
                    "footer "
                    "does). What fixes it: the forwarder leaves signed messages unchanged, or "
                    "seals them with ARC and the receiver trusts that seal. ");
            else if (!d.dmarc.dkimAligned)
                d.forwardingAdvice += QStringLiteral(
                    "The message has no DKIM signature aligned with %1. What fixes it: the "
                    "original sender signs with d=%1 (DKIM survives forwarding), or the receiver "
                    "trusts the forwarder's ARC seal. ")
                                          .arg(from);
            d.forwardingAdvice += QStringLiteral(
                "Adding the forwarder's IPs to the sender's SPF record is not the fix: it would "
                "let the forwarder send as the sender.");
        }
    }

    // Why, in plain words: the cause, what decided it, then the evidence.
    if (!a.reason.isEmpty()) {
        const Paste::Reason r = Paste::reasonInfo(a.reason);
        d.why << QStringLiteral("%1 (%2).").arg(r.title, a.reasonBasis);
        if (d.forwarded) // the cause: the reason's own words would blame the sender's record
            d.why << d.forwardingAdvice;
        if (Paste::isAuthenticationReason(a.reason) && !d.dmarc.fromDomain.isEmpty())
            d.why << d.dmarc.conclusion;
        if (!d.forwarded)
            d.why << r.plain;
    } else {
        d.why << (a.replies.isEmpty()
                ? QStringLiteral("The paste holds no rejection reply; what it shows is below.")
                : QStringLiteral("The receiver's replies name no refusal."));
        if (!d.dmarc.fromDomain.isEmpty())
            d.why << d.dmarc.conclusion;
    }
    if (!d.dmarc.fix.isEmpty())
        d.why << d.dmarc.fix;
    if (d.dmarc.readingsDiffer)
        d.why << d.dmarc.readingsNote;
    if (d.spf) {
        QString reason = d.spf->reason;
        if (!reason.isEmpty() && !reason.endsWith(QLatin1Char('.')))
            reason += QLatin1Char('.');
        d.why << QStringLiteral("Checked now: SPF for %1 from %2 gives %3. %4")
                     .arg(d.spf->domain, d.spf->ip, Spf::resultName(d.spf->result), reason);
    }
    if (d.forwarded && a.reason.isEmpty())
        d.why << d.forwardingAdvice;
    QList<Dnsbl::Refusal> refusals; // the block lists a "blocklisted" refusal names, checked now
    for (const Paste::Reply &r : a.replies)
        if (r.reason == QLatin1String("blocklisted"))
            refusals << Dnsbl::Refusal {r.text, r.source.line};
    d.blocklist = Dnsbl::checkRefusals(
        refusals, a.connectingIp ? a.connectingIp->value : QString(), resolver);
    if (!d.blocklist.conclusion.isEmpty())
        d.why << d.blocklist.conclusion;
    for (const SignatureFinding &s : std::as_const(d.signatures)) {
        if (s.key && s.key->status != Dkim::KeyCheck::Status::Found && !s.key->problems.isEmpty())
            d.why << QStringLiteral("DKIM key %1: %2")
                         .arg(s.key->name, s.key->problems.front().message);
    }
    return d;
}

namespace {

QJsonValue valueJson(const std::optional<Paste::Value> &v)
{
    if (!v)
        return QJsonValue::Null;
    return QJsonObject {{QStringLiteral("value"), v->value},
        {QStringLiteral("line"), v->source.line}, {QStringLiteral("source"), v->source.field},
        {QStringLiteral("why"), v->note}};
}

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonArray readingsJson(const DmarcFinding &f)
{
    QJsonArray out;
    for (const DmarcReading &r : f.readings)
        out << QJsonObject {{QStringLiteral("name"), r.name},
            {QStringLiteral("organizational_domain"), orNull(r.organizationalDomain)},
            {QStringLiteral("policy"), orNull(r.policy)},
            {QStringLiteral("spf_aligned"), r.spfAligned},
            {QStringLiteral("dkim_aligned"), r.dkimAligned}, {QStringLiteral("why"), r.why}};
    return out;
}

// The refusing receiver's own verdicts, as its reply states them (Microsoft's 5.7.515).
QJsonValue receiverVerdictsJson(const std::optional<Paste::ReceiverVerdicts> &v)
{
    if (!v)
        return QJsonValue::Null;
    return QJsonObject {{QStringLiteral("spf"), orNull(v->spf)},
        {QStringLiteral("dkim"), orNull(v->dkim)}, {QStringLiteral("dmarc"), orNull(v->dmarc)},
        {QStringLiteral("source_line"), v->source.line},
        {QStringLiteral("text"), v->source.excerpt}};
}

} // namespace

QJsonObject toJson(const Diagnosis &d)
{
    const Paste::Analysis &a = d.paste;
    QJsonArray candidates;
    const auto addAll = [&](const char *kind, const QList<Paste::Candidate> &list,
                            const std::optional<Paste::Value> &chosen) {
        for (const Paste::Candidate &c : list)
            candidates << QJsonObject {{QStringLiteral("kind"), QLatin1String(kind)},
                {QStringLiteral("value"), c.value}, {QStringLiteral("line"), c.source.line},
                {QStringLiteral("source"), c.source.field}, {QStringLiteral("reason"), c.reason},
                {QStringLiteral("confidence"), c.confidence},
                {QStringLiteral("chosen"),
                    chosen && chosen->value == c.value && chosen->source.line == c.source.line}};
    };
    addAll("ip", a.ipCandidates, a.connectingIp);
    addAll("sender", a.senderCandidates, a.envelopeSender);
    addAll("helo", a.heloCandidates, a.helo);
    QJsonArray replies;
    for (const Paste::Reply &r : a.replies)
        replies << QJsonObject {{QStringLiteral("code"), r.code},
            {QStringLiteral("enhanced"), orNull(r.enhanced)}, {QStringLiteral("text"), r.text},
            {QStringLiteral("enhanced_source"), orNull(r.enhancedSource)},
            {QStringLiteral("line"), r.source.line}, {QStringLiteral("reason"), r.reason},
            {QStringLiteral("provider"), orNull(r.provider)},
            {QStringLiteral("meaning"), r.meaning}};
    QJsonArray groups;
    for (const Paste::DsnGroup &g : a.groups)
        groups << QJsonObject {{QStringLiteral("recipient"), orNull(g.recipient)},
            {QStringLiteral("original_recipient"), orNull(g.originalRecipient)},
            {QStringLiteral("action"), orNull(g.action)},
            {QStringLiteral("status"), orNull(g.status)},
            {QStringLiteral("remote_mta"), orNull(g.remoteMta)},
            {QStringLiteral("diagnostic"),
                g.diagnosticLine == 0 && g.diagnosticText.isEmpty()
                    ? QJsonValue(QJsonValue::Null)
                    : QJsonValue(QJsonObject {{QStringLiteral("type"), orNull(g.diagnosticType)},
                        {QStringLiteral("text"), g.diagnosticText},
                        {QStringLiteral("line"), g.diagnosticLine}})}};
    QJsonArray evidence;
    for (const Paste::ForwardingEvidence &e : a.forwardingEvidence)
        evidence << QJsonObject {{QStringLiteral("kind"), e.kind}, {QStringLiteral("line"), e.line},
            {QStringLiteral("text"), e.text}};
    // The documented vocabulary only (resources/bounce-reasons.json): "other" when nothing said.
    const QString reason = a.reason.isEmpty() ? QStringLiteral("other") : a.reason;
    const DmarcFinding &f = d.dmarc;
    const bool found = f.lookup && f.lookup->status == Dmarc::Lookup::Status::Found;
    QJsonObject dmarc {{QStringLiteral("from_domain"), orNull(f.fromDomain)},
        {QStringLiteral("status"),
            f.lookup ? QJsonValue(Dmarc::statusName(f.lookup->status))
                     : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("record"),
            found ? QJsonValue(f.lookup->record.text) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("domain"),
            found ? QJsonValue(f.lookup->foundAt) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("policy"), orNull(f.policy)},
        {QStringLiteral("spf_domain"), orNull(f.spfDomain)},
        {QStringLiteral("spf_result"), orNull(f.spfResult)},
        {QStringLiteral("spf_aligned"), f.spfAligned},
        {QStringLiteral("dkim_aligned"), f.dkimAligned},
        {QStringLiteral("dkim_result"), orNull(f.dkimResult)},
        {QStringLiteral("conclusion"), f.conclusion}, {QStringLiteral("fix"), orNull(f.fix)},
        {QStringLiteral("readings"), readingsJson(f)},
        {QStringLiteral("readings_differ"), f.readingsDiffer},
        {QStringLiteral("readings_note"), orNull(f.readingsNote)}};
    if (f.lookup) {
        const QJsonObject lookup = Dmarc::toJson(*f.lookup);
        dmarc.insert(QStringLiteral("diagnostics"), lookup.value(QLatin1String("diagnostics")));
        dmarc.insert(QStringLiteral("message"), lookup.value(QLatin1String("message")));
    }
    QJsonArray dkim;
    for (const SignatureFinding &s : d.signatures) {
        QJsonObject o {{QStringLiteral("domain"), s.signature.domain},
            {QStringLiteral("selector"), s.signature.selector},
            {QStringLiteral("algorithm"), orNull(s.signature.algorithm)},
            {QStringLiteral("line"), s.signature.source.line},
            {QStringLiteral("aligned"), s.aligned}, {QStringLiteral("verdict"), orNull(s.verdict)}};
        if (s.key) {
            QJsonArray problems;
            for (const Dkim::Problem &p : s.key->problems)
                problems << QJsonObject {{QStringLiteral("severity"), p.severity},
                    {QStringLiteral("code"), p.code}, {QStringLiteral("message"), p.message}};
            o.insert(QStringLiteral("key"),
                QJsonObject {{QStringLiteral("name"), s.key->name},
                    {QStringLiteral("status"), Dkim::statusName(s.key->status)},
                    {QStringLiteral("record"), orNull(s.key->record)},
                    {QStringLiteral("key_type"), s.key->keyType},
                    {QStringLiteral("bits"), s.key->bits},
                    {QStringLiteral("testing"), s.key->testing},
                    {QStringLiteral("problems"), problems}});
        } else {
            o.insert(QStringLiteral("key"), QJsonValue::Null);
        }
        dkim << o;
    }
    QJsonArray lookalikes;
    for (const Paste::Lookalike &l : a.lookalikes)
        lookalikes << QJsonObject {{QStringLiteral("token"), l.token},
            {QStringLiteral("why"), l.why}, {QStringLiteral("line"), l.source.line}};
    QJsonObject spf;
    if (d.spf)
        spf = Spf::Json::fromEvaluation(*d.spf, false);
    return {{QStringLiteral("format"), a.format}, {QStringLiteral("bounce"), a.bounce},
        {QStringLiteral("ip"), valueJson(a.connectingIp)},
        {QStringLiteral("sender"), valueJson(a.envelopeSender)},
        {QStringLiteral("helo"), valueJson(a.helo)},
        {QStringLiteral("from"), valueJson(a.headerFrom)},
        {QStringLiteral("candidates"), candidates}, {QStringLiteral("replies"), replies},
        {QStringLiteral("groups"), groups}, {QStringLiteral("reason"), reason},
        {QStringLiteral("reason_title"), Paste::reasonInfo(reason).title},
        {QStringLiteral("reason_basis"), orNull(a.reasonBasis)},
        {QStringLiteral("reason_line"),
            a.reasonLine > 0 ? QJsonValue(a.reasonLine) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("failure"),
            a.failure ? QJsonValue(*a.failure) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("why"), QJsonArray::fromStringList(d.why)},
        {QStringLiteral("dmarc"), dmarc}, {QStringLiteral("dkim"), dkim},
        {QStringLiteral("forwarding"),
            QJsonObject {{QStringLiteral("detected"), d.forwarded},
                {QStringLiteral("evidence"), evidence},
                {QStringLiteral("explanation"), orNull(d.forwardingAdvice)}}},
        {QStringLiteral("spf"), d.spf ? QJsonValue(spf) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("spf_skipped"), orNull(d.spfSkipped)},
        {QStringLiteral("arc_sets"), a.arcSets},
        {QStringLiteral("parts"), QJsonArray::fromStringList(a.parts)},
        {QStringLiteral("notes"), QJsonArray::fromStringList(a.notes)},
        {QStringLiteral("lookalikes"), lookalikes},
        {QStringLiteral("receiver_verdicts"), receiverVerdictsJson(a.receiverVerdicts)},
        {QStringLiteral("blocklist"),
            d.blocklist.zones.isEmpty() ? QJsonValue(QJsonValue::Null)
                                        : QJsonValue(Dnsbl::toJson(d.blocklist))}};
}

} // namespace Bounce
