// What Gmail, Microsoft and Yahoo require of a sender, checked from DNS (core/mailpolicy): a
// sender that meets every rule, one failing each rule, DNS down (unknown, never fail), DKIM
// selector discovery, and the CLI's JSON contract and exit codes.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "caseio/casefile.h"
#include "clirun.h"
#include "dns/memoryresolver.h"
#include "dns/recordingresolver.h"
#include "investigation/investigation.h"
#include "mailpolicy/receivers.h"
#include "paste/reasons.h"

namespace {

const QString key1024 = QStringLiteral(
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCZhrmYuBOTKGB7QOwJzBnC8W9hZ8SBOT5meBjsFqSXoWCU7DEwWqeTuD"
    "50Gz5Hn866jiBcD6F/KJDlQRIwQzU0U0r8yULjyaXAXSr2vLGaYgOaH1Uv2CUAsjNjJTVk6pqMd0EzSM3O3hUSTZkj/"
    "J7avmaLH2gLfjoOYLI8PdqzzQIDAQAB");
const QString key512 = QStringLiteral(
    "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBANIhmONT/"
    "Cczh3p1kpIsjXgrdOT0g1ZX7p+R3IO9mG951q3ZPeFm62bm+h+gk6I8xwfcwPaleztK+plS1KCQ8usCAwEAAQ==");

// Every sender here sends from 192.0.2.25 unless a row says otherwise.
QString zoneText()
{
    QString z;
    const auto sender
        = [&](const QString &d, const QString &spf, const QString &dmarc, const QString &dkim) {
              if (!spf.isEmpty())
                  z += QStringLiteral("%1. 300 IN TXT \"%2\"\n").arg(d, spf);
              if (!dmarc.isEmpty())
                  z += QStringLiteral("_dmarc.%1. 300 IN TXT \"%2\"\n").arg(d, dmarc);
              if (!dkim.isEmpty())
                  z += QStringLiteral("s2024._domainkey.%1. 300 IN TXT \"v=DKIM1; k=rsa; p=%2\"\n")
                           .arg(d, dkim);
          };
    const QString spf = QStringLiteral("v=spf1 ip4:192.0.2.0/24 -all");
    const QString dmarc = QStringLiteral("v=DMARC1; p=none");
    sender(QStringLiteral("good.example"), spf, dmarc, key1024);
    sender(QStringLiteral("nospf.example"), {}, dmarc, key1024);
    sender(QStringLiteral("spffail.example"), QStringLiteral("v=spf1 ip4:198.51.100.1 -all"), dmarc,
        key1024);
    sender(QStringLiteral("nodkim.example"), spf, dmarc, {});
    sender(QStringLiteral("weak.example"), spf, dmarc, key512);
    sender(QStringLiteral("nodmarc.example"), spf, {}, key1024);
    sender(QStringLiteral("guessed.example"), spf, dmarc, {});
    z += QStringLiteral("selector1._domainkey.guessed.example. 300 IN TXT \"v=DKIM1; k=rsa; "
                        "p=%1\"\n")
             .arg(key1024);
    // A record only at dept.walk.example: the RFC 9989 tree walk finds it for
    // mail.dept.walk.example; RFC 7489 asks the name itself and walk.example (PSL) only.
    sender(QStringLiteral("mail.dept.walk.example"), spf, {}, key1024);
    z += QStringLiteral("_dmarc.dept.walk.example. 300 IN TXT \"v=DMARC1; p=none\"\n");
    z += QStringLiteral("25.2.0.192.in-addr.arpa. 300 IN PTR mail.good.example.\n"
                        "mail.good.example. 300 IN A 192.0.2.25\n"
                        "31.2.0.192.in-addr.arpa. 300 IN PTR mail.good.example.\n");
    return z;
}

std::shared_ptr<Dns::MemoryResolver> zone()
{
    auto r = std::make_shared<Dns::MemoryResolver>();
    const auto loaded = r->loadZoneText(zoneText().toUtf8());
    if (!loaded)
        qFatal("zone: %s", qPrintable(loaded.error()));
    return r;
}

Investigation::Result investigate(std::shared_ptr<Dns::Resolver> resolver, const QString &domain,
    const QString &ip, const QStringList &selectors = {QStringLiteral("s2024")})
{
    Investigation::Request request;
    request.scope = Investigation::Scope::Receivers;
    request.target = domain;
    request.ip = ip;
    request.dkimSelectors = selectors;
    request.resolverOverride = std::move(resolver);
    return Investigation::run(request, Work::Cancel());
}

const MailPolicy::RequirementResult *requirement(
    const MailPolicy::Report &report, const QString &receiver, const QString &id)
{
    for (const MailPolicy::ReceiverResult &r : report.receivers) {
        if (r.receiver.id != receiver)
            continue;
        for (const MailPolicy::RequirementResult &req : r.requirements) {
            if (req.rule.id == id)
                return &req;
        }
    }
    return nullptr;
}

MailPolicy::Verdict verdictOf(const MailPolicy::Report &report, const QString &receiver)
{
    for (const MailPolicy::ReceiverResult &r : report.receivers) {
        if (r.receiver.id == receiver)
            return r.verdict;
    }
    return MailPolicy::Verdict::Unknown;
}

} // namespace

