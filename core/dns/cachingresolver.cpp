#include "dns/cachingresolver.h"

namespace Dns {

namespace {

// RFC 2308: a negative answer lives for the SOA's minimum (its last field) or the SOA TTL,
// whichever is smaller.
qint64 lifetimeMs(const Answer &a)
{
    if (!a || (a->rcode != Rcode::NoError && a->rcode != Rcode::NxDomain))
        return 0; // errors and SERVFAIL/REFUSED are asked again
    quint32 ttl = 0xffffffff;
    for (const Record &r : a->answers)
        ttl = std::min(ttl, r.ttl);
    if (a->answers.isEmpty()) {
        ttl = 300;
        for (const Record &r : a->authority) {
            if (r.type == Type::SOA) {
                bool ok = false;
                const quint32 minimum = r.data.section(QLatin1Char(' '), -1).toUInt(&ok);
                ttl = std::min(r.ttl, ok ? minimum : r.ttl);
            }
        }
    }
    return qint64(std::min<quint32>(ttl, 86400)) * 1000;
}

} // namespace

CachingResolver::CachingResolver(std::shared_ptr<Resolver> inner, int capacity)
    : m_inner(std::move(inner))
    , m_capacity(std::max(0, capacity))
{
    m_clock.start();
}

Answer CachingResolver::resolve(const Question &question, bool *shared)
{
    if (shared)
        *shared = true; // until it turns out this question has to be asked
    const Key key = keyOf(question);
    std::shared_ptr<Entry> mine;
    {
        std::unique_lock lock(m_mutex);
        const auto it = m_entries.find(key);
        if (it != m_entries.end() && !(*it)->ready) {
            // Asked already and in flight: wait for that answer, whatever it is (a timeout
            // included: asking again would only wait a second time). The entry is held, so an
            // eviction meanwhile takes nothing from the waiters.
            const std::shared_ptr<Entry> pending = *it;
            ++m_coalesced;
            m_arrived.wait(lock, [&] { return pending->ready; });
            return pending->answer;
        }
        if (it != m_entries.end() && (*it)->expiresMs > m_clock.elapsed()) {
            ++m_hits;
            return (*it)->answer;
        }
        ++m_misses;
        if (shared)
            *shared = false;
        mine = std::make_shared<Entry>(); // in flight
        if (it != m_entries.end()) {
            *it = mine; // an expired answer, asked again
        } else {
            m_entries.insert(key, mine);
            m_order.push_back(key);
            evictLocked();
        }
    }
    const Answer answer = m_inner->resolve(question);
    {
        std::lock_guard lock(m_mutex);
        // Uncacheable answers (errors, TTL 0) expire at once: the questions waiting for this one
        // get it, later ones ask again.
        mine->answer = answer;
        mine->expiresMs = m_clock.elapsed() + lifetimeMs(answer);
        mine->ready = true;
    }
    m_arrived.notify_all();
    return answer;
}

void CachingResolver::evictLocked()
{
    // Oldest first; answers still in flight stay (their waiters hold them anyway).
    for (qsizetype budget = qsizetype(m_order.size());
         m_capacity > 0 && m_entries.size() > m_capacity && budget > 0 && !m_order.empty();
         --budget) {
        const Key oldest = m_order.front();
        m_order.pop_front();
        const auto it = m_entries.find(oldest);
        if (it == m_entries.end())
            continue;
        if (!(*it)->ready) {
            m_order.push_back(oldest);
            continue;
        }
        m_entries.erase(it);
    }
}

int CachingResolver::sharedAnswers() const
{
    std::lock_guard lock(m_mutex);
    return m_hits + m_coalesced;
}

int CachingResolver::size() const
{
    std::lock_guard lock(m_mutex);
    return int(m_entries.size());
}

int CachingResolver::hits() const
{
    std::lock_guard lock(m_mutex);
    return m_hits;
}

int CachingResolver::misses() const
{
    std::lock_guard lock(m_mutex);
    return m_misses;
}

int CachingResolver::coalesced() const
{
    std::lock_guard lock(m_mutex);
    return m_coalesced;
}

} // namespace Dns
