#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "caseio/casefile.h"
#include "clirun.h"
#include "common/netutil.h"
#include "dns/memoryresolver.h"
#include "dns/recordingresolver.h"
#include "investigation/investigation.h"
#include "loopbackserver.h"
#include "mailpolicy/dnsbl.h"
#include "paste/bounce.h"

using namespace Qt::StringLiterals;

// Block lists against fixture zones: a listing with its codes and reason text, Spamhaus's "query
// refused" answer, NXDOMAIN, NOERROR with no address, an answer outside 127/8, a timeout and a
// SERVFAIL; RFC 5782's query names; the CLI's JSON contract and exit codes; a bounce naming a
// list; and the evidence replayed offline.
class TestDnsbl : public QObject
{
    Q_OBJECT

    // 192.0.2.99 reversed is 99.2.0.192.
    static QByteArray zoneText()
    {
        return QByteArrayLiteral(
            "99.2.0.192.zen.spamhaus.org. 300 IN A 127.0.0.2\n"
            "99.2.0.192.zen.spamhaus.org. 300 IN A 127.0.0.10\n"
            "99.2.0.192.zen.spamhaus.org. 300 IN TXT "
            "\"https://check.spamhaus.org/sbl/query/SBL1\"\n"
            "99.2.0.192.mykey.zen.dq.spamhaus.net. 300 IN A 127.255.255.254\n"
            "99.2.0.192.bl.mailspike.net. 300 IN TXT \"no address here\"\n"
            "99.2.0.192.dnsbl.example. 300 IN A 203.0.113.7\n"
            "99.2.0.192.other.example. 300 IN A 127.0.0.5\n"
            "99.2.0.192.world.example. 300 IN A 127.0.0.1\n"
            "99.2.0.192.dnsbl-1.uceprotect.net. 300 IN A 127.255.255.255\n"
            // RFC 5782 §5: the test entry 127.0.0.2 is listed.
            "2.0.0.127.bl.spamcop.net. 300 IN A 127.0.0.2\n"
            // keeps the zone apexes in existence, so that other names answer NXDOMAIN
            "bl.spamcop.net. 300 IN TXT \"apex\"\n");
    }

