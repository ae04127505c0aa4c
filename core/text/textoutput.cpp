#include "text/textoutput.h"

#include "common/netutil.h"
#include "spf/addressspace.h"
#include "spf/advice.h"
#include "spf/budget.h"
#include "spf/parser.h"

namespace Text {

using namespace Spf;

namespace {

// dig's record line with every field made safe, and the tab separators kept.
QString safeRecordLine(const Dns::Record &r)
{
    return QStringLiteral("%1.\t%2\tIN\t%3\t%4")
        .arg(safeText(r.name))
        .arg(r.ttl)
        .arg(Dns::typeName(r.type), safeText(r.data));
}

QString pad(int n)
{
    return QString(n, QLatin1Char(' '));
}

QString resultWord(const TraceNode &n)
{
    return n.hasResult ? resultName(n.result) : QString();
}

QString ms(qint64 us)
{
    return QStringLiteral("%1 ms").arg(double(us) / 1000.0, 0, 'f', 1);
}

QString exchangeLine(const Trace &trace, const TraceNode &n)
{
    if (n.exchange < 0 || n.exchange >= trace.exchanges.size())
        return n.message;
    const Dns::Exchange &e = trace.exchanges[n.exchange];
    QString line
        = QStringLiteral("%1 %2 -> %3")
              .arg(Dns::typeName(e.question.type), safeText(e.question.name), safeText(n.message));
    if (e.answer) {
        QStringList values;
        for (const Dns::Record &r : e.answer->recordsOfType(e.question.type)) {
            values << safeText(r.type == Dns::Type::TXT ? QString::fromLatin1(r.joinedText())
                                                        : (r.target.isEmpty() ? r.data : r.target));
            if (values.size() == 4) {
                values << QStringLiteral("...");
                break;
            }
        }
        if (!values.isEmpty())
            line += QStringLiteral(": ") + values.join(QStringLiteral(", "));
        line += QStringLiteral(" (%1%2)").arg(ms(e.answer->elapsedUs),
            e.answer->tcp || e.answer->zoneFile ? QStringLiteral(", ") + e.answer->transportName()
                                                : QString());
    }
    if (n.voidLookup)
        line += QStringLiteral(" [void]");
    return line;
}

void printNode(QTextStream &out, const Trace &trace, const LookupBudget &budget, int index,
    int depth, bool showQueries)
{
    const TraceNode &n = trace.nodes[index];
    const QString ind = pad(depth * 2);
    const QString mark = n.onDecidingPath ? QStringLiteral("* ") : QStringLiteral("  ");
    switch (n.kind) {
    case NodeKind::Check: {
        out << ind << mark << safeText(Net::bothForms(n.domain));
        if (!n.recordText.isEmpty())
            out << QStringLiteral("  \"") << safeText(n.recordText) << QLatin1Char('"');
        if (n.hasResult)
            out << QStringLiteral("  => ") << resultWord(n);
        if (const LookupBudget::Cost cost = budget.cost(index);
            cost.below > 0 || cost.voidsBelow > 0)
            out << QStringLiteral("  [%1 lookups below, %2 void]")
                       .arg(cost.below)
                       .arg(cost.voidsBelow);
        out << Qt::endl;
        if (!n.message.isEmpty() && n.hasResult && n.result != Result::Pass
            && n.result != Result::Neutral)
            out << ind << QStringLiteral("    ") << safeText(n.message) << Qt::endl;
        break;
    }
    case NodeKind::Term: {
        out << ind << mark << safeText(n.term.text);
        if (!n.target.isEmpty() && n.target != n.term.value)
            out << QStringLiteral(" (") << safeText(n.target) << QLatin1Char(')');
        if (n.outcome != Outcome::None)
            out << QStringLiteral("  ") << outcomeName(n.outcome);
        if (n.hasResult)
            out << QStringLiteral(" => ") << resultWord(n);
        if (const QString cost = lookupCostText(budget, index); !cost.isEmpty())
            out << QStringLiteral("  [") << cost << QLatin1Char(']');
        if (const int v = budget.cost(index).voidPosition; v > 0)
            out << QStringLiteral("  [void lookup %1 of %2]").arg(v).arg(budget.maxVoidLookups);
        if (n.crossesLimit && !budget.cost(index).overLimit)
            out << QStringLiteral("  <-- over the %1-lookup limit").arg(budget.maxLookups);
        out << Qt::endl;
        for (const MacroExpansion &m : n.expansions)
            out << ind << QStringLiteral("      macro ") << m.macro << QStringLiteral(" = ")
                << safeText(m.value) << Qt::endl;
        if (!n.message.isEmpty() && n.outcome != Outcome::NotReached)
            out << ind << QStringLiteral("      ") << safeText(n.message) << Qt::endl;
        break;
    }
    case NodeKind::Query:
        if (showQueries)
            out << ind << QStringLiteral("  ? ") << exchangeLine(trace, n) << Qt::endl;
        break;
    case NodeKind::Note:
        out << ind << QStringLiteral("  note: ") << safeText(n.message) << Qt::endl;
        break;
    }
    for (int c : n.children)
        printNode(out, trace, budget, c, depth + 1, showQueries);
}

} // namespace

void printAdvice(QTextStream &out, const QList<Advice> &advice)
{
    if (advice.isEmpty())
        return;
    out << Qt::endl << QStringLiteral("Advice:") << Qt::endl;
    for (const Advice &a : advice) {
        out << QStringLiteral("  [") << severityName(a.severity) << QStringLiteral("] ") << a.kind
            << QStringLiteral(": ") << safeText(a.message) << Qt::endl;
        if (!a.proposal.isEmpty()) {
            out << QStringLiteral("    proposal (review before publishing):") << Qt::endl;
            for (const QString &line : a.proposal.split(QLatin1Char('\n')))
                out << QStringLiteral("      ") << safeText(line) << Qt::endl;
        }
    }
}

void printRecordDiagnostics(QTextStream &out, const Record &record, int indent)
{
    const QString ind = pad(indent);
    out << ind << safeText(record.text) << Qt::endl;
    for (const Diagnostic &d : record.diagnostics) {
        out << ind << pad(d.range.offset) << QString(std::max(1, d.range.length), QLatin1Char('^'))
            << QLatin1Char(' ') << severityName(d.severity) << QLatin1Char(' ') << codeName(d.code)
            << QStringLiteral(": ") << safeText(d.message) << Qt::endl;
        if (d.suggestion)
            out << ind << pad(d.range.offset) << QStringLiteral("  fix: ")
                << (d.suggestion->isEmpty()
                           ? QStringLiteral("remove it")
                           : QLatin1Char('\'') + safeText(*d.suggestion) + QLatin1Char('\''))
                << QStringLiteral(" — ")
                << safeText(fixImpact(record, parseRecord(withSuggestion(record, d))).describe())
                << Qt::endl;
    }
}

void printEvaluation(QTextStream &out, const Evaluation &e)
{
    out << QStringLiteral("Result: ") << resultName(e.result) << Qt::endl;
    out << QStringLiteral("Domain: ") << safeText(Net::bothForms(e.domain)) << QStringLiteral(" (")
        << e.identity << QStringLiteral(" identity; sender ") << safeText(e.sender)
        << QStringLiteral("; IP ") << e.ip << QLatin1Char(')') << Qt::endl;
    out << QStringLiteral("Why: ") << safeText(e.reason) << Qt::endl;
    if (!e.explanation.isEmpty())
        out << QStringLiteral("Explanation: ") << safeText(e.explanation) << Qt::endl;
    const LookupBudget budget = lookupBudget(e.trace);
    out << QStringLiteral("DNS lookups: %1/%2, void lookups: %3/%4, queries: %5, time: %6")
               .arg(e.lookups)
               .arg(budget.maxLookups)
               .arg(e.voidLookups)
               .arg(budget.maxVoidLookups)
               .arg(e.trace.exchanges.size())
               .arg(ms(e.elapsedUs));
    if (e.cacheHits + e.cacheMisses > 0)
        out << QStringLiteral(" (answer cache: %1 hits, %2 misses)")
                   .arg(e.cacheHits)
                   .arg(e.cacheMisses);
    out << Qt::endl;
    for (const QString &d : e.divergences)
        out << QStringLiteral("Note: ") << d << Qt::endl;
    if (!e.interpretations.isEmpty()) {
        out << QStringLiteral("Receivers disagree on this check:") << Qt::endl;
        for (const Interpretation &i : e.interpretations)
            out << QStringLiteral("  %1 reading: %2 (%3)")
                       .arg(i.name, resultName(i.result), safeText(i.why))
                << Qt::endl;
    }
    for (const TraceNode &n : e.trace.nodes) {
        if (n.kind == NodeKind::Check && !n.diagnostics.isEmpty()) {
            Record r = parseRecord(n.recordText);
            if (r.hasErrors()) {
                out << Qt::endl
                    << QStringLiteral("Problems in the record of ") << safeText(n.domain)
                    << QLatin1Char(':') << Qt::endl;
                printRecordDiagnostics(out, r, 2);
            }
        }
    }
    out << Qt::endl << QStringLiteral("Trace (* = the path that decided):") << Qt::endl;
    if (!e.trace.nodes.isEmpty())
        printNode(out, e.trace, lookupBudget(e.trace), 0, 0, true);
}

void printAudit(QTextStream &out, const Audit &a)
{
    out << QStringLiteral("SPF tree of ") << safeText(Net::bothForms(a.domain))
        << QStringLiteral(": %1 (limit %2), %3 (limit %4), %5, %6")
               .arg(Text::counted(a.lookups, "DNS lookup", "DNS lookups"),
                   QString::number(a.trace.maxLookups),
                   Text::counted(a.voidLookups, "void lookup", "void lookups"),
                   QString::number(a.trace.maxVoidLookups),
                   Text::counted(a.trace.exchanges.size(), "query", "queries"), ms(a.elapsedUs));
    if (a.cacheHits + a.cacheMisses > 0)
        out << QStringLiteral(" (answer cache: %1 hits, %2 misses)")
                   .arg(a.cacheHits)
                   .arg(a.cacheMisses);
    out << Qt::endl << Qt::endl;
    if (!a.trace.nodes.isEmpty())
        printNode(out, a.trace, lookupBudget(a.trace), 0, 0, false);
    if (!a.problems.isEmpty()) {
        out << Qt::endl << QStringLiteral("Problems:") << Qt::endl;
        for (const QString &p : a.problems)
            out << QStringLiteral("  - ") << safeText(p) << Qt::endl;
    }
    for (const QString &c : a.capsHit)
        out << QStringLiteral("Incomplete: ") << c << Qt::endl;
    for (const QString &d : a.divergences)
        out << QStringLiteral("Note: ") << d << Qt::endl;
    if (!a.networks.isEmpty()) {
        out << Qt::endl
            << QStringLiteral("Networks named (%1):").arg(a.networks.size()) << Qt::endl;
        for (const AuthorizedNetwork &n : a.networks)
            out << QStringLiteral("  ") << qualifierChar(n.qualifier) << QLatin1Char(' ')
                << n.network << QStringLiteral("  via ") << safeText(n.via) << Qt::endl;
    }
}

// What happened on the wire, a try a line (why a temperror happened).
void printWire(QTextStream &out, const QList<Dns::WireStep> &wire)
{
    for (const Dns::WireStep &step : wire)
        out << QStringLiteral(";; wire: ") << safeText(Dns::describe(step)) << Qt::endl;
}

void printResponse(QTextStream &out, const Dns::Question &q, const Dns::Answer &a)
{
    out << QStringLiteral(";; QUESTION: ") << safeText(q.name) << QStringLiteral(". IN ")
        << Dns::typeName(q.type) << Qt::endl;
    if (!a) {
        out << QStringLiteral(";; ERROR: ") << Dns::errorKindName(a.error().kind)
            << QStringLiteral(": ") << safeText(a.error().message) << QStringLiteral(" (server ")
            << a.error().server << QStringLiteral(", ") << ms(a.error().elapsedUs)
            << QStringLiteral(")") << Qt::endl;
        printWire(out, a.error().wire);
        return;
    }
    out << QStringLiteral(";; status: ") << Dns::rcodeName(a->rcode) << QStringLiteral(", server ")
        << a->server << QStringLiteral(", ") << ms(a->elapsedUs) << QStringLiteral(", ")
        << a->transportName()
        << (a->truncated ? QStringLiteral(" (UDP answer was truncated)") : QString())
        << (a->authoritative ? QStringLiteral(", authoritative") : QString()) << Qt::endl;
    // How it came: shown when it took more than one plain UDP exchange (a retry, TCP, no EDNS).
    if (a->wire.size() > 1 || a->truncated || a->rcode == Dns::Rcode::ServFail
        || a->rcode == Dns::Rcode::Refused)
        printWire(out, a->wire);
    out << QStringLiteral(";; ANSWER SECTION (%1):").arg(a->answers.size()) << Qt::endl;
    for (const Dns::Record &r : a->answers)
        out << safeRecordLine(r) << Qt::endl;
    if (!a->authority.isEmpty()) {
        out << QStringLiteral(";; AUTHORITY SECTION:") << Qt::endl;
        for (const Dns::Record &r : a->authority)
            out << safeRecordLine(r) << Qt::endl;
    }
    if (q.type == Dns::Type::TXT || q.type == Dns::Type::SPF) {
        for (const Dns::Record &r : a->recordsOfType(q.type)) {
            if (r.strings.size() > 1)
                out << QStringLiteral(";; joined (RFC 7208 §3.3): \"")
                    << safeText(QString::fromLatin1(r.joinedText())) << QLatin1Char('"')
                    << Qt::endl;
        }
    }
}

void printReverse(QTextStream &out, const Dns::ReverseResult &r)
{
    out << QStringLiteral("IP: ") << r.ip << Qt::endl;
    for (const QString &n : r.rangeNotes)
        out << QStringLiteral("Note: ") << n << Qt::endl;
    out << QStringLiteral("PTR query: ") << r.ptrName << QStringLiteral(" -> ")
        << safeText(answerSummary(r.ptrAnswer, Dns::Type::PTR)) << Qt::endl;
    for (const Dns::ReverseName &n : r.names) {
        out << QStringLiteral("  ") << safeText(Net::bothForms(n.name)) << QStringLiteral(" -> ")
            << (n.addresses.isEmpty() ? safeText(n.error) : n.addresses.join(QStringLiteral(", ")))
            << (n.confirmed ? QStringLiteral("  [forward-confirmed]")
                            : QStringLiteral("  [NOT confirmed]"))
            << Qt::endl;
    }
    if (r.namesIgnored > 0)
        out << QStringLiteral("  (%1 more PTR names ignored: at most 10 are checked)")
                   .arg(r.namesIgnored)
            << Qt::endl;
    out << QStringLiteral("FCrDNS: ")
        << (r.hasConfirmedName() ? QStringLiteral("pass") : QStringLiteral("fail")) << Qt::endl;
}

} // namespace Text
