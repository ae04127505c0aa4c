#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <QHash>
#include <QString>

#include "dns/resolver.h"

namespace Lab {

// A small authoritative DNS server on 127.0.0.1, UDP and TCP on one port, answering from another
// Resolver (normally a MemoryResolver). It exists so that tests, benchmarks and peers (pyspf...)
// exercise the real network path against known data, and so that faults can be injected per name.
//
// Thread-safe. Answers are served from background threads until stop() or destruction.
class LoopbackServer
{
public:
    enum class Behaviour {
        Answer, // answer normally (the backend's Timeout errors are never answered)
        Drop, // never answer
        ServFail,
        Refused,
        Truncate, // UDP answers always carry TC=1 and no records; TCP answers normally
        TruncateNoTcp, // UDP truncated, TCP connections closed without an answer
        Garbage, // reply with bytes that are not a DNS message
        WrongId, // reply with another message id
        WrongQuestion, // reply for another name
        TcpCloseMidAnswer, // UDP truncated; TCP sends half the answer and closes
        Late, // answer normally, but only after lateMs (setLateMs)
        DropEdns, // never answer a UDP query that carries EDNS (a middlebox that drops OPT)
    };

    explicit LoopbackServer(std::shared_ptr<Dns::Resolver> backend);
    ~LoopbackServer();
    LoopbackServer(const LoopbackServer &) = delete;
    LoopbackServer &operator=(const LoopbackServer &) = delete;

    // Binds UDP and TCP on address:port (0: any free port; the address must be on loopback,
    // 127.0.0.0/8) and starts serving.
    Sleuth::Expected<quint16, QString> start(
        quint16 port = 0, const QString &address = QStringLiteral("127.0.0.1"));
    void stop();
    quint16 port() const { return m_port; }
    QString address() const { return QStringLiteral("%1:%2").arg(m_address).arg(m_port); }

    // Per-name behaviour (name compared case-insensitively, without trailing dot).
    void setBehaviour(const QString &name, Behaviour behaviour);
    // Delay before every answer, in milliseconds (answers are then sent from their own threads).
    void setDelayMs(int ms) { m_delayMs = ms; }
    // How late Behaviour::Late answers come.
    void setLateMs(int ms) { m_lateMs = ms; }
    int queryCount() const { return m_queries.load(); }
    // From now on, TCP connections are refused (the listener is closed): a server whose large
    // answers cannot be had. Returns once it is so.
    void refuseTcp();

private:
    void udpLoop();
    void tcpLoop();
    void serveTcpConnection(int fd);
    QByteArray answerFor(const QByteArray &query, bool tcp, bool *drop);
    Behaviour behaviourFor(const QString &name) const;

    std::shared_ptr<Dns::Resolver> m_backend;
    mutable std::mutex m_mutex;
    QHash<QString, Behaviour> m_behaviours;
    std::atomic<bool> m_stop {false};
    std::atomic<int> m_delayMs {0};
    std::atomic<int> m_lateMs {1000};
    std::atomic<int> m_queries {0};
    std::atomic<bool> m_refuseTcp {false};
    std::atomic<bool> m_tcpClosed {false};
    int m_udp = -1;
    int m_tcp = -1;
    quint16 m_port = 0;
    QString m_address = QStringLiteral("127.0.0.1");
    std::thread m_udpThread;
    std::thread m_tcpThread;
    std::vector<std::thread> m_workers; // guarded by m_mutex
};

} // namespace Lab
