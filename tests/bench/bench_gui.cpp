// GUI speed (a benchmark, not a test): time from Enter to a complete ~200-node tree on the
// in-memory resolver, the longest event-loop stall during that run, and the same with a loopback
// server that delays every answer (progressive filling). Prints figures; never fails on speed.

#include <algorithm>

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "dns/memoryresolver.h"
#include "loopbackserver.h"
#include "mainwindow.h"

namespace {

QByteArray bigZone()
{
    // 14 includes, each with 3 ip4, an a (2 queries in the audit) and an mx: about 200 nodes.
    QByteArray z = "$ORIGIN big.example.\n@ TXT \"v=spf1\"";
    for (int i = 0; i < 14; ++i)
        z += " \" include:s" + QByteArray::number(i) + ".big.example\"";
    z += " \" -all\"\n";
    for (int i = 0; i < 14; ++i) {
        const QByteArray n = QByteArray::number(i);
        z += "s" + n + " TXT \"v=spf1 ip4:10." + n + ".0.0/16 ip4:10." + n + ".1.0/24 ip4:10." + n
            + ".2.0/24 a:h" + n + ".big.example mx:m" + n + ".big.example ~all\"\n";
        z += "h" + n + " A 192.0.2." + n + "\n";
        z += "m" + n + " MX 10 h" + n + ".big.example.\n";
    }
    return z;
}

struct Run
{
    double ms = 0;
    double maxStallMs = 0;
    int nodes = 0;
};

Run investigate(MainWindow &w)
{
    QElapsedTimer clock;
    QElapsedTimer gap;
    double maxGap = 0;
    QTimer probe;
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        maxGap = std::max(maxGap, double(gap.nsecsElapsed()) / 1e6);
        gap.restart();
    });
    bool done = false;
    auto c = QObject::connect(&w, &MainWindow::investigationFinished, [&] { done = true; });
    gap.start();
    probe.start();
    clock.start();
    w.investigate();
    while (!done)
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    // Let the final paint happen inside the measured stall window too.
    QTest::qWait(50);
    probe.stop();
    QObject::disconnect(c);
    return Run {ms, maxGap, int(w.result()->audit ? w.result()->audit->trace.nodes.size() : 0)};
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    const QString zonePath = dir.filePath(QStringLiteral("big.zone"));
    QFile f(zonePath);
    f.open(QIODevice::WriteOnly);
    f.write(bigZone());
    f.close();

    {
        MainWindow w({zonePath, {}, 0, {}, {}, {}});
        w.show();
        w.findChild<QLineEdit *>(QStringLiteral("targetEdit"))
            ->setText(QStringLiteral("big.example"));
        QList<double> times;
        QList<double> stalls;
        int nodes = 0;
        for (int i = 0; i < 15; ++i) {
            const Run r = investigate(w);
            if (i < 3)
                continue; // warm-up
            times << r.ms;
            stalls << r.maxStallMs;
            nodes = r.nodes;
        }
        printf("in-memory resolver: %d-node tree, Enter -> complete: median %.1f ms; longest "
               "event-loop stall: median %.1f ms, worst %.1f ms (%lld runs)\n",
            nodes, median(times), median(stalls), *std::max_element(stalls.begin(), stalls.end()),
            static_cast<long long>(times.size()));
    }
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        (void)zone->loadZoneText(bigZone());
        Lab::LoopbackServer server(zone);
        (void)server.start();
        server.setDelayMs(5);
        MainWindow w({{}, server.address(), 2000, {}, {}, {}});
        w.show();
        w.findChild<QLineEdit *>(QStringLiteral("targetEdit"))
            ->setText(QStringLiteral("big.example"));
        QList<double> times;
        QList<double> stalls;
        for (int i = 0; i < 4; ++i) {
            const Run r = investigate(w);
            times << r.ms;
            stalls << r.maxStallMs;
        }
        printf("loopback DNS, 5 ms per answer, tree fills in progressively: Enter -> complete: "
               "median %.1f ms; longest stall: worst %.1f ms\n",
            median(times), *std::max_element(stalls.begin(), stalls.end()));
    }
    return 0;
}
