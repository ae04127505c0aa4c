// Many investigations at once, cancelled at random, through one shared network resolver, a shared
// recording decorator, a loopback server, and the GUI's job runner. Meant for ThreadSanitizer
// (the 'tsan' build in installer/setup.sh test) but runs everywhere.

#include <atomic>
#include <random>
#include <thread>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include "dns/ldnsresolver.h"
#include "dns/memoryresolver.h"
#include "dns/recordingresolver.h"
#include "investigation/investigation.h"
#include "jobrunner.h"
#include "lab.h"

class TestConcurrency : public QObject
{
    Q_OBJECT

    std::shared_ptr<Dns::MemoryResolver> m_zone;
    std::unique_ptr<Lab::LoopbackServer> m_server;

private Q_SLOTS:
    void initTestCase()
    {
        m_zone = std::make_shared<Dns::MemoryResolver>();
        for (const char *z :
            {"softfail.zone", "too-many-lookups.zone", "macro-exists.zone", "void-lookups.zone"}) {
            QFile f(QStringLiteral(SLEUTH_RESOURCES "/samples/") + QLatin1String(z));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY(m_zone->loadZoneText(f.readAll()).has_value());
        }
        m_server = std::make_unique<Lab::LoopbackServer>(m_zone);
        QVERIFY(m_server->start().has_value());
        m_server->setDelayMs(1);
    }

    void parallelInvestigationsWithCancels()
    {
        auto shared = Lab::resolverFor(m_server->address(), 1000);
        auto recorder = std::make_shared<Dns::RecordingResolver>(shared);
        const QStringList targets {QStringLiteral("promo@news.example"),
            QStringLiteral("ap@bigcorp.example"), QStringLiteral("ceo@macro.example"),
            QStringLiteral("billing@shop.example")};
        std::atomic<int> finished {0};
        std::atomic<int> cancelled {0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 12; ++t) {
            threads.emplace_back([&, t] {
                std::mt19937 rng {static_cast<unsigned>(t)};
                for (int i = 0; i < 12; ++i) {
                    Investigation::Request r;
                    r.target = targets[(t + i) % targets.size()];
                    r.ip = QStringLiteral("192.0.2.%1").arg(i);
                    r.resolverOverride
                        = (i % 2) ? std::shared_ptr<Dns::Resolver>(recorder) : shared;
                    const Work::Cancel cancel;
                    std::thread canceller;
                    if (rng() % 3 == 0)
                        canceller = std::thread([cancel, delay = int(rng() % 20)] {
                            std::this_thread::sleep_for(std::chrono::milliseconds(delay));
                            cancel.request();
                        });
                    const Investigation::Result res = Investigation::run(
                        r, cancel, [](const Investigation::Progress &) {}, 0);
                    if (canceller.joinable())
                        canceller.join();
                    if (res.cancelled)
                        ++cancelled;
                    if (!res.error.isEmpty() || !res.audit)
                        std::abort();
                    ++finished;
                }
            });
        }
        for (auto &th : threads)
            th.join();
        QCOMPARE(finished.load(), 12 * 12);
        QVERIFY(!recorder->exchanges().isEmpty());
        qInfo("%d investigations, %d cancelled, %lld exchanges recorded", finished.load(),
            cancelled.load(), static_cast<long long>(recorder->exchanges().size()));
    }

    void jobRunnerChurn()
    {
        // Jobs started faster than they finish: each start cancels the last; only the current
        // job's results land; the runner dies with jobs in flight.
        auto *runner = new JobRunner;
        auto shared = Lab::resolverFor(m_server->address(), 3000);
        std::atomic<int> delivered {0};
        quint64 last = 0;
        for (int i = 0; i < 60; ++i) {
            last = runner->start([shared, &delivered](quint64, const Work::Cancel &cancel) {
                Investigation::Request r;
                r.target = QStringLiteral("ap@bigcorp.example");
                r.ip = QStringLiteral("203.0.113.200");
                r.resolverOverride = shared;
                const Investigation::Result res = Investigation::run(r, cancel);
                return [&delivered, res] { ++delivered; };
            });
            if (i % 7 == 0)
                QCoreApplication::processEvents();
        }
        QTRY_VERIFY_WITH_TIMEOUT(!runner->isBusy(), 20000);
        QCOMPARE(runner->currentJob(), last);
        QVERIFY(delivered.load() >= 1);
        // And a runner destroyed while its jobs run.
        for (int i = 0; i < 10; ++i)
            runner->start([shared](quint64, const Work::Cancel &cancel) {
                Investigation::Request r;
                r.target = QStringLiteral("promo@news.example");
                r.resolverOverride = shared;
                (void)Investigation::run(r, cancel);
                return std::function<void()>();
            });
        delete runner; // cancels and joins
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
