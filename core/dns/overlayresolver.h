#pragma once

#include <memory>

#include "dns/memoryresolver.h"

namespace Dns {

// Captured answers first, another resolver for everything else (what-if drafts: the published
// answers as they were seen, plus live DNS for names the draft adds). Thread-safe.
class OverlayResolver final : public Resolver
{
public:
    OverlayResolver(std::shared_ptr<MemoryResolver> captured, std::shared_ptr<Resolver> fallback)
        : m_captured(std::move(captured))
        , m_fallback(std::move(fallback))
    { }

    Answer resolve(const Question &question) override
    {
        if (m_captured->covers(question) || !m_fallback)
            return m_captured->resolve(question);
        return m_fallback->resolve(question);
    }
    QString description() const override
    {
        return m_fallback
            ? QStringLiteral("captured answers, then %1").arg(m_fallback->description())
            : m_captured->description();
    }

    bool holdsDataFor(const QString &zone) const override
    {
        return m_captured->holdsDataFor(zone) || (m_fallback && m_fallback->holdsDataFor(zone));
    }

private:
    std::shared_ptr<MemoryResolver> m_captured;
    std::shared_ptr<Resolver> m_fallback;
};

} // namespace Dns
