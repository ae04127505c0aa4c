#include "spf/advice.h"

#include <QJsonArray>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <mutex>
#include <optional>
#include <vector>

#include "common/netutil.h"
#include "common/psl.h"
#include "common/safetext.h"
#include "dns/cachingresolver.h"
#include "dns/memoryresolver.h"
#include "spf/budget.h"
#include "spf/evaluator.h"
#include "spf/parser.h"

namespace Spf {

namespace {

constexpr quint64 manyAddresses = 100000;
constexpr int recordOctets = 450; // a TXT answer that fits in 512 octets of UDP
constexpr int stringOctets = 255; // one TXT character-string

AdviceTerm termOf(const QString &domain, const Term &t)
{
    return {domain, t.text, t.range.offset, t.range.length};
}

// A network's terms pass only when every include above them matches: an include matches when
// its record passes, so a '+' term under '+' includes authorizes; anything else names.
bool onPassPath(const Trace &trace, int node)
{
    for (int n = node; n >= 0 && n < trace.nodes.size(); n = trace.nodes[n].parent) {
        const TraceNode &t = trace.nodes[n];
        if (t.kind == NodeKind::Term && t.term.kind == TermKind::Include
            && t.term.qualifier != Qualifier::Pass)
            return false;
        // A record with errors is a permerror: nothing below it passes.
        if (t.kind == NodeKind::Check) {
            for (const Diagnostic &d : t.diagnostics) {
                if (d.severity == Severity::Error)
                    return false;
            }
        }
    }
    return true;
}

QList<int> subtreeOf(const Trace &trace, int node)
{
    QList<int> out {node};
    for (qsizetype i = 0; i < out.size() && out.size() < 100000; ++i) {
        for (int c : trace.nodes[out[i]].children) {
            if (c > out[i] && c < trace.nodes.size())
                out << c;
        }
    }
    return out;
}

AddressSpace spaceOf(const QString &network)
{
    AddressSpace s;
    const qsizetype slash = network.indexOf(QLatin1Char('/'));
    const QHostAddress address(network.left(slash));
    if (!address.isNull())
        s.add(address, network.mid(slash + 1).toInt());
    return s;
}

// Zone-file lines for a TXT record, its text cut into character-strings of at most 255 octets.
QString txtLine(const QString &name, const QString &text)
{
    QStringList strings;
    const QByteArray octets = text.toLatin1();
    for (qsizetype i = 0; i < octets.size(); i += stringOctets)
        strings << QLatin1Char('"') + QString::fromLatin1(octets.mid(i, stringOctets))
                + QLatin1Char('"');
    return QStringLiteral("%1. IN TXT %2").arg(name, strings.join(QLatin1Char(' ')));
}

// ---- one record -------------------------------------------------------------------------

void adviseRecord(const Record &record, const QString &domain, bool withSpace, QList<Advice> &out)
{
    const QString who = domain.isEmpty() ? QStringLiteral("this domain") : domain;
    for (const Diagnostic &d : record.diagnostics) {
        const AdviceTerm at {domain, record.text.mid(d.range.offset, d.range.length),
            d.range.offset, d.range.length};
        switch (d.code) {
        case DiagnosticCode::PlusAll: {
            // A proposal only when it lints clean: with other errors left it would not be one.
            QString proposal = record.text;
            proposal.replace(d.range.offset, d.range.length, QStringLiteral("~all"));
            if (parseRecord(proposal).hasErrors())
                proposal.clear();
            out << Advice {QStringLiteral("plus-all"), Severity::Error,
                QStringLiteral("'+all' lets every host on the Internet pass SPF as %1: anyone can "
                               "send mail in its name. Replace it with '~all' (other hosts are "
                               "marked suspicious) or, once every sender is listed, '-all' (they "
                               "are rejected).")
                    .arg(who),
                {at}, proposal, {}};
            break;
        }
        case DiagnosticCode::NeutralAll:
            out << Advice {QStringLiteral("neutral-all"), Severity::Warning,
                QStringLiteral("'?all' says nothing about hosts the record does not list: "
                               "receivers treat their mail as if %1 had no SPF record. '~all' "
                               "marks it as suspicious; '-all' rejects it once every sender is "
                               "listed.")
                    .arg(who),
                {at}, {}, {}};
            break;
        case DiagnosticCode::DuplicateVersion:
            out << Advice {QStringLiteral("duplicate-version"), Severity::Warning,
                QStringLiteral("A second 'v=spf1' inside the record: receivers read it as an "
                               "unknown modifier named 'v' and ignore it (RFC 7208 §6), so every "
                               "term after it still belongs to this one record, and a second "
                               "'all' there is never reached. If two records were pasted "
                               "together, remove it and keep one 'all' at the end."),
                {at}, {}, {}};
            break;
        case DiagnosticCode::DuplicateRedirect:
        case DiagnosticCode::DuplicateExp:
            out << Advice {QStringLiteral("repeated-modifier"), Severity::Error,
                QStringLiteral("'%1' appears more than once: receivers return permerror for the "
                               "whole record (RFC 7208 §6). Keep one.")
                    .arg(d.code == DiagnosticCode::DuplicateRedirect ? QStringLiteral("redirect=")
                                                                     : QStringLiteral("exp=")),
                {at}, {}, {}};
            break;
        default:
            break;
        }
    }
    for (const Term &t : record.terms) {
        const bool v4 = t.kind == TermKind::Ip4;
        if ((!v4 && t.kind != TermKind::Ip6) || !t.valid)
            continue;
        const int prefix = v4 ? t.cidr4 : t.cidr6;
        if (prefix < 0 || prefix >= (v4 ? 16 : 32))
            continue;
        AddressSpace s;
        s.add(QHostAddress(t.value), prefix);
        out << Advice {QStringLiteral("wide-range"), Severity::Warning,
            QStringLiteral("'%1' covers %2: wider than a /%3. Every host there may send as %4; "
                           "list the sending servers' own ranges instead.")
                .arg(t.text, s.describe(), v4 ? QStringLiteral("16") : QStringLiteral("32"), who),
            {termOf(domain, t)}, {},
            {{QStringLiteral("network"), s.networks().value(0)},
                {QStringLiteral("prefix"), prefix}}};
    }
    if (!withSpace)
        return;
    const StaticReach reach = staticReach(record);
    QString message = reach.pass.isEmpty()
        ? QStringLiteral("Its ip4/ip6 terms pass no address by themselves.")
        : QStringLiteral("Its ip4/ip6 terms pass %1.").arg(reach.pass.describe());
    if (!reach.dnsTerms.isEmpty())
        message += QStringLiteral(" What %1 add%2 depends on DNS.")
                       .arg(reach.dnsTerms.join(QStringLiteral(", ")),
                           reach.dnsTerms.size() == 1 ? QStringLiteral("s") : QString());
    out << Advice {QStringLiteral("address-space"), Severity::Info, message, {}, {},
        {{QStringLiteral("ipv4"), double(reach.pass.ipv4Count())},
            {QStringLiteral("ipv6"), reach.pass.ipv6CountText()},
            {QStringLiteral("networks"), QJsonArray::fromStringList(reach.pass.networks())},
            {QStringLiteral("dns_terms"), QJsonArray::fromStringList(reach.dnsTerms)}}};
}

// ---- several records --------------------------------------------------------------------

QStringList spfRecordsAt(const Trace &trace, int checkNode)
{
    const TraceNode &n = trace.nodes[checkNode];
    for (int c : n.children) {
        const TraceNode &q = trace.nodes[c];
        if (q.kind != NodeKind::Query || q.exchange < 0 || q.exchange >= trace.exchanges.size())
            continue;
        const Dns::Exchange &e = trace.exchanges[q.exchange];
        if (e.question.type != Dns::Type::TXT || !e.answer)
            continue;
        QStringList out;
        for (const Dns::Record &r : e.answer->recordsOfType(Dns::Type::TXT)) {
            if (isSpfRecord(r.joinedText()))
                out << recordTextFromOctets(r.joinedText());
        }
        return out;
    }
    return {};
}

void adviseSeveralRecords(const Audit &audit, QList<Advice> &out)
{
    const QStringList records = spfRecordsAt(audit.trace, 0);
    if (records.size() < 2)
        return;
    // The union of their terms in order, duplicates once, the strictest 'all' at the end.
    QStringList terms;
    QStringList redirects;
    std::optional<Qualifier> all;
    for (const QString &text : records) {
        const Record r = parseRecord(text);
        for (const Term &t : r.terms) {
            if (t.kind == TermKind::Version)
                continue;
            if (t.kind == TermKind::All) {
                if (!all || strictness(t.qualifier) > strictness(*all))
                    all = t.qualifier;
                continue;
            }
            if (t.kind == TermKind::Redirect) {
                if (!redirects.contains(t.text))
                    redirects << t.text;
                continue;
            }
            if (!terms.contains(t.text))
                terms << t.text;
        }
    }
    QString merged = QStringLiteral("v=spf1");
    if (!terms.isEmpty())
        merged += QLatin1Char(' ') + terms.join(QLatin1Char(' '));
    QString note;
    if (all) {
        merged += QLatin1Char(' ') + qualifierChar(*all) + QStringLiteral("all");
        if (!redirects.isEmpty())
            note = QStringLiteral(
                " Their redirect= is dropped: with an 'all' it would never apply.");
    } else if (redirects.size() == 1) {
        merged += QLatin1Char(' ') + redirects.front();
    } else if (redirects.size() > 1) {
        note = QStringLiteral(" They redirect to different domains (%1): choose one and add it.")
                   .arg(redirects.join(QStringLiteral(", ")));
    }
    QList<AdviceTerm> where;
    for (const QString &text : records)
        where << AdviceTerm {audit.domain, text, 0, int(text.size())};
    out << Advice {QStringLiteral("several-records"), Severity::Error,
        QStringLiteral("%1 publishes %2 SPF records; receivers return permerror when there is more "
                       "than one (RFC 7208 §4.5). Publish one record instead: the proposal joins "
                       "their terms, each once, and keeps the strictest 'all'. Review it before "
                       "publishing: it authorizes everything either record did.%3")
            .arg(audit.domain)
            .arg(records.size())
            .arg(note),
        where, merged,
        {{QStringLiteral("records"), QJsonArray::fromStringList(records)},
            {QStringLiteral("merged"), merged}}};
}

// ---- too many lookups: a reduction plan -------------------------------------------------

struct Step
{
    QString action; // "drop" or "flatten"
    int node = -1;
    QString term;
    int saves = 0;
    QString why;
    QStringList ranges; // flatten: what it resolves to today
};

// The include's subtree as plain ranges, when that is exact: no macros, no exists/ptr, only '+'
// mechanisms (so order cannot matter), no errors and nothing unanswered. Empty reason: flattenable.
QString notFlattenable(const Audit &audit, int include, AddressSpace *space)
{
    const Trace &t = audit.trace;
    const QList<int> subtree = subtreeOf(t, include);
    for (int n : subtree) {
        const TraceNode &node = t.nodes[n];
        if (node.kind == NodeKind::Check) {
            if (node.recordText.isEmpty()
                || (node.hasResult && node.result != Result::Pass && node.result != Result::Fail
                    && node.result != Result::SoftFail && node.result != Result::Neutral
                    && node.result != Result::None))
                return QStringLiteral("a record below it failed or is missing");
            for (const Diagnostic &d : node.diagnostics) {
                if (d.severity == Severity::Error)
                    return QStringLiteral("a record below it has errors");
            }
        }
        if (node.kind == NodeKind::Query && node.exchange >= 0 && node.exchange < t.exchanges.size()
            && !t.exchanges[node.exchange].answer)
            return QStringLiteral("a DNS question below it got no answer");
        if (node.kind != NodeKind::Term || n == include)
            continue;
        const Term &term = node.term;
        if (term.text.contains(QLatin1Char('%')))
            return QStringLiteral("'%1' uses a macro: it depends on the sender or the IP")
                .arg(term.text);
        switch (term.kind) {
        case TermKind::Exists:
        case TermKind::Ptr:
            return QStringLiteral("'%1' cannot be written as ranges").arg(term.text);
        case TermKind::All:
            if (term.qualifier == Qualifier::Pass)
                return QStringLiteral("'+all' below it passes everything");
            continue;
        case TermKind::Ip4:
        case TermKind::Ip6:
        case TermKind::A:
        case TermKind::Mx:
        case TermKind::Include:
            if (term.qualifier != Qualifier::Pass)
                return QStringLiteral("'%1' is not a '+' term: the order would matter")
                    .arg(term.text);
            continue;
        default:
            continue;
        }
    }
    const QSet<int> inside(subtree.cbegin(), subtree.cend());
    for (const AuthorizedNetwork &net : audit.networks) {
        if (inside.contains(net.node))
            space->add(spaceOf(net.network));
    }
    return {};
}

// The records of the plan: the domain's record with the steps applied, the flattened ranges
// moved into chained records when it would not fit one TXT answer.
struct PlanRecords
{
    QList<std::pair<QString, QString>> records; // name, text; the domain's first
    int extraLookups = 0; // the chained includes
};

PlanRecords buildRecords(const QString &domain, const Record &root, const QList<Step> &steps)
{
    QHash<QString, const Step *> byTerm;
    for (const Step &s : steps)
        byTerm.insert(s.term, &s);
    QStringList head; // terms before and instead of the first flattened include
    QStringList ranges;
    QStringList tail;
    bool flattenedYet = false;
    for (const Term &t : root.terms) {
        if (t.kind == TermKind::Version)
            continue;
        const Step *s = byTerm.value(t.text);
        if (s && s->action == QLatin1String("drop"))
            continue;
        if (s && s->action == QLatin1String("flatten")) {
            for (const QString &r : s->ranges) {
                if (!ranges.contains(r))
                    ranges << r;
            }
            flattenedYet = true;
            continue;
        }
        (flattenedYet ? tail : head) << t.text;
    }
    const auto join = [](const QStringList &parts) {
        return (QStringList {QStringLiteral("v=spf1")} + parts).join(QLatin1Char(' '));
    };
    PlanRecords out;
    QStringList all = head + ranges + tail;
    if (join(all).toLatin1().size() <= recordOctets) {
        out.records << std::pair {domain, join(all)};
        return out;
    }
    // Chunks of ranges, each its own record, each one lookup from the domain's record.
    QList<QStringList> chunks {{}};
    for (const QString &r : ranges) {
        QStringList next = chunks.last();
        next << r;
        if (join(next + QStringList {QStringLiteral("-all")}).toLatin1().size() > recordOctets
            && !chunks.last().isEmpty())
            chunks << QStringList {r};
        else
            chunks.last() = next;
    }
    QStringList includes;
    for (int i = 0; i < chunks.size(); ++i) {
        const QString name = QStringLiteral("_spf%1.%2").arg(i + 1).arg(domain);
        includes << QStringLiteral("include:") + name;
        out.records << std::pair {name, join(chunks[i] + QStringList {QStringLiteral("-all")})};
    }
    out.records.prepend(std::pair {domain, join(head + includes + tail)});
    out.extraLookups = int(chunks.size());
    return out;
}

// Evaluates the tree as published and as planned, from the captured answers, for the addresses
// at the edges of every range either names (and a few outside): the plan must give each the same
// result. Lookup limits are lifted on both sides: the comparison is of what they authorize.
QStringList verifyPlan(const Audit &audit, const PlanRecords &plan, int *checked)
{
    Dns::MemoryResolver dns;
    dns.addCaptured(audit.trace.exchanges);
    dns.setUncovered(Dns::MemoryResolver::Uncovered::Error);
    AddressSpace edges = authorizedSpace(audit);
    for (const auto &[name, text] : plan.records)
        edges.add(staticReach(parseRecord(text)).pass);
    QList<QHostAddress> samples;
    for (const QString &net : edges.networks()) {
        const QHostAddress first(net.section(QLatin1Char('/'), 0, 0));
        samples << first;
        // The last address of the network, and the one after it (outside, unless adjacent).
        if (first.protocol() == QAbstractSocket::IPv4Protocol) {
            const int prefix = net.section(QLatin1Char('/'), 1).toInt();
            const quint64 last = quint64(first.toIPv4Address()) + (quint64(1) << (32 - prefix)) - 1;
            samples << QHostAddress(quint32(last));
            if (last < 0xffffffffULL)
                samples << QHostAddress(quint32(last + 1));
        }
        if (samples.size() > 400)
            break;
    }
    samples << QHostAddress(QStringLiteral("203.0.113.254"))
            << QHostAddress(QStringLiteral("2001:db8:ffff::1"));
    EvaluatorOptions published;
    published.maxLookups = 10000;
    published.maxVoidLookups = 10000;
    published.maxMxNames = 10000;
    published.timeLimitMs = 5000;
    EvaluatorOptions planned = published;
    for (const auto &[name, text] : plan.records)
        planned.recordOverrides.insert(Net::canonicalName(name), text);
    QStringList differences;
    *checked = 0;
    for (const QHostAddress &ip : std::as_const(samples)) {
        // The domain alone: asked as postmaster@domain (Spf::identityOf).
        const CheckRequest request {ip, audit.domain, {}, {}, QStringLiteral("unknown")};
        const Result before = Evaluator(dns, published).evaluate(request).result;
        const Result after = Evaluator(dns, planned).evaluate(request).result;
        ++*checked;
        if (before != after)
            differences << QStringLiteral("%1: %2 as published, %3 as planned")
                               .arg(ip.toString(), resultName(before), resultName(after));
    }
    return differences;
}

// The steps a plan may take, most lookups saved first: drop a second include of a target,
// 'ptr', and an a/mx whose addresses the record's own ranges list; flatten a '+' include whose
// subtree is plain ranges. *refused: the includes that stay, and why.
QList<Step> candidateSteps(
    const Audit &audit, const LookupBudget &budget, const Record &root, QStringList *refused)
{
    const Trace &t = audit.trace;
    // Static ranges the record lists itself: an a/mx whose addresses are all inside is redundant.
    const AddressSpace listed = staticReach(root).pass;
    QList<Step> steps;
    QStringList seenTargets;
    for (int c : t.nodes[0].children) {
        const TraceNode &n = t.nodes[c];
        if (n.kind != NodeKind::Term || !countsLookup(n.term.kind))
            continue;
        const LookupBudget::Cost cost = budget.cost(c);
        const int saves = (cost.position > 0 ? 1 : 0) + cost.below;
        const Term &term = n.term;
        if (term.kind == TermKind::Include && seenTargets.contains(n.target)) {
            steps << Step {QStringLiteral("drop"), c, term.text, saves,
                QStringLiteral("includes %1 a second time").arg(n.target), {}};
            continue;
        }
        if (term.kind == TermKind::Include)
            seenTargets << n.target;
        if (term.kind == TermKind::Ptr) {
            steps << Step {QStringLiteral("drop"), c, term.text, saves,
                QStringLiteral("'ptr' is slow, unreliable and deprecated (RFC 7208 §5.5); list the "
                               "senders' addresses instead"),
                {}};
            continue;
        }
        if ((term.kind == TermKind::A || term.kind == TermKind::Mx) && !listed.isEmpty()
            && term.qualifier == Qualifier::Pass) {
            AddressSpace resolved;
            for (const AuthorizedNetwork &net : audit.networks) {
                if (net.node == c)
                    resolved.add(spaceOf(net.network));
            }
            if (!resolved.isEmpty() && resolved.minus(listed).isEmpty()) {
                steps << Step {QStringLiteral("drop"), c, term.text, saves,
                    QStringLiteral("its addresses are all listed by the record's own ranges"), {}};
                continue;
            }
        }
        if (term.kind == TermKind::Include && term.qualifier == Qualifier::Pass) {
            AddressSpace space;
            const QString why = notFlattenable(audit, c, &space);
            if (!why.isEmpty()) {
                *refused << QStringLiteral("%1 stays: %2").arg(term.text, why);
                continue;
            }
            steps << Step {QStringLiteral("flatten"), c, term.text, saves,
                QStringLiteral("replaced by the %1 %2 resolves to today")
                    .arg(Text::counted(space.networks().size(), "range", "ranges"), n.target),
                {}};
            for (const QString &r : space.networks())
                steps.last().ranges << (r.contains(QLatin1Char(':')) ? QStringLiteral("ip6:")
                                                                     : QStringLiteral("ip4:"))
                        + (r.endsWith(QLatin1String("/32")) || r.endsWith(QLatin1String("/128"))
                                ? r.section(QLatin1Char('/'), 0, 0)
                                : r);
        }
    }
    // Most lookups saved first; stop once under the limit (the rest are not needed).
    std::stable_sort(
        steps.begin(), steps.end(), [](const Step &a, const Step &b) { return a.saves > b.saves; });
    return steps;
}

// Drops always (they cost nothing); flattening only as far as needed, counting the chained
// records the ranges may need.
QList<Step> chooseSteps(
    const Audit &audit, const LookupBudget &budget, const Record &root, const QList<Step> &steps)
{
    QList<Step> chosen;
    int count = audit.lookups;
    for (const Step &s : steps) {
        if (s.action == QLatin1String("flatten")
            && count + buildRecords(audit.domain, root, chosen).extraLookups <= budget.maxLookups)
            continue;
        chosen << s;
        count -= s.saves;
    }
    return chosen;
}

// The chosen steps as the advice tells them: a line and a JSON object each, the terms they
// concern, and the lookups left after them (before any chained records).
struct PlanSteps
{
    QStringList lines;
    QJsonArray json;
    QList<AdviceTerm> where;
    int lookupsLeft = 0;
};

PlanSteps describeSteps(const Audit &audit, const QList<Step> &chosen)
{
    PlanSteps out;
    out.lookupsLeft = audit.lookups;
    for (const Step &s : chosen) {
        out.lookupsLeft -= s.saves;
        out.lines << QStringLiteral("%1 %2 (%3; saves %4, leaving %5)")
                         .arg(s.action == QLatin1String("drop") ? QStringLiteral("Drop")
                                                                : QStringLiteral("Flatten"),
                             s.term, s.why)
                         .arg(s.saves)
                         .arg(out.lookupsLeft);
        out.json << QJsonObject {{QStringLiteral("action"), s.action},
            {QStringLiteral("term"), s.term}, {QStringLiteral("saves"), s.saves},
            {QStringLiteral("lookups_after"), out.lookupsLeft}, {QStringLiteral("why"), s.why},
            {QStringLiteral("ranges"), QJsonArray::fromStringList(s.ranges)}};
    }
    for (const Step &s : chosen)
        out.where << termOf(audit.domain, audit.trace.nodes[s.node].term);
    return out;
}

// No plan gets the tree under the limit from what is published.
Advice noSafePlan(const Audit &audit, const LookupBudget &budget, const PlanSteps &steps,
    const QStringList &refused, QJsonObject figures)
{
    figures.insert(QStringLiteral("lookups_after"), steps.lookupsLeft);
    return Advice {QStringLiteral("reduction-plan"), Severity::Error,
        QStringLiteral("The tree needs %1 DNS lookups; receivers stop at %2 and return "
                       "permerror. No safe plan gets it under the limit from what is "
                       "published: %3. Ask the providers for a single include each, or move "
                       "senders to fewer providers.")
            .arg(audit.lookups)
            .arg(budget.maxLookups)
            .arg(refused.isEmpty() ? steps.lines.join(QStringLiteral("; "))
                                   : refused.join(QStringLiteral("; "))),
        steps.where, {}, figures};
}

// The plan: its records, checked against today's answers, proposed only when every address
// tried gets the same result.
Advice planAdvice(const Audit &audit, const LookupBudget &budget, const Record &root,
    const QList<Step> &chosen, const PlanSteps &steps, QJsonObject figures)
{
    const PlanRecords plan = buildRecords(audit.domain, root, chosen);
    const int after = steps.lookupsLeft + plan.extraLookups;
    int checked = 0;
    const QStringList differences = verifyPlan(audit, plan, &checked);
    QStringList lines;
    QJsonArray records;
    for (const auto &[name, text] : plan.records) {
        lines << txtLine(name, text);
        records << QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("text"), text},
            {QStringLiteral("octets"), int(text.toLatin1().size())}};
    }
    QStringList providers;
    for (const Step &s : chosen) {
        if (s.action == QLatin1String("flatten"))
            providers << audit.trace.nodes[s.node].target;
    }
    figures.insert(QStringLiteral("lookups_after"), after);
    figures.insert(QStringLiteral("records"), records);
    figures.insert(QStringLiteral("verified"),
        QJsonObject {{QStringLiteral("addresses_checked"), checked},
            {QStringLiteral("differences"), QJsonArray::fromStringList(differences.mid(0, 20))}});
    figures.insert(QStringLiteral("flattened_from"), QJsonArray::fromStringList(providers));
    QString message = QStringLiteral("The tree needs %1 DNS lookups; receivers stop at %2 and "
                                     "return permerror. This plan gets it to %3: %4.")
                          .arg(audit.lookups)
                          .arg(budget.maxLookups)
                          .arg(after)
                          .arg(steps.lines.join(QStringLiteral("; ")));
    if (plan.extraLookups > 0)
        message += QStringLiteral(" The ranges do not fit one TXT answer (%1 octets): they move to "
                                  "%2, one lookup each.")
                       .arg(QString::number(recordOctets),
                           Text::counted(plan.extraLookups, "chained record", "chained records"));
    message += differences.isEmpty()
        ? QStringLiteral(" Checked against today's answers: the planned records give the same "
                         "result as the published tree for all %1 addresses tried.")
              .arg(checked)
        : QStringLiteral(" Not safe as it stands: %1 of %2 addresses tried get another result "
                         "(%3).")
              .arg(differences.size())
              .arg(checked)
              .arg(differences.mid(0, 3).join(QStringLiteral("; ")));
    if (!providers.isEmpty())
        message += QStringLiteral(" Flattened ranges go stale when a provider changes them: "
                                  "recheck %1 regularly (SPF Sleuth's Recheck live shows what "
                                  "changed).")
                       .arg(providers.join(QStringLiteral(", ")));
    return Advice {QStringLiteral("reduction-plan"), Severity::Error, message, steps.where,
        differences.isEmpty() ? lines.join(QLatin1Char('\n')) : QString(), figures};
}