class TestReceivers : public QObject
{
    Q_OBJECT

    using Run = Lab::CliRun;
    static Run cli(const QStringList &args) { return Lab::runCli(args); }

private Q_SLOTS:
    void catalogues()
    {
        QCOMPARE(MailPolicy::receiverCatalogueError(), QString());
        QCOMPARE(MailPolicy::selectorCatalogueError(), QString());
        QStringList ids;
        for (const MailPolicy::Receiver &r : MailPolicy::receivers()) {
            ids << r.id;
            QVERIFY(!r.date.isEmpty() && r.source.startsWith(QLatin1String("https://")));
            for (const MailPolicy::Rule &rule : r.rules) {
                if (!rule.reply)
                    continue;
                // The bounce catalogue reads each reply as a known reason, not "other": the two
                // catalogues tell one story.
                const Paste::Classification c
                    = Paste::classifyReply(rule.reply->code, rule.reply->text);
                QVERIFY2(c.reason != QLatin1String("other"),
                    qPrintable(r.id + QLatin1Char(' ') + rule.id + QLatin1Char(' ') + c.reason));
            }
        }
        QCOMPARE(ids,
            (QStringList {
                QStringLiteral("gmail"), QStringLiteral("microsoft"), QStringLiteral("yahoo")}));
        bool ses = false;
        for (const QString &p : MailPolicy::unguessableProviders())
            ses = ses || p.startsWith(QLatin1String("Amazon SES"));
        QVERIFY(ses);
    }

    void meetsAll()
    {
        const Investigation::Result r
            = investigate(zone(), QStringLiteral("good.example"), QStringLiteral("192.0.2.25"));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(r.receivers);
        const MailPolicy::Report &rep = *r.receivers;
        for (const MailPolicy::Outcome *o :
            {&rep.checks.spf, &rep.checks.dkim, &rep.checks.dmarc, &rep.checks.ptr})
            QVERIFY2(o->status == MailPolicy::Status::Pass, qPrintable(o->why));
        for (const MailPolicy::ReceiverResult &rr : rep.receivers) {
            QCOMPARE(rr.verdict, MailPolicy::Verdict::Meets);
            for (const MailPolicy::RequirementResult &req : rr.requirements) {
                // What DNS cannot show is never passed.
                if (req.rule.check == QLatin1String("none"))
                    QCOMPARE(req.status, MailPolicy::Status::NotCheckable);
            }
        }
        QCOMPARE(requirement(rep, QStringLiteral("gmail"), QStringLiteral("tls"))->status,
            MailPolicy::Status::NotCheckable);
        QVERIFY(rep.allMeet());
        // Its DNS answers joined the investigation's evidence (a case file replays them).
        bool dkimAsked = false;
        for (const Dns::Exchange &e : r.evidence)
            dkimAsked = dkimAsked || e.question.name.startsWith(QLatin1String("s2024._domainkey"));
        QVERIFY(dkimAsked);
    }

