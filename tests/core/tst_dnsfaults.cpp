// DNS faults through the real network path (LdnsResolver -> loopback server): each fault gives
// the right SPF result within the configured time.

#include <QElapsedTimer>
#include <QTest>

#include "common/netutil.h"
#include "dns/ldnsresolver.h"
#include "dns/memoryresolver.h"
#include "lab.h"
#include "spf/evaluator.h"

using namespace Spf;
using Behaviour = Lab::LoopbackServer::Behaviour;

Q_DECLARE_METATYPE(Lab::LoopbackServer::Behaviour)

class TestDnsFaults : public QObject
{
    Q_OBJECT

    std::shared_ptr<Dns::MemoryResolver> m_zone;
    std::unique_ptr<Lab::LoopbackServer> m_server;
    static constexpr int timeoutMs = 300;
    static constexpr int tries = 2;

    std::shared_ptr<Dns::Resolver> resolver()
    {
        return Lab::resolverFor(m_server->address(), timeoutMs, tries);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_zone = std::make_shared<Dns::MemoryResolver>();
        QByteArray zone = "$ORIGIN example.com.\n$TTL 300\n"
                          "@ TXT \"v=spf1 a:host.example.com -all\"\n"
                          "host A 192.0.2.1\n"
                          "inc TXT \"v=spf1 include:sub.example.com -all\"\n"
                          "sub TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n";
        // A TXT RRset far too big for UDP: only TCP can carry it.
        zone += "big TXT \"v=spf1 ip4:198.51.100.1 -all\"\n";
        for (int i = 0; i < 40; ++i)
            zone += "big TXT \"filler " + QByteArray(200, 'x') + QByteArray::number(i) + "\"\n";
        QVERIFY(m_zone->loadZoneText(zone).has_value());
        m_server = std::make_unique<Lab::LoopbackServer>(m_zone);
        QVERIFY(m_server->start().has_value());
    }

    void faults_data()
    {
        QTest::addColumn<QString>("faultName");
        QTest::addColumn<Behaviour>("behaviour");
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("result");
        QTest::addColumn<int>("maxMs");
        const int budget = timeoutMs * tries + 500;
        QTest::newRow("healthy") << QString() << Behaviour::Answer << "a@example.com"
                                 << "192.0.2.1"
                                 << "pass" << 500;
        QTest::newRow("record-timeout") << "example.com" << Behaviour::Drop << "a@example.com"
                                        << "192.0.2.1"
                                        << "temperror" << budget;
        QTest::newRow("record-servfail") << "example.com" << Behaviour::ServFail << "a@example.com"
                                         << "192.0.2.1"
                                         << "temperror" << 500;
        QTest::newRow("record-refused") << "example.com" << Behaviour::Refused << "a@example.com"
                                        << "192.0.2.1"
                                        << "temperror" << 500;
        QTest::newRow("record-garbage") << "example.com" << Behaviour::Garbage << "a@example.com"
                                        << "192.0.2.1"
                                        << "temperror" << budget;
        QTest::newRow("record-wrong-id") << "example.com" << Behaviour::WrongId << "a@example.com"
                                         << "192.0.2.1"
                                         << "temperror" << budget;
        QTest::newRow("record-wrong-question")
            << "example.com" << Behaviour::WrongQuestion << "a@example.com"
            << "192.0.2.1"
            << "temperror" << budget;
        QTest::newRow("a-timeout") << "host.example.com" << Behaviour::Drop << "a@example.com"
                                   << "192.0.2.1"
                                   << "temperror" << budget;
        QTest::newRow("a-servfail") << "host.example.com" << Behaviour::ServFail << "a@example.com"
                                    << "192.0.2.1"
                                    << "temperror" << 500;
        QTest::newRow("include-timeout")
            << "sub.example.com" << Behaviour::Drop << "a@inc.example.com"
            << "192.0.2.1"
            << "temperror" << budget;
        QTest::newRow("truncated-tcp-fallback")
            << "example.com" << Behaviour::Truncate << "a@example.com"
            << "192.0.2.1"
            << "pass" << 500;
        QTest::newRow("big-rrset-over-tcp") << QString() << Behaviour::Answer << "a@big.example.com"
                                            << "198.51.100.1"
                                            << "pass" << 500;
        QTest::newRow("truncated-no-tcp")
            << "example.com" << Behaviour::TruncateNoTcp << "a@example.com"
            << "192.0.2.1"
            << "temperror" << budget;
        QTest::newRow("tcp-closed-mid-answer")
            << "example.com" << Behaviour::TcpCloseMidAnswer << "a@example.com"
            << "192.0.2.1"
            << "temperror" << budget;
    }