// A tree over the lookup limit: the plan that gets it under, or why none does.
void advisePlan(const Audit &audit, QList<Advice> &out)
{
    const LookupBudget budget = lookupBudget(audit.trace);
    if (audit.lookups <= budget.maxLookups || audit.trace.nodes.isEmpty())
        return;
    const Record root = parseRecord(audit.trace.nodes[0].recordText);
    QStringList refused;
    const QList<Step> chosen
        = chooseSteps(audit, budget, root, candidateSteps(audit, budget, root, &refused));
    const PlanSteps steps = describeSteps(audit, chosen);
    const QJsonObject figures {{QStringLiteral("lookups_before"), audit.lookups},
        {QStringLiteral("limit"), budget.maxLookups}, {QStringLiteral("steps"), steps.json},
        {QStringLiteral("not_flattened"), QJsonArray::fromStringList(refused)}};
    if (chosen.isEmpty() || steps.lookupsLeft > budget.maxLookups)
        out << noSafePlan(audit, budget, steps, refused, figures);
    else
        out << planAdvice(audit, budget, root, chosen, steps, figures);
}

// The answers in hand first (the audit's, and what the caller knows), the resolver for the rest.
class KnownFirst final : public Dns::Resolver
{
public:
    KnownFirst(const Audit &audit, const TreeAdviceOptions &options)
        : m_live(options.resolver)
    {
        m_known.setUncovered(Dns::MemoryResolver::Uncovered::Error);
        m_known.addCaptured(audit.trace.exchanges);
        m_known.addCaptured(options.known);
    }
    Dns::Answer resolve(const Dns::Question &question) override
    {
        if (m_known.covers(question) || !m_live)
            return m_known.resolve(question);
        return m_live->resolve(question);
    }
    QString description() const override
    {
        return m_live ? m_live->description() : m_known.description();
    }
    bool holdsDataFor(const QString &zone) const override
    {
        return m_known.holdsDataFor(zone) || (m_live && m_live->holdsDataFor(zone));
    }

private:
    Dns::MemoryResolver m_known;
    Dns::Resolver *m_live;
};

