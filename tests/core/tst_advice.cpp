// Advice beyond syntax: the address space a tree authorizes, several records, '+all' where it
// hurts, and a reduction plan that must authorize exactly what the published tree does.

#include <QFile>
#include <QJsonArray>
#include <QTest>

#include "common/psl.h"
#include "dns/cachingresolver.h"
#include "dns/memoryresolver.h"
#include "dns/recordingresolver.h"
#include "spf/advice.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"
#include "spf/parser.h"
#include "spf/spfjson.h"

using namespace Spf;

namespace {

Audit audit(const QByteArray &zone, const QString &domain)
{
    Dns::MemoryResolver r;
    if (!r.loadZoneText(zone).has_value())
        qFatal("bad zone");
    return Auditor(r).run(domain);
}

QByteArray sample(const char *name)
{
    QFile f(QStringLiteral(SLEUTH_RESOURCES "/samples/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no sample %s", name);
    return f.readAll();
}

const Advice *find(const QList<Advice> &advice, const char *kind)
{
    for (const Advice &a : advice) {
        if (a.kind == QLatin1String(kind))
            return &a;
    }
    return nullptr;
}

// The plan's records, evaluated with the real limits over the zone: how many lookups, and the
// result for one address.
Evaluation evaluatePlan(
    const QByteArray &zone, const Advice &plan, const QString &domain, const QString &ip)
{
    Dns::MemoryResolver r;
    r.loadZoneText(zone);
    EvaluatorOptions options;
    for (const QJsonValue &v : plan.figures.value(QLatin1String("records")).toArray()) {
        const QJsonObject o = v.toObject();
        options.recordOverrides.insert(
            o.value(QLatin1String("name")).toString(), o.value(QLatin1String("text")).toString());
    }
    return Evaluator(r, options)
        .evaluate(CheckRequest {QHostAddress(ip), QStringLiteral("postmaster@") + domain, {}, {},
            QStringLiteral("unknown")});
}

} // namespace

class TestAdvice : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reductionPlanForTheSample()
    {
        const QByteArray zone = sample("too-many-lookups.zone");
        const Audit a = audit(zone, QStringLiteral("bigcorp.example"));
        QCOMPARE(a.lookups, 13);
        const QList<Advice> advice = treeAdvice(a);
        const Advice *plan = find(advice, "reduction-plan");
        QVERIFY(plan);
        QCOMPARE(plan->severity, Severity::Error);
        QVERIFY(!plan->proposal.isEmpty());
        QVERIFY(plan->figures.value(QLatin1String("lookups_after")).toInt() <= 10);
        const QJsonObject verified = plan->figures.value(QLatin1String("verified")).toObject();
        QVERIFY(verified.value(QLatin1String("addresses_checked")).toInt() > 10);
        QVERIFY(verified.value(QLatin1String("differences")).toArray().isEmpty());
        QVERIFY(plan->message.contains(QStringLiteral("go stale")));
        // Published as planned, the tree fits the limit and every sender still passes.
        for (const char *ip : {"198.51.100.1", "198.51.100.130", "203.0.113.10", "192.0.2.25",
                 "192.0.2.161", "203.0.113.200"}) {
            const Evaluation e = evaluatePlan(
                zone, *plan, QStringLiteral("bigcorp.example"), QString::fromLatin1(ip));
            QVERIFY2(e.result == Result::Pass, ip);
            QVERIFY(e.lookups <= 10);
        }
        QCOMPARE(evaluatePlan(zone, *plan, QStringLiteral("bigcorp.example"),
                     QStringLiteral("203.0.113.254"))
                     .result,
            Result::Fail);
        // Every record of the plan lints clean and fits one TXT answer.
        for (const QJsonValue &v : plan->figures.value(QLatin1String("records")).toArray()) {
            const QString text = v.toObject().value(QLatin1String("text")).toString();
            QVERIFY2(!parseRecord(text).hasErrors(), qPrintable(text));
            QVERIFY(text.size() <= 450);
        }
        const Advice *space = find(advice, "address-space");
        QVERIFY(space);
        QCOMPARE(space->figures.value(QLatin1String("ipv4")).toDouble(), 386.0);
    }

