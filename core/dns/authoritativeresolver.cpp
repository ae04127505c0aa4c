#include "dns/authoritativeresolver.h"

#include "common/netutil.h"

namespace Dns {

AuthoritativeResolver::AuthoritativeResolver(
    std::shared_ptr<Resolver> bootstrap, NetworkConfig base)
    : m_bootstrap(std::move(bootstrap))
    , m_base(std::move(base))
{
    m_base.recursionDesired = false;
}

QString AuthoritativeResolver::description() const
{
    return QStringLiteral("each zone's authoritative nameservers");
}

Sleuth::Expected<AuthoritativeResolver::Zone, Error> AuthoritativeResolver::zoneFor(
    const QString &name)
{
    // The closest enclosing name that has NS records is the zone apex.
    QString candidate = Net::canonicalName(name);
    while (!candidate.isEmpty()) {
        {
            std::lock_guard lock(m_mutex);
            if (const auto it = m_zones.constFind(candidate); it != m_zones.cend())
                return *it;
        }
        const Answer ns = m_bootstrap->resolve(Question {candidate, Type::NS});
        if (!ns)
            return Sleuth::Unexpected(ns.error());
        QStringList hosts;
        for (const Record &r : ns->recordsOfType(Type::NS))
            hosts << r.target;
        if (!hosts.isEmpty()) {
            Zone zone {candidate, {}};
            for (const QString &host : std::as_const(hosts)) {
                for (quint16 type : {Type::A, Type::AAAA}) {
                    const Answer a = m_bootstrap->resolve(Question {host, type});
                    if (!a)
                        continue;
                    for (const Record &r : a->recordsOfType(type))
                        zone.servers
                            << (type == Type::AAAA ? QStringLiteral("[%1]:53").arg(r.target)
                                                   : r.target + QStringLiteral(":53"));
                }
            }
            if (zone.servers.isEmpty())
                return Sleuth::Unexpected(Error {ErrorKind::Network,
                    QStringLiteral("no address found for the nameservers of %1 (%2)")
                        .arg(candidate, hosts.join(QStringLiteral(", "))),
                    {}, 0});
            std::lock_guard lock(m_mutex);
            m_zones.insert(candidate, zone);
            return zone;
        }
        const int dot = int(candidate.indexOf(QLatin1Char('.')));
        candidate = dot < 0 ? QString() : candidate.mid(dot + 1);
    }
    return Sleuth::Unexpected(Error {ErrorKind::Network,
        QStringLiteral("no zone with nameservers encloses %1").arg(name), {}, 0});
}

Answer AuthoritativeResolver::resolve(const Question &question)
{
    const auto zone = zoneFor(question.name);
    if (!zone)
        return Answer(Sleuth::Unexpected(zone.error()));
    NetworkConfig config = m_base;
    config.servers = zone->servers;
    auto resolver = LdnsResolver::create(config);
    if (!resolver)
        return Answer(Sleuth::Unexpected(Error {ErrorKind::Network, resolver.error(), {}, 0}));
    return (*resolver)->resolve(question);
}

} // namespace Dns