// ---- dangling targets -------------------------------------------------------------------

// Did the term's own question for its target come back NXDOMAIN (its queries, or those of the
// record it leads to)?
bool targetMissing(const Trace &t, int term)
{
    const QString target = Net::canonicalName(t.nodes[term].target);
    QList<int> queries;
    for (int c : t.nodes[term].children) {
        if (t.nodes[c].kind == NodeKind::Query)
            queries << c;
        else if (t.nodes[c].kind == NodeKind::Check) {
            for (int q : t.nodes[c].children) {
                if (t.nodes[q].kind == NodeKind::Query)
                    queries << q;
            }
        }
    }
    for (int q : std::as_const(queries)) {
        const int e = t.nodes[q].exchange;
        if (e < 0 || e >= t.exchanges.size())
            continue;
        const Dns::Exchange &x = t.exchanges[e];
        if (x.answer && x.answer->rcode == Dns::Rcode::NxDomain
            && Net::canonicalName(x.question.name) == target)
            return true;
    }
    return false;
}

// The question that tells whether a missing target's registrable domain exists: its SOA. None
// when there is no registrable domain, or when it is the target itself (whose NXDOMAIN says so).
std::optional<Dns::Question> existenceQuestion(const QString &target)
{
    const QString registrable = Net::registrableDomain(target);
    if (registrable.isEmpty() || Net::canonicalName(registrable) == Net::canonicalName(target))
        return std::nullopt;
    return Dns::Question {registrable, Dns::Type::SOA};
}

