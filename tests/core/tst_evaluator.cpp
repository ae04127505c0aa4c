// Evaluator scenarios as a table: zone, inputs, expected result, lookup and void counts.

#include <QFile>
#include <QTest>

#include "common/netutil.h"
#include "dns/memoryresolver.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"

using namespace Spf;

namespace {

QByteArray sample(const char *name)
{
    QFile f(QStringLiteral(SLEUTH_RESOURCES "/samples/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing sample %s", name);
    return f.readAll();
}

Evaluation evaluate(const QByteArray &zone, const QString &ip, const QString &sender,
    const QString &helo = QStringLiteral("mail.example.org"))
{
    Dns::MemoryResolver resolver;
    const auto loaded = resolver.loadZoneText(zone);
    if (!loaded)
        qFatal("zone: %s", qPrintable(loaded.error()));
    EvaluatorOptions options;
    options.defaultExplanation = QStringLiteral("DEFAULT");
    Evaluator evaluator(resolver, options);
    return evaluator.evaluate(
        CheckRequest {*Net::parseIp(ip), sender, helo, {}, QStringLiteral("mx.receiver.example")});
}

} // namespace

class TestEvaluator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scenarios_data()
    {
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("result");
        QTest::addColumn<int>("lookups");
        QTest::addColumn<int>("voids");
        QTest::addColumn<QString>("reasonContains");

