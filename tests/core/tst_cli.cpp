// The command-line contract: subcommands, flags, JSON fields, exit codes, batch order, and a
// one-line error for every bad argument.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "clirun.h"
#include "dns/memoryresolver.h"
#include "lab.h"
#include "nslab.h"

class TestCli : public QObject
{
    Q_OBJECT

    QString m_samples = QStringLiteral(SLEUTH_RESOURCES "/samples/");
    std::unique_ptr<Lab::LoopbackServer> m_server;

    using Run = Lab::CliRun;
    static Run cli(const QStringList &args, const QByteArray &input = {})
    {
        return Lab::runCli(args, input);
    }

    static QJsonObject json(const QByteArray &data)
    {
        QJsonParseError e;
        const QJsonDocument d = QJsonDocument::fromJson(data, &e);
        if (e.error != QJsonParseError::NoError)
            qWarning("bad JSON: %s", data.constData());
        return d.object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QFile f(m_samples + QStringLiteral("ipv4-typo.zone"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(zone->loadZoneText(f.readAll()).has_value());
        QFile g(m_samples + QStringLiteral("softfail.zone"));
        QVERIFY(g.open(QIODevice::ReadOnly));
        QVERIFY(zone->loadZoneText(g.readAll()).has_value());
        m_server = std::make_unique<Lab::LoopbackServer>(zone);
        QVERIFY(m_server->start().has_value());
    }

    void checkJsonContract()
    {
        const Run r = cli({QStringLiteral("check"), QStringLiteral("--zone"),
            m_samples + QStringLiteral("ipv4-typo.zone"), QStringLiteral("--ip"),
            QStringLiteral("64.8.71.112"), QStringLiteral("--sender"),
            QStringLiteral("user@pclnet.example"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject o = json(r.out);
        QCOMPARE(o.value(QLatin1String("result")).toString(), QStringLiteral("permerror"));
        // Always there; empty when no receiver reads this check differently.
        QVERIFY(o.value(QLatin1String("interpretations")).isArray());
        QVERIFY(o.value(QLatin1String("interpretations")).toArray().isEmpty());
        QVERIFY(o.contains(QLatin1String("lookups")));
        QVERIFY(o.contains(QLatin1String("void_lookups")));
        QVERIFY(o.value(QLatin1String("trace")).isObject());
        QCOMPARE(o.value(QLatin1String("trace"))
                     .toObject()
                     .value(QLatin1String("diagnostics"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QLatin1String("suggestion"))
                     .toString(),
            QStringLiteral("ip4:"));
    }

    void checkOverNetworkWithExplanation()
    {
        const Run r = cli({QStringLiteral("check"), QStringLiteral("--server"), m_server->address(),
            QStringLiteral("--timeout"), QStringLiteral("2"), QStringLiteral("--ip"),
            QStringLiteral("192.0.2.200"), QStringLiteral("--sender"),
            QStringLiteral("x@_spf.esp.example"), QStringLiteral("--default-explanation"),
            QStringLiteral("Not authorized, see policy"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject o = json(r.out);
        QCOMPARE(o.value(QLatin1String("result")).toString(), QStringLiteral("fail"));
        QCOMPARE(o.value(QLatin1String("explanation")).toString(),
            QStringLiteral("Not authorized, see policy"));
        QCOMPARE(o.value(QLatin1String("lookups")).toInt(), 0);
    }

    void checkHumanText()
    {
        const Run r = cli({QStringLiteral("check"), QStringLiteral("--zone"),
            m_samples + QStringLiteral("softfail.zone"), QStringLiteral("--ip"),
            QStringLiteral("198.51.100.77"), QStringLiteral("--sender"),
            QStringLiteral("promo@news.example")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith("Result: softfail\n"));
        QVERIFY(r.out.contains("DNS lookups: 2/10"));
    }

    void checkPrefetchesByDefault()
    {
        // The mx term decides; the include after it is never reached. A receiver's order
        // (--prefetch 0) asks only what the check needs; the default fetches the tree ahead and
        // so also asks for the include. The result is the same.
        const QStringList args {QStringLiteral("check"), QStringLiteral("--server"),
            m_server->address(), QStringLiteral("--ip"), QStringLiteral("192.0.2.10"),
            QStringLiteral("--sender"), QStringLiteral("promo@news.example"),
            QStringLiteral("--json")};
        int before = m_server->queryCount();
        const Run serial
            = cli(args + QStringList {QStringLiteral("--prefetch"), QStringLiteral("0")});
        const int serialQueries = m_server->queryCount() - before;
        before = m_server->queryCount();
        const Run prefetched = cli(args);
        const int prefetchedQueries = m_server->queryCount() - before;
        QCOMPARE(serial.code, 0);
        QCOMPARE(prefetched.code, 0);
        QCOMPARE(
            json(serial.out).value(QLatin1String("result")).toString(), QStringLiteral("pass"));
        QCOMPARE(
            json(prefetched.out).value(QLatin1String("result")).toString(), QStringLiteral("pass"));
        QCOMPARE(serialQueries, 3); // TXT news.example, MX news.example, A mail.news.example
        // The prefetching walk asks through its own cache (reported); whether the server sees
        // the include's question before the check ends is a race, so only "not fewer" is sure.
        QVERIFY(json(prefetched.out).contains(QLatin1String("cache")));
        QVERIFY(!json(serial.out).contains(QLatin1String("cache")));
        QVERIFY(prefetchedQueries >= serialQueries);
        // --no-cache belongs to --batch.
        QCOMPARE(cli(args + QStringList {QStringLiteral("--no-cache")}).code, 2);
    }

    void zoneFileAnswersSaySo()
    {
        const Run r
            = cli({QStringLiteral("dig"), QStringLiteral("pclnet.example"), QStringLiteral("TXT"),
                QStringLiteral("--zone"), m_samples + QStringLiteral("ipv4-typo.zone")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("server zone file ipv4-typo.zone, 0.0 ms, zone file"), r.out);
        QVERIFY(!r.out.contains("UDP"));
        // A report leaves this machine: the zone's folder is never named.
        QVERIFY(!r.out.contains(QFile::encodeName(m_samples)));
        const Run j = cli({QStringLiteral("check"), QStringLiteral("--zone"),
            m_samples + QStringLiteral("ipv4-typo.zone"), QStringLiteral("--ip"),
            QStringLiteral("64.8.71.112"), QStringLiteral("--sender"),
            QStringLiteral("user@pclnet.example"), QStringLiteral("--json")});
        const QJsonObject answer = json(j.out)
                                       .value(QLatin1String("evidence"))
                                       .toArray()
                                       .at(0)
                                       .toObject()
                                       .value(QLatin1String("response"))
                                       .toObject();
        QCOMPARE(answer.value(QLatin1String("transport")).toString(), QStringLiteral("zone file"));
    }

    void treeLookupNumbers()
    {
        const QStringList args {QStringLiteral("tree"), QStringLiteral("--zone"),
            m_samples + QStringLiteral("too-many-lookups.zone"), QStringLiteral("bigcorp.example")};
        const Run text = cli(args);
        QVERIFY2(text.out.contains("include:_spf.crm.example  [lookup 2, +3 below]"), text.out);
        QVERIFY(text.out.contains("include:_b.helpdesk.example  [lookup 11 (over 10)]"));
        QVERIFY(
            text.out.contains(": 13 DNS lookups (limit 10), 0 void lookups (limit 2), 20 queries"));
        const Run j = cli(args + QStringList {QStringLiteral("--json")});
        const QJsonArray top = json(j.out)
                                   .value(QLatin1String("tree"))
                                   .toObject()
                                   .value(QLatin1String("children"))
                                   .toArray();
        bool found = false;
        for (const QJsonValue &v : top) {
            const QJsonObject t = v.toObject();
            if (t.value(QLatin1String("term")).toString() == u"include:_spf.crm.example") {
                QCOMPARE(t.value(QLatin1String("lookup_position")).toInt(), 2);
                QCOMPARE(t.value(QLatin1String("lookups_below")).toInt(), 3);
                found = true;
            }
        }
        QVERIFY2(found, j.out.left(400));
    }

    // tree asks its advice's questions beside the walk (after it, one at a time, with
    // --prefetch 0): the same advice either way. --networks asks none of them.
    void treeAdviceEitherWay()
    {
        const Lab::Served net = Lab::serve(
            Lab::zoneFromText(
                "$ORIGIN cov.example.\n$TTL 300\n@ TXT \"v=spf1 ip4:192.0.2.25 "
                "a:out.gone-mailer.example exists:%{i}._spf.cov.example -all\"\n@ MX 10 mx1\n"
                "@ MX 20 mx2\nmx1 A 192.0.2.25\nmx1 AAAA 2001:db8::25\nmx2 A 192.0.2.27\n"
                "out A 192.0.2.26\nout AAAA 2001:db8::26\n192.0.2.27._spf A 127.0.0.2\n"),
            5);
        QVERIFY(net.resolver);
        const QStringList args {QStringLiteral("tree"), QStringLiteral("--server"),
            net.server->address(), QStringLiteral("cov.example"), QStringLiteral("--helo"),
            QStringLiteral("out.cov.example"), QStringLiteral("--json")};
        const Run ahead = cli(args);
        const Run after
            = cli(args + QStringList {QStringLiteral("--prefetch"), QStringLiteral("0")});
        QCOMPARE(ahead.code, after.code);
        const QJsonArray advice = json(ahead.out).value(QLatin1String("advice")).toArray();
        QCOMPARE(advice, json(after.out).value(QLatin1String("advice")).toArray());
        QStringList kinds;
        for (const QJsonValue &v : advice)
            kinds << v.toObject().value(QLatin1String("kind")).toString();
        QVERIFY2(kinds.contains(QStringLiteral("dangling-target"))
                && kinds.contains(QStringLiteral("ipv6-coverage")),
            qPrintable(kinds.join(u' ')));
        const qsizetype treeQueries
            = json(after.out).value(QLatin1String("evidence")).toArray().size();
        const int before = net.server->queryCount();
        const Run networks = cli({QStringLiteral("tree"), QStringLiteral("--server"),
            net.server->address(), QStringLiteral("cov.example"), QStringLiteral("--networks"),
            QStringLiteral("--prefetch"), QStringLiteral("0")});
        QCOMPARE(networks.out, QByteArray("192.0.2.25/32\n"));
        QCOMPARE(net.server->queryCount() - before, treeQueries);
    }

    void dmarcCommand()
    {
        QTemporaryDir dir;
        const QString zone = dir.filePath(QStringLiteral("d.zone"));
        QFile f(zone);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("$ORIGIN example.com.\n@ SOA ns1 h 1 2 3 4 5\n_dmarc TXT \"v=DMARC1; p=reject; "
                "sp=quarantine; rua=mailto:d@example.com; foo=1\"\n");
        f.close();
        const Run r = cli({QStringLiteral("dmarc"), QStringLiteral("news.example.com"),
            QStringLiteral("--zone"), zone, QStringLiteral("--json")});
        QCOMPARE(r.code, 0); // warnings only
        const QJsonObject o = json(r.out);
        for (const char *field :
            {"domain", "organizational_domain", "status", "record", "found_at", "policy", "p", "sp",
                "pct", "aspf", "adkim", "rua", "ruf", "fo", "diagnostics", "evidence"})
            QVERIFY2(o.contains(QLatin1String(field)), field);
        QCOMPARE(o.value(QLatin1String("found_at")).toString(), QStringLiteral("example.com"));
        QCOMPARE(o.value(QLatin1String("policy")).toString(), QStringLiteral("quarantine"));
        QCOMPARE(o.value(QLatin1String("diagnostics"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QLatin1String("code")),
            QStringLiteral("unknown-tag"));
        QCOMPARE(cli({QStringLiteral("dmarc"), QStringLiteral("none.example"),
                         QStringLiteral("--zone"), zone})
                     .code,
            1);
        QCOMPARE(cli({QStringLiteral("dmarc"), QStringLiteral("not a domain")}).code, 2);
        // Both readings, always, and the walk's queries.
        const QJsonArray readings = o.value(QLatin1String("readings")).toArray();
        QCOMPARE(readings.size(), 2);
        QCOMPARE(readings[0].toObject().value(QLatin1String("name")).toString(),
            QStringLiteral("RFC 9989"));
        QCOMPARE(readings[1].toObject().value(QLatin1String("name")).toString(),
            QStringLiteral("RFC 7489"));
        for (const QJsonValue &v : readings)
            for (const char *field : {"name", "organizational_domain", "policy", "why"})
                QVERIFY2(v.toObject().contains(QLatin1String(field)), field);
        QCOMPARE(readings[0].toObject().value(QLatin1String("policy")).toString(),
            QStringLiteral("quarantine"));
        QStringList asked;
        for (const QJsonValue &v : o.value(QLatin1String("discovery")).toArray())
            asked << v.toObject().value(QLatin1String("name")).toString();
        QCOMPARE(asked,
            QStringList({QStringLiteral("_dmarc.news.example.com"),
                QStringLiteral("_dmarc.example.com"), QStringLiteral("_dmarc.com")}));
        QVERIFY(o.value(QLatin1String("np")).isNull());
        QCOMPARE(o.value(QLatin1String("psd")).toString(), QStringLiteral("u"));
        QCOMPARE(o.value(QLatin1String("t")).toString(), QStringLiteral("n"));
    }

    // RFC 9989 beside RFC 7489 on the command line: t=y, np=, psd=, and a DNS failure in the walk.
    void dmarcReadings()
    {
        const Lab::Served net = Lab::serve(
            Lab::zoneFromText("$ORIGIN example.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n"
                              "_dmarc.testing TXT \"v=DMARC1; p=reject; t=y; np=reject; pct=0\"\n"
                              "_dmarc.reg TXT \"v=DMARC1; p=none; psd=y\"\n"
                              "_dmarc.shop.reg TXT \"v=DMARC1; p=reject\"\n"));
        QVERIFY(net.resolver);
        const auto dmarc = [&](const char *domain, bool asJson = true) {
            QStringList args {QStringLiteral("dmarc"), QStringLiteral("--server"),
                net.server->address(), QString::fromLatin1(domain)};
            if (asJson)
                args << QStringLiteral("--json");
            return cli(args);
        };
        Run r = dmarc("testing.example");
        QCOMPARE(r.code, 0);
        QJsonObject o = json(r.out);
        QCOMPARE(o.value(QLatin1String("t")).toString(), QStringLiteral("y"));
        QCOMPARE(o.value(QLatin1String("np")).toString(), QStringLiteral("reject"));
        QJsonArray readings = o.value(QLatin1String("readings")).toArray();
        QCOMPARE(readings[0].toObject().value(QLatin1String("policy")).toString(),
            QStringLiteral("none")); // testing: not applied
        QVERIFY(readings[0].toObject().value(QLatin1String("testing")).toBool());
        QCOMPARE(readings[1].toObject().value(QLatin1String("policy")).toString(),
            QStringLiteral("quarantine")); // pct=0: the next milder one
        QVERIFY(o.value(QLatin1String("readings_differ")).toBool());
        const Run text = dmarc("testing.example", false);
        QVERIFY2(text.out.contains("Receivers disagree") && text.out.contains("RFC 9989 reading")
                && text.out.contains("RFC 7489 reading"),
            text.out.constData());
        // A registrar-style psd=y: the organizational domain is one label below it.
        r = dmarc("www.shop.reg.example");
        o = json(r.out);
        readings = o.value(QLatin1String("readings")).toArray();
        QCOMPARE(readings[0].toObject().value(QLatin1String("organizational_domain")).toString(),
            QStringLiteral("shop.reg.example"));
        QCOMPARE(readings[0].toObject().value(QLatin1String("policy")).toString(),
            QStringLiteral("reject"));
        QCOMPARE(readings[1].toObject().value(QLatin1String("organizational_domain")).toString(),
            QStringLiteral("reg.example"));
        QCOMPARE(readings[1].toObject().value(QLatin1String("policy")).toString(),
            QStringLiteral("none"));
        QCOMPARE(o.value(QLatin1String("psd")).toString(), QStringLiteral("u"));
        // A DNS failure during the walk: exit 3, and the policy is unknown, not "none".
        net.server->setBehaviour(
            QStringLiteral("_dmarc.reg.example"), Lab::LoopbackServer::Behaviour::ServFail);
        r = dmarc("www.shop.reg.example");
        QCOMPARE(r.code, 3);
        readings = json(r.out).value(QLatin1String("readings")).toArray();
        QCOMPARE(readings[0].toObject().value(QLatin1String("status")).toString(),
            QStringLiteral("temperror"));
        QVERIFY(readings[0].toObject().value(QLatin1String("policy")).isNull());
    }

    void batch()
    {
        const QByteArray input = "198.51.100.77\tpromo@news.example\tmail.news.example\n"
                                 "not-an-ip\tpromo@news.example\t\n"
                                 "203.0.113.9\tpromo@news.example\t\n"
                                 "64.8.71.112\tuser name@pclnet.example\thelo\n"
                                 "192.0.2.10\t\tmail.news.example\n";
        QTemporaryDir dir;
        const Run r = cli(
            {QStringLiteral("check"), QStringLiteral("--batch"), QStringLiteral("-"),
                QStringLiteral("--server"), m_server->address(), QStringLiteral("--no-trace")},
            input);
        QCOMPARE(r.code, 2); // one line was invalid: reported in its object, and in the exit code
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        const QStringList expected {QStringLiteral("softfail"), QString(), QStringLiteral("pass"),
            QStringLiteral("permerror"), QStringLiteral("none")};
        for (int i = 0; i < lines.size(); ++i) {
            const QJsonObject o = json(lines[i]);
            QCOMPARE(o.value(QLatin1String("line")).toInt(), i + 1);
            if (expected[i].isEmpty())
                QVERIFY(o.contains(QLatin1String("error")));
            else
                QCOMPARE(o.value(QLatin1String("result")).toString(), expected[i]);
            QVERIFY(!o.contains(QLatin1String("trace")));
        }
        // A sender with a space in it stays one field.
        QCOMPARE(json(lines[3])
                     .value(QLatin1String("input"))
                     .toObject()
                     .value(QLatin1String("sender"))
                     .toString(),
            QStringLiteral("user name@pclnet.example"));
    }

    // What RFC 7208 gives a result for is evaluated through the CLI, never refused; Unicode
    // domains become A-labels in every command that takes a domain, and both forms are shown.
    void evaluatesWhatTheRfcAnswers()
    {
        QTemporaryDir dir;
        const QString zone = Lab::writeFile(dir.path(), QStringLiteral("idn.zone"),
            QByteArrayLiteral("$ORIGIN example.com.\n"
                              "xn--bcher-kva 300 IN TXT \"v=spf1 ip4:192.0.2.7 -all\"\n"
                              "_dmarc.xn--bcher-kva 300 IN TXT \"v=DMARC1; p=reject\"\n"
                              "xn--bcher-kva 300 IN A 192.0.2.7\n"));
        const QString unicode = QString::fromUtf8("b\xc3\xbc"
                                                  "cher.example.com");
        const Run check = cli({QStringLiteral("check"), QStringLiteral("--zone"), zone,
            QStringLiteral("--ip"), QStringLiteral("192.0.2.7"), QStringLiteral("--sender"),
            QStringLiteral("u@") + unicode, QStringLiteral("--json")});
        QCOMPARE(check.code, 0);
        const QJsonObject o = json(check.out);
        QCOMPARE(o.value(QLatin1String("result")).toString(), QStringLiteral("pass"));
        QCOMPARE(o.value(QLatin1String("domain")).toString(),
            QStringLiteral("xn--bcher-kva.example.com"));
        QCOMPARE(o.value(QLatin1String("domain_unicode")).toString(), unicode);
        QVERIFY(o.value(QLatin1String("notes"))
                    .toArray()
                    .at(0)
                    .toString()
                    .contains(QLatin1String("xn--bcher-kva.example.com")));
        const Run text = cli({QStringLiteral("check"), QStringLiteral("--zone"), zone,
            QStringLiteral("--ip"), QStringLiteral("192.0.2.7"), QStringLiteral("--sender"),
            QStringLiteral("u@") + unicode});
        QVERIFY2(text.out.contains(
                     QString(QStringLiteral("Domain: xn--bcher-kva.example.com (") + unicode + u')')
                         .toUtf8()),
            text.out.constData());
        // The batch: a Unicode sender, malformed domains (none, with the reason), a domain
        // literal, a HELO with spaces; an empty line and a bad IP are errors (exit 2).
        const QByteArray batch = (QStringLiteral("192.0.2.7\tu@") + unicode
            + QStringLiteral("\t\n192.0.2.7\tlyme.eater@A...example.com\t\n"
                             "192.0.2.7\tu@%1.example.com\t\n"
                             "192.0.2.7\tfoo@[1.2.3.5]\t\n"
                             "192.0.2.7\t\tJUMPIN' JUPITER\n"
                             "\n"
                             "1.2.3\tu@example.com\t\n")
                  .arg(QString(64, u'a')))
                                     .toUtf8();
        const Run r = cli({QStringLiteral("check"), QStringLiteral("--batch"), QStringLiteral("-"),
                              QStringLiteral("--zone"), zone, QStringLiteral("--no-trace")},
            batch);
        QCOMPARE(r.code, 2);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 7);
        const QStringList expected {QStringLiteral("pass"), QStringLiteral("none"),
            QStringLiteral("none"), QStringLiteral("none"), QStringLiteral("none"), QString(),
            QString()};
        for (int i = 0; i < lines.size(); ++i) {
            const QJsonObject line = json(lines[i]);
            if (expected[i].isEmpty()) {
                QVERIFY2(line.contains(QLatin1String("error")), lines[i].constData());
                continue;
            }
            QCOMPARE(line.value(QLatin1String("result")).toString(), expected[i]);
            QVERIFY(!line.value(QLatin1String("reason")).toString().isEmpty());
        }
        QVERIFY(json(lines[1])
                    .value(QLatin1String("reason"))
                    .toString()
                    .contains(QString::fromUtf8("§4.3")));
        // tree, dmarc, dig: the same A-label.
        const Run tree = cli({QStringLiteral("tree"), QStringLiteral("--zone"), zone, unicode,
            QStringLiteral("--json")});
        QCOMPARE(tree.code, 0);
        QCOMPARE(json(tree.out).value(QLatin1String("domain")).toString(),
            QStringLiteral("xn--bcher-kva.example.com"));
        QVERIFY(tree.err.contains("xn--bcher-kva.example.com"));
        const Run dmarc = cli({QStringLiteral("dmarc"), QStringLiteral("--zone"), zone,
            QStringLiteral("postmaster@") + unicode, QStringLiteral("--json")});
        QCOMPARE(dmarc.code, 0);
        const Run audit
            = cli({QStringLiteral("audit"), QStringLiteral("--domains"), QStringLiteral("-"),
                      QStringLiteral("--zone"), zone, QStringLiteral("--format"),
                      QStringLiteral("json"), QStringLiteral("--quiet")},
                (QStringLiteral("postmaster@") + unicode + u'\n').toUtf8());
        QCOMPARE(audit.code, 0);
        const QJsonObject row = json(audit.out);
        QCOMPARE(row.value(QLatin1String("domain")).toString(),
            QStringLiteral("xn--bcher-kva.example.com"));
        QCOMPARE(row.value(QLatin1String("domain_unicode")).toString(), unicode);
        QCOMPARE(row.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        const Run dig = cli(
            {QStringLiteral("dig"), QStringLiteral("--zone"), zone, unicode, QStringLiteral("A")});
        QCOMPARE(dig.code, 0);
        QVERIFY2(dig.out.contains("192.0.2.7"), dig.out.constData());
    }

    void lint()
    {
        const Run r = cli({QStringLiteral("lint"), QStringLiteral("--json"),
            QStringLiteral("v=spf1 mx ip4:24.214.64.230 ip4:24.214.64.231 ip4:64.8.71.110 "
                           "ipv4:64.8.71.111 ipv4:64.8.71.112 -all")});
        QCOMPARE(r.code, 1);
        const QJsonObject o = json(r.out);
        const QJsonArray d = o.value(QLatin1String("diagnostics")).toArray();
        QCOMPARE(d.size(), 2);
        for (const QJsonValue &v : d) {
            const QJsonObject x = v.toObject();
            QCOMPARE(x.value(QLatin1String("severity")).toString(), QStringLiteral("error"));
            QCOMPARE(
                x.value(QLatin1String("code")).toString(), QStringLiteral("unknown-mechanism"));
            QCOMPARE(x.value(QLatin1String("length")).toInt(), 5);
            QCOMPARE(x.value(QLatin1String("suggestion")).toString(), QStringLiteral("ip4:"));
            QVERIFY(x.contains(QLatin1String("message")));
            QVERIFY(x.contains(QLatin1String("offset")));
        }
        QCOMPARE(d.at(0).toObject().value(QLatin1String("offset")).toInt(), 62);
        const Run ok
            = cli({QStringLiteral("lint"), QStringLiteral("v=spf1 ip4:192.0.2.0/24 -all")});
        QCOMPARE(ok.code, 0);
        const Run stdinRun = cli(
            {QStringLiteral("lint"), QStringLiteral("-")}, "\"v=spf1 ip4:192.0.2.1\" \" -all\"\n");
        QCOMPARE(stdinRun.code, 0);
    }

    void digAndPtr()
    {
        const Run txt
            = cli({QStringLiteral("dig"), QStringLiteral("pclnet.example"), QStringLiteral("TXT"),
                QStringLiteral("--server"), m_server->address(), QStringLiteral("--json")});
        QCOMPARE(txt.code, 0);
        const QJsonObject o = json(txt.out);
        QCOMPARE(
            o.value(QLatin1String("response")).toObject().value(QLatin1String("rcode")).toString(),
            QStringLiteral("NOERROR"));
        const Run mx = cli({QStringLiteral("dig"), QStringLiteral("pclnet.example"),
            QStringLiteral("mx"), QStringLiteral("--server"), m_server->address()});
        QCOMPARE(mx.code, 0);
        QVERIFY(mx.out.contains("10 mail.pclnet.example."));
        const Run ptr = cli({QStringLiteral("ptr"), QStringLiteral("192.0.2.1"),
            QStringLiteral("--server"), m_server->address(), QStringLiteral("--json")});
        QCOMPARE(ptr.code, 0);
        QVERIFY(json(ptr.out)
                    .value(QLatin1String("special_ranges"))
                    .toArray()
                    .at(0)
                    .toString()
                    .contains(QLatin1String("documentation")));
    }

    void tree()
    {
        const Run r = cli({QStringLiteral("tree"), QStringLiteral("--zone"),
            m_samples + QStringLiteral("too-many-lookups.zone"), QStringLiteral("bigcorp.example"),
            QStringLiteral("--json")});
        QCOMPARE(r.code, 1); // problems found
        const QJsonObject o = json(r.out);
        QCOMPARE(o.value(QLatin1String("lookups")).toInt(), 13);
        QCOMPARE(o.value(QLatin1String("limit_crossed_at")).toString(),
            QStringLiteral("include:_b.helpdesk.example"));
    }

    void bulkAudit()
    {
        QTemporaryDir dir;
        const QString zone = dir.filePath(QStringLiteral("all.zone"));
        QFile out(zone);
        QVERIFY(out.open(QIODevice::WriteOnly));
        for (const char *z :
            {"ipv4-typo.zone", "too-many-lookups.zone", "softfail.zone", "macro-exists.zone"}) {
            QFile in(m_samples + QLatin1String(z));
            QVERIFY(in.open(QIODevice::ReadOnly));
            out.write(in.readAll() + "\n");
        }
        out.close();
        const QByteArray list = "pclnet.example\nbigcorp.example\n# "
                                "comment\n\nnews.example\nnothing.example\nuser@macro.example\n";
        const Run csv = cli(
            {QStringLiteral("audit"), QStringLiteral("--domains"), QStringLiteral("-"),
                QStringLiteral("--zone"), zone, QStringLiteral("--jobs"), QStringLiteral("3")},
            list);
        QCOMPARE(csv.code, 1); // some domains have problems
        const QList<QByteArray> lines = csv.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        QCOMPARE(lines[0],
            QByteArray("domain,status,lookups,void_lookups,errors,warnings,record,problems"));
        QVERIFY(lines[1].startsWith("pclnet.example,problems,1,0,unknown-mechanism,"));
        QVERIFY(lines[2].startsWith("bigcorp.example,problems,13,0,too-many-lookups,"));
        QVERIFY(lines[3].startsWith("news.example,ok,2,0,,,"));
        QVERIFY(lines[4].startsWith("nothing.example,no-record,0,0,"));
        QVERIFY(lines[5].startsWith("macro.example,ok,1,0,"));
        QVERIFY(csv.err.contains("5 domains"));
        // The same list from a file (streamed, counted first for the progress total).
        const QString listFile = dir.filePath(QStringLiteral("list.txt"));
        QFile lf(listFile);
        QVERIFY(lf.open(QIODevice::WriteOnly));
        lf.write(list);
        lf.close();
        const Run fromFile = cli({QStringLiteral("audit"), QStringLiteral("--domains"), listFile,
            QStringLiteral("--zone"), zone, QStringLiteral("--jobs"), QStringLiteral("2")});
        QCOMPARE(fromFile.code, 1);
        QCOMPARE(fromFile.out, csv.out);
        QCOMPARE(
            cli({QStringLiteral("audit"), QStringLiteral("--domains"),
                    dir.filePath(QStringLiteral("missing.txt")), QStringLiteral("--zone"), zone})
                .code,
            2);
        const Run js
            = cli({QStringLiteral("audit"), QStringLiteral("--domains"), QStringLiteral("-"),
                      QStringLiteral("--zone"), zone, QStringLiteral("--format"),
                      QStringLiteral("json"), QStringLiteral("--quiet")},
                "news.example\nbad..domain\n");
        QCOMPARE(js.code, 2); // an invalid line
        QVERIFY(js.err.isEmpty());
        const QList<QByteArray> objs = js.out.trimmed().split('\n');
        QCOMPARE(objs.size(), 2);
        QCOMPARE(json(objs[0]).value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(json(objs[0]).value(QLatin1String("lookups")).toInt(), 2);
        QCOMPARE(json(objs[1]).value(QLatin1String("status")).toString(),
            QStringLiteral("invalid-domain"));
        QCOMPARE(cli({QStringLiteral("audit"), QStringLiteral("--domains"), QStringLiteral("-"),
                         QStringLiteral("--format"), QStringLiteral("xml")})
                     .code,
            2);
    }

    // One nameserver of three refuses TCP: ns-compare says which, on the wire.
    void nsCompareTcpRefused()
    {
        const QList<QByteArray> three {"127.0.0.1", "127.0.0.2", "127.0.0.3"};
        const QByteArray zone = NameserverLab::head("tcp.example", "2026113001", three)
            + "@ TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n";
        NameserverLab lab;
        const QString down = lab.start(zone, zone, 0, zone);
        if (!down.isEmpty())
            QSKIP(qPrintable(down));
        lab.refuseTcp(2);
        const Run r = cli({QStringLiteral("ns-compare"), QStringLiteral("tcp.example"),
            QStringLiteral("--server"), lab.recursiveAddress(), QStringLiteral("--ns-port"),
            QString::number(lab.port()), QStringLiteral("--timeout"), QStringLiteral("1"),
            QStringLiteral("--json")});
        QCOMPARE(r.code, 1); // one server behaves differently
        const QJsonArray servers = json(r.out).value(QLatin1String("servers")).toArray();
        QCOMPARE(servers.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const QJsonObject s = servers.at(i).toObject();
            QCOMPARE(s.value(QLatin1String("answers_tcp")).toBool(), i != 2);
            QCOMPARE(s.value(QLatin1String("differs")).toBool(), i == 2);
            QVERIFY(s.value(QLatin1String("txt_size")).toInt() > 0);
            QCOMPARE(s.value(QLatin1String("tc")).toBool(), false);
        }
        QVERIFY(servers.at(2)
                    .toObject()
                    .value(QLatin1String("problems"))
                    .toArray()
                    .at(0)
                    .toString()
                    .contains(QStringLiteral("does not answer over TCP")));
        const Run text = cli({QStringLiteral("ns-compare"), QStringLiteral("tcp.example"),
            QStringLiteral("--server"), lab.recursiveAddress(), QStringLiteral("--ns-port"),
            QString::number(lab.port()), QStringLiteral("--timeout"), QStringLiteral("1")});
        QVERIFY2(text.out.contains("answers over TCP: NO"), text.out.constData());
        QVERIFY(text.out.contains("answers over TCP: yes"));
    }

    void nsCompare()
    {
        // Two authoritative servers for cmp.example on 127.0.0.1 and 127.0.0.2 (same port), one
        // stale; a bootstrap resolver that knows the delegation.
        NameserverLab lab;
        const QString down = lab.start(NameserverLab::head("cmp.example", "2026112802")
                + "@ TXT \"v=spf1 ip4:192.0.2.0/24 include:_x.cmp.example -all\"\n_x TXT "
                  "\"v=spf1 a:mail.cmp.example -all\"\nmail A 192.0.2.9\n",
            NameserverLab::head("cmp.example", "2026112801")
                + "@ TXT \"v=spf1 ipv4:192.0.2.0/24 -all\"\n");
        if (!down.isEmpty())
            QSKIP(qPrintable(down));
        const QString bootstrap = lab.recursiveAddress();
        const QString port = QString::number(lab.port());
        const Run r = cli({QStringLiteral("ns-compare"), QStringLiteral("cmp.example"),
            QStringLiteral("--server"), bootstrap, QStringLiteral("--ns-port"), port,
            QStringLiteral("--timeout"), QStringLiteral("1"), QStringLiteral("--json")});
        QCOMPARE(r.code, 1); // the servers disagree
        const QJsonObject o = json(r.out);
        QCOMPARE(o.value(QLatin1String("zone")).toString(), QStringLiteral("cmp.example"));
        QVERIFY(!o.value(QLatin1String("consistent")).toBool());
        const QJsonArray servers = o.value(QLatin1String("servers")).toArray();
        QCOMPARE(servers.size(), 2);
        const QJsonObject ns1 = servers.at(0).toObject();
        const QJsonObject ns2 = servers.at(1).toObject();
        QCOMPARE(ns1.value(QLatin1String("serial")).toString(), QStringLiteral("2026112802"));
        QCOMPARE(ns2.value(QLatin1String("serial")).toString(), QStringLiteral("2026112801"));
        QCOMPARE(ns1.value(QLatin1String("lookups")).toInt(), 2); // include + a, through ns1
        QVERIFY(ns2.value(QLatin1String("records"))
                    .toArray()
                    .at(0)
                    .toString()
                    .contains(QStringLiteral("ipv4:")));
        QVERIFY(!ns2.value(QLatin1String("problems"))
                     .toArray()
                     .isEmpty()); // its tree has the ipv4: error
        // One against one: no majority, so both are marked.
        QVERIFY(ns1.value(QLatin1String("differs")).toBool());
        QVERIFY(ns2.value(QLatin1String("differs")).toBool());
        // Text output marks the odd one out.
        const Run text = cli({QStringLiteral("ns-compare"), QStringLiteral("cmp.example"),
            QStringLiteral("--server"), bootstrap, QStringLiteral("--ns-port"), port});
        QVERIFY(text.out.contains("DISAGREE"));
        QVERIFY(text.out.contains("!! ns"));
        // The report compares too (live DNS), and says so in its summary and its case JSON.
        const Run report = cli({QStringLiteral("report"), QStringLiteral("user@cmp.example"),
            QStringLiteral("--server"), bootstrap, QStringLiteral("--ns-port"), port,
            QStringLiteral("--timeout"), QStringLiteral("1"), QStringLiteral("--json")});
        QCOMPARE(report.code, 0);
        const QJsonObject rep = json(report.out);
        const QJsonObject ns = rep.value(QLatin1String("results"))
                                   .toObject()
                                   .value(QLatin1String("nameservers"))
                                   .toObject();
        QCOMPARE(ns.value(QLatin1String("consistent")).toBool(true), false);
        QCOMPARE(ns.value(QLatin1String("servers")).toArray().size(), 2);
        QVERIFY(QJsonDocument(rep.value(QLatin1String("summary")).toArray())
                    .toJson()
                    .contains("do not all serve the same SPF record"));
        const Run quiet = cli({QStringLiteral("report"), QStringLiteral("cmp.example"),
            QStringLiteral("--server"), bootstrap, QStringLiteral("--no-ns-compare"),
            QStringLiteral("--prefetch"), QStringLiteral("0"), QStringLiteral("--json")});
        QCOMPARE(quiet.code, 0);
        QVERIFY(!json(quiet.out)
                     .value(QLatin1String("results"))
                     .toObject()
                     .contains(QLatin1String("nameservers")));
        QCOMPARE(
            cli({QStringLiteral("report"), QStringLiteral("cmp.example"), QStringLiteral("--json"),
                    QStringLiteral("--prefetch"), QStringLiteral("99")})
                .code,
            2);
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::newRow("no-command") << QStringList {} << 2;
        QTest::newRow("unknown-command") << QStringList {QStringLiteral("frobnicate")} << 2;
        QTest::newRow("bad-ip") << QStringList {QStringLiteral("check"), QStringLiteral("--ip"),
            QStringLiteral("1.2.3"), QStringLiteral("--sender"), QStringLiteral("a@example.com")}
                                << 2;
        QTest::newRow("kernel-version-not-ip") << QStringList {QStringLiteral("check"),
            QStringLiteral("--ip"), QStringLiteral("2.6.32.54-0.3-default"),
            QStringLiteral("--sender"), QStringLiteral("a@example.com")}
                                               << 2;
        QTest::newRow("octal-ip") << QStringList {QStringLiteral("ptr"),
            QStringLiteral("010.1.1.1")}
                                  << 2;
        QTest::newRow("no-sender-no-helo") << QStringList {QStringLiteral("check"),
            QStringLiteral("--ip"), QStringLiteral("192.0.2.1"), QStringLiteral("--sender"),
            QString()} << 2;
        QTest::newRow("malformed-tree-domain")
            << QStringList {QStringLiteral("tree"), QStringLiteral("no_dots")} << 2;
        QTest::newRow("unreadable-zone") << QStringList {QStringLiteral("check"),
            QStringLiteral("--zone"), QStringLiteral("/nonexistent/zone"), QStringLiteral("--ip"),
            QStringLiteral("192.0.2.1"), QStringLiteral("--sender"),
            QStringLiteral("a@example.com")}
                                         << 2;
        QTest::newRow("bad-timeout") << QStringList {QStringLiteral("dig"),
            QStringLiteral("example.com"), QStringLiteral("--timeout"), QStringLiteral("-1")}
                                     << 2;
        QTest::newRow("bad-server")
            << QStringList {QStringLiteral("dig"), QStringLiteral("example.com"),
                   QStringLiteral("--server"), QStringLiteral("1.2.3.4:99999")}
            << 2;
        QTest::newRow("bad-type") << QStringList {QStringLiteral("dig"),
            QStringLiteral("example.com"), QStringLiteral("BOGUS")}
                                  << 2;
        QTest::newRow("unknown-option")
            << QStringList {QStringLiteral("check"), QStringLiteral("--frob")} << 2;
        QTest::newRow("missing-ip") << QStringList {QStringLiteral("check"),
            QStringLiteral("--sender"), QStringLiteral("a@example.com")}
                                    << 2;
        QTest::newRow("zone-and-server") << QStringList {QStringLiteral("check"),
            QStringLiteral("--zone"), QStringLiteral("x"), QStringLiteral("--server"),
            QStringLiteral("127.0.0.1"), QStringLiteral("--ip"), QStringLiteral("192.0.2.1"),
            QStringLiteral("--sender"), QStringLiteral("a@example.com")}
                                         << 2;
    }

    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        const Run r = cli(args);
        QCOMPARE(r.code, code);
        if (!args.isEmpty()) {
            QCOMPARE(r.err.count('\n'), 1); // exactly one line
            QVERIFY(r.out.isEmpty());
        }
    }

    void corruptZoneFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.zone"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("$ORIGIN example.com.\n@ IN TXT \"unterminated\n@ IN A 999.1.1.1\n");
        f.close();
        const Run r = cli({QStringLiteral("check"), QStringLiteral("--zone"), path,
            QStringLiteral("--ip"), QStringLiteral("192.0.2.1"), QStringLiteral("--sender"),
            QStringLiteral("a@example.com")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("bad.zone"));
    }

    void helpAndVersion()
    {
        QCOMPARE(cli({QStringLiteral("--version")}).code, 0);
        for (const char *cmd :
            {"check", "tree", "lint", "dig", "ptr", "report", "audit", "ns-compare"}) {
            const Run r = cli({QString::fromLatin1(cmd), QStringLiteral("--help")});
            QCOMPARE(r.code, 0);
            QVERIFY(r.out.contains("Examples:"));
            // The usage line names the command, not the path the program was started with.
            const QByteArray usage = QByteArray("Usage: spfsleuth-cli ") + cmd + ' ';
            QVERIFY2(r.out.startsWith(usage), r.out.left(80).constData());
        }
    }

    // check --json: where receivers split, each reading's result (the contract's fields).
    void interpretationsInJson()
    {
        QTemporaryDir dir;
        const QString zone
            = Lab::writeFile(dir.path(), QStringLiteral("mx.zone"), Lab::voidMxHostsZone());
        const Run r = cli({QStringLiteral("check"), QStringLiteral("--zone"), zone,
            QStringLiteral("--ip"), QStringLiteral("192.0.2.99"), QStringLiteral("--sender"),
            QStringLiteral("a@example.com"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonArray readings = json(r.out).value(QLatin1String("interpretations")).toArray();
        QCOMPARE(readings.size(), 2);
        QCOMPARE(readings[0].toObject().value(QLatin1String("name")).toString(),
            QStringLiteral("RFC 7208"));
        QCOMPARE(readings[0].toObject().value(QLatin1String("result")).toString(),
            QStringLiteral("pass"));
        QCOMPARE(readings[1].toObject().value(QLatin1String("result")).toString(),
            QStringLiteral("permerror"));
        QVERIFY(!readings[1].toObject().value(QLatin1String("why")).toString().isEmpty());
        const Run text = cli({QStringLiteral("check"), QStringLiteral("--zone"), zone,
            QStringLiteral("--ip"), QStringLiteral("192.0.2.99"), QStringLiteral("--sender"),
            QStringLiteral("a@example.com")});
        QVERIFY(text.out.contains("Receivers disagree on this check:"));
        QVERIFY(text.out.contains("pyspf, Mail::SPF reading: permerror"));
    }

    void unknownCommandSuggestsTheNearest()
    {
        Run r = cli({QStringLiteral("chek")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("Did you mean 'check'?"), r.err.constData());
        r = cli({QStringLiteral("ns-compre")});
        QVERIFY(r.err.contains("Did you mean 'ns-compare'?"));
        r = cli({QStringLiteral("frobnicate")});
        QCOMPARE(r.code, 2);
        QVERIFY(!r.err.contains("Did you mean"));
    }

    void reportSaysWhatItWrote()
    {
        QTemporaryDir dir;
        const QString pdf = dir.filePath(QStringLiteral("r.pdf"));
        const QString spfcase = dir.filePath(QStringLiteral("r.spfcase"));
        Run r = cli(
            {QStringLiteral("report"), QStringLiteral(SLEUTH_RESOURCES "/cases/ipv4-typo.spfcase"),
                QStringLiteral("--pdf"), pdf, QStringLiteral("--case-out"), spfcase});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Wrote the PDF report: %1").arg(pdf).toUtf8()),
            r.out.constData());
        QVERIFY(r.out.contains(QStringLiteral("Wrote the case file: %1").arg(spfcase).toUtf8()));
        // With --json on stdout, the same lines go to stderr.
        r = cli(
            {QStringLiteral("report"), QStringLiteral(SLEUTH_RESOURCES "/cases/ipv4-typo.spfcase"),
                QStringLiteral("--json"), QStringLiteral("--pdf"), pdf});
        QVERIFY(r.out.trimmed().startsWith('{'));
        QVERIFY(r.err.contains("Wrote the PDF report"));
    }

    void hostileTextEscaped()
    {
        const Run r = cli({QStringLiteral("lint"),
            QString::fromUtf8("v=spf1 a:\x1b[31mred.example.com \u202Eevil -all")});
        QVERIFY(!r.out.contains('\x1b'));
        QVERIFY(!r.out.contains("\xe2\x80\xae"));
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
