// The fault matrix through the real network path: a loopback server under test control misbehaves
// per name, and each scenario must end in the RFC 7208 result within the configured time budget.
// Prints the matrix (scenario -> result -> time) at the end.

#include <QElapsedTimer>
#include <QTest>

#include "common/netutil.h"
#include "dns/ldnsresolver.h"
#include "dns/memoryresolver.h"
#include "lab.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"

using namespace Spf;
using Behaviour = Lab::LoopbackServer::Behaviour;
Q_DECLARE_METATYPE(Lab::LoopbackServer::Behaviour)

namespace {

constexpr int timeoutMs = 300;
constexpr int tries = 2;
// Every answer lost, plus slack for a slow machine: a bound that catches a hang or a retry too
// many, not a speed test (under AddressSanitizer on a loaded 2-core machine the 1,000-record answer
// alone took 1.3 s).
constexpr int budgetMs = timeoutMs * tries + 2400;

QByteArray zoneText()
{
    QByteArray z = "$ORIGIN fm.example.\n$TTL 300\n"
                   "@ TXT \"v=spf1 a:host.fm.example -all\"\n"
                   "host A 192.0.2.1\n"
                   "late TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"
                   "loopa CNAME loopb\nloopb CNAME loopa\n"
                   "cl TXT \"v=spf1 a:loopa.fm.example -all\"\n"
                   "big TXT \"v=spf1 a:many.fm.example -all\"\n"
                   "huge TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"
                   "m1 TXT \"v=spf1 include:m2.fm.example -all\"\n"
                   "m2 TXT \"v=spf1 include:m1.fm.example -all\"\n"
                   "fan TXT \"v=spf1 include:x0.fan.fm.example -all\"\n";
    for (int i = 0; i < 1000; ++i)
        z += "many A 198.18." + QByteArray::number(i / 250) + "." + QByteArray::number(i % 250)
            + "\n";
    for (int i = 0; i < 235; ++i) // about 60 KiB of TXT: only TCP can carry it
        z += "huge TXT \"filler-" + QByteArray::number(i) + "-" + QByteArray(235, 'f') + "\"\n";
    for (int i = 0; i < 30; ++i)
        z += "r" + QByteArray::number(i) + " TXT \"v=spf1 redirect=r" + QByteArray::number(i + 1)
            + ".fm.example\"\n";
    z += "*.fan TXT \"v=spf1\" \" include:a.%{d}\" \" include:b.%{d}\" \" include:c.%{d}\" \" "
         "-all\"\n";
    const QByteArray longName = QByteArray(63, 'a') + "." + QByteArray(63, 'b') + "."
        + QByteArray(63, 'c') + "." + QByteArray(50, 'd') + ".fm.example";
    z += longName + ". TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n";
    // Over 255 octets: two character-strings, split inside the name.
    z += "inc253 TXT \"v=spf1 include:" + longName.left(200) + "\" \"" + longName.mid(200)
        + " -all\"\n";
    return z;
}

struct Row
{
    QString scenario;
    QString result;
    qint64 ms;
};
QList<Row> rows;

} // namespace

class TestFaultMatrix : public QObject
{
    Q_OBJECT

    std::shared_ptr<Dns::MemoryResolver> m_zone;
    std::unique_ptr<Lab::LoopbackServer> m_server;

private Q_SLOTS:
    void initTestCase()
    {
        m_zone = Lab::zoneFromText(zoneText());
        m_server = std::make_unique<Lab::LoopbackServer>(m_zone);
        QVERIFY(m_server->start().has_value());
    }

