#include "investigation/resolverchoice.h"

#include "common/netutil.h"
#include "common/safetext.h"
#include "dns/authoritativeresolver.h"
#include "dns/ldnsresolver.h"
#include "dns/memoryresolver.h"

namespace Investigation {

Sleuth::Expected<int, QString> timeoutOption(const QString &text)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (!ok || seconds <= 0 || seconds > 300)
        return Sleuth::Unexpected(
            QStringLiteral("--timeout takes a number of seconds between 0 and 300, not '%1'")
                .arg(text.left(40)));
    return std::max(1, int(seconds * 1000));
}

Sleuth::Expected<quint16, QString> nsPortOption(const QString &text)
{
    bool ok = false;
    const uint port = text.toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return Sleuth::Unexpected(
            QStringLiteral("--ns-port takes a port number from 1 to 65535, not '%1'")
                .arg(text.left(40)));
    return quint16(port);
}

QString validate(const ResolverChoice &choice)
{
    switch (choice.mode) {
    case ResolverMode::Custom:
        if (choice.servers.isEmpty())
            return QStringLiteral("Name a DNS server (HOST[:PORT] or [IPv6]:PORT).");
        for (const QString &server : choice.servers) {
            if (!Net::parseHostPort(server))
                return QStringLiteral("'%1' is not a server (use HOST[:PORT] or [IPv6]:PORT).")
                    .arg(Text::shortSafe(server));
        }
        break;
    case ResolverMode::ZoneFile:
        if (choice.zoneFile.isEmpty())
            return QStringLiteral("Name a zone file.");
        break;
    case ResolverMode::System:
    case ResolverMode::Authoritative:
        break;
    }
    if (choice.timeoutMs <= 0 || choice.tries < 1)
        return QStringLiteral("The timeout and the number of tries must be positive.");
    return {};
}

Dns::NetworkConfig networkConfig(const ResolverChoice &choice, const Work::Cancel &cancel)
{
    Dns::NetworkConfig config;
    if (choice.mode == ResolverMode::Custom)
        config.servers = choice.servers;
    config.timeoutMs = choice.timeoutMs;
    config.tries = choice.tries;
    config.recursionDesired = choice.recursionDesired;
    config.cancel = cancel;
    return config;
}

Sleuth::Expected<ResolverSetup, QString> makeResolver(
    const ResolverChoice &choice, const Work::Cancel &cancel)
{
    if (const QString problem = validate(choice); !problem.isEmpty())
        return Sleuth::Unexpected(problem);
    if (choice.mode == ResolverMode::ZoneFile) {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        if (const auto loaded = zone->loadFile(choice.zoneFile); !loaded)
            return Sleuth::Unexpected(loaded.error());
        return ResolverSetup {std::move(zone), std::nullopt};
    }
    const Dns::NetworkConfig config = networkConfig(choice, cancel);
    auto network = Dns::LdnsResolver::create(config);
    if (!network)
        return Sleuth::Unexpected(network.error());
    std::shared_ptr<Dns::Resolver> resolver(std::move(*network));
    if (choice.mode == ResolverMode::Authoritative)
        resolver = std::make_shared<Dns::AuthoritativeResolver>(resolver, config);
    return ResolverSetup {std::move(resolver), config};
}

Sleuth::Expected<ResolverSetup, QString> ResolverSource::make(const Work::Cancel &cancel) const
{
    if (!unusable.isEmpty())
        return Sleuth::Unexpected(unusable);
    if (fixed)
        return ResolverSetup {fixed, std::nullopt};
    return makeResolver(choice, cancel);
}

} // namespace Investigation
