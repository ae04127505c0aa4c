#include "loopbackserver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "common/netutil.h"
#include "dns/ldnsutil_p.h"

namespace Lab {

using namespace Dns;
using namespace Dns::LdnsUtil;

namespace {

bool readFully(int fd, char *buf, size_t size, std::atomic<bool> &stop)
{
    size_t got = 0;
    while (got < size && !stop.load()) {
        pollfd p {fd, POLLIN, 0};
        const int r = ::poll(&p, 1, 100);
        if (r < 0)
            return false;
        if (r == 0)
            continue;
        const ssize_t n = ::recv(fd, buf + got, size - got, 0);
        if (n <= 0)
            return false;
        got += size_t(n);
    }
    return got == size;
}

void sendAll(int fd, const QByteArray &data)
{
    qsizetype sent = 0;
    while (sent < data.size()) {
        const ssize_t n
            = ::send(fd, data.constData() + sent, size_t(data.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            return;
        sent += n;
    }
}

} // namespace

LoopbackServer::LoopbackServer(std::shared_ptr<Dns::Resolver> backend)
    : m_backend(std::move(backend))
{ }

LoopbackServer::~LoopbackServer()
{
    stop();
}

Sleuth::Expected<quint16, QString> LoopbackServer::start(quint16 port, const QString &address)
{
    stop();
    m_stop = false;
    in_addr bindAddress {};
    if (::inet_pton(AF_INET, address.toLatin1().constData(), &bindAddress) != 1
        || (ntohl(bindAddress.s_addr) >> 24) != 127)
        return Sleuth::Unexpected(QStringLiteral("%1 is not a loopback address").arg(address));
    m_address = address;
    for (int attempt = 0; attempt < 20; ++attempt) {
        const int udp = ::socket(AF_INET, SOCK_DGRAM, 0);
        const int tcp = ::socket(AF_INET, SOCK_STREAM, 0);
        if (udp < 0 || tcp < 0)
            return Sleuth::Unexpected(QStringLiteral("cannot create sockets"));
        const int one = 1;
        ::setsockopt(tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in sa {};
        sa.sin_family = AF_INET;
        sa.sin_addr = bindAddress;
        sa.sin_port = htons(port);
        if (::bind(udp, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0) {
            ::close(udp);
            ::close(tcp);
            if (port != 0)
                return Sleuth::Unexpected(
                    QStringLiteral("cannot bind UDP %1:%2").arg(address).arg(port));
            continue;
        }
        socklen_t len = sizeof sa;
        ::getsockname(udp, reinterpret_cast<sockaddr *>(&sa), &len);
        if (::bind(tcp, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0
            || ::listen(tcp, 64) != 0) {
            ::close(udp);
            ::close(tcp);
            if (port != 0)
                return Sleuth::Unexpected(
                    QStringLiteral("cannot bind TCP %1:%2").arg(address).arg(port));
            continue; // the ephemeral UDP port is taken for TCP: try another
        }
        m_udp = udp;
        m_tcp = tcp;
        m_port = ntohs(sa.sin_port);
        m_udpThread = std::thread([this] { udpLoop(); });
        m_tcpThread = std::thread([this] { tcpLoop(); });
        return m_port;
    }
    return Sleuth::Unexpected(QStringLiteral("no free loopback port for UDP and TCP"));
}

void LoopbackServer::stop()
{
    m_stop = true;
    if (m_udpThread.joinable())
        m_udpThread.join();
    if (m_tcpThread.joinable())
        m_tcpThread.join();
    std::vector<std::thread> workers;
    {
        std::lock_guard lock(m_mutex);
        workers.swap(m_workers);
    }
    for (std::thread &t : workers)
        t.join();
    if (m_udp >= 0)
        ::close(m_udp);
    if (m_tcp >= 0)
        ::close(m_tcp);
    m_udp = m_tcp = -1;
}

void LoopbackServer::setBehaviour(const QString &name, Behaviour behaviour)
{
    std::lock_guard lock(m_mutex);
    m_behaviours.insert(Net::canonicalName(name), behaviour);
}

LoopbackServer::Behaviour LoopbackServer::behaviourFor(const QString &name) const
{
    std::lock_guard lock(m_mutex);
    return m_behaviours.value(Net::canonicalName(name), Behaviour::Answer);
}

QByteArray LoopbackServer::answerFor(const QByteArray &query, bool tcp, bool *drop)
{
    *drop = false;
    ++m_queries;
    const auto parsed = parseQuery(query);
    if (!parsed) {
        *drop = true; // not a query we understand: stay silent, like most servers
        return {};
    }
    const Behaviour b = behaviourFor(parsed->question.name);
    Response resp;
    resp.question = parsed->question;
    switch (b) {
    case Behaviour::Drop:
        *drop = true;
        return {};
    case Behaviour::DropEdns:
        if (parsed->edns && !tcp) {
            *drop = true;
            return {};
        }
        break;
    case Behaviour::Garbage:
        return QByteArray("\x13\x37garbage, not DNS at all", 26);
    case Behaviour::ServFail:
        resp.rcode = Rcode::ServFail;
        return encodeResponse(resp, *parsed, 65535);
    case Behaviour::Refused:
        resp.rcode = Rcode::Refused;
        return encodeResponse(resp, *parsed, 65535);
    case Behaviour::TruncateNoTcp:
    case Behaviour::TcpCloseMidAnswer:
    case Behaviour::Truncate:
        if (!tcp)
            return encodeResponse(resp, *parsed, 0); // header and question only, TC=1
        if (b == Behaviour::TruncateNoTcp) {
            *drop = true;
            return {};
        }
        break;
    default:
        break;
    }
    const Dns::Answer a = m_backend->resolve(parsed->question);
    if (!a) {
        if (a.error().kind == ErrorKind::Timeout) {
            *drop = true;
            return {};
        }
        resp.rcode = Rcode::ServFail;
    } else {
        resp = *a;
    }
    ParsedQuery replyTo = *parsed;
    if (b == Behaviour::WrongId)
        replyTo.id = quint16(replyTo.id + 1);
    if (b == Behaviour::WrongQuestion)
        replyTo.question.name = QStringLiteral("other.") + replyTo.question.name;
    QByteArray wire = encodeResponse(resp, replyTo, tcp ? 65535 : parsed->udpSize);
    if (b == Behaviour::TcpCloseMidAnswer)
        wire.truncate(wire.size() / 2);
    return wire;
}

void LoopbackServer::udpLoop()
{
    QByteArray buf(65536, Qt::Uninitialized);
    while (!m_stop.load()) {
        pollfd p {m_udp, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0)
            continue;
        sockaddr_storage from {};
        socklen_t fromLen = sizeof from;
        const ssize_t n = ::recvfrom(m_udp, buf.data(), size_t(buf.size()), 0,
            reinterpret_cast<sockaddr *>(&from), &fromLen);
        if (n <= 0)
            continue;
        const QByteArray query(buf.constData(), n);
        const auto parsed = parseQuery(query);
        const bool late = parsed && behaviourFor(parsed->question.name) == Behaviour::Late;
        auto respond = [this, query, from, fromLen, late] {
            const int delay = m_delayMs.load() + (late ? m_lateMs.load() : 0);
            if (delay > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(delay));
            bool drop = false;
            const QByteArray reply = answerFor(query, false, &drop);
            if (!drop && !reply.isEmpty() && !m_stop.load())
                ::sendto(m_udp, reply.constData(), size_t(reply.size()), 0,
                    reinterpret_cast<const sockaddr *>(&from), fromLen);
        };
        if (m_delayMs.load() > 0 || late) {
            std::lock_guard lock(m_mutex);
            m_workers.emplace_back(respond);
        } else {
            respond();
        }
    }
}

void LoopbackServer::refuseTcp()
{
    m_refuseTcp = true;
    while (!m_tcpClosed.load() && m_tcpThread.joinable())
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

void LoopbackServer::tcpLoop()
{
    while (!m_stop.load()) {
        if (m_refuseTcp.load()) {
            // Closed here, by the thread that polls it: connections are now refused.
            ::close(m_tcp);
            m_tcp = -1;
            m_tcpClosed = true;
            return;
        }
        pollfd p {m_tcp, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0)
            continue;
        const int fd = ::accept(m_tcp, nullptr, nullptr);
        if (fd < 0)
            continue;
        std::lock_guard lock(m_mutex);
        m_workers.emplace_back([this, fd] {
            serveTcpConnection(fd);
            ::close(fd);
        });
    }
}

void LoopbackServer::serveTcpConnection(int fd)
{
    while (!m_stop.load()) {
        unsigned char lenBuf[2];
        if (!readFully(fd, reinterpret_cast<char *>(lenBuf), 2, m_stop))
            return;
        const size_t len = (size_t(lenBuf[0]) << 8) | lenBuf[1];
        QByteArray query(qsizetype(len), Qt::Uninitialized);
        if (!readFully(fd, query.data(), len, m_stop))
            return;
        const auto parsed = parseQuery(query);
        const int delay = m_delayMs.load()
            + (parsed && behaviourFor(parsed->question.name) == Behaviour::Late ? m_lateMs.load()
                                                                                : 0);
        if (delay > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        bool drop = false;
        const QByteArray reply = answerFor(query, true, &drop);
        if (drop)
            return; // close without an answer
        QByteArray framed;
        const qsizetype fullSize
            = behaviourFor(parseQuery(query) ? parseQuery(query)->question.name : QString())
                == Behaviour::TcpCloseMidAnswer
            ? reply.size() * 2
            : reply.size();
        framed.append(char((fullSize >> 8) & 0xff));
        framed.append(char(fullSize & 0xff));
        framed.append(reply);
        sendAll(fd, framed);
        if (fullSize != reply.size())
            return;
    }
}

} // namespace Lab
