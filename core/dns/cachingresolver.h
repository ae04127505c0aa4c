#pragma once

#include <condition_variable>
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
    explicit CachingResolver(std::shared_ptr<Resolver> inner);

    Answer resolve(const Question &question) override;
    QString description() const override { return m_inner->description(); }

    int hits() const;
    int misses() const;
    int coalesced() const; // questions that waited for an identical one in flight
    // Whether the last resolve() on the calling thread was answered without asking the network
    // itself (kept, or fetched by an identical question in flight).
    static bool lastAnswerWasShared();

private:
    struct Key
    {
        QString name;
        quint16 type = 0;
        friend bool operator==(const Key &, const Key &) = default;
        friend size_t qHash(const Key &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.name, k.type);
        }
    };
    struct Entry
    {
        bool ready = false;
        Answer answer;
        qint64 expiresMs = 0; // on m_clock
    };

    std::shared_ptr<Resolver> m_inner;
    mutable std::mutex m_mutex;
    std::condition_variable m_arrived;
    QHash<Key, Entry> m_entries;
    QElapsedTimer m_clock;
    int m_hits = 0;
    int m_misses = 0;
    int m_coalesced = 0;
};

} // namespace Dns