        const QByteArray base = "$ORIGIN example.com.\n$TTL 300\n";
        QTest::newRow("ipv4-typo-permerror") << sample("ipv4-typo.zone") << "64.8.71.112"
                                             << "user@pclnet.example"
                                             << "permerror" << 0 << 0 << "'ipv4:'";
        QTest::newRow("ipv4-typo-listed-ip-also-permerror")
            << sample("ipv4-typo.zone") << "24.214.64.230"
            << "user@pclnet.example"
            << "permerror" << 0 << 0 << "syntax error";
        QTest::newRow("include-loop") << sample("include-loop.zone") << "198.51.100.7"
                                      << "news@loop.example"
                                      << "permerror" << 2 << 0 << "loop";
        QTest::newRow("include-loop-early-pass") << sample("include-loop.zone") << "192.0.2.1"
                                                 << "news@loop.example"
                                                 << "pass" << 0 << 0 << "ip4:192.0.2.0/28";
        QTest::newRow("too-many-lookups") << sample("too-many-lookups.zone") << "203.0.113.200"
                                          << "ap@bigcorp.example"
                                          << "permerror" << 11 << 0 << "more than 10";
        QTest::newRow("too-many-lookups-early-match")
            << sample("too-many-lookups.zone") << "198.51.100.70"
            << "ap@bigcorp.example"
            << "pass" << 4 << 0 << "_net2.crm.example";
        QTest::newRow("void-overrun") << sample("void-lookups.zone") << "192.0.2.99"
                                      << "billing@shop.example"
                                      << "permerror" << 3 << 3 << "void lookup #3";
        QTest::newRow("softfail") << sample("softfail.zone") << "198.51.100.77"
                                  << "promo@news.example"
                                  << "softfail" << 2 << 0 << "~all";
        QTest::newRow("softfail-include-pass") << sample("softfail.zone") << "203.0.113.9"
                                               << "promo@news.example"
                                               << "pass" << 2 << 0 << "include:_spf.esp.example";
        QTest::newRow("macro-exists-pass") << sample("macro-exists.zone") << "192.0.2.44"
                                           << "ceo@macro.example"
                                           << "pass" << 1 << 0 << "192.0.2.44._spf.macro.example";
        QTest::newRow("macro-exists-fail") << sample("macro-exists.zone") << "192.0.2.45"
                                           << "ceo@macro.example"
                                           << "fail" << 1 << 1 << "-all";
        QTest::newRow("v4-mapped-is-v4") << base + "@ TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"
                                         << "::ffff:192.0.2.7"
                                         << "a@example.com"
                                         << "pass" << 0 << 0 << "192.0.2.7";
        QTest::newRow("redirect-applies") << base
                + "@ TXT \"v=spf1 ip4:192.0.2.1 redirect=_spf.example.com\"\n_spf TXT \"v=spf1 "
                  "ip4:198.51.100.0/24 -all\"\n"
                                          << "198.51.100.3"
                                          << "a@example.com"
                                          << "pass" << 1 << 0 << "redirect";
        QTest::newRow("redirect-ignored-with-all")
            << base + "@ TXT \"v=spf1 ?all redirect=_spf.example.com\"\n_spf TXT \"v=spf1 +all\"\n"
            << "198.51.100.3"
            << "a@example.com"
            << "neutral" << 0 << 0 << "?all";
        QTest::newRow("redirect-to-nothing")
            << base + "@ TXT \"v=spf1 redirect=_none.example.com\"\n"
            << "192.0.2.1"
            << "a@example.com"
            << "permerror" << 1 << 0 << "no SPF record";
        QTest::newRow("include-none-permerror")
            << base + "@ TXT \"v=spf1 include:gone.example.com -all\"\n"
            << "192.0.2.1"
            << "a@example.com"
            << "permerror" << 1 << 0 << "§5.2";
        QTest::newRow("no-record") << base + "@ A 192.0.2.1\n"
                                   << "192.0.2.1"
                                   << "a@example.com"
                                   << "none" << 0 << 0 << "no SPF record";
        QTest::newRow("nxdomain") << base + "@ A 192.0.2.1\n"
                                  << "192.0.2.1"
                                  << "a@nowhere.example.net"
                                  << "none" << 0 << 0 << "NXDOMAIN";
        QTest::newRow("two-records") << base + "@ TXT \"v=spf1 -all\"\n@ TXT \"v=spf1 +all\"\n"
                                     << "192.0.2.1"
                                     << "a@example.com"
                                     << "permerror" << 0 << 0 << "2 SPF records";
        QTest::newRow("mx-pass") << base
                + "@ TXT \"v=spf1 mx -all\"\n@ MX 10 mx1\n@ MX 20 mx2\nmx1 A 192.0.2.10\nmx2 A "
                  "192.0.2.20\n"
                                 << "192.0.2.20"
                                 << "a@example.com"
                                 << "pass" << 1 << 0 << "MX mx2.example.com";
        QTest::newRow("mx-cidr") << base
                + "@ TXT \"v=spf1 mx/24 -all\"\n@ MX 10 mx1\nmx1 A 192.0.2.10\n"
                                 << "192.0.2.200"
                                 << "a@example.com"
                                 << "pass" << 1 << 0 << "/24";
        QTest::newRow("a-dual-cidr-v6")
            << base + "@ TXT \"v=spf1 a/24//64 -all\"\n@ AAAA 2001:db8:1::1\n"
            << "2001:db8:1::ffff"
            << "a@example.com"
            << "pass" << 1 << 0 << "/64";
        QTest::newRow("ip6") << base + "@ TXT \"v=spf1 ip6:2001:db8::/32 -all\"\n"
                             << "2001:db8:ff::1"
                             << "a@example.com"
                             << "pass" << 0 << 0 << "2001:db8::/32";
        QTest::newRow("ip6-vs-v4-client") << base + "@ TXT \"v=spf1 ip6:2001:db8::/32 -all\"\n"
                                          << "192.0.2.1"
                                          << "a@example.com"
                                          << "fail" << 0 << 0 << "-all";
        QTest::newRow("ptr-validated") << base
                + "@ TXT \"v=spf1 ptr -all\"\n1.2.0.192.in-addr.arpa. PTR mail.example.com.\nmail "
                  "A 192.0.2.1\n"
                                       << "192.0.2.1"
                                       << "a@example.com"
                                       << "pass" << 1 << 0 << "resolves back";
        QTest::newRow("ptr-not-confirmed") << base
                + "@ TXT \"v=spf1 ptr -all\"\n1.2.0.192.in-addr.arpa. PTR mail.example.com.\nmail "
                  "A 192.0.2.99\n"
                                           << "192.0.2.1"
                                           << "a@example.com"
                                           << "fail" << 1 << 0 << "-all";
        QTest::newRow("neutral-default") << base + "@ TXT \"v=spf1 ip4:192.0.2.1\"\n"
                                         << "198.51.100.1"
                                         << "a@example.com"
                                         << "neutral" << 0 << 0 << "default result is neutral";
        // RFC 7208 §5, §5.6: an ip6 network is IPv6 even in its IPv4-mapped form; it never
        // matches an IPv4 client, and with /0 it matches every IPv6 client.
        QTest::newRow("ip6-mapped-v4-client")
            << base + "@ TXT \"v=spf1 ip6:::ffff:192.0.2.31 -all\"\n"
            << "192.0.2.31"
            << "a@example.com"
            << "fail" << 0 << 0 << "";
        QTest::newRow("ip6-mapped-v4-client-as-v6")
            << base + "@ TXT \"v=spf1 ip6:::ffff:192.0.2.31 -all\"\n"
            << "::ffff:192.0.2.31"
            << "a@example.com"
            << "fail" << 0 << 0 << "";
        QTest::newRow("ip6-mapped-zero-v4-client")
            << base + "@ TXT \"v=spf1 ip6:::ffff:192.0.2.31/0 -all\"\n"
            << "192.0.2.99"
            << "a@example.com"
            << "fail" << 0 << 0 << "";
        QTest::newRow("ip6-mapped-zero-v6-client")
            << base + "@ TXT \"v=spf1 ip6:::ffff:192.0.2.31/0 -all\"\n"
            << "2001:db8::1"
            << "a@example.com"
            << "pass" << 0 << 0 << "";
        // The same for an AAAA record that holds an IPv4-mapped address.
        QTest::newRow("a-cidr6-zero-mapped-aaaa")
            << base + "@ TXT \"v=spf1 a//0 -all\"\n@ AAAA ::ffff:192.0.2.26\n"
            << "2001:db8::7"
            << "a@example.com"
            << "pass" << 1 << 0 << "";
        // RFC 7208 §4.6.1, §6: a second v=spf1 is an unknown modifier named "v": ignored.
        QTest::newRow("second-version-term")
            << base + "@ TXT \"v=spf1 v=spf1 ip4:192.0.2.181 -all\"\n"
            << "192.0.2.181"
            << "a@example.com"
            << "pass" << 0 << 0 << "";
        QTest::newRow("second-version-term-upper")
            << base + "@ TXT \"v=spf1 V=SPF1 ip4:192.0.2.181 -all\"\n"
            << "192.0.2.181"
            << "a@example.com"
            << "pass" << 0 << 0 << "";
        // RFC 7208 §7.3 %{p}: <domain> itself before a subdomain of it, before any other name,
        // whatever the PTR order.
        QTest::newRow("p-macro-prefers-domain")
            << base
                + "@ TXT \"v=spf1 exists:%{p}.allow.example.com -all\"\n"
                  "example.com.allow A 127.0.0.2\n"
                  "@ A 192.0.2.77\nmail A 192.0.2.77\nother.example.org. A 192.0.2.77\n"
                  "77.2.0.192.in-addr.arpa. PTR other.example.org.\n"
                  "77.2.0.192.in-addr.arpa. PTR mail.example.com.\n"
                  "77.2.0.192.in-addr.arpa. PTR example.com.\n"
            << "192.0.2.77"
            << "a@example.com"
            << "pass" << 1 << 0 << "example.com.allow.example.com";
        QTest::newRow("p-macro-subdomain-before-other")
            << base
                + "@ TXT \"v=spf1 exists:%{p}.allow.example.com -all\"\n"
                  "mail.example.com.allow A 127.0.0.2\n"
                  "mail A 192.0.2.77\nother.example.org. A 192.0.2.77\n"
                  "77.2.0.192.in-addr.arpa. PTR other.example.org.\n"
                  "77.2.0.192.in-addr.arpa. PTR mail.example.com.\n"
            << "192.0.2.77"
            << "a@example.com"
            << "pass" << 1 << 0 << "mail.example.com.allow.example.com";
        QTest::newRow("helo-identity") << base + "mail TXT \"v=spf1 a -all\"\nmail A 192.0.2.5\n"
                                       << "192.0.2.5"
                                       << ""
                                       << "pass" << 1 << 0 << "'a'";
    }

