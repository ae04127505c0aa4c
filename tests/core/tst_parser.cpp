// Table-driven parser tests: each row asserts the diagnostic's code, range and suggestion.

#include <random>

#include <QTest>

#include "spf/addressspace.h"
#include "spf/parser.h"

using namespace Spf;

Q_DECLARE_METATYPE(Spf::Severity)

class TestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void diagnostics_data()
    {
        QTest::addColumn<QString>("record");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("severity");
        QTest::addColumn<QString>("rangeText"); // the text the diagnostic's range covers
        QTest::addColumn<int>("offset"); // -1: locate rangeText in the record
        QTest::addColumn<QVariant>("suggestion"); // null QVariant: none

        auto row = [](const char *name, const char *record, const char *code, const char *severity,
                       const char *rangeText, QVariant suggestion, int offset = -1) {
            QTest::newRow(name) << QString::fromLatin1(record) << QString::fromLatin1(code)
                                << QString::fromLatin1(severity) << QString::fromLatin1(rangeText)
                                << offset << suggestion;
        };
        const QVariant none;
        row("ipv4", "v=spf1 ipv4:192.0.2.1 -all", "unknown-mechanism", "error",
            "ipv4:", QStringLiteral("ip4:"));
        row("ipv6", "v=spf1 ipv6:2001:db8::1 -all", "unknown-mechanism", "error",
            "ipv6:", QStringLiteral("ip6:"));
        row("inlude", "v=spf1 inlude:_spf.example.com -all", "unknown-mechanism", "error",
            "inlude:", QStringLiteral("include:"));
        row("redirect-colon", "v=spf1 redirect:_spf.example.com", "unknown-mechanism", "error",
            "redirect:", QStringLiteral("redirect="));
        row("include-equals", "v=spf1 include=_spf.example.com -all", "mechanism-as-modifier",
            "warning", "include=", QStringLiteral("include:"));
        row("unknown-no-guess", "v=spf1 foobar:x.example.com -all", "unknown-mechanism", "error",
            "foobar:", none);
        row("glued-softfail", "v=spf1 ip4:192.0.2.1~all", "glued-qualifier", "error", "~all",
            QStringLiteral(" ~all"));
        row("glued-fail", "v=spf1 include:_spf.example.com-all", "possibly-glued-qualifier",
            "warning", "-all", QStringLiteral(" -all"));
        row("cidr-33", "v=spf1 ip4:192.0.2.0/33 -all", "invalid-cidr", "error", "/33",
            QStringLiteral("/32"));
        row("cidr-129", "v=spf1 ip6:2001:db8::/129 -all", "invalid-cidr", "error", "/129",
            QStringLiteral("/128"));
        row("cidr-leading-zero", "v=spf1 ip4:192.0.2.0/024 -all", "invalid-cidr", "error", "/024",
            QStringLiteral("/24"));
        row("ip4-leading-zero", "v=spf1 ip4:192.0.02.1 -all", "invalid-ip4", "error", "192.0.02.1",
            QStringLiteral("192.0.2.1"));
        row("ip4-bad", "v=spf1 ip4:192.0.2 -all", "invalid-ip4", "error", "192.0.2", none);
        row("dual-cidr-ip4", "v=spf1 ip4:192.0.2.0/24//64 -all", "dual-cidr-not-allowed", "error",
            "/24//64", QStringLiteral("/24"));
        row("dual-cidr-ip6", "v=spf1 ip6:2001:db8::/48//64 -all", "dual-cidr-not-allowed", "error",
            "/48//64", QStringLiteral("/48"));
        row("ipv4-in-ip6", "v=spf1 ip6:192.0.2.1 -all", "ip4-in-ip6", "error",
            "ip6:", QStringLiteral("ip4:"));
        row("ipv6-in-ip4", "v=spf1 ip4:2001:db8::1 -all", "ip6-in-ip4", "error",
            "ip4:", QStringLiteral("ip6:"));
        row("bad-domain", "v=spf1 a:foo -all", "invalid-domain", "error", "foo", none);
        row("bad-toplabel", "v=spf1 a:mail.example.123 -all", "invalid-domain", "error",
            "mail.example.123", none);
        // An address where a host name belongs: that is ip4: (issue 11).
        row("a-with-address", "v=spf1 a:192.0.2.1 -all", "invalid-domain", "error",
            "a:", QStringLiteral("ip4:"));
        row("bad-macro", "v=spf1 exists:%{x}.example.com -all", "invalid-macro", "error", "%{x}",
            none);
        row("bad-percent", "v=spf1 exists:50%.example.com -all", "invalid-macro", "error", "%.",
            none);
        row("exp-letter-in-domain", "v=spf1 exists:%{c}.example.com -all", "macro-letter-exp-only",
            "error", "%{c}", none);
        row("missing-version", "ip4:192.0.2.1 -all", "missing-version", "error", "",
            QStringLiteral("v=spf1 "), 0);
        row("invalid-version", "v=spf2 -all", "invalid-version", "error", "v=spf2",
            QStringLiteral("v=spf1"));
        // RFC 7208 §4.6.1, §6: an unknown modifier named "v", ignored by receivers.
        row("duplicate-version", "v=spf1 a v=spf1 -all", "duplicate-version", "warning", " v=spf1",
            QString());
        row("duplicate-version-upper", "v=spf1 V=SPF1 ip4:192.0.2.181 -all", "duplicate-version",
            "warning", " V=SPF1", QString());
        row("duplicate-redirect", "v=spf1 redirect=a.example.com redirect=b.example.com",
            "duplicate-redirect", "error", "redirect=b.example.com", QString());
        row("duplicate-exp", "v=spf1 -all exp=a.example.com exp=b.example.com", "duplicate-exp",
            "error", "exp=b.example.com", QString());
        row("all-argument", "v=spf1 -all:foo.example.com", "all-with-argument", "error",
            ":foo.example.com", QString());
        row("include-empty", "v=spf1 include: -all", "missing-domain", "error", "include:", none);
        row("exists-missing", "v=spf1 exists -all", "missing-domain", "error", "exists", none);
        row("ptr-cidr", "v=spf1 ptr/24 -all", "unexpected-cidr", "error", "/24", QString());
        row("bang-qualifier", "v=spf1 !a -all", "invalid-qualifier", "error", "!",
            QStringLiteral("-"));
        row("control-char", "v=spf1 a\n-all", "invalid-character", "error", "\n",
            QStringLiteral(" "));
        row("plus-all", "v=spf1 a +all", "plus-all", "warning", "+all", QStringLiteral("-all"));
        row("neutral-all", "v=spf1 a ?all", "neutral-all", "warning", "?all",
            QStringLiteral("~all"));
        row("no-all", "v=spf1 a mx", "no-all", "warning", "", QStringLiteral(" ~all"), 11);
        row("ptr", "v=spf1 ptr -all", "ptr-deprecated", "warning", "ptr", none);
        row("after-all", "v=spf1 -all a mx", "terms-after-all", "warning", "a mx", none);
        row("redirect-ignored", "v=spf1 -all redirect=_spf.example.com", "redirect-ignored",
            "warning", "redirect=_spf.example.com", QString());
        row("too-many",
            "v=spf1 a mx a:a.example.com a:b.example.com a:c.example.com a:d.example.com "
            "a:e.example.com "
            "a:f.example.com a:g.example.com a:h.example.com a:i.example.com -all",
            "too-many-lookups", "warning", "a:i.example.com", none);
        row("unknown-modifier", "v=spf1 -all ra=postmaster", "unknown-modifier", "info",
            "ra=postmaster", none);
    }

    void diagnostics()
    {
        QFETCH(QString, record);
        QFETCH(QString, code);
        QFETCH(QString, severity);
        QFETCH(QString, rangeText);
        QFETCH(int, offset);
        QFETCH(QVariant, suggestion);
        const Record r = parseRecord(record);
        const auto it = std::find_if(r.diagnostics.cbegin(), r.diagnostics.cend(),
            [&](const Diagnostic &d) { return codeName(d.code) == code; });
        if (it == r.diagnostics.cend()) {
            QStringList got;
            for (const Diagnostic &d : r.diagnostics)
                got << codeName(d.code);
            QFAIL(qPrintable(QStringLiteral("no %1 diagnostic; got: %2")
                                 .arg(code, got.join(QStringLiteral(", ")))));
        }
        QCOMPARE(severityName(it->severity), severity);
        const int expectedOffset = offset >= 0 ? offset : int(record.indexOf(rangeText));
        QCOMPARE(it->range.offset, expectedOffset);
        QCOMPARE(record.mid(it->range.offset, it->range.length), rangeText);
        QCOMPARE(it->suggestion.has_value(), !suggestion.isNull());
        if (it->suggestion)
            QCOMPARE(*it->suggestion, suggestion.toString());
        QCOMPARE(r.hasErrors(), severity == QLatin1String("error"));
    }

    void validRecords_data()
    {
        QTest::addColumn<QString>("record");
        QTest::newRow("simple") << QStringLiteral("v=spf1 mx a ip4:192.0.2.0/24 -all");
        QTest::newRow("case") << QStringLiteral(
            "V=SPF1 MX A:Mail.Example.COM/24//64 IP6:2001:DB8::/32 ~ALL");
        QTest::newRow("macros") << QStringLiteral(
            "v=spf1 exists:%{ir}.%{l1r-}.%{d2}._spf.example.com -all exp=explain._spf.%{d}");
        QTest::newRow("dual-cidr") << QStringLiteral("v=spf1 a//64 mx/24 -all");
        QTest::newRow("redirect") << QStringLiteral("v=spf1 redirect=_spf.example.com");
        QTest::newRow("trailing-space") << QStringLiteral("v=spf1 -all ");
        QTest::newRow("escapes") << QStringLiteral(
            "v=spf1 a:macro%%percent%_space%-url.example.com -all");
        QTest::newRow("colon-domain") << QStringLiteral("v=spf1 a:foo:bar/baz.example.com -all");
        QTest::newRow("v4mapped") << QStringLiteral("v=spf1 ip6:::ffff:192.0.2.1 -all");
    }

    void validRecords()
    {
        QFETCH(QString, record);
        const Record r = parseRecord(record);
        for (const Diagnostic &d : r.diagnostics)
            QVERIFY2(d.severity != Severity::Error,
                qPrintable(codeName(d.code) + QStringLiteral(": ") + d.message));
    }

    void termRanges()
    {
        const QString text = QStringLiteral("v=spf1  mx:mail.example.com/24 -ip4:192.0.2.1 ~all");
        const Record r = parseRecord(text);
        QCOMPARE(r.terms.size(), 4);
        QCOMPARE(r.terms[1].kind, TermKind::Mx);
        QCOMPARE(text.mid(r.terms[1].range.offset, r.terms[1].range.length),
            QStringLiteral("mx:mail.example.com/24"));
        QCOMPARE(text.mid(r.terms[1].valueRange.offset, r.terms[1].valueRange.length),
            QStringLiteral("mail.example.com"));
        QCOMPARE(r.terms[1].cidr4, 24);
        QCOMPARE(r.terms[2].qualifier, Qualifier::Fail);
        QCOMPARE(r.terms[2].value, QStringLiteral("192.0.2.1"));
        QCOMPARE(r.terms[3].qualifier, Qualifier::SoftFail);
    }

    // The real-world record from the bounce: one error on each ipv4: term, each suggesting ip4:.
    void realWorldIpv4Record()
    {
        const QString text
            = QStringLiteral("v=spf1 mx ip4:24.214.64.230 ip4:24.214.64.231 ip4:64.8.71.110 "
                             "ipv4:64.8.71.111 ipv4:64.8.71.112 -all");
        const Record r = parseRecord(text);
        QList<Diagnostic> errors;
        for (const Diagnostic &d : r.diagnostics) {
            if (d.severity == Severity::Error)
                errors << d;
        }
        QCOMPARE(errors.size(), 2);
        const int first = int(text.indexOf(QStringLiteral("ipv4:64.8.71.111")));
        const int second = int(text.indexOf(QStringLiteral("ipv4:64.8.71.112")));
        QCOMPARE(errors[0].range, (TextRange {first, 5}));
        QCOMPARE(errors[1].range, (TextRange {second, 5}));
        for (const Diagnostic &d : errors) {
            QCOMPARE(d.code, DiagnosticCode::UnknownMechanism);
            QCOMPARE(d.suggestion, std::optional<QString>(QStringLiteral("ip4:")));
        }
        QCOMPARE(correctedRecord(r),
            QString(text).replace(QStringLiteral("ipv4:"), QStringLiteral("ip4:")));
        QVERIFY(!parseRecord(correctedRecord(r)).hasErrors());
    }

    void neverStopsEarly()
    {
        const Record r = parseRecord(
            QStringLiteral("v=spf1 ipv4:1.2.3.4 a:foo ip4:1.2.3.4/40 inlude:x.example.com ~all"));
        QCOMPARE(r.errorCount(), 4);
    }

    void nonAscii()
    {
        const Record r
            = parseRecord(QString::fromLatin1("v=spf1 a:\xef\xbb\xbfgarbage.example.net -all"));
        QVERIFY(r.hasErrors());
        QCOMPARE(r.diagnostics.front().code, DiagnosticCode::NonAscii);
        QCOMPARE(r.diagnostics.front().range.offset, 9);
    }

    void stringLengths()
    {
        const QString text = QStringLiteral("v=spf1 ")
            + QString(300, QLatin1Char('a')).replace(0, 2, QStringLiteral("a:"))
            + QStringLiteral(".example.com -all");
        const Record r = parseRecord(text, {int(text.size())});
        QVERIFY(std::any_of(r.diagnostics.cbegin(), r.diagnostics.cend(), [](const Diagnostic &d) {
            return d.code == DiagnosticCode::StringTooLong && d.severity == Severity::Warning;
        }));
    }

    void recordSelection()
    {
        QVERIFY(isSpfRecord("v=spf1"));
        QVERIFY(isSpfRecord("V=SPF1 -all"));
        QVERIFY(!isSpfRecord("v=spf10 -all"));
        QVERIFY(!isSpfRecord(" v=spf1 -all"));
        QVERIFY(!isSpfRecord("v=spf1\t-all"));
    }

    // Issue 11's safety contract, repair by repair: a fix keeps the written qualifier, maps
    // typographic look-alikes to ASCII (never to nothing), applies every fix together and
    // re-lints clean; where the intent cannot be known there is no one-click fix.
    void safeRepairs_data()
    {
        QTest::addColumn<QString>("record");
        QTest::addColumn<QString>("corrected"); // empty: no complete fix is offered
        const auto row = [](const char *tag, const QString &in, const QString &out) {
            QTest::newRow(tag) << in << out;
        };
        const QString ok = QStringLiteral("v=spf1 ip4:192.0.2.1 -all");
        row("hyphen U+2010", QStringLiteral("v=spf1 ip4:192.0.2.1 \u2010all"), ok);
        row("en dash", QStringLiteral("v=spf1 ip4:192.0.2.1 \u2013all"), ok);
        row("em dash", QStringLiteral("v=spf1 ip4:192.0.2.1 \u2014all"), ok);
        row("minus sign", QStringLiteral("v=spf1 ip4:192.0.2.1 \u2212all"), ok);
        row("-al", QStringLiteral("v=spf1 ip4:192.0.2.1 -al"), ok);
        row("-alll", QStringLiteral("v=spf1 ip4:192.0.2.1 -alll"), ok);
        row("- all", QStringLiteral("v=spf1 ip4:192.0.2.1 - all"), ok);
        row("-all.", QStringLiteral("v=spf1 ip4:192.0.2.1 -all."), ok);
        row("~al keeps ~", QStringLiteral("v=spf1 ip4:192.0.2.1 ~al"),
            QStringLiteral("v=spf1 ip4:192.0.2.1 ~all"));
        row("no-break space", QStringLiteral("v=spf1 include:_spf.example.com\u00a0~all"),
            QStringLiteral("v=spf1 include:_spf.example.com ~all"));
        row("smart quotes", QStringLiteral("\u201cv=spf1 mx -all\u201d"),
            QStringLiteral("v=spf1 mx -all"));
        row("straight quotes", QStringLiteral("\"v=spf1 mx -all\""),
            QStringLiteral("v=spf1 mx -all"));
        row("leading tab", QStringLiteral("\tv=spf1 mx -all"), QStringLiteral("v=spf1 mx -all"));
        row("v=spf1mx", QStringLiteral("v=spf1mx -all"), QStringLiteral("v=spf1 mx -all"));
        row("spf=v1", QStringLiteral("spf=v1 mx -all"), QStringLiteral("v=spf1 mx -all"));
        row("v=spf2", QStringLiteral("v=spf2 mx -all"), QStringLiteral("v=spf1 mx -all"));
        row("seed ipv4",
            QStringLiteral("v=spf1 mx ip4:24.214.64.230 ip4:64.8.71.110 ipv4:64.8.71.112 -all"),
            QStringLiteral("v=spf1 mx ip4:24.214.64.230 ip4:64.8.71.110 ip4:64.8.71.112 -all"));
        row("space after the colon", QStringLiteral("v=spf1 ip4: 192.0.2.1 -all"), ok);
        row("include: with a space", QStringLiteral("v=spf1 include: _spf.example.com -all"),
            QStringLiteral("v=spf1 include:_spf.example.com -all"));
        row("comma between terms", QStringLiteral("v=spf1 ip4:192.0.2.1,ip4:192.0.2.2 -all"),
            QStringLiteral("v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 -all"));
        row("semicolon after a term", QStringLiteral("v=spf1 mx; -all"),
            QStringLiteral("v=spf1 mx -all"));
        row("address with a dot", QStringLiteral("v=spf1 ip4:192.0.2.1. -all"), ok);
        row("address with a port", QStringLiteral("v=spf1 ip4:192.0.2.1:25 -all"), ok);
        row("letter O", QStringLiteral("v=spf1 ip4:192.O.2.1 -all"), ok);
        row("letter O and a port", QStringLiteral("v=spf1 ip4:192.O.2.1:25 -all"), ok);
        row("a dot and a port", QStringLiteral("v=spf1 ip4:192.0.2.1.:25 -all"), ok);
        row("a: with an address", QStringLiteral("v=spf1 a:192.0.2.1 -all"), ok);
        row("include twice", QStringLiteral("v=spf1 include:include:spf.example.com -all"),
            QStringLiteral("v=spf1 include:spf.example.com -all"));
        row("exists twice", QStringLiteral("v=spf1 exists:exists:%{i}._spf.example.com -all"),
            QStringLiteral("v=spf1 exists:%{i}._spf.example.com -all"));
        row("fullwidth tilde", QStringLiteral("v=spf1 mx \uff5eall"),
            QStringLiteral("v=spf1 mx ~all"));
        row("fullwidth letters", QStringLiteral("v=spf1 \uff4d\uff58 -all"),
            QStringLiteral("v=spf1 mx -all"));
        row("ip6 letter O", QStringLiteral("v=spf1 ip6:2OO1:db8::1 -all"),
            QStringLiteral("v=spf1 ip6:2001:db8::1 -all"));
        row("v=spf10", QStringLiteral("v=spf10 -all"), QStringLiteral("v=spf1 -all"));
        row("v=spf1foo", QStringLiteral("v=spf1foo -all"), QStringLiteral("v=spf1 -all"));
        row("v=spf1ipv4: fixed in two rounds", QStringLiteral("v=spf1ipv4:192.0.2.1 -all"),
            QStringLiteral("v=spf1 ip4:192.0.2.1 -all"));
        row("a: with a port", QStringLiteral("v=spf1 a:mail.example.com:8080 -all"),
            QStringLiteral("v=spf1 a:mail.example.com -all"));
        row("a qualifier apart", QStringLiteral("v=spf1 ip4:192.0.2.1 - all"),
            QStringLiteral("v=spf1 ip4:192.0.2.1 -all"));
        // The intent cannot be known: no fix that would say +all.
        row("alll, no qualifier", QStringLiteral("v=spf1 ip4:192.0.2.1 alll"), QString());
        row("any, no qualifier", QStringLiteral("v=spf1 ip4:192.0.2.1 any"), QString());
        // No record is invented from nothing.
        row("empty", QString(), QString());
        // An internationalized domain: its A-label is the same domain.
        row("IDN in a:", QStringLiteral("v=spf1 a:m\u00e4il.example.com -all"),
            QStringLiteral("v=spf1 a:xn--mil-qla.example.com -all"));
        row("IDN in a: with a CIDR", QStringLiteral("v=spf1 a:B\u00dcCHER.example/24 -all"),
            QStringLiteral("v=spf1 a:xn--bcher-kva.example/24 -all"));
        row("IDN in redirect=", QStringLiteral("v=spf1 redirect=_spf.b\u00fccher.example"),
            QStringLiteral("v=spf1 redirect=_spf.xn--bcher-kva.example"));
        row("unknown non-ASCII letter", QStringLiteral("v=spf1 m\u00e4 -all"), QString());
    }

    // A term that is an 'all' with a typo is the record's 'all': no second fix appending '~all'
    // (applied alone, 'v=spf1 mx ‐all ~all' is looser than meant and still broken), and a
    // qualifier standing apart belongs to its 'all' (no '+all' warning).
    void noFixBesideAFix()
    {
        for (const QString &record : {QStringLiteral("v=spf1 mx \u2010all"),
                 QStringLiteral("v=spf1 mx \u2013all"), QStringLiteral("v=spf1 mx \uff5eall"),
                 QStringLiteral("v=spf1 mx -al"), QStringLiteral("v=spf1 mx alll"),
                 QStringLiteral("v=spf1 mx - all"), QStringLiteral("v=spf1 mx \uff0dall")}) {
            const Record r = parseRecord(record);
            for (const Diagnostic &d : r.diagnostics) {
                QVERIFY2(d.code != DiagnosticCode::NoAll, qPrintable(record));
                QVERIFY2(d.code != DiagnosticCode::PlusAll, qPrintable(record));
            }
        }
        // A record without any 'all' still gets the warning and its fix.
        const Record bare = parseRecord(QStringLiteral("v=spf1 mx"));
        QVERIFY(std::any_of(bare.diagnostics.cbegin(), bare.diagnostics.cend(),
            [](const Diagnostic &d) { return d.code == DiagnosticCode::NoAll; }));
    }

    // Commas are legal in macros and in unknown modifiers: no false repair there.
    void commasWhereTheyBelong()
    {
        for (const char *record : {"v=spf1 exists:%{l,}.x.example.com -all", "v=spf1 foo=a,b -all"})
            QVERIFY2(!parseRecord(QString::fromLatin1(record)).hasErrors(), record);
    }

    void safeRepairs()
    {
        QFETCH(QString, record);
        QFETCH(QString, corrected);
        const Record r = parseRecord(record);
        QVERIFY(r.hasErrors());
        const QString fixed = correctedRecord(r);
        if (corrected.isEmpty()) {
            QVERIFY2(parseRecord(fixed).hasErrors(), qPrintable(fixed));
            QVERIFY(
                !fixed.contains(QLatin1String(" all")) || record.contains(QLatin1String(" all")));
            return;
        }
        QCOMPARE(fixed, corrected);
        const Record again = parseRecord(fixed);
        QVERIFY2(!again.hasErrors(), qPrintable(fixed));
    }

    void addressSpace()
    {
        AddressSpace s;
        s.add(QHostAddress(QStringLiteral("192.0.2.0")), 25);
        s.add(QHostAddress(QStringLiteral("192.0.2.128")), 25);
        s.add(QHostAddress(QStringLiteral("192.0.2.7")), 32); // inside: counted once
        QCOMPARE(s.ipv4Count(), quint64(256));
        QCOMPARE(s.networks(), QStringList {QStringLiteral("192.0.2.0/24")});
        AddressSpace hole;
        hole.add(QHostAddress(QStringLiteral("192.0.2.0")), 32);
        QCOMPARE(s.minus(hole).networks(),
            (QStringList {QStringLiteral("192.0.2.1/32"), QStringLiteral("192.0.2.2/31"),
                QStringLiteral("192.0.2.4/30"), QStringLiteral("192.0.2.8/29"),
                QStringLiteral("192.0.2.16/28"), QStringLiteral("192.0.2.32/27"),
                QStringLiteral("192.0.2.64/26"), QStringLiteral("192.0.2.128/25")}));
        AddressSpace v6;
        v6.add(QHostAddress(QStringLiteral("2001:db8::1")), 64); // host bits ignored
        QCOMPARE(v6.networks(), QStringList {QStringLiteral("2001:db8::/64")});
        QCOMPARE(v6.describe(), QStringLiteral("2^64 IPv6 addresses"));
        AddressSpace all;
        all.addEverything();
        QVERIFY(all.everyIpv4() && all.everyIpv6());
        QCOMPARE(
            all.networks(), (QStringList {QStringLiteral("0.0.0.0/0"), QStringLiteral("::/0")}));
        QCOMPARE(all.describe(), QStringLiteral("every IPv4 address and every IPv6 address"));
        // The first match decides: an address failed before it is passed is not authorized.
        const StaticReach r = staticReach(parseRecord(
            QStringLiteral("v=spf1 -ip4:192.0.2.1 ip4:192.0.2.0/30 mx include:x.example -all "
                           "ip4:198.51.100.0/24")));
        QCOMPARE(r.pass.ipv4Count(), quint64(3));
        QCOMPARE(
            r.dnsTerms, (QStringList {QStringLiteral("mx"), QStringLiteral("include:x.example")}));
        // The seed: the fix authorizes exactly what the broken terms name.
        const Record seed = parseRecord(
            QStringLiteral("v=spf1 mx ip4:24.214.64.230 ip4:64.8.71.110 ipv4:64.8.71.112 -all"));
        const FixImpact impact = fixImpact(seed, parseRecord(correctedRecord(seed)));
        QCOMPARE(impact.more.networks(), QStringList {QStringLiteral("64.8.71.112/32")});
        QVERIFY(impact.fewer.isEmpty());
        QCOMPARE(impact.describe(),
            QStringLiteral("As written, receivers reject the record (permerror). Corrected, it "
                           "authorizes 3 IPv4 addresses (24.214.64.230/32, 64.8.71.110/32, "
                           "64.8.71.112/32), and the hosts DNS names for mx. Against the terms "
                           "written without errors, the fix authorizes 1 more IPv4 address "
                           "(64.8.71.112/32)."));
        // A dash for '-' changes nothing that passes.
        const Record dash = parseRecord(QStringLiteral("v=spf1 ip4:192.0.2.1 \u2010all"));
        QVERIFY(fixImpact(dash, parseRecord(correctedRecord(dash))).same());
        // A qualifier standing apart: read as written, 'all' would pass everyone, which nobody
        // meant; the sentence says what receivers do and what the fix authorizes.
        const Record apart = parseRecord(QStringLiteral("v=spf1 ip4:192.0.2.1 - all"));
        QCOMPARE(fixImpact(apart, parseRecord(correctedRecord(apart))).describe(),
            QStringLiteral("As written, receivers reject the record (permerror). Corrected, it "
                           "authorizes exactly 192.0.2.1."));
    }

    // How strictly a record's 'all' treats the hosts it does not list: -all 3, ~all 2, ?all 1,
    // +all or none 0.
    static int strictness(const Record &record)
    {
        const Term *all = record.findTerm(TermKind::All);
        return all ? Spf::strictness(all->qualifier) : 0;
    }

    // Property: mutate valid records with the typos people make; the corrected record either
    // restores the original exactly or still has errors (no complete fix). It never becomes a
    // different valid record: never authorizes more than the author meant.
    void repairsNeverWiden()
    {
        std::mt19937 rng(20261130);
        const auto pick = [&](int n) { return int(rng() % unsigned(n)); };
        const QStringList mechanisms {QStringLiteral("ip4:192.0.2.%1"),
            QStringLiteral("ip4:198.51.100.0/24"), QStringLiteral("ip6:2001:db8::%1"),
            QStringLiteral("mx"), QStringLiteral("a"), QStringLiteral("include:_spf.example.com"),
            QStringLiteral("exists:%{i}.x.example.com"), QStringLiteral("a:mail.example.com/24")};
        const QStringList qualifiers {QString(), QStringLiteral("+"), QStringLiteral("-"),
            QStringLiteral("~"), QStringLiteral("?")};
        const QList<QChar> dashes {QChar(0x2010), QChar(0x2013), QChar(0x2014), QChar(0x2212)};
        int restored = 0;
        int refused = 0;
        for (int i = 0; i < 600; ++i) {
            QStringList terms {QStringLiteral("v=spf1")};
            for (int k = 1 + pick(4); k > 0; --k)
                terms << qualifiers[pick(5)]
                        + mechanisms[pick(mechanisms.size())].arg(1 + pick(200));
            const QString all = QStringList {QStringLiteral("-all"), QStringLiteral("~all"),
                QStringLiteral("?all"), QStringLiteral("+all")}[pick(4)];
            terms << all;
            const QString original = terms.join(u' ');
            QVERIFY2(!parseRecord(original).hasErrors(), qPrintable(original));
            QString typo = original;
            const qsizetype at = typo.lastIndexOf(all);
            switch (pick(14)) {
            case 0: // a typographic dash for '-'
                if (all.startsWith(u'-'))
                    typo[at] = dashes[pick(dashes.size())];
                break;
            case 1: // the qualifier apart
                typo.insert(at + 1, u' ');
                break;
            case 2:
                typo.replace(at, 4, all.left(1) + QStringLiteral("al"));
                break;
            case 3:
                typo.replace(at, 4, all + u'l');
                break;
            case 4: // a no-break space between terms
                typo[typo.indexOf(u' ')] = QChar(0x00a0);
                break;
            case 5:
                typo = QChar(0x201c) + typo + QChar(0x201d);
                break;
            case 6:
                typo.prepend(u'\t');
                break;
            case 7:
                typo += u'.';
                break;
            case 8: // the qualifier lost in a typo: nobody can know which was meant
                typo.replace(at, 4, QStringLiteral("alll"));
                break;
            case 9: // a fullwidth qualifier (an East Asian input method): '～all'
                typo[at] = QChar(char16_t(all.at(0).unicode() + 0xfee0));
                break;
            case 10: // a fullwidth letter
                typo[at + 1] = QChar(char16_t(0xff41));
                break;
            case 11: // a port after a domain
                if (const qsizetype d = typo.indexOf(QLatin1String("mail.example.com")); d >= 0)
                    typo.insert(d + 16, QStringLiteral(":25"));
                break;
            case 12: // the letter O for a zero in an IPv6 address
                if (const qsizetype v6 = typo.indexOf(QLatin1String("ip6:2001")); v6 >= 0)
                    typo[v6 + 6] = u'O';
                break;
            case 13: // an ideographic space between terms
                typo[typo.indexOf(u' ')] = QChar(0x3000);
                break;
            }
            if (typo == original)
                continue;
            // Every single fix, and all of them together, authorize nothing the author's record
            // did not: the product's own count says so (the "N more addresses" it shows). A fix
            // offered beside the others (a warning's) never leads anywhere looser either: applied
            // first, and the rest after it, the 'all' is no weaker than the author's ('‐all ~all'
            // is '~all' in effect) and no second 'all' appears.
            const StaticReach intent = staticReach(parseRecord(original));
            const Record broken = parseRecord(typo);
            for (const Diagnostic &d : broken.diagnostics) {
                if (!d.suggestion)
                    continue;
                const QString applied = withSuggestion(broken, d);
                const FixImpact impact = fixImpact(broken, parseRecord(applied));
                QVERIFY2(impact.more.minus(intent.pass).isEmpty(),
                    qPrintable(QStringLiteral("%1: %2").arg(typo, impact.describe())));
                const Record after = parseRecord(correctedRecord(parseRecord(applied)));
                if (after.hasErrors())
                    continue;
                QVERIFY2(staticReach(after).pass.minus(intent.pass).isEmpty(), qPrintable(typo));
                QVERIFY2(strictness(after) >= strictness(parseRecord(original)),
                    qPrintable(QStringLiteral("'%1' with '%2' applied: '%3'")
                                   .arg(typo, *d.suggestion, after.text)));
                QVERIFY2(std::count_if(after.terms.cbegin(), after.terms.cend(),
                             [](const Term &t) { return t.kind == TermKind::All; })
                        <= 1,
                    qPrintable(after.text));
            }
            const QString fixed = correctedRecord(parseRecord(typo));
            QVERIFY2(fixImpact(broken, parseRecord(fixed)).more.minus(intent.pass).isEmpty(),
                qPrintable(fixed));
            if (fixed.simplified() == original) { // terms are separated by one or more spaces
                QVERIFY2(!parseRecord(fixed).hasErrors(), qPrintable(fixed));
                ++restored;
                continue;
            }
            QVERIFY2(parseRecord(fixed).hasErrors(),
                qPrintable(
                    QStringLiteral("'%1' became '%2', not '%3'").arg(typo, fixed, original)));
            ++refused;
        }
        QVERIFY(restored > 300);
        QVERIFY(refused > 20); // the unqualified typos: no fix offered
    }
};

QTEST_APPLESS_MAIN(TestParser)
#include "tst_parser.moc"
