// sleuth-dnsfixture: serves every scenario of the RFC 7208 suite on its own loopback port, so that
// SPF Sleuth and peer implementations (pyspf...) can be run against the same DNS data.
//
//   sleuth-dnsfixture --suite tests/data/rfc7208-tests.yml --manifest /tmp/manifest.json [--seconds
//   N]
//
// Writes the manifest (ports and tests), prints "ready", and serves until stdin closes (or for N
// seconds when --seconds is given, whatever stdin does).
//
//   sleuth-dnsfixture --serve ZONEFILE [--address 127.0.0.2] [--port N] [--delay MS] [--seconds N]
//
// Serves one zone file (several, comma-separated) on one address; prints "ready PORT".

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "dns/memoryresolver.h"
#include "loopbackserver.h"
#include "spfsuite.h"

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const auto value = [&args](const char *name) {
        const int i = int(args.indexOf(QLatin1String(name)));
        return i >= 0 && i + 1 < args.size() ? args[i + 1] : QString();
    };
    const auto serveUntilDone = [&] {
        if (const QString seconds = value("--seconds"); !seconds.isEmpty()) {
            std::this_thread::sleep_for(std::chrono::seconds(std::clamp(seconds.toInt(), 1, 3600)));
            return;
        }
        std::string line;
        while (std::getline(std::cin, line)) { }
    };
    if (const QString files = value("--serve"); !files.isEmpty()) {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        for (const QString &file : files.split(QLatin1Char(','))) {
            if (const auto r = zone->loadFile(file); !r) {
                std::fprintf(stderr, "%s\n", qPrintable(r.error()));
                return 2;
            }
        }
        Lab::LoopbackServer server(zone);
        const QString address = value("--address");
        const auto port = server.start(quint16(value("--port").toUInt()),
            address.isEmpty() ? QStringLiteral("127.0.0.1") : address);
        if (!port) {
            std::fprintf(stderr, "%s\n", qPrintable(port.error()));
            return 1;
        }
        server.setDelayMs(value("--delay").toInt());
        std::printf("ready %d\n", int(*port));
        std::fflush(stdout);
        serveUntilDone();
        return 0;
    }
    const int s = int(args.indexOf(QStringLiteral("--suite")));
    const int m = int(args.indexOf(QStringLiteral("--manifest")));
    if (s < 0 || m < 0 || s + 1 >= args.size() || m + 1 >= args.size()) {
        std::fprintf(stderr, "usage: sleuth-dnsfixture --suite FILE --manifest OUT\n");
        return 2;
    }
    const auto suite = SuiteData::loadSuite(args[s + 1]);
    if (!suite) {
        std::fprintf(stderr, "%s\n", qPrintable(suite.error()));
        return 2;
    }
    std::vector<std::unique_ptr<Lab::LoopbackServer>> servers;
    QJsonArray scenarios;
    for (const SuiteData::Scenario &sc : *suite) {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        if (const auto r = zone->loadSnapshot(sc.snapshot); !r) {
            std::fprintf(stderr, "%s\n", qPrintable(r.error()));
            return 2;
        }
        auto server = std::make_unique<Lab::LoopbackServer>(zone);
        const auto port = server->start();
        if (!port) {
            std::fprintf(stderr, "%s\n", qPrintable(port.error()));
            return 1;
        }
        QJsonArray tests;
        for (const SuiteData::Test &t : sc.tests) {
            tests << QJsonObject {{QStringLiteral("name"), t.name},
                {QStringLiteral("host"), t.host}, {QStringLiteral("mailfrom"), t.mailfrom},
                {QStringLiteral("helo"), t.helo},
                {QStringLiteral("results"), QJsonArray::fromStringList(t.results)}};
        }
        scenarios << QJsonObject {{QStringLiteral("description"), sc.description},
            {QStringLiteral("port"), *port}, {QStringLiteral("tests"), tests}};
        servers.push_back(std::move(server));
    }
    QFile out(args[m + 1]);
    if (!out.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(args[m + 1]));
        return 1;
    }
    out.write(QJsonDocument(scenarios).toJson());
    out.close();
    std::printf("ready\n");
    std::fflush(stdout);
    serveUntilDone();
    return 0;
}