    void scenarios()
    {
        QFETCH(QByteArray, zone);
        QFETCH(QString, ip);
        QFETCH(QString, sender);
        QFETCH(QString, result);
        QFETCH(int, lookups);
        QFETCH(int, voids);
        QFETCH(QString, reasonContains);
        const Evaluation e = evaluate(zone, ip, sender, QStringLiteral("mail.example.com"));
        QVERIFY2(resultName(e.result) == result,
            qPrintable(QStringLiteral("got %1: %2").arg(resultName(e.result), e.reason)));
        QCOMPARE(e.lookups, lookups);
        QCOMPARE(e.voidLookups, voids);
        QVERIFY2(e.reason.contains(reasonContains), qPrintable(e.reason));
    }

    void decidingPathAndTrace()
    {
        const Evaluation e = evaluate(sample("softfail.zone"), QStringLiteral("203.0.113.9"),
            QStringLiteral("promo@news.example"));
        QCOMPARE(e.result, Result::Pass);
        QVERIFY(e.decidingNode > 0);
        const TraceNode &deciding = e.trace.nodes[e.decidingNode];
        QCOMPARE(deciding.term.text, QStringLiteral("ip4:203.0.113.0/24"));
        // Path: root record -> include term -> included record -> ip4 term
        QList<int> path;
        for (int n = e.decidingNode; n >= 0; n = e.trace.nodes[n].parent)
            path.prepend(n);
        QCOMPARE(path.size(), 4);
        QCOMPARE(e.trace.nodes[path[1]].term.text, QStringLiteral("include:_spf.esp.example"));
        for (int n : path)
            QVERIFY(e.trace.nodes[n].onDecidingPath);
        // Terms after the match are kept as not reached.
        const TraceNode &root = e.trace.nodes[0];
        const TraceNode &last = e.trace.nodes[root.children.last()];
        QCOMPARE(last.term.text, QStringLiteral("~all"));
        QCOMPARE(last.outcome, Outcome::NotReached);
        // Every query made is evidence in the trace.
        QCOMPARE(e.trace.exchanges.size(),
            4); // TXT news.example, its MX, the MX host's A, TXT of the include
    }

