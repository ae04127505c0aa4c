#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include "caseio/casefile.h"
#include "common/netutil.h"
#include "dns/ldnsresolver.h"
#include "dns/memoryresolver.h"
#include "lab.h"
#include "spf/spfjson.h"
#include "workflow/session.h"

class TestCaseFile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static QByteArray sample(const char *name)
    {
        QFile f(QStringLiteral(SLEUTH_RESOURCES "/samples/") + QLatin1String(name));
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }

    static Investigation::Result investigate(
        std::shared_ptr<Dns::Resolver> resolver, const QString &target, const QString &ip)
    {
        Investigation::Request r;
        r.target = target;
        r.ip = ip;
        r.resolverOverride = std::move(resolver);
        return Investigation::run(r, Work::Cancel());
    }

    static QJsonObject comparable(const Spf::Evaluation &e)
    {
        QJsonObject o = Spf::Json::fromEvaluation(e);
        o.remove(QStringLiteral("elapsed_ms"));
        return o;
    }

private Q_SLOTS:
    void roundTrip()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText(sample("softfail.zone")).has_value());
        const Investigation::Result r = investigate(
            zone, QStringLiteral("promo@news.example"), QStringLiteral("198.51.100.77"));
        const CaseFile::Case c
            = CaseFile::fromResult(r, QStringLiteral("ticket 42 — ünïcode notes"));
        QVERIFY(!c.evidence.isEmpty());
        const auto back = CaseFile::fromJson(CaseFile::toJson(c));
        QVERIFY2(back.has_value(), back ? "" : qPrintable(back.error()));
        QCOMPARE(back->evidence, c.evidence);
        QCOMPARE(*back, c);
        const QString path = m_dir.filePath(QStringLiteral("a.spfcase"));
        QVERIFY(CaseFile::save(c, path).has_value());
        const auto loaded = CaseFile::load(path);
        QVERIFY(loaded.has_value());
        QCOMPARE(*loaded, c);
    }

    void offlineReevaluationMatchesCapture()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText(sample("too-many-lookups.zone")).has_value());
        Lab::LoopbackServer server(zone);
        QVERIFY(server.start().has_value());
        const Investigation::Result live = investigate(Lab::resolverFor(server.address(), 3000),
            QStringLiteral("ap@bigcorp.example"), QStringLiteral("203.0.113.200"));
        const QString path = m_dir.filePath(QStringLiteral("live.spfcase"));
        QVERIFY(CaseFile::save(CaseFile::fromResult(live), path).has_value());
        server.stop(); // offline from here on
        const auto c = CaseFile::load(path);
        QVERIFY(c.has_value());
        const Investigation::Result offline
            = Investigation::run(CaseFile::request(*c, nullptr), Work::Cancel());
        QVERIFY(offline.error.isEmpty());
        QCOMPARE(comparable(*offline.evaluation), comparable(*live.evaluation));
        QCOMPARE(offline.audit->lookups, live.audit->lookups);
        QCOMPARE(offline.evidence.size(), live.evidence.size());
        QVERIFY(CaseFile::compare(live, offline).changes.isEmpty());
    }

    // A block-list check made during a case joins it (Session::addBlocklists): its question and
    // answers are saved, and reopening the case offline asks the lists again from the captured
    // answers, with the same statuses; a list the zone cannot tell about stays unknown.
    void blocklistsReplayOffline()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText(sample("softfail.zone")).has_value());
        QVERIFY(zone->loadZoneText("99.2.0.192.zen.spamhaus.org. 300 IN A 127.0.0.2\n"
                                   "99.2.0.192.zen.spamhaus.org. 300 IN TXT \"SBL1\"\n"
                                   "99.2.0.192.dq.example. 300 IN A 127.255.255.254\n"
                                   "2.0.0.127.bl.spamcop.net. 300 IN A 127.0.0.2\n")
                    .has_value());
        Investigation::Session session;
        session.finish(investigate(zone, QStringLiteral("promo@news.example"), {}));
        const Investigation::BlocklistQuestion q
            = Investigation::blocklistQuestion(*Net::parseIp(QStringLiteral("192.0.2.99")),
                {Dnsbl::listFor(QStringLiteral("zen.spamhaus.org")),
                    Dnsbl::listFor(QStringLiteral("bl.spamcop.net")),
                    Dnsbl::listFor(QStringLiteral("dq.example")),
                    Dnsbl::listFor(QStringLiteral("nothing.example"))});
        const Dnsbl::Check check = Investigation::askBlocklists(*zone, q, Work::Cancel());
        QStringList statuses;
        for (const Dnsbl::ListResult &r : check.lists)
            statuses << Dnsbl::statusName(r.status);
        QCOMPARE(statuses,
            QStringList({QStringLiteral("listed"), QStringLiteral("not-listed"),
                QStringLiteral("refused"), QStringLiteral("unknown")}));
        const qsizetype before = session.result()->evidence.size();
        QVERIFY(session.addBlocklists(q, check));
        QVERIFY(session.addBlocklists(q, check)); // asked again: replaces, one check kept
        QCOMPARE(session.result()->blocklists.size(), 1);
        QCOMPARE(session.result()->evidence.size(), before + 2 * check.exchanges.size());
        const auto c = session.toCase({}, Investigation::DnsSource::Zone);
        QVERIFY(c);
        QCOMPARE(c->blocklists, QList<Investigation::BlocklistQuestion> {q});
        QVERIFY(c->results.value(QLatin1String("blocklists")).isArray());
        const QString path = m_dir.filePath(QStringLiteral("blocklists.spfcase"));
        QVERIFY(CaseFile::save(*c, path).has_value());
        const auto loaded = CaseFile::load(path);
        QVERIFY(loaded.has_value());
        QCOMPARE(loaded->blocklists, c->blocklists);
        const Investigation::Result offline
            = Investigation::run(CaseFile::request(*loaded, nullptr), Work::Cancel());
        QCOMPARE(offline.blocklists.size(), 1);
        QCOMPARE(Dnsbl::toJson(offline.blocklists.front()), Dnsbl::toJson(check));
        // A case file naming an unusable block-list check is refused, not half read.
        QJsonObject o = CaseFile::toJson(*c);
        QJsonObject inputs = o.value(QLatin1String("inputs")).toObject();
        inputs.insert(QStringLiteral("blocklists"),
            QJsonArray {
                QJsonObject {{QStringLiteral("ip"), QStringLiteral("2.6.32.54-0.3-default")},
                    {QStringLiteral("lists"), QJsonArray {QStringLiteral("zen.spamhaus.org")}}}});
        o.insert(QStringLiteral("inputs"), inputs);
        const auto bad = CaseFile::fromJson(o);
        QVERIFY(!bad.has_value());
        QVERIFY(bad.error().contains(QStringLiteral("block-list")));
    }

    void recheckDetectsChange()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText(sample("ipv4-typo.zone")).has_value());
        Lab::LoopbackServer server(zone);
        QVERIFY(server.start().has_value());
        const std::shared_ptr<Dns::Resolver> net = Lab::resolverFor(server.address(), 3000);
        const Investigation::Result then = investigate(
            net, QStringLiteral("user@pclnet.example"), QStringLiteral("64.8.71.112"));
        QCOMPARE(then.evaluation->result, Spf::Result::PermError);
        const CaseFile::Case c = CaseFile::fromResult(then);
        // The sender's admin fixes the record.
        zone->removeRecords(QStringLiteral("pclnet.example"), Dns::Type::TXT);
        zone->addRecord(Dns::Record::makeTxt(QStringLiteral("pclnet.example"),
            {"v=spf1 mx ip4:24.214.64.230 ip4:64.8.71.110 ip4:64.8.71.111 ip4:64.8.71.112 -all"}));
        const Investigation::Result now
            = Investigation::run(CaseFile::request(c, net), Work::Cancel());
        QCOMPARE(now.evaluation->result, Spf::Result::Pass);
        const CaseFile::Diff d = CaseFile::compare(then, now);
        QVERIFY(d.verdictChanged());
        QCOMPARE(d.verdictThen, QStringLiteral("permerror (0 lookups)"));
        QCOMPARE(d.verdictNow, QStringLiteral("pass (1 lookup)"));
        const auto txt
            = std::find_if(d.changes.cbegin(), d.changes.cend(), [](const CaseFile::Change &ch) {
                  return ch.kind == CaseFile::Change::Kind::Changed
                      && ch.question.type == Dns::Type::TXT;
              });
        QVERIFY(txt != d.changes.cend());
        QVERIFY(txt->before.join(QString()).contains(QStringLiteral("ipv4:")));
        QVERIFY(!txt->after.join(QString()).contains(QStringLiteral("ipv4:")));
    }

    void refusesBadFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        CaseFile::Case c;
        c.saved = QDateTime::currentDateTimeUtc();
        c.target = QStringLiteral("example.com");
        c.evidence << Dns::Exchange {{QStringLiteral("example.com"), Dns::Type::TXT},
            Dns::Answer(Dns::Response {}), QDateTime::currentDateTimeUtc()};
        const QByteArray good = QJsonDocument(CaseFile::toJson(c)).toJson();
        QTest::newRow("truncated") << good.left(good.size() / 2) << "damaged or truncated";
        QTest::newRow("empty") << QByteArray() << "damaged or truncated";
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0garbage", 18)
                                << "damaged or truncated";
        QTest::newRow("array") << QByteArray("[1,2,3]") << "not an SPF Sleuth case file";
        QTest::newRow("foreign-json")
            << QByteArray("{\"hello\": \"world\"}") << "not an SPF Sleuth case file";
        QByteArray future = good;
        future.replace("\"version\": 1", "\"version\": 7");
        QTest::newRow("future-version") << future << "update SPF Sleuth";
        QByteArray badEvidence = good;
        badEvidence.replace("\"type\": \"TXT\"", "\"type\": \"NOSUCHTYPE\"");
        QTest::newRow("bad-evidence") << badEvidence << "evidence entry 1";
        QByteArray noTarget = good;
        noTarget.replace("\"target\": \"example.com\"", "\"target\": \"\"");
        QTest::newRow("no-target") << noTarget << "names no target";
    }

    void refusesBadFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString path = m_dir.filePath(QStringLiteral("bad.spfcase"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
        f.close();
        const auto c = CaseFile::load(path);
        QVERIFY(!c.has_value());
        QVERIFY2(c.error().contains(message), qPrintable(c.error()));
        QFile again(path);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(again.readAll(), content); // loading never touches the file
    }

    void saveFailureKeepsExistingFile()
    {
        CaseFile::Case c;
        c.saved = QDateTime::currentDateTimeUtc();
        c.target = QStringLiteral("example.com");
        QVERIFY(!CaseFile::save(c, QStringLiteral("/nonexistent-dir/x.spfcase")).has_value());
        // The final rename cannot replace a directory, even for root: a clear error, nothing lost.
        const QString blocked = m_dir.filePath(QStringLiteral("blocked.spfcase"));
        QVERIFY(QDir().mkpath(blocked + QStringLiteral("/inside")));
        const auto refused = CaseFile::save(c, blocked);
        QVERIFY(!refused.has_value());
        QVERIFY(refused.error().contains(QStringLiteral("blocked.spfcase")));
        QVERIFY(QFileInfo(blocked + QStringLiteral("/inside")).isDir());
        const QString path = m_dir.filePath(QStringLiteral("keep.spfcase"));
        QVERIFY(CaseFile::save(c, path).has_value());
        QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::ExeOwner);
        c.notes = QStringLiteral("changed");
        const auto again = CaseFile::save(c, path);
        QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        if (again.has_value())
            QSKIP("running as root: a read-only directory is still writable");
        QVERIFY(CaseFile::load(path)->notes.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestCaseFile)
#include "tst_casefile.moc"
