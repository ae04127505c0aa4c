// DMARC records: every problem with its range, discovery at the From domain and then its
// organizational domain (Public Suffix List), the policy that applies, alignment, and a DNS
// failure never taken for "no record".

#include <QTest>

#include "dmarc/dmarc.h"
#include "dns/memoryresolver.h"

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
        QTest::newRow("missing p") << QStringLiteral("v=DMARC1; pct=20")
                                   << sl({"missing-p", "partial-pct"}) << QStringLiteral("");
        QTest::newRow("bad values") << QStringLiteral(
            "v=DMARC1; p=block; sp=rejected; pct=101; adkim=x; aspf=relaxed; fo=2")
                                    << sl({"invalid-p", "invalid-sp", "invalid-pct",
                                           "invalid-alignment", "invalid-alignment", "invalid-fo"})
                                    << QStringLiteral("");
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
        QCOMPARE(r.diagnostics.size(), 1);
        QCOMPARE(text.mid(r.diagnostics[0].range.offset, r.diagnostics[0].range.length),
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
        QCOMPARE(l.evidence.size(), 2);
        // A subdomain with its own record: that one.
        l = Dmarc::discover(dns, QStringLiteral("own.example.co.uk"));
        QCOMPARE(l.foundAt, QStringLiteral("own.example.co.uk"));
        QCOMPARE(l.policy, QStringLiteral("quarantine"));
        // Two records: none applies.
        QCOMPARE(Dmarc::discover(dns, QStringLiteral("two.example")).status,
            Dmarc::Lookup::Status::Multiple);
        // A timeout is not "no record", and the organizational domain is not asked instead.
        l = Dmarc::discover(dns, QStringLiteral("slow.example.co.uk"));
        QCOMPARE(l.status, Dmarc::Lookup::Status::TempError);
        QCOMPARE(l.evidence.size(), 1);
        QCOMPARE(Dmarc::discover(dns, QStringLiteral("nothing.example")).status,
            Dmarc::Lookup::Status::None);
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