    // RFC 7208 §4.8, §7.3: an expansion is cut to 253 characters by whole labels from the left;
    // a domain-spec's trailing dot is not one of them.
    void truncationIgnoresTheTrailingDot_data()
    {
        QTest::addColumn<int>("lastLabel");
        QTest::addColumn<bool>("cut");
        QTest::newRow("253 without the dot: kept") << 58 << false;
        QTest::newRow("254: the first label goes") << 59 << true;
    }

    void truncationIgnoresTheTrailingDot()
    {
        QFETCH(int, lastLabel);
        QFETCH(bool, cut);
        const QString local = QStringList {QString(59, u'a'), QString(59, u'b'), QString(59, u'c'),
            QString(lastLabel, u'd')}
                                  .join(u'.');
        const QString full = local + QStringLiteral(".tb.example.com");
        const QString expected = cut ? full.mid(full.indexOf(u'.') + 1) : full;
        QVERIFY(expected.size() <= 253);
        const QByteArray zone = "tb.example.com. TXT \"v=spf1 exists:%{l}.tb.example.com. -all\"\n"
            + expected.toLatin1() + ". A 127.0.0.2\n";
        const Evaluation e = evaluate(
            zone, QStringLiteral("192.0.2.1"), local + QStringLiteral("@tb.example.com"));
        QVERIFY2(e.result == Result::Pass, qPrintable(e.reason));
        QCOMPARE(full.size() > 253, cut);
    }

