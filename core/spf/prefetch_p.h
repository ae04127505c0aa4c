#pragma once

// Internal to core/spf: what the audit and check_host() share to fetch a tree ahead of a
// sequential walk. Not installed, not for the GUI.

#include <memory>
#include <mutex>
#include <optional>

#include <QSet>

#include "common/work.h"
#include "dns/cachingresolver.h"
#include "spf/auditor.h"
#include "spf/macro.h"

namespace Spf {

// A target expanded with what an audit knows without a sender and an IP: %{d}, and %{o} (the
// audited domain). nullopt when the macro string is invalid, or when it needs another letter
// (then *blocking names the first one).
std::optional<QString> staticMacroTarget(const Term &term, const QString &domain,
    const QString &root, QChar *blocking = nullptr, QList<MacroExpansion> *expansions = nullptr);

// What the audit asks for a term that reaches DNS with its target: the SPF record (include,
// redirect), the addresses (a), the MX set and then each host's addresses (mx), or the A record
// (exists). The audit and the prefetcher both follow this, so they ask the same questions.
enum class Follow { None, Record, Addresses, MailExchangers, Existence };
Follow followOf(TermKind kind);

// Walks the tree ahead of the audit with a crew of up to `threads` workers, asking every question
// the audit will ask, so that the answers are in the cache (or in flight) when the audit gets
// there. For check_host() the same walk is speculative: it fetches branches the evaluation may
// never reach. The destructor drops what is not started and waits for the questions in flight.
class Prefetcher
{
public:
    Prefetcher(
        Dns::Resolver &resolver, const AuditOptions &options, const QString &root, int threads);
    ~Prefetcher();
    void record(const QString &domain, int depth)
    {
        push(Job {Job::Record, domain, depth, Dns::Type::TXT});
    }

private:
    struct Job
    {
        enum Kind { Record, Question, Mx } kind;
        QString name;
        int depth = 0;
        quint16 type = Dns::Type::A; // what is asked: TXT for a Record, MX for an Mx
        bool target = false; // a term's target (not the root, not an MX host)
    };
    void push(Job job);
    void run(const Job &job);
    Dns::Answer ask(const Job &job); // and tells onPrefetched about a target's answer

    Dns::Resolver &m_resolver;
    const AuditOptions &m_options;
    std::mutex m_mutex; // guards m_seen
    QSet<QString> m_seen;
    const QString m_root; // %{o}: the audited domain, or the sender's domain, as given
    Work::Crew m_crew; // last: stopped before the rest goes
};

// One sequential walker's side of a shared cache: counts which of its own questions found their
// answer there (or in flight), and remembers it per question, in the order asked.
class CacheView final : public Dns::Resolver
{
public:
    explicit CacheView(Dns::CachingResolver &cache)
        : m_cache(cache)
    { }
    Dns::Answer resolve(const Dns::Question &question) override;
    QString description() const override { return m_cache.description(); }
    bool holdsDataFor(const QString &zone) const override { return m_cache.holdsDataFor(zone); }
    // Marks each exchange of `trace` whose answer came from the cache (one entry per question,
    // in order; left alone if the counts do not match).
    void markShared(Trace &trace) const;
    int hits() const { return int(m_shared.count(true)); }
    int misses() const { return int(m_shared.count(false)); }

private:
    Dns::CachingResolver &m_cache;
    QList<bool> m_shared;
};

// Runs a sequential walk (an audit, a check_host()) through `shared` (a cache shared with other
// walks) or else a new cache over `resolver`, with
// `threads` threads (0: none) walking the tree of `domain` ahead of it; fills in the result's
// cache counts and marks its exchanges answered from the cache. `walk(Dns::Resolver &)` returns
// an Audit or an Evaluation.
template<typename Walk>
auto throughCache(Dns::Resolver &resolver, const std::shared_ptr<Dns::CachingResolver> &shared,
    const AuditOptions &ahead, int threads, const QString &root, const QString &domain, Walk walk)
{
    const std::shared_ptr<Dns::CachingResolver> cache = shared
        ? shared
        : std::make_shared<Dns::CachingResolver>(
            std::shared_ptr<Dns::Resolver>(&resolver, [](Dns::Resolver *) {}));
    CacheView view(*cache);
    decltype(walk(view)) result;
    {
        std::optional<Prefetcher> prefetcher;
        if (threads > 0) {
            prefetcher.emplace(*cache, ahead, root, std::clamp(threads, 1, 64));
            prefetcher->record(domain, 0);
        }
        result = walk(view);
    } // stops and joins the prefetcher
    result.cacheHits = view.hits();
    result.cacheMisses = view.misses();
    view.markShared(result.trace);
    return result;
}

} // namespace Spf
