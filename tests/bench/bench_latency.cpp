// Audit wall time under simulated latency: a loopback DNS server delays every answer by a fixed
// time; generated include trees of several shapes are audited one query at a time and with
// prefetching. Reports wall time as a multiple of the critical path (the longest chain of
// questions that depend on each other's answers, times the delay), beside our check_host() (one
// query at a time, and with speculative prefetching), pyspf's (python3-spf) and Mail::SPF's
// (libmail-spf-perl) for an address that no branch authorizes, on the same server in the same run.
// A second table times the CLI's tree (with its advice) and check as they run through
// Investigation::run, beside the tree as it ran before (the advice's questions after the audit).
// spfquery (libspf2) asks the system resolver on port 53 only: tests/bench/latency_netns.sh runs
// this benchmark in a private network namespace where that is our server, and fills its column.
//
//   bench_latency [DELAY_MS] [ROUNDS] [THREADS]   (defaults: 20 ms, 3 rounds, 16 prefetch threads;
//                                                  the median is shown)

#include <algorithm>
#include <cstdio>
#include <optional>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include "common/netutil.h"
#include "dns/ldnsresolver.h"
#include "dns/memoryresolver.h"
#include "investigation/investigation.h"
#include "lab.h"
#include "spf/advice.h"
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

// A large tree like a company's with several mail providers: MX hosts and an 'a' of its own,
// a provider whose include holds three netblock records, one with plain ranges, one three
// includes deep ending in 'a' and 'mx' (two hops), one with an 'exists' that needs the IP. 14
// lookups; the longest chain is root, pc, _spf.pc, _out.pc, MX of pc, its host's address.
Shape provider()
{
    Shape s {"provider-like", QStringLiteral("$TTL 300\n"), QStringLiteral("p.gen.test"), 6};
    s.zone += QStringLiteral(
        "p.gen.test. IN TXT \"v=spf1 mx a include:_spf.pa.gen.test include:_spf.pb.gen.test "
        "include:pc.gen.test include:_spf.pd.gen.test -all\"\n"
        "p.gen.test. IN MX 10 mx1.p.gen.test.\np.gen.test. IN MX 20 mx2.p.gen.test.\n"
        "p.gen.test. IN A 10.6.0.1\nmx1.p.gen.test. IN A 10.6.0.25\n"
        "mx1.p.gen.test. IN AAAA 2001:db8:6::25\nmx2.p.gen.test. IN A 10.6.0.26\n"
        "_spf.pa.gen.test. IN TXT \"v=spf1 include:_nb1.pa.gen.test include:_nb2.pa.gen.test "
        "include:_nb3.pa.gen.test ~all\"\n"
        "_nb1.pa.gen.test. IN TXT \"v=spf1 ip4:10.10.0.0/16 ip4:10.11.0.0/16 "
        "ip6:2001:db8:a1::/48 ~all\"\n"
        "_nb2.pa.gen.test. IN TXT \"v=spf1 ip4:10.12.0.0/16 ip6:2001:db8:a2::/48 ~all\"\n"
        "_nb3.pa.gen.test. IN TXT \"v=spf1 ip4:10.13.0.0/16 ~all\"\n"
        "_spf.pb.gen.test. IN TXT \"v=spf1 ip4:10.20.0.0/16 ip4:10.21.0.0/16 "
        "ip6:2001:db8:b::/48 -all\"\n"
        "pc.gen.test. IN TXT \"v=spf1 include:_spf.pc.gen.test ~all\"\n"
        "_spf.pc.gen.test. IN TXT \"v=spf1 include:_out.pc.gen.test ip4:10.30.0.0/16 ~all\"\n"
        "_out.pc.gen.test. IN TXT \"v=spf1 a:relay.pc.gen.test mx:pc.gen.test ~all\"\n"
        "relay.pc.gen.test. IN A 10.31.0.1\npc.gen.test. IN MX 10 mxc.pc.gen.test.\n"
        "mxc.pc.gen.test. IN A 10.31.0.2\n"
        "_spf.pd.gen.test. IN TXT \"v=spf1 exists:%{i}._spf.pd.gen.test ip4:10.40.0.0/16 "
        "-all\"\n");
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

// Runs a peer's script (`flag` `script` PORT ROOT), which prints its own timing in ms first.
double peerMs(const QString &interpreter, const QString &flag, const char *script, quint16 port,
    const QString &root)
{
    QProcess p;
    p.start(interpreter, {flag, QString::fromUtf8(script), QString::number(port), root});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return -1;
    return QString::fromUtf8(p.readAllStandardOutput()).section(QLatin1Char(' '), 0, 0).toDouble();
}

// Mail::SPF (libmail-spf-perl) against the same server, timed inside the process.
const char *mailSpfRunner = R"(
use strict; use Mail::SPF; use Net::DNS::Resolver; use Time::HiRes qw(time);
my ($port, $root) = @ARGV;
my $dns = Net::DNS::Resolver->new(nameservers => ['127.0.0.1'], port => $port, recurse => 1,
                                  udp_timeout => 5, tcp_timeout => 5, retry => 1);
my $server = Mail::SPF::Server->new(dns_resolver => $dns);
my $t0 = time;
my $req = Mail::SPF::Request->new(scope => 'mfrom', identity => "postmaster\@$root",
                                  ip_address => '192.0.2.1');
my $res = $server->process($req);
printf "%f %s\n", (time - $t0) * 1000, $res->code;
)";