    static std::shared_ptr<Dns::MemoryResolver> fixture()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        const auto loaded = zone->loadZoneText(zoneText());
        if (!loaded)
            qFatal("%s", qPrintable(loaded.error()));
        zone->addFault(QStringLiteral("99.2.0.192.b.barracudacentral.org"), Dns::Type::A,
            Dns::MemoryResolver::Fault::Timeout);
        zone->addFault(QStringLiteral("99.2.0.192.psbl.surriel.com"), Dns::Type::A,
            Dns::MemoryResolver::Fault::ServFail);
        return zone;
    }

    static QList<Dnsbl::List> lists(const QStringList &zones)
    {
        QList<Dnsbl::List> out;
        for (const QString &z : zones)
            out << Dnsbl::listFor(z);
        return out;
    }

    static const Dnsbl::ListResult *find(const Dnsbl::Check &c, const QString &zone)
    {
        for (const Dnsbl::ListResult &r : c.lists) {
            if (r.list.zone == zone)
                return &r;
        }
        return nullptr;
    }

    using Run = Lab::CliRun;
    static Run cli(const QStringList &args) { return Lab::runCli(args); }

    QTemporaryDir m_dir;
    QString m_snapshot;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(Dnsbl::catalogueError().isEmpty());
        QVERIFY(m_dir.isValid());
        m_snapshot = m_dir.filePath(QStringLiteral("dnsbl.json"));
        QFile f(m_snapshot);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(fixture()->toSnapshot()).toJson());
    }

    void catalogue()
    {
        const QList<Dnsbl::List> defaults = Dnsbl::defaultLists();
        QVERIFY(defaults.size() >= 5);
        const Dnsbl::List zen = Dnsbl::listFor(QStringLiteral("ZEN.Spamhaus.org."));
        QVERIFY(zen.known);
        QCOMPARE(zen.zone, QStringLiteral("zen.spamhaus.org"));
        QVERIFY(zen.families.contains(QStringLiteral("ipv6")));
        QCOMPARE(zen.codes.value(QStringLiteral("127.0.0.2")).kind, Dnsbl::Status::Listed);
        QCOMPARE(zen.codes.value(QStringLiteral("127.255.255.254")).kind, Dnsbl::Status::Refused);
        // SORBS is gone (2024): never asked by default.
        for (const Dnsbl::List &l : defaults)
            QVERIFY(!l.zone.endsWith(QLatin1String("sorbs.net")));
        // A Spamhaus DQS zone reads with ZEN's codes.
        const Dnsbl::List dqs = Dnsbl::listFor(QStringLiteral("mykey.zen.dq.spamhaus.net"));
        QVERIFY(dqs.known);
        QCOMPARE(dqs.zone, QStringLiteral("mykey.zen.dq.spamhaus.net"));
        QVERIFY(!Dnsbl::listFor(QStringLiteral("dnsbl.example")).known);
    }

    void queryNames_data()
    {
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("expected");
        // RFC 5782 §2.1 and §2.4's examples.
        QTest::newRow("ipv4") << u"192.168.42.23"_s << u"23.42.168.192.bad.example.com"_s;
        QTest::newRow("ipv6") << u"2001:db8:1:2:3:4:567:89ab"_s
                              << u"b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2"
                                 ".bad.example.com"_s;
        QTest::newRow("v4-mapped") << u"::ffff:192.0.2.1"_s << u"1.2.0.192.bad.example.com"_s;
    }

    void queryNames()
    {
        QFETCH(QString, ip);
        QFETCH(QString, expected);
        const auto address = Net::parseIp(ip);
        QVERIFY(address);
        QCOMPARE(Dnsbl::queryName(*address, QStringLiteral("bad.example.com")), expected);
    }

    void statuses_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QStringList>("codes");
        QTest::addColumn<QString>("meaningHas");
        QTest::newRow("listed") << u"zen.spamhaus.org"_s << u"listed"_s
                                << QStringList {u"127.0.0.2"_s, u"127.0.0.10"_s} << u"SBL"_s;
        QTest::newRow("refused") << u"mykey.zen.dq.spamhaus.net"_s << u"refused"_s
                                 << QStringList {u"127.255.255.254"_s}
                                 << u"public or open resolver"_s;
        QTest::newRow("nxdomain") << u"bl.spamcop.net"_s << u"not-listed"_s << QStringList {}
                                  << u"NXDOMAIN"_s;
        QTest::newRow("nodata") << u"bl.mailspike.net"_s << u"not-listed"_s << QStringList {}
                                << u"no address"_s;
        QTest::newRow("outside-127") << u"dnsbl.example"_s << u"refused"_s
                                     << QStringList {u"203.0.113.7"_s} << u"outside 127.0.0.0/8"_s;
        QTest::newRow("unlisted-zone")
            << u"other.example"_s << u"listed"_s << QStringList {u"127.0.0.5"_s} << u"127.0.0.5"_s;
        // Spamhaus's error range reads as refused on every list, never as listed.
        QTest::newRow("refused-other-list")
            << u"dnsbl-1.uceprotect.net"_s << u"refused"_s << QStringList {u"127.255.255.255"_s}
            << u"cannot tell"_s;
        // RFC 5782 §5: 127.0.0.1 is never a listing.
        QTest::newRow("127.0.0.1") << u"world.example"_s << u"refused"_s
                                   << QStringList {u"127.0.0.1"_s} << u"never a listing"_s;
        QTest::newRow("timeout") << u"b.barracudacentral.org"_s << u"unknown"_s << QStringList {}
                                 << u"cannot tell"_s;
        // A zone file holding nothing for a list answers NXDOMAIN all the same: no "not listed".
        QTest::newRow("not-in-the-data")
            << u"bl.nothere.example"_s << u"unknown"_s << QStringList {} << u"hold nothing for"_s;
        QTest::newRow("servfail") << u"psbl.surriel.com"_s << u"unknown"_s << QStringList {}
                                  << u"SERVFAIL"_s;
    }

    void statuses()
    {
        QFETCH(QString, zone);
        QFETCH(QString, status);
        QFETCH(QStringList, codes);
        QFETCH(QString, meaningHas);
        auto resolver = fixture();
        const Dnsbl::Check c
            = Dnsbl::check(*resolver, *Net::parseIp(QStringLiteral("192.0.2.99")), lists({zone}));
        QCOMPARE(c.lists.size(), 1);
        const Dnsbl::ListResult &r = c.lists.front();
        QCOMPARE(Dnsbl::statusName(r.status), status);
        QStringList got;
        for (const Dnsbl::CodeReading &code : r.codes)
            got << code.code;
        got.sort();
        codes.sort();
        QCOMPARE(got, codes);
        QVERIFY2(r.meaning.contains(meaningHas), qPrintable(r.meaning));
        // The reason text is asked only when listed.
        if (status == QLatin1String("listed") && zone == QLatin1String("zen.spamhaus.org"))
            QCOMPARE(r.txt, QStringList {u"https://check.spamhaus.org/sbl/query/SBL1"_s});
        else
            QVERIFY(r.txt.isEmpty());
    }

    void parallelAndFamilies()
    {
        auto resolver = fixture();
        Dns::RecordingResolver recording(resolver);
        int lastDone = 0;
        const Dnsbl::Check c = Dnsbl::check(recording, *Net::parseIp(QStringLiteral("192.0.2.99")),
            Dnsbl::defaultLists(), {}, [&](int done, int total) {
                QCOMPARE(total, int(Dnsbl::defaultLists().size()));
                QCOMPARE(done, lastDone + 1);
                lastDone = done;
            });
        QCOMPARE(lastDone, int(Dnsbl::defaultLists().size()));
        QVERIFY(c.anyListed());
        QVERIFY(c.anyUndecided());
        QCOMPARE(c.lists.size(), Dnsbl::defaultLists().size()); // in catalogue order
        for (qsizetype i = 0; i < c.lists.size(); ++i)
            QCOMPARE(c.lists[i].list.zone, Dnsbl::defaultLists()[i].zone);
        // Every question went through the resolver: A for each list, TXT for the listing.
        QCOMPARE(c.exchanges.size(), c.lists.size() + 1);
        QCOMPARE(recording.exchanges().size(), c.exchanges.size());
        // IPv6: the IPv4-only lists are skipped, with why.
        const Dnsbl::Check v6 = Dnsbl::check(
            *resolver, *Net::parseIp(QStringLiteral("2001:db8::1")), Dnsbl::defaultLists());
        QCOMPARE(v6.lists.size(), 1);
        QCOMPARE(v6.lists.front().list.zone, QStringLiteral("zen.spamhaus.org"));
        QCOMPARE(v6.skipped.size(), Dnsbl::defaultLists().size() - 1);
    }

    void cancelled()
    {
        auto resolver = fixture();
        Work::Cancel cancel;
        cancel.request();
        const Dnsbl::Check c = Dnsbl::check(
            *resolver, *Net::parseIp(QStringLiteral("192.0.2.99")), Dnsbl::defaultLists(), cancel);
        QCOMPARE(c.lists.size(), Dnsbl::defaultLists().size());
        for (const Dnsbl::ListResult &r : c.lists) {
            QCOMPARE(r.status, Dnsbl::Status::Unknown);
            QVERIFY(r.meaning.contains(QLatin1String("cancelled")));
        }
        QVERIFY(c.exchanges.isEmpty());
    }

    // The evidence: what a RecordingResolver captured replays offline to the same answers.
    void replayOffline()
    {
        auto live = fixture();
        auto recording = std::make_shared<Dns::RecordingResolver>(live);
        const QHostAddress ip = *Net::parseIp(QStringLiteral("192.0.2.99"));
        const Dnsbl::Check first = Dnsbl::check(*recording, ip, Dnsbl::defaultLists());
        Dns::MemoryResolver offline;
        offline.setUncovered(Dns::MemoryResolver::Uncovered::Error);
        offline.addCaptured(recording->exchanges());
        Dns::MemoryResolver reloaded;
        QVERIFY(reloaded.loadSnapshot(offline.toSnapshot()).has_value());
        reloaded.setUncovered(Dns::MemoryResolver::Uncovered::Error);
        const Dnsbl::Check again = Dnsbl::check(reloaded, ip, Dnsbl::defaultLists());
        QCOMPARE(Dnsbl::toJson(again), Dnsbl::toJson(first));
    }

    void zonesNamed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("zones");
        QTest::newRow("postfix") << u"554 5.7.1 Service unavailable; Client host [192.0.2.99] "
                                    "blocked using zen.spamhaus.org; "
                                    "https://www.spamhaus.org/query/ip/192.0.2.99"_s
                                 << QStringList {u"zen.spamhaus.org"_s};
        QTest::newRow("listed-at") << u"550 rejected: 192.0.2.99 is listed at bl.spamcop.net"_s
                                   << QStringList {u"bl.spamcop.net"_s};
        QTest::newRow("two") << u"blocked using b.barracudacentral.org and found in "
                                "dnsbl.example.net."_s
                             << QStringList {u"b.barracudacentral.org"_s, u"dnsbl.example.net"_s};
        QTest::newRow("web-page-only")
            << u"550 listed at www.example.org/lookup?ip=192.0.2.99"_s << QStringList {};
        QTest::newRow("no-zone") << u"550 5.7.1 blocked using Barracuda Reputation"_s
                                 << QStringList {};
    }

    void zonesNamed()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, zones);
        QCOMPARE(Dnsbl::zonesNamedIn(text), zones);
    }

    void bounceChecksTheNamedList()
    {
        const QString bounce
            = u"Reporting-MTA: dns; mx.sender.example\n"
              "Final-Recipient: rfc822; user@receiver.example\n"
              "Action: failed\n"
              "Status: 5.7.1\n"
              "Remote-MTA: dns; mx.receiver.example\n"
              "Diagnostic-Code: smtp; 554 5.7.1 Service unavailable; Client host [192.0.2.99] "
              "blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.99\n"_s;
        const Paste::Analysis a = Paste::analyze(bounce);
        QCOMPARE(a.reason, QStringLiteral("blocklisted"));
        auto resolver = fixture();
        const Bounce::Diagnosis d = Bounce::diagnose(a, resolver.get());
        QCOMPARE(d.blocklist.zones, QStringList {u"zen.spamhaus.org"_s});
        QVERIFY(d.blocklist.check);
        QCOMPARE(d.blocklist.check->lists.front().status, Dnsbl::Status::Listed);
        QVERIFY(d.why.contains(d.blocklist.conclusion));
        const QJsonObject o = Bounce::toJson(d).value(QLatin1String("blocklist")).toObject();
        QCOMPARE(o.value(QLatin1String("lists"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("status")),
            QJsonValue(QStringLiteral("listed")));
        // Without DNS: the list is named, not checked.
        const Bounce::Diagnosis offline = Bounce::diagnose(a, nullptr);
        QVERIFY(!offline.blocklist.check);
        QVERIFY(offline.blocklist.conclusion.contains(QLatin1String("not checked")));
    }

    // An investigation from a bounce naming a list asks it through its own resolver: the
    // queries are evidence, and the case reopened offline gives the same block list verdict.
    void caseReplaysTheBlocklist()
    {
        const QString bounce = u"Final-Recipient: rfc822; user@receiver.example\n"
                               "Action: failed\n"
                               "Status: 5.7.1\n"
                               "Diagnostic-Code: smtp; 554 5.7.1 Service unavailable; Client host "
                               "[192.0.2.99] blocked using zen.spamhaus.org\n"_s;
        Investigation::Request request;
        request.target = u"billing@shop.example"_s;
        request.ip = u"192.0.2.99"_s;
        request.resolverOverride = fixture();
        request.paste = std::make_shared<const Paste::Analysis>(Paste::analyze(bounce));
        const Investigation::Result live = Investigation::run(request, Work::Cancel());
        QVERIFY(live.bounce != nullptr);
        QVERIFY(live.bounce->blocklist.check);
        QCOMPARE(live.bounce->blocklist.check->lists.front().status, Dnsbl::Status::Listed);
        QVERIFY(
            std::any_of(live.evidence.cbegin(), live.evidence.cend(), [](const Dns::Exchange &e) {
                return e.question.name == QLatin1String("99.2.0.192.zen.spamhaus.org")
                    && e.question.type == Dns::Type::TXT;
            }));
        const auto reloaded = CaseFile::fromJson(CaseFile::toJson(CaseFile::fromResult(live)));
        QVERIFY(reloaded.has_value());
        const Investigation::Result offline
            = Investigation::run(CaseFile::request(*reloaded, nullptr), Work::Cancel());
        QVERIFY(offline.bounce != nullptr);
        QVERIFY(offline.bounce->blocklist.check);
        QCOMPARE(Dnsbl::toJson(offline.bounce->blocklist), Dnsbl::toJson(live.bounce->blocklist));
        QCOMPARE(offline.bounce->why, live.bounce->why);
    }

    void cliContract_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exit");
        QTest::addColumn<QStringList>("statuses");
        QTest::newRow("listed") << QStringList {u"--list"_s, u"zen.spamhaus.org"_s, u"--list"_s,
            u"bl.spamcop.net"_s} << 1
                                << QStringList {u"listed"_s, u"not-listed"_s};
        QTest::newRow("clean") << QStringList {u"--list"_s, u"bl.spamcop.net"_s} << 0
                               << QStringList {u"not-listed"_s};
        QTest::newRow("refused") << QStringList {u"--list"_s, u"mykey.zen.dq.spamhaus.net"_s,
            u"--list"_s, u"bl.spamcop.net"_s}
                                 << 3 << QStringList {u"refused"_s, u"not-listed"_s};
        QTest::newRow("timeout") << QStringList {u"--list"_s, u"b.barracudacentral.org"_s} << 3
                                 << QStringList {u"unknown"_s};
        // The zone file holds nothing for this list: it cannot tell (exit 3), never "clean".
        QTest::newRow("not-in-zone") << QStringList {u"--list"_s, u"dnsbl.nothere.example"_s} << 3
                                     << QStringList {u"unknown"_s};
    }

    void cliContract()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exit);
        QFETCH(QStringList, statuses);
        const Run r = cli(
            QStringList {u"dnsbl"_s, u"192.0.2.99"_s, u"--zone"_s, m_snapshot, u"--json"_s} + args);
        QCOMPARE(r.code, exit);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QLatin1String("ip")).toString(), QStringLiteral("192.0.2.99"));
        const QJsonArray lists = o.value(QLatin1String("lists")).toArray();
        QCOMPARE(lists.size(), statuses.size());
        for (qsizetype i = 0; i < lists.size(); ++i) {
            const QJsonObject l = lists[i].toObject();
            QCOMPARE(l.value(QLatin1String("status")).toString(), statuses[i]);
            QVERIFY(l.value(QLatin1String("zone")).isString());
            QVERIFY(l.value(QLatin1String("codes")).isArray());
            QVERIFY(!l.value(QLatin1String("meaning")).toString().isEmpty());
        }
        // Text: one line per list, in plain words.
        const Run text
            = cli(QStringList {u"dnsbl"_s, u"192.0.2.99"_s, u"--zone"_s, m_snapshot} + args);
        QCOMPARE(text.code, exit);
        for (const QJsonValue &l : lists)
            QVERIFY(text.out.contains(
                (l.toObject().value(QLatin1String("zone")).toString() + QLatin1String(": "))
                    .toUtf8()));
    }

    // Through the network path: a loopback server that does not answer is u"unknown"_s, exit 3.
    void cliOverLoopback()
    {
        Lab::LoopbackServer server(fixture());
        QVERIFY(server.start().has_value());
        server.setBehaviour(
            QStringLiteral("99.2.0.192.bl.spamcop.net"), Lab::LoopbackServer::Behaviour::Drop);
        const QStringList base {u"dnsbl"_s, u"192.0.2.99"_s, u"--server"_s, server.address(),
            u"--timeout"_s, u"1"_s, u"--tries"_s, u"1"_s, u"--json"_s};
        const Run listed = cli(base + QStringList {u"--list"_s, u"zen.spamhaus.org"_s});
        QCOMPARE(listed.code, 1);
        const QJsonObject l = QJsonDocument::fromJson(listed.out)
                                  .object()
                                  .value(QLatin1String("lists"))
                                  .toArray()
                                  .first()
                                  .toObject();
        QCOMPARE(l.value(QLatin1String("codes")).toArray().size(), 2);
        QCOMPARE(l.value(QLatin1String("txt")).toArray().first().toString(),
            QStringLiteral("https://check.spamhaus.org/sbl/query/SBL1"));
        const Run dropped = cli(base + QStringList {u"--list"_s, u"bl.spamcop.net"_s});
        QCOMPARE(dropped.code, 3);
        QVERIFY(dropped.out.contains("\"unknown\""));
    }

    // report --blocklists: the sending IP's block lists are asked in the investigation and kept
    // in the case (inputs and results); with a case file they come from the case.
    void reportKeepsBlocklists()
    {
        QTemporaryDir dir;
        const QString casePath = dir.filePath(QStringLiteral("bl.spfcase"));
        const Run r = cli({u"report"_s, u"shop.example"_s, u"--ip"_s, u"192.0.2.99"_s,
            u"--blocklists"_s, u"--zone"_s, m_snapshot, u"--json"_s, u"--case-out"_s, casePath});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        const QJsonArray asked = o.value(QLatin1String("inputs"))
                                     .toObject()
                                     .value(QLatin1String("blocklists"))
                                     .toArray();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first().toObject().value(QLatin1String("ip")).toString(), u"192.0.2.99"_s);
        const QJsonArray checks = o.value(QLatin1String("results"))
                                      .toObject()
                                      .value(QLatin1String("blocklists"))
                                      .toArray();
        QCOMPARE(checks.size(), 1);
        QCOMPARE(checks.first().toObject().value(QLatin1String("listed")).toBool(), true);
        const Run again = cli({u"report"_s, casePath, u"--json"_s});
        QCOMPARE(again.code, 0);
        const QJsonObject replayed = QJsonDocument::fromJson(again.out).object();
        QCOMPARE(
            replayed.value(QLatin1String("results")).toObject().value(QLatin1String("blocklists")),
            o.value(QLatin1String("results")).toObject().value(QLatin1String("blocklists")));
        const Run noIp = cli({u"report"_s, u"shop.example"_s, u"--blocklists"_s, u"--zone"_s,
            m_snapshot, u"--json"_s});
        QCOMPARE(noIp.code, 2);
        QVERIFY(noIp.err.contains("--blocklists asks about the sending IP"));
    }

    void cliUsage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("errHas");
        QTest::newRow("kernel") << QStringList {u"dnsbl"_s, u"2.6.32.54-0.3-default"_s}
                                << u"kernel"_s;
        QTest::newRow("status-code") << QStringList {u"dnsbl"_s, u"5.7.1"_s} << u"status"_s;
        QTest::newRow("no-ip") << QStringList {u"dnsbl"_s} << u"exactly one IP"_s;
        QTest::newRow("bad-zone") << QStringList {u"dnsbl"_s, u"192.0.2.1"_s, u"--list"_s,
            u"192.0.2.2"_s} << u"--list"_s;
        QTest::newRow("family") << QStringList {u"dnsbl"_s, u"2001:db8::1"_s, u"--list"_s,
            u"bl.spamcop.net"_s} << u"IPv6"_s;
    }

    void cliUsage()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, errHas);
        const Run r = cli(args + QStringList {u"--zone"_s, m_snapshot});
        QCOMPARE(r.code, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(errHas, Qt::CaseInsensitive), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDnsbl)
#include "tst_dnsbl.moc"
