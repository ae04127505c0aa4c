#pragma once

#include <memory>
#include <mutex>

#include "dns/resolver.h"

namespace Dns {

// Decorator that forwards to another resolver and keeps every question with its answer, time
// and server: the evidence that reports and case files carry. Thread-safe.
class RecordingResolver final : public Resolver
{
public:
    explicit RecordingResolver(std::shared_ptr<Resolver> inner);

    Answer resolve(const Question &question) override;
    QString description() const override { return m_inner->description(); }
    bool holdsDataFor(const QString &zone) const override { return m_inner->holdsDataFor(zone); }

    // Copies of what was captured so far, in the order the answers arrived.
    QList<Exchange> exchanges() const;
    void clear();

private:
    std::shared_ptr<Resolver> m_inner;
    mutable std::mutex m_mutex;
    QList<Exchange> m_exchanges;
};

} // namespace Dns
