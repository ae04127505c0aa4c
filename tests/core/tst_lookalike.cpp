// Things that look like IP addresses and are not, named; a pasted `last` listing recognised.

#include <QProcess>
#include <QTest>

#include "common/lookalike.h"

using Lookalike::Kind;

Q_DECLARE_METATYPE(Lookalike::Kind)

class TestLookalike : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classify_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("kind"); // -1: not named
        QTest::addColumn<QString>("says");
        QTest::newRow("kernel") << "2.6.32.54-0.3-default" << int(Kind::KernelVersion)
                                << "Linux kernel release (version 2.6.32.54)";
        QTest::newRow("kernel-cut-by-last")
            << "2.6.32.54-0.3-de" << int(Kind::KernelVersionCut) << "cut to 16 characters";
        QTest::newRow("ubuntu-kernel")
            << "5.15.0-91-generic" << int(Kind::KernelVersion) << "system boot";
        QTest::newRow("rhel-kernel")
            << "3.10.0-1160.el7.x86_64" << int(Kind::KernelVersion) << "version 3.10.0";
        QTest::newRow("enhanced-status")
            << "5.7.1" << int(Kind::EnhancedStatus) << "enhanced mail status code";
        QTest::newRow("smtp-reply") << "550-5.7.26" << int(Kind::SmtpReply) << "SMTP reply (550)";
        QTest::newRow("smtp-reply-space")
            << "550 5.7.1" << int(Kind::SmtpReply) << "enhanced status code 5.7.1";
        QTest::newRow("exchange-build")
            << "15.20.7677.26" << int(Kind::VersionString) << "version or build number";
        QTest::newRow("v-version") << "v1.2.3" << int(Kind::VersionString) << "version";
        QTest::newRow("oid") << "1.3.6.1.4.1.311" << int(Kind::Oid) << "object identifier";
        QTest::newRow("ip") << "192.0.2.1" << -1 << "";
        QTest::newRow("bare-quad-from-kernel") << "2.6.32.54" << -1 << "";
        QTest::newRow("mistyped-ip") << "192.168.1" << -1 << "";
        QTest::newRow("ipv6") << "2001:db8::1" << -1 << "";
        QTest::newRow("word") << "example.com" << -1 << "";
    }

    void classify()
    {
        QFETCH(QString, token);
        QFETCH(int, kind);
        QFETCH(QString, says);
        const auto r = Lookalike::classify(token);
        QCOMPARE(r.has_value(), kind >= 0);
        if (!r)
            return;
        QCOMPARE(int(r->kind), kind);
        QCOMPARE(r->token, token);
        QVERIFY2(r->explanation.contains(says), qPrintable(r->explanation));
        QVERIFY(r->explanation.contains(QStringLiteral("not")));
    }

    void contextOfABareQuad()
    {
        const QString line = QStringLiteral(
            "reboot   system boot  2.6.32.54-0.3-de Mon Nov 30 10:00 - 10:30  (00:30)");
        QCOMPARE(Lookalike::contextOf(QStringLiteral("2.6.32.54"), line),
            QStringLiteral("the start of a Linux kernel version cut off by `last`: "
                           "2.6.32.54-0.3-de"));
        QCOMPARE(Lookalike::contextOf(QStringLiteral("192.0.2.7"),
                     QStringLiteral("root pts/0 192.0.2.7 Mon Nov 30 10:12")),
            QString());
    }

    void lastOutput()
    {
        const QString text = QStringLiteral(
            "root     pts/0        192.0.2.7        Mon Nov 30 10:12   still logged in\n"
            "reboot   system boot  2.6.32.54-0.3-de Mon Nov 30 10:00 - 10:30  (00:30)\n"
            "admin    pts/1        mail.example.com Sun Nov 29 09:01 - 09:45  (00:44)\n"
            "\n"
            "wtmp begins Sun Nov  1 08:00:00 2026\n");
        const auto last = Lookalike::readLast(text);
        QVERIFY(last);
        QCOMPARE(last->lines.size(), 3);
        QCOMPARE(last->hostLines(), 2);
        QCOMPARE(last->kernelLines(), 1);
        QCOMPARE(last->lines[1].host, QStringLiteral("2.6.32.54-0.3-de"));
        QVERIFY(last->lines[1].reboot);
        const QString summary = last->summary();
        QVERIFY2(summary.contains(QStringLiteral("not a bounce")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("logged in from: 1, 3.")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("not a host: 2.")), qPrintable(summary));
        // A bounce is not `last` output.
        QVERIFY(!Lookalike::readLast(
            QStringLiteral("550 5.7.1 <user@example.com>: Recipient address rejected\n"
                           "Received: from mail.example.com (192.0.2.1) by mx.example.net\n")));
    }

    // The CLI names it too: `spfsleuth-cli ptr` refuses it and says what it is (no DNS asked).
    void cliPtrNamesAKernelVersion()
    {
        QProcess cli;
        cli.start(QStringLiteral(SLEUTH_CLI),
            {QStringLiteral("ptr"), QStringLiteral("2.6.32.54-0.3-default"),
                QStringLiteral("--server"), QStringLiteral("127.0.0.1:9")});
        QVERIFY(cli.waitForFinished(10000));
        QCOMPARE(cli.exitCode(), 2);
        const QString err = QString::fromUtf8(cli.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("'2.6.32.54-0.3-default' is not an IP address")),
            qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("Linux kernel release (version 2.6.32.54)")),
            qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("system boot")), qPrintable(err));
    }
};

QTEST_APPLESS_MAIN(TestLookalike)
#include "tst_lookalike.moc"
