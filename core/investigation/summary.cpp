#include "investigation/summary.h"

#include <QMap>

#include "common/netutil.h"
#include "common/safetext.h"
#include "paste/bounce.h"
#include "spf/parser.h"

namespace Summary {

namespace {

// The checked domain itself does not exist: its TXT query came back NXDOMAIN.
bool rootIsNxDomain(const Spf::Trace &trace)
{
    for (const Dns::Exchange &e : trace.exchanges) {
        if (e.question.type == Dns::Type::TXT)
            return e.answer && e.answer->rcode == Dns::Rcode::NxDomain;
    }
    return false;
}

// "11th", "21st", "12th": for "the 11th lookup".
QString ordinal(int n)
{
    const int lastTwo = n % 100;
    const int last = n % 10;
    const char *suffix = (lastTwo >= 11 && lastTwo <= 13) ? "th"
        : last == 1                                       ? "st"
        : last == 2                                       ? "nd"
        : last == 3                                       ? "rd"
                                                          : "th";
    return QString::number(n) + QLatin1String(suffix);
}

using namespace Spf;

QString sectionFor(DiagnosticCode code)
{
    switch (code) {
    case DiagnosticCode::UnknownMechanism:
    case DiagnosticCode::InvalidTerm:
    case DiagnosticCode::GluedQualifier:
    case DiagnosticCode::InvalidQualifier:
    case DiagnosticCode::QualifierOnModifier:
        return QStringLiteral("§4.6.1 Term evaluation; §12 Collected ABNF");
    case DiagnosticCode::InvalidIp4:
    case DiagnosticCode::InvalidIp6:
    case DiagnosticCode::Ip4InIp6:
    case DiagnosticCode::Ip6InIp4:
    case DiagnosticCode::InvalidCidr:
    case DiagnosticCode::DualCidrNotAllowed:
        return QStringLiteral("§5.6 \"ip4\" and \"ip6\"");
    case DiagnosticCode::InvalidMacro:
    case DiagnosticCode::MacroLetterExpOnly:
        return QStringLiteral("§7 Macros");
    case DiagnosticCode::DuplicateRedirect:
    case DiagnosticCode::DuplicateExp:
        return QStringLiteral("§6 Modifier Definitions");
    case DiagnosticCode::MissingVersion:
    case DiagnosticCode::InvalidVersion:
    case DiagnosticCode::LeadingSpace:
        return QStringLiteral("§4.5 Selecting Records");
    case DiagnosticCode::DuplicateVersion:
        return QStringLiteral("§4.6.1 Term Evaluation");
    default:
        return QStringLiteral("§12 Collected ABNF");
    }
}

QString resultSection(Result r)
{
    switch (r) {
    case Result::None:
        return QStringLiteral("§8.1 None");
    case Result::Neutral:
        return QStringLiteral("§8.2 Neutral");
    case Result::Pass:
        return QStringLiteral("§8.3 Pass");
    case Result::Fail:
        return QStringLiteral("§8.4 Fail");
    case Result::SoftFail:
        return QStringLiteral("§8.5 Softfail");
    case Result::TempError:
        return QStringLiteral("§8.6 Temperror");
    case Result::PermError:
        return QStringLiteral("§8.7 Permerror");
    }
    return {};
}

// The record node (Check) where a trace's deciding node lives.
const TraceNode *recordOf(const Trace &t, int node)
{
    for (int n = node; n >= 0; n = t.nodes[n].parent) {
        if (t.nodes[n].kind == NodeKind::Check)
            return &t.nodes[n];
    }
    return t.nodes.isEmpty() ? nullptr : &t.nodes.front();
}

// The node that decided an evaluation; null when none did.
const TraceNode *decidingOf(const Evaluation &e)
{
    return e.decidingNode >= 0 ? &e.trace.nodes[e.decidingNode] : nullptr;
}

QString quoted(const QString &s)
{
    return QLatin1Char('`') + s + QLatin1Char('`');
}

void syntaxFindings(const TraceNode &rec, const QString &consequence, QList<Finding> &out)
{
    const Record r = parseRecord(rec.recordText);
    QStringList problems;
    QStringList fixes;
    QStringList sections;
    for (const Diagnostic &d : r.diagnostics) {
        if (d.severity != Severity::Error)
            continue;
        const QString text = r.text.mid(d.range.offset, d.range.length);
        switch (d.code) {
        case DiagnosticCode::UnknownMechanism:
            problems
                << QStringLiteral("contains %1, which is not a valid mechanism").arg(quoted(text));
            break;
        case DiagnosticCode::GluedQualifier:
            problems << QStringLiteral("has %1 glued to the term before it, without a space")
                            .arg(quoted(text));
            break;
        default:
            problems << QStringLiteral("has an error at %1: %2")
                            .arg(quoted(text.isEmpty() ? r.text.mid(d.range.offset, 12) : text),
                                d.message);
            break;
        }
        if (d.suggestion) {
            const bool space = !d.suggestion->isEmpty() && d.suggestion->trimmed().isEmpty();
            QString fix;
            if (d.suggestion->isEmpty())
                fix = QStringLiteral("Remove %1.").arg(quoted(text));
            else if (space && !text.isEmpty())
                fix = QStringLiteral("Replace %1 with a space.").arg(quoted(text));
            else if (text.isEmpty())
                fix = QStringLiteral("Insert %1.").arg(quoted(d.suggestion->trimmed()));
            else if (d.suggestion->startsWith(QLatin1Char(' ')) && d.suggestion->mid(1) == text)
                fix = QStringLiteral("Put a space before %1.").arg(quoted(text));
            else
                fix = QStringLiteral("Replace %1 with %2.")
                          .arg(quoted(text), quoted(d.suggestion->trimmed()));
            if (!fixes.contains(fix))
                fixes << fix;
        }
        if (!sections.contains(sectionFor(d.code)))
            sections << sectionFor(d.code);
    }
    problems.removeDuplicates();
    QString text = QStringLiteral(
        "Your SPF record for %1 %2. Receivers treat the whole record as a permanent error%3.")
                       .arg(rec.domain, problems.join(QStringLiteral("; it also ")), consequence);
    if (!fixes.isEmpty())
        text += QLatin1Char(' ') + fixes.join(QLatin1Char(' '));
    sections.prepend(QStringLiteral("§4.6 Record Evaluation"));
    out << Finding {text, sections};
}

// Whether every authoritative server serves the same record (when they were compared).
void nameserverFindings(const Investigation::Result &res, QList<Finding> &out)
{
    if (!res.nameservers || !res.nameservers->error.isEmpty() || res.nameservers->rows.isEmpty())
        return;
    const NsCompare::Result &ns = *res.nameservers;
    QStringList serials;
    for (const NsCompare::ServerRow &row : ns.rows) {
        if (!row.serial.isEmpty() && !serials.contains(row.serial))
            serials << row.serial;
    }
    if (ns.consistent()) {
        out << Finding {QStringLiteral("All %1 authoritative server addresses of %2 serve the "
                                       "same SPF record (SOA serial %3).")
                            .arg(ns.rows.size())
                            .arg(ns.zone, serials.join(QStringLiteral(", "))),
            {}};
    } else {
        QStringList odd;
        for (const NsCompare::ServerRow &row : ns.rows) {
            if (!row.differs)
                continue;
            const QString who
                = QStringLiteral("%1 (%2%3)")
                      .arg(row.nsName,
                          row.address.isEmpty() ? QStringLiteral("no address") : row.address,
                          row.serial.isEmpty() ? QString()
                                               : QStringLiteral(", serial ") + row.serial);
            if (!row.error.isEmpty())
                odd << QStringLiteral("%1 fails: %2").arg(who, row.error);
            else if (row.spfRecords.isEmpty())
                odd << QStringLiteral("%1 serves no SPF record").arg(who);
            else
                odd << QStringLiteral("%1 serves %2")
                           .arg(who, quoted(row.spfRecords.join(QStringLiteral(" | "))));
        }
        const QString majority = ns.majorityRecord.isEmpty()
            ? QStringLiteral("No record is served by most of them.")
            : QStringLiteral("Most serve %1.").arg(quoted(ns.majorityRecord));
        out << Finding {
            QStringLiteral("The authoritative nameservers of %1 do not all serve the same SPF "
                           "record for %2: %3. %4 Each receiver gets the answer of whichever "
                           "server it asks, so the same mail can pass at one receiver and fail "
                           "at another. Make sure every nameserver has the current zone (zone "
                           "transfers and NOTIFY to the stale ones) and that none fails.")
                .arg(ns.zone, ns.domain, odd.join(QStringLiteral("; ")), majority),
            {}};
    }
}

// A permanent error: the records with syntax errors first (each is the whole story); otherwise
// the limit, the void lookups, the loop or whatever else ended the check.
void permErrorFindings(const Evaluation &e, QList<Finding> &out)
{
    const Trace &t = e.trace;
    const QString &ip = e.ip;
    bool syntax = false;
    for (const TraceNode &n : t.nodes) {
        if (n.kind == NodeKind::Check && parseRecord(n.recordText).hasErrors()
            && !n.recordText.isEmpty() && n.hasResult && n.result == Result::PermError) {
            syntaxFindings(n, QStringLiteral(", so mail from %1 is rejected").arg(ip), out);
            syntax = true;
        }
    }
    if (syntax)
        return;
    const TraceNode *rec = recordOf(t, e.decidingNode);
    const TraceNode *deciding = decidingOf(e);
    if (deciding && deciding->crossesLimit) {
        const int max = e.trace.maxLookups;
        out << Finding {
            QStringLiteral(
                "Checking mail from %1 against the SPF record of %2 needs more than %7 DNS "
                "lookups; the %8 is %3 in the record of %4. "
                "Receivers stop at %7 and return a permanent error, so the mail is "
                "rejected. Remove includes that are no longer used, or replace "
                "them with %5 / %6 ranges, to get the total to %7 or fewer.")
                .arg(ip, e.domain, quoted(deciding->term.text), rec ? rec->domain : e.domain,
                    quoted(QStringLiteral("ip4:")), quoted(QStringLiteral("ip6:")),
                    QString::number(max), ordinal(max + 1)),
            {QStringLiteral("§4.6.4 DNS Lookup Limits")}};
    } else if (e.reason.contains(QLatin1String("void lookup"))) {
        out << Finding {
            QStringLiteral(
                "The SPF record of %1 names hosts that do not exist: more than %4 of its "
                "DNS lookups came back empty (void). Receivers return a "
                "permanent error, so mail from %2 is rejected. Remove the terms that name "
                "hosts which are gone (%3).")
                .arg(e.domain, ip, deciding ? quoted(deciding->term.text) : QString(),
                    QString::number(e.trace.maxVoidLookups)),
            {QStringLiteral("§4.6.4 DNS Lookup Limits")}};
    } else if (e.reason.contains(QLatin1String("loop"))) {
        out << Finding {
            QStringLiteral(
                "The SPF records of %1 include each other in a loop (%2). Receivers return "
                "a permanent error, so mail from %3 is rejected. "
                "Remove the include that points back.")
                .arg(e.domain, e.reason.section(QStringLiteral("loop: "), 1), ip),
            {QStringLiteral("§4.6.4 DNS Lookup Limits"), QStringLiteral("§5.2 \"include\"")}};
    } else {
        out << Finding {
            QStringLiteral("SPF for %1 ends in a permanent error, so mail from %2 is rejected: %3.")
                .arg(e.domain, ip, e.reason),
            {QStringLiteral("§5.2 \"include\""), QStringLiteral("§6.1 redirect")}};
    }
}

// Fail or softfail: the IP is not in the record. What to add, unless the IP is a forwarder's.
Finding notAuthorizedFinding(const Investigation::Result &res, const Evaluation &e)
{
    const QString &ip = e.ip;
    // The IP is a forwarder's (the bounce says so): adding it would let the forwarder
    // send as the sender, so the finding says what fixes a forward instead.
    if (res.bounce && res.bounce->forwarded && res.bounce->paste.connectingIp
        && res.bounce->paste.connectingIp->value == ip) {
        return Finding {
            QStringLiteral("The SPF record of %1 does not authorize %2, and should not: "
                           "%2 is a forwarder's server (the bounce shows the message "
                           "was forwarded), not a sender for %1. Do not add it. %3")
                .arg(e.domain, ip, Bounce::forwardingFix()),
            {resultSection(e.result)}};
    }
    const TraceNode *deciding = decidingOf(e);
    const QString addTerm = QHostAddress(ip).protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("ip6:") + ip
        : QStringLiteral("ip4:") + ip;
    return Finding {
        QStringLiteral("The SPF record of %1 does not authorize %2, and ends with %3, so "
                       "receivers %4. If %2 is a legitimate sender for %1, add %5 "
                       "(or include your mail provider's SPF record) before %3.")
            .arg(e.domain, ip, quoted(deciding ? deciding->term.text : QStringLiteral("-all")),
                e.result == Result::Fail ? QStringLiteral("reject the mail")
                                         : QStringLiteral("accept it but mark it as suspicious"),
                quoted(addTerm)),
        {resultSection(e.result)}};
}

// No record, or no domain at all. No record is invented: which one is right depends on whether
// the domain sends mail.
Finding noRecordFinding(const Evaluation &e)
{
    if (rootIsNxDomain(e.trace)) {
        return Finding {QStringLiteral("%1 does not exist in DNS (NXDOMAIN), so it has no "
                                       "SPF record and none can be published until it is "
                                       "registered. Check the sender's address for a typo: "
                                       "mail claiming to come from %1 is misaddressed or "
                                       "forged.")
                            .arg(e.domain),
            {resultSection(e.result), QStringLiteral("§4.3 Initial Processing")}};
    }
    return Finding {
        QStringLiteral("%1 publishes no SPF record (%2), so receivers cannot tell whether "
                       "%3 may send for it. What to publish depends on the domain: if it "
                       "sends mail, a record listing its senders, for example %4 (its MX "
                       "hosts; others marked as suspicious) plus an include: for each mail "
                       "provider; if it never sends mail, %5 (receivers reject anything "
                       "claiming to come from it). Never publish %5 for a domain that "
                       "sends mail.")
            .arg(e.domain, e.reason, e.ip, quoted(QStringLiteral("v=spf1 mx ~all")),
                quoted(QStringLiteral("v=spf1 -all"))),
        {resultSection(e.result), QStringLiteral("§4.5 Selecting Records")}};
}

// The check of one IP: what its result means and what to do, then the rest of the tree, the
// nameservers and where receivers may read the record differently.
void evaluationFindings(const Investigation::Result &res, QList<Finding> &out)
{
    const Evaluation &e = *res.evaluation;
    switch (e.result) {
    case Result::PermError:
        permErrorFindings(e, out);
        break;
    case Result::Fail:
    case Result::SoftFail:
        out << notAuthorizedFinding(res, e);
        break;
    case Result::TempError:
        // A timeout is not an absent record: nothing is proposed to publish.
        out << Finding {
            QStringLiteral("The SPF record of %1 could not be read (%2). Receivers defer the "
                           "mail and retry later. Nothing can be said about the record until "
                           "it can be read: check that the domain's nameservers answer, over "
                           "UDP and TCP (the DNS evidence shows each try).")
                .arg(e.domain, e.reason),
            {resultSection(e.result), QStringLiteral("§4.4 Record Lookup")}};
        break;
    case Result::None:
        out << noRecordFinding(e);
        break;
    case Result::Neutral:
        out << Finding {
            QStringLiteral("The SPF record of %1 says nothing definite about %2 (neutral): %3.")
                .arg(e.domain, e.ip, e.reason),
            {resultSection(e.result)}};
        break;
    case Result::Pass:
        out << Finding {QStringLiteral("%1 is authorized to send mail for %2: %3. If mail from "
                                       "it still bounces, the cause is not SPF.")
                            .arg(e.ip, e.domain, e.reason),
            {resultSection(e.result)}};
        break;
    }
    if (e.result != Result::PermError && res.audit && !res.audit->problems.isEmpty()) {
        out << Finding {
            QStringLiteral(
                "Other problems in the SPF tree of %1, which may affect other senders: %2")
                .arg(e.domain, res.audit->problems.join(QStringLiteral("; "))),
            {QStringLiteral("§4.6.4 DNS Lookup Limits")}};
    }
    nameserverFindings(res, out);
    for (const QString &d : e.divergences)
        out << Finding {
            QStringLiteral("Note: %1").arg(d), {QStringLiteral("§4.6.4 DNS Lookup Limits")}};
}

// The tree alone (no IP to test): its syntax errors, the term over the limit, its other
// problems, or that it has none.
void auditFindings(const Investigation::Result &res, QList<Finding> &out)
{
    const Audit &a = *res.audit;
    bool syntax = false;
    for (const TraceNode &n : a.trace.nodes) {
        if (n.kind == NodeKind::Check && !n.recordText.isEmpty()
            && parseRecord(n.recordText).hasErrors()) {
            syntaxFindings(n, QString(), out);
            syntax = true;
        }
    }
    if (a.crossingNode >= 0)
        out << Finding {
            QStringLiteral(
                "The SPF tree of %1 needs %2 DNS lookups; receivers stop at %4 and return a "
                "permanent error at %3 for any sender not matched "
                "before it. Remove unused includes or replace them with ip4:/ip6: ranges.")
                .arg(a.domain)
                .arg(a.lookups)
                .arg(quoted(a.trace.nodes[a.crossingNode].term.text))
                .arg(a.trace.maxLookups),
            {QStringLiteral("§4.6.4 DNS Lookup Limits")}};
    if (!syntax && a.crossingNode < 0 && !a.problems.isEmpty())
        out << Finding {QStringLiteral("Problems in the SPF tree of %1: %2")
                            .arg(a.domain, a.problems.join(QStringLiteral("; "))),
            {QStringLiteral("§4.6.4 DNS Lookup Limits")}};
    if (a.problems.isEmpty())
        out << Finding {QStringLiteral("The SPF tree of %1 has no problems: %2 (limit %3), "
                                       "%4 (limit %5).")
                            .arg(a.domain, Text::counted(a.lookups, "DNS lookup", "DNS lookups"),
                                QString::number(a.trace.maxLookups),
                                Text::counted(a.voidLookups, "void lookup", "void lookups"),
                                QString::number(a.trace.maxVoidLookups)),
            {}};
    nameserverFindings(res, out);
    for (const QString &d : a.divergences)
        out << Finding {QStringLiteral("Note: %1").arg(d), {}};
}

// The PTR names of the IP and whether each resolves back to it.
Finding reverseFinding(const Dns::ReverseResult &r)
{
    QStringList names;
    for (const Dns::ReverseName &n : r.names)
        names << n.name
                + (n.confirmed ? QStringLiteral(" (confirmed)")
                               : QStringLiteral(" (does not resolve back)"));
    return Finding {QStringLiteral("Reverse DNS of %1: %2. Forward-confirmed reverse DNS %3.%4")
                        .arg(r.ip,
                            names.isEmpty() ? QStringLiteral("no PTR record")
                                            : names.join(QStringLiteral(", ")),
                            r.hasConfirmedName()
                                ? QStringLiteral("passes")
                                : QStringLiteral("fails; many receivers distrust such senders"),
                            r.rangeNotes.isEmpty() ? QString()
                                                   : QStringLiteral(" Note: ")
                                    + r.rangeNotes.join(QStringLiteral("; ")) + QLatin1Char('.')),
        {QStringLiteral("§5.5 \"ptr\" (for the ptr mechanism)")}};
}

} // namespace

QList<Finding> findings(const Investigation::Result &res)
{
    QList<Finding> out;
    if (!res.error.isEmpty()) {
        out << Finding {res.error, {}};
        return out;
    }
    // With an IP test, its findings are the whole summary (the tree's other problems among them).
    if (res.evaluation) {
        evaluationFindings(res, out);
        return out;
    }
    if (res.audit)
        auditFindings(res, out);
    if (res.reverse)
        out << reverseFinding(*res.reverse);
    return out;
}

QString correctedRecord(const Investigation::Result &res, QString *domain, QString *published)
{
    const Spf::Trace *t = res.evaluation ? &res.evaluation->trace
        : res.audit                      ? &res.audit->trace
                                         : nullptr;
    if (!t)
        return {};
    for (const Spf::TraceNode &n : t->nodes) {
        if (n.kind != Spf::NodeKind::Check || n.recordText.isEmpty())
            continue;
        const Spf::Record r = Spf::parseRecord(n.recordText);
        const QString fixed = Spf::correctedRecord(r);
        if (fixed != r.text) {
            if (domain)
                *domain = n.domain;
            if (published)
                *published = n.recordText;
            return fixed;
        }
    }
    return {};
}

QStringList rfcSections(const Investigation::Result &result)
{
    QStringList out;
    for (const Finding &f : findings(result)) {
        for (const QString &s : f.rfcSections) {
            if (!out.contains(s))
                out << s;
        }
    }
    return out;
}

} // namespace Summary
