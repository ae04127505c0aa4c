#include "dns/recordingresolver.h"

namespace Dns {

RecordingResolver::RecordingResolver(std::shared_ptr<Resolver> inner)
    : m_inner(std::move(inner))
{ }

Answer RecordingResolver::resolve(const Question &question)
{
    const QDateTime when = QDateTime::currentDateTimeUtc();
    Answer answer = m_inner->resolve(question);
    std::lock_guard lock(m_mutex);
    m_exchanges << Exchange {question, answer, when};
    return answer;
}

QList<Exchange> RecordingResolver::exchanges() const
{
    std::lock_guard lock(m_mutex);
    return m_exchanges;
}

void RecordingResolver::clear()
{
    std::lock_guard lock(m_mutex);
    m_exchanges.clear();
}

} // namespace Dns
