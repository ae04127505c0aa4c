#pragma once

#include <memory>

#include "dns/memoryresolver.h"
#include "loopbackserver.h"

// A lab for the nameserver comparison: the zone `origin` served by one authoritative server on
// 127.0.0.1 and one on 127.0.0.2 (the same port, as real nameservers share port 53), each with
// its own version of the zone, and a "recursive" server on a port of its own that knows the
// delegation (it serves the first version). NS names ns1, ns2, ... point at the given addresses.
class NameserverLab
{
public:
    // The SOA and NS part of a version of the zone; `addresses` are those of ns1, ns2, ...
    static QByteArray head(const QByteArray &origin, const QByteArray &serial,
        const QList<QByteArray> &addresses = {"127.0.0.1", "127.0.0.2"})
    {
        QByteArray text
            = "$ORIGIN " + origin + ".\n@ SOA ns1 hostmaster " + serial + " 3600 600 86400 300\n";
        for (int i = 0; i < addresses.size(); ++i)
            text += "@ NS ns" + QByteArray::number(i + 1) + "\nns" + QByteArray::number(i + 1)
                + " A " + addresses[i] + "\n";
        return text;
    }

    // Empty when all servers are up; otherwise why not (127.0.0.2 may not be bindable). A
    // `thirdZone` adds a third authoritative server on 127.0.0.3.
    QString start(const QByteArray &firstZone, const QByteArray &secondZone,
        int recursiveDelayMs = 0, const QByteArray &thirdZone = {})
    {
        m_first = std::make_shared<Dns::MemoryResolver>();
        m_second = std::make_shared<Dns::MemoryResolver>();
        if (const auto r = m_first->loadZoneText(firstZone); !r)
            return r.error();
        if (const auto r = m_second->loadZoneText(secondZone); !r)
            return r.error();
        m_secondServer = std::make_unique<Lab::LoopbackServer>(m_second);
        const auto port = m_secondServer->start(0, QStringLiteral("127.0.0.2"));
        if (!port)
            return QStringLiteral("cannot bind 127.0.0.2 here");
        m_port = *port;
        m_firstServer = std::make_unique<Lab::LoopbackServer>(m_first);
        if (const auto r = m_firstServer->start(m_port, QStringLiteral("127.0.0.1")); !r)
            return r.error();
        if (!thirdZone.isEmpty()) {
            m_third = std::make_shared<Dns::MemoryResolver>();
            if (const auto r = m_third->loadZoneText(thirdZone); !r)
                return r.error();
            m_thirdServer = std::make_unique<Lab::LoopbackServer>(m_third);
            if (!m_thirdServer->start(m_port, QStringLiteral("127.0.0.3")))
                return QStringLiteral("cannot bind 127.0.0.3 here");
        }
        m_recursive = std::make_unique<Lab::LoopbackServer>(m_first);
        if (const auto r = m_recursive->start(); !r)
            return r.error();
        m_recursive->setDelayMs(recursiveDelayMs);
        return {};
    }

    quint16 port() const { return m_port; } // where the authoritative servers listen
    // The authoritative server `index` (0, 1, 2) refuses TCP from now on.
    void refuseTcp(int index)
    {
        Lab::LoopbackServer *servers[]
            = {m_firstServer.get(), m_secondServer.get(), m_thirdServer.get()};
        if (index >= 0 && index < 3 && servers[index])
            servers[index]->refuseTcp();
    }
    QString recursiveAddress() const { return m_recursive->address(); }

private:
    std::shared_ptr<Dns::MemoryResolver> m_first;
    std::shared_ptr<Dns::MemoryResolver> m_second;
    std::unique_ptr<Lab::LoopbackServer> m_firstServer;
    std::unique_ptr<Lab::LoopbackServer> m_secondServer;
    std::unique_ptr<Lab::LoopbackServer> m_recursive;
    std::shared_ptr<Dns::MemoryResolver> m_third;
    std::unique_ptr<Lab::LoopbackServer> m_thirdServer;
    quint16 m_port = 0;
};
