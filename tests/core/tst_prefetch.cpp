// The audit with prefetching (several threads fetching the tree ahead of it through a shared
// answer cache) must give exactly what the sequential audit gives: the same tree in the same
// order, the same counted lookups, void lookups, problems, caps and evidence. Compared over every
// domain of the conformance suite (in memory and over loopback DNS) and over generated trees of
// several shapes served with latency.

#include <mutex>
#include <thread>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include "dns/cachingresolver.h"
#include "dns/ldnsresolver.h"
#include "dns/memoryresolver.h"
#include "lab.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"
#include "spf/spfjson.h"
#include "spfsuite.h"

namespace {

// Drops what legitimately differs between two runs: timings and timestamps.
QJsonValue withoutTimings(const QJsonValue &v)
{
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &e : v.toArray())
            out.append(withoutTimings(e));
        return out;
    }
    if (!v.isObject())
        return v;
    QJsonObject out;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() == QLatin1String("ms") || it.key() == QLatin1String("elapsed_ms")
            || it.key() == QLatin1String("time") || it.key() == QLatin1String("cache")
            || it.key() == QLatin1String("cached"))
            continue;
        out.insert(it.key(), withoutTimings(it.value()));
    }
    return out;
}

QByteArray comparable(const Spf::Audit &a)
{
    QJsonObject o = Spf::Json::fromAudit(a);
    o.insert(QStringLiteral("evidence"), Spf::Json::fromExchanges(a.trace.exchanges));
    return QJsonDocument(withoutTimings(o).toObject()).toJson(QJsonDocument::Indented);
}

QByteArray comparable(const Spf::Evaluation &e)
{
    QJsonObject o = Spf::Json::fromEvaluation(e, true);
    o.insert(QStringLiteral("evidence"), Spf::Json::fromExchanges(e.trace.exchanges));
    o.insert(QStringLiteral("explanation"), e.explanation);
    return QJsonDocument(withoutTimings(o).toObject()).toJson(QJsonDocument::Indented);
}

// The first differing line, for a readable failure.
QString firstDifference(const QByteArray &a, const QByteArray &b)
{
    const QList<QByteArray> la = a.split('\n'), lb = b.split('\n');
    for (qsizetype i = 0; i < std::max(la.size(), lb.size()); ++i) {
        const QByteArray x = i < la.size() ? la[i] : QByteArray("<end>");
        const QByteArray y = i < lb.size() ? lb[i] : QByteArray("<end>");
        if (x != y)
            return QStringLiteral("line %1: sequential '%2' vs prefetch '%3'")
                .arg(i + 1)
                .arg(QString::fromUtf8(x.trimmed()), QString::fromUtf8(y.trimmed()));
    }
    return {};
}

// Every domain a conformance test names: the MAIL FROM domain and the HELO name.
QStringList domainsOf(const SuiteData::Scenario &s)
{
    QStringList out;
    for (const SuiteData::Test &t : s.tests) {
        const QString from = t.mailfrom.section(QLatin1Char('@'), -1);
        for (const QString &d : {from, t.helo}) {
            if (!d.isEmpty() && !out.contains(d, Qt::CaseInsensitive))
                out << d;
        }
    }
    return out;
}

// Generated include trees. Names are under gen.test; every record ends in -all.
struct Generated
{
    QString description;
    QString zone;
    QString root;
};

Generated chain(int depth)
{
    Generated g {QStringLiteral("chain of %1").arg(depth), {}, QStringLiteral("c0.gen.test")};
    g.zone = QStringLiteral("$TTL 300\n");
    for (int i = 0; i < depth; ++i)
        g.zone += QStringLiteral("c%1.gen.test. IN TXT \"v=spf1 ip4:10.0.%1.0/24 a:h%1.gen.test "
                                 "include:c%2.gen.test -all\"\nh%1.gen.test. IN A 10.1.%1.1\n")
                      .arg(i)
                      .arg(i + 1);
    g.zone += QStringLiteral("c%1.gen.test. IN TXT \"v=spf1 ip4:10.9.9.9 -all\"\n").arg(depth);
    return g;
}

