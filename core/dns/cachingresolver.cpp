#include "dns/cachingresolver.h"

#include "common/netutil.h"

namespace Dns {

namespace {

thread_local bool t_lastShared = false;

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

CachingResolver::CachingResolver(std::shared_ptr<Resolver> inner)
    : m_inner(std::move(inner))
{
    m_clock.start();
}

Answer CachingResolver::resolve(const Question &question)
{
    const Key key {Net::canonicalName(question.name), question.type};
    {
        std::unique_lock lock(m_mutex);
        auto it = m_entries.find(key);
        if (it != m_entries.end() && !it->ready) {
            // Asked already and in flight: wait for that answer, whatever it is (a timeout
            // included: asking again would only wait a second time).
            ++m_coalesced;
            m_arrived.wait(lock, [&] { return m_entries.value(key).ready; });
            t_lastShared = true;
            return m_entries.value(key).answer;
        }
        if (it != m_entries.end() && it->expiresMs > m_clock.elapsed()) {
            ++m_hits;
            t_lastShared = true;
            return it->answer;
        }
        ++m_misses;
        t_lastShared = false;
        m_entries.insert(key, Entry {}); // in flight
    }
    const Answer answer = m_inner->resolve(question);
    t_lastShared = false; // an inner cache may have set it: this question went to `m_inner`
    {
        std::lock_guard lock(m_mutex);
        // Uncacheable answers (errors, TTL 0) expire at once: the questions waiting for this one
        // get it, later ones ask again.
        m_entries.insert(key, Entry {true, answer, m_clock.elapsed() + lifetimeMs(answer)});
    }
    m_arrived.notify_all();
    return answer;
}

bool CachingResolver::lastAnswerWasShared()
{
    return t_lastShared;
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