    // Ranges that do not fit one answer move to chained records, each one lookup; a provider
    // whose record uses a macro is never flattened.
    void bigProvidersAreChained()
    {
        QByteArray zone = "$ORIGIN big.example.\n@ TXT \"v=spf1";
        for (int p = 0; p < 11; ++p) // one character-string holds at most 255 octets
            zone += (p == 6 ? "\" \" include:_p" : " include:_p") + QByteArray::number(p)
                + ".big.example";
        zone += " include:_m.big.example -all\"\n";
        for (int p = 0; p < 11; ++p) {
            zone += "_p" + QByteArray::number(p) + " TXT \"v=spf1";
            for (int i = 0; i < 8; ++i)
                zone += " ip4:10." + QByteArray::number(p) + "." + QByteArray::number(i * 2)
                    + ".0/24";
            zone += " ~all\"\n";
        }
        zone += "_m TXT \"v=spf1 exists:%{i}._e.big.example -all\"\n";
        const Audit a = audit(zone, QStringLiteral("big.example"));
        QCOMPARE(a.lookups, 13);
        const QList<Advice> advice = treeAdvice(a); // find() points into it
        const Advice *plan = find(advice, "reduction-plan");
        QVERIFY(plan);
        const QJsonArray records = plan->figures.value(QLatin1String("records")).toArray();
        QVERIFY2(records.size() >= 3, qPrintable(plan->message)); // the domain's and chunks
        QVERIFY(plan->proposal.contains(QStringLiteral("_spf1.big.example. IN TXT")));
        QVERIFY(plan->proposal.contains(QStringLiteral("include:_m.big.example")));
        const QStringList refused = [&] {
            QStringList out;
            for (const QJsonValue &v :
                plan->figures.value(QLatin1String("not_flattened")).toArray())
                out << v.toString();
            return out;
        }();
        QVERIFY2(
            refused.join(u' ').contains(QStringLiteral("macro")), qPrintable(refused.join(u' ')));
        for (const QJsonValue &v : records) {
            const QString text = v.toObject().value(QLatin1String("text")).toString();
            QVERIFY2(text.toLatin1().size() <= 450, qPrintable(text));
        }
        QVERIFY(plan->figures.value(QLatin1String("lookups_after")).toInt() <= 10);
        QVERIFY(plan->figures.value(QLatin1String("verified"))
                    .toObject()
                    .value(QLatin1String("differences"))
                    .toArray()
                    .isEmpty());
        const Evaluation e = evaluatePlan(
            zone, *plan, QStringLiteral("big.example"), QStringLiteral("10.10.14.9"));
        QCOMPARE(e.result, Result::Pass);
        QVERIFY(e.lookups <= 10);
    }

    void severalRecordsMerged()
    {
        const Audit a = audit("$ORIGIN two.example.\n@ TXT \"v=spf1 ip4:192.0.2.1 mx ~all\"\n"
                              "@ TXT \"v=spf1 ip4:192.0.2.1 include:_spf.esp.example -all\"\n",
            QStringLiteral("two.example"));
        const QList<Advice> advice = treeAdvice(a);
        const Advice *merged = find(advice, "several-records");
        QVERIFY(merged);
        QCOMPARE(merged->proposal,
            QStringLiteral("v=spf1 ip4:192.0.2.1 mx include:_spf.esp.example -all"));
        QVERIFY(!parseRecord(merged->proposal).hasErrors());
        QVERIFY(merged->message.contains(QStringLiteral("Review it")));
    }

