// Work: the one way to run and cancel background work. A crew runs every job once, at most its
// width at a time, skips what a cancel leaves unstarted, and nests on the shared pool without
// deadlock even when the pool has no thread to spare.

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <QSet>
#include <QTest>
#include <QThreadPool>

#include "common/work.h"

class TestWork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cancelIsShared()
    {
        const Work::Cancel a;
        const Work::Cancel copy = a;
        const Work::Cancel other;
        QVERIFY(!copy.requested());
        a.request();
        QVERIFY(copy.requested());
        QVERIFY(!other.requested());
    }

    void everyIndexOnceWithinWidth()
    {
        for (int width : {1, 2, 5, 16}) {
            std::atomic<int> running {0};
            std::atomic<int> peak {0};
            QList<int> seen(100, 0);
            std::mutex mutex;
            Work::forEachIndex(100, width, Work::Cancel(), [&](int i) {
                const int now = ++running;
                int p = peak.load();
                while (now > p && !peak.compare_exchange_weak(p, now)) { }
                std::this_thread::sleep_for(std::chrono::microseconds(200));
                {
                    std::lock_guard lock(mutex);
                    ++seen[i];
                }
                --running;
            });
            QCOMPARE(seen, QList<int>(100, 1));
            QVERIFY2(peak.load() <= width,
                qPrintable(QStringLiteral("width %1, peak %2").arg(width).arg(peak.load())));
        }
    }

    void cancelSkipsWhatIsNotStarted()
    {
        const Work::Cancel cancel;
        std::atomic<int> ran {0};
        Work::forEachIndex(1000, 1, cancel, [&](int i) {
            ++ran;
            if (i == 9)
                cancel.request();
        });
        QCOMPARE(ran.load(), 10); // one at a time: the tenth asks to stop, nothing after it runs
        std::atomic<int> none {0};
        Work::forEachIndex(50, 4, cancel, [&](int) { ++none; });
        QCOMPARE(none.load(), 0);
    }

    void jobsAddJobs()
    {
        // A prefetcher's shape: each job may find more work.
        Work::Crew crew(4);
        std::atomic<int> done {0};
        std::function<void(int)> visit = [&](int depth) {
            ++done;
            if (depth < 6) {
                crew.add([&, depth] { visit(depth + 1); });
                crew.add([&, depth] { visit(depth + 1); });
            }
        };
        crew.add([&] { visit(0); });
        crew.wait();
        QCOMPARE(done.load(), 127); // a full binary tree of depth 6
    }

    void nestsWithoutDeadlockOnAFullPool()
    {
        // Outer work fills the pool's threads and each runs an inner crew: the inner crews cannot
        // get a worker, so their callers work alone, and nobody waits for a worker that never
        // starts.
        QThreadPool &pool = Work::pool();
        const int saved = pool.maxThreadCount();
        pool.setMaxThreadCount(2);
        std::atomic<int> inner {0};
        Work::forEachIndex(6, 3, Work::Cancel(),
            [&](int) { Work::forEachIndex(20, 8, Work::Cancel(), [&](int) { ++inner; }); });
        pool.setMaxThreadCount(saved);
        QCOMPARE(inner.load(), 6 * 20);
    }

    void stopDropsAndWaits()
    {
        std::atomic<int> ran {0};
        std::atomic<bool> release {false};
        {
            Work::Crew crew(1);
            crew.add([&] {
                ++ran;
                while (!release.load())
                    std::this_thread::yield();
            });
            for (int i = 0; i < 10; ++i)
                crew.add([&] { ++ran; });
            QTRY_COMPARE(ran.load(), 1); // the first job runs; the rest wait behind it
            std::thread releaser([&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                release = true;
            });
            crew.stop(); // drops the ten, waits for the running one
            releaser.join();
            crew.add([&] { ++ran; }); // ignored once stopped
        }
        QCOMPARE(ran.load(), 1);
    }
};

QTEST_GUILESS_MAIN(TestWork)
#include "tst_work.moc"