    void matrix_data()
    {
        QTest::addColumn<QString>("faultName");
        QTest::addColumn<Behaviour>("behaviour");
        QTest::addColumn<int>("lateMs");
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("result");
        const QString root = QStringLiteral("fm.example");
        QTest::newRow("never answers") << root << Behaviour::Drop << 0 << "a@fm.example"
                                       << "192.0.2.1"
                                       << "temperror";
        QTest::newRow("answers after the timeout")
            << "late.fm.example" << Behaviour::Late << 800 << "a@late.fm.example"
            << "192.0.2.1"
            << "temperror";
        QTest::newRow("answers late, within the timeout")
            << "late.fm.example" << Behaviour::Late << 100 << "a@late.fm.example"
            << "192.0.2.1"
            << "pass";
        QTest::newRow("SERVFAIL") << root << Behaviour::ServFail << 0 << "a@fm.example"
                                  << "192.0.2.1"
                                  << "temperror";
        QTest::newRow("REFUSED") << root << Behaviour::Refused << 0 << "a@fm.example"
                                 << "192.0.2.1"
                                 << "temperror";
        QTest::newRow("truncates, never offers TCP")
            << root << Behaviour::TruncateNoTcp << 0 << "a@fm.example"
            << "192.0.2.1"
            << "temperror";
        QTest::newRow("closes TCP mid-answer")
            << root << Behaviour::TcpCloseMidAnswer << 0 << "a@fm.example"
            << "192.0.2.1"
            << "temperror";
        QTest::newRow("wrong message id") << root << Behaviour::WrongId << 0 << "a@fm.example"
                                          << "192.0.2.1"
                                          << "temperror";
        QTest::newRow("answer for another name")
            << root << Behaviour::WrongQuestion << 0 << "a@fm.example"
            << "192.0.2.1"
            << "temperror";
        QTest::newRow("garbage") << root << Behaviour::Garbage << 0 << "a@fm.example"
                                 << "192.0.2.1"
                                 << "temperror";
        QTest::newRow("A behind a CNAME loop")
            << QString() << Behaviour::Answer << 0 << "a@cl.fm.example"
            << "192.0.2.1"
            << "temperror";
        QTest::newRow("1,000-record A answer (TCP)")
            << QString() << Behaviour::Answer << 0 << "a@big.fm.example"
            << "198.18.3.231"
            << "pass";
        QTest::newRow("60 KiB TXT RRset (TCP)")
            << QString() << Behaviour::Answer << 0 << "a@huge.fm.example"
            << "192.0.2.77"
            << "pass";
        QTest::newRow("include of a 253-octet name")
            << QString() << Behaviour::Answer << 0 << "a@inc253.fm.example"
            << "192.0.2.1"
            << "pass";
        QTest::newRow("30 chained redirects")
            << QString() << Behaviour::Answer << 0 << "a@r0.fm.example"
            << "192.0.2.1"
            << "permerror";
        QTest::newRow("mutual includes") << QString() << Behaviour::Answer << 0 << "a@m1.fm.example"
                                         << "192.0.2.1"
                                         << "permerror";
        QTest::newRow("wildcard + macro include fan-out")
            << QString() << Behaviour::Answer << 0 << "a@fan.fm.example"
            << "192.0.2.1"
            << "permerror";
    }

    void matrix()
    {
        QFETCH(QString, faultName);
        QFETCH(Behaviour, behaviour);
        QFETCH(int, lateMs);
        QFETCH(QString, sender);
        QFETCH(QString, ip);
        QFETCH(QString, result);
        if (!faultName.isEmpty())
            m_server->setBehaviour(faultName, behaviour);
        if (lateMs)
            m_server->setLateMs(lateMs);
        const auto resolver = Lab::resolverFor(m_server->address(), timeoutMs, tries);
        QVERIFY(resolver);
        Evaluator evaluator(*resolver);
        QElapsedTimer t;
        t.start();
        const Evaluation e = evaluator.evaluate(
            CheckRequest {*Net::parseIp(ip), sender, QStringLiteral("mail.fm.example"), {}, {}});
        const qint64 ms = t.elapsed();
        if (!faultName.isEmpty())
            m_server->setBehaviour(faultName, Behaviour::Answer);
        rows << Row {QString::fromLatin1(QTest::currentDataTag()), resultName(e.result), ms};
        QVERIFY2(resultName(e.result) == result,
            qPrintable(QStringLiteral("got %1: %2").arg(resultName(e.result), e.reason)));
        QVERIFY2(ms <= budgetMs,
            qPrintable(QStringLiteral("took %1 ms (budget %2 ms)").arg(ms).arg(budgetMs)));
    }

    // Hostile publishers against the audit: it stops at its caps with a clear message.
    void auditCaps()
    {
        const auto resolver = Lab::resolverFor(m_server->address(), timeoutMs);
        QVERIFY(resolver);
        AuditOptions options;
        options.maxQueries = 200;
        for (const char *domain : {"fan.fm.example", "r0.fm.example", "m1.fm.example"}) {
            Auditor auditor(*resolver, options);
            QElapsedTimer t;
            t.start();
            const Audit a = auditor.run(QString::fromLatin1(domain));
            rows << Row {QStringLiteral("audit of %1").arg(QLatin1String(domain)),
                a.complete() ? QStringLiteral("complete, %1 lookups").arg(a.lookups)
                             : a.capsHit.join(QStringLiteral("; ")),
                t.elapsed()};
            QVERIFY(a.trace.exchanges.size() <= 200);
            QVERIFY(a.trace.nodes.size() <= options.maxNodes);
            if (QLatin1String(domain) == QLatin1String("m1.fm.example"))
                QCOMPARE(a.loops.size(), 1);
            else
                QVERIFY(!a.complete() || a.lookups > 10);
        }
    }

    void cleanupTestCase()
    {
        m_server.reset();
        qInfo("fault matrix (timeout %d ms x %d tries):", timeoutMs, tries);
        for (const Row &r : std::as_const(rows))
            qInfo("| %-40s | %-40s | %5lld ms |", qPrintable(r.scenario), qPrintable(r.result),
                static_cast<long long>(r.ms));
    }
};

QTEST_APPLESS_MAIN(TestFaultMatrix)
#include "tst_faultmatrix.moc"
