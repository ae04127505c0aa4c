#include <QTest>

#include "dns/memoryresolver.h"
#include "investigation/investigation.h"

using namespace Investigation;

Q_DECLARE_METATYPE(Investigation::TargetKind)

class TestInvestigation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classify_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<TargetKind>("kind");
        QTest::addColumn<QString>("domain");
        QTest::newRow("domain") << "Example.COM." << TargetKind::Domain << "example.com";
        QTest::newRow("email") << "user@pclnet.example" << TargetKind::Email << "pclnet.example";
        QTest::newRow("angle-email")
            << "<bounce+x=y@mail.example.org>" << TargetKind::Email << "mail.example.org";
        QTest::newRow("ipv4") << "64.8.71.112" << TargetKind::Ip << "";
        QTest::newRow("ipv6") << "2001:db8::25" << TargetKind::Ip << "";
        QTest::newRow("kernel-version") << "2.6.32.54-0.3-default" << TargetKind::Invalid << "";
        QTest::newRow("short-ip") << "10.1.2" << TargetKind::Invalid << "";
        QTest::newRow("message-id")
            << "<20261128.12345.67@mx.example.com>" << TargetKind::Email << "mx.example.com";
        QTest::newRow("single-label") << "localhost" << TargetKind::Invalid << "";
        QTest::newRow("empty") << "  " << TargetKind::Invalid << "";
        QTest::newRow("idn") << "mail.xn--bcher-kva.example" << TargetKind::Domain
                             << "mail.xn--bcher-kva.example";
    }

    void classify()
    {
        QFETCH(QString, text);
        QFETCH(TargetKind, kind);
        QFETCH(QString, domain);
        const Target t = classifyTarget(text);
        QCOMPARE(t.kind, kind);
        QCOMPARE(t.domain, domain);
        QCOMPARE(t.problem.isEmpty(), kind != TargetKind::Invalid);
    }

    void runWithZone()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText(
                        "$ORIGIN example.com.\n@ TXT \"v=spf1 ip4:192.0.2.0/24 "
                        "-all\"\n5.2.0.192.in-addr.arpa. PTR mail.example.com.\nmail A 192.0.2.5\n")
                    .has_value());
        Request r;
        r.target = QStringLiteral("a@example.com");
        r.ip = QStringLiteral("192.0.2.5");
        r.resolverOverride = zone;
        auto cancel = std::make_shared<std::atomic<bool>>(false);
        int progressCalls = 0;
        const Result out = run(
            r, cancel, [&](const Progress &) { ++progressCalls; }, 0);
        QVERIFY(out.error.isEmpty());
        QVERIFY(out.audit.has_value());
        QCOMPARE(out.evaluation->result, Spf::Result::Pass);
        QVERIFY(out.reverse->hasConfirmedName());
        QVERIFY(progressCalls > 0);
        // Every question of audit, test and reverse lookup is in the evidence, in order.
        QCOMPARE(out.evidence.size(),
            out.audit->trace.exchanges.size() + out.evaluation->trace.exchanges.size()
                + out.reverse->exchanges.size());
        // A draft stands in for the published record.
        r.drafts.insert(QStringLiteral("example.com"), QStringLiteral("v=spf1 -all"));
        QCOMPARE(run(r, cancel).evaluation->result, Spf::Result::Fail);
        // Cancelled before it starts: nothing is asked.
        cancel->store(true);
        const Result cancelled = run(r, cancel);
        QVERIFY(cancelled.cancelled);
    }

    void validation()
    {
        Request r;
        r.target = QStringLiteral("example.com");
        r.ip = QStringLiteral("2.6.32.54-0.3-default");
        QVERIFY(validate(r).contains(QStringLiteral("not an IP address")));
        r.ip.clear();
        r.resolver.mode = ResolverMode::Custom;
        r.resolver.server = QStringLiteral("not a server");
        QVERIFY(validate(r).contains(QStringLiteral("not a server")));
        r.resolver.server = QStringLiteral("127.0.0.1:5353");
        QVERIFY(validate(r).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestInvestigation)
#include "tst_investigation.moc"
