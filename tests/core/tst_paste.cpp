// The paste analyzer over the corpus in tests/data/paste: every extracted field asserted.

#include <QFile>
#include <QTest>

#include "paste/pasteanalyzer.h"

namespace {
QStringList sl(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out << QString::fromLatin1(i);
    return out;
}
} // namespace

class TestPaste : public QObject
{
    Q_OBJECT

    static QString read(const QString &name)
    {
        QFile f(QStringLiteral(SLEUTH_TEST_DATA "/paste/") + name);
        if (!f.open(QIODevice::ReadOnly))
            qFatal("missing %s", qPrintable(name));
        return QString::fromUtf8(f.readAll());
    }

private Q_SLOTS:
    void corpus_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("ipField"); // where the IP came from
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("helo");
        QTest::addColumn<QStringList>("verdicts");
        QTest::addColumn<QStringList>("replies"); // "550 5.7.1"
        QTest::addColumn<QStringList>("lookalikes"); // at least these
        QTest::addColumn<bool>("spfReply");

        QTest::newRow("gmail") << "gmail-headers-fail.txt"
                               << "gmail"
                               << "64.8.71.112"
                               << "Received-SPF"
                               << "user@pclnet.example"
                               << "mail.pclnet.example" << sl({"fail", "fail"}) << QStringList {}
                               << sl({"115.12.2"}) << false;
        QTest::newRow("m365") << "m365-ndr-permerror.txt"
                              << "microsoft365"
                              << "64.8.71.112"
                              << "Authentication-Results"
                              << "user@pclnet.example"
                              << "mail.pclnet.example" << sl({"permerror", "permerror"})
                              << sl({"550 5.7.23"}) << sl({"15.20.7677.26", "16.0.17928.20114"})
                              << true;
        QTest::newRow("postfix") << "postfix-bounce.txt"
                                 << "postfix"
                                 << "64.8.71.112"
                                 << "line"
                                 << "user@pclnet.example"
                                 << "" << QStringList {} << sl({"550 5.7.1"}) << QStringList {}
                                 << true;
        QTest::newRow("exim") << "exim-bounce.txt"
                              << "exim"
                              << "64.8.71.112"
                              << "line"
                              << "user@pclnet.example"
                              << "" << QStringList {} << sl({"550 5.7.23"}) << QStringList {}
                              << true;
        QTest::newRow("postini") << "postini-bounce.txt"
                                 << "postini"
                                 << "64.8.71.112"
                                 << "Received"
                                 << "user@pclnet.example"
                                 << "mail.pclnet.example" << QStringList {}
                                 << sl({"550 ", "554 5.0.0"})
                                 << sl({"2.6.32.54-0.3-default", "3.4.6", "8.15.2"}) << true;
        QTest::newRow("gmail-ipv6") << "gmail-ipv6-pass.txt"
                                    << "gmail"
                                    << "2001:db8:1::25"
                                    << "Received-SPF"
                                    << "news@example.org"
                                    << "mail6.example.org" << sl({"pass", "pass"}) << QStringList {}
                                    << QStringList {} << false;
        QTest::newRow("postfix-ipv6") << "postfix-headers-ipv6-softfail.txt"
                                      << "postfix"
                                      << "2001:db8:2::77"
                                      << "Received-SPF"
                                      << "promo@news.example"
                                      << "out7.esp-mailer.example" << sl({"softfail"})
                                      << QStringList {} << QStringList {} << false;
    }

    void corpus()
    {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(QString, ip);
        QFETCH(QString, ipField);
        QFETCH(QString, sender);
        QFETCH(QString, helo);
        QFETCH(QStringList, verdicts);
        QFETCH(QStringList, replies);
        QFETCH(QStringList, lookalikes);
        QFETCH(bool, spfReply);
        const QString text = read(file);
        const Paste::Analysis a = Paste::analyze(text);
        QCOMPARE(a.format, format);
        QVERIFY(a.connectingIp.has_value());
        QCOMPARE(a.connectingIp->value, ip);
        QCOMPARE(a.connectingIp->source.field, ipField);
        // The source points at a line that really holds the value.
        const QStringList lines = text.split(QLatin1Char('\n'));
        QVERIFY(a.connectingIp->source.line >= 1);
        QVERIFY(a.envelopeSender.has_value());
        QCOMPARE(a.envelopeSender->value, sender);
        QCOMPARE(a.helo ? a.helo->value : QString(), helo);
        QStringList gotVerdicts;
        for (const Paste::Verdict &v : a.verdicts)
            gotVerdicts << v.result;
        QCOMPARE(gotVerdicts, verdicts);
        for (const QString &r : replies) {
            const bool found
                = std::any_of(a.replies.cbegin(), a.replies.cend(), [&](const Paste::Reply &x) {
                      return QStringLiteral("%1 %2").arg(x.code).arg(x.enhanced).startsWith(r);
                  });
            QVERIFY2(found, qPrintable(r));
        }
        QCOMPARE(std::any_of(a.replies.cbegin(), a.replies.cend(),
                     [](const Paste::Reply &x) { return x.spfRelated; }),
            spfReply);
        for (const QString &l : lookalikes) {
            const auto it = std::find_if(a.lookalikes.cbegin(), a.lookalikes.cend(),
                [&](const Paste::Lookalike &x) { return x.token == l; });
            QVERIFY2(it != a.lookalikes.cend(), qPrintable(l));
            QVERIFY(lines.value(it->source.line - 1).contains(l));
        }
        // Nothing that only looks like an IP is ever used as one.
        for (const Paste::Lookalike &l : a.lookalikes)
            QVERIFY(l.token != a.connectingIp->value);
    }

    void kernelVersionNeverAnIp()
    {
        const Paste::Analysis a = Paste::analyze(QStringLiteral(
            "reboot   system boot  2.6.32.54-0.3-default Mon Nov 23 10:12 - 16:40\n"));
        QVERIFY(!a.connectingIp);
        QCOMPARE(a.lookalikes.size(), 1);
        QVERIFY(a.lookalikes.front().why.contains(QStringLiteral("longer token")));
    }

    // The client IP a rejection names in brackets is the one the receiver checked, not the
    // bounce's own delivery hop.
    void bracketedIpInTheReply()
    {
        const Paste::Analysis g
            = Paste::analyze(read(QStringLiteral("gmail-unauthenticated-5.7.26.txt")));
        QVERIFY(g.connectingIp.has_value());
        QCOMPARE(g.connectingIp->value, QStringLiteral("203.0.113.22"));
        const Paste::Analysis e = Paste::analyze(read(QStringLiteral("exim-bad-spf-brackets.txt")));
        QVERIFY(e.connectingIp.has_value());
        QCOMPARE(e.connectingIp->value, QStringLiteral("192.0.2.2"));
        QCOMPARE(e.connectingIp->source.line, 9); // the "550 Bad SPF records" line itself
    }

    // Sendmail: the daemon's own Return-Path is not the sender, and "<<< 550 ..." is a reply.
    void sendmailTranscript()
    {
        const Paste::Analysis a
            = Paste::analyze(read(QStringLiteral("sendmail-daemon-returnpath.txt")));
        QVERIFY(a.envelopeSender.has_value());
        QCOMPARE(a.envelopeSender->value, QStringLiteral("user@pclnet.example"));
        const auto reply = std::find_if(a.replies.cbegin(), a.replies.cend(),
            [](const Paste::Reply &r) { return r.code == 550; });
        QVERIFY(reply != a.replies.cend());
        QCOMPARE(reply->enhanced, QStringLiteral("5.7.1"));
        QCOMPARE(reply->source.line, 9);
        QVERIFY(reply->spfRelated);
        QCOMPARE(a.connectingIp->value, QStringLiteral("192.0.2.66"));
    }

    void replyTextAndStatusCodes()
    {
        // "(reason: 550 …)": the closing bracket is the wrapper's, not the reply's.
        const Paste::Analysis a = Paste::analyze(read(QStringLiteral("postini-bounce.txt")));
        const auto reason = std::find_if(a.replies.cbegin(), a.replies.cend(),
            [](const Paste::Reply &r) { return r.code == 550; });
        QVERIFY(reason != a.replies.cend());
        QCOMPARE(reason->text, QStringLiteral("IP Authorization check failed - psmtp"));
        // A reply text that carries its own brackets keeps them.
        const Paste::Analysis b
            = Paste::analyze(QStringLiteral("550 5.7.1 Rejected (see https://help.example/spf)\n"));
        QVERIFY(!b.replies.isEmpty());
        QVERIFY(b.replies.front().text.endsWith(QLatin1Char(')')));
        // 5.7.1 quoted in prose is an enhanced status code, not a version number.
        const Paste::Analysis c = Paste::analyze(QStringLiteral(
            "The receiver answered with status 5.7.1 and SpamAssassin 3.4 scored it.\n"));
        QCOMPARE(c.lookalikes.size(), 1);
        QVERIFY2(c.lookalikes.front().why.contains(QStringLiteral("status code")),
            qPrintable(c.lookalikes.front().why));
    }

    void meanings()
    {
        bool spf = false;
        QVERIFY(Paste::replyMeaning(550, QStringLiteral("5.7.23"), QString(), &spf)
                    .contains(QStringLiteral("SPF validation failed")));
        QVERIFY(spf);
        QVERIFY(Paste::replyMeaning(
            550, QString(), QStringLiteral("IP Authorization check failed - psmtp"), &spf)
                    .contains(QStringLiteral("Postini")));
        QVERIFY(spf);
        QVERIFY(Paste::replyMeaning(451, QStringLiteral("4.7.1"), QStringLiteral("try later"), &spf)
                    .contains(QStringLiteral("temporary")));
        QVERIFY(!spf);
        QVERIFY(Paste::replyMeaning(550, QStringLiteral("5.1.1"), QStringLiteral("user unknown"))
                    .contains(QStringLiteral("does not exist")));
    }

    void hostileInput()
    {
        QString junk;
        for (int i = 0; i < 20000; ++i)
            junk += QStringLiteral(
                "Received: from [999.1.1.1] (helo=\u202e\x1b[31m) by x\n\t 1.2.3 ");
        const Paste::Analysis a = Paste::analyze(junk);
        QVERIFY(!a.connectingIp);
        QVERIFY(Paste::analyze(QString()).isEmpty());
        QVERIFY(Paste::analyze(QStringLiteral("\n\n\t\t\n")).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestPaste)
#include "tst_paste.moc"