    void plusAllInAnIncludeAuthorizesEverybody()
    {
        const Audit a
            = audit("$ORIGIN open.example.\n@ TXT \"v=spf1 include:_p.open.example -all\"\n"
                    "_p TXT \"v=spf1 ip4:192.0.2.0/24 +all\"\n",
                QStringLiteral("open.example"));
        const QList<Advice> advice = treeAdvice(a);
        const Advice *plus = find(advice, "plus-all");
        QVERIFY(plus);
        QVERIFY(plus->message.contains(QStringLiteral("_p.open.example")));
        QVERIFY(plus->proposal.isEmpty()); // not the domain's own record to change
        QVERIFY(authorizedSpace(a).everyIpv4());
        // Under a '-' include, '+all' passes nobody.
        const Audit b = audit("$ORIGIN shut.example.\n@ TXT \"v=spf1 -include:_p.shut.example "
                              "ip4:192.0.2.1 -all\"\n_p TXT \"v=spf1 +all\"\n",
            QStringLiteral("shut.example"));
        const QList<Advice> shut = treeAdvice(b);
        QVERIFY(!find(shut, "plus-all"));
        QCOMPARE(authorizedSpace(b).ipv4Count(), quint64(1));
    }

    // A target whose registrable domain (Public Suffix List) does not exist: anyone may
    // register it. A missing name under a domain that exists is not that.
    void danglingTargets()
    {
        QCOMPARE(Net::registrableDomain(QStringLiteral("mail.example.co.uk")),
            QStringLiteral("example.co.uk"));
        QCOMPARE(Net::registrableDomain(QStringLiteral("_spf.Provider.example.")),
            QStringLiteral("provider.example"));
        QVERIFY(Net::registrableDomain(QStringLiteral("co.uk")).isEmpty());
        Dns::MemoryResolver r;
        QVERIFY(r.loadZoneText("$ORIGIN shop.example.\n@ TXT \"v=spf1 "
                               "include:_spf.gone-mailer.example a:gone.shop.example "
                               "include:_spf.other.example ~all\"\n"
                               "$ORIGIN other.example.\n@ SOA ns1 hostmaster 1 2 3 4 5\n")
                    .has_value());
        const Audit a = Auditor(r).run(QStringLiteral("shop.example"));
        TreeAdviceOptions options;
        options.resolver = &r;
        const QList<Advice> advice = treeAdvice(a, options);
        QStringList dangling;
        for (const Advice &x : advice) {
            if (x.kind == QLatin1String("dangling-target"))
                dangling << x.figures.value(QLatin1String("registrable_domain")).toString();
        }
        QCOMPARE(dangling, QStringList {QStringLiteral("gone-mailer.example")});
    }

    // An MX host (and the HELO name) that also sends over IPv6 from an address the record does
    // not list.
    void ipv6Coverage()
    {
        Dns::MemoryResolver r;
        QVERIFY(r.loadZoneText("$ORIGIN six.example.\n@ TXT \"v=spf1 ip4:192.0.2.25 "
                               "ip4:192.0.2.26 -all\"\n@ MX 10 mx1\nmx1 A 192.0.2.25\n"
                               "mx1 AAAA 2001:db8::25\nout A 192.0.2.26\nout AAAA 2001:db8::26\n")
                    .has_value());
        const Audit a = Auditor(r).run(QStringLiteral("six.example"));
        TreeAdviceOptions options;
        options.resolver = &r;
        options.helo = QStringLiteral("out.six.example");
        const QList<Advice> advice = treeAdvice(a, options);
        const Advice *six = find(advice, "ipv6-coverage");
        QVERIFY(six);
        QStringList addresses;
        for (const QJsonValue &v : six->figures.value(QLatin1String("addresses")).toArray())
            addresses << v.toObject().value(QLatin1String("address")).toString();
        QCOMPARE(addresses,
            (QStringList {QStringLiteral("2001:db8::25"), QStringLiteral("2001:db8::26")}));
        QVERIFY(six->message.contains(QStringLiteral("mx1.six.example (an MX host of six.example) "
                                                     "sends from 2001:db8::25 over IPv6: fail")));
        // Without a resolver nothing is asked, and nothing is claimed.
        const QList<Advice> offline = treeAdvice(a);
        QVERIFY(!find(offline, "ipv6-coverage"));
    }

