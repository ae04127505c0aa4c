#pragma once

#include <memory>

#include "dns/networkconfig.h"
#include "dns/resolver.h"

namespace Dns {

// The network resolver: ldns encodes and decodes every message; the transport is ours. UDP with
// EDNS0 from a fresh connected socket per query, TCP when the UDP answer is truncated (RFC 7766).
// Replies whose id or question do not match are ignored (RFC 5452) until the try times out.
//
// resolve() is blocking and thread-safe (no shared state between calls). It can be cancelled
// through NetworkConfig::cancel; the worst case otherwise is servers x tries x timeout.
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