// spfquery (libspf2) asks the system resolver only, so this runs only where /etc/resolv.conf
// points at 127.0.0.1 and our server answers on port 53: inside the private network and mount
// namespace tests/bench/latency_netns.sh sets up. Whole process, minus its start-up time measured
// on a check that needs no DNS (an ip4 literal in the HELO identity would still ask; so the
// start-up is taken from `spfquery --version`).
double spfqueryMs(const QString &root)
{
    const auto run = [](const QStringList &args) {
        QProcess p;
        QElapsedTimer t;
        t.start();
        p.start(QStringLiteral("spfquery"), args);
        if (!p.waitForFinished(60000))
            return -1.0;
        return double(t.nsecsElapsed()) / 1e6;
    };
    const double startup = run({QStringLiteral("--version")});
    const double whole = run({QStringLiteral("-ip"), QStringLiteral("192.0.2.1"),
        QStringLiteral("-sender"), QStringLiteral("postmaster@") + root});
    return startup < 0 || whole < 0 ? -1 : std::max(0.0, whole - startup);
}

double medianMs(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double msSince(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

// The CLI's tree and check as they run now: the investigation's pipeline, asked for the tree
// and its advice, or for check_host() alone.
Investigation::Result investigate(const std::shared_ptr<Dns::Resolver> &dns,
    Investigation::Scope scope, const QString &target, const QString &ip, int threads)
{
    Investigation::Request request;
    request.scope = scope;
    request.target = target;
    request.ip = ip;
    request.resolverOverride = dns;
    request.prefetchThreads = threads;
    return Investigation::run(request, Work::Cancel());
}

// The CLI's tree as it ran before it went through the investigation: the audit, then its advice,
// whose own questions waited for the audit's end.
void treeThenAdvice(Dns::Resolver &dns, const QString &root, int threads)
{
    Spf::AuditOptions o;
    o.prefetchThreads = threads;
    const Spf::Audit a = Spf::Auditor(dns, o).run(root);
    Spf::TreeAdviceOptions advice;
    advice.resolver = &dns;
    (void)Spf::treeAdvice(a, advice);
}

// Each measurement of one shape, a value per round.
struct Timings
{
    QList<double> seq, pre, check, checkPre, py, perl, libspf2, treeBefore, tree, checkRun;
    int queries = 0;
};

Timings measure(const Shape &shape, const std::shared_ptr<Dns::Resolver> &resolver, quint16 port,
    int rounds, int threads, bool port53)
{
    const QString client = QStringLiteral("192.0.2.1");
    const QString sender = QStringLiteral("postmaster@") + shape.root;
    Timings m;
    for (int r = 0; r < rounds; ++r) {
        QElapsedTimer t;
        for (int n : {0, threads}) {
            Spf::AuditOptions o;
            o.prefetchThreads = n;
            t.start();
            const Spf::Audit a = Spf::Auditor(*resolver, o).run(shape.root);
            (n ? m.pre : m.seq) << msSince(t);
            m.queries = int(a.trace.exchanges.size());
        }
        // check_host() for an address no branch authorizes: the whole tree, one at a time.
        t.restart();
        Spf::Evaluator evaluator(*resolver);
        (void)evaluator.evaluate(
            Spf::CheckRequest {*Net::parseIp(client), sender, {}, {}, QStringLiteral("unknown")});
        m.check << msSince(t);
        // The same check with speculative prefetching (check --prefetch 8).
        Spf::EvaluatorOptions eo;
        eo.prefetchThreads = threads;
        t.restart();
        (void)Spf::Evaluator(*resolver, eo)
            .evaluate(Spf::CheckRequest {
                *Net::parseIp(client), sender, {}, {}, QStringLiteral("unknown")});
        m.checkPre << msSince(t);
        // tree (advice after the audit, as before), tree and check (the pipeline, as now).
        t.restart();
        treeThenAdvice(*resolver, shape.root, threads);
        m.treeBefore << msSince(t);
        t.restart();
        (void)investigate(resolver, Investigation::Scope::TreeAdvice, shape.root, {}, threads);
        m.tree << msSince(t);
        t.restart();
        (void)investigate(resolver, Investigation::Scope::Check, sender, client, threads);
        m.checkRun << msSince(t);
        m.py << peerMs(QStringLiteral("/usr/bin/python3"), QStringLiteral("-c"), pyspfRunner, port,
            shape.root);
        m.perl << peerMs(
            QStringLiteral("/usr/bin/perl"), QStringLiteral("-e"), mailSpfRunner, port, shape.root);
        m.libspf2 << (port53 ? spfqueryMs(shape.root) : -1);
    }
    return m;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int delay = argc > 1 ? std::max(1, atoi(argv[1])) : 20;
    const int rounds = argc > 2 ? std::max(1, atoi(argv[2])) : 3;
    const int threads = argc > 3 ? std::clamp(atoi(argv[3]), 1, 64) : 16; // the CLI's default
    // Inside latency_netns.sh: our server also answers on 127.0.0.1:53, where spfquery asks.
    const bool port53 = qEnvironmentVariableIsSet("SLEUTH_BENCH_PORT53");
    std::printf("delay %d ms per answer, median of %d rounds\n", delay, rounds);
    std::printf("%-14s %7s %9s %12s %8s %12s %8s %10s %14s %14s %12s %12s %12s\n", "shape",
        "queries", "critical", "audit seq", "x crit",
        qPrintable(QStringLiteral("prefetch(%1)").arg(threads)), "x crit", "speed-up",
        "check_host()", qPrintable(QStringLiteral("check pref(%1)").arg(threads)), "pyspf",
        "Mail::SPF", "spfquery");
    QStringList commands; // the second table: the CLI's tree and check
    for (const Shape &shape : {chain(8), fanOut(9), mixed(), provider()}) {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        if (const auto loaded = zone->loadZoneText(shape.zone.toUtf8()); !loaded) {
            std::fprintf(stderr, "%s\n", qPrintable(loaded.error()));
            return 1;
        }
        Lab::LoopbackServer server(zone);
        if (!server.start()) {
            std::fprintf(stderr, "cannot start the loopback server\n");
            return 1;
        }
        server.setDelayMs(delay);
        std::optional<Lab::LoopbackServer> on53;
        if (port53) {
            on53.emplace(zone);
            if (!on53->start(53)) {
                std::fprintf(stderr, "cannot listen on 127.0.0.1:53 (run latency_netns.sh)\n");
                return 1;
            }
            on53->setDelayMs(delay);
        }
        Dns::NetworkConfig config;
        config.servers = QStringList {server.address()};
        config.timeoutMs = 10 * delay + 1000;
        auto resolver = Dns::LdnsResolver::create(config);
        if (!resolver) {
            std::fprintf(stderr, "%s\n", qPrintable(resolver.error()));
            return 1;
        }
        const Timings m
            = measure(shape, std::move(*resolver), server.port(), rounds, threads, port53);
        const double critical = double(shape.criticalPath * delay);
        const double s = medianMs(m.seq), p = medianMs(m.pre);
        const auto cell = [](double ms) {
            return ms < 0 ? QStringLiteral("-") : QStringLiteral("%1ms").arg(ms, 0, 'f', 1);
        };
        std::printf("%-14s %7d %7.0fms %10.1fms %7.2fx %10.1fms %7.2fx %9.2fx %12.1fms %12.1fms "
                    "%12s %12s %12s\n",
            shape.name, m.queries, critical, s, s / critical, p, p / critical, s / p,
            medianMs(m.check), medianMs(m.checkPre), qPrintable(cell(medianMs(m.py))),
            qPrintable(cell(medianMs(m.perl))), qPrintable(cell(medianMs(m.libspf2))));
        const auto multiple = [critical](const QList<double> &ms) {
            return QStringLiteral("%1ms %2x")
                .arg(medianMs(ms), 9, 'f', 1)
                .arg(medianMs(ms) / critical, 6, 'f', 2);
        };
        commands << QStringLiteral("%1 %2ms %3 %4 %5 %6")
                        .arg(QString::fromLatin1(shape.name), -14)
                        .arg(critical, 7, 'f', 0)
                        .arg(multiple(m.treeBefore), multiple(m.tree), multiple(m.checkPre),
                            multiple(m.checkRun));
    }
    std::printf("\nThe CLI's commands, prefetching %d at a time: tree with its advice's questions "
                "asked after the audit (before) and beside it through Investigation::run (now); "
                "check_host() with prefetching (before) and through Investigation::run (now)\n",
        threads);
    std::printf("%-14s %9s %17s %17s %17s %17s\n", "shape", "critical", "tree (before)",
        "tree (now)", "check (before)", "check (now)");
    for (const QString &line : std::as_const(commands))
        std::printf("%s\n", qPrintable(line));
    return 0;
}
