// A permerror or temperror shown on the term that caused it, with a proposal that never passes
// more than the record as written meant: void lookups, too many lookups, a loop, a missing
// include target.
#include <QFile>
#include <QTest>

#include "dns/memoryresolver.h"
#include "spf/advice.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"

using namespace Spf;

namespace {

QByteArray sample(const char *name)
{
    QFile f(QStringLiteral(SLEUTH_RESOURCES "/samples/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no sample %s", name);
    return f.readAll();
}

Evaluation evaluate(const QByteArray &zone, const QString &sender, const QString &ip,
    const QHash<QString, QString> &overrides = {})
{
    Dns::MemoryResolver r;
    if (!r.loadZoneText(zone).has_value())
        qFatal("bad zone");
    EvaluatorOptions options;
    options.recordOverrides = overrides;
    return Evaluator(r, options).evaluate(CheckRequest {QHostAddress(ip), sender, {}, {}});
}

const Advice *find(const QList<Advice> &advice, const char *kind)
{
    for (const Advice &a : advice) {
        if (a.kind == QLatin1String(kind))
            return &a;
    }
    return nullptr;
}

QStringList terms(const Advice &a)
{
    QStringList out;
    for (const AdviceTerm &t : a.terms)
        out << t.term;
    return out;
}

const QByteArray missingTarget = "$ORIGIN gone.example.\n"
                                 "@ 3600 IN TXT \"v=spf1 include:_spf.oldesp.example "
                                 "ip4:198.51.100.1 -all\"\n";

} // namespace

class TestErrorCauses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void voidLookups()
    {
        const QByteArray zone = sample("void-lookups.zone");
        const Evaluation e
            = evaluate(zone, QStringLiteral("billing@shop.example"), QStringLiteral("192.0.2.99"));
        QCOMPARE(e.result, Result::PermError);
        const QList<Advice> causes = errorCauses(e.trace);
        const Advice *a = find(causes, "void-lookups");
        QVERIFY(a);
        QCOMPARE(a->severity, Severity::Error);
        QCOMPARE(terms(*a),
            (QStringList {QStringLiteral("a:old-mail.shop.example"),
                QStringLiteral("a:relay.shop.example"), QStringLiteral("mx:legacy.shop.example")}));
        QCOMPARE(a->terms.front().domain, QStringLiteral("shop.example"));
        QCOMPARE(a->terms.front().offset, 7);
        QVERIFY(a->message.contains(QStringLiteral("drop the dead terms")));
        // Each term has its own short line: what its lookup found, its place in the count.
        QCOMPARE(a->terms[1].note,
            QStringLiteral("the name does not exist (void lookup 2 of 2 allowed)"));
        QCOMPARE(a->terms[2].note,
            QStringLiteral(
                "the name does not exist (void lookup 3, over the 2 allowed: permerror)"));
        QCOMPARE(a->proposal, QStringLiteral("v=spf1 ip4:192.0.2.99 -all"));
        // The proposal passes what the record meant to pass, and nothing more.
        const QHash<QString, QString> draft {{QStringLiteral("shop.example"), a->proposal}};
        QCOMPARE(evaluate(zone, QStringLiteral("billing@shop.example"),
                     QStringLiteral("192.0.2.99"), draft)
                     .result,
            Result::Pass);
        QCOMPARE(evaluate(zone, QStringLiteral("billing@shop.example"),
                     QStringLiteral("192.0.2.100"), draft)
                     .result,
            Result::Fail);
        // The whole tree says the same.
        Dns::MemoryResolver r;
        r.loadZoneText(zone);
        QVERIFY(find(
            errorCauses(Auditor(r).run(QStringLiteral("shop.example")).trace), "void-lookups"));
    }

    void tooManyLookups()
    {
        const Evaluation e = evaluate(sample("too-many-lookups.zone"),
            QStringLiteral("ap@bigcorp.example"), QStringLiteral("203.0.113.200"));
        QCOMPARE(e.result, Result::PermError);
        const QList<Advice> causes = errorCauses(e.trace);
        const Advice *a = find(causes, "too-many-lookups");
        QVERIFY(a);
        QCOMPARE(terms(*a), QStringList {QStringLiteral("include:_b.helpdesk.example")});
        QCOMPARE(a->terms.front().domain, QStringLiteral("_spf.helpdesk.example"));
        QVERIFY(a->message.contains(QStringLiteral("flatten")));
        QVERIFY2(a->message.contains(QStringLiteral("is DNS lookup 11 of the 10 allowed")),
            qPrintable(a->message));
        QVERIFY(a->proposal.isEmpty()); // the reduction plan is the proposal
    }

    void loop()
    {
        const Evaluation e = evaluate(sample("include-loop.zone"),
            QStringLiteral("news@loop.example"), QStringLiteral("198.51.100.7"));
        QCOMPARE(e.result, Result::PermError);
        const QList<Advice> causes = errorCauses(e.trace);
        QCOMPARE(causes.size(), 1);
        const Advice &a = causes.front();
        QCOMPARE(a.kind, QStringLiteral("loop"));
        QCOMPARE(terms(a), QStringList {QStringLiteral("include:loop.example")});
        QCOMPARE(a.terms.front().domain, QStringLiteral("_spf.partner.example"));
        QCOMPARE(
            a.terms.front().note, QStringLiteral("loops back to a record already being checked"));
        QCOMPARE(a.proposal, QStringLiteral("v=spf1 ip4:203.0.113.0/28 ~all"));
    }

    void missingIncludeTarget()
    {
        const Evaluation e = evaluate(
            missingTarget, QStringLiteral("a@gone.example"), QStringLiteral("198.51.100.1"));
        QCOMPARE(e.result, Result::PermError);
        const QList<Advice> causes = errorCauses(e.trace);
        QCOMPARE(causes.size(), 1);
        QCOMPARE(causes.front().kind, QStringLiteral("missing-include-target"));
        QCOMPARE(
            causes.front().terms.front().note, QStringLiteral("names a domain with no SPF record"));
        QCOMPARE(
            terms(causes.front()), QStringList {QStringLiteral("include:_spf.oldesp.example")});
        QCOMPARE(causes.front().proposal, QStringLiteral("v=spf1 ip4:198.51.100.1 -all"));
    }

    // A term that is not '+' is never dropped: dropping "-include:..." would pass more.
    void neverAuthorizesMore()
    {
        const QByteArray zone = "$ORIGIN strict.example.\n"
                                "@ 3600 IN TXT \"v=spf1 -include:_spf.gone.example "
                                "ip4:198.51.100.0/24 -all\"\n";
        const Evaluation e
            = evaluate(zone, QStringLiteral("a@strict.example"), QStringLiteral("198.51.100.1"));
        QCOMPARE(e.result, Result::PermError);
        const QList<Advice> causes = errorCauses(e.trace);
        QCOMPARE(causes.size(), 1);
        QVERIFY(causes.front().proposal.isEmpty());
        // A record that works: nothing to say.
        QVERIFY(errorCauses(evaluate(sample("softfail.zone"), QStringLiteral("promo@news.example"),
                                QStringLiteral("198.51.100.77"))
                                .trace)
                    .isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestErrorCauses)
#include "tst_errorcauses.moc"
