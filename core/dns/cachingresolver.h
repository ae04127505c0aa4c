#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

#include <QElapsedTimer>
#include <QHash>

#include "dns/resolver.h"

namespace Dns {

// A shared answer cache for one investigation or one batch: answers are kept for their TTL (the
// smallest TTL of the answer; negative answers for the SOA minimum or 300 s; errors and TTL 0 are
// never kept), and identical questions asked while one is in flight wait for that one answer,
// errors included, instead of asking again. Thread-safe.
class CachingResolver final : public Resolver
{
public:
    // `capacity`: the most answers kept (0: no limit); past it the oldest go first, so a batch of
    // any length runs in bounded memory.
    explicit CachingResolver(std::shared_ptr<Resolver> inner, int capacity = 0);

    Answer resolve(const Question &question) override { return resolve(question, nullptr); }
    // *shared (when given) tells whether the answer came without asking `inner` for this
    // question: kept, or fetched by an identical question in flight.
    Answer resolve(const Question &question, bool *shared);
    QString description() const override { return m_inner->description(); }
    bool holdsDataFor(const QString &zone) const override { return m_inner->holdsDataFor(zone); }

    int hits() const;
    int misses() const;
    int coalesced() const; // questions that waited for an identical one in flight
    int sharedAnswers() const; // hits and coalesced: answered without asking `inner` again
    int size() const; // answers kept or in flight now

private:
    using Key = QuestionKey;
    struct Entry
    {
        bool ready = false;
        Answer answer;
        qint64 expiresMs = 0; // on m_clock
    };

    std::shared_ptr<Resolver> m_inner;
    mutable std::mutex m_mutex;
    std::condition_variable m_arrived;
    void evictLocked();

    QHash<Key, std::shared_ptr<Entry>> m_entries;
    std::deque<Key> m_order; // insertion order, for eviction
    int m_capacity = 0;
    QElapsedTimer m_clock;
    int m_hits = 0;
    int m_misses = 0;
    int m_coalesced = 0;
};

} // namespace Dns
