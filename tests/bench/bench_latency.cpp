// Audit wall time under simulated latency: a loopback DNS server delays every answer by a fixed
// time; generated include trees of several shapes are audited one query at a time and with
// prefetching. Reports wall time as a multiple of the critical path (the longest chain of
// questions that depend on each other's answers, times the delay).
//
//   bench_latency [DELAY_MS] [ROUNDS]       (defaults: 20 ms, 3 rounds; the median is shown)

#include <algorithm>
#include <cstdio>

#include <QCoreApplication>
#include <QElapsedTimer>

#include "dns/ldnsresolver.h"
#include "dns/ldnsserver.h"
#include "dns/memoryresolver.h"
#include "spf/auditor.h"

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
    std::printf("%-14s %7s %9s %12s %8s %12s %8s %10s\n", "shape", "queries", "critical",
        "sequential", "x crit", "prefetch(8)", "x crit", "speed-up");
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
        QList<double> seq, pre;
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
        }
        const double critical = double(shape.criticalPath * delay);
        const double s = medianMs(seq), p = medianMs(pre);
        std::printf("%-14s %7d %7.0fms %10.1fms %7.2fx %10.1fms %7.2fx %9.2fx\n", shape.name,
            queries, critical, s, s / critical, p, p / critical, s / p);
    }
    return 0;
}
