#pragma once

#include <memory>

#include <QStringList>

#include "dns/resolver.h"

namespace Dns {

struct NetworkConfig
{
    // "host[:port]" entries (IPv4, IPv6 as "[v6]:port" or bare, or a host name). Empty: the
    // nameservers of /etc/resolv.conf.
    QStringList servers;
    int timeoutMs = 3000; // per try
    int tries = 2;
    quint16 ednsUdpSize = 1232; // 0 disables EDNS0
    bool recursionDesired = true;
};

// The network resolver, over ldns: UDP with EDNS0, TCP when the UDP answer is truncated.
//
// resolve() is blocking and thread-safe: each call uses its own ldns resolver (ldns resolvers are
// not thread-safe, and one failed try marks a server dead for the resolver's lifetime). A
// running query cannot be interrupted; the worst case is servers x tries x timeout.
class LdnsResolver final : public Resolver
{
public:
    struct Server
    {
        QString address; // IP literal
        quint16 port = 53;
    };

    static Sleuth::Expected<std::unique_ptr<LdnsResolver>, QString> create(
        const NetworkConfig &config);

    Answer resolve(const Question &question) override;
    QString description() const override;
    const QList<Server> &servers() const { return m_servers; }
    const NetworkConfig &config() const { return m_config; }

private:
    LdnsResolver(const NetworkConfig &config, QList<Server> servers);

    NetworkConfig m_config;
    QList<Server> m_servers;
};

} // namespace Dns
