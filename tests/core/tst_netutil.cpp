#include <QTest>

#include "common/netutil.h"
#include "common/work.h"
#include "dns/memoryresolver.h"
#include "dns/recordingresolver.h"

class TestNetUtil : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseIp_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // empty: rejected
        QTest::newRow("v4") << "192.0.2.1"
                            << "192.0.2.1";
        QTest::newRow("v6") << "2001:DB8::1"
                            << "2001:db8::1";
        QTest::newRow("v4-mapped") << "::ffff:192.0.2.1"
                                   << "::ffff:192.0.2.1";
        QTest::newRow("short-v4") << "127.1"
                                  << "";
        QTest::newRow("three-parts") << "1.2.3"
                                     << "";
        QTest::newRow("leading-zero") << "01.2.3.4"
                                      << "";
        QTest::newRow("octet-256") << "1.2.3.256"
                                   << "";
        QTest::newRow("kernel-version") << "2.6.32.54-0.3-default"
                                        << "";
        QTest::newRow("version-4-parts") << "2.6.32.54.1"
                                         << "";
        QTest::newRow("hex") << "0x7f.0.0.1"
                             << "";
        QTest::newRow("scope") << "fe80::1%eth0"
                               << "";
        QTest::newRow("brackets") << "[2001:db8::1]"
                                  << "";
        QTest::newRow("space") << " 192.0.2.1"
                               << "";
        QTest::newRow("bad-v4-tail") << "::ffff:1.2.3.04"
                                     << "";
    }

    void parseIp()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto ip = Net::parseIp(text);
        QCOMPARE(ip.has_value(), !expected.isEmpty());
        if (ip)
            QCOMPARE(Net::ipToString(*ip), expected);
    }

    void reverseNames()
    {
        QCOMPARE(Net::reverseName(*Net::parseIp(QStringLiteral("192.0.2.1"))),
            QStringLiteral("1.2.0.192.in-addr.arpa"));
        QCOMPARE(Net::reverseName(*Net::parseIp(QStringLiteral("::ffff:192.0.2.1"))),
            QStringLiteral("1.2.0.192.in-addr.arpa"));
        QCOMPARE(Net::reverseName(*Net::parseIp(QStringLiteral("2001:db8::1"))),
            QStringLiteral(
                "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"));
    }

    void domains()
    {
        QVERIFY(Net::isValidDomain(QStringLiteral("example.com.")));
        QVERIFY(!Net::isValidDomain(QStringLiteral("example")));
        QVERIFY(!Net::isValidDomain(QStringLiteral("a..example.com")));
        QVERIFY(!Net::isValidDomain(QString(64, QLatin1Char('a')) + QStringLiteral(".com")));
        QVERIFY(!Net::isValidDomain(QStringLiteral("[192.0.2.1]")));
        QVERIFY(Net::dnsNameProblem(QStringLiteral("with space.example.com")).isEmpty());
        // An e-mail address stands for the domain after its last '@'.
        QCOMPARE(Net::domainOfAddress(QStringLiteral(" user@example.com ")),
            QStringLiteral("example.com"));
        QCOMPARE(Net::domainOfAddress(QStringLiteral("\"a@b\"@example.org")),
            QStringLiteral("example.org"));
        QCOMPARE(
            Net::domainOfAddress(QStringLiteral("example.net")), QStringLiteral("example.net"));
    }

    void specialRanges()
    {
        QVERIFY(Net::specialRangeNotes(*Net::parseIp(QStringLiteral("10.1.2.3")))
                    .join(QString())
                    .contains(QLatin1String("private")));
        QVERIFY(Net::specialRangeNotes(*Net::parseIp(QStringLiteral("100.64.1.1")))
                    .join(QString())
                    .contains(QLatin1String("carrier-grade")));
        QVERIFY(Net::specialRangeNotes(*Net::parseIp(QStringLiteral("127.0.0.1")))
                    .join(QString())
                    .contains(QLatin1String("loopback")));
        QVERIFY(Net::specialRangeNotes(*Net::parseIp(QStringLiteral("2001:db8::5")))
                    .join(QString())
                    .contains(QLatin1String("documentation")));
        QVERIFY(Net::specialRangeNotes(*Net::parseIp(QStringLiteral("8.8.8.8"))).isEmpty());
    }

    void hostPort()
    {
        QCOMPARE(Net::parseHostPort(QStringLiteral("127.0.0.1:5353"))->port, 5353);
        QCOMPARE(Net::parseHostPort(QStringLiteral("[::1]:53"))->host, QStringLiteral("::1"));
        QCOMPARE(Net::parseHostPort(QStringLiteral("2001:db8::53"))->port, 0);
        QCOMPARE(
            Net::parseHostPort(QStringLiteral("localhost"))->host, QStringLiteral("localhost"));
        QVERIFY(!Net::parseHostPort(QStringLiteral("1.2.3.4:0")));
        QVERIFY(!Net::parseHostPort(QStringLiteral("1.2.3.4:70000")));
        QVERIFY(!Net::parseHostPort(QStringLiteral("bad host")));
    }

    void memorySnapshotRoundTrip()
    {
        Dns::MemoryResolver a;
        QVERIFY(a.loadZoneText("$ORIGIN example.com.\n@ 300 TXT \"v=spf1\" \" -all\"\n@ MX 10 "
                               "mx\nmx A 192.0.2.1\nwww CNAME mx\n")
                    .has_value());
        a.addFault(QStringLiteral("slow.example.com"), 0, Dns::MemoryResolver::Fault::Timeout);
        Dns::MemoryResolver b;
        QVERIFY(b.loadSnapshot(a.toSnapshot()).has_value());
        for (const auto &q : {Dns::Question {QStringLiteral("example.com"), Dns::Type::TXT},
                 Dns::Question {QStringLiteral("www.example.com"), Dns::Type::A},
                 Dns::Question {QStringLiteral("example.com"), Dns::Type::MX},
                 Dns::Question {QStringLiteral("nx.example.com"), Dns::Type::A}}) {
            const Dns::Answer x = a.resolve(q);
            const Dns::Answer y = b.resolve(q);
            QVERIFY(x.has_value() && y.has_value());
            QCOMPARE(x->rcode, y->rcode);
            QCOMPARE(x->answers, y->answers);
        }
        const Dns::Answer cname
            = b.resolve(Dns::Question {QStringLiteral("WWW.Example.com."), Dns::Type::A});
        QCOMPARE(cname->answers.size(), 2);
        QCOMPARE(cname->recordsOfType(Dns::Type::A).front().target, QStringLiteral("192.0.2.1"));
        QVERIFY(!b.resolve(Dns::Question {QStringLiteral("slow.example.com"), Dns::Type::TXT})
                     .has_value());
        QCOMPARE(b.resolve(Dns::Question {QStringLiteral("example.com"), Dns::Type::TXT})
                     ->answers.front()
                     .strings.size(),
            2);
    }

    void recordingCapturesEverything()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText("$ORIGIN example.com.\n@ TXT \"v=spf1 -all\"\nwww A 192.0.2.1\n")
                    .has_value());
        zone->addFault(QStringLiteral("down.example.com"), 0, Dns::MemoryResolver::Fault::ServFail);
        Dns::RecordingResolver recorder(zone);
        const QList<Dns::Question> questions {{QStringLiteral("example.com"), Dns::Type::TXT},
            {QStringLiteral("www.example.com"), Dns::Type::A},
            {QStringLiteral("down.example.com"), Dns::Type::A},
            {QStringLiteral("nx.example.com"), Dns::Type::MX}};
        // Concurrent use from several threads: nothing lost, nothing torn.
        Work::forEachIndex(4, 4, Work::Cancel(), [&](int) {
            for (int i = 0; i < 50; ++i) {
                for (const Dns::Question &q : questions)
                    recorder.resolve(q);
            }
        });
        const QList<Dns::Exchange> all = recorder.exchanges();
        QCOMPARE(all.size(), 4 * 50 * 4);
        int servfail = 0;
        for (const Dns::Exchange &e : all) {
            QVERIFY(e.when.isValid());
            QVERIFY(e.answer.has_value());
            if (e.question.name == QLatin1String("down.example.com"))
                servfail += e.answer->rcode == Dns::Rcode::ServFail;
        }
        QCOMPARE(servfail, 200);
        recorder.clear();
        QVERIFY(recorder.exchanges().isEmpty());
    }

    // What a "no such name" from data held here is worth: only for zones the data holds.
    void holdsDataFor()
    {
        Dns::MemoryResolver zone;
        QVERIFY(zone.loadZoneText("$ORIGIN list.example.\n"
                                  "2.0.0.127 A 127.0.0.2\n"
                                  "$ORIGIN parent.example.\n"
                                  "@ SOA ns hostmaster 1 3600 600 86400 300\n")
                    .has_value());
        QVERIFY(zone.holdsDataFor(QStringLiteral("list.example")));
        QVERIFY(zone.holdsDataFor(QStringLiteral("LIST.example.")));
        QVERIFY(zone.holdsDataFor(QStringLiteral("0.0.127.list.example")));
        // Under an SOA the data holds: the zone's NXDOMAIN is real.
        QVERIFY(zone.holdsDataFor(QStringLiteral("bl.parent.example")));
        QVERIFY(!zone.holdsDataFor(QStringLiteral("other.example")));
        QVERIFY(!zone.holdsDataFor(QStringLiteral("bl.list2.example")));
        // Captured answers hold their names; a network decorator over it asks it.
        Dns::MemoryResolver captured;
        captured.addCaptured(Dns::Question {QStringLiteral("1.2.0.192.zen.example"), Dns::Type::A},
            Dns::Answer(Dns::Response {}));
        QVERIFY(captured.holdsDataFor(QStringLiteral("zen.example")));
        QVERIFY(!captured.holdsDataFor(QStringLiteral("spamcop.example")));
        auto shared = std::make_shared<Dns::MemoryResolver>(captured);
        const Dns::RecordingResolver recorder(shared);
        QVERIFY(recorder.holdsDataFor(QStringLiteral("zen.example")));
        QVERIFY(!recorder.holdsDataFor(QStringLiteral("spamcop.example")));
    }

    void snapshotRejectsForeignFiles()
    {
        Dns::MemoryResolver r;
        QVERIFY(!r.loadSnapshot(QJsonObject {{QStringLiteral("format"), QStringLiteral("other")}})
                     .has_value());
        QVERIFY(!r.loadSnapshot(
                      QJsonObject {{QStringLiteral("format"), QStringLiteral("spfsleuth-dns")},
                          {QStringLiteral("version"), 99}})
                     .has_value());
        QVERIFY(!r.loadZoneText("$ORIGIN example.com.\n@ IN A not-an-ip\n").has_value());
        QVERIFY(r.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestNetUtil)
#include "tst_netutil.moc"
