#include "spf/budget.h"

#include <QStringList>

#include <functional>

namespace Spf {

namespace {

bool evaluated(const TraceNode &n)
{
    return n.kind == NodeKind::Term && n.outcome != Outcome::NotReached
        && n.outcome != Outcome::Ignored;
}

} // namespace

LookupBudget lookupBudget(const Trace &trace)
{
    LookupBudget b;
    b.maxLookups = trace.maxLookups;
    b.maxVoidLookups = trace.maxVoidLookups;
    b.nodes.resize(trace.nodes.size());
    if (trace.nodes.isEmpty())
        return b;
    // Pre-order is the order the walk spent its lookups in: a term's own lookup comes before
    // those of the record it leads to.
    std::function<void(int, int)> walk = [&](int node, int depth) {
        const TraceNode &n = trace.nodes[node];
        LookupBudget::Cost &cost = b.nodes[node];
        if (evaluated(n)) {
            if (countsLookup(n.term.kind) && (n.lookupsAfter >= 0 || n.crossesLimit)) {
                cost.position = ++b.lookups;
                cost.overLimit = cost.position > b.maxLookups;
                if (cost.overLimit && b.crossingNode < 0)
                    b.crossingNode = node;
            }
            if (n.voidLookup) {
                cost.voidPosition = ++b.voidLookups;
                if (cost.voidPosition > b.maxVoidLookups && b.voidCrossingNode < 0)
                    b.voidCrossingNode = node;
            }
        }
        const int lookupsBefore = b.lookups;
        const int voidsBefore = b.voidLookups;
        if (depth < 64) { // the walks cap depth far below this; a hostile trace cannot recurse on
            for (int c : n.children) {
                if (c > node && c < trace.nodes.size())
                    walk(c, depth + 1);
            }
        }
        cost.below = b.lookups - lookupsBefore;
        cost.voidsBelow = b.voidLookups - voidsBefore;
    };
    walk(0, 0);
    for (int c : trace.nodes[0].children) {
        if (c <= 0 || c >= trace.nodes.size() || trace.nodes[c].kind != NodeKind::Term)
            continue;
        const LookupBudget::Cost &cost = b.nodes[c];
        const LookupBudget::Segment s {c, trace.nodes[c].term.text,
            (cost.position > 0 ? 1 : 0) + cost.below,
            (cost.voidPosition > 0 ? 1 : 0) + cost.voidsBelow};
        if (s.lookups > 0 || s.voids > 0)
            b.segments << s;
    }
    return b;
}

QString lookupCostText(const LookupBudget &budget, int node)
{
    const LookupBudget::Cost c = budget.cost(node);
    QStringList parts;
    if (c.position > 0)
        parts << (c.overLimit
                ? QStringLiteral("lookup %1 (over %2)").arg(c.position).arg(budget.maxLookups)
                : QStringLiteral("lookup %1").arg(c.position));
    if (c.below > 0)
        parts << QStringLiteral("+%1 below").arg(c.below);
    return parts.join(QStringLiteral(", "));
}

} // namespace Spf
