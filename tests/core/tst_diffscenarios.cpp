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
        QTest::addColumn<QJsonArray>("faults");
        QTest::addColumn<QJsonObject>("peers");
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
                                               << c.value(QLatin1String("rfc")).toString()
                                               << s.value(QLatin1String("faults")).toArray()
                                               << c.value(QLatin1String("peers")).toObject();
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
        QFETCH(QJsonArray, faults);
        QFETCH(QJsonObject, peers);
        Dns::MemoryResolver resolver;
        const auto loaded = resolver.loadZoneText(zone.toUtf8());
        QVERIFY2(loaded.has_value(), loaded ? "" : qPrintable(loaded.error()));
        if (!faults.isEmpty()) {
            const auto withFaults = resolver.loadSnapshot(
                QJsonObject {{QStringLiteral("format"), QStringLiteral("spfsleuth-dns")},
                    {QStringLiteral("version"), 1}, {QStringLiteral("faults"), faults}});
            QVERIFY2(withFaults.has_value(), withFaults ? "" : qPrintable(withFaults.error()));
        }
        const auto address = Net::parseIp(ip);
        QVERIFY(address.has_value());
        Spf::Evaluator evaluator(resolver);
        const Spf::Evaluation e = evaluator.evaluate(
            Spf::CheckRequest {*address, sender, helo, {}, QStringLiteral("receiver.test")});
        QVERIFY2(Spf::resultName(e.result) == rfc,
            qPrintable(QStringLiteral("got %1, RFC answer %2: %3")
                           .arg(Spf::resultName(e.result), rfc, e.reason)));
        // Where a peer parted from the RFC answer and an interpretation names it, the
        // interpretation predicts its answer exactly.
        for (auto it = peers.constBegin(); it != peers.constEnd(); ++it) {
            if (it.value().toString() == rfc)
                continue;
            QStringList named;
            for (const Spf::Interpretation &i : e.interpretations) {
                if (i.name.contains(it.key()))
                    named << Spf::resultName(i.result);
            }
            QVERIFY2(named.isEmpty() || named.contains(it.value().toString()),
                qPrintable(QStringLiteral("%1 said %2, the interpretations %3")
                               .arg(it.key(), it.value().toString(), named.join(u','))));
        }
    }
};

QTEST_APPLESS_MAIN(TestDiffScenarios)
#include "tst_diffscenarios.moc"
