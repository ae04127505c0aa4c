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
        if (it != m_entries.end()) {
            if (!it->ready) {
                ++m_coalesced;
                m_arrived.wait(lock, [&] {
                    const auto e = m_entries.constFind(key);
                    return e == m_entries.cend() || e->ready;
                });
                const auto e = m_entries.constFind(key);
                if (e != m_entries.cend()) {
                    t_lastShared = true;
                    return e->answer;
                }
                // The one in flight failed and was dropped: ask ourselves below.
            } else if (it->expiresMs > m_clock.elapsed()) {
                ++m_hits;
                t_lastShared = true;
                return it->answer;
            }
        }
        ++m_misses;
        t_lastShared = false;
        m_entries.insert(key, Entry {}); // in flight
    }
    const Answer answer = m_inner->resolve(question);
    {
        std::lock_guard lock(m_mutex);
        const qint64 life = lifetimeMs(answer);
        if (life > 0)
            m_entries.insert(key, Entry {true, answer, m_clock.elapsed() + life});
        else
            m_entries.remove(key); // not cacheable: whoever waits asks again
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
