// DMARC records: every problem with its range; discovery as RFC 9989 receivers do it (the DNS
// tree walk, psd=, np=, t=) and as RFC 7489 receivers do (the From domain, then its
// organizational domain under the Public Suffix List), always both; the policy that applies,
// alignment per reading, and a DNS failure never taken for "no record".

#include <QFile>
#include <QJsonArray>
#include <QTest>

#include "dmarc/dmarc.h"
#include "dns/memoryresolver.h"
#include "paste/bounce.h"

class TestDmarc : public QObject
{
    Q_OBJECT

    static QStringList codes(const Dmarc::Record &r)
    {
        QStringList out;
        for (const Dmarc::Diagnostic &d : r.diagnostics)
            out << d.code;
        return out;
    }

    // tests/data/dmarc/walk.zone
    static void load(Dns::MemoryResolver &dns)
    {
        QFile f(QStringLiteral(SLEUTH_TEST_DATA "/dmarc/walk.zone"));
        if (!f.open(QIODevice::ReadOnly) || !dns.loadZoneText(f.readAll()))
            qFatal("tests/data/dmarc/walk.zone does not load");
    }

    static QStringList names(const QList<Dmarc::Step> &steps)
    {
        QStringList out;
        for (const Dmarc::Step &s : steps)
            out << s.name;
        return out;
    }

    static Dmarc::Reading reading(const Dmarc::Lookup &l, const char *name)
    {
        for (const Dmarc::Reading &r : l.readings) {
            if (r.name == QLatin1String(name))
                return r;
        }
        return {};
    }

