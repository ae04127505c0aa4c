#include "dns/ldnsresolver.h"

#include <QElapsedTimer>

#include "common/netutil.h"
#include "dns/ldnsutil_p.h"

namespace Dns {

using namespace LdnsUtil;

namespace {

RdfPtr addressRdf(const QString &ip)
{
    const QByteArray text = ip.toLatin1();
    return RdfPtr(ldns_rdf_new_frm_str(
        ip.contains(QLatin1Char(':')) ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, text.constData()));
}

ErrorKind kindOf(ldns_status s)
{
    switch (s) {
    case LDNS_STATUS_NETWORK_ERR:
    case LDNS_STATUS_RES_NO_NS:
        return ErrorKind::Timeout;
    case LDNS_STATUS_SOCKET_ERROR:
    case LDNS_STATUS_ADDRESS_ERR:
    case LDNS_STATUS_ERR:
    case LDNS_STATUS_MEM_ERR:
        return ErrorKind::Network;
    default:
        return ErrorKind::Malformed; // wire and packet errors: something came back, unusable
    }
}

struct Attempt
{
    ldns_status status = LDNS_STATUS_OK;
    PktPtr reply;
    PktPtr query;
};

Attempt sendOnce(const NetworkConfig &config, const QList<LdnsResolver::Server> &servers,
    const ldns_rdf *name, quint16 type, bool tcp)
{
    Attempt a;
    ResolverPtr r(ldns_resolver_new());
    for (const LdnsResolver::Server &s : servers) {
        RdfPtr ns = addressRdf(s.address);
        if (ns)
            ldns_resolver_push_nameserver(r.get(), ns.get()); // copies
    }
    if (!servers.isEmpty())
        ldns_resolver_set_port(r.get(), servers.front().port);
    const timeval tv {config.timeoutMs / 1000, (config.timeoutMs % 1000) * 1000};
    ldns_resolver_set_timeout(r.get(), tv);
    ldns_resolver_set_retry(r.get(), uint8_t(std::clamp(config.tries, 1, 10)));
    ldns_resolver_set_retrans(r.get(), 0);
    ldns_resolver_set_random(r.get(), false);
    ldns_resolver_set_fallback(r.get(), false); // we do the TCP fallback ourselves, to know it
    ldns_resolver_set_usevc(r.get(), tcp);
    ldns_resolver_set_recursive(r.get(), config.recursionDesired);
    ldns_resolver_set_edns_udp_size(r.get(), config.ednsUdpSize);
    ldns_pkt *q = nullptr;
    a.status = ldns_resolver_prepare_query_pkt(&q, r.get(), name, ldns_rr_type(type),
        LDNS_RR_CLASS_IN, config.recursionDesired ? LDNS_RD : 0);
    a.query.reset(q);
    if (a.status != LDNS_STATUS_OK)
        return a;
    ldns_pkt *reply = nullptr;
    a.status = ldns_resolver_send_pkt(&reply, r.get(), a.query.get());
    a.reply.reset(reply);
    return a;
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
            return Sleuth::Unexpected(QStringLiteral("'%1' is not a valid server (use HOST[:PORT], "
                                                     "[IPv6]:PORT or a bare IPv6 address)")
                                          .arg(spec));
        const quint16 port = hp->port ? hp->port : 53;
        if (Net::parseIp(hp->host)) {
            servers << Server {hp->host, port};
            continue;
        }
        // A host name: look it up through the system's resolver.
        NetworkConfig sysConfig;
        sysConfig.timeoutMs = config.timeoutMs;
        sysConfig.tries = config.tries;
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
    for (const Server &s : m_servers) {
        parts << (s.address.contains(QLatin1Char(':'))
                ? QStringLiteral("[%1]:%2").arg(s.address).arg(s.port)
                : QStringLiteral("%1:%2").arg(s.address).arg(s.port));
    }
    return parts.join(QStringLiteral(", "));
}

Answer LdnsResolver::resolve(const Question &question)
{
    QElapsedTimer timer;
    timer.start();
    const QDateTime when = QDateTime::currentDateTimeUtc();
    auto fail = [&](ErrorKind kind, const QString &message) {
        return Answer(
            Sleuth::Unexpected(Error {kind, message, description(), timer.nsecsElapsed() / 1000}));
    };
    const RdfPtr name = nameRdf(question.name);
    if (!name)
        return fail(ErrorKind::Invalid,
            QStringLiteral("'%1' cannot be sent as a DNS name").arg(question.name));

    // One server at a time (each may have its own port); the first that answers wins.
    Attempt attempt;
    bool tcp = false;
    bool truncated = false;
    for (const Server &server : m_servers) {
        attempt = sendOnce(m_config, {server}, name.get(), question.type, false);
        tcp = false;
        truncated = false;
        if (attempt.status == LDNS_STATUS_OK && attempt.reply && ldns_pkt_tc(attempt.reply.get())) {
            truncated = true; // RFC 7766: retry the question over TCP
            attempt = sendOnce(m_config, {server}, name.get(), question.type, true);
            tcp = true;
        }
        if (attempt.status == LDNS_STATUS_OK && attempt.reply)
            break;
    }
    if (attempt.status != LDNS_STATUS_OK || !attempt.reply) {
        const ldns_status s
            = attempt.status == LDNS_STATUS_OK ? LDNS_STATUS_NETWORK_ERR : attempt.status;
        const ErrorKind kind = kindOf(s);
        QString message = kind == ErrorKind::Timeout
            ? QStringLiteral("no answer within %1 ms x %2 tries%3")
                  .arg(m_config.timeoutMs)
                  .arg(m_config.tries)
                  .arg(tcp ? QStringLiteral(" over TCP after a truncated UDP answer") : QString())
            : statusText(s);
        return fail(kind, message);
    }
    const ldns_pkt *reply = attempt.reply.get();
    // ldns does not match replies to queries: do it here (id and question, RFC 5452 §4.3).
    if (ldns_pkt_id(reply) != ldns_pkt_id(attempt.query.get()))
        return fail(
            ErrorKind::Malformed, QStringLiteral("the reply's id does not match the query"));
    const ldns_rr_list *qs = ldns_pkt_question(reply);
    if (qs && ldns_rr_list_rr_count(qs) == 1) {
        const ldns_rr *q = ldns_rr_list_rr(qs, 0);
        if (ldns_rr_get_type(q) != ldns_rr_type(question.type)
            || ldns_dname_compare(ldns_rr_owner(q), name.get()) != 0)
            return fail(
                ErrorKind::Malformed, QStringLiteral("the reply answers a different question"));
    } else if (ldns_pkt_get_rcode(reply) == LDNS_RCODE_NOERROR) {
        return fail(ErrorKind::Malformed, QStringLiteral("the reply carries no question"));
    }
    if (tcp && ldns_pkt_tc(reply))
        return fail(ErrorKind::Malformed, QStringLiteral("the TCP answer is truncated too"));

    Response resp = responseFromPacket(reply, question);
    resp.tcp = tcp;
    resp.truncated = truncated;
    resp.when = when;
    resp.elapsedUs = timer.nsecsElapsed() / 1000;
    const ldns_rdf *from = ldns_pkt_answerfrom(reply);
    QString server = from ? rdfToString(from) : description();
    if (from) {
        quint16 port = 53;
        for (const Server &s : m_servers) {
            if (Net::parseIp(s.address) == Net::parseIp(server))
                port = s.port;
        }
        server = server.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(server).arg(port)
                                                   : QStringLiteral("%1:%2").arg(server).arg(port);
    }
    resp.server = server;
    return resp;
}

} // namespace Dns