    void failsEachRule_data()
    {
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("check"); // spf, dkim, dmarc, ptr
        QTest::addColumn<QString>("why"); // in the failing check's why
        QTest::addColumn<QString>("gmailRule");
        QTest::addColumn<QString>("gmailCode");
        QTest::newRow("no SPF") << "nospf.example"
                                << "192.0.2.25"
                                << "spf"
                                << "no SPF record"
                                << "spf"
                                << "5.7.27";
        QTest::newRow("SPF fails for the IP") << "spffail.example"
                                              << "192.0.2.25"
                                              << "spf"
                                              << "SPF gives fail for 192.0.2.25"
                                              << "spf"
                                              << "5.7.27";
        QTest::newRow("no key at the given selector") << "nodkim.example"
                                                      << "192.0.2.25"
                                                      << "dkim"
                                                      << "no key at s2024._domainkey.nodkim.example"
                                                      << "dkim"
                                                      << "5.7.30";
        QTest::newRow("512-bit key") << "weak.example"
                                     << "192.0.2.25"
                                     << "dkim"
                                     << "512-bit RSA key"
                                     << "dkim"
                                     << "5.7.30";
        QTest::newRow("no DMARC") << "nodmarc.example"
                                  << "192.0.2.25"
                                  << "dmarc"
                                  << "nodmarc.example"
                                  << "dmarc"
                                  << "5.7.40";
        QTest::newRow("no PTR") << "good.example"
                                << "192.0.2.30"
                                << "ptr"
                                << "no PTR record"
                                << "ptr"
                                << "5.7.25";
        QTest::newRow("PTR not forward-confirmed") << "good.example"
                                                   << "192.0.2.31"
                                                   << "ptr"
                                                   << "does not resolve back"
                                                   << "ptr"
                                                   << "5.7.25";
    }

    void failsEachRule()
    {
        QFETCH(QString, domain);
        QFETCH(QString, ip);
        QFETCH(QString, check);
        QFETCH(QString, why);
        QFETCH(QString, gmailRule);
        QFETCH(QString, gmailCode);
        const Investigation::Result r = investigate(zone(), domain, ip);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        const MailPolicy::Report &rep = *r.receivers;
        const MailPolicy::Outcome &o = check == QLatin1String("spf") ? rep.checks.spf
            : check == QLatin1String("dkim")                         ? rep.checks.dkim
            : check == QLatin1String("dmarc")                        ? rep.checks.dmarc
                                                                     : rep.checks.ptr;
        QCOMPARE(o.status, MailPolicy::Status::Fail);
        QVERIFY2(o.why.contains(why), qPrintable(o.why));
        QCOMPARE(verdictOf(rep, QStringLiteral("gmail")), MailPolicy::Verdict::Fails);
        const MailPolicy::RequirementResult *req
            = requirement(rep, QStringLiteral("gmail"), gmailRule);
        QVERIFY(req && req->rule.reply);
        QCOMPARE(req->status, MailPolicy::Status::Fail);
        QCOMPARE(req->rule.reply->code, gmailCode);
        // Microsoft wants SPF and DKIM both: either failing fails its rule, with 5.7.515.
        if (check == QLatin1String("spf") || check == QLatin1String("dkim")) {
            const auto *ms
                = requirement(rep, QStringLiteral("microsoft"), QStringLiteral("spf-and-dkim"));
            QCOMPARE(ms->status, MailPolicy::Status::Fail);
            QCOMPARE(ms->rule.reply->code, QStringLiteral("5.7.515"));
        }
        // Microsoft has no PTR rule: only Gmail and Yahoo fail on it.
        if (check == QLatin1String("ptr")) {
            QCOMPARE(verdictOf(rep, QStringLiteral("microsoft")), MailPolicy::Verdict::Meets);
            QCOMPARE(verdictOf(rep, QStringLiteral("yahoo")), MailPolicy::Verdict::Fails);
        }
    }