// `dns`: null to judge from the evidence only.
void adviseDangling(const Audit &audit, Dns::Resolver *dns, QList<Advice> &out)
{
    const Trace &t = audit.trace;
    QStringList done;
    for (qsizetype i = 0; i < t.nodes.size(); ++i) {
        const TraceNode &n = t.nodes[i];
        if (n.kind != NodeKind::Term || n.target.isEmpty() || n.term.text.contains(u'%'))
            continue;
        switch (n.term.kind) {
        case TermKind::Include:
        case TermKind::Redirect:
        case TermKind::A:
        case TermKind::Mx:
        case TermKind::Exists:
            break;
        default:
            continue;
        }
        if (!targetMissing(t, int(i)))
            continue;
        const QString registrable = Net::registrableDomain(n.target);
        if (registrable.isEmpty() || done.contains(registrable))
            continue;
        // Does the registrable domain itself exist? When the missing name is the registrable
        // domain, its NXDOMAIN says so; otherwise ask for its SOA (with a resolver).
        const std::optional<Dns::Question> existence = existenceQuestion(n.target);
        bool missing = !existence;
        if (existence && dns) {
            const Dns::Answer a = dns->resolve(*existence);
            missing = a && a->rcode == Dns::Rcode::NxDomain;
        }
        if (!missing)
            continue;
        done << registrable;
        out << Advice {QStringLiteral("dangling-target"), Severity::Error,
            QStringLiteral("'%1' in the record of %2 points into %3, which does not exist "
                           "(NXDOMAIN): anyone who registers %3 decides what this %4 authorizes. "
                           "Remove the term, or correct the name.")
                .arg(n.term.text, t.nodes[n.parent].domain, registrable,
                    n.term.kind == TermKind::Include || n.term.kind == TermKind::Redirect
                        ? QStringLiteral("record")
                        : QStringLiteral("term")),
            {termOf(t.nodes[n.parent].domain, n.term)}, {},
            {{QStringLiteral("target"), n.target},
                {QStringLiteral("registrable_domain"), registrable}}};
    }
}

