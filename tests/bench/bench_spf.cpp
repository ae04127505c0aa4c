// Throughput of the parser and of check_host() on the in-memory resolver (Google Benchmark).

#include <benchmark/benchmark.h>

#include "common/netutil.h"
#include "dns/memoryresolver.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"
#include "spf/parser.h"
#include "spfsuite.h"

namespace {

const QString realWorld = QStringLiteral("v=spf1 mx ip4:24.214.64.230 ip4:24.214.64.231 "
                                         "ip4:64.8.71.110 ipv4:64.8.71.111 ipv4:64.8.71.112 -all");
const QString big = QStringLiteral(
    "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/24 ip6:2001:db8::/32 include:_spf.google.com "
    "include:spf.protection.outlook.com "
    "include:servers.mcsv.net a:mail.example.com/24 mx exists:%{i}._spf.%{d} ~all");

void parseRealWorld(benchmark::State &state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(Spf::parseRecord(realWorld));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(parseRealWorld);

void parseTypical(benchmark::State &state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(Spf::parseRecord(big));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(parseTypical);

std::shared_ptr<Dns::MemoryResolver> treeZone()
{
    auto zone = std::make_shared<Dns::MemoryResolver>();
    QByteArray text = "$ORIGIN bench.example.\n@ TXT \"v=spf1 mx include:_a.bench.example "
                      "include:_b.bench.example -all\"\n@ MX 10 mx\nmx A 192.0.2.1\n";
    text += "_a TXT \"v=spf1 ip4:198.51.100.0/25 a:relay.bench.example ~all\"\nrelay A "
            "198.51.100.200\n";
    text += "_b TXT \"v=spf1 exists:%{i}._ok.bench.example ip6:2001:db8::/32 "
            "~all\"\n203.0.113.9._ok A 127.0.0.2\n";
    (void)zone->loadZoneText(text);
    return zone;
}

void checkHostMemory(benchmark::State &state)
{
    auto zone = treeZone();
    const QHostAddress ip = *Net::parseIp(QStringLiteral("203.0.113.9"));
    for (auto _ : state) {
        Spf::Evaluator evaluator(*zone);
        benchmark::DoNotOptimize(evaluator.evaluate(Spf::CheckRequest {ip,
            QStringLiteral("user@bench.example"), QStringLiteral("mail.bench.example"), {}, {}}));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(checkHostMemory);

void auditMemory(benchmark::State &state)
{
    auto zone = treeZone();
    for (auto _ : state) {
        Spf::Auditor auditor(*zone);
        benchmark::DoNotOptimize(auditor.run(QStringLiteral("bench.example")));
    }
}
BENCHMARK(auditMemory);

// All 203 conformance tests per iteration, in memory (their TIMEOUT entries cost nothing here).
void conformanceSuiteMemory(benchmark::State &state)
{
    const auto suite = SuiteData::loadSuite(QStringLiteral(SLEUTH_TEST_DATA "/rfc7208-tests.yml"));
    if (!suite) {
        state.SkipWithError("cannot load the suite");
        return;
    }
    std::vector<std::shared_ptr<Dns::MemoryResolver>> zones;
    for (const auto &sc : *suite) {
        zones.push_back(std::make_shared<Dns::MemoryResolver>());
        (void)zones.back()->loadSnapshot(sc.snapshot);
    }
    int checks = 0;
    for (auto _ : state) {
        for (size_t i = 0; i < zones.size(); ++i) {
            for (const auto &t : (*suite)[qsizetype(i)].tests) {
                Spf::EvaluatorOptions options;
                options.defaultExplanation = QStringLiteral("DEFAULT");
                Spf::Evaluator evaluator(*zones[i], options);
                benchmark::DoNotOptimize(evaluator.evaluate(SuiteData::checkRequest(t)));
                ++checks;
            }
        }
    }
    state.SetItemsProcessed(checks);
}
BENCHMARK(conformanceSuiteMemory);

} // namespace

BENCHMARK_MAIN();