    void withoutIpSpfAndPtrAreUnknown()
    {
        const Investigation::Result r = investigate(zone(), QStringLiteral("good.example"), {});
        const MailPolicy::Report &rep = *r.receivers;
        QCOMPARE(rep.checks.spf.status, MailPolicy::Status::Unknown);
        QVERIFY(rep.checks.spf.why.contains(QLatin1String("--ip")));
        QCOMPARE(rep.checks.ptr.status, MailPolicy::Status::Unknown);
        QVERIFY(rep.checks.ptr.why.contains(QLatin1String("--ip")));
        QVERIFY(!rep.dnsFailure());
        QCOMPARE(verdictOf(rep, QStringLiteral("gmail")), MailPolicy::Verdict::Unknown);
        // A broken record needs no IP to fail.
        const Investigation::Result broken
            = investigate(zone(), QStringLiteral("nospf.example"), {});
        QCOMPARE(broken.receivers->checks.spf.status, MailPolicy::Status::Fail);
    }

    // Where RFC 9989 and RFC 7489 receivers find different DMARC records, RFC 9989 decides and
    // the other reading is said beside it.
    void dmarcReadingsDiffer()
    {
        const auto r = investigate(
            zone(), QStringLiteral("mail.dept.walk.example"), QStringLiteral("192.0.2.25"));
        QVERIFY(r.receivers);
        const MailPolicy::Outcome &o = r.receivers->checks.dmarc;
        QVERIFY2(o.status == MailPolicy::Status::Pass, qPrintable(o.why));
        QVERIFY2(o.why.contains(QStringLiteral("_dmarc.dept.walk.example")), qPrintable(o.why));
        QVERIFY2(o.why.contains(QStringLiteral("RFC 7489")), qPrintable(o.why));
        // Both readings agree for good.example: nothing about RFC 7489 is said.
        const auto agreed
            = investigate(zone(), QStringLiteral("good.example"), QStringLiteral("192.0.2.25"));
        QVERIFY(!agreed.receivers->checks.dmarc.why.contains(QStringLiteral("RFC 7489")));
    }

    void dnsDownIsUnknownNeverFail()
    {
        auto down = std::make_shared<Dns::MemoryResolver>();
        down->setUncovered(Dns::MemoryResolver::Uncovered::Error);
        for (const QString &name : {QStringLiteral("good.example"),
                 QStringLiteral("_dmarc.good.example"), QStringLiteral("25.2.0.192.in-addr.arpa")})
            down->addFault(name, 0, Dns::MemoryResolver::Fault::Timeout);
        const Investigation::Result r
            = investigate(down, QStringLiteral("good.example"), QStringLiteral("192.0.2.25"));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        const MailPolicy::Report &rep = *r.receivers;
        for (const MailPolicy::ReceiverResult &rr : rep.receivers) {
            QCOMPARE(rr.verdict, MailPolicy::Verdict::Unknown);
            for (const MailPolicy::RequirementResult &req : rr.requirements)
                QVERIFY2(req.status != MailPolicy::Status::Fail, qPrintable(req.why));
        }
        QVERIFY(rep.dnsFailure());
        QCOMPARE(rep.checks.dmarc.status, MailPolicy::Status::Unknown);
        QCOMPARE(rep.checks.ptr.status, MailPolicy::Status::Unknown);
        QCOMPARE(rep.checks.dkim.status, MailPolicy::Status::Unknown);
        // s2024 and the first guesses time out; the guesses after them are not asked, and the
        // outcome and the JSON say so rather than listing them as tried.
        QVERIFY(!rep.dkim.notTried.isEmpty());
        QVERIFY2(rep.checks.dkim.why.contains(QLatin1String("not tried after a DNS failure")),
            qPrintable(rep.checks.dkim.why));
        const QJsonObject json = MailPolicy::toJson(rep);
        const QJsonArray tried = json.value(QLatin1String("dkim_selectors_tried")).toArray();
        const QJsonArray notTried = json.value(QLatin1String("dkim_selectors_not_tried")).toArray();
        QCOMPARE(notTried.size(), rep.dkim.notTried.size());
        QCOMPARE(tried.size() + notTried.size(), MailPolicy::commonSelectors().size() + 1);
        for (const QJsonValue &v : notTried)
            QVERIFY(!tried.contains(v));
    }

