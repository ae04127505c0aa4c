#include <algorithm>

#include <QTest>

#include "caseio/casefile.h"
#include "common/netutil.h"
#include "dns/memoryresolver.h"
#include "investigation/bulkaudit.h"
#include "investigation/inputcheck.h"
#include "investigation/investigation.h"
#include "investigation/summary.h"
#include "lab.h"
#include "nslab.h"
#include "spf/budget.h"

using namespace Investigation;

Q_DECLARE_METATYPE(Investigation::TargetKind)

class TestInvestigation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classify_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<TargetKind>("kind");
        QTest::addColumn<QString>("domain");
        QTest::newRow("domain") << "Example.COM." << TargetKind::Domain << "example.com";
        QTest::newRow("email") << "user@pclnet.example" << TargetKind::Email << "pclnet.example";
        QTest::newRow("angle-email")
            << "<bounce+x=y@mail.example.org>" << TargetKind::Email << "mail.example.org";
        QTest::newRow("ipv4") << "64.8.71.112" << TargetKind::Ip << "";
        QTest::newRow("ipv6") << "2001:db8::25" << TargetKind::Ip << "";
        QTest::newRow("kernel-version") << "2.6.32.54-0.3-default" << TargetKind::Invalid << "";
        QTest::newRow("short-ip") << "10.1.2" << TargetKind::Invalid << "";
        QTest::newRow("message-id")
            << "<20261128.12345.67@mx.example.com>" << TargetKind::Email << "mx.example.com";
        QTest::newRow("single-label") << "localhost" << TargetKind::Invalid << "";
        QTest::newRow("empty") << "  " << TargetKind::Invalid << "";
        QTest::newRow("idn") << "mail.xn--bcher-kva.example" << TargetKind::Domain
                             << "mail.xn--bcher-kva.example";
    }

    void classify()
    {
        QFETCH(QString, text);
        QFETCH(TargetKind, kind);
        QFETCH(QString, domain);
        const Target t = classifyTarget(text);
        QCOMPARE(t.kind, kind);
        QCOMPARE(t.domain, domain);
        QCOMPARE(t.problem.isEmpty(), kind != TargetKind::Invalid);
    }

    void runWithZone()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText(
                        "$ORIGIN example.com.\n@ TXT \"v=spf1 ip4:192.0.2.0/24 "
                        "-all\"\n5.2.0.192.in-addr.arpa. PTR mail.example.com.\nmail A 192.0.2.5\n")
                    .has_value());
        Request r;
        r.target = QStringLiteral("a@example.com");
        r.ip = QStringLiteral("192.0.2.5");
        r.resolverOverride = zone;
        const Work::Cancel cancel;
        int progressCalls = 0;
        const Result out = run(
            r, cancel, [&](const Progress &) { ++progressCalls; }, 0);
        QVERIFY(out.error.isEmpty());
        QVERIFY(out.audit.has_value());
        QCOMPARE(out.evaluation->result, Spf::Result::Pass);
        QVERIFY(out.reverse->hasConfirmedName());
        QVERIFY(progressCalls > 0);
        // Every question of audit, test, reverse lookup, advice and the receivers' check (DMARC,
        // DKIM keys) is in the evidence.
        QVERIFY(out.receivers.has_value());
        QCOMPARE(out.evidence.size(),
            out.audit->trace.exchanges.size() + out.evaluation->trace.exchanges.size()
                + out.reverse->exchanges.size() + out.adviceQueries + out.receivers->queries());
        QVERIFY(out.adviceQueries > 0); // the MX hosts' addresses
        // A draft stands in for the published record.
        r.drafts.insert(QStringLiteral("example.com"), QStringLiteral("v=spf1 -all"));
        QCOMPARE(run(r, cancel).evaluation->result, Spf::Result::Fail);
        // Cancelled before it starts: nothing is asked.
        cancel.request();
        const Result cancelled = run(r, cancel);
        QVERIFY(cancelled.cancelled);
    }

    void bulkRun()
    {
        // 40 domains sharing one include: rows come back in input order whatever the
        // concurrency, the shared cache answers the include once, and the counted lookups of
        // each domain are those of its own audit.
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QByteArray text = "_spf.provider.example. TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n";
        QStringList lines;
        for (int i = 0; i < 40; ++i) {
            text += QByteArray("d") + QByteArray::number(i)
                + ".example. TXT \"v=spf1 include:_spf.provider.example -all\"\n";
            lines << QStringLiteral("d%1.example").arg(i);
        }
        QVERIFY(zone->loadZoneText(text).has_value());
        lines.insert(3, QStringLiteral("# comment"));
        lines.insert(5, QStringLiteral("not..valid"));
        const QList<Bulk::Input> inputs = Bulk::parseList(lines.join(QLatin1String("\r\n")));
        QCOMPARE(inputs.size(), 41);
        QCOMPARE(inputs[3].line, 5); // line numbers count the comment
        // Streamed from a text stream, a chunk at a time: the same entries and line numbers.
        QString text2 = lines.join(QLatin1Char('\n'));
        QTextStream stream(&text2);
        QCOMPARE(Bulk::countEntries(stream), 41);
        const Bulk::Source source = Bulk::lineSource(stream);
        QList<Bulk::Input> streamed;
        for (QList<Bulk::Input> chunk = source(4); !chunk.isEmpty(); chunk = source(4)) {
            QVERIFY(chunk.size() <= 4);
            streamed += chunk;
        }
        QCOMPARE(streamed.size(), inputs.size());
        for (int i = 0; i < inputs.size(); ++i) {
            QCOMPARE(streamed[i].line, inputs[i].line);
            QCOMPARE(streamed[i].text, inputs[i].text);
        }

        Bulk::Options options;
        options.jobs = 4;
        options.chunkSize = 7;
        QList<Bulk::Row> rows;
        int calls = 0;
        const Bulk::Summary s
            = Bulk::run(zone, inputs, options, Work::Cancel(), [&](const QList<Bulk::Row> &chunk) {
                  ++calls;
                  rows += chunk;
              });
        QCOMPARE(rows.size(), 41);
        QCOMPARE(calls, 6);
        for (int i = 1; i < rows.size(); ++i)
            QVERIFY(rows[i - 1].line < rows[i].line);
        QCOMPARE(rows[4].status, QStringLiteral("invalid-domain"));
        QCOMPARE(s.byStatus.value(QStringLiteral("ok")), 40);
        QCOMPARE(s.byStatus.value(QStringLiteral("invalid-domain")), 1);
        QCOMPARE(rows[0].lookups, 1);
        QCOMPARE(rows.last().lookups, 1);
        // 40 records + 1 include asked once; the rest (39 include questions) from the cache
        // or from the one in flight.
        QCOMPARE(s.cacheMisses, 41);
        QCOMPARE(s.cacheHits, 39);
        QVERIFY(s.text().contains(QStringLiteral("41 domains")));
        QVERIFY(s.text().contains(QStringLiteral("39 hits")));

        // Without the shared cache the same rows, and no cache figures.
        options.sharedCache = false;
        QList<Bulk::Row> plain;
        const Bulk::Summary p = Bulk::run(zone, inputs, options, Work::Cancel(),
            [&](const QList<Bulk::Row> &chunk) { plain += chunk; });
        QCOMPARE(p.cacheHits + p.cacheMisses, 0);
        QCOMPARE(plain.size(), rows.size());
        for (int i = 0; i < rows.size(); ++i) {
            QCOMPARE(Bulk::csvLine(plain[i]), Bulk::csvLine(rows[i]));
            QCOMPARE(Bulk::toJson(plain[i]), Bulk::toJson(rows[i]));
        }

        // Cancelled after the first chunk: that chunk is kept, nothing after it is audited.
        const Work::Cancel cancel;
        QList<Bulk::Row> partial;
        const Bulk::Summary c
            = Bulk::run(zone, inputs, options, cancel, [&](const QList<Bulk::Row> &chunk) {
                  partial += chunk;
                  cancel.request();
              });
        QCOMPARE(partial.size(), 7);
        QCOMPARE(c.domains, 7);
        // Cancelled before it starts: no row.
        const Bulk::Summary none = Bulk::run(zone, inputs, options, cancel,
            [&](const QList<Bulk::Row> &) { QFAIL("no row expected"); });
        QCOMPARE(none.domains, 0);
    }

    void csvEscaping()
    {
        Bulk::Row r;
        r.domain = QStringLiteral("x.example");
        r.status = QStringLiteral("problems");
        r.record = QStringLiteral("=HYPERLINK(\"http://evil\"),\x1b[31m");
        r.problems = {QStringLiteral("a, b"), QStringLiteral("c")};
        const QString line = Bulk::csvLine(r);
        QVERIFY(line.contains(QStringLiteral("\"'=HYPERLINK(\"\"http://evil\"\"),\\x1b[31m\"")));
        QVERIFY(line.endsWith(QStringLiteral(",\"a, b; c\"\n")));
        QCOMPARE(Bulk::toJson(r).value(QLatin1String("record")).toString(), r.record);
    }

    void prefetchAndNameservers()
    {
        // cmp.example served by two authoritative servers (127.0.0.1 and 127.0.0.2, one port),
        // one stale; a delayed "recursive" server that knows the delegation.
        NameserverLab lab;
        const QString down = lab.start(NameserverLab::head("cmp.example", "2026112802")
                + "@ TXT \"v=spf1 include:_a.cmp.example include:_b.cmp.example mx -all\"\n_a TXT "
                  "\"v=spf1 a:one.cmp.example -all\"\n_b TXT \"v=spf1 include:_c.cmp.example "
                  "~all\"\n_c TXT \"v=spf1 a:two.cmp.example -all\"\n@ MX 10 mx1\nmx1 A "
                  "192.0.2.25\none A 192.0.2.1\ntwo A 192.0.2.2\n",
            NameserverLab::head("cmp.example", "2026112801")
                + "@ TXT \"v=spf1 ipv4:192.0.2.0/24 -all\"\n",
            20);
        if (!down.isEmpty())
            QSKIP(qPrintable(down));

        Request r;
        r.target = QStringLiteral("user@cmp.example");
        r.ip = QStringLiteral("192.0.2.2"); // authorized two includes down
        r.resolver.mode = ResolverMode::Custom;
        r.resolver.servers = QStringList {lab.recursiveAddress()};
        r.resolver.timeoutMs = 2000;
        const Work::Cancel cancel;
        const Result plain = run(r, cancel);
        QVERIFY(plain.error.isEmpty());
        QVERIFY(!plain.nameservers);
        QCOMPARE(plain.cacheHits + plain.cacheMisses, 0);

        r.prefetchThreads = 4;
        r.compareNameservers = true;
        r.nsPort = lab.port();
        const Result fast = run(r, cancel);
        QVERIFY(fast.error.isEmpty());
        // The same conclusions as one query at a time.
        QCOMPARE(fast.audit->lookups, plain.audit->lookups);
        QCOMPARE(fast.audit->problems, plain.audit->problems);
        QCOMPARE(fast.audit->trace.nodes.size(), plain.audit->trace.nodes.size());
        QCOMPARE(fast.evaluation->result, Spf::Result::Pass);
        QCOMPARE(fast.evaluation->result, plain.evaluation->result);
        QCOMPARE(fast.evaluation->lookups, plain.evaluation->lookups);
        QCOMPARE(fast.evaluation->decidingNode, plain.evaluation->decidingNode);
        // The IP test found the audit's answers in the cache: each of its questions is marked,
        // and only what went to the network is evidence.
        QCOMPARE(fast.evaluation->cacheMisses, 0);
        QCOMPARE(fast.evaluation->cacheHits, int(fast.evaluation->trace.exchanges.size()));
        for (const Dns::Exchange &e : fast.evaluation->trace.exchanges)
            QVERIFY(e.shared);
        QVERIFY(!plain.evaluation->trace.exchanges.front().shared);
        QCOMPARE(int(fast.evidence.size()), fast.cacheMisses);
        QVERIFY(fast.evidence.size() < plain.evidence.size());
        QVERIFY(fast.cacheHits >= fast.evaluation->cacheHits);
        // Two nameserver addresses, asked directly, one stale.
        QVERIFY(fast.nameservers.has_value());
        QCOMPARE(fast.nameservers->zone, QStringLiteral("cmp.example"));
        QCOMPARE(fast.nameservers->rows.size(), 2);
        QVERIFY(!fast.nameservers->consistent());
        QCOMPARE(fast.nameservers->rows[1].serial, QStringLiteral("2026112801"));
        QVERIFY(fast.nameservers->rows[1].spfRecords.value(0).contains(QStringLiteral("ipv4:")));
        QCOMPARE(fast.nameservers->rows[0].lookups, 6); // 3 includes, 2 a, 1 mx
        QCOMPARE(fast.audit->lookups, 6);

        // A case file keeps the comparison; reopened offline it is shown again, not re-asked.
        const CaseFile::Case c = CaseFile::fromResult(fast);
        const auto reloaded = CaseFile::fromJson(CaseFile::toJson(c));
        QVERIFY(reloaded.has_value());
        const Result replay = run(CaseFile::request(*reloaded, nullptr), cancel);
        QVERIFY(replay.error.isEmpty());
        QCOMPARE(replay.evaluation->result, Spf::Result::Pass);
        QVERIFY(replay.nameservers.has_value());
        QCOMPARE(NsCompare::toJson(*replay.nameservers), NsCompare::toJson(*fast.nameservers));
        // The cached marks survive the round trip of the evidence.
        QCOMPARE(reloaded->evidence, c.evidence);
    }

    // The CLI's scopes: each works out only what its command shows, read by its own rule
    // (InputCheck::checkQuestion for check, InputCheck::typedDomain for tree).
    void scopes()
    {
        auto zone = Lab::zoneFromText(
            "$ORIGIN example.com.\n@ TXT \"v=spf1 ip4:192.0.2.0/24 mx -all\"\n@ MX 10 mail\n"
            "mail A 192.0.2.5\n5.2.0.192.in-addr.arpa. PTR mail.example.com.\n");
        const Work::Cancel cancel;
        Request r;
        r.scope = Scope::Check;
        r.target = QStringLiteral("<a@example.com>");
        r.ip = QStringLiteral("192.0.2.5");
        r.defaultExplanation = QStringLiteral("not ours");
        r.resolverOverride = zone;
        const Result check = run(r, cancel);
        QVERIFY(check.error.isEmpty());
        QVERIFY(!check.audit && !check.reverse && check.advice.isEmpty());
        QVERIFY(check.evaluation.has_value());
        QCOMPARE(check.evidence.size(), check.evaluation->trace.exchanges.size());
        QCOMPARE(check.question->sender, QStringLiteral("a@example.com"));
        QCOMPARE(check.question->notes.size(), 1); // the angle brackets left out
        const Spf::Evaluation direct = Spf::Evaluator(*zone).evaluate(Spf::CheckRequest {
            QHostAddress(QStringLiteral("192.0.2.5")), QStringLiteral("a@example.com"), {}});
        QCOMPARE(check.evaluation->result, direct.result);
        QCOMPARE(check.evaluation->lookups, direct.lookups);
        QCOMPARE(check.evaluation->trace.nodes.size(), direct.trace.nodes.size());
        // The null sender is checked as postmaster@HELO; a fail carries the default explanation.
        r.target = QStringLiteral("<>");
        r.helo = QStringLiteral("example.com");
        r.ip = QStringLiteral("198.51.100.1");
        const Result helo = run(r, cancel);
        QCOMPARE(helo.evaluation->identity, QStringLiteral("helo"));
        QCOMPARE(helo.evaluation->result, Spf::Result::Fail);
        QCOMPARE(helo.evaluation->explanation, QStringLiteral("not ours"));
        // Refused with InputCheck's words, on the field at fault.
        r.helo.clear();
        QCOMPARE(problemOf(r).field, InputField::Target);
        QCOMPARE(problemOf(r).message, InputCheck::checkQuestion(r.ip, r.target, r.helo).error());
        r.target = QStringLiteral("a@example.com");
        r.ip = QStringLiteral("1.2.3");
        QCOMPARE(problemOf(r).field, InputField::Ip);
        QCOMPARE(run(r, cancel).error, InputCheck::ipProblem(r.ip));

        // The tree alone: no IP test even with an IP, no reverse lookup; with its advice.
        Request t;
        t.scope = Scope::Tree;
        t.target = QStringLiteral("<user@Example.COM>");
        t.ip = QStringLiteral("192.0.2.5");
        t.resolverOverride = zone;
        const Result tree = run(t, cancel);
        QVERIFY(tree.error.isEmpty());
        QCOMPARE(tree.audit->domain, QStringLiteral("example.com"));
        QVERIFY(!tree.evaluation && !tree.reverse && tree.advice.isEmpty());
        QCOMPARE(tree.evidence.size(), tree.audit->trace.exchanges.size());
        t.scope = Scope::TreeAdvice;
        const Result advised = run(t, cancel);
        QVERIFY(!advised.evaluation && !advised.reverse);
        QVERIFY(!advised.advice.isEmpty());
        QCOMPARE(
            advised.evidence.size(), advised.audit->trace.exchanges.size() + advised.adviceQueries);
        // A domain as DNS can ask for it, nothing guessed: the window refuses what is not a
        // domain anyone sends mail from, the tree asks DNS.
        t.target = QStringLiteral("2.6.32.54-0.3-default");
        QVERIFY(run(t, cancel).error.isEmpty());
        t.scope = Scope::Everything;
        QVERIFY(!run(t, cancel).error.isEmpty());
        t.scope = Scope::Tree;
        t.target = QStringLiteral("no_dots");
        QVERIFY(
            run(t, cancel).error.startsWith(QStringLiteral("'no_dots' is not a valid domain: ")));
    }

    // With prefetching, the advice's own questions (the MX hosts' and the HELO name's addresses,
    // check_host() for each, whether a missing target's registrable domain exists) are asked
    // beside the audit: after the walk the advice asks nothing, and says what it says when it
    // asks them afterwards.
    void adviceAskedAhead()
    {
        auto zone = Lab::zoneFromText(
            "$ORIGIN cov.example.\n$TTL 300\n@ TXT \"v=spf1 ip4:192.0.2.25 "
            "a:out.gone-mailer.example exists:%{i}._spf.cov.example -all\"\n@ MX 10 mx1\n"
            "@ MX 20 mx2\nmx1 A 192.0.2.25\nmx1 AAAA 2001:db8::25\nmx2 A 192.0.2.27\n"
            "out A 192.0.2.26\nout AAAA 2001:db8::26\n192.0.2.27._spf A 127.0.0.2\n");
        const Lab::Served net = Lab::serve(zone, 20);
        QVERIFY(net.resolver);
        const Work::Cancel cancel;
        const auto asked = [](const Result &r, const QString &name, quint16 type) {
            return std::any_of(r.evidence.cbegin(), r.evidence.cend(), [&](const Dns::Exchange &e) {
                return e.question.name == name && e.question.type == type;
            });
        };
        for (const Scope scope : {Scope::TreeAdvice, Scope::Everything}) {
            Request r;
            r.scope = scope;
            r.target = QStringLiteral("cov.example");
            r.ip = QStringLiteral("192.0.2.25");
            r.helo = QStringLiteral("out.cov.example");
            r.resolverOverride = net.resolver;
            const Result after = run(r, cancel);
            r.prefetchThreads = 4;
            const Result ahead = run(r, cancel);
            QVERIFY(after.error.isEmpty() && ahead.error.isEmpty());
            QVERIFY(after.adviceQueries > 0);
            QCOMPARE(ahead.adviceQueries, 0);
            QCOMPARE(ahead.advice, after.advice);
            QStringList kinds;
            for (const Spf::Advice &a : ahead.advice)
                kinds << a.kind;
            QVERIFY2(kinds.contains(QStringLiteral("dangling-target"))
                    && kinds.contains(QStringLiteral("ipv6-coverage")),
                qPrintable(kinds.join(u' ')));
            QVERIFY(asked(ahead, QStringLiteral("gone-mailer.example"), Dns::Type::SOA));
            QVERIFY(asked(ahead, QStringLiteral("192.0.2.27._spf.cov.example"), Dns::Type::A));
            QVERIFY(asked(ahead, QStringLiteral("out.cov.example"), Dns::Type::AAAA));
        }
        // Cancelled while the advice is asked ahead (as the tree's walk starts): it stops, and
        // no advice is given.
        Request r;
        r.scope = Scope::TreeAdvice;
        r.target = QStringLiteral("cov.example");
        r.resolverOverride = net.resolver;
        r.prefetchThreads = 4;
        const Work::Cancel stop;
        const Result cancelled = run(
            r, stop, [&](const Progress &) { stop.request(); }, 0);
        QVERIFY(cancelled.cancelled);
        QVERIFY(cancelled.advice.isEmpty());
    }

    void validation()
    {
        Request r;
        r.target = QStringLiteral("example.com");
        r.ip = QStringLiteral("2.6.32.54-0.3-default");
        QVERIFY(validate(r).contains(QStringLiteral("not an IP address")));
        r.ip.clear();
        r.resolver.mode = ResolverMode::Custom;
        r.resolver.servers = QStringList {QStringLiteral("not a server")};
        QVERIFY(validate(r).contains(QStringLiteral("not a server")));
        r.resolver.servers = QStringList {QStringLiteral("127.0.0.1:5353")};
        QVERIFY(validate(r).isEmpty());
    }

    // One validation for the CLI, the window and the bulk list: the same inputs pass and fail,
    // and every echo of the input is elided. Whatever RFC 7208 gives a result for is asked, not
    // refused: a malformed sender domain or HELO gets "none" from check_host() with its reason.
    void inputChecks_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("ok");
        QTest::newRow("sender") << "sender"
                                << "user@example.com" << true;
        QTest::newRow("sender, bare domain") << "sender"
                                             << "example.com" << true;
        QTest::newRow("sender, quoted @") << "sender"
                                          << "\"a@b\"@example.com" << true;
        QTest::newRow("sender, @@") << "sender"
                                    << "user@@x.example" << true;
        QTest::newRow("sender, space in the local part") << "sender"
                                                         << "a b@example.com" << true;
        QTest::newRow("sender, space in the domain") << "sender"
                                                     << "a@exa mple.com" << true;
        QTest::newRow("sender, control") << "sender"
                                         << "a\x01@example.com" << true;
        QTest::newRow("sender, empty label") << "sender"
                                             << "user@two..dots" << true;
        QTest::newRow("sender, 64-character label")
            << "sender" << QStringLiteral("u@%1.example.com").arg(QString(64, u'a')) << true;
        QTest::newRow("sender, domain literal") << "sender"
                                                << "foo@[1.2.3.5]" << true;
        QTest::newRow("sender, Unicode") << "sender"
                                         << QString::fromUtf8("u@b\xc3\xbc"
                                                              "cher.example.com")
                                         << true;
        // RFC 7208 §4.3: check_host() answers "none" for a single-label domain: not a refusal.
        QTest::newRow("sender, single label") << "sender"
                                              << "user@localhost" << true;
        QTest::newRow("sender, null, no HELO") << "sender"
                                               << "<>" << false;
        QTest::newRow("helo") << "helo"
                              << "mail.example.com" << true;
        QTest::newRow("helo, literal") << "helo"
                                       << "[192.0.2.1]" << true;
        QTest::newRow("helo, spaces and a quote") << "helo"
                                                  << "JUMPIN' JUPITER" << true;
        QTest::newRow("helo, DEL") << "helo"
                                   << "mail\x7f" << true;
        QTest::newRow("helo, non-ASCII")
            << "helo" << QString::fromUtf8("m\xc3\xa4il.example") << true;
        QTest::newRow("helo, 5000 chars") << "helo" << QString(5000, u'h') << true;
        QTest::newRow("helo, empty") << "helo" << QString() << false;
        QTest::newRow("ip") << "ip"
                            << "192.0.2.1" << true;
        QTest::newRow("ip, version string") << "ip"
                                            << "2.6.32.54-0.3-default" << false;
        QTest::newRow("ip, 5000 chars") << "ip" << QStringLiteral("1.").repeated(2500) << false;
        QTest::newRow("ip, a host name") << "ip"
                                         << "mail.example.com" << false;
        QTest::newRow("ip, empty") << "ip" << QString() << false;
        QTest::newRow("list entry") << "entry"
                                    << "user@example.com" << true;
        QTest::newRow("list entry, @@") << "entry"
                                        << "user@@x.example" << true;
        QTest::newRow("list entry, empty label") << "entry"
                                                 << "two..dots.example" << false;
        QTest::newRow("list entry, Unicode") << "entry"
                                             << QString::fromUtf8("b\xc3\xbc"
                                                                  "cher.example")
                                             << true;
    }

    void inputChecks()
    {
        QFETCH(QString, kind);
        QFETCH(QString, input);
        QFETCH(bool, ok);
        const bool isSender = kind == QLatin1String("sender");
        const bool isHelo = kind == QLatin1String("helo");
        const bool isIp = kind == QLatin1String("ip");
        QString problem;
        if (kind == QLatin1String("entry")) {
            problem = InputCheck::listEntryProblem(input);
        } else {
            const auto q = InputCheck::checkQuestion(isIp ? input : QStringLiteral("192.0.2.1"),
                isSender ? input : (isIp ? QStringLiteral("u@example.com") : QString()),
                isHelo ? input : QString());
            problem = q ? QString() : q.error();
            if (q && !input.isEmpty() && input.contains(QChar(0xfc)))
                QVERIFY2(q->notes.join(u' ').contains(QStringLiteral("xn--bcher-kva")),
                    qPrintable(q->notes.join(u' ')));
        }
        QCOMPARE(problem.isEmpty(), ok);
        QVERIFY2(problem.size() < 200, qPrintable(problem.left(300)));
        // What only looks like an address is told what an address is.
        if (isIp && !ok && !input.isEmpty())
            QVERIFY2(problem.contains(QStringLiteral("four decimal parts"))
                    == InputCheck::looksLikeIp(input),
                qPrintable(problem));
        // The window's request validation says the same.
        Request r;
        r.target = isSender ? input : QStringLiteral("example.com");
        r.ip = isIp ? input : QStringLiteral("192.0.2.1");
        r.helo = isHelo ? input : QString();
        r.resolverOverride = std::make_shared<Dns::MemoryResolver>();
        if (kind != QLatin1String("entry") && !isHelo && !(isSender && input == QLatin1String("<>"))
            && !(isIp && input.isEmpty()))
            QCOMPARE(validate(r).isEmpty(), ok);
    }

    // Unicode domains are evaluated as their A-labels, in the library as in every door, and the
    // evaluation names both forms.
    void unicodeDomains()
    {
        auto zone = Lab::zoneFromText(QByteArrayLiteral(
            "xn--bcher-kva.example.com. 300 IN TXT \"v=spf1 ip4:192.0.2.7 -all\"\n"));
        Spf::Evaluator evaluator(*zone);
        const Spf::Evaluation e
            = evaluator.evaluate(Spf::CheckRequest {QHostAddress(QStringLiteral("192.0.2.7")),
                QString::fromUtf8("u@B\xc3\x9c"
                                  "CHER.example.com"),
                QString(), {}, {}});
        QCOMPARE(Spf::resultName(e.result), QStringLiteral("pass"));
        QCOMPARE(e.domain, QStringLiteral("xn--bcher-kva.example.com"));
        QCOMPARE(e.sender, QStringLiteral("u@xn--bcher-kva.example.com"));
        QCOMPARE(Net::bothForms(e.domain),
            QString::fromUtf8("xn--bcher-kva.example.com (b\xc3\xbc"
                              "cher.example.com)"));
        // The HELO identity too (a null sender).
        const Spf::Evaluation h = evaluator.evaluate(
            Spf::CheckRequest {QHostAddress(QStringLiteral("192.0.2.8")), QString(),
                QString::fromUtf8("b\xc3\xbc"
                                  "cher.example.com"),
                {}, {}});
        QCOMPARE(h.identity, QStringLiteral("helo"));
        QCOMPARE(h.domain, QStringLiteral("xn--bcher-kva.example.com"));
        QCOMPARE(Spf::resultName(h.result), QStringLiteral("fail"));
        // The window's target field: an address with a Unicode domain.
        const Target t = classifyTarget(QString::fromUtf8("user@b\xc3\xbc"
                                                          "cher.example.com"));
        QCOMPARE(t.kind, TargetKind::Email);
        QCOMPARE(t.domain, QStringLiteral("xn--bcher-kva.example.com"));
        QVERIFY(t.aceNote.contains(QStringLiteral("xn--bcher-kva.example.com")));
        // A domain RFC 7208 gives "none" for is asked, not refused.
        const Target bad = classifyTarget(QStringLiteral("lyme.eater@A...example.com"));
        QCOMPARE(bad.kind, TargetKind::Email);
    }

    // No record is invented from missing evidence: a domain without SPF gets the choices, one that
    // does not exist is called that, a timeout is not an absent record.
    void adviceFromMissingEvidence_data()
    {
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("says");
        QTest::newRow("no SPF record") << "user@norec.t.example"
                                       << "v=spf1 mx ~all";
        QTest::newRow("NXDOMAIN") << "user@gone.t.example"
                                  << "does not exist in DNS";
        QTest::newRow("timeout") << "user@slow.t.example"
                                 << "could not be read";
    }

    void adviceFromMissingEvidence()
    {
        QFETCH(QString, sender);
        QFETCH(QString, says);
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText(
                        "$ORIGIN t.example.\n$TTL 300\nnorec A 192.0.2.1\nslow A 192.0.2.1\n")
                    .has_value());
        zone->addFault(
            QStringLiteral("slow.t.example"), Dns::Type::TXT, Dns::MemoryResolver::Fault::Timeout);
        Request r;
        r.target = sender;
        r.ip = QStringLiteral("192.0.2.5");
        r.resolverOverride = zone;
        const Result res = run(r, Work::Cancel());
        QVERIFY(res.error.isEmpty());
        QStringList texts;
        for (const Summary::Finding &f : Summary::findings(res))
            texts << f.text;
        QVERIFY2(texts.join(u'\n').contains(says), qPrintable(texts.join(u'\n')));
        QVERIFY(Summary::correctedRecord(res).isEmpty()); // nothing to apply with one click
    }

    // The budget every view reads agrees with the walks' own counters on every sample.
    void lookupBudget_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("domain");
        QTest::newRow("too many") << "too-many-lookups.zone"
                                  << "bigcorp.example";
        QTest::newRow("voids") << "void-lookups.zone"
                               << "shop.example";
        QTest::newRow("ipv4 typo") << "ipv4-typo.zone"
                                   << "pclnet.example";
        QTest::newRow("loop") << "include-loop.zone"
                              << "loop.example";
        QTest::newRow("macro") << "macro-exists.zone"
                               << "macro.example";
        QTest::newRow("softfail") << "softfail.zone"
                                  << "news.example";
    }

    void lookupBudget()
    {
        QFETCH(QString, zone);
        QFETCH(QString, domain);
        auto resolver = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(
            resolver->loadFile(QStringLiteral(SLEUTH_RESOURCES "/samples/") + zone).has_value());
        const Spf::Audit a = Spf::Auditor(*resolver).run(domain);
        const Spf::LookupBudget b = Spf::lookupBudget(a.trace);
        QCOMPARE(b.maxLookups, 10);
        QCOMPARE(b.maxVoidLookups, 2);
        QCOMPARE(b.lookups, a.lookups);
        QCOMPARE(b.voidLookups, a.voidLookups);
        QCOMPARE(b.crossingNode, a.crossingNode);
        int segments = 0;
        for (const Spf::LookupBudget::Segment &s : b.segments)
            segments += s.lookups;
        QCOMPARE(segments, b.lookups);
        for (int n = 0; n < a.trace.nodes.size(); ++n) {
            const Spf::TraceNode &node = a.trace.nodes[n];
            const Spf::LookupBudget::Cost c = b.cost(n);
            if (node.kind == Spf::NodeKind::Check) {
                QCOMPARE(c.position + c.below, node.subtreeLookups);
                QCOMPARE(c.voidsBelow, node.subtreeVoids);
            }
        }
        // The same for an evaluation that stops at the limit.
        Spf::Evaluator evaluator(*resolver);
        const Spf::Evaluation e
            = evaluator.evaluate(Spf::CheckRequest {*Net::parseIp(QStringLiteral("203.0.113.200")),
                QStringLiteral("a@") + domain, {}, {}, {}});
        const Spf::LookupBudget eb = Spf::lookupBudget(e.trace);
        QCOMPARE(eb.voidLookups, e.voidLookups);
        QVERIFY(eb.lookups == e.lookups || (eb.lookups == e.lookups + 1 && eb.crossingNode >= 0));
    }
};

QTEST_APPLESS_MAIN(TestInvestigation)
#include "tst_investigation.moc"