Generated fanOut(int width, int levels)
{
    Generated g {QStringLiteral("fan-out %1 wide, %2 levels").arg(width).arg(levels), {},
        QStringLiteral("f.gen.test")};
    g.zone = QStringLiteral("$TTL 300\n");
    QStringList level {QStringLiteral("f")};
    for (int l = 0; l < levels; ++l) {
        QStringList next;
        for (const QString &parent : std::as_const(level)) {
            QString record = QStringLiteral("v=spf1");
            for (int w = 0; w < width; ++w) {
                const QString child = parent + QString::number(w);
                record += QStringLiteral(" include:%1.gen.test").arg(child);
                next << child;
            }
            g.zone += QStringLiteral("%1.gen.test. IN TXT \"%2 -all\"\n").arg(parent, record);
        }
        level = next;
    }
    for (const QString &leaf : std::as_const(level))
        g.zone += QStringLiteral("%1.gen.test. IN TXT \"v=spf1 ip4:192.0.2.%2 -all\"\n")
                      .arg(leaf)
                      .arg(qHash(leaf) % 250);
    return g;
}

// Every kind of lookup, voids, a missing include, a syntax error, a loop, macros and a redirect,
// shuffled from a seed.
Generated mixed(quint32 seed)
{
    QRandomGenerator rng(seed);
    Generated g {QStringLiteral("mixed, seed %1").arg(seed), {}, QStringLiteral("m.gen.test")};
    g.zone = QStringLiteral("$TTL 300\ngen.test. IN SOA ns hm 1 7200 900 1209600 60\n"
                            "mx.gen.test. IN MX 10 mail1.gen.test.\nmx.gen.test. IN MX 20 "
                            "mail2.gen.test.\nmail1.gen.test. IN A 10.2.0.1\nmail2.gen.test. IN "
                            "AAAA 2001:db8::25\nhost.gen.test. IN A 10.3.0.1\n"
                            "ex.m.gen.test. IN A 127.0.0.2\n"
                            "loop.gen.test. IN TXT \"v=spf1 include:m.gen.test -all\"\n"
                            "bad.gen.test. IN TXT \"v=spf1 ipv4:10.0.0.1 -all\"\n"
                            "red.gen.test. IN TXT \"v=spf1 redirect=r2.gen.test\"\n"
                            "r2.gen.test. IN TXT \"v=spf1 ip6:2001:db8::/32 -all\"\n");
    const QStringList pool {QStringLiteral("mx:mx.gen.test"), QStringLiteral("a:host.gen.test"),
        QStringLiteral("a:void%1.gen.test"), QStringLiteral("exists:%{d}.ex.gen.test"),
        QStringLiteral("exists:ex.%{o}"), QStringLiteral("include:missing%1.gen.test"),
        QStringLiteral("include:bad.gen.test"), QStringLiteral("include:loop.gen.test"),
        QStringLiteral("include:red.gen.test"), QStringLiteral("include:n%1.gen.test"),
        QStringLiteral("ptr"), QStringLiteral("ip4:10.%1.0.0/16"), QStringLiteral("mx")};
    auto terms = [&](int n, int depth) {
        QStringList out;
        for (int i = 0; i < n; ++i) {
            QString t = pool[rng.bounded(int(pool.size()))];
            if (t.contains(QLatin1String("%1")))
                t = t.arg(rng.bounded(depth > 1 ? 3 : 6));
            out << t;
        }
        return out.join(QLatin1Char(' '));
    };
    g.zone += QStringLiteral("m.gen.test. IN TXT \"v=spf1 %1 include:n0.gen.test ~all\"\n")
                  .arg(terms(5, 0));
    for (int i = 0; i < 6; ++i)
        g.zone += QStringLiteral("n%1.gen.test. IN TXT \"v=spf1 %2 -all\"\n")
                      .arg(i)
                      .arg(terms(1 + rng.bounded(4), 2));
    return g;
}

QList<Generated> generatedTrees()
{
    QList<Generated> out {chain(8), chain(14), fanOut(5, 2), fanOut(3, 3)};
    for (quint32 seed = 1; seed <= 12; ++seed)
        out << mixed(seed);
    return out;
}

} // namespace

class TestPrefetch : public QObject
{
    Q_OBJECT

    QList<SuiteData::Scenario> m_scenarios;

    static Spf::Audit audit(Dns::Resolver &resolver, const QString &domain, int threads)
    {
        Spf::AuditOptions o;
        o.prefetchThreads = threads;
        return Spf::Auditor(resolver, o).run(domain);
    }

