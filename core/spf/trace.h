#pragma once

#include "dns/dnstypes.h"
#include "dns/resolver.h"
#include "spf/macro.h"
#include "spf/spftypes.h"

namespace Spf {

enum class NodeKind {
    Check, // one record: a check_host() call, or one domain of an audit
    Term, // one term of that record
    Query, // one DNS question asked for the term (or for the record itself)
    Note, // a remark: a divergence, a cap, a network
};

enum class Outcome {
    None,
    Match,
    NoMatch,
    Error,
    NotReached, // evaluation stopped before this term
    Ignored, // e.g. redirect= with an all mechanism present
};
QString outcomeName(Outcome outcome);

// Why a term ended in an error, typed where the walk knows it (the message says it in words).
enum class ErrorCause {
    None, // no error, or one only its message describes (a DNS failure, a syntax error)
    VoidLookups, // RFC 7208 §4.6.4: the void lookup past the limit
    Loop, // an include or redirect back to a record already being checked
    NoRecord, // an include or redirect target with no SPF record
};
QString nodeKindName(NodeKind kind);

struct TraceNode
{
    NodeKind kind = NodeKind::Check;
    int parent = -1;
    QList<int> children;

    QString domain; // Check: the domain whose record this is
    QString recordText; // Check: the SPF record found (empty when none)
    QList<Diagnostic> diagnostics; // Check: the parser's findings for recordText

    Term term; // Term
    QString target; // Term: expanded domain-spec or network
    QList<MacroExpansion> expansions; // Term: each macro and what it expanded to
    int exchange = -1; // Query: index into Trace::exchanges

    bool hasResult = false;
    Result result = Result::None; // Check: its result; Term: the result it passed up, if any
    Outcome outcome = Outcome::None;
    int lookupsAfter = -1; // the DNS-lookup counter after this term
    int voidsAfter = -1; // the void-lookup counter after this term
    bool voidLookup = false; // Query: it was a void lookup; Term: it caused one
    bool crossesLimit = false; // Term: this is the term that went over the 10-lookup limit
    bool onDecidingPath = false;
    ErrorCause cause = ErrorCause::None; // Term: why it ended in an error
    QString message; // why: "no A record matched 192.0.2.1", "include loop", ...

    int subtreeLookups = 0; // Check (audit): lookups of this record and everything below it
    int subtreeVoids = 0;
    friend bool operator==(const TraceNode &, const TraceNode &) = default;
};

// A flat tree (node 0 is the root) plus every DNS exchange in the order asked. Plain values: safe
// to copy between threads, to a model or to a report.
struct Trace
{
    QList<TraceNode> nodes;
    QList<Dns::Exchange> exchanges;
    QList<qint64> exchangeOffsetsUs; // start of each exchange, from the start of the run
    // The limits the walk measured against (its options'): what LookupBudget reads.
    int maxLookups = 10;
    int maxVoidLookups = 2;

    int add(TraceNode node);
    // Keeps one DNS exchange as evidence and adds a Query node for it under `parent`.
    int addQuery(int parent, const Dns::Question &question, const Dns::Answer &answer,
        const QDateTime &when, qint64 offsetUs);
    void markPath(int node); // this node and its ancestors are on the deciding path
    friend bool operator==(const Trace &, const Trace &) = default;
};

// RFC 7208 §4.4 and §4.5: finding a domain's SPF record.
struct RecordLookup
{
    enum class Status { Found, None, TempError, PermError };
    Status status = Status::None;
    QString text; // the record (Latin-1 octets)
    QList<int> stringLengths;
    QString message; // why None/TempError/PermError
    int exchange = -1; // index of the TXT query in the trace
};

// Asks TXT for `domain`, records the exchange in `trace` under `node`, and selects the SPF record.
RecordLookup lookupRecord(
    Dns::Resolver &resolver, const QString &domain, Trace &trace, int node, qint64 offsetUs);

// One-line summary of an answer: "NOERROR, 2 A records", "NXDOMAIN", "timeout: ...".
QString answerSummary(const Dns::Answer &answer, quint16 type);

} // namespace Spf