// ---- address coverage of the MX hosts and the HELO name ---------------------------------
// AdviceAhead asks these questions while the audit runs, adviseCoverage asks them again from the
// answers in hand: both through the functions below, so they are the same questions.

struct CoverageHost
{
    QString name;
    QString role;
};

// The domain's MX hosts, the first 10 by preference.
QList<CoverageHost> mxHosts(Dns::Resolver &dns, const QString &domain)
{
    QList<CoverageHost> hosts;
    const Dns::Answer mx = dns.resolve(Dns::Question {domain, Dns::Type::MX});
    if (!mx)
        return hosts;
    QList<Dns::Record> records = mx->recordsOfType(Dns::Type::MX);
    std::stable_sort(records.begin(), records.end(),
        [](const Dns::Record &a, const Dns::Record &b) { return a.preference < b.preference; });
    for (const Dns::Record &r : std::as_const(records).mid(0, 10)) {
        if (!r.target.isEmpty() && r.target != QLatin1String("."))
            hosts << CoverageHost {r.target, QStringLiteral("an MX host of %1").arg(domain)};
    }
    return hosts;
}

// A host's addresses of one type (A or AAAA), in the answer's order.
QList<QHostAddress> hostAddresses(Dns::Resolver &dns, const QString &host, quint16 type)
{
    QList<QHostAddress> out;
    const Dns::Answer a = dns.resolve(Dns::Question {host, type});
    if (!a)
        return out;
    for (const Dns::Record &r : a->recordsOfType(type)) {
        if (const auto ip = Net::parseIp(r.target.isEmpty() ? r.data : r.target))
            out << *ip;
    }
    return out;
}