    static void compareRuns(Dns::Resolver &resolver, const QString &domain, const QString &what,
        std::initializer_list<int> threadCounts = {1, 4, 16})
    {
        const QByteArray sequential = comparable(audit(resolver, domain, 0));
        for (int threads : threadCounts) {
            const Spf::Audit a = audit(resolver, domain, threads);
            const QByteArray prefetched = comparable(a);
            QVERIFY2(sequential == prefetched,
                qPrintable(QStringLiteral("%1, %2, %3 threads: %4")
                               .arg(what, domain)
                               .arg(threads)
                               .arg(firstDifference(sequential, prefetched))));
            // Every question of the audit went through the cache, and was counted once.
            QCOMPARE(a.cacheHits + a.cacheMisses, int(a.trace.exchanges.size()));
        }
    }

    static Spf::Evaluation check(
        Dns::Resolver &resolver, const SuiteData::Test &test, int threads, qint64 timestamp)
    {
        Spf::EvaluatorOptions o;
        o.defaultExplanation = QStringLiteral("DEFAULT");
        o.timestamp = timestamp; // %{t} the same in both runs
        o.prefetchThreads = threads;
        return Spf::Evaluator(resolver, o).evaluate(SuiteData::checkRequest(test));
    }

    // check_host() with speculative prefetching gives what it gives without: result, reason,
    // explanation, counters, the trace in order, the evidence.
    static int compareChecks(Dns::Resolver &resolver, const SuiteData::Scenario &s, int threads)
    {
        int checks = 0;
        for (const SuiteData::Test &t : s.tests) {
            const Spf::Evaluation plain = check(resolver, t, 0, 1700000000);
            const Spf::Evaluation fetched = check(resolver, t, threads, 1700000000);
            const QByteArray a = comparable(plain), b = comparable(fetched);
            if (a != b) {
                QTest::qFail(qPrintable(QStringLiteral("%1 (%2): %3")
                                            .arg(t.name, s.description, firstDifference(a, b))),
                    __FILE__, __LINE__);
                return -1;
            }
            if (fetched.cacheHits + fetched.cacheMisses != int(fetched.trace.exchanges.size())) {
                QTest::qFail(
                    qPrintable(t.name + QStringLiteral(": cache counts")), __FILE__, __LINE__);
                return -1;
            }
            ++checks;
        }
        return checks;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto suite
            = SuiteData::loadSuite(QStringLiteral(SLEUTH_TEST_DATA "/rfc7208-tests.yml"));
        QVERIFY2(suite.has_value(), suite ? "" : qPrintable(suite.error()));
        m_scenarios = *suite;
    }

    void suiteInMemory()
    {
        int audits = 0;
        for (const SuiteData::Scenario &s : std::as_const(m_scenarios)) {
            Dns::MemoryResolver zone;
            QVERIFY(zone.loadSnapshot(s.snapshot).has_value());
            for (const QString &d : domainsOf(s)) {
                compareRuns(zone, d, s.description, {3});
                ++audits;
            }
        }
        QVERIFY(audits > 100);
    }

    void suiteOverLoopback()
    {
        for (const SuiteData::Scenario &s : std::as_const(m_scenarios)) {
            auto zone = std::make_shared<Dns::MemoryResolver>();
            QVERIFY(zone->loadSnapshot(s.snapshot).has_value());
            const Lab::Served net = Lab::serve(zone, 0, 150, 1);
            QVERIFY(net.resolver);
            for (const QString &d : domainsOf(s))
                compareRuns(*net.resolver, d, s.description, {3});
        }
    }

    void checkHostSuiteInMemory()
    {
        int checks = 0;
        for (const SuiteData::Scenario &s : std::as_const(m_scenarios)) {
            Dns::MemoryResolver zone;
            QVERIFY(zone.loadSnapshot(s.snapshot).has_value());
            const int n = compareChecks(zone, s, 3);
            QVERIFY(n >= 0);
            checks += n;
        }
        QCOMPARE(checks, 203);
    }

    void checkHostSuiteOverLoopback()
    {
        // A 2 ms delay lets the prefetch walk get ahead of the evaluation, so that answers really
        // come from the cache; the count of those is checked too.
        int checks = 0;
        int hits = 0;
        for (const SuiteData::Scenario &s : std::as_const(m_scenarios)) {
            auto zone = std::make_shared<Dns::MemoryResolver>();
            QVERIFY(zone->loadSnapshot(s.snapshot).has_value());
            const Lab::Served net = Lab::serve(zone, 2, 300, 1);
            QVERIFY(net.resolver);
            const int n = compareChecks(*net.resolver, s, 4);
            QVERIFY(n >= 0);
            checks += n;
            for (const SuiteData::Test &t : s.tests)
                hits += check(*net.resolver, t, 4, 1700000000).cacheHits;
        }
        QCOMPARE(checks, 203);
        qInfo("check_host questions answered from the prefetch cache: %d", hits);
        QVERIFY2(hits > 20, qPrintable(QString::number(hits)));
    }

