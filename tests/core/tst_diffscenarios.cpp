// A fixed set of scenarios from the differential tester (tests/diff/difftest.py --export), with
// the RFC 7208 answer each check must give: the answers our evaluator, pyspf, Mail::SPF and
// libspf2 agreed on, or that tests/diff/decisions.tsv decided from the RFC where they did not.
// Evaluated in memory, so it runs in every build.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "common/netutil.h"
#include "dns/memoryresolver.h"
#include "spf/evaluator.h"

class TestDiffScenarios : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scenarios_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("helo");
        QTest::addColumn<QString>("rfc");
        QFile f(QStringLiteral(SLEUTH_TEST_DATA "/diff-scenarios.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray scenarios = QJsonDocument::fromJson(f.readAll())
                                         .object()
                                         .value(QLatin1String("scenarios"))
                                         .toArray();
        QVERIFY(scenarios.size() > 100);
        for (const QJsonValue &sv : scenarios) {
            const QJsonObject s = sv.toObject();
            int k = 0;
            for (const QJsonValue &cv : s.value(QLatin1String("checks")).toArray()) {
                const QJsonObject c = cv.toObject();
                const QString tag
                    = QStringLiteral("%1/%2 %3")
                          .arg(s.value(QLatin1String("id")).toString())
                          .arg(k++)
                          .arg(s.value(QLatin1String("tags")).toArray().first().toString());
                QTest::newRow(qPrintable(tag)) << s.value(QLatin1String("zone")).toString()
                                               << c.value(QLatin1String("ip")).toString()
                                               << c.value(QLatin1String("sender")).toString()
                                               << c.value(QLatin1String("helo")).toString()
                                               << c.value(QLatin1String("rfc")).toString();
            }
        }
    }

    void scenarios()
    {
        QFETCH(QString, zone);
        QFETCH(QString, ip);
        QFETCH(QString, sender);
        QFETCH(QString, helo);
        QFETCH(QString, rfc);
        Dns::MemoryResolver resolver;
        const auto loaded = resolver.loadZoneText(zone.toUtf8());
        QVERIFY2(loaded.has_value(), loaded ? "" : qPrintable(loaded.error()));
        const auto address = Net::parseIp(ip);
        QVERIFY(address.has_value());
        Spf::Evaluator evaluator(resolver);
        const Spf::Evaluation e = evaluator.evaluate(
            Spf::CheckRequest {*address, sender, helo, {}, QStringLiteral("receiver.test")});
        QVERIFY2(Spf::resultName(e.result) == rfc,
            qPrintable(QStringLiteral("got %1, RFC answer %2: %3")
                           .arg(Spf::resultName(e.result), rfc, e.reason)));
    }
};

QTEST_APPLESS_MAIN(TestDiffScenarios)
#include "tst_diffscenarios.moc"