    // Where receivers read RFC 7208 differently, the result under each reading, side by side;
    // the alternative results are what pyspf and Mail::SPF really answer (tests/diff).
    void interpretations_data()
    {
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("rfc");
        QTest::addColumn<QString>("other");
        QTest::addColumn<QString>("otherResult");
        const QByteArray base = "$ORIGIN example.com.\n$TTL 300\n";
        QTest::newRow("void MX hosts") << base
                + "@ TXT \"v=spf1 mx mx:b.example.com ip4:192.0.2.99 -all\"\n"
                  "@ MX 10 gone1\n@ MX 20 gone2\nb MX 10 gone3\n"
                                       << "192.0.2.99"
                                       << "pass"
                                       << "pyspf, Mail::SPF"
                                       << "permerror";
        QByteArray eleven = base + "@ TXT \"v=spf1 mx -all\"\n";
        for (int i = 0; i < 11; ++i)
            eleven += "@ MX " + QByteArray::number(i) + " m" + QByteArray::number(i) + "\nm"
                + QByteArray::number(i) + " A 192.0.2." + QByteArray::number(60 + i) + "\n";
        QTest::newRow("11 MX names") << eleven << "192.0.2.60"
                                     << "permerror"
                                     << "Mail::SPF"
                                     << "pass";
        QTest::newRow("void PTR names") << base
                + "@ TXT \"v=spf1 exists:%{p}.allow.example.com -all\"\n"
                  "7.113.0.203.in-addr.arpa. PTR p0.example.com.\n"
                  "7.113.0.203.in-addr.arpa. PTR p1.example.com.\n"
                  "p1.example.com.allow A 127.0.0.2\n"
                                        << "203.0.113.7"
                                        << "fail"
                                        << "pyspf"
                                        << "permerror";
    }

    void interpretations()
    {
        QFETCH(QByteArray, zone);
        QFETCH(QString, ip);
        QFETCH(QString, rfc);
        QFETCH(QString, other);
        QFETCH(QString, otherResult);
        const Evaluation e = evaluate(zone, ip, QStringLiteral("a@example.com"));
        QCOMPARE(resultName(e.result), rfc);
        QCOMPARE(e.interpretations.size(), 2);
        QCOMPARE(e.interpretations[0].name, QStringLiteral("RFC 7208"));
        QCOMPARE(resultName(e.interpretations[0].result), rfc);
        QCOMPARE(e.interpretations[1].name, other);
        QCOMPARE(resultName(e.interpretations[1].result), otherResult);
        QVERIFY(e.interpretations[1].why.contains(QStringLiteral("§4.6.4")));
        // No extra DNS: the other readings replay what was seen.
        const Evaluation plain = evaluate(sample("softfail.zone"), QStringLiteral("203.0.113.9"),
            QStringLiteral("promo@news.example"));
        QVERIFY(plain.interpretations.isEmpty());
    }