    void selectorFoundByGuessing()
    {
        const Investigation::Result r = investigate(
            zone(), QStringLiteral("guessed.example"), QStringLiteral("192.0.2.25"), {});
        const MailPolicy::Report &rep = *r.receivers;
        QCOMPARE(rep.checks.dkim.status, MailPolicy::Status::Pass);
        QVERIFY2(rep.checks.dkim.why.contains(QLatin1String("selector1")),
            qPrintable(rep.checks.dkim.why));
        const QList<MailPolicy::KeyProbe> found = rep.dkim.found();
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().selector, QStringLiteral("selector1"));
        QCOMPARE(found.first().origin, MailPolicy::SelectorOrigin::Guess);
        QCOMPARE(found.first().provider, QStringLiteral("Microsoft 365"));
        // Every guess was tried, and said so.
        QVERIFY(rep.dkim.tried().contains(QStringLiteral("google")));
        QVERIFY(rep.dkim.tried().contains(QStringLiteral("k1")));
    }

    void missAmongGuessesIsNotNoDkim()
    {
        // nodmarc.example's key is at s2024, which nobody guesses.
        const Investigation::Result r = investigate(
            zone(), QStringLiteral("nodmarc.example"), QStringLiteral("192.0.2.25"), {});
        const MailPolicy::Outcome &dkim = r.receivers->checks.dkim;
        QCOMPARE(dkim.status, MailPolicy::Status::Unknown);
        QVERIFY2(dkim.why.startsWith(QLatin1String("no key found at the selectors tried (google, "
                                                   "selector1, selector2")),
            qPrintable(dkim.why));
        QVERIFY(!dkim.why.contains(QLatin1String("no DKIM"), Qt::CaseInsensitive));
        QVERIFY(!dkim.dnsFailure);
    }

    void selectorsGivenComeFirstOnce()
    {
        auto resolver = zone();
        const MailPolicy::KeyDiscovery d = MailPolicy::discoverKeys(*resolver,
            QStringLiteral("good.example"), {QStringLiteral("S2024"), QStringLiteral("google")},
            {QStringLiteral("s2024"), QStringLiteral("mine")}, Work::Cancel());
        const QStringList tried = d.tried();
        QCOMPARE(tried.mid(0, 3),
            (QStringList {
                QStringLiteral("s2024"), QStringLiteral("google"), QStringLiteral("mine")}));
        QCOMPARE(tried.count(QStringLiteral("google")), 1);
        QCOMPARE(d.probes.at(2).origin, MailPolicy::SelectorOrigin::Signature);
        QCOMPARE(d.found().size(), 1);
        QCOMPARE(d.found().first().key.bits, 1024);
    }

    // Once DNS fails, the guesses not started yet are not asked (each would wait out the same
    // failure); the selectors given and signed with always are. Width 1 makes the order exact.
    void guessesStopAfterDnsFailure()
    {
        const QList<MailPolicy::CommonSelector> common = MailPolicy::commonSelectors();
        QStringList guesses;
        for (const MailPolicy::CommonSelector &c : common)
            guesses << c.selector;
        QVERIFY(guesses.size() > 2);
        auto down = zone();
        for (const QString &s :
            guesses + QStringList {QStringLiteral("mine"), QStringLiteral("sig")})
            down->addFault(s + QStringLiteral("._domainkey.good.example"), Dns::Type::TXT,
                Dns::MemoryResolver::Fault::Timeout);
        Dns::RecordingResolver recording(down);
        const auto keyQuestions = [&] {
            int n = 0;
            for (const Dns::Exchange &e : recording.exchanges())
                n += e.question.name.contains(QLatin1String("._domainkey.")) ? 1 : 0;
            recording.clear();
            return n;
        };
        const QString domain = QStringLiteral("good.example");

        // Guesses only, one at a time: the first times out, no other is asked.
        const MailPolicy::KeyDiscovery one
            = MailPolicy::discoverKeys(recording, domain, {}, {}, Work::Cancel(), 1);
        QCOMPARE(keyQuestions(), 1);
        QCOMPARE(one.tried(), QStringList {guesses.first()});
        QCOMPARE(one.probes.first().key.status, Dkim::KeyCheck::Status::TempError);
        QCOMPARE(one.notTried, guesses.mid(1));
        const MailPolicy::Outcome o = MailPolicy::dkimOutcome(one);
        QCOMPARE(o.status, MailPolicy::Status::Unknown);
        QVERIFY(o.dnsFailure);
        QVERIFY2(
            o.why.contains(QStringLiteral("; %1 common selectors not tried after a DNS failure")
                               .arg(guesses.size() - 1)),
            qPrintable(o.why));
        QVERIFY(!o.why.contains(QLatin1String("no DKIM"), Qt::CaseInsensitive));
        // Nothing answered: never "no key found".
        QVERIFY2(o.why.startsWith(QLatin1String("the DKIM keys could not be read")),
            qPrintable(o.why));

        // The given and signature selectors are asked even after the first fails; no guess is.
        const MailPolicy::KeyDiscovery named = MailPolicy::discoverKeys(recording, domain,
            {QStringLiteral("mine")}, {QStringLiteral("sig")}, Work::Cancel(), 2);
        QCOMPARE(keyQuestions(), 2);
        QCOMPARE(named.tried(), (QStringList {QStringLiteral("mine"), QStringLiteral("sig")}));
        QCOMPARE(named.notTried, guesses);
        const MailPolicy::Outcome namedOutcome = MailPolicy::dkimOutcome(named);
        QCOMPARE(namedOutcome.status, MailPolicy::Status::Unknown);
        QVERIFY2(namedOutcome.why.contains(QLatin1String("not tried after a DNS failure")),
            qPrintable(namedOutcome.why));

        // The default width: at most one round of guesses waits out the failure.
        const MailPolicy::KeyDiscovery wide
            = MailPolicy::discoverKeys(recording, domain, {}, {}, Work::Cancel());
        const int asked = keyQuestions();
        QVERIFY2(asked >= 1 && asked <= 8, qPrintable(QString::number(asked)));
        QCOMPARE(wide.probes.size(), asked);
        QCOMPARE(asked + wide.notTried.size(), guesses.size());

        // DNS answering: every guess is asked, none is left out.
        Dns::RecordingResolver fine(zone());
        const MailPolicy::KeyDiscovery all
            = MailPolicy::discoverKeys(fine, domain, {}, {}, Work::Cancel(), 1);
        QCOMPARE(all.tried(), guesses);
        QVERIFY(all.notTried.isEmpty());
        QCOMPARE(fine.exchanges().size(), guesses.size());
    }

    void replayedOfflineFromACaseFile()
    {
        // Everything (the window, reports, case files) checks the receivers too; the answers join
        // the evidence, and the selectors typed are kept, so a case replays them offline.
        Investigation::Request request;
        request.target = QStringLiteral("user@good.example");
        request.ip = QStringLiteral("192.0.2.25");
        request.dkimSelectors = {QStringLiteral("s2024")};
        request.resolverOverride = zone();
        const Investigation::Result live = Investigation::run(request, Work::Cancel());
        QVERIFY(live.receivers && live.receivers->allMeet());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("good.spfcase"));
        QVERIFY(CaseFile::save(CaseFile::fromResult(live), path).has_value());
        const auto c = CaseFile::load(path);
        QVERIFY(c.has_value());
        QCOMPARE(c->dkimSelectors, QStringList {QStringLiteral("s2024")});
        QVERIFY(c->results.value(QLatin1String("receivers")).isObject());
        const Investigation::Result offline
            = Investigation::run(CaseFile::request(*c, nullptr), Work::Cancel());
        QVERIFY(offline.receivers);
        QVERIFY(offline.receivers->allMeet());
        QCOMPARE(offline.receivers->dkim.tried(), live.receivers->dkim.tried());
        QCOMPARE(offline.evidence.size(), live.evidence.size());
    }

    void cliContract()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("senders.zone"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(zoneText().toUtf8());
        f.close();
        const auto receivers = [&](const QStringList &more) {
            return cli(
                QStringList {QStringLiteral("receivers"), QStringLiteral("--zone"), path} + more);
        };
        const Run ok = receivers(
            {QStringLiteral("good.example"), QStringLiteral("--ip"), QStringLiteral("192.0.2.25"),
                QStringLiteral("--dkim"), QStringLiteral("s2024"), QStringLiteral("--json")});
        QCOMPARE(ok.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(ok.out).object();
        const QJsonArray rs = o.value(QLatin1String("receivers")).toArray();
        QCOMPARE(rs.size(), 3);
        const QStringList statuses {QStringLiteral("pass"), QStringLiteral("fail"),
            QStringLiteral("unknown"), QStringLiteral("not-checkable")};
        for (const QJsonValue &v : rs) {
            const QJsonObject r = v.toObject();
            QVERIFY(!r.value(QLatin1String("name")).toString().isEmpty());
            QCOMPARE(r.value(QLatin1String("verdict")).toString(), QStringLiteral("meets"));
            for (const QJsonValue &q : r.value(QLatin1String("requirements")).toArray()) {
                const QJsonObject req = q.toObject();
                for (const char *key : {"id", "status", "why", "reply"})
                    QVERIFY2(req.contains(QLatin1String(key)), key);
                QVERIFY(statuses.contains(req.value(QLatin1String("status")).toString()));
            }
        }
        QVERIFY(o.value(QLatin1String("dkim_selectors_tried"))
                    .toArray()
                    .contains(QJsonValue(QStringLiteral("s2024"))));

        const Run fails = receivers({QStringLiteral("nodmarc.example"), QStringLiteral("--ip"),
            QStringLiteral("192.0.2.25"), QStringLiteral("--dkim"), QStringLiteral("s2024"),
            QStringLiteral("--json")});
        QCOMPARE(fails.code, 1);
        const QJsonObject gmail = QJsonDocument::fromJson(fails.out)
                                      .object()
                                      .value(QLatin1String("receivers"))
                                      .toArray()
                                      .first()
                                      .toObject();
        QCOMPARE(gmail.value(QLatin1String("verdict")).toString(), QStringLiteral("fails"));
        bool dmarcReply = false;
        for (const QJsonValue &q : gmail.value(QLatin1String("requirements")).toArray()) {
            const QJsonObject req = q.toObject();
            if (req.value(QLatin1String("id")).toString() == QLatin1String("dmarc")) {
                QCOMPARE(req.value(QLatin1String("status")).toString(), QStringLiteral("fail"));
                dmarcReply = req.value(QLatin1String("reply"))
                                 .toString()
                                 .startsWith(QLatin1String("550 5.7.40"));
            }
        }
        QVERIFY(dmarcReply);

        // The text table names every receiver and the reply of a failed rule.
        const Run text = receivers({QStringLiteral("nodmarc.example"), QStringLiteral("--ip"),
            QStringLiteral("192.0.2.25")});
        QCOMPARE(text.code, 1);
        QVERIFY2(
            text.out.contains("Gmail: FAILS") && text.out.contains("reply: 554 5.7.9"), text.out);

        // A server that does not answer: exit 3, nothing failed.
        const Run down = cli({QStringLiteral("receivers"), QStringLiteral("good.example"),
            QStringLiteral("--server"), QStringLiteral("127.0.0.1:9"), QStringLiteral("--timeout"),
            QStringLiteral("1"), QStringLiteral("--tries"), QStringLiteral("1"),
            QStringLiteral("--ip"), QStringLiteral("192.0.2.25")});
        QCOMPARE(down.code, 3);

        // Usage: a bad domain or IP, refused with the shared input rules.
        QCOMPARE(receivers({QStringLiteral("exa mple.com")}).code, 2);
        const Run badIp = receivers(
            {QStringLiteral("good.example"), QStringLiteral("--ip"), QStringLiteral("1.2.3")});
        QCOMPARE(badIp.code, 2);
        QVERIFY2(badIp.err.contains("IPv4"), badIp.err);
        QCOMPARE(receivers({}).code, 2);
    }
};

QTEST_APPLESS_MAIN(TestReceivers)
#include "tst_receivers.moc"
