#pragma once

#include <memory>
#include <mutex>

#include <QHash>

#include "dns/ldnsresolver.h"

namespace Dns {

// Asks each name's own authoritative nameservers directly (RD off), bypassing recursive caches:
// what a zone publishes right now. The zone cut and the servers' addresses are found through
// `bootstrap` (normally the system's resolver) and cached for the resolver's lifetime.
// Thread-safe.
class AuthoritativeResolver final : public Resolver
{
public:
    AuthoritativeResolver(std::shared_ptr<Resolver> bootstrap, NetworkConfig base);

    Answer resolve(const Question &question) override;
    QString description() const override;

private:
    struct Zone
    {
        QString name;
        QStringList servers; // "ip" or "[v6]" literals with port 53
    };
    Sleuth::Expected<Zone, Error> zoneFor(const QString &name);

    std::shared_ptr<Resolver> m_bootstrap;
    NetworkConfig m_base;
    std::mutex m_mutex;
    QHash<QString, Zone> m_zones; // by zone name
};

} // namespace Dns