    void generatedTreesWithLatency_data()
    {
        QTest::addColumn<int>("index");
        const QList<Generated> trees = generatedTrees();
        for (int i = 0; i < trees.size(); ++i)
            QTest::newRow(qPrintable(trees[i].description)) << i;
    }
    void generatedTreesWithLatency()
    {
        QFETCH(int, index);
        const Generated g = generatedTrees()[index];
        auto zone = std::make_shared<Dns::MemoryResolver>();
        const auto loaded = zone->loadZoneText(g.zone.toUtf8());
        QVERIFY2(loaded.has_value(), loaded ? "" : qPrintable(loaded.error()));
        const Lab::Served net = Lab::serve(zone, 3, 2000);
        QVERIFY(net.resolver);
        compareRuns(*net.resolver, g.root, g.description);
        // The memory zone too, where the prefetcher races the audit with no delay at all.
        compareRuns(*zone, g.root, g.description);
        // check_host() with speculative prefetching, for an address no branch authorizes (the
        // whole tree) and for ones some branch does (it stops early; the walk does not).
        for (const char *ip : {"192.0.2.254", "10.0.0.1", "10.0.3.7", "10.5.0.1"}) {
            SuiteData::Test t;
            t.name = QString::fromLatin1(ip);
            t.host = QString::fromLatin1(ip);
            t.mailfrom = QStringLiteral("postmaster@") + g.root;
            for (Dns::Resolver *r :
                {net.resolver.get(), static_cast<Dns::Resolver *>(zone.get())}) {
                const QByteArray plain = comparable(check(*r, t, 0, 1700000000));
                const QByteArray fetched = comparable(check(*r, t, 4, 1700000000));
                QVERIFY2(plain == fetched,
                    qPrintable(QStringLiteral("%1, check_host(%2): %3")
                                   .arg(g.description, t.host, firstDifference(plain, fetched))));
            }
        }
    }

    // The prefetcher tells about each term's target it asked for, with the answer, as soon as it
    // arrives (what Spf::AdviceAhead asks further from): not the root, not the MX hosts, not a
    // target that needs the IP.
    void prefetchedTargets()
    {
        const Lab::Served net = Lab::serve(
            Lab::zoneFromText("$ORIGIN t.example.\n$TTL 300\n@ TXT \"v=spf1 include:_i.t.example "
                              "a:out.t.example mx -all\"\n_i TXT \"v=spf1 "
                              "exists:%{i}.x.t.example include:_gone.t.example ~all\"\n"
                              "@ MX 10 mx1\nmx1 A 192.0.2.25\nout A 192.0.2.26\n"),
            3, 2000);
        QVERIFY(net.resolver);
        std::mutex mutex;
        QSet<QString> answered;
        QSet<QString> missing;
        Spf::AuditOptions options;
        options.prefetchThreads = 8;
        options.onPrefetched = [&](const QString &target, const Dns::Answer &answer) {
            std::lock_guard lock(mutex);
            answered << target;
            if (answer && answer->rcode == Dns::Rcode::NxDomain)
                missing << target;
        };
        const Spf::Audit a = Spf::Auditor(*net.resolver, options).run(QStringLiteral("t.example"));
        QCOMPARE(a.lookups, 5);
        QCOMPARE(answered,
            (QSet<QString> {QStringLiteral("_i.t.example"), QStringLiteral("out.t.example"),
                QStringLiteral("t.example"), QStringLiteral("_gone.t.example")}));
        QCOMPARE(missing, QSet<QString> {QStringLiteral("_gone.t.example")});
    }

