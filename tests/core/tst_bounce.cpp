// Bounces from many mail systems (tests/data/bounces, labelled in labels.tsv): the IP, envelope
// sender, HELO, reason and format each must read; MIME (base64, quoted-printable, CRLF and bare
// CR, multipart/report, message/rfc822, text/rfc822-headers, ARF); the reason catalogue; and
// with DNS from a loopback server, DMARC alignment, DKIM keys and forwarding.

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "caseio/casefile.h"
#include "dkim/dkim.h"
#include "investigation/investigation.h"
#include "investigation/summary.h"
#include "lab.h"
#include "loopbackserver.h"
#include "paste/bounce.h"
#include "paste/reasons.h"

class TestBounce : public QObject
{
    Q_OBJECT

    const QString m_dir = QStringLiteral(SLEUTH_TEST_DATA "/bounces/");
    std::shared_ptr<Dns::MemoryResolver> m_zone;
    std::unique_ptr<Lab::LoopbackServer> m_server;

    static QString read(const QString &path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            qFatal("missing %s", qPrintable(path));
        return QString::fromUtf8(f.readAll());
    }

    Bounce::Diagnosis diagnose(const QString &file, bool dns = true)
    {
        auto resolver = Lab::resolverFor(m_server->address(), 2000, 1);
        return Bounce::diagnose(Paste::analyze(read(m_dir + file)), dns ? resolver.get() : nullptr);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(Paste::catalogueError().isEmpty(), qPrintable(Paste::catalogueError()));
        m_zone = std::make_shared<Dns::MemoryResolver>();
        QFile z(m_dir + QStringLiteral("bounces.zone"));
        QVERIFY(z.open(QIODevice::ReadOnly));
        const auto loaded = m_zone->loadZoneText(z.readAll());
        QVERIFY2(loaded.has_value(), qPrintable(loaded.error()));
        m_server = std::make_unique<Lab::LoopbackServer>(m_zone);
        QVERIFY(m_server->start().has_value());
    }