    // Five places where deployed checkers part from RFC 7208, each checked against the peers
    // installed here (python3-spf 2.0.14, libmail-spf-perl 2.9.0) on the same zones: each
    // interpretation names the peer and predicts its result.
    void moreSplits_data()
    {
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QString>("helo");
        QTest::addColumn<QString>("expected"); // "RFC 7208=fail;pyspf=none;..." or "" (no split)
        const QByteArray base = "$ORIGIN example.com.\n$TTL 300\n";
        QTest::newRow("%{p} without a PTR record")
            << base + "@ TXT \"v=spf1 a:gone.example.com exists:%{p}.allow.example.com -all\"\n"
            << "192.0.2.200"
            << "u@example.com"
            << "h.example.org"
            << "RFC 7208=fail;pyspf, Mail::SPF=permerror";
        QTest::newRow("%{p} without a PTR record, under the limit")
            << base + "@ TXT \"v=spf1 exists:%{p}.allow.example.com -all\"\n"
            << "192.0.2.200"
            << "u@example.com"
            << "h.example.org"
            << "";
        QTest::newRow("trailing dot in %{d}")
            << base + "@ TXT \"v=spf1 exists:%{d}.x.example.com -all\"\nexample.com.x A 127.0.0.2\n"
            << "192.0.2.20"
            << "u@example.com."
            << "h.example.org"
            << "RFC 7208=fail;pyspf=none;Mail::SPF=pass";
        QTest::newRow("trailing dot, no macro") << base + "@ TXT \"v=spf1 ip4:192.0.2.70 -all\"\n"
                                                << "192.0.2.70"
                                                << "u@example.com."
                                                << "h.example.org"
                                                << "RFC 7208=pass;pyspf=none";
        QTest::newRow("trailing dot in the HELO identity's %{d}")
            << base
                + "mail TXT \"v=spf1 exists:%{d}.x.example.com -all\"\n"
                  "mail.example.com.x A 127.0.0.2\n"
            << "192.0.2.20"
            << ""
            << "mail.example.com."
            << "RFC 7208=fail;pyspf=none;Mail::SPF=pass";
        QTest::newRow("%{c} in an unknown modifier")
            << base + "@ TXT \"v=spf1 ip4:192.0.2.40 foo=%{c} -all\"\n"
            << "192.0.2.40"
            << "u@example.com"
            << "h.example.org"
            << "RFC 7208=pass;pyspf=permerror";
        QTest::newRow("%{R} in an unknown modifier")
            << base + "@ TXT \"v=spf1 ip4:192.0.2.40 foo=x.%{R} -all\"\n"
            << "192.0.2.41"
            << "u@example.com"
            << "h.example.org"
            << "RFC 7208=fail;pyspf=permerror";
        QTest::newRow("%{i} in an unknown modifier")
            << base + "@ TXT \"v=spf1 ip4:192.0.2.40 foo=%{i} -all\"\n"
            << "192.0.2.40"
            << "u@example.com"
            << "h.example.org"
            << "";
    }

    void moreSplits()
    {
        QFETCH(QByteArray, zone);
        QFETCH(QString, ip);
        QFETCH(QString, sender);
        QFETCH(QString, helo);
        QFETCH(QString, expected);
        const Evaluation e = evaluate(zone, ip, sender, helo);
        QStringList got;
        for (const Interpretation &i : e.interpretations)
            got << i.name + u'=' + resultName(i.result);
        QCOMPARE(got.join(u';'), expected);
        if (!e.interpretations.isEmpty())
            QCOMPARE(e.interpretations.front().result, e.result);
    }

    // pyspf looks up every MX host before matching: a SERVFAIL at the second host after the
    // first matched is its temperror.
    void splitMxHostAfterAMatch()
    {
        Dns::MemoryResolver resolver;
        QVERIFY(resolver
                    .loadZoneText("$ORIGIN example.com.\n$TTL 300\n@ TXT \"v=spf1 mx -all\"\n"
                                  "@ MX 10 mx1\n@ MX 20 mx2\nmx1 A 192.0.2.30\n")
                    .has_value());
        resolver.addFault(
            QStringLiteral("mx2.example.com"), Dns::Type::A, Dns::MemoryResolver::Fault::ServFail);
        Evaluator evaluator(resolver);
        const Evaluation e
            = evaluator.evaluate(CheckRequest {*Net::parseIp(QStringLiteral("192.0.2.30")),
                QStringLiteral("u@example.com"), QString(), {}, {}});
        QCOMPARE(e.result, Result::Pass);
        QCOMPARE(e.interpretations.size(), 2);
        QCOMPARE(e.interpretations[1].name, QStringLiteral("pyspf"));
        QCOMPARE(e.interpretations[1].result, Result::TempError);
        QVERIFY(e.interpretations[1].why.contains(QStringLiteral("§5.4")));
    }

