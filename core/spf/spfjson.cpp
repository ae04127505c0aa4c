#include "spf/spfjson.h"

#include "common/netutil.h"
#include "dns/dnsjson.h"
#include "spf/budget.h"
#include "spf/parser.h"

namespace Spf::Json {

QJsonObject fromDiagnostic(const Diagnostic &d)
{
    return {{QStringLiteral("severity"), severityName(d.severity)},
        {QStringLiteral("code"), codeName(d.code)}, {QStringLiteral("message"), d.message},
        {QStringLiteral("offset"), d.range.offset}, {QStringLiteral("length"), d.range.length},
        {QStringLiteral("suggestion"),
            d.suggestion ? QJsonValue(*d.suggestion) : QJsonValue(QJsonValue::Null)}};
}

QJsonObject fromTerm(const Term &t)
{
    QJsonObject o {{QStringLiteral("text"), t.text}, {QStringLiteral("kind"), termKindName(t.kind)},
        {QStringLiteral("offset"), t.range.offset}, {QStringLiteral("length"), t.range.length},
        {QStringLiteral("valid"), t.valid}};
    if (isMechanism(t.kind))
        o.insert(QStringLiteral("qualifier"), QString(qualifierChar(t.qualifier)));
    if (!t.value.isEmpty())
        o.insert(QStringLiteral("value"), t.value);
    if (t.cidr4 >= 0)
        o.insert(QStringLiteral("cidr4"), t.cidr4);
    if (t.cidr6 >= 0)
        o.insert(QStringLiteral("cidr6"), t.cidr6);
    return o;
}

QJsonObject fromImpact(const FixImpact &impact)
{
    const auto space = [](const AddressSpace &s) {
        const QStringList nets = s.networks();
        return QJsonObject {{QStringLiteral("ipv4"), double(s.ipv4Count())},
            {QStringLiteral("ipv6"), s.ipv6CountText()},
            {QStringLiteral("networks"), QJsonArray::fromStringList(nets.mid(0, 50))},
            {QStringLiteral("networks_total"), int(nets.size())}};
    };
    return {{QStringLiteral("same"), impact.same()},
        {QStringLiteral("description"), impact.describe()},
        {QStringLiteral("more"), space(impact.more)},
        {QStringLiteral("fewer"), space(impact.fewer)},
        {QStringLiteral("dns_terms_added"), QJsonArray::fromStringList(impact.dnsTermsAdded)},
        {QStringLiteral("dns_terms_removed"), QJsonArray::fromStringList(impact.dnsTermsRemoved)}};
}

QJsonObject fromAdvice(const Advice &a)
{
    QJsonArray terms;
    for (const AdviceTerm &t : a.terms)
        terms << QJsonObject {{QStringLiteral("domain"), t.domain},
            {QStringLiteral("term"), t.term}, {QStringLiteral("offset"), t.offset},
            {QStringLiteral("length"), t.length}, {QStringLiteral("note"), t.note}};
    QJsonObject o = a.figures;
    o.insert(QStringLiteral("kind"), a.kind);
    o.insert(QStringLiteral("severity"), severityName(a.severity));
    o.insert(QStringLiteral("message"), a.message);
    o.insert(QStringLiteral("terms"), terms);
    o.insert(QStringLiteral("proposal"),
        a.proposal.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(a.proposal));
    return o;
}

QJsonArray fromAdvice(const QList<Advice> &advice)
{
    QJsonArray out;
    for (const Advice &a : advice)
        out << fromAdvice(a);
    return out;
}

QJsonObject fromRecord(const Record &record)
{
    QJsonArray diagnostics;
    int warnings = 0;
    for (const Diagnostic &d : record.diagnostics) {
        QJsonObject o = fromDiagnostic(d);
        if (d.suggestion)
            o.insert(QStringLiteral("impact"),
                fromImpact(fixImpact(record, parseRecord(withSuggestion(record, d)))));
        diagnostics << o;
        warnings += d.severity == Severity::Warning ? 1 : 0;
    }
    QJsonArray terms;
    for (const Term &t : record.terms)
        terms << fromTerm(t);
    return {{QStringLiteral("record"), record.text}, {QStringLiteral("valid"), !record.hasErrors()},
        {QStringLiteral("errors"), record.errorCount()}, {QStringLiteral("warnings"), warnings},
        {QStringLiteral("diagnostics"), diagnostics}, {QStringLiteral("terms"), terms}};
}

namespace {

QJsonObject queryObject(const Trace &trace, const TraceNode &n)
{
    QJsonObject o {{QStringLiteral("kind"), QStringLiteral("query")}};
    if (n.exchange < 0 || n.exchange >= trace.exchanges.size())
        return o;
    const Dns::Exchange &e = trace.exchanges[n.exchange];
    o.insert(QStringLiteral("name"), e.question.name);
    o.insert(QStringLiteral("type"), Dns::typeName(e.question.type));
    o.insert(QStringLiteral("summary"), n.message);
    o.insert(QStringLiteral("void"), n.voidLookup);
    if (e.shared)
        o.insert(QStringLiteral("cached"), true);
    if (e.answer) {
        o.insert(QStringLiteral("rcode"), Dns::rcodeName(e.answer->rcode));
        QJsonArray answers;
        for (const Dns::Record &r : e.answer->answers)
            answers << Dns::Json::fromRecord(r);
        o.insert(QStringLiteral("answers"), answers);
        o.insert(QStringLiteral("ms"), double(e.answer->elapsedUs) / 1000.0);
        o.insert(QStringLiteral("server"), e.answer->server);
        o.insert(QStringLiteral("tcp"), e.answer->tcp);
    } else {
        o.insert(QStringLiteral("error"), Dns::errorKindName(e.answer.error().kind));
        o.insert(QStringLiteral("message"), e.answer.error().message);
        o.insert(QStringLiteral("ms"), double(e.answer.error().elapsedUs) / 1000.0);
    }
    return o;
}

QJsonObject nodeObject(const Trace &trace, const LookupBudget &budget, int index, int depth)
{
    const TraceNode &n = trace.nodes[index];
    QJsonObject o;
    switch (n.kind) {
    case NodeKind::Query:
        return queryObject(trace, n);
    case NodeKind::Note:
        return {{QStringLiteral("kind"), QStringLiteral("note")},
            {QStringLiteral("message"), n.message}};
    case NodeKind::Check: {
        o.insert(QStringLiteral("kind"), QStringLiteral("record"));
        o.insert(QStringLiteral("domain"), n.domain);
        o.insert(QStringLiteral("record"),
            n.recordText.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(n.recordText));
        QJsonArray diags;
        for (const Diagnostic &d : n.diagnostics)
            diags << fromDiagnostic(d);
        o.insert(QStringLiteral("diagnostics"), diags);
        o.insert(QStringLiteral("subtree_lookups"), n.subtreeLookups);
        o.insert(QStringLiteral("subtree_void_lookups"), n.subtreeVoids);
        break;
    }
    case NodeKind::Term:
        o.insert(QStringLiteral("kind"), QStringLiteral("term"));
        o.insert(QStringLiteral("term"), n.term.text);
        o.insert(QStringLiteral("mechanism"), termKindName(n.term.kind));
        if (isMechanism(n.term.kind))
            o.insert(QStringLiteral("qualifier"), QString(qualifierChar(n.term.qualifier)));
        o.insert(QStringLiteral("offset"), n.term.range.offset);
        o.insert(QStringLiteral("length"), n.term.range.length);
        if (!n.target.isEmpty())
            o.insert(QStringLiteral("target"), n.target);
        o.insert(QStringLiteral("outcome"), outcomeName(n.outcome));
        if (n.lookupsAfter >= 0)
            o.insert(QStringLiteral("lookups_after"), n.lookupsAfter);
        if (n.voidsAfter >= 0)
            o.insert(QStringLiteral("void_lookups_after"), n.voidsAfter);
        o.insert(QStringLiteral("void_lookup"), n.voidLookup);
        o.insert(QStringLiteral("crosses_limit"), n.crossesLimit);
        // Its own place in the lookup count (0: it costs none) and what the records below it
        // spend: the tree's "lookup 2, +3 below".
        o.insert(QStringLiteral("lookup_position"), budget.cost(index).position);
        o.insert(QStringLiteral("lookups_below"), budget.cost(index).below);
        if (!n.expansions.isEmpty()) {
            QJsonArray macros;
            for (const MacroExpansion &m : n.expansions)
                macros << QJsonObject {
                    {QStringLiteral("macro"), m.macro}, {QStringLiteral("value"), m.value}};
            o.insert(QStringLiteral("macros"), macros);
        }
        break;
    }
    if (n.hasResult)
        o.insert(QStringLiteral("result"), resultName(n.result));
    if (!n.message.isEmpty())
        o.insert(QStringLiteral("message"), n.message);
    o.insert(QStringLiteral("deciding"), n.onDecidingPath);
    QJsonArray children;
    if (depth < 64) { // trees are capped far below this; a guard against a malformed trace
        for (int c : n.children)
            children << nodeObject(trace, budget, c, depth + 1);
    }
    o.insert(QStringLiteral("children"), children);
    return o;
}

} // namespace

QJsonObject fromTrace(const Trace &trace, int root)
{
    if (trace.nodes.isEmpty())
        return {};
    return nodeObject(trace, lookupBudget(trace), root < 0 ? 0 : root, 0);
}

QJsonArray fromExchanges(const QList<Dns::Exchange> &exchanges)
{
    QJsonArray out;
    for (const Dns::Exchange &e : exchanges)
        out << Dns::Json::fromExchange(e);
    return out;
}

QJsonObject fromEvaluation(const Evaluation &e, bool withTrace)
{
    QJsonObject o {{QStringLiteral("result"), resultName(e.result)},
        {QStringLiteral("domain"), e.domain},
        {QStringLiteral("domain_unicode"), Net::toUnicode(e.domain)},
        {QStringLiteral("identity"), e.identity}, {QStringLiteral("ip"), e.ip},
        {QStringLiteral("sender"), e.sender}, {QStringLiteral("reason"), e.reason},
        {QStringLiteral("lookups"), e.lookups}, {QStringLiteral("void_lookups"), e.voidLookups},
        {QStringLiteral("queries"), int(e.trace.exchanges.size())},
        {QStringLiteral("elapsed_ms"), double(e.elapsedUs) / 1000.0},
        {QStringLiteral("divergences"), QJsonArray::fromStringList(e.divergences)}};
    // Where the result depends on a reading receivers split on: each reading's result.
    QJsonArray interpretations;
    for (const Interpretation &i : e.interpretations)
        interpretations << QJsonObject {{QStringLiteral("name"), i.name},
            {QStringLiteral("result"), resultName(i.result)}, {QStringLiteral("why"), i.why}};
    o.insert(QStringLiteral("interpretations"), interpretations);
    if (withTrace)
        o.insert(QStringLiteral("trace"), fromTrace(e.trace));
    if (e.cacheHits + e.cacheMisses > 0)
        o.insert(QStringLiteral("cache"),
            QJsonObject {
                {QStringLiteral("hits"), e.cacheHits}, {QStringLiteral("misses"), e.cacheMisses}});
    if (!e.explanation.isEmpty())
        o.insert(QStringLiteral("explanation"), e.explanation);
    if (e.decidingNode >= 0 && e.decidingNode < e.trace.nodes.size()) {
        const TraceNode &n = e.trace.nodes[e.decidingNode];
        QJsonObject deciding {{QStringLiteral("term"), n.term.text}};
        for (int p = n.parent; p >= 0; p = e.trace.nodes[p].parent) {
            if (e.trace.nodes[p].kind == NodeKind::Check) {
                deciding.insert(QStringLiteral("domain"), e.trace.nodes[p].domain);
                break;
            }
        }
        o.insert(QStringLiteral("deciding_term"), deciding);
    }
    return o;
}

QJsonObject fromAudit(const Audit &a)
{
    QJsonArray networks;
    for (const AuthorizedNetwork &n : a.networks)
        networks << QJsonObject {{QStringLiteral("network"), n.network},
            {QStringLiteral("qualifier"), QString(qualifierChar(n.qualifier))},
            {QStringLiteral("via"), n.via}};
    QJsonObject o {{QStringLiteral("domain"), a.domain},
        {QStringLiteral("domain_unicode"), Net::toUnicode(a.domain)},
        {QStringLiteral("lookups"), a.lookups}, {QStringLiteral("lookup_limit"), 10},
        {QStringLiteral("void_lookups"), a.voidLookups},
        {QStringLiteral("queries"), int(a.trace.exchanges.size())},
        {QStringLiteral("complete"), a.complete()},
        {QStringLiteral("caps_hit"), QJsonArray::fromStringList(a.capsHit)},
        {QStringLiteral("loops"), QJsonArray::fromStringList(a.loops)},
        {QStringLiteral("problems"), QJsonArray::fromStringList(a.problems)},
        {QStringLiteral("divergences"), QJsonArray::fromStringList(a.divergences)},
        {QStringLiteral("networks"), networks},
        {QStringLiteral("elapsed_ms"), double(a.elapsedUs) / 1000.0},
        {QStringLiteral("tree"), fromTrace(a.trace)}};
    if (a.crossingNode >= 0)
        o.insert(QStringLiteral("limit_crossed_at"), a.trace.nodes[a.crossingNode].term.text);
    if (a.cacheHits + a.cacheMisses > 0)
        o.insert(QStringLiteral("cache"),
            QJsonObject {
                {QStringLiteral("hits"), a.cacheHits}, {QStringLiteral("misses"), a.cacheMisses}});
    return o;
}

QJsonObject fromReverse(const Dns::ReverseResult &r)
{
    QJsonArray names;
    for (const Dns::ReverseName &n : r.names) {
        QJsonObject o {{QStringLiteral("name"), n.name},
            {QStringLiteral("name_unicode"), Net::toUnicode(n.name)},
            {QStringLiteral("addresses"), QJsonArray::fromStringList(n.addresses)},
            {QStringLiteral("confirmed"), n.confirmed}};
        if (!n.error.isEmpty())
            o.insert(QStringLiteral("error"), n.error);
        names << o;
    }
    QJsonObject o {{QStringLiteral("ip"), r.ip}, {QStringLiteral("ptr_name"), r.ptrName},
        {QStringLiteral("special_ranges"), QJsonArray::fromStringList(r.rangeNotes)},
        {QStringLiteral("names"), names}, {QStringLiteral("names_ignored"), r.namesIgnored},
        {QStringLiteral("fcrdns"), r.hasConfirmedName()},
        {QStringLiteral("queries"), fromExchanges(r.exchanges)}};
    if (r.ptrAnswer)
        o.insert(QStringLiteral("rcode"), Dns::rcodeName(r.ptrAnswer->rcode));
    else
        o.insert(QStringLiteral("error"), r.ptrAnswer.error().message);
    return o;
}

} // namespace Spf::Json
