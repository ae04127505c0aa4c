// The RFC 7208 conformance suite, through the in-memory resolver, again through the real ldns
// network path against a loopback DNS server serving each scenario's zone data, and through the
// door scripts use: `spfsleuth-cli check --batch FILE --json`, one batch per scenario.

#include <map>
#include <memory>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "dns/ldnsresolver.h"
#include "dns/memoryresolver.h"
#include "lab.h"
#include "spf/evaluator.h"
#include "spfsuite.h"

class TestSuite : public QObject
{
    Q_OBJECT

private:
    QList<SuiteData::Scenario> m_scenarios;
    std::map<int, std::shared_ptr<Dns::MemoryResolver>> m_zones;
    std::map<int, std::unique_ptr<Lab::LoopbackServer>> m_servers;

    std::shared_ptr<Dns::MemoryResolver> zone(int scenario)
    {
        auto &z = m_zones[scenario];
        if (!z) {
            z = std::make_shared<Dns::MemoryResolver>();
            const auto loaded = z->loadSnapshot(m_scenarios[scenario].snapshot);
            if (!loaded)
                qFatal("%s", qPrintable(loaded.error()));
        }
        return z;
    }

    void fillData()
    {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<int>("test");
        for (int s = 0; s < m_scenarios.size(); ++s) {
            for (int t = 0; t < m_scenarios[s].tests.size(); ++t)
                QTest::newRow(qPrintable(m_scenarios[s].tests[t].name)) << s << t;
        }
    }

    void check(Dns::Resolver &resolver, const SuiteData::Test &test)
    {
        Spf::EvaluatorOptions options;
        options.defaultExplanation = QStringLiteral("DEFAULT");
        Spf::Evaluator evaluator(resolver, options);
        const Spf::Evaluation e = evaluator.evaluate(SuiteData::checkRequest(test));
        const QString got = Spf::resultName(e.result);
        if (!test.results.contains(got))
            QFAIL(qPrintable(QStringLiteral("%1 (%2): got %3, expected %4; reason: %5")
                                 .arg(test.name, test.spec, got,
                                     test.results.join(QLatin1Char('|')), e.reason)));
        if (test.explanation)
            QCOMPARE(e.explanation, *test.explanation);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto suite
            = SuiteData::loadSuite(QStringLiteral(SLEUTH_TEST_DATA "/rfc7208-tests.yml"));
        QVERIFY2(suite.has_value(), suite ? "" : qPrintable(suite.error()));
        m_scenarios = *suite;
        int count = 0;
        for (const auto &s : std::as_const(m_scenarios))
            count += int(s.tests.size());
        QCOMPARE(count, 203); // every test of the 2014.04 release
    }

    void memory_data() { fillData(); }
    void memory()
    {
        QFETCH(int, scenario);
        QFETCH(int, test);
        check(*zone(scenario), m_scenarios[scenario].tests[test]);
    }

    void network_data() { fillData(); }
    void network()
    {
        QFETCH(int, scenario);
        QFETCH(int, test);
        auto &server = m_servers[scenario];
        if (!server) {
            server = std::make_unique<Lab::LoopbackServer>(zone(scenario));
            const auto port = server->start();
            QVERIFY2(port.has_value(), port ? "" : qPrintable(port.error()));
        }
        const auto resolver = Lab::resolverFor(server->address(), 250, 1);
        QVERIFY(resolver);
        check(*resolver, m_scenarios[scenario].tests[test]);
    }

    // Every test through the CLI: each scenario's zone as a JSON snapshot (--zone, faults such as
    // timeouts included), its tests as the lines of one batch. Every failure is listed at once.
    void cli()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QStringList failures;
        int checked = 0;
        for (int s = 0; s < m_scenarios.size(); ++s) {
            const SuiteData::Scenario &scenario = m_scenarios[s];
            const QString zonePath = dir.filePath(QStringLiteral("s%1.json").arg(s));
            QFile zoneFile(zonePath);
            QVERIFY(zoneFile.open(QIODevice::WriteOnly));
            zoneFile.write(QJsonDocument(scenario.snapshot).toJson());
            zoneFile.close();
            QByteArray batch;
            for (const SuiteData::Test &t : scenario.tests)
                batch += (t.host + u'\t' + t.mailfrom + u'\t' + t.helo + u'\n').toUtf8();
            QProcess cli;
            cli.start(QStringLiteral(SLEUTH_CLI),
                {QStringLiteral("check"), QStringLiteral("--batch"), QStringLiteral("-"),
                    QStringLiteral("--zone"), zonePath, QStringLiteral("--json"),
                    QStringLiteral("--no-trace"), QStringLiteral("--default-explanation"),
                    QStringLiteral("DEFAULT")});
            QVERIFY(cli.waitForStarted());
            cli.write(batch);
            cli.closeWriteChannel();
            QVERIFY(cli.waitForFinished(60000));
            const QList<QByteArray> lines = cli.readAllStandardOutput().trimmed().split('\n');
            QCOMPARE(lines.size(), scenario.tests.size());
            for (int t = 0; t < scenario.tests.size(); ++t) {
                const SuiteData::Test &test = scenario.tests[t];
                const QJsonObject o = QJsonDocument::fromJson(lines[t]).object();
                const QString got = o.value(QStringLiteral("result")).toString();
                ++checked;
                if (!test.results.contains(got)) {
                    failures << QStringLiteral("%1 (%2): got '%3'%4, expected %5")
                                    .arg(test.name, test.spec, got,
                                        o.contains(QStringLiteral("error"))
                                            ? QStringLiteral(" (error: %1)")
                                                  .arg(o.value(QStringLiteral("error")).toString())
                                            : QString(),
                                        test.results.join(QLatin1Char('|')));
                } else if (test.explanation
                    && o.value(QStringLiteral("explanation")).toString() != *test.explanation) {
                    failures << QStringLiteral("%1: explanation '%2', expected '%3'")
                                    .arg(test.name,
                                        o.value(QStringLiteral("explanation")).toString(),
                                        *test.explanation);
                } else if (o.value(QStringLiteral("reason")).toString().isEmpty()) {
                    failures << QStringLiteral("%1: %2 without a reason").arg(test.name, got);
                }
            }
            // A line in error makes the batch exit 2; every suite line is a question the RFC
            // answers, so the batch must exit 0.
            if (cli.exitCode() != 0)
                failures << QStringLiteral("scenario '%1': the batch exited %2")
                                .arg(scenario.description)
                                .arg(cli.exitCode());
        }
        QCOMPARE(checked, 203);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    }

    void cleanupTestCase() { m_servers.clear(); }
};

QTEST_APPLESS_MAIN(TestSuite)
#include "tst_suite.moc"