// What the domain's record says for mail from `ip`.
Result coverageResult(Dns::Resolver &dns, const QString &domain, const QString &helo,
    const QHostAddress &ip, const Work::Cancel &cancel = {})
{
    EvaluatorOptions lifted; // the question is what the record authorizes, not the limits
    lifted.maxLookups = 1000;
    lifted.maxVoidLookups = 1000;
    lifted.timeLimitMs = 10000;
    lifted.cache = nullptr;
    lifted.cancel = cancel;
    return Evaluator(dns, lifted)
        .evaluate(CheckRequest {ip, domain, helo, {}, QStringLiteral("unknown")})
        .result;
}

void adviseCoverage(const Audit &audit, Dns::Resolver *dns, const QString &helo, QList<Advice> &out)
{
    if (!dns || audit.trace.nodes.isEmpty() || audit.trace.nodes[0].recordText.isEmpty())
        return;
    QList<CoverageHost> hosts = mxHosts(*dns, audit.domain);
    if (!helo.isEmpty())
        hosts << CoverageHost {helo, QStringLiteral("the HELO name")};
    QJsonArray missing;
    QStringList lines;
    QStringList checkedAddresses;
    bool ipv6 = false;
    for (const CoverageHost &h : std::as_const(hosts)) {
        for (const quint16 type : {Dns::Type::A, Dns::Type::AAAA}) {
            for (const QHostAddress &ip : hostAddresses(*dns, h.name, type)) {
                if (checkedAddresses.contains(Net::ipToString(ip) + h.name))
                    continue;
                checkedAddresses << Net::ipToString(ip) + h.name;
                const Result result = coverageResult(*dns, audit.domain, helo, ip);
                // Only a clear "not authorized": a permerror or temperror says nothing about
                // this address (it is reported where it arises).
                if (result == Result::Pass || result == Result::PermError
                    || result == Result::TempError)
                    continue;
                const bool six = type == Dns::Type::AAAA;
                ipv6 = ipv6 || six;
                lines << QStringLiteral("%1 (%2) sends from %3 over %4: %5")
                             .arg(h.name, h.role, Net::ipToString(ip),
                                 six ? QStringLiteral("IPv6") : QStringLiteral("IPv4"),
                                 resultName(result));
                missing << QJsonObject {{QStringLiteral("host"), h.name},
                    {QStringLiteral("role"), h.role},
                    {QStringLiteral("address"), Net::ipToString(ip)},
                    {QStringLiteral("family"),
                        six ? QStringLiteral("ipv6") : QStringLiteral("ipv4")},
                    {QStringLiteral("result"), resultName(result)}};
            }
        }
    }
    if (missing.isEmpty())
        return;
    out << Advice {QStringLiteral("ipv6-coverage"), Severity::Warning,
        QStringLiteral("Addresses the record does not authorize: %1. Mail these hosts send from "
                       "there fails SPF%2. List them (ip4:/ip6:), or use 'mx' if the record "
                       "should follow the MX hosts.")
            .arg(lines.join(QStringLiteral("; ")),
                ipv6 ? QStringLiteral(" — a receiver that reaches them over IPv6 sees the IPv6 "
                                      "address")
                     : QString()),
        {}, {}, {{QStringLiteral("addresses"), missing}}};
}

} // namespace

QList<Advice> recordAdvice(const Record &record, const QString &domain)
{
    QList<Advice> out;
    adviseRecord(record, domain, true, out);
    return out;
}

AddressSpace authorizedSpace(const Audit &audit)
{
    AddressSpace out;
    for (const AuthorizedNetwork &n : audit.networks) {
        if (n.qualifier == Qualifier::Pass && onPassPath(audit.trace, n.node))
            out.add(spaceOf(n.network));
    }
    // '+all' anywhere on a pass path: everything.
    for (qsizetype i = 0; i < audit.trace.nodes.size(); ++i) {
        const TraceNode &n = audit.trace.nodes[i];
        if (n.kind == NodeKind::Term && n.term.kind == TermKind::All
            && n.term.qualifier == Qualifier::Pass && onPassPath(audit.trace, int(i))) {
            out.addEverything();
            break;
        }
    }
    return out;
}

QList<Advice> treeAdvice(const Audit &audit, const TreeAdviceOptions &options)
{
    QList<Advice> out;
    if (audit.trace.nodes.isEmpty())
        return out;
    adviseSeveralRecords(audit, out);
    // One resolver for the advice's questions: the answers in hand first, then one cache over
    // the live resolver (the coverage checks ask the same tree again and again).
    std::unique_ptr<Dns::CachingResolver> dns;
    if (options.resolver)
        dns = std::make_unique<Dns::CachingResolver>(std::make_shared<KnownFirst>(audit, options));
    adviseDangling(audit, dns.get(), out);
    adviseCoverage(audit, dns.get(), options.helo.trimmed(), out);
    // Each record's own findings; '+all' in an included record matters only when its include
    // passes.
    for (qsizetype i = 0; i < audit.trace.nodes.size(); ++i) {
        const TraceNode &n = audit.trace.nodes[i];
        if (n.kind != NodeKind::Check || n.recordText.isEmpty())
            continue;
        QList<Advice> own;
        adviseRecord(parseRecord(n.recordText), n.domain, false, own);
        for (Advice &a : own) {
            if (i > 0 && a.kind == QLatin1String("neutral-all"))
                continue; // '?all' in an included record: the include simply does not match
            if (i > 0 && a.kind == QLatin1String("plus-all")) {
                if (!onPassPath(audit.trace, int(i)))
                    continue;
                a.message = QStringLiteral("'+all' in the record of %1, which %2 includes: that "
                                           "include matches every address, so every host on the "
                                           "Internet passes SPF as %2. Ask the provider to fix "
                                           "it, or remove the include.")
                                .arg(n.domain, audit.domain);
                a.proposal.clear(); // not the domain's own record to change
            }
            out << a;
        }
    }
    const AddressSpace space = authorizedSpace(audit);
    const QStringList networks = space.networks();
    out << Advice {QStringLiteral("address-space"), Severity::Info,
        space.isEmpty()
            ? (audit.trace.nodes[0].diagnostics.isEmpty()
                        || !parseRecord(audit.trace.nodes[0].recordText).hasErrors()
                    ? QStringLiteral("The tree authorizes no address.")
                    : QStringLiteral("The record has errors, so receivers authorize no address "
                                     "until they are fixed."))
            : QStringLiteral("The tree authorizes %1 in %2, duplicates counted once%3.")
                  .arg(space.describe(), Text::counted(networks.size(), "network", "networks"),
                      audit.complete()
                          ? QString()
                          : QStringLiteral(" (the tree is incomplete: a cap was hit)")),
        {}, {},
        {{QStringLiteral("ipv4"), double(space.ipv4Count())},
            {QStringLiteral("ipv6"), space.ipv6CountText()},
            {QStringLiteral("networks"), int(networks.size())},
            {QStringLiteral("complete"), audit.complete()}}};
    const bool everything = space.everyIpv4() || space.everyIpv6();
    if (!everything
        && (space.ipv4Count() > manyAddresses
            || (space.ipv6Count() > 0 && space.ipv6Count() > AddressSpace::U128(manyAddresses))))
        out << Advice {QStringLiteral("many-addresses"), Severity::Warning,
            QStringLiteral("More than %1 addresses may send as %2 (%3). Each range is a place mail "
                           "can be forged from if others can send there too (a shared hosting or "
                           "cloud range); list the sending servers' own addresses instead.")
                .arg(QLocale(QLocale::English).toString(manyAddresses), audit.domain,
                    space.describe()),
            {}, {},
            {{QStringLiteral("ipv4"), double(space.ipv4Count())},
                {QStringLiteral("limit"), double(manyAddresses)}}};
    advisePlan(audit, out);
    return out;
}