    // The cache itself: TTL-respecting, coalescing, errors never kept.
    void cacheKeepsAndCoalesces()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText("$TTL 300\na.test. IN A 192.0.2.1\nz.test. IN A 192.0.2.2\n"
                                   "z.test. IN A 192.0.2.3\nzero.test. 0 IN A 192.0.2.4\n")
                    .has_value());
        zone->addFault(
            QStringLiteral("t.test"), Dns::Type::A, Dns::MemoryResolver::Fault::ServFail);
        const Lab::Served net = Lab::serve(zone, 30, 2000);
        QVERIFY(net.resolver);
        Lab::LoopbackServer &server = *net.server;
        Dns::CachingResolver cache(net.resolver);
        std::vector<std::thread> threads;
        for (int i = 0; i < 8; ++i)
            threads.emplace_back([&] {
                const Dns::Answer a = cache.resolve({QStringLiteral("A.test."), Dns::Type::A});
                QVERIFY(a.has_value());
            });
        for (std::thread &t : threads)
            t.join();
        QCOMPARE(server.queryCount(), 1); // eight questions, one query
        QCOMPARE(cache.misses(), 1);
        QCOMPARE(cache.hits() + cache.coalesced(), 7);
        (void)cache.resolve({QStringLiteral("a.test"), Dns::Type::A});
        QCOMPARE(server.queryCount(), 1);
        // SERVFAIL is asked again every time.
        (void)cache.resolve({QStringLiteral("t.test"), Dns::Type::A});
        (void)cache.resolve({QStringLiteral("t.test"), Dns::Type::A});
        QCOMPARE(server.queryCount(), 3);
        // A TTL of 0 is not kept either.
        (void)cache.resolve({QStringLiteral("zero.test"), Dns::Type::A});
        (void)cache.resolve({QStringLiteral("zero.test"), Dns::Type::A});
        QCOMPARE(server.queryCount(), 5);
        // A question that times out is asked once by everyone who asked it meanwhile, and then
        // asked again by later questions (errors are shared, never kept).
        server.setBehaviour(QStringLiteral("silent.test"), Lab::LoopbackServer::Behaviour::Drop);
        Dns::CachingResolver impatient(Lab::resolverFor(server.address(), 200, 1));
        const int before = server.queryCount();
        std::vector<std::thread> waiting;
        for (int i = 0; i < 4; ++i)
            waiting.emplace_back([&] {
                const Dns::Answer a
                    = impatient.resolve({QStringLiteral("silent.test"), Dns::Type::A});
                QVERIFY(!a.has_value());
            });
        for (std::thread &t : waiting)
            t.join();
        QCOMPARE(server.queryCount(), before + 1);
        QCOMPARE(impatient.misses(), 1);
        QCOMPARE(impatient.coalesced(), 3);
        (void)impatient.resolve({QStringLiteral("silent.test"), Dns::Type::A});
        QCOMPARE(server.queryCount(), before + 2);
    }

    // A bounded cache: the oldest answers go first, answers in flight never, and the questions
    // waiting for an answer get it even when it is evicted right after it arrives.
    void cacheCapacity()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QByteArray text = "$TTL 300\nslow.test. IN A 192.0.2.99\n";
        for (int i = 0; i < 6; ++i)
            text += "n" + QByteArray::number(i) + ".test. IN A 192.0.2." + QByteArray::number(i)
                + "\n";
        QVERIFY(zone->loadZoneText(text).has_value());
        Lab::LoopbackServer server(zone);
        QVERIFY(server.start().has_value());
        server.setBehaviour(QStringLiteral("slow.test"), Lab::LoopbackServer::Behaviour::Late);
        server.setLateMs(400);
        Dns::CachingResolver cache(Lab::resolverFor(server.address(), 2000, 1), 2);
        std::vector<std::thread> slow;
        for (int i = 0; i < 3; ++i) {
            slow.emplace_back([&] {
                const Dns::Answer a = cache.resolve({QStringLiteral("slow.test"), Dns::Type::A});
                QVERIFY(a.has_value() && a->recordsOfType(Dns::Type::A).size() == 1);
            });
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        // Meanwhile six other names pass through a cache of two.
        for (int i = 0; i < 6; ++i)
            QVERIFY(cache.resolve({QStringLiteral("n%1.test").arg(i), Dns::Type::A}).has_value());
        QVERIFY(cache.size() <= 3); // two, plus the one in flight
        for (std::thread &t : slow)
            t.join();
        QCOMPARE(cache.coalesced(), 2);
        QVERIFY(cache.size() <= 3);
        // The newest is kept, the oldest went.
        const int queries = server.queryCount();
        (void)cache.resolve({QStringLiteral("n5.test"), Dns::Type::A});
        QCOMPARE(server.queryCount(), queries);
        (void)cache.resolve({QStringLiteral("n0.test"), Dns::Type::A});
        QCOMPARE(server.queryCount(), queries + 1);
        QVERIFY(cache.size() <= 2);
    }
};

QTEST_GUILESS_MAIN(TestPrefetch)
#include "tst_prefetch.moc"