    void corpus_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("helo");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("format");
        const QStringList rows
            = read(m_dir + QStringLiteral("labels.tsv")).split(QLatin1Char('\n'));
        int count = 0;
        for (const QString &row : rows) {
            if (row.startsWith(QLatin1Char('#')) || row.trimmed().isEmpty())
                continue;
            const QStringList c = row.split(QLatin1Char('\t'));
            QCOMPARE(c.size(), 6);
            const auto dash
                = [](const QString &s) { return s == QLatin1String("-") ? QString() : s; };
            QTest::newRow(qPrintable(c[0]))
                << c[0] << dash(c[1]) << dash(c[2]) << dash(c[3]) << dash(c[4]) << c[5];
            ++count;
        }
        QVERIFY(count >= 14);
    }

    // Every labelled value is read, each names a line that holds it, and nothing is guessed.
    void corpus()
    {
        QFETCH(QString, file);
        QFETCH(QString, ip);
        QFETCH(QString, sender);
        QFETCH(QString, helo);
        QFETCH(QString, reason);
        QFETCH(QString, format);
        const QString text = read(m_dir + file);
        QElapsedTimer timer;
        timer.start();
        const Paste::Analysis a = Paste::analyze(text);
        QVERIFY2(timer.elapsed() < 1000, "a bounce takes under a second");
        QCOMPARE(a.connectingIp ? a.connectingIp->value : QString(), ip);
        QCOMPARE(a.envelopeSender ? a.envelopeSender->value : QString(), sender);
        QCOMPARE(a.helo ? a.helo->value : QString(), helo);
        QCOMPARE(a.reason, reason);
        QCOMPARE(a.format, format);
        QString normalized = text;
        normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\n"))
            .replace(QLatin1Char('\r'), QLatin1Char('\n'));
        const QStringList lines = normalized.split(QLatin1Char('\n'));
        for (const auto &v : {a.connectingIp, a.envelopeSender, a.helo, a.headerFrom}) {
            if (!v || v->value.isEmpty()
                || a.parts.join(QString()).contains(QLatin1String("decoded")))
                continue;
            const QString line = lines.value(v->source.line - 1);
            QVERIFY2(line.contains(v->value.section(QLatin1Char('@'), -1), Qt::CaseInsensitive)
                    || v->source.field != QLatin1String("line"),
                qPrintable(QStringLiteral("%1 not on line %2").arg(v->value).arg(v->source.line)));
        }
    }

    // The receiver's own server (Remote-MTA, "host x[ip] said") is never the sending IP, and the
    // HELO address literal is not the IP.
    void neverTheReceiversIp()
    {
        const Paste::Analysis q = Paste::analyze(read(m_dir + QStringLiteral("qmail-spf.txt")));
        for (const Paste::Candidate &c : q.ipCandidates)
            QVERIFY(c.value != QLatin1String("203.0.113.25"));
        const Paste::Analysis p = Paste::analyze(read(m_dir + QStringLiteral("ironport-spf.eml")));
        for (const Paste::Candidate &c : p.ipCandidates) {
            QVERIFY(c.value != QLatin1String("203.0.113.61"));
            QVERIFY(c.value != QLatin1String("192.0.2.178")); // the HELO literal
        }
        QCOMPARE(p.hops.front().ip, QStringLiteral("192.0.2.90"));
        QCOMPARE(p.hops.front().fromName, QStringLiteral("[192.0.2.178]"));
        QCOMPARE(p.hops.front().reverseName, QStringLiteral("c135.dsl.example.ne.jp"));
        const Paste::Analysis i
            = Paste::analyze(read(m_dir + QStringLiteral("ironport-received.txt")));
        QCOMPARE(i.hops.front().fromName, QStringLiteral("mta7.fabrikam.example"));
        QCOMPARE(i.hops.front().reverseName, QStringLiteral("mail.fabrikam.example"));
    }

    // MIME: the parts are found, decoded, and values point into the paste.
    void mime()
    {
        const Paste::Analysis e
            = Paste::analyze(read(m_dir + QStringLiteral("exchange-base64-crlf.eml")));
        QVERIFY(e.bounce);
        QVERIFY2(e.parts.join(QLatin1Char('|')).contains(QStringLiteral("decoded from base64")),
            qPrintable(e.parts.join(QLatin1Char('|'))));
        QCOMPARE(e.headerFrom->value, QStringLiteral("chris@proseware.example"));
        QCOMPARE(e.remoteMta, QStringLiteral("mx1.fourthcoffee.example"));
        const Paste::Analysis m
            = Paste::analyze(read(m_dir + QStringLiteral("mimecast-qp-cr.eml")));
        QVERIFY(!m.replies.isEmpty());
        QVERIFY2(m.replies.front().text.contains(QStringLiteral("is not permitted")),
            qPrintable(m.replies.front().text));
        const Paste::Analysis arf = Paste::analyze(read(m_dir + QStringLiteral("arf-report.eml")));
        QCOMPARE(arf.envelopeSender->source.field, QStringLiteral("Original-Mail-From"));
        QCOMPARE(arf.connectingIp->source.field, QStringLiteral("Source-IP"));
        QCOMPARE(arf.headerFrom->value, QStringLiteral("somespammer@sender.example"));
        // The bounce's own Return-Path <> and Received hops are not the message's.
        const Paste::Analysis i = Paste::analyze(read(m_dir + QStringLiteral("ironport-spf.eml")));
        QCOMPARE(i.envelopeSender->value, QStringLiteral("anna@northwind.example"));
        for (const Paste::Hop &h : i.hops)
            QVERIFY(h.ip != QLatin1String("198.51.100.10"));
    }

    void reasons()
    {
        // The reply code (550) is written for reading; the catalogue goes by the enhanced
        // code and the words.
        const auto reason = [](int, const char *enhanced, const char *text) {
            return Paste::classifyReply(QString::fromLatin1(enhanced), QString::fromLatin1(text))
                .reason;
        };
        QCOMPARE(reason(550, "5.7.23",
                     "The message was rejected because of Sender Policy Framework violation -> "
                     "permanent error (permerror)"),
            QStringLiteral("spf-permerror"));
        QCOMPARE(reason(550, "5.7.23",
                     "The message was rejected because of Sender Policy Framework violation"),
            QStringLiteral("spf-fail"));
        QCOMPARE(reason(451, "4.7.24", "SPF Temporary Error: DNS Timeout"),
            QStringLiteral("spf-temperror"));
        QCOMPARE(reason(550, "5.7.515",
                     "Access denied, sending domain [X] doesn't meet the required authentication "
                     "level."),
            QStringLiteral("unauthenticated"));
        QCOMPARE(reason(550, "5.7.708",
                     "Service unavailable. Access denied, traffic not accepted from this IP."),
            QStringLiteral("blocklisted"));
        QCOMPARE(reason(550, "5.7.27", "The sender's SPF record did not pass"),
            QStringLiteral("spf-fail"));
        QCOMPARE(reason(550, "5.7.1",
                     "[192.0.2.1] Our system has detected that this message is likely unsolicited "
                     "mail."),
            QStringLiteral("content-rejected"));
        QCOMPARE(reason(550, "5.7.1",
                     "Unauthenticated email from example.com is not accepted due to domain's DMARC "
                     "policy"),
            QStringLiteral("dmarc-reject"));
        QCOMPARE(reason(550, "", "Bad SPF records for [example.org:192.0.2.2]"),
            QStringLiteral("spf-permerror"));
        QCOMPARE(reason(450, "4.7.1",
                     "Client host rejected: cannot find your reverse hostname, [192.0.2.1]"),
            QStringLiteral("rdns-missing"));
        // No false alarms: not every refusal is SPF's.
        QCOMPARE(reason(550, "5.1.1", "User unknown in virtual mailbox table"),
            QStringLiteral("mailbox-unknown"));
        QCOMPARE(reason(552, "5.2.2", "Mailbox full"), QStringLiteral("mailbox-full"));
        QCOMPARE(reason(554, "",
                     "Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"),
            QStringLiteral("blocklisted"));
        QCOMPARE(reason(554, "5.7.1", "Relay access denied"), QStringLiteral("relay-denied"));
        QCOMPARE(reason(550, "5.7.1", "Message rejected"), QStringLiteral("other"));
        QCOMPARE(reason(550, "5.7.1", "Rejected due to SPF policy"), QStringLiteral("spf-fail"));
        QCOMPARE(
            reason(550, "5.7.1",
                "Recipient address rejected: Message rejected due to: SPF fail - not authorized"),
            QStringLiteral("spf-fail"));
        QCOMPARE(reason(550, "", "SPF check for [example.org] did not pass"),
            QStringLiteral("spf-fail"));
        QCOMPARE(reason(550, "", "Email rejected per DMARC policy for example.com"),
            QStringLiteral("dmarc-reject"));
        QCOMPARE(reason(550, "5.7.1",
                     "[192.0.2.1] The IP you're using to send mail is not authorized to send email "
                     "directly to our servers. Please use the SMTP relay at your service provider "
                     "instead."),
            QStringLiteral("blocklisted"));
        QCOMPARE(reason(550, "", "SPF: 192.0.2.1 is not allowed to send mail from example.com"),
            QStringLiteral("spf-fail"));
        QCOMPARE(reason(553, "5.7.1",
                     "[BL21] Connections will not be accepted from 192.0.2.1, because the ip is in "
                     "Spamhaus's list"),
            QStringLiteral("blocklisted"));
        QCOMPARE(reason(550, "5.7.1", "Client does not have permissions to send as this sender"),
            QStringLiteral("other"));
        // Words that only sit near "SPF", "DKIM" or "DMARC" are not their failure.
        for (const char *text :
            {"SPF pass, but blocked for content: the message looks like spam",
                "Message refused as spam; DMARC policy none", "SPF=pass; invalid recipient",
                "Temporary failure: mailbox busy (SPF pass)", "DKIM pass, content filter failed"}) {
            const QString r = reason(550, "5.7.1", text);
            QVERIFY2(!Paste::isAuthenticationReason(r),
                qPrintable(QStringLiteral("%1 -> %2").arg(QLatin1String(text), r)));
        }
        QVERIFY(!Paste::reasonInfo(QStringLiteral("spf-permerror")).plain.isEmpty());
    }

    // "SPF passes for bounces.mailer-esp.example, but that is not aligned with From: ..."
    void dmarcAlignment()
    {
        const Bounce::Diagnosis d = diagnose(QStringLiteral("gmail-dmarc-5.7.26.txt"));
        QCOMPARE(d.dmarc.fromDomain, QStringLiteral("woodgrove.example"));
        QVERIFY(d.dmarc.lookup && d.dmarc.lookup->status == Dmarc::Lookup::Status::Found);
        QCOMPARE(d.dmarc.policy, QStringLiteral("reject"));
        QVERIFY(!d.dmarc.spfAligned);
        QVERIFY(!d.dmarc.dkimAligned);
        QVERIFY(!d.spf.has_value()); // the bounce does not show the IP: nothing to check
        QVERIFY2(
            d.dmarc.conclusion.startsWith(QStringLiteral(
                "SPF's result for bounces.mailer-esp.example is not in the paste, but whatever "
                "it is, that is not aligned with From: woodgrove.example, and no DKIM "
                "signature aligns")),
            qPrintable(d.dmarc.conclusion));
        // With the receiver's verdicts in the header: the sentence.
        const Bounce::Diagnosis h = diagnose(QStringLiteral("gmail-headers-dmarc.txt"));
        QVERIFY(h.spf.has_value());
        QCOMPARE(Spf::resultName(h.spf->result), QStringLiteral("pass"));
        QCOMPARE(h.dmarc.conclusion,
            QStringLiteral("SPF passes for bounces.mailer-esp.example, but that is not aligned "
                           "with From: woodgrove.example, and no DKIM signature aligns (signed by "
                           "mailer-esp.example), so DMARC fails and p=reject applies."));
        QVERIFY2(
            d.dmarc.conclusion.endsWith(QStringLiteral("so DMARC fails and p=reject applies.")),
            qPrintable(d.dmarc.conclusion));
        // The ESP's key is there but in testing mode, and short.
        QCOMPARE(d.signatures.size(), 1);
        QVERIFY(d.signatures.front().key.has_value());
        QCOMPARE(d.signatures.front().key->status, Dkim::KeyCheck::Status::Found);
        QCOMPARE(d.signatures.front().key->bits, 1024);
        QVERIFY(d.signatures.front().key->testing);

        // A subdomain policy, pct, and two DMARC records.
        const Bounce::Diagnosis p = diagnose(QStringLiteral("proofpoint-dmarc.txt"));
        QCOMPARE(p.dmarc.policy, QStringLiteral("quarantine"));
        QVERIFY2(
            p.dmarc.conclusion.contains(QStringLiteral("pct=50")), qPrintable(p.dmarc.conclusion));
        const Bounce::Diagnosis m = diagnose(QStringLiteral("m365-dmarc-5.7.509.txt"));
        QCOMPARE(m.dmarc.lookup->status, Dmarc::Lookup::Status::Multiple);
        QVERIFY(m.dmarc.conclusion.contains(QStringLiteral("more than one DMARC record")));
    }

    // A DMARC record that cannot be read is not "no record": no policy is claimed.
    void dmarcTimeoutIsNotNone()
    {
        Lab::LoopbackServer server(m_zone);
        QVERIFY(server.start().has_value());
        server.setBehaviour(
            QStringLiteral("_dmarc.woodgrove.example"), Lab::LoopbackServer::Behaviour::Drop);
        auto resolver = Lab::resolverFor(server.address(), 200, 1);
        const Bounce::Diagnosis d = Bounce::diagnose(
            Paste::analyze(read(m_dir + QStringLiteral("gmail-headers-dmarc.txt"))),
            resolver.get());
        QCOMPARE(d.dmarc.lookup->status, Dmarc::Lookup::Status::TempError);
        QVERIFY(d.dmarc.policy.isEmpty());
        QVERIFY2(d.dmarc.conclusion.contains(QStringLiteral("could not be read")),
            qPrintable(d.dmarc.conclusion));
        QVERIFY(d.dmarc.fix.isEmpty());
        QVERIFY(!d.dmarc.conclusion.contains(QStringLiteral("no DMARC record")));
    }

    void forwarding()
    {
        const Bounce::Diagnosis d = diagnose(QStringLiteral("gmail-forwarded-srs.txt"));
        QVERIFY(d.forwarded);
        const QString evidence = d.paste.forwarding.join(QLatin1Char('\n'));
        QVERIFY2(evidence.contains(QStringLiteral("SRS0")), qPrintable(evidence));
        QVERIFY2(evidence.contains(QStringLiteral("recipient changed")), qPrintable(evidence));
        QVERIFY(d.forwardingAdvice.contains(QStringLiteral("SRS")));
        QVERIFY(d.forwardingAdvice.contains(QStringLiteral("ARC")));
        // The aligned signature is there and the receiver says it failed: DMARC fails.
        QVERIFY(d.dmarc.dkimAligned);
        QCOMPARE(d.dmarc.dkimResult, QStringLiteral("fail"));
        QCOMPARE(d.signatures.front().key->bits, 2048);
        // ARC: the forwarder's view (SPF and DKIM passed) is evidence, not the receiver's verdict.
        const Bounce::Diagnosis arc = diagnose(QStringLiteral("arc-forwarded.txt"), false);
        QVERIFY(arc.forwarded);
        QCOMPARE(arc.paste.connectingIp->value, QStringLiteral("203.0.113.70"));
        QVERIFY(std::any_of(arc.paste.ipCandidates.cbegin(), arc.paste.ipCandidates.cend(),
            [](const Paste::Candidate &c) {
                return c.value == QLatin1String("198.51.100.80")
                    && c.confidence == QLatin1String("low");
            }));
        QCOMPARE(arc.dmarc.spfResult, QStringLiteral("fail"));
        QCOMPARE(arc.dmarc.dkimResult, QStringLiteral("fail"));
        // Never "make SPF pass for the sender" after a forward: that would authorize the forwarder.
        QVERIFY2(arc.dmarc.fix.isEmpty(), qPrintable(arc.dmarc.fix));
        QVERIFY2(arc.paste.forwarding.join(QLatin1Char(' '))
                     .contains(QStringLiteral("university.example")),
            qPrintable(arc.paste.forwarding.join(QLatin1Char(' '))));
        // Two failed recipients at two domains are not a forward.
        const Paste::Analysis two = Paste::analyze(QStringLiteral(
            "From: MAILER-DAEMON@mail.example.com\nTo: a@example.com\nSubject: Undelivered Mail\n"
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
            "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.example.com\n\n"
            "Final-Recipient: rfc822; x@one.example\nOriginal-Recipient: rfc822;x@one.example\n"
            "Action: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.one.example\n\n"
            "Final-Recipient: rfc822; y@two.example\nOriginal-Recipient: rfc822;y@two.example\n"
            "Action: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.two.example\n--b--\n"));
        QVERIFY2(two.forwarding.isEmpty(), qPrintable(two.forwarding.join(QLatin1Char('\n'))));
        // No forwarding where there is none.
        for (const char *file : {"qmail-spf.txt", "ironport-spf.eml", "exim-user-unknown.txt",
                 "m365-authentication-results.txt", "arf-report.eml"})
            QVERIFY2(!diagnose(QString::fromLatin1(file), false).forwarded, file);
    }

    void dkimKeys()
    {
        QCOMPARE(
            Dkim::lintKey(QStringLiteral("v=DKIM1; p=")).status, Dkim::KeyCheck::Status::Revoked);
        QCOMPARE(Dkim::lintKey(QStringLiteral("v=DKIM1; p=!!!")).status,
            Dkim::KeyCheck::Status::Invalid);
        QCOMPARE(Dkim::lintKey(QStringLiteral("k=rsa")).status, Dkim::KeyCheck::Status::Invalid);
        auto resolver = Lab::resolverFor(m_server->address(), 2000, 1);
        const Dkim::KeyCheck weak = Dkim::lookupKey(
            *resolver, QStringLiteral("consolidated.example"), QStringLiteral("weak"));
        QCOMPARE(weak.bits, 512);
        QCOMPARE(weak.problems.front().code, QStringLiteral("weak-key"));
        const Dkim::KeyCheck old = Dkim::lookupKey(
            *resolver, QStringLiteral("consolidated.example"), QStringLiteral("old"));
        QCOMPARE(old.status, Dkim::KeyCheck::Status::Revoked);
        const Dkim::KeyCheck none = Dkim::lookupKey(
            *resolver, QStringLiteral("consolidated.example"), QStringLiteral("gone"));
        QCOMPARE(none.status, Dkim::KeyCheck::Status::Missing);
        // A timeout is not "no key".
        m_server->setBehaviour(QStringLiteral("slow._domainkey.consolidated.example"),
            Lab::LoopbackServer::Behaviour::Drop);
        auto quick = Lab::resolverFor(m_server->address(), 200, 1);
        const Dkim::KeyCheck lost = Dkim::lookupKey(
            *quick, QStringLiteral("consolidated.example"), QStringLiteral("slow"));
        QCOMPARE(lost.status, Dkim::KeyCheck::Status::TempError);
    }

    // The CLI contract: spfsleuth-cli bounce FILE --json, its fields and exit codes.
    void cli()
    {
        QProcess p;
        p.start(QStringLiteral(SLEUTH_CLI),
            {QStringLiteral("bounce"), m_dir + QStringLiteral("gmail-headers-dmarc.txt"),
                QStringLiteral("--json"), QStringLiteral("--server"), m_server->address()});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        for (const char *key : {"ip", "sender", "helo", "from", "candidates", "replies", "reason",
                 "dmarc", "dkim", "forwarding", "spf"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        QCOMPARE(o.value(QLatin1String("reason")).toString(), QStringLiteral("dmarc-reject"));
        QCOMPARE(o.value(QLatin1String("from")).toObject().value(QLatin1String("value")).toString(),
            QStringLiteral("offers@woodgrove.example"));
        QVERIFY(o.value(QLatin1String("from")).toObject().value(QLatin1String("line")).toInt() > 0);
        const QJsonObject dmarc = o.value(QLatin1String("dmarc")).toObject();
        QCOMPARE(dmarc.value(QLatin1String("record")).toString(),
            QStringLiteral("v=DMARC1; p=reject; rua=mailto:dmarc@woodgrove.example"));
        QCOMPARE(
            dmarc.value(QLatin1String("domain")).toString(), QStringLiteral("woodgrove.example"));
        QCOMPARE(dmarc.value(QLatin1String("policy")).toString(), QStringLiteral("reject"));
        QCOMPARE(dmarc.value(QLatin1String("spf_aligned")).toBool(true), false);
        QCOMPARE(dmarc.value(QLatin1String("dkim_aligned")).toBool(true), false);
        QCOMPARE(
            o.value(QLatin1String("sender")).toObject().value(QLatin1String("source")).toString(),
            QStringLiteral("Return-Path"));
        QVERIFY(o.value(QLatin1String("candidates")).toArray().size() >= 3);
        QCOMPARE(o.value(QLatin1String("dkim"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("key"))
                     .toObject()
                     .value(QLatin1String("bits"))
                     .toInt(),
            1024);
        QCOMPARE(o.value(QLatin1String("forwarding"))
                     .toObject()
                     .value(QLatin1String("detected"))
                     .toBool(true),
            false);
        QCOMPARE(o.value(QLatin1String("spf")).toObject().value(QLatin1String("result")).toString(),
            QStringLiteral("pass"));
        QCOMPARE(o.value(QLatin1String("ip")).toObject().value(QLatin1String("value")).toString(),
            QStringLiteral("198.51.100.205"));

        // --no-dns: no SPF, no record; stdin; bad input exits non-zero with a message.
        QProcess q;
        q.start(QStringLiteral(SLEUTH_CLI),
            {QStringLiteral("bounce"), QStringLiteral("-"), QStringLiteral("--json"),
                QStringLiteral("--no-dns")});
        q.write(read(m_dir + QStringLiteral("qmail-spf.txt")).toUtf8());
        q.closeWriteChannel();
        QVERIFY(q.waitForFinished(30000));
        QCOMPARE(q.exitCode(), 0);
        const QJsonObject n = QJsonDocument::fromJson(q.readAllStandardOutput()).object();
        QVERIFY(n.value(QLatin1String("spf")).isNull());
        QVERIFY(n.value(QLatin1String("dmarc")).toObject().value(QLatin1String("record")).isNull());
        QCOMPARE(n.value(QLatin1String("ip")).toObject().value(QLatin1String("value")).toString(),
            QStringLiteral("198.51.100.33"));
        for (const QStringList &args :
            {QStringList {QStringLiteral("bounce"), QStringLiteral("/nonexistent/file")},
                QStringList {QStringLiteral("bounce")}}) {
            QProcess bad;
            bad.start(QStringLiteral(SLEUTH_CLI), args);
            QVERIFY(bad.waitForFinished(30000));
            QCOMPARE(bad.exitCode(), 2);
            QVERIFY(!bad.readAllStandardError().isEmpty());
        }
        QProcess empty;
        empty.start(QStringLiteral(SLEUTH_CLI),
            {QStringLiteral("bounce"), QStringLiteral("-"), QStringLiteral("--no-dns")});
        empty.write("hello, this is not a bounce\n");
        empty.closeWriteChannel();
        QVERIFY(empty.waitForFinished(30000));
        QCOMPARE(empty.exitCode(), 2);
    }

    // An investigation started from a bounce works the DMARC/DKIM questions through its own
    // resolver: their answers are evidence, a saved case keeps the bounce, and reopening it
    // offline gives the same verdict.
    void caseReplaysTheBounce()
    {
        const QString text = read(m_dir + QStringLiteral("gmail-headers-dmarc.txt"));
        Investigation::Request request;
        request.target = QStringLiteral("bounce-77@bounces.mailer-esp.example");
        request.ip = QStringLiteral("198.51.100.205");
        request.resolverOverride = Lab::resolverFor(m_server->address(), 2000, 1);
        request.paste = std::make_shared<const Paste::Analysis>(Paste::analyze(text));
        const Investigation::Result live = Investigation::run(request, Work::Cancel());
        QVERIFY(live.bounce != nullptr);
        QCOMPARE(live.bounce->dmarc.policy, QStringLiteral("reject"));
        // The bounce's SPF check is the investigation's own, not asked again.
        QVERIFY(live.evaluation && live.bounce->spf);
        QCOMPARE(live.bounce->spf->elapsedUs, live.evaluation->elapsedUs);
        const auto asked = std::count_if(
            live.evidence.cbegin(), live.evidence.cend(), [](const Dns::Exchange &e) {
                return e.question.name == QLatin1String("bounces.mailer-esp.example")
                    && e.question.type == Dns::Type::TXT;
            });
        const auto auditAsked = live.audit ? 1 : 0;
        QVERIFY2(asked <= 1 + auditAsked, qPrintable(QString::number(asked)));
        QVERIFY(
            std::any_of(live.evidence.cbegin(), live.evidence.cend(), [](const Dns::Exchange &e) {
                return e.question.name.startsWith(QLatin1String("_dmarc."));
            }));
        const CaseFile::Case saved = CaseFile::fromResult(live);
        QCOMPARE(saved.bounce, text);
        const auto reloaded = CaseFile::fromJson(CaseFile::toJson(saved));
        QVERIFY(reloaded.has_value());
        QCOMPARE(reloaded->bounce, text);
        const Investigation::Result offline
            = Investigation::run(CaseFile::request(*reloaded, nullptr), Work::Cancel());
        QVERIFY(offline.bounce != nullptr);
        QCOMPARE(offline.bounce->why, live.bounce->why);
    }

    // After a forward, nothing proposes to authorize the forwarder in the sender's record.
    void forwardedAdviceNeverWidens()
    {
        Investigation::Request request;
        request.target = QStringLiteral("ceo@woodgrove.example");
        request.ip = QStringLiteral("203.0.113.70");
        request.helo = QStringLiteral("lists.university.example");
        request.resolverOverride = Lab::resolverFor(m_server->address(), 2000, 1);
        request.paste = std::make_shared<const Paste::Analysis>(
            Paste::analyze(read(m_dir + QStringLiteral("arc-forwarded.txt"))));
        const Investigation::Result r = Investigation::run(request, Work::Cancel());
        QVERIFY(r.bounce && r.bounce->forwarded);
        QCOMPARE(r.evaluation->result, Spf::Result::Fail);
        const QList<Summary::Finding> findings = Summary::findings(r);
        QVERIFY(!findings.isEmpty());
        QVERIFY2(findings.front().text.contains(QStringLiteral("Do not add it")),
            qPrintable(findings.front().text));
        QVERIFY(!findings.front().text.contains(QStringLiteral("add `ip4:")));
        for (const Spf::Advice &a : r.advice)
            QVERIFY2(!a.message.contains(QStringLiteral("203.0.113.70")), qPrintable(a.message));
        QVERIFY(!r.bounce->dmarc.conclusion.isEmpty());
    }

    // Hostile input: deep nesting, huge headers, binary junk: bounded, no crash.
    void hostile()
    {
        QString nested = QStringLiteral("Content-Type: multipart/mixed; boundary=\"b0\"\n\n");
        for (int i = 0; i < 300; ++i)
            nested += QStringLiteral("--b%1\nContent-Type: multipart/mixed; boundary=\"b%2\"\n\n")
                          .arg(i)
                          .arg(i + 1);
        QElapsedTimer t;
        t.start();
        Paste::analyze(nested);
        QString huge = QStringLiteral("Received: from x (x [192.0.2.1]) by y\nSubject: ");
        huge += QString(500000, QLatin1Char('A'));
        Paste::analyze(huge);
        QByteArray junk(200000, '\0');
        for (int i = 0; i < junk.size(); ++i)
            junk[i] = char((i * 7919) % 256);
        Paste::analyze(QString::fromLatin1(junk));
        QVERIFY(t.elapsed() < 5000);
    }
};

QTEST_GUILESS_MAIN(TestBounce)
#include "tst_bounce.moc"