    // A CNAME loop as an authoritative server serves it (the chain, NOERROR): no record here, a
    // DNS error to pyspf. Through a recursive resolver (SERVFAIL) nobody splits.
    void splitCnameLoop()
    {
        Dns::MemoryResolver resolver;
        QVERIFY(resolver
                    .loadZoneText("$ORIGIN example.com.\n$TTL 300\n"
                                  "@ TXT \"v=spf1 a:c0.example.com ip4:192.0.2.50 -all\"\n")
                    .has_value());
        Dns::Response loop;
        loop.question = Dns::Question {QStringLiteral("c0.example.com"), Dns::Type::A};
        for (const auto &[from, to] : {std::pair {"c0", "c1"}, std::pair {"c1", "c0"}}) {
            Dns::Record cname;
            cname.name = QLatin1String(from) + QStringLiteral(".example.com");
            cname.type = Dns::Type::CNAME;
            cname.ttl = 300;
            cname.target = QLatin1String(to) + QStringLiteral(".example.com");
            cname.data = cname.target + u'.';
            loop.answers << cname;
        }
        QVERIFY(loop.isCnameLoop());
        resolver.addCaptured({Dns::Exchange {loop.question, Dns::Answer(loop), {}}});
        Evaluator evaluator(resolver);
        const Evaluation e
            = evaluator.evaluate(CheckRequest {*Net::parseIp(QStringLiteral("192.0.2.50")),
                QStringLiteral("u@example.com"), QString(), {}, {}});
        QCOMPARE(e.result, Result::Pass);
        QCOMPARE(e.interpretations.size(), 2);
        QCOMPARE(e.interpretations[1].name, QStringLiteral("pyspf"));
        QCOMPARE(e.interpretations[1].result, Result::TempError);
        // The MemoryResolver's own loop (what a recursive resolver says): SERVFAIL, no split.
        Dns::MemoryResolver recursive;
        QVERIFY(recursive
                    .loadZoneText("$ORIGIN example.com.\n$TTL 300\n"
                                  "@ TXT \"v=spf1 a:c0.example.com ip4:192.0.2.50 -all\"\n"
                                  "c0 CNAME c1\nc1 CNAME c0\n")
                    .has_value());
        const Evaluation r = Evaluator(recursive).evaluate(
            CheckRequest {*Net::parseIp(QStringLiteral("192.0.2.50")),
                QStringLiteral("u@example.com"), QString(), {}, {}});
        QCOMPARE(r.result, Result::TempError);
        QVERIFY(r.interpretations.isEmpty());
    }

    void explanationMacros()
    {
        const Evaluation e = evaluate(sample("macro-exists.zone"), QStringLiteral("192.0.2.45"),
            QStringLiteral("ceo@macro.example"));
        QCOMPARE(e.result, Result::Fail);
        QCOMPARE(e.explanation,
            QStringLiteral("192.0.2.45 is not authorized to send mail as ceo@macro.example; see "
                           "https://macro.example/spf"));
        const TraceNode &exists = e.trace.nodes[e.trace.nodes[0].children.at(1)];
        QCOMPARE(exists.expansions.size(), 2);
        QCOMPARE(exists.expansions[0].macro, QStringLiteral("%{i}"));
        QCOMPARE(exists.expansions[0].value, QStringLiteral("192.0.2.45"));
    }

    void mxDivergenceNoted()
    {
        const Evaluation e = evaluate(
            "$ORIGIN example.com.\n@ TXT \"v=spf1 mx -all\"\n@ MX 10 mx1\nmx1 A 192.0.2.10\n",
            QStringLiteral("192.0.2.99"), QStringLiteral("a@example.com"));
        QCOMPARE(e.result, Result::Fail);
        QCOMPARE(e.divergences.size(), 1);
        QVERIFY(e.divergences.front().startsWith(QStringLiteral("MX counting")));
    }