namespace {

// The record a term node is written in: its Check node.
int recordOf(const Trace &trace, int node)
{
    int n = trace.nodes.value(node).parent;
    while (n >= 0 && n < trace.nodes.size() && trace.nodes[n].kind != NodeKind::Check)
        n = trace.nodes[n].parent;
    return n;
}

// The record's text without the given terms (spaces between the rest kept single).
QString withoutTerms(const QString &text, QList<Term> terms)
{
    std::sort(terms.begin(), terms.end(),
        [](const Term &a, const Term &b) { return a.range.offset > b.range.offset; });
    QString out = text;
    for (const Term &t : terms)
        out.remove(t.range.offset, t.range.length);
    return out.simplified();
}

bool hasErrorBelow(const Trace &trace, int node)
{
    for (int c : trace.nodes[node].children) {
        const TraceNode &n = trace.nodes[c];
        if ((n.kind == NodeKind::Term && n.outcome == Outcome::Error) || hasErrorBelow(trace, c))
            return true;
    }
    return false;
}

// The term itself is written wrong: its record's parser diagnostics cover it.
bool writtenWrong(const Trace &trace, int node)
{
    const Term &t = trace.nodes[node].term;
    if (t.kind == TermKind::Invalid)
        return true;
    const int record = recordOf(trace, node);
    if (record < 0)
        return false;
    const QList<Diagnostic> &all = trace.nodes[record].diagnostics;
    return std::any_of(all.cbegin(), all.cend(), [&t](const Diagnostic &d) {
        return d.severity == Severity::Error && d.range.offset < t.range.end()
            && d.range.end() > t.range.offset;
    });
}

// Dropping a term authorizes nothing more only when it is a '+' term (dropping one can only
// pass less) without macros (whose answers depend on the sender).
bool droppable(const Term &t)
{
    return t.qualifier == Qualifier::Pass && !t.value.contains(QLatin1Char('%'));
}

bool deadTerm(const TraceNode &n)
{
    return n.kind == NodeKind::Term && n.voidLookup && droppable(n.term);
}

// A void term's own line: what its lookup found and its place in the count.
QString voidNote(const Trace &trace, const LookupBudget &budget, int node)
{
    bool nxdomain = false;
    for (int c : trace.nodes[node].children) {
        const TraceNode &q = trace.nodes[c];
        const Dns::Exchange ex = trace.exchanges.value(q.exchange);
        if (q.kind == NodeKind::Query && q.voidLookup && ex.answer)
            nxdomain = nxdomain || ex.answer->rcode == Dns::Rcode::NxDomain;
    }
    const TermKind kind = trace.nodes[node].term.kind;
    const QString what = nxdomain ? QStringLiteral("the name does not exist")
        : kind == TermKind::Mx    ? QStringLiteral("no MX host")
                                  : QStringLiteral("no address");
    const int position = budget.cost(node).voidPosition;
    if (position > budget.maxVoidLookups)
        return QStringLiteral("%1 (void lookup %2, over the %3 allowed: permerror)")
            .arg(what)
            .arg(position)
            .arg(budget.maxVoidLookups);
    return QStringLiteral("%1 (void lookup %2 of %3 allowed)")
        .arg(what)
        .arg(position)
        .arg(budget.maxVoidLookups);
}

Advice voidLookupCause(const Trace &trace, const LookupBudget &budget)
{
    Advice a;
    a.kind = QStringLiteral("void-lookups");
    a.severity = Severity::Error;
    // The dead terms, per record; the proposal is for the record of the term that crossed.
    const int crossing = budget.voidCrossingNode;
    int record = crossing >= 0 && trace.nodes[crossing].kind == NodeKind::Term
        ? recordOf(trace, crossing)
        : recordOf(trace, trace.nodes.value(crossing).parent);
    QList<Term> dead;
    QStringList names;
    for (int i = 0; i < trace.nodes.size(); ++i) {
        const TraceNode &n = trace.nodes[i];
        if (!(n.kind == NodeKind::Term && n.voidLookup))
            continue;
        const int r = recordOf(trace, i);
        if (record < 0)
            record = r;
        a.terms << termOf(trace.nodes.value(r).domain, n.term);
        a.terms.last().note = voidNote(trace, budget, i);
        names << n.term.text;
        if (r == record && deadTerm(n))
            dead << n.term;
    }
    a.message = QStringLiteral(
        "%1 void lookups, more than the %2 allowed (RFC 7208 §4.6.4): %3 name hosts that do not "
        "exist or have no address, so receivers return permerror and the record authorizes "
        "nothing. Choices: drop the dead terms (they never matched, so dropping them authorizes "
        "nothing new), or replace each with the host that now sends the mail.")
                    .arg(budget.voidLookups)
                    .arg(budget.maxVoidLookups)
                    .arg(names.join(QStringLiteral(", ")));
    if (record >= 0 && !dead.isEmpty())
        a.proposal = withoutTerms(trace.nodes[record].recordText, dead);
    a.figures.insert(QStringLiteral("voidLookups"), budget.voidLookups);
    a.figures.insert(QStringLiteral("limit"), budget.maxVoidLookups);
    return a;
}

Advice lookupLimitCause(const Trace &trace, const LookupBudget &budget)
{
    const TraceNode &n = trace.nodes[budget.crossingNode];
    Advice a;
    a.kind = QStringLiteral("too-many-lookups");
    a.severity = Severity::Error;
    a.terms << termOf(trace.nodes.value(recordOf(trace, budget.crossingNode)).domain, n.term);
    a.terms.last().note = QStringLiteral("DNS lookup %1, over the %2 allowed: permerror")
                              .arg(budget.cost(budget.crossingNode).position)
                              .arg(budget.maxLookups);
    a.message = QStringLiteral(
        "'%1' is DNS lookup %2 of the %3 allowed (RFC 7208 §4.6.4): receivers return permerror "
        "here. Choices: drop duplicate or unused includes (authorizes less), or flatten an "
        "include into the ranges it resolves to today (the same addresses now; they no longer "
        "follow the provider's changes): see the reduction plan.")
                    .arg(n.term.text)
                    .arg(budget.cost(budget.crossingNode).position)
                    .arg(budget.maxLookups);
    a.figures.insert(QStringLiteral("lookups"), budget.lookups);
    a.figures.insert(QStringLiteral("limit"), budget.maxLookups);
    return a;
}

// The deepest term that ended in an error, and what kind of cause its message names.
Advice termCause(const Trace &trace, int node)
{
    const TraceNode &n = trace.nodes[node];
    const int record = recordOf(trace, node);
    Advice a;
    a.severity = Severity::Error;
    a.terms << termOf(trace.nodes.value(record).domain, n.term);
    const bool temp = n.hasResult && n.result == Result::TempError;
    const QString why = Text::shortSafe(n.message, 200);
    if (temp) {
        a.kind = QStringLiteral("dns-failure");
        a.severity = Severity::Warning;
        a.message = QStringLiteral(
            "DNS failure at '%1': %2. This is a temperror, not a missing record: nothing in the "
            "record needs to change; ask again, or check that server.")
                        .arg(n.term.text, why);
        a.terms.last().note
            = QStringLiteral("DNS failure (temperror): ") + Text::shortSafe(n.message, 80);
        return a;
    }
    if (n.cause == ErrorCause::Loop) {
        a.terms.last().note = QStringLiteral("loops back to a record already being checked");
        a.kind = QStringLiteral("loop");
        a.message = QStringLiteral(
            "'%1' loops back to a record already being checked (%2): receivers return permerror. "
            "Choice: drop it (it never authorized anything, so dropping it authorizes nothing "
            "new), or point it at the provider's own record.")
                        .arg(n.term.text, why);
    } else if (n.cause == ErrorCause::NoRecord) {
        a.terms.last().note = QStringLiteral("names a domain with no SPF record");
        a.kind = QStringLiteral("missing-include-target");
        a.message = QStringLiteral(
            "'%1' names a domain with no SPF record (%2): receivers return permerror. Choices: "
            "drop it (it authorized nothing, so dropping it authorizes nothing new), or replace "
            "it with the include the provider documents today.")
                        .arg(n.term.text, why);
    } else {
        a.terms.last().note = QStringLiteral("ends in permerror");
        a.kind = QStringLiteral("broken-include");
        a.message = QStringLiteral(
            "'%1' ends in permerror (%2). Choices: fix the record it names, or drop the term "
            "(it authorized nothing while broken, so dropping it authorizes nothing new).")
                        .arg(n.term.text, why);
    }
    if (droppable(n.term) && record >= 0)
        a.proposal = withoutTerms(trace.nodes[record].recordText, {n.term});
    return a;
}

} // namespace

