#pragma once

#include <QList>
#include <QString>

#include "spf/trace.h"

namespace Spf {

// What a trace spends of the DNS-lookup and void-lookup limits (RFC 7208 §4.6.4), computed once
// from the trace, so that the tree view, the charts, the report and the CLI show the same
// figures. A plain value.
struct LookupBudget
{
    // What one node spends. A term that asks DNS has its own place in the count (1-based);
    // everything below it (an include's or redirect's record) is `below`.
    struct Cost
    {
        int position = 0; // 0: this node costs no lookup of its own
        int below = 0; // lookups spent in its subtree, its own not included
        int voidPosition = 0; // 0: this node made no void lookup
        int voidsBelow = 0;
        bool overLimit = false; // its own lookup is past maxLookups
        friend bool operator==(const Cost &, const Cost &) = default;
    };
    // A top-level term and all it costs (the budget chart's bars).
    struct Segment
    {
        int node = -1;
        QString label; // the term as written
        int lookups = 0; // its own and its subtree's
        int voids = 0;
        friend bool operator==(const Segment &, const Segment &) = default;
    };

    int maxLookups = 10;
    int maxVoidLookups = 2;
    int lookups = 0; // in all
    int voidLookups = 0;
    int crossingNode = -1; // the first term past maxLookups, or -1
    int voidCrossingNode = -1; // the first void lookup past maxVoidLookups, or -1
    QList<Cost> nodes; // by node index
    QList<Segment> segments; // top-level terms that cost something, in order

    bool overLookups() const { return lookups > maxLookups; }
    bool overVoids() const { return voidLookups > maxVoidLookups; }
    Cost cost(int node) const { return node >= 0 && node < nodes.size() ? nodes[node] : Cost {}; }
    friend bool operator==(const LookupBudget &, const LookupBudget &) = default;
};

// Counts in evaluation order: a term that was evaluated and asked DNS (RFC 7208 §4.6.4: include,
// a, mx, ptr, exists, redirect) spends one lookup; a term that got no answer spends a void one.
LookupBudget lookupBudget(const Trace &trace);

// A node's cost in words, the same in the tree, the CLI and the report: its own place in the
// count and what its subtree spends, as separate labelled numbers ("lookup 2, +3 below",
// "lookup 11 (over 10)", "+3 below" for a record). Empty when it costs nothing.
QString lookupCostText(const LookupBudget &budget, int node);

} // namespace Spf