    void crossingTermMarked()
    {
        const Evaluation e = evaluate(sample("too-many-lookups.zone"),
            QStringLiteral("203.0.113.200"), QStringLiteral("ap@bigcorp.example"));
        QCOMPARE(e.result, Result::PermError);
        const TraceNode &n = e.trace.nodes[e.decidingNode];
        QVERIFY(n.crossesLimit);
        QCOMPARE(n.term.text, QStringLiteral("include:_b.helpdesk.example"));
    }

    void draftOverride()
    {
        Dns::MemoryResolver resolver;
        QVERIFY(resolver.loadZoneText(sample("ipv4-typo.zone")).has_value());
        EvaluatorOptions options;
        options.recordOverrides.insert(
            QStringLiteral("pclnet.example"), QStringLiteral("v=spf1 mx ip4:64.8.71.112 -all"));
        Evaluator evaluator(resolver, options);
        const Evaluation e
            = evaluator.evaluate(CheckRequest {*Net::parseIp(QStringLiteral("64.8.71.112")),
                QStringLiteral("u@pclnet.example"), {}, {}, {}});
        QCOMPARE(e.result, Result::Pass);
    }

    void auditTree()
    {
        Dns::MemoryResolver resolver;
        QVERIFY(resolver.loadZoneText(sample("too-many-lookups.zone")).has_value());
        Auditor auditor(resolver);
        const Audit a = auditor.run(QStringLiteral("bigcorp.example"));
        QCOMPARE(a.lookups, 13);
        QVERIFY(a.crossingNode > 0);
        QCOMPARE(
            a.trace.nodes[a.crossingNode].term.text, QStringLiteral("include:_b.helpdesk.example"));
        QCOMPARE(a.trace.nodes[0].subtreeLookups, 13);
        // Every network with the branch that names it.
        const auto it
            = std::find_if(a.networks.cbegin(), a.networks.cend(), [](const AuthorizedNetwork &n) {
                  return n.network == QLatin1String("198.51.100.64/26");
              });
        QVERIFY(it != a.networks.cend());
        QCOMPARE(it->via,
            QStringLiteral("bigcorp.example > include:_spf.crm.example > include:_net2.crm.example "
                           "> ip4:198.51.100.64/26"));
        QVERIFY(a.complete());
    }

    void auditVoidsAndLoops()
    {
        Dns::MemoryResolver resolver;
        QVERIFY(resolver.loadZoneText(sample("void-lookups.zone")).has_value());
        QVERIFY(resolver.loadZoneText(sample("include-loop.zone")).has_value());
        Auditor auditor(resolver);
        const Audit voids = auditor.run(QStringLiteral("shop.example"));
        QCOMPARE(voids.voidLookups, 3);
        QCOMPARE(voids.trace.nodes[voids.voidCrossingNode].term.text,
            QStringLiteral("mx:legacy.shop.example"));
        const Audit loop = auditor.run(QStringLiteral("loop.example"));
        QCOMPARE(loop.loops,
            QStringList {QStringLiteral("loop.example > _spf.partner.example > loop.example")});
    }

    // A hostile publisher: every include fans out to 20 more, forever (wildcard + macro).
    void auditCapsHostileFanOut()
    {
        Dns::MemoryResolver resolver;
        QByteArray zone = "$ORIGIN fan.example.\n@ TXT \"v=spf1 include:a0.fan.example -all\"\n";
        QByteArray fan = "\"v=spf1\"";
        for (int i = 0; i < 20; ++i)
            fan += " \" include:x" + QByteArray::number(i) + ".%{d}\"";
        zone += "*.fan.example. TXT " + fan + " \" -all\"\n";
        QVERIFY(resolver.loadZoneText(zone).has_value());
        AuditOptions options;
        options.maxQueries = 300;
        Auditor auditor(resolver, options);
        const Audit a = auditor.run(QStringLiteral("fan.example"));
        QVERIFY(!a.complete());
        QVERIFY(a.trace.exchanges.size() <= 300);
        QVERIFY(!a.capsHit.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestEvaluator)
#include "tst_evaluator.moc"
