#include "dns/ldnsresolver.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include <QElapsedTimer>
#include <QSet>

#include "common/netutil.h"
#include "dns/ldnsutil_p.h"

namespace Dns {

using namespace LdnsUtil;

namespace {

constexpr int pollSliceMs = 50; // how quickly a cancel is noticed

quint16 randomId()
{
    thread_local std::mt19937 rng {std::random_device {}()};
    return quint16(rng() & 0xffff);
}

struct Socket
{
    int fd = -1;
    ~Socket()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

bool toSockaddr(const LdnsResolver::Server &server, sockaddr_storage *ss, socklen_t *len)
{
    std::memset(ss, 0, sizeof *ss);
    const QByteArray ip = server.address.toLatin1();
    if (server.address.contains(QLatin1Char(':'))) {
        auto *sa6 = reinterpret_cast<sockaddr_in6 *>(ss);
        sa6->sin6_family = AF_INET6;
        sa6->sin6_port = htons(server.port);
        *len = sizeof *sa6;
        return ::inet_pton(AF_INET6, ip.constData(), &sa6->sin6_addr) == 1;
    }
    auto *sa = reinterpret_cast<sockaddr_in *>(ss);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(server.port);
    *len = sizeof *sa;
    return ::inet_pton(AF_INET, ip.constData(), &sa->sin_addr) == 1;
}

// Outcome of one try against one server.
struct Try
{
    enum class Status { Answer, Timeout, Refused, Unusable, Cancelled, Error };
    Status status = Status::Timeout;
    PktPtr reply;
    QString detail;
    int size = 0; // octets of the reply
    int ednsOffered = 0;
    bool closed = false; // TCP: the server closed or reset the connection
};

class Exchanger
{
public:
    Exchanger(const NetworkConfig &config, const ldns_rdf *name, quint16 type)
        : m_config(config)
        , m_name(name)
        , m_type(type)
    { }

    // `edns`: offer the configured EDNS0 UDP size (a server that drops EDNS queries is asked
    // again without).
    Try udp(const LdnsResolver::Server &server, bool edns = true)
    {
        return exchange(server, false, edns);
    }
    Try tcp(const LdnsResolver::Server &server) { return exchange(server, true, false); }

private:
    bool cancelled() const { return m_config.cancel.requested(); }

    QByteArray buildQuery(quint16 id, bool tcp, bool edns) const
    {
        PktPtr q(ldns_pkt_query_new(ldns_rdf_clone(m_name), ldns_rr_type(m_type), LDNS_RR_CLASS_IN,
            m_config.recursionDesired ? LDNS_RD : 0));
        if (!q)
            return {};
        ldns_pkt_set_id(q.get(), id);
        if (m_config.ednsUdpSize > 0 && !tcp && edns)
            ldns_pkt_set_edns_udp_size(q.get(), m_config.ednsUdpSize);
        uint8_t *wire = nullptr;
        size_t size = 0;
        if (ldns_pkt2wire(&wire, q.get(), &size) != LDNS_STATUS_OK)
            return {};
        QByteArray out(reinterpret_cast<const char *>(wire), qsizetype(size));
        std::free(wire);
        return out;
    }

    // Parses and matches a reply; nullptr and `why` when it is not the answer to our query.
    PktPtr accept(const QByteArray &data, quint16 id, QString *why) const
    {
        ldns_pkt *raw = nullptr;
        const ldns_status s = ldns_wire2pkt(
            &raw, reinterpret_cast<const uint8_t *>(data.constData()), size_t(data.size()));
        if (s != LDNS_STATUS_OK) {
            *why = QStringLiteral("a reply that is not a DNS message (%1)").arg(statusText(s));
            return {};
        }
        PktPtr pkt(raw);
        if (!ldns_pkt_qr(pkt.get()) || ldns_pkt_id(pkt.get()) != id) {
            *why = QStringLiteral("a reply whose id does not match the query");
            return {};
        }
        const ldns_rr_list *qs = ldns_pkt_question(pkt.get());
        if (qs && ldns_rr_list_rr_count(qs) == 1) {
            const ldns_rr *q = ldns_rr_list_rr(qs, 0);
            if (ldns_rr_get_type(q) != ldns_rr_type(m_type)
                || ldns_dname_compare(ldns_rr_owner(q), m_name) != 0) {
                *why = QStringLiteral("a reply for a different question");
                return {};
            }
        } else if (ldns_pkt_get_rcode(pkt.get()) == LDNS_RCODE_NOERROR) {
            *why = QStringLiteral("a reply without the question");
            return {};
        }
        return pkt;
    }

