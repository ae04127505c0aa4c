#pragma once

#include <functional>
#include <memory>

#include <QHash>

#include "common/work.h"
#include "dns/resolver.h"
#include "spf/trace.h"

namespace Dns {
class CachingResolver;
}

namespace Spf {

struct AuditOptions
{
    int maxLookups = 10; // the RFC limit the audit measures against (it does not stop there)
    int maxVoidLookups = 2;
    int maxMxNames = 10;
    // Hard caps, so that a hostile domain cannot make an audit run away.
    int maxDepth = 12;
    int maxNodes = 3000;
    int maxQueries = 500;
    int timeLimitMs = 60000;
    QHash<QString, QString> recordOverrides; // what-if drafts, by lower-case domain
    Work::Cancel cancel;
    // Called on the auditing thread after every DNS answer, with the tree so far.
    std::function<void(const Trace &)> onProgress;
    // Threads that fetch the tree ahead of the audit, through a shared answer cache (0: none).
    // The audit itself stays sequential: results, counters and trace order do not change; only
    // the waiting does (about depth x round-trip instead of one round-trip per query).
    int prefetchThreads = 0;
    // An answer cache shared with other walks (an investigation's, a batch's): the audit asks
    // through it instead of the resolver, and counts which answers it found there. It must answer
    // for the same DNS as the resolver (normally it wraps it). Null: no shared cache.
    std::shared_ptr<Dns::CachingResolver> cache;
    // With prefetchThreads: called on a prefetching thread with each term's target the
    // prefetcher asked about and the answer it got, as soon as it arrives, so that a caller can
    // ask what depends on it ahead too (Spf::AdviceAhead). Must be thread-safe.
    std::function<void(const QString &target, const Dns::Answer &answer)> onPrefetched;
};

// A network some branch of the tree authorizes (or, with '-'/'~', names).
struct AuthorizedNetwork
{
    QString network; // "192.0.2.0/24", "2001:db8::1/128"
    Qualifier qualifier = Qualifier::Pass;
    int node = -1; // the term node it comes from
    QString via; // "example.com > include:_spf.example.net > ip4:192.0.2.0/24"
    friend bool operator==(const AuthorizedNetwork &, const AuthorizedNetwork &) = default;
};

struct Audit
{
    QString domain;
    Trace trace; // node 0: the domain's record
    int lookups = 0; // every DNS-querying term in the whole tree (past the limit too)
    int voidLookups = 0; // for an IPv4 sender (A queries)
    int crossingNode = -1; // the term that takes the count past maxLookups
    int voidCrossingNode = -1; // the term whose void lookup goes past maxVoidLookups
    QList<AuthorizedNetwork> networks;
    QStringList loops; // "a.example > b.example > a.example"
    QStringList capsHit; // caps that stopped the expansion: the tree is incomplete
    QStringList problems; // errors found anywhere in the tree (syntax, missing records, DNS)
    QStringList divergences;
    qint64 elapsedUs = 0;
    // With prefetching: the audit's questions answered from the cache or by an identical question
    // already in flight (hits), and those it had to send itself (misses).
    int cacheHits = 0;
    int cacheMisses = 0;
    bool complete() const { return capsHit.isEmpty(); }
};

// Expands a domain's whole include/redirect tree whatever the IP: every branch (also past the
// 10-lookup limit), lookups per subtree, void lookups with the term that caused each, every
// authorized network, loops. Blocking (DNS); one Auditor per run.
class Auditor
{
public:
    Auditor(Dns::Resolver &resolver, AuditOptions options = {});
    Audit run(const QString &domain);

private:
    struct Private;
    Dns::Resolver &m_resolver;
    AuditOptions m_options;
};

} // namespace Spf
