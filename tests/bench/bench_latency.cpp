// Audit wall time under simulated latency: a loopback DNS server delays every answer by a fixed
// time; generated include trees of several shapes are audited one query at a time and with
// prefetching. Reports wall time as a multiple of the critical path (the longest chain of
// questions that depend on each other's answers, times the delay), beside our check_host() and
// pyspf's (python3-spf) for an address that no branch authorizes, on the same server in the same
// run. (spfquery from libspf2 asks the system resolver on port 53 only, so it cannot be pointed
// at an unprivileged loopback server without changing the machine's resolv.conf.)
//
//   bench_latency [DELAY_MS] [ROUNDS]       (defaults: 20 ms, 3 rounds; the median is shown)

#include <algorithm>
#include <cstdio>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include "common/netutil.h"
#include "dns/ldnsresolver.h"
#include "dns/ldnsserver.h"
#include "dns/memoryresolver.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"

namespace {

struct Shape
{
    const char *name;
    QString zone;
    QString root;
    int criticalPath; // round trips that must follow one another
};

Shape chain(int depth)
{
    Shape s {"deep chain", QStringLiteral("$TTL 300\n"), QStringLiteral("c0.gen.test"), depth + 1};
    for (int i = 0; i < depth; ++i)
        s.zone
            += QStringLiteral("c%1.gen.test. IN TXT \"v=spf1 a:h%1.gen.test include:c%2.gen.test "
                              "-all\"\nh%1.gen.test. IN A 10.1.%1.1\n")
                   .arg(i)
                   .arg(i + 1);
    s.zone += QStringLiteral("c%1.gen.test. IN TXT \"v=spf1 ip4:10.9.9.9 -all\"\n").arg(depth);
    return s;
}

Shape fanOut(int width)
{
    Shape s {"wide fan-out", QStringLiteral("$TTL 300\n"), QStringLiteral("f.gen.test"), 2};
    QString root = QStringLiteral("v=spf1");
    for (int i = 0; i < width; ++i) {
        root += QStringLiteral(" include:f%1.gen.test").arg(i);
        s.zone += QStringLiteral("f%1.gen.test. IN TXT \"v=spf1 ip4:10.2.%1.0/24 -all\"\n").arg(i);
    }
    s.zone += QStringLiteral("f.gen.test. IN TXT \"%1 -all\"\n").arg(root);
    return s;
}

// Three levels of includes, with a, mx (two hops: MX then the hosts' addresses) at the bottom.
Shape mixed()
{
    Shape s {"mixed", QStringLiteral("$TTL 300\n"), QStringLiteral("m.gen.test"), 5};
    s.zone += QStringLiteral(
        "m.gen.test. IN TXT \"v=spf1 include:a.gen.test include:b.gen.test a:w.gen.test -all\"\n"
        "a.gen.test. IN TXT \"v=spf1 include:a1.gen.test include:a2.gen.test -all\"\n"
        "b.gen.test. IN TXT \"v=spf1 include:b1.gen.test mx:b.gen.test -all\"\n"
        "a1.gen.test. IN TXT \"v=spf1 mx:a1.gen.test -all\"\n"
        "a2.gen.test. IN TXT \"v=spf1 ip4:10.3.0.0/16 a:x.gen.test -all\"\n"
        "b1.gen.test. IN TXT \"v=spf1 a:y.gen.test ip6:2001:db8::/32 -all\"\n"
        "a1.gen.test. IN MX 10 mx1.gen.test.\na1.gen.test. IN MX 20 mx2.gen.test.\n"
        "b.gen.test. IN MX 10 mx3.gen.test.\n"
        "mx1.gen.test. IN A 10.4.0.1\nmx2.gen.test. IN A 10.4.0.2\nmx3.gen.test. IN A 10.4.0.3\n"
        "w.gen.test. IN A 10.5.0.1\nx.gen.test. IN A 10.5.0.2\ny.gen.test. IN A 10.5.0.3\n");
    return s;
}

// pyspf's check_host() against the same server: one process, the check timed inside it.
const char *pyspfRunner = R"(
import sys, time, spf
port = int(sys.argv[1]); root = sys.argv[2]
if spf.DNSLookup.__name__ == "DNSLookup_dnspython":
    import dns.resolver
    r = dns.resolver.Resolver(configure=False)
    r.nameservers = ["127.0.0.1"]; r.port = port; r.timeout = 5; r.lifetime = 5
    dns.resolver.default_resolver = r
else:
    import DNS
    DNS.defaults["server"] = ["127.0.0.1"]; DNS.defaults["port"] = port
t0 = time.perf_counter()
res = spf.query(i="192.0.2.1", s="postmaster@" + root, h="", timeout=5).check()
print((time.perf_counter() - t0) * 1000, res[0])
)";