    static QStringList sl(std::initializer_list<const char *> items)
    {
        QStringList out;
        for (const char *i : items)
            out << QString::fromLatin1(i);
        return out;
    }

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("record");
        QTest::addColumn<QStringList>("codes");
        QTest::addColumn<QString>("p");
        QTest::newRow("clean") << QStringLiteral("v=DMARC1; p=reject; rua=mailto:d@example.com")
                               << QStringList {} << QStringLiteral("reject");
        QTest::newRow("monitoring") << QStringLiteral("v=DMARC1; p=none") << sl({"monitoring-only"})
                                    << QStringLiteral("none");
        QTest::newRow("lower-case version") << QStringLiteral("v=dmarc1; p=reject")
                                            << sl({"invalid-version"}) << QStringLiteral("reject");
        QTest::newRow("missing p, rua")
            << QStringLiteral("v=DMARC1; rua=mailto:d@example.com")
            << sl({"missing-p", "monitoring-only"}) << QStringLiteral("none");
        QTest::newRow("missing p")
            << QStringLiteral("v=DMARC1; pct=20") << sl({"removed-tag", "missing-p", "partial-pct"})
            << QStringLiteral("");
        QTest::newRow("bad values")
            << QStringLiteral(
                   "v=DMARC1; p=block; sp=rejected; pct=101; adkim=x; aspf=relaxed; fo=2; np=no")
            << sl({"invalid-p", "invalid-sp", "removed-tag", "invalid-pct", "invalid-alignment",
                   "invalid-alignment", "invalid-fo", "invalid-np"})
            << QStringLiteral("");
        // RFC 9989 removed pct, rf and ri: older receivers may still read them.
        QTest::newRow("removed tags")
            << QStringLiteral("v=DMARC1; p=reject; pct=100; rf=afrf; ri=86400")
            << sl({"removed-tag", "removed-tag", "removed-tag"}) << QStringLiteral("reject");
        QTest::newRow("np weaker than p") << QStringLiteral("v=DMARC1; p=reject; np=quarantine")
                                          << sl({"np-weaker"}) << QStringLiteral("reject");
        QTest::newRow("np weaker than sp")
            << QStringLiteral("v=DMARC1; p=none; sp=reject; np=none")
            << sl({"monitoring-only", "np-weaker"}) << QStringLiteral("none");
        QTest::newRow("np as strong") << QStringLiteral("v=DMARC1; p=quarantine; np=reject")
                                      << QStringList {} << QStringLiteral("quarantine");
        QTest::newRow("pct=0 without t=y")
            << QStringLiteral("v=DMARC1; p=reject; pct=0") << sl({"removed-tag", "pct-zero"})
            << QStringLiteral("reject");
        QTest::newRow("pct=0 with t=y")
            << QStringLiteral("v=DMARC1; p=reject; pct=0; t=y")
            << sl({"removed-tag", "testing", "partial-pct"}) << QStringLiteral("reject");
        QTest::newRow("testing") << QStringLiteral("v=DMARC1; p=quarantine; t=y") << sl({"testing"})
                                 << QStringLiteral("quarantine");
        QTest::newRow("psd and t values")
            << QStringLiteral("v=DMARC1; p=none; psd=x; t=yes")
            << sl({"invalid-psd", "invalid-t", "monitoring-only"}) << QStringLiteral("none");
        QTest::newRow("missing p, no rua")
            << QStringLiteral("v=DMARC1; sp=reject") << sl({"missing-p"}) << QStringLiteral("");
        // RFC 9989: unknown tags are ignored and p need not follow v.
        QTest::newRow("unknown tag before p")
            << QStringLiteral("v=DMARC1; foo=bar; p=reject; psd=n")
            << sl({"unknown-tag", "p-not-second"}) << QStringLiteral("reject");
        QTest::newRow("duplicate and unknown")
            << QStringLiteral("v=DMARC1; p=quarantine; p=reject; rue=mailto:x@example.com;")
            << sl({"duplicate-tag", "unknown-tag"}) << QStringLiteral("quarantine");
        QTest::newRow("uris") << QStringLiteral("v=DMARC1; p=reject; rua=mailto:a@example.com!10m, "
                                                "mailto:nobody, https://r.example/")
                              << sl({"invalid-uri", "unsupported-uri"}) << QStringLiteral("reject");
        QTest::newRow("p not second")
            << QStringLiteral("v=DMARC1; rua=mailto:a@example.com; p=reject")
            << sl({"p-not-second"}) << QStringLiteral("reject");
    }

    void parse()
    {
        QFETCH(QString, record);
        QFETCH(QStringList, codes);
        QFETCH(QString, p);
        const Dmarc::Record r = Dmarc::parseRecord(record);
        QCOMPARE(TestDmarc::codes(r), codes);
        QCOMPARE(r.p, p);
        for (const Dmarc::Diagnostic &d : r.diagnostics)
            QVERIFY(d.range.offset >= 0 && d.range.end() <= record.size());
    }

    void ranges()
    {
        const QString text = QStringLiteral("v=DMARC1; p=reject; pct=150");
        const Dmarc::Record r = Dmarc::parseRecord(text);
        QCOMPARE(codes(r), sl({"removed-tag", "invalid-pct"}));
        QCOMPARE(text.mid(r.diagnostics[0].range.offset, r.diagnostics[0].range.length),
            QStringLiteral("pct=150"));
        QCOMPARE(text.mid(r.diagnostics[1].range.offset, r.diagnostics[1].range.length),
            QStringLiteral("150"));
    }

    void discovery()
    {
        Dns::MemoryResolver dns;
        QVERIFY(dns.loadZoneText("$ORIGIN example.co.uk.\n@ SOA ns1 h 1 2 3 4 5\n"
                                 "_dmarc TXT \"v=DMARC1; p=reject; sp=none; aspf=s\"\n"
                                 "_dmarc TXT \"google-site-verification=x\"\n"
                                 "_dmarc.own TXT \"v=DMARC1; p=quarantine\"\n"
                                 "$ORIGIN two.example.\n_dmarc TXT \"v=DMARC1; p=none\"\n"
                                 "_dmarc TXT \"v=DMARC1; p=reject\"\n")
                    .has_value());
        dns.addFault(
            QStringLiteral("_dmarc.slow.example.co.uk"), 0, Dns::MemoryResolver::Fault::Timeout);
        Dmarc::Lookup l = Dmarc::discover(dns, QStringLiteral("example.co.uk"));
        QCOMPARE(l.status, Dmarc::Lookup::Status::Found);
        QCOMPARE(l.policy, QStringLiteral("reject"));
        QVERIFY(l.record.strictSpf);
        // A subdomain without its own record: the organizational domain's, and its sp.
        l = Dmarc::discover(dns, QStringLiteral("mail.example.co.uk"));
        QCOMPARE(l.organizationalDomain, QStringLiteral("example.co.uk"));
        QCOMPARE(l.foundAt, QStringLiteral("example.co.uk"));
        QCOMPARE(l.policy, QStringLiteral("none"));
        QVERIFY(l.fromSubdomainPolicy);
        // The walk asks every parent up to the top-level domain; RFC 7489 asks nothing more.
        QCOMPARE(l.evidence.size(), 4);
        QCOMPARE(names(l.discovery),
            sl({"_dmarc.mail.example.co.uk", "_dmarc.example.co.uk", "_dmarc.co.uk", "_dmarc.uk"}));
        QVERIFY(!l.readingsDiffer());
        QCOMPARE(l.readings[0].organizationalDomain, QStringLiteral("example.co.uk"));
        QCOMPARE(l.readings[0].policy, QStringLiteral("none"));
        QCOMPARE(l.readings[0].tag, QStringLiteral("sp"));
        // A subdomain with its own record: that one.
        l = Dmarc::discover(dns, QStringLiteral("own.example.co.uk"));
        QCOMPARE(l.foundAt, QStringLiteral("own.example.co.uk"));
        QCOMPARE(l.policy, QStringLiteral("quarantine"));
        // Two records: RFC 7489 applies none and stops; RFC 9989 discards them and walks on.
        l = Dmarc::discover(dns, QStringLiteral("two.example"));
        QCOMPARE(l.status, Dmarc::Lookup::Status::Multiple);
        QCOMPARE(l.readings[1].status, Dmarc::Status::Multiple);
        QCOMPARE(l.readings[0].status, Dmarc::Status::None);
        QCOMPARE(names(l.discovery), sl({"_dmarc.two.example", "_dmarc.example"}));
        QCOMPARE(l.discovery[0].outcome, QStringLiteral("multiple"));
        // A timeout is not "no record", and the organizational domain is not asked instead.
        l = Dmarc::discover(dns, QStringLiteral("slow.example.co.uk"));
        QCOMPARE(l.status, Dmarc::Lookup::Status::TempError);
        QCOMPARE(l.evidence.size(), 1);
        QCOMPARE(l.readings[0].status, Dmarc::Status::TempError);
        QVERIFY(l.readings[0].policy.isEmpty());
        QVERIFY(l.dnsFailed());
        QCOMPARE(Dmarc::discover(dns, QStringLiteral("nothing.example")).status,
            Dmarc::Lookup::Status::None);
    }

    // A registrar-style psd=y record at a name the Public Suffix List does not list.
    void registrarPsd()
    {
        Dns::MemoryResolver dns;
        load(dns);
        const Dmarc::Lookup l = Dmarc::discover(dns, QStringLiteral("shop.brand.co.example"));
        QCOMPARE(names(l.discovery),
            sl({"_dmarc.shop.brand.co.example", "_dmarc.brand.co.example", "_dmarc.co.example"}));
        QCOMPARE(l.walk.steps.back().psd, QStringLiteral("y"));
        const Dmarc::Reading bis = reading(l, "RFC 9989");
        QCOMPARE(bis.organizationalDomain, QStringLiteral("brand.co.example"));
        QCOMPARE(bis.foundAt, QStringLiteral("brand.co.example"));
        QCOMPARE(bis.policy, QStringLiteral("quarantine"));
        QCOMPARE(bis.tag, QStringLiteral("sp"));
        const Dmarc::Reading old = reading(l, "RFC 7489");
        QCOMPARE(old.organizationalDomain, QStringLiteral("co.example"));
        QCOMPARE(old.foundAt, QStringLiteral("co.example"));
        QCOMPARE(old.policy, QStringLiteral("none"));
        QVERIFY(l.readingsDiffer());
        QCOMPARE(l.record9989.text, QStringLiteral("v=DMARC1; p=reject; sp=quarantine"));
        // Alignment differs too: two customers of the registrar are one organization only
        // under the Public Suffix List.
        Dmarc::Walker walker(dns);
        const QString other = walker.walk(QStringLiteral("other.co.example")).organizationalDomain;
        QCOMPARE(other, QStringLiteral("other.co.example"));
        QVERIFY(!Dmarc::aligned(QStringLiteral("other.co.example"),
            QStringLiteral("shop.brand.co.example"), false, other, bis.organizationalDomain));
        QVERIFY(Dmarc::aligned(
            QStringLiteral("other.co.example"), QStringLiteral("shop.brand.co.example"), false));
        // psd=n: its own organizational domain; the Public Suffix List says corp.example, which
        // has no record.
        const Dmarc::Lookup n = Dmarc::discover(dns, QStringLiteral("x.dept.corp.example"));
        QCOMPARE(
            names(n.discovery), sl({"_dmarc.x.dept.corp.example", "_dmarc.dept.corp.example"}));
        QCOMPARE(reading(n, "RFC 9989").organizationalDomain, QStringLiteral("dept.corp.example"));
        QCOMPARE(reading(n, "RFC 9989").policy, QStringLiteral("reject"));
        QCOMPARE(reading(n, "RFC 7489").status, Dmarc::Status::None);
        QCOMPARE(n.status, Dmarc::Lookup::Status::None);
    }

    // More than 8 labels: straight to the 7 right-most, at most 8 queries; a record past the
    // bound is never asked.
    void deepName()
    {
        Dns::MemoryResolver dns;
        load(dns);
        const Dmarc::Lookup l
            = Dmarc::discover(dns, QStringLiteral("a.b.c.d.e.f.g.h.deep.example"));
        QCOMPARE(names(l.discovery),
            sl({"_dmarc.a.b.c.d.e.f.g.h.deep.example", "_dmarc.d.e.f.g.h.deep.example",
                "_dmarc.e.f.g.h.deep.example", "_dmarc.f.g.h.deep.example",
                "_dmarc.g.h.deep.example", "_dmarc.h.deep.example", "_dmarc.deep.example",
                "_dmarc.example"}));
        QCOMPARE(l.discovery.size(), 8);
        QCOMPARE(reading(l, "RFC 9989").foundAt, QStringLiteral("deep.example"));
        QCOMPARE(reading(l, "RFC 9989").policy, QStringLiteral("reject"));
        // Eleven labels: 1 + 7 queries exactly.
        const Dmarc::Walk w
            = Dmarc::Walker(dns).walk(QStringLiteral("z.y.x.w.v.u.t.s.r.q.example"));
        QCOMPARE(w.steps.size(), 8);
        QCOMPARE(w.steps[1].domain, QStringLiteral("v.u.t.s.r.q.example"));
        QCOMPARE(w.organizationalDomain, QStringLiteral("z.y.x.w.v.u.t.s.r.q.example"));
        // Nine labels: the 8-label parent, which has a record, is past the bound too.
        const Dmarc::Lookup nine
            = Dmarc::discover(dns, QStringLiteral("b.c.d.e.f.g.h.deep.example"));
        QCOMPARE(nine.discovery[1].name, QStringLiteral("_dmarc.d.e.f.g.h.deep.example"));
        QVERIFY(!names(nine.discovery).contains(QStringLiteral("_dmarc.c.d.e.f.g.h.deep.example")));
        QCOMPARE(reading(nine, "RFC 9989").policy, QStringLiteral("reject"));
        // Eight labels, its own record: found at once.
        const Dmarc::Lookup eight
            = Dmarc::discover(dns, QStringLiteral("c.d.e.f.g.h.deep.example"));
        QCOMPARE(reading(eight, "RFC 9989").foundAt, QStringLiteral("c.d.e.f.g.h.deep.example"));
        QCOMPARE(reading(eight, "RFC 9989").policy, QStringLiteral("none"));
    }

    // np= for a subdomain that does not exist: only NXDOMAIN (RFC 8020) says so.
    void nonExistentSubdomain()
    {
        Dns::MemoryResolver dns;
        load(dns);
        Dmarc::Lookup l = Dmarc::discover(dns, QStringLiteral("ghost.np.example"));
        QCOMPARE(reading(l, "RFC 9989").policy, QStringLiteral("reject"));
        QCOMPARE(reading(l, "RFC 9989").tag, QStringLiteral("np"));
        QCOMPARE(l.discovery.back().type, QStringLiteral("A"));
        QCOMPARE(l.discovery.back().outcome, QStringLiteral("nxdomain"));
        QCOMPARE(reading(l, "RFC 7489").policy, QStringLiteral("none")); // sp=, no np= there
        QVERIFY(l.readingsDiffer());
        l = Dmarc::discover(dns, QStringLiteral("www.np.example"));
        QCOMPARE(reading(l, "RFC 9989").policy, QStringLiteral("none"));
        QCOMPARE(reading(l, "RFC 9989").tag, QStringLiteral("sp"));
        QCOMPARE(l.discovery.back().outcome, QStringLiteral("exists"));
        // A timeout on the existence query: the policy is unknown, never guessed.
        dns.addFault(QStringLiteral("slow.np.example"), 0, Dns::MemoryResolver::Fault::Timeout);
        l = Dmarc::discover(dns, QStringLiteral("slow.np.example"));
        QVERIFY(reading(l, "RFC 9989").policy.isEmpty());
        QVERIFY(l.dnsFailed());
        // The domain itself: p=.
        l = Dmarc::discover(dns, QStringLiteral("np.example"));
        QCOMPARE(reading(l, "RFC 9989").policy, QStringLiteral("quarantine"));
        QVERIFY(!l.readingsDiffer());
    }

    void testingAndGrammar()
    {
        Dns::MemoryResolver dns;
        load(dns);
        Dmarc::Lookup l = Dmarc::discover(dns, QStringLiteral("testing.example"));
        QCOMPARE(reading(l, "RFC 9989").policy, QStringLiteral("none"));
        QCOMPARE(reading(l, "RFC 9989").requested, QStringLiteral("reject"));
        QVERIFY(reading(l, "RFC 9989").testing);
        QVERIFY(reading(l, "RFC 9989").why.contains(QStringLiteral("t=y")));
        QCOMPARE(reading(l, "RFC 7489").policy, QStringLiteral("reject"));
        QVERIFY(l.readingsDiffer());
        QVERIFY(l.record9989.testing);
        // p not second and an unknown tag: the policy holds for both.
        l = Dmarc::discover(dns, QStringLiteral("order.example"));
        QCOMPARE(reading(l, "RFC 9989").policy, QStringLiteral("reject"));
        QCOMPARE(reading(l, "RFC 7489").policy, QStringLiteral("reject"));
        QVERIFY(!l.record.hasErrors());
        // No p: with rua, p=none; without, no DMARC at all (and an error).
        l = Dmarc::discover(dns, QStringLiteral("nop.example"));
        QCOMPARE(reading(l, "RFC 9989").policy, QStringLiteral("none"));
        QCOMPARE(reading(l, "RFC 9989").tag, QStringLiteral("p"));
        QVERIFY(!l.record.hasErrors());
        // Without p, sp= does not count: a record with p=none only (RFC 9989 §4.10.1).
        l = Dmarc::discover(dns, QStringLiteral("www.nop.example"));
        QCOMPARE(reading(l, "RFC 9989").policy, QStringLiteral("none"));
        QCOMPARE(reading(l, "RFC 7489").policy, QStringLiteral("none"));
        QCOMPARE(l.policy, QStringLiteral("none"));
        l = Dmarc::discover(dns, QStringLiteral("sub.nopnorua.example"));
        QCOMPARE(reading(l, "RFC 9989").policy, QStringLiteral("none"));
        QVERIFY(reading(l, "RFC 9989").tag.isEmpty());
        QVERIFY(reading(l, "RFC 9989").why.contains(QStringLiteral("no DMARC")));
        QVERIFY(l.record.hasErrors());
    }

    // A DNS failure anywhere in the walk is a temperror, never "no record".
    void temperrorInWalk()
    {
        Dns::MemoryResolver dns;
        load(dns);
        dns.addFault(QStringLiteral("_dmarc.example"), 0, Dns::MemoryResolver::Fault::ServFail);
        // No record at the From domain: the walk cannot end, the policy is unknown. RFC 7489
        // (the Public Suffix List) still finds the organizational domain's record.
        Dmarc::Lookup l = Dmarc::discover(dns, QStringLiteral("www.testing.example"));
        QCOMPARE(reading(l, "RFC 9989").status, Dmarc::Status::TempError);
        QVERIFY(reading(l, "RFC 9989").policy.isEmpty());
        QVERIFY(reading(l, "RFC 9989").organizationalDomain.isEmpty());
        QCOMPARE(l.walk.steps.back().outcome, QStringLiteral("temperror"));
        QCOMPARE(l.status, Dmarc::Lookup::Status::Found);
        QVERIFY(l.dnsFailed());
        // A record at the From domain applies, but its organizational domain is unknown.
        l = Dmarc::discover(dns, QStringLiteral("testing.example"));
        QCOMPARE(reading(l, "RFC 9989").status, Dmarc::Status::Found);
        QCOMPARE(reading(l, "RFC 9989").requested, QStringLiteral("reject"));
        QVERIFY(reading(l, "RFC 9989").organizationalDomain.isEmpty());
        QVERIFY(l.dnsFailed());
    }

    // A subdomain with its own record under a parent without one: RFC 9989 makes it its own
    // organizational domain, so the parent's SPF domain no longer aligns.
    void ownOrganizationalDomain()
    {
        Dns::MemoryResolver dns;
        load(dns);
        Dmarc::Walker walker(dns);
        const Dmarc::Lookup l = Dmarc::discover(walker, QStringLiteral("mail.solo.example"));
        QCOMPARE(reading(l, "RFC 9989").organizationalDomain, QStringLiteral("mail.solo.example"));
        QCOMPARE(reading(l, "RFC 7489").organizationalDomain, QStringLiteral("solo.example"));
        const QString spfOrg = walker.walk(QStringLiteral("solo.example")).organizationalDomain;
        QCOMPARE(spfOrg, QStringLiteral("solo.example"));
        QVERIFY(!Dmarc::aligned(QStringLiteral("solo.example"), QStringLiteral("mail.solo.example"),
            false, spfOrg, reading(l, "RFC 9989").organizationalDomain));
        QVERIFY(Dmarc::aligned(
            QStringLiteral("solo.example"), QStringLiteral("mail.solo.example"), false));
        // The walker asked _dmarc.solo.example once for both walks.
        int asked = 0;
        for (const Dns::Exchange &e : walker.evidence())
            asked += e.question.name == QLatin1String("_dmarc.solo.example");
        QCOMPARE(asked, 1);
    }

    // bounce's DMARC verdict: both readings, each with its own alignment, where they differ.
    void bounceReadings()
    {
        Dns::MemoryResolver dns;
        load(dns);
        const QString header = QStringLiteral("Return-Path: <news@solo.example>\n"
                                              "Authentication-Results: mx.example.net;\n"
                                              "       spf=pass smtp.mailfrom=news@solo.example;\n"
                                              "       dmarc=fail header.from=mail.solo.example\n"
                                              "From: News <news@mail.solo.example>\n"
                                              "To: someone@example.net\n"
                                              "Subject: hello\n");
        const Bounce::Diagnosis d = Bounce::diagnose(Paste::analyze(header), &dns);
        QCOMPARE(d.dmarc.fromDomain, QStringLiteral("mail.solo.example"));
        QCOMPARE(d.dmarc.readings.size(), 2);
        QCOMPARE(d.dmarc.readings[0].name, QStringLiteral("RFC 9989"));
        QVERIFY(!d.dmarc.readings[0].spfAligned); // its own organizational domain
        QCOMPARE(d.dmarc.readings[1].name, QStringLiteral("RFC 7489"));
        QVERIFY(d.dmarc.readings[1].spfAligned); // solo.example under the Public Suffix List
        QVERIFY(d.dmarc.readingsDiffer);
        QVERIFY2(d.dmarc.readingsNote.contains(QStringLiteral("RFC 9989"))
                && d.dmarc.readingsNote.contains(QStringLiteral("RFC 7489")),
            qPrintable(d.dmarc.readingsNote));
        QVERIFY(d.why.contains(d.dmarc.readingsNote));
        const QJsonObject json = Bounce::toJson(d).value(QLatin1String("dmarc")).toObject();
        QCOMPARE(json.value(QLatin1String("readings")).toArray().size(), 2);
        QVERIFY(json.value(QLatin1String("readings_differ")).toBool());
        // Where they agree: no note.
        const Bounce::Diagnosis same = Bounce::diagnose(
            Paste::analyze(QStringLiteral("Authentication-Results: mx.example.net; spf=pass "
                                          "smtp.mailfrom=a@np.example\nFrom: <b@np.example>\n"
                                          "Subject: x\n")),
            &dns);
        QCOMPARE(same.dmarc.readings.size(), 2);
        QVERIFY(!same.dmarc.readingsDiffer);
        QVERIFY(same.dmarc.readingsNote.isEmpty());
    }

    void alignment()
    {
        QVERIFY(Dmarc::aligned(
            QStringLiteral("bounces.example.com"), QStringLiteral("example.com"), false));
        QVERIFY(!Dmarc::aligned(
            QStringLiteral("bounces.example.com"), QStringLiteral("example.com"), true));
        QVERIFY(
            Dmarc::aligned(QStringLiteral("Example.COM."), QStringLiteral("example.com"), true));
        QVERIFY(
            !Dmarc::aligned(QStringLiteral("esp.example"), QStringLiteral("example.com"), false));
        // Two customers of one public suffix are not aligned.
        QVERIFY(!Dmarc::aligned(QStringLiteral("a.co.uk"), QStringLiteral("b.co.uk"), false));
    }
};

QTEST_APPLESS_MAIN(TestDmarc)
#include "tst_dmarc.moc"