QList<Advice> errorCauses(const Trace &trace)
{
    QList<Advice> out;
    if (trace.nodes.isEmpty())
        return out;
    const LookupBudget budget = lookupBudget(trace);
    if (budget.overVoids())
        out << voidLookupCause(trace, budget);
    if (budget.overLookups() && budget.crossingNode >= 0
        && trace.nodes[budget.crossingNode].kind == NodeKind::Term)
        out << lookupLimitCause(trace, budget);
    for (int i = 0; i < trace.nodes.size(); ++i) {
        const TraceNode &n = trace.nodes[i];
        if (n.kind != NodeKind::Term || n.outcome != Outcome::Error || i == budget.crossingNode
            || hasErrorBelow(trace, i))
            continue;
        if (n.cause == ErrorCause::VoidLookups || n.crossesLimit)
            continue; // said above, with the choices
        if (writtenWrong(trace, i))
            continue; // a syntax error: the linter's diagnostic says it, with its quick fix
        out << termCause(trace, i);
    }
    return out;
}

// ---- the advice's questions, asked ahead ------------------------------------------------

// Its questions wait on the network, not on a processor: a crew of up to 16 on the shared pool.
struct AdviceAhead::Private
{
    Private(Dns::Resolver &r, const QString &d, const QString &h, const Work::Cancel &c)
        : dns(r)
        , domain(d)
        , helo(h)
        , cancel(c)
        , crew(16, c)
    { }

    Dns::Resolver &dns;
    const QString domain;
    const QString helo;
    const Work::Cancel cancel;
    std::mutex mutex; // guards asked and finished
    QSet<QString> asked; // "ip/ADDRESS", "soa/NAME": each once
    bool finished = false; // no more targets taken
    Work::Crew crew; // last: stopped before the rest goes

    bool once(const QString &key)
    {
        std::lock_guard lock(mutex);
        if (asked.contains(key))
            return false;
        asked.insert(key);
        return true;
    }

    // The host's addresses, then check_host() for each address not checked yet (the coverage
    // check evaluates the same domain and HELO for every host).
    void checkAddresses(const QString &host)
    {
        for (const quint16 type : {Dns::Type::A, Dns::Type::AAAA}) {
            crew.add([this, host, type] {
                for (const QHostAddress &ip : hostAddresses(dns, host, type)) {
                    if (once(QStringLiteral("ip/") + Net::ipToString(ip)))
                        crew.add(
                            [this, ip] { (void)coverageResult(dns, domain, helo, ip, cancel); });
                }
            });
        }
    }
};

AdviceAhead::AdviceAhead(
    Dns::Resolver &dns, const QString &domain, const QString &helo, const Work::Cancel &cancel)
    : d(std::make_unique<Private>(dns, domain, helo.trimmed(), cancel))
{
    Private *p = d.get();
    p->crew.add([p] {
        for (const CoverageHost &host : mxHosts(p->dns, p->domain))
            p->checkAddresses(host.name);
    });
    if (!p->helo.isEmpty())
        p->checkAddresses(p->helo);
}

AdviceAhead::~AdviceAhead()
{
    finish();
}

void AdviceAhead::targetAnswered(const QString &target, const Dns::Answer &answer)
{
    if (!answer || answer->rcode != Dns::Rcode::NxDomain)
        return;
    const std::optional<Dns::Question> existence = existenceQuestion(target);
    if (!existence)
        return;
    const QString key = QStringLiteral("soa/") + Net::canonicalName(existence->name);
    std::lock_guard lock(d->mutex); // held while adding: finish() cannot slip in between
    if (d->finished || d->asked.contains(key))
        return;
    d->asked.insert(key);
    d->crew.add([p = d.get(), question = *existence] { (void)p->dns.resolve(question); });
}

void AdviceAhead::finish()
{
    {
        std::lock_guard lock(d->mutex);
        d->finished = true;
    }
    // Jobs add their follow-ups while they run: done when nothing is queued or running.
    d->crew.wait();
}

} // namespace Spf