double pyspfMs(quint16 port, const QString &root)
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"),
        {QStringLiteral("-c"), QString::fromUtf8(pyspfRunner), QString::number(port), root});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return -1;
    return QString::fromUtf8(p.readAllStandardOutput()).section(QLatin1Char(' '), 0, 0).toDouble();
}

double medianMs(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int delay = argc > 1 ? std::max(1, atoi(argv[1])) : 20;
    const int rounds = argc > 2 ? std::max(1, atoi(argv[2])) : 3;
    std::printf("delay %d ms per answer, median of %d rounds\n", delay, rounds);
    std::printf("%-14s %7s %9s %12s %8s %12s %8s %10s %14s %12s\n", "shape", "queries", "critical",
        "audit seq", "x crit", "prefetch(8)", "x crit", "speed-up", "check_host()", "pyspf");
    for (const Shape &shape : {chain(8), fanOut(9), mixed()}) {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        if (const auto loaded = zone->loadZoneText(shape.zone.toUtf8()); !loaded) {
            std::fprintf(stderr, "%s\n", qPrintable(loaded.error()));
            return 1;
        }
        Dns::LoopbackServer server(zone);
        if (!server.start()) {
            std::fprintf(stderr, "cannot start the loopback server\n");
            return 1;
        }
        server.setDelayMs(delay);
        Dns::NetworkConfig config;
        config.servers = QStringList {server.address()};
        config.timeoutMs = 10 * delay + 1000;
        auto resolver = Dns::LdnsResolver::create(config);
        if (!resolver) {
            std::fprintf(stderr, "%s\n", qPrintable(resolver.error()));
            return 1;
        }
        QList<double> seq, pre, check, py;
        int queries = 0;
        for (int r = 0; r < rounds; ++r) {
            for (int threads : {0, 8}) {
                Spf::AuditOptions o;
                o.prefetchThreads = threads;
                QElapsedTimer t;
                t.start();
                const Spf::Audit a = Spf::Auditor(**resolver, o).run(shape.root);
                (threads ? pre : seq) << double(t.nsecsElapsed()) / 1e6;
                queries = int(a.trace.exchanges.size());
            }
            // check_host() for an address no branch authorizes: the whole tree, one at a time.
            QElapsedTimer t;
            t.start();
            Spf::Evaluator evaluator(**resolver);
            (void)evaluator.evaluate(Spf::CheckRequest {*Net::parseIp(QStringLiteral("192.0.2.1")),
                QStringLiteral("postmaster@") + shape.root, {}, {}, QStringLiteral("unknown")});
            check << double(t.nsecsElapsed()) / 1e6;
            py << pyspfMs(server.port(), shape.root);
        }
        const double critical = double(shape.criticalPath * delay);
        const double s = medianMs(seq), p = medianMs(pre);
        const double py_ = medianMs(py);
        std::printf("%-14s %7d %7.0fms %10.1fms %7.2fx %10.1fms %7.2fx %9.2fx %12.1fms %10.1fms\n",
            shape.name, queries, critical, s, s / critical, p, p / critical, s / p, medianMs(check),
            py_);
    }
    return 0;
}
