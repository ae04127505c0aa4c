// Interop against a production authoritative server: NSD from Debian, started on a loopback
// port from zone files, queried through the ldns network path.

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "common/netutil.h"
#include "dns/ldnsresolver.h"
#include "dns/memoryresolver.h"
#include "dns/reverselookup.h"
#include "lab.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"

using namespace Spf;

class TestNsd : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_nsd;
    quint16 m_port = 0;

    std::shared_ptr<Dns::Resolver> resolver()
    {
        return Lab::resolverFor(QStringLiteral("127.0.0.1:%1").arg(m_port), 1000, 2, false);
    }

    static void write(const QString &path, const QByteArray &data)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(data);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString nsd = QStandardPaths::findExecutable(QStringLiteral("nsd"),
            {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
        if (nsd.isEmpty()) {
            if (qEnvironmentVariableIsSet("SLEUTH_REQUIRE_NSD"))
                QFAIL("nsd is not installed (apt-get install nsd)");
            QSKIP("nsd is not installed (apt-get install nsd); set SLEUTH_REQUIRE_NSD=1 to make "
                  "this a failure");
        }
        QVERIFY(m_dir.isValid());
        // A free port: let the kernel pick one, then hand it to NSD.
        {
            Lab::LoopbackServer probe(std::make_shared<Dns::MemoryResolver>());
            const auto port = probe.start();
            QVERIFY(port.has_value());
            m_port = *port;
        }
        const QString d = m_dir.path();
        QByteArray zone
            = "$ORIGIN interop.example.\n$TTL 300\n"
              "@ IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
              "@ IN NS ns1\n"
              "ns1 IN A 127.0.0.1\n"
              "@ IN MX 10 mail\n"
              "mail IN A 192.0.2.25\n"
              "mail IN AAAA 2001:db8::25\n"
              "@ IN TXT \"v=spf1 mx include:_spf.interop.example \" \"ip4:198.51.100.0/24 -all\"\n"
              "@ IN TXT \"google-site-verification=abc\"\n"
              "_spf IN TXT \"v=spf1 a:relay.interop.example exists:%{i}._ok.interop.example "
              "~all\"\n"
              "relay IN A 203.0.113.5\n"
              "203.0.113.77._ok IN A 127.0.0.2\n"
              "typo IN TXT \"v=spf1 ipv4:192.0.2.1 -all\"\n"
              "big IN TXT \"v=spf1 ip4:192.0.2.200 -all\"\n";
        for (int i = 0; i < 30; ++i)
            zone += "big IN TXT \"padding-" + QByteArray::number(i) + "-" + QByteArray(200, 'p')
                + "\"\n";
        write(d + QStringLiteral("/interop.example.zone"), zone);
        write(d + QStringLiteral("/2.0.192.in-addr.arpa.zone"),
            "$ORIGIN 2.0.192.in-addr.arpa.\n$TTL 300\n@ IN SOA ns1.interop.example. "
            "hostmaster.interop.example. 1 7200 900 1209600 300\n"
            "@ IN NS ns1.interop.example.\n25 IN PTR mail.interop.example.\n");
        const QByteArray conf = QStringLiteral("server:\n"
                                               "  ip-address: 127.0.0.1\n"
                                               "  port: %1\n"
                                               "  username: \"\"\n"
                                               "  chroot: \"\"\n"
                                               "  zonesdir: \"%2\"\n"
                                               "  pidfile: \"%2/nsd.pid\"\n"
                                               "  xfrdfile: \"%2/xfrd.state\"\n"
                                               "  zonelistfile: \"%2/zone.list\"\n"
                                               "  database: \"\"\n"
                                               "  logfile: \"%2/nsd.log\"\n"
                                               "  server-count: 1\n"
                                               "  verbosity: 1\n"
                                               "remote-control:\n"
                                               "  control-enable: no\n"
                                               "zone:\n"
                                               "  name: \"interop.example\"\n"
                                               "  zonefile: \"interop.example.zone\"\n"
                                               "zone:\n"
                                               "  name: \"2.0.192.in-addr.arpa\"\n"
                                               "  zonefile: \"2.0.192.in-addr.arpa.zone\"\n")
                                    .arg(m_port)
                                    .arg(d)
                                    .toUtf8();
        write(d + QStringLiteral("/nsd.conf"), conf);
        m_nsd.setProcessChannelMode(QProcess::MergedChannels);
        m_nsd.start(
            nsd, {QStringLiteral("-d"), QStringLiteral("-c"), d + QStringLiteral("/nsd.conf")});
        QVERIFY2(m_nsd.waitForStarted(5000), qPrintable(m_nsd.errorString()));
        // Ready when it answers the SOA.
        QElapsedTimer t;
        t.start();
        bool ready = false;
        while (!ready && t.elapsed() < 15000 && m_nsd.state() == QProcess::Running) {
            const Dns::Answer a = resolver()->resolve(
                Dns::Question {QStringLiteral("interop.example"), Dns::Type::SOA});
            ready = a && a->rcode == Dns::Rcode::NoError && !a->answers.isEmpty();
            if (!ready)
                QThread::msleep(100);
        }
        QFile log(d + QStringLiteral("/nsd.log"));
        log.open(QIODevice::ReadOnly);
        QVERIFY2(ready,
            qPrintable(QStringLiteral("NSD did not come up: ")
                + QString::fromUtf8(m_nsd.readAll() + log.readAll())));
    }

    void rawAnswers()
    {
        auto r = resolver();
        const Dns::Answer txt
            = r->resolve(Dns::Question {QStringLiteral("interop.example"), Dns::Type::TXT});
        QVERIFY(txt.has_value());
        QVERIFY(txt->authoritative);
        QCOMPARE(txt->recordsOfType(Dns::Type::TXT).size(), 2);
        bool sawSplit = false;
        for (const Dns::Record &rec : txt->recordsOfType(Dns::Type::TXT)) {
            if (rec.strings.size() == 2) {
                sawSplit = true;
                QCOMPARE(rec.joinedText(),
                    QByteArray("v=spf1 mx include:_spf.interop.example ip4:198.51.100.0/24 -all"));
            }
        }
        QVERIFY(sawSplit);
        const Dns::Answer nx
            = r->resolve(Dns::Question {QStringLiteral("nothing.interop.example"), Dns::Type::A});
        QVERIFY(nx.has_value());
        QCOMPARE(nx->rcode, Dns::Rcode::NxDomain);
        const Dns::Answer big
            = r->resolve(Dns::Question {QStringLiteral("big.interop.example"), Dns::Type::TXT});
        QVERIFY(big.has_value());
        QVERIFY(big->tcp); // NSD truncated the UDP answer; we retried over TCP
        QCOMPARE(big->recordsOfType(Dns::Type::TXT).size(), 31);
    }

    void evaluations_data()
    {
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("result");
        QTest::newRow("mx-v4") << "192.0.2.25"
                               << "a@interop.example"
                               << "pass";
        QTest::newRow("mx-v6") << "2001:db8::25"
                               << "a@interop.example"
                               << "pass";
        QTest::newRow("include-a") << "203.0.113.5"
                                   << "a@interop.example"
                                   << "pass";
        QTest::newRow("include-exists-macro") << "203.0.113.77"
                                              << "a@interop.example"
                                              << "pass";
        QTest::newRow("split-string-ip4") << "198.51.100.9"
                                          << "a@interop.example"
                                          << "pass";
        QTest::newRow("fail") << "192.0.2.99"
                              << "a@interop.example"
                              << "fail";
        QTest::newRow("typo-permerror") << "192.0.2.1"
                                        << "a@typo.interop.example"
                                        << "permerror";
        QTest::newRow("big-over-tcp") << "192.0.2.200"
                                      << "a@big.interop.example"
                                      << "pass";
        QTest::newRow("no-record") << "192.0.2.1"
                                   << "a@mail.interop.example"
                                   << "none";
    }

    void evaluations()
    {
        QFETCH(QString, ip);
        QFETCH(QString, sender);
        QFETCH(QString, result);
        auto r = resolver();
        Evaluator evaluator(*r);
        const Evaluation e = evaluator.evaluate(
            CheckRequest {*Net::parseIp(ip), sender, QStringLiteral("mail.example.org"), {}, {}});
        QVERIFY2(resultName(e.result) == result,
            qPrintable(resultName(e.result) + QStringLiteral(": ") + e.reason));
        for (const Dns::Exchange &x : e.trace.exchanges)
            QVERIFY(x.answer.has_value());
    }

    void auditAndReverse()
    {
        auto r = resolver();
        Auditor auditor(*r);
        const Audit a = auditor.run(QStringLiteral("interop.example"));
        QCOMPARE(a.lookups, 4); // mx, include, a, exists
        QVERIFY(a.complete());
        const Dns::ReverseResult rev
            = Dns::reverseLookup(*r, *Net::parseIp(QStringLiteral("192.0.2.25")));
        QCOMPARE(rev.names.size(), 1);
        QCOMPARE(rev.names.front().name, QStringLiteral("mail.interop.example"));
        QVERIFY(rev.names.front().confirmed);
    }

    void cleanupTestCase()
    {
        if (m_nsd.state() == QProcess::Running) {
            m_nsd.terminate();
            if (!m_nsd.waitForFinished(5000))
                m_nsd.kill();
        }
    }
};

QTEST_GUILESS_MAIN(TestNsd)
#include "tst_nsd.moc"