    // Waits for `fd` to be ready until `deadline`, in slices so that a cancel is noticed.
    Try::Status wait(int fd, short events, const QElapsedTimer &clock, int deadlineMs) const
    {
        for (;;) {
            if (cancelled())
                return Try::Status::Cancelled;
            const qint64 left = deadlineMs - clock.elapsed();
            if (left <= 0)
                return Try::Status::Timeout;
            pollfd p {fd, events, 0};
            const int r = ::poll(&p, 1, int(std::min<qint64>(left, pollSliceMs)));
            if (r < 0 && errno != EINTR)
                return Try::Status::Error;
            if (r > 0)
                return Try::Status::Answer;
        }
    }

    Try exchange(const LdnsResolver::Server &server, bool tcp, bool edns)
    {
        Try t;
        t.ednsOffered = !tcp && edns ? m_config.ednsUdpSize : 0;
        sockaddr_storage ss;
        socklen_t len = 0;
        if (!toSockaddr(server, &ss, &len)) {
            t.status = Try::Status::Error;
            t.detail = QStringLiteral("'%1' is not an address").arg(server.address);
            return t;
        }
        const quint16 id = randomId();
        const QByteArray query = buildQuery(id, tcp, edns);
        if (query.isEmpty()) {
            t.status = Try::Status::Error;
            t.detail = QStringLiteral("cannot encode the query");
            return t;
        }
        Socket s;
        s.fd = ::socket(
            ss.ss_family, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (s.fd < 0) {
            t.status = Try::Status::Error;
            t.detail = QString::fromLocal8Bit(std::strerror(errno));
            return t;
        }
        QElapsedTimer clock;
        clock.start();
        const int deadline = m_config.timeoutMs;
        // A connected socket: the kernel drops datagrams from other sources, and an ICMP
        // port-unreachable comes back as ECONNREFUSED instead of a silent timeout.
        if (::connect(s.fd, reinterpret_cast<sockaddr *>(&ss), len) != 0 && errno != EINPROGRESS) {
            t.status = errno == ECONNREFUSED ? Try::Status::Refused : Try::Status::Error;
            t.detail = QString::fromLocal8Bit(std::strerror(errno));
            return t;
        }
        if (tcp) {
            t.status = wait(s.fd, POLLOUT, clock, deadline);
            if (t.status != Try::Status::Answer)
                return t;
            int err = 0;
            socklen_t errLen = sizeof err;
            ::getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &err, &errLen);
            if (err != 0) {
                t.status = err == ECONNREFUSED ? Try::Status::Refused : Try::Status::Error;
                t.detail = QString::fromLocal8Bit(std::strerror(err));
                return t;
            }
            QByteArray framed;
            framed.append(char(query.size() >> 8)).append(char(query.size() & 0xff)).append(query);
            if (::send(s.fd, framed.constData(), size_t(framed.size()), MSG_NOSIGNAL)
                != framed.size()) {
                t.status = Try::Status::Error;
                t.detail = QStringLiteral("cannot send over TCP");
                return t;
            }
            QByteArray in;
            qsizetype need = 2;
            while (in.size() < need) {
                t.status = wait(s.fd, POLLIN, clock, deadline);
                if (t.status != Try::Status::Answer)
                    return t;
                char buf[65536 + 2];
                const ssize_t n = ::recv(s.fd, buf, sizeof buf, 0);
                if (n <= 0) {
                    t.status = Try::Status::Unusable;
                    t.closed = true;
                    t.detail = n < 0 && errno == ECONNRESET
                        ? QStringLiteral("the server reset the TCP connection")
                        : QStringLiteral(
                            "the server closed the TCP connection before the whole answer arrived");
                    return t;
                }
                in.append(buf, n);
                if (in.size() >= 2)
                    need = 2 + ((qsizetype(quint8(in[0])) << 8) | quint8(in[1]));
            }
            QString why;
            t.size = int(need - 2);
            t.reply = accept(in.mid(2, need - 2), id, &why);
            t.status = t.reply ? Try::Status::Answer : Try::Status::Unusable;
            t.detail = why;
            return t;
        }
        if (::send(s.fd, query.constData(), size_t(query.size()), 0) != query.size()) {
            t.status = errno == ECONNREFUSED ? Try::Status::Refused : Try::Status::Error;
            t.detail = QString::fromLocal8Bit(std::strerror(errno));
            return t;
        }
        QString lastWhy;
        for (;;) {
            t.status = wait(s.fd, POLLIN, clock, deadline);
            if (t.status != Try::Status::Answer) {
                if (t.status == Try::Status::Timeout && !lastWhy.isEmpty()) {
                    t.status = Try::Status::Unusable; // only unusable replies arrived
                    t.detail = lastWhy;
                }
                return t;
            }
            char buf[65536];
            const ssize_t n = ::recv(s.fd, buf, sizeof buf, 0);
            if (n < 0) {
                if (errno == EAGAIN || errno == EINTR)
                    continue;
                t.status = errno == ECONNREFUSED ? Try::Status::Refused : Try::Status::Error;
                t.detail = QString::fromLocal8Bit(std::strerror(errno));
                return t;
            }
            QString why;
            t.reply = accept(QByteArray(buf, n), id, &why);
            if (t.reply) {
                t.status = Try::Status::Answer;
                t.size = int(n);
                return t;
            }
            lastWhy = why; // RFC 5452 §9.1: ignore it and keep waiting for the real answer
        }
    }