    // AdviceAhead asks the questions the advice will ask (coverage of the MX hosts and the HELO
    // name, and whether a missing target's registrable domain exists): with its answers in hand
    // the advice asks nothing more, and says the same as when it asks them itself.
    void askedAhead()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(
            zone->loadZoneText("$ORIGIN cov.example.\n@ TXT \"v=spf1 ip4:192.0.2.25 "
                               "a:out.gone-mailer.example exists:%{i}._spf.cov.example -all\"\n"
                               "@ MX 10 mx1\n@ MX 20 mx2\nmx1 A 192.0.2.25\nmx1 AAAA 2001:db8::25\n"
                               "mx2 A 192.0.2.27\nout A 192.0.2.26\nout AAAA 2001:db8::26\n"
                               "192.0.2.27._spf A 127.0.0.2\n")
                .has_value());
        const Audit a = Auditor(*zone).run(QStringLiteral("cov.example"));
        TreeAdviceOptions alone;
        alone.resolver = zone.get();
        alone.helo = QStringLiteral("out.cov.example");
        const QList<Advice> expected = treeAdvice(a, alone);
        QVERIFY(find(expected, "dangling-target") && find(expected, "ipv6-coverage"));

        auto recorder = std::make_shared<Dns::RecordingResolver>(zone);
        Dns::CachingResolver cache(recorder);
        {
            AdviceAhead ahead(cache, a.domain, alone.helo);
            for (const Dns::Exchange &e : a.trace.exchanges)
                ahead.targetAnswered(e.question.name, e.answer);
            ahead.finish();
            // Later answers come too late: nothing more is asked.
            const qsizetype asked = recorder->exchanges().size();
            ahead.targetAnswered(QStringLiteral("_spf.elsewhere.example"),
                zone->resolve(
                    Dns::Question {QStringLiteral("nx.elsewhere.example"), Dns::Type::A}));
            QCOMPARE(recorder->exchanges().size(), asked);
        }
        const auto has = [&](const QString &name, quint16 type) {
            for (const Dns::Exchange &e : recorder->exchanges()) {
                if (e.question.name == name && e.question.type == type)
                    return true;
            }
            return false;
        };
        QVERIFY(has(QStringLiteral("gone-mailer.example"), Dns::Type::SOA));
        QVERIFY(has(QStringLiteral("mx2.cov.example"), Dns::Type::AAAA));
        QVERIFY(has(QStringLiteral("192.0.2.27._spf.cov.example"), Dns::Type::A));
        Dns::RecordingResolver late(zone); // what the advice still asks
        TreeAdviceOptions inHand = alone;
        inHand.resolver = &late;
        inHand.known = recorder->exchanges();
        QCOMPARE(treeAdvice(a, inHand), expected);
        QCOMPARE(late.exchanges().size(), 0);
    }

    void wideAndMany()
    {
        const QList<Advice> advice = recordAdvice(
            parseRecord(QStringLiteral("v=spf1 ip4:10.0.0.0/8 ip6:2001:db8::/29 ?all")),
            QStringLiteral("wide.example"));
        int wide = 0;
        for (const Advice &a : advice)
            wide += a.kind == QLatin1String("wide-range") ? 1 : 0;
        QCOMPARE(wide, 2);
        QVERIFY(find(advice, "neutral-all"));
        const Audit a = audit("$ORIGIN many.example.\n@ TXT \"v=spf1 ip4:198.51.0.0/15 -all\"\n",
            QStringLiteral("many.example"));
        const QList<Advice> many = treeAdvice(a);
        QVERIFY(find(many, "many-addresses"));
        // The JSON contract: kind, severity, message, terms, proposal, then the figures.
        const QJsonObject o = Json::fromAdvice(*find(advice, "wide-range"));
        for (const char *field : {"kind", "severity", "message", "terms", "proposal", "network"})
            QVERIFY2(o.contains(QLatin1String(field)), field);
        QCOMPARE(
            o.value(QLatin1String("terms")).toArray().at(0).toObject().value(QLatin1String("term")),
            QStringLiteral("ip4:10.0.0.0/8"));
    }
};

QTEST_APPLESS_MAIN(TestAdvice)
#include "tst_advice.moc"
