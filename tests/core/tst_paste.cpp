// The paste analyzer over the corpus in tests/data/paste: every extracted field asserted.

#include <QFile>
#include <QTest>

#include "paste/mime.h"
#include "paste/pasteanalyzer.h"
#include "paste/readers.h"
#include "paste/reasons.h"

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

    static QString bounce(const char *name)
    {
        QFile f(QStringLiteral(SLEUTH_TEST_DATA "/bounces/") + QLatin1String(name));
        if (!f.open(QIODevice::ReadOnly))
            qFatal("missing %s", name);
        return Paste::textOf(f.readAll());
    }

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

    // The analyzer's stages, each run alone (paste/readers.h).
    void readerStructureAndServers()
    {
        Paste::Analysis a;
        const Paste::Readers::Structure s = Paste::Readers::readStructure(a,
            QStringLiteral("The mail system\r\n\r\nReporting-MTA: dns; out.example.com\r\n\r\n"
                           "Final-Recipient: rfc822; bob@example.org\r\nAction: failed\r\n"
                           "Status: 5.1.1\r\n"
                           "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: user unknown\r\n"
                           "Remote-MTA: dns; mx.example.org. [192.0.2.9]\r\n"));
        QCOMPARE(s.lines.size(), 10);
        QCOMPARE(a.groups.size(), 1);
        QCOMPARE(a.groups[0].status, QStringLiteral("5.1.1"));
        QVERIFY(!a.text.contains(QLatin1Char('\r')));
        const Paste::Readers::Servers servers = Paste::Readers::readServers(a, s.all, s.lines);
        QCOMPARE(a.remoteMta, QStringLiteral("mx.example.org"));
        QVERIFY(servers.remoteIps.contains(QStringLiteral("192.0.2.9")));
        QCOMPARE(servers.reportingMta, QStringLiteral("out.example.com"));
        QCOMPARE(servers.reportingSource.line, 3);
        QCOMPARE(servers.remoteOrg, QStringLiteral("example.org"));
    }

    void readerMessageFieldsCandidatesHelo()
    {
        Paste::Analysis a;
        const Paste::Readers::Structure s = Paste::Readers::readStructure(a,
            QStringLiteral(
                "Received: from mail.example.com (mail.example.com [198.51.100.7])\n"
                "\tby mx.example.net with ESMTPS id x1\n"
                "Received-SPF: softfail (mx.example.net: domain of a@example.com does not "
                "designate 198.51.100.7 as permitted sender) client-ip=198.51.100.7;\n"
                "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=example.com\n"
                "DKIM-Signature: v=1; a=rsa-sha256; d=Example.com; s=sel1; h=from; b=x; bh=y\n"
                "From: A <a@example.com>\n"));
        const Paste::Readers::Servers servers = Paste::Readers::readServers(a, s.all, s.lines);
        const QList<const Paste::Readers::Field *> message
            = Paste::Readers::readMessageFields(a, s.all);
        QCOMPARE(message.size(), 5); // the Received: field's continuation is unfolded into it
        QCOMPARE(a.hops.size(), 1);
        QCOMPARE(a.hops[0].ip, QStringLiteral("198.51.100.7"));
        QCOMPARE(a.verdicts.size(), 2);
        QCOMPARE(a.signatures.size(), 1);
        QCOMPARE(a.signatures[0].domain, QStringLiteral("example.com"));
        const Paste::Hop *connecting = Paste::Readers::readIpCandidates(a, s, servers, message);
        QVERIFY(connecting);
        QCOMPARE(connecting->index, 0);
        QCOMPARE(a.connectingIp->value, QStringLiteral("198.51.100.7"));
        Paste::Readers::readHelo(a, connecting, servers);
        QCOMPARE(a.helo->value, QStringLiteral("mail.example.com"));
        Paste::Readers::noteDisagreements(a);
        QCOMPARE(a.notes.size(), 1);
        QVERIFY(a.notes[0].contains(QStringLiteral("softfail, pass")));
    }

    void readerRemoteIpIsNeverTheSender()
    {
        // The receiver's own address in the report is not the sending IP; the one its refusal
        // names is.
        Paste::Analysis a;
        const Paste::Readers::Structure s = Paste::Readers::readStructure(a,
            QStringLiteral("This is the mail system at host out.example.com.\n\n"
                           "<bob@example.org>: host mx.example.org[192.0.2.9] said: 550 5.7.1 "
                           "Service unavailable; client [203.0.113.5] blocked using "
                           "zen.spamhaus.org\n"));
        const Paste::Readers::Servers servers = Paste::Readers::readServers(a, s.all, s.lines);
        QCOMPARE(servers.reportingMta, QStringLiteral("out.example.com"));
        const auto message = Paste::Readers::readMessageFields(a, s.all);
        Paste::Readers::readReplies(a, s.view);
        QCOMPARE(a.replies.size(), 1);
        QCOMPARE(a.replies[0].code, 550);
        Paste::Readers::readIpCandidates(a, s, servers, message);
        QCOMPARE(a.connectingIp->value, QStringLiteral("203.0.113.5"));
        QVERIFY(!a.ipCandidates.isEmpty());
        for (const Paste::Candidate &c : std::as_const(a.ipCandidates))
            QVERIFY(c.value != QLatin1String("192.0.2.9"));
    }

    // Microsoft's 5.7.515 states the refusing receiver's own verdicts: read, and the one that
    // failed is the reason; all failing stays "unauthenticated".
    void receiverVerdicts()
    {
        const Paste::Analysis a = Paste::analyze(QStringLiteral(
            "Remote Server returned '550 5.7.515 Access denied, sending domain [A.EXAMPLE] "
            "doesn't meet the required authentication level.\n Spf=Pass, Dkim=Fail, DMARC=Pass "
            "[x.outlook.example]'\n"));
        QVERIFY(a.receiverVerdicts);
        QCOMPARE(a.receiverVerdicts->spf, QStringLiteral("pass"));
        QCOMPARE(a.receiverVerdicts->dkim, QStringLiteral("fail"));
        QCOMPARE(a.receiverVerdicts->dmarc, QStringLiteral("pass"));
        QCOMPARE(a.receiverVerdicts->source.line, 2);
        QCOMPARE(a.reason, QStringLiteral("dkim-fail"));
        QVERIFY(a.reasonBasis.contains(QStringLiteral("DKIM fail")));
        const Paste::Analysis b = Paste::analyze(QStringLiteral(
            "550 5.7.515 Access denied, sending domain [B.EXAMPLE] doesn't meet the required "
            "authentication level. (Spf= Fail, Dkim= None, DMARC= Fail)\n"));
        QVERIFY(b.receiverVerdicts);
        QCOMPARE(b.receiverVerdicts->spf, QStringLiteral("fail"));
        QCOMPARE(b.receiverVerdicts->dkim, QStringLiteral("none"));
        QCOMPARE(b.reason, QStringLiteral("unauthenticated"));
        const Paste::Analysis c = Paste::analyze(
            QStringLiteral("550 5.7.515 Access denied (Spf=Fail, Dkim=Pass, DMARC=Pass)\n"));
        QCOMPARE(c.reason, QStringLiteral("spf-fail"));
        QVERIFY(!Paste::analyze(QStringLiteral("550 5.7.1 Rejected\n")).receiverVerdicts);
    }

    // Exchange: a client that did not log in (5.7.57) is a submission problem; a recipient that
    // takes mail only from authenticated senders inside its organization is its policy.
    void exchangeAuthentication()
    {
        const Paste::Analysis a = Paste::analyze(QStringLiteral(
            "Remote Server returned '530 5.7.57 Client not authenticated to send mail. "
            "[AM0PR01CA0001.eurprd01.prod.exchangelabs.example]'\n"));
        QCOMPARE(a.replyCode, 530);
        QCOMPARE(a.reason, QStringLiteral("smtp-auth-required"));
        const Paste::Analysis b = Paste::analyze(QStringLiteral(
            "Remote Server returned '530 5.7.57 SMTP; Client was not authenticated to send "
            "anonymous mail during MAIL FROM'\n"));
        QCOMPARE(b.reason, QStringLiteral("smtp-auth-required"));
        const Paste::Analysis c = Paste::analyze(QStringLiteral(
            "Remote Server returned '550 5.7.1 RESOLVER.RST.AuthRequired; authentication "
            "required [Stage: CreateMessage]'\n"));
        QCOMPARE(c.enhanced, QStringLiteral("5.7.1"));
        QCOMPARE(c.reason, QStringLiteral("policy"));
        QVERIFY(!Paste::isAuthenticationReason(c.reason));
    }

    // Findings inside quoted-printable and base64 parts point at the paste's own lines.
    void decodedPartsKeepTheirLines()
    {
        const Paste::Analysis qp = Paste::analyze(bounce("postfix-qp-lines.eml"));
        QCOMPARE(qp.replyCode, 550);
        QCOMPARE(qp.reasonLine, 16); // the part starts on line 11
        const Paste::Analysis b64 = Paste::analyze(bounce("postfix-base64-lines.eml"));
        QCOMPARE(b64.replyCode, 550);
        QCOMPARE(b64.reasonLine, 14); // the base64 line holding the reply's first bytes
        QCOMPARE(b64.reason, QStringLiteral("mailbox-unknown"));
    }

    // Part charsets and RFC 2047 words, decoded by GMime.
    void charsets()
    {
        const auto textOf = [](const QString &paste) {
            QString all;
            for (const Paste::Section &s : Paste::mimeSections(paste).sections)
                all += s.lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
            return all;
        };
        for (const char *name : {"jp-iso2022.eml", "jp-shiftjis.eml"}) {
            QFile f(QStringLiteral(SLEUTH_TEST_DATA "/bounces/") + QLatin1String(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString paste = Paste::textOf(f.readAll());
            const QString text = textOf(paste);
            QVERIFY2(text.contains(QStringLiteral("宛先のアドレスが見つかりません")),
                qPrintable(QLatin1String(name) + QLatin1Char(' ') + text.left(300)));
            const Paste::Analysis a = Paste::analyze(paste);
            QCOMPARE(a.replyCode, 550);
            QCOMPARE(a.reason, QStringLiteral("mailbox-unknown"));
            QCOMPARE(a.reasonLine, 9);
        }
        const Paste::Analysis ru = Paste::analyze(bounce("cp1251-qp.eml"));
        QVERIFY(textOf(ru.text).contains(QStringLiteral("Почтовый ящик переполнен")));
        QCOMPARE(ru.reason, QStringLiteral("mailbox-full"));
        QCOMPARE(ru.reasonLine, 12);
        QCOMPARE(
            Paste::decodeHeaderWords(QStringLiteral("=?ISO-2022-JP?B?GyRCR1s/LiUoJWkhPBsoQg==?=")),
            QStringLiteral("配信エラー"));
        QCOMPARE(Paste::decodeCharset(QByteArray("\xcf\xee\xf7\xf2\xe0"), "windows-1251"),
            QStringLiteral("Почта"));
        QCOMPARE(Paste::decodeCharset(QByteArray("plain"), "x-unknown-charset"),
            QStringLiteral("plain"));
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