    const NetworkConfig &m_config;
    const ldns_rdf *m_name;
    quint16 m_type;
};

QString serverText(const LdnsResolver::Server &s)
{
    return s.address.contains(QLatin1Char(':'))
        ? QStringLiteral("[%1]:%2").arg(s.address).arg(s.port)
        : QStringLiteral("%1:%2").arg(s.address).arg(s.port);
}

} // namespace

LdnsResolver::LdnsResolver(const NetworkConfig &config, QList<Server> servers)
    : m_config(config)
    , m_servers(std::move(servers))
{ }

Sleuth::Expected<std::unique_ptr<LdnsResolver>, QString> LdnsResolver::create(
    const NetworkConfig &config)
{
    QList<Server> servers;
    if (config.servers.isEmpty()) {
        ldns_resolver *raw = nullptr;
        const ldns_status s = ldns_resolver_new_frm_file(&raw, nullptr);
        if (s != LDNS_STATUS_OK)
            return Sleuth::Unexpected(
                QStringLiteral("cannot read /etc/resolv.conf: %1").arg(statusText(s)));
        ResolverPtr sys(raw);
        for (size_t i = 0; i < ldns_resolver_nameserver_count(sys.get()); ++i)
            servers << Server {rdfToString(ldns_resolver_nameservers(sys.get())[i]), 53};
        if (servers.isEmpty())
            return Sleuth::Unexpected(QStringLiteral("/etc/resolv.conf names no nameserver"));
    }
    for (const QString &spec : config.servers) {
        const auto hp = Net::parseHostPort(spec);
        if (!hp)
            return Sleuth::Unexpected(QStringLiteral(
                "'%1' is not a valid server (use HOST[:PORT], [IPv6]:PORT or a bare IPv6 address)")
                                          .arg(spec));
        const quint16 port = hp->port ? hp->port : 53;
        if (const auto ip = Net::parseIp(hp->host)) {
            servers << Server {Net::ipToString(*ip), port};
            continue;
        }
        // A host name: look it up through the system's resolver.
        NetworkConfig sysConfig;
        sysConfig.timeoutMs = config.timeoutMs;
        sysConfig.tries = config.tries;
        sysConfig.cancel = config.cancel;
        auto sys = create(sysConfig);
        if (!sys)
            return Sleuth::Unexpected(sys.error());
        bool found = false;
        for (quint16 type : {Type::A, Type::AAAA}) {
            const Answer a = (*sys)->resolve(Question {hp->host, type});
            if (!a)
                continue;
            for (const Record &r : a->recordsOfType(type)) {
                servers << Server {r.target, port};
                found = true;
            }
        }
        if (!found)
            return Sleuth::Unexpected(
                QStringLiteral("cannot find an address for server '%1'").arg(hp->host));
    }
    return std::unique_ptr<LdnsResolver>(new LdnsResolver(config, std::move(servers)));
}

QString LdnsResolver::description() const
{
    QStringList parts;
    for (const Server &s : m_servers)
        parts << serverText(s);
    return parts.join(QStringLiteral(", "));
}

namespace {

WireStep stepOf(const Try &t, const QString &server, int attempt, bool tcp, qint64 elapsedUs)
{
    WireStep step;
    step.server = server;
    step.attempt = attempt;
    step.tcp = tcp;
    step.size = t.size;
    step.ednsOffered = t.ednsOffered;
    step.elapsedUs = elapsedUs;
    step.detail = t.detail;
    switch (t.status) {
    case Try::Status::Answer:
        step.outcome = WireStep::Outcome::Answer;
        break;
    case Try::Status::Timeout:
        step.outcome = WireStep::Outcome::Timeout;
        break;
    case Try::Status::Refused:
        step.outcome = WireStep::Outcome::Refused;
        break;
    case Try::Status::Unusable:
        step.outcome = t.closed ? WireStep::Outcome::Closed : WireStep::Outcome::Unusable;
        break;
    case Try::Status::Cancelled:
        step.outcome = WireStep::Outcome::Cancelled;
        break;
    case Try::Status::Error:
        step.outcome = WireStep::Outcome::Error;
        break;
    }
    if (t.reply) {
        step.rcode = int(ldns_pkt_get_rcode(t.reply.get()));
        step.truncated = ldns_pkt_tc(t.reply.get());
        step.ednsAnswered = ldns_pkt_edns(t.reply.get());
    }
    return step;
}

} // namespace

Answer LdnsResolver::resolve(const Question &question)
{
    QElapsedTimer timer;
    timer.start();
    const QDateTime when = QDateTime::currentDateTimeUtc();
    QList<WireStep> wire;
    auto fail = [&](ErrorKind kind, const QString &message, const QString &server) {
        Error e {kind, message, server.isEmpty() ? description() : server,
            timer.nsecsElapsed() / 1000, {}};
        e.wire = wire;
        return Answer(Sleuth::Unexpected(e));
    };
    const RdfPtr name = nameRdf(question.name);
    if (!name)
        return fail(ErrorKind::Invalid,
            QStringLiteral("'%1' cannot be sent as a DNS name").arg(question.name), {});

    Exchanger exchanger(m_config, name.get(), question.type);
    QString lastProblem;
    ErrorKind lastKind = ErrorKind::Timeout;
    QString lastServer;
    // Servers whose EDNS query went unanswered: asked again without EDNS (RFC 6891 §7: some
    // middleboxes drop what they do not understand).
    QSet<int> withoutEdns;
    const int tries = std::clamp(m_config.tries, 1, 10);
    for (int attempt = 0; attempt < tries; ++attempt) {
        for (int si = 0; si < m_servers.size(); ++si) {
            const Server &server = m_servers[si];
            lastServer = serverText(server);
            const bool edns = m_config.ednsUdpSize > 0 && !withoutEdns.contains(si);
            qint64 started = timer.nsecsElapsed() / 1000;
            Try t = m_config.tcpOnly ? exchanger.tcp(server) : exchanger.udp(server, edns);
            wire << stepOf(t, lastServer, attempt + 1, m_config.tcpOnly,
                timer.nsecsElapsed() / 1000 - started);
            if (t.status == Try::Status::Timeout && edns)
                withoutEdns.insert(si);
            bool tcp = false;
            bool truncated = false;
            int udpSize = 0;
            int udpOffered = 0; // 0: no EDNS in that query, so 512
            if (!m_config.tcpOnly && t.status == Try::Status::Answer
                && ldns_pkt_tc(t.reply.get())) {
                truncated = true; // RFC 7766 §5: retry the question over TCP
                udpSize = t.size;
                udpOffered = t.ednsOffered;
                tcp = true;
                started = timer.nsecsElapsed() / 1000;
                t = exchanger.tcp(server);
                if (t.status == Try::Status::Answer && ldns_pkt_tc(t.reply.get())) {
                    t.status = Try::Status::Unusable;
                    t.detail = QStringLiteral("the TCP answer is truncated too");
                }
                wire << stepOf(
                    t, lastServer, attempt + 1, true, timer.nsecsElapsed() / 1000 - started);
            }
            // Why a truncated answer could not be had: it needs TCP, and TCP failed.
            const QString viaTcp = truncated
                ? QStringLiteral(" over TCP, after a truncated UDP answer (TC set; %1 octets "
                                 "fitted in the %2 we offered): an answer this size needs TCP "
                                 "(RFC 7766)")
                      .arg(udpSize)
                      .arg(udpOffered > 0 ? udpOffered : 512)
                : QString();
            switch (t.status) {
            case Try::Status::Answer: {
                Response resp = responseFromPacket(t.reply.get(), question);
                resp.tcp = tcp || m_config.tcpOnly;
                resp.truncated = truncated;
                resp.when = when;
                resp.elapsedUs = timer.nsecsElapsed() / 1000;
                resp.server = lastServer;
                resp.wire = wire;
                return resp;
            }
            case Try::Status::Cancelled:
                return fail(ErrorKind::Cancelled, QStringLiteral("cancelled"), lastServer);
            case Try::Status::Timeout:
                lastKind = ErrorKind::Timeout;
                lastProblem = QStringLiteral("no answer from %1 within %2 ms%3")
                                  .arg(lastServer)
                                  .arg(m_config.timeoutMs)
                                  .arg(viaTcp);
                break;
            case Try::Status::Refused:
                lastKind = ErrorKind::Network;
                lastProblem = truncated
                    ? QStringLiteral("%1 refused the connection%2").arg(lastServer, viaTcp)
                    : QStringLiteral("%1 refused the connection (nothing listens there?)")
                          .arg(lastServer);
                break;
            case Try::Status::Unusable:
                lastKind = ErrorKind::Malformed;
                lastProblem = QStringLiteral("%1 sent %2%3").arg(lastServer, t.detail, viaTcp);
                break;
            case Try::Status::Error:
                lastKind = ErrorKind::Network;
                lastProblem = QStringLiteral("%1: %2").arg(lastServer, t.detail);
                break;
            }
        }
    }
    if (tries > 1 || m_servers.size() > 1)
        lastProblem += QStringLiteral(" (%1 tries x %2 servers)").arg(tries).arg(m_servers.size());
    return fail(lastKind, lastProblem, lastServer);
}

} // namespace Dns