    void faults()
    {
        QFETCH(QString, faultName);
        QFETCH(Behaviour, behaviour);
        QFETCH(QString, sender);
        QFETCH(QString, ip);
        QFETCH(QString, result);
        QFETCH(int, maxMs);
        if (!faultName.isEmpty())
            m_server->setBehaviour(faultName, behaviour);
        auto r = resolver();
        Evaluator evaluator(*r);
        QElapsedTimer timer;
        timer.start();
        const Evaluation e = evaluator.evaluate(
            CheckRequest {*Net::parseIp(ip), sender, QStringLiteral("mail.example.com"), {}, {}});
        const qint64 elapsed = timer.elapsed();
        if (!faultName.isEmpty())
            m_server->setBehaviour(faultName, Behaviour::Answer);
        QVERIFY2(resultName(e.result) == result,
            qPrintable(QStringLiteral("got %1: %2").arg(resultName(e.result), e.reason)));
        QVERIFY2(elapsed <= maxMs,
            qPrintable(QStringLiteral("took %1 ms, budget %2 ms").arg(elapsed).arg(maxMs)));
    }

    // Why a temperror happened, on the wire: an answer too big for UDP from a server that refuses
    // TCP is a temperror whose reason names the cause.
    void bigAnswerTcpRefused()
    {
        Lab::LoopbackServer server(m_zone); // its own server: refusing TCP is for good
        QVERIFY(server.start().has_value());
        server.refuseTcp();
        const auto r = Lab::resolverFor(server.address(), timeoutMs, 1);
        const Dns::Answer a
            = r->resolve(Dns::Question {QStringLiteral("big.example.com"), Dns::Type::TXT});
        QVERIFY(!a.has_value());
        const QString why = a.error().message;
        QVERIFY2(why.contains(QStringLiteral("refused the connection over TCP")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("an answer this size needs TCP")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("in the 1232 we offered")), qPrintable(why));
        const QList<Dns::WireStep> &wire = a.error().wire;
        QCOMPARE(wire.size(), 2);
        QVERIFY(!wire[0].tcp);
        QCOMPARE(wire[0].outcome, Dns::WireStep::Outcome::Answer);
        QVERIFY(wire[0].truncated);
        QCOMPARE(wire[0].ednsOffered, 1232);
        QVERIFY(wire[0].size > 0 && wire[0].size <= 1232);
        QVERIFY(wire[1].tcp);
        QCOMPARE(wire[1].outcome, Dns::WireStep::Outcome::Refused);
        // check_host() says it too.
        Evaluator evaluator(*r);
        const Evaluation e
            = evaluator.evaluate(CheckRequest {*Net::parseIp(QStringLiteral("192.0.2.1")),
                QStringLiteral("x@big.example.com"), QStringLiteral("mail.example.com"), {}, {}});
        QCOMPARE(e.result, Result::TempError);
        QVERIFY2(e.reason.contains(QStringLiteral("needs TCP")), qPrintable(e.reason));
    }

    // The same after the EDNS fallback: the truncated answer came to a query without EDNS, so
    // the cause names the 512 octets that query offered, not the configured EDNS size.
    void bigAnswerWithoutEdnsTcpRefused()
    {
        Lab::LoopbackServer server(m_zone);
        QVERIFY(server.start().has_value());
        server.refuseTcp();
        server.setBehaviour(QStringLiteral("big.example.com"), Behaviour::DropEdns);
        const auto r = Lab::resolverFor(server.address(), timeoutMs, 2);
        const Dns::Answer a
            = r->resolve(Dns::Question {QStringLiteral("big.example.com"), Dns::Type::TXT});
        QVERIFY(!a.has_value());
        const QString why = a.error().message;
        QVERIFY2(why.contains(QStringLiteral("in the 512 we offered")), qPrintable(why));
        const QList<Dns::WireStep> &wire = a.error().wire;
        QCOMPARE(wire.size(), 3); // EDNS timed out, plain UDP truncated, TCP refused
        QCOMPARE(wire[0].outcome, Dns::WireStep::Outcome::Timeout);
        QCOMPARE(wire[1].ednsOffered, 0);
        QVERIFY(wire[1].truncated);
        QCOMPARE(wire[2].outcome, Dns::WireStep::Outcome::Refused);
    }

