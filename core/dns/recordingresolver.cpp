#include "dns/recordingresolver.h"

namespace Dns {

RecordingResolver::RecordingResolver(std::shared_ptr<Resolver> inner)
    : m_inner(std::move(inner))
{
    m_clock.start();
}

Answer RecordingResolver::resolve(const Question &question)
{
    const QDateTime when = QDateTime::currentDateTimeUtc();
    const qint64 offset = m_clock.nsecsElapsed() / 1000;
    Answer answer = m_inner->resolve(question);
    std::lock_guard lock(m_mutex);
    m_exchanges << Exchange {question, answer, when};
    m_offsets << offset;
    return answer;
}

QList<Exchange> RecordingResolver::exchanges() const
{
    std::lock_guard lock(m_mutex);
    return m_exchanges;
}

QList<qint64> RecordingResolver::startOffsetsUs() const
{
    std::lock_guard lock(m_mutex);
    return m_offsets;
}

void RecordingResolver::clear()
{
    std::lock_guard lock(m_mutex);
    m_exchanges.clear();
    m_offsets.clear();
}

} // namespace Dns