    // A server (or middlebox) that drops queries carrying EDNS: the next try goes without it, and
    // the wire says so.
    void ednsDropped()
    {
        m_server->setBehaviour(QStringLiteral("host.example.com"), Behaviour::DropEdns);
        const Dns::Answer a
            = resolver()->resolve(Dns::Question {QStringLiteral("host.example.com"), Dns::Type::A});
        m_server->setBehaviour(QStringLiteral("host.example.com"), Behaviour::Answer);
        QVERIFY(a.has_value());
        QCOMPARE(a->recordsOfType(Dns::Type::A).size(), 1);
        QCOMPARE(a->wire.size(), 2);
        QCOMPARE(a->wire[0].outcome, Dns::WireStep::Outcome::Timeout);
        QCOMPARE(a->wire[0].ednsOffered, 1232);
        QCOMPARE(a->wire[1].outcome, Dns::WireStep::Outcome::Answer);
        QCOMPARE(a->wire[1].ednsOffered, 0);
        QVERIFY(Dns::describe(a->wire[1]).contains(QStringLiteral("no EDNS")));
    }

    void tcpFlagRecorded()
    {
        m_server->setBehaviour(QStringLiteral("example.com"), Behaviour::Truncate);
        const Dns::Answer a
            = resolver()->resolve(Dns::Question {QStringLiteral("example.com"), Dns::Type::TXT});
        m_server->setBehaviour(QStringLiteral("example.com"), Behaviour::Answer);
        QVERIFY(a.has_value());
        QVERIFY(a->tcp);
        QVERIFY(a->truncated);
        QCOMPARE(a->recordsOfType(Dns::Type::TXT).size(), 1);
        QCOMPARE(a->server, m_server->address());
    }

    void errorsAreDistinct()
    {
        // NXDOMAIN and NODATA are answers, not errors; a timeout is an error.
        auto r = resolver();
        const Dns::Answer nx
            = r->resolve(Dns::Question {QStringLiteral("nope.example.com"), Dns::Type::A});
        QVERIFY(nx.has_value());
        QCOMPARE(nx->rcode, Dns::Rcode::NxDomain);
        const Dns::Answer nodata
            = r->resolve(Dns::Question {QStringLiteral("host.example.com"), Dns::Type::AAAA});
        QVERIFY(nodata.has_value());
        QCOMPARE(nodata->rcode, Dns::Rcode::NoError);
        QVERIFY(nodata->isVoid());
        m_server->setBehaviour(QStringLiteral("host.example.com"), Behaviour::Drop);
        const Dns::Answer timeout
            = r->resolve(Dns::Question {QStringLiteral("host.example.com"), Dns::Type::A});
        m_server->setBehaviour(QStringLiteral("host.example.com"), Behaviour::Answer);
        QVERIFY(!timeout.has_value());
        QCOMPARE(timeout.error().kind, Dns::ErrorKind::Timeout);
    }

    void unreachableServer()
    {
        // A port nobody listens on: a clear error within the budget.
        Lab::LoopbackServer probe(m_zone);
        const auto port = probe.start();
        QVERIFY(port.has_value());
        probe.stop();
        const auto r = Lab::resolverFor(QStringLiteral("127.0.0.1:%1").arg(*port), timeoutMs, 1);
        QVERIFY(r);
        QElapsedTimer timer;
        timer.start();
        const Dns::Answer a
            = r->resolve(Dns::Question {QStringLiteral("example.com"), Dns::Type::TXT});
        QVERIFY(!a.has_value());
        QVERIFY(timer.elapsed() < timeoutMs + 500);
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_APPLESS_MAIN(TestDnsFaults)
#include "tst_dnsfaults.moc"
