// The PDF/HTML report: every section present (pdftotext), hostile TXT inert and wrapped, page 1
// rendered with pdftoppm for a look.

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include "caseio/casefile.h"
#include "dns/memoryresolver.h"
#include "lab.h"
#include "report.h"

class TestReport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static Investigation::Result run(
        const QByteArray &zoneText, const QString &target, const QString &ip)
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        if (!zone->loadZoneText(zoneText).has_value())
            qFatal("bad zone");
        Investigation::Request r;
        r.target = target;
        r.ip = ip;
        r.resolverOverride = zone;
        return Investigation::run(r, Work::Cancel());
    }

    static QString pdfText(const QString &pdf)
    {
        QProcess p;
        p.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
        p.waitForFinished(30000);
        return QString::fromUtf8(p.readAllStandardOutput());
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            QFAIL("pdftotext is missing: apt-get install poppler-utils");
    }

    void everySection()
    {
        QFile f(QStringLiteral(SLEUTH_RESOURCES "/samples/ipv4-typo.zone"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const Investigation::Result r = run(
            f.readAll(), QStringLiteral("user@pclnet.example"), QStringLiteral("64.8.71.112"));
        const QString pdf = m_dir.filePath(QStringLiteral("ipv4.pdf"));
        Report::Options options;
        options.notes = QStringLiteral("Ticket 4711");
        QVERIFY(Report::writePdf(r, pdf, options).has_value());
        const QString text = pdfText(pdf).simplified();
        for (const char *needle : {"SPF diagnosis for pclnet.example", "Summary",
                 "Your SPF record for pclnet.example contains ipv4:, which is not a valid "
                 "mechanism. Receivers treat the whole record as a permanent error, so mail from "
                 "64.8.71.112 is rejected. Replace ipv4: with ip4:.",
                 "The published record", "Corrected record",
                 "v=spf1 mx ip4:24.214.64.230 ip4:24.214.64.231 ip4:64.8.71.110 ip4:64.8.71.111 "
                 "ip4:64.8.71.112 -all",
                 "As written, receivers reject the record (permerror). Corrected, it authorizes",
                 "Against the terms written without errors, the", // "fix": a ligature in the PDF
                 "authorizes 2 more IPv4 addresses (64.8.71.111/32, 64.8.71.112/32)",
                 "IP test: 64.8.71.112 → permerror", "The path that decided",
                 "Include tree of pclnet.example", "Lookup budget", "DNS evidence", "TTL",
                 "RFC 7208 sections that apply", "§4.6", "Notes", "Ticket 4711",
                 "Appendix: raw DNS answers", "page 1 of", "zone"}) {
            QVERIFY2(text.contains(QString::fromUtf8(needle)), needle);
        }
        // Page 1 as a picture, for a look.
        QProcess p;
        p.start(QStringLiteral("pdftoppm"),
            {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("60"),
                QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
                QStringLiteral("1"), pdf, m_dir.filePath(QStringLiteral("page"))});
        QVERIFY(p.waitForFinished(30000));
        QVERIFY(QFileInfo(m_dir.filePath(QStringLiteral("page-1.png"))).size() > 10000);
    }

    // The wording read back from the PDF: the corrected record evaluated for the IP tested, each
    // TXT answer once, counts in agreement, evidence stamped with the time it was captured.
    void wording()
    {
        QFile f(QStringLiteral(SLEUTH_RESOURCES "/samples/ipv4-typo.zone"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const Investigation::Result r = run(
            f.readAll(), QStringLiteral("user@pclnet.example"), QStringLiteral("64.8.71.112"));
        const QString pdf = m_dir.filePath(QStringLiteral("wording.pdf"));
        QVERIFY(Report::writePdf(r, pdf).has_value());
        const QString text = pdfText(pdf).simplified();
        QVERIFY2(
            text.contains(QStringLiteral("Evaluated for 64.8.71.112 (sender user@pclnet.example) "
                                         "against the DNS answers below, the corrected record "
                                         "gives pass: it passes.")),
            qPrintable(text));
        // The TXT answer of pclnet.example: once in the evidence table, once in the raw answers.
        const QString evidence = text.section(QStringLiteral("DNS evidence"), 1)
                                     .section(QStringLiteral("Appendix: raw DNS answers"), 0, 0);
        // (_dmarc.pclnet.example TXT, asked for the receivers' rules, is another question.)
        static const QRegularExpression txtOfDomain(QStringLiteral("(^|\\s)pclnet\\.example TXT"));
        QCOMPARE(evidence.count(txtOfDomain), 1);
        // One of each, said in the singular.
        Investigation::Result one
            = run("$ORIGIN one.example.\n@ TXT \"v=spf1 a -all\"\n@ A 192.0.2.1\n",
                QStringLiteral("a@one.example"), QStringLiteral("192.0.2.1"));
        const QString onePdf = m_dir.filePath(QStringLiteral("one.pdf"));
        QVERIFY(Report::writePdf(one, onePdf).has_value());
        const QString oneText = pdfText(onePdf).simplified();
        QVERIFY2(oneText.contains(
                     QStringLiteral("Include tree of one.example: 1 DNS lookup, 0 void lookups")),
            qPrintable(oneText));
        QVERIFY2(!oneText.contains(QStringLiteral("1 DNS queries")), qPrintable(oneText));
        QVERIFY2(!oneText.contains(QStringLiteral("1 DNS lookups")), qPrintable(oneText));
        // A case captured on 2026-11-30, reopened later: its evidence says when it was captured.
        CaseFile::Case c = CaseFile::fromResult(one);
        const QDateTime captured(QDate(2026, 11, 30), QTime(9, 15), Qt::UTC);
        c.saved = captured;
        for (Dns::Exchange &e : c.evidence) {
            e.when = captured;
            if (e.answer)
                e.answer->when = captured;
        }
        const Investigation::Result replayed
            = Investigation::run(CaseFile::request(c, nullptr), Work::Cancel());
        QVERIFY(replayed.evaluation.has_value());
        const QString casePdf = m_dir.filePath(QStringLiteral("case.pdf"));
        QVERIFY(Report::writePdf(replayed, casePdf).has_value());
        const QString caseText = pdfText(casePdf).simplified();
        QVERIFY2(caseText.contains(QStringLiteral("answers captured on 2026-11-30")),
            qPrintable(caseText));
        QVERIFY2(
            caseText.contains(QStringLiteral("asked at 2026-11-30T09:15")), qPrintable(caseText));
        QVERIFY2(caseText.contains(QStringLiteral("2026-11-30 09:15:00")), qPrintable(caseText));
        const QString today = QDate::currentDate().toString(Qt::ISODate);
        if (today != QStringLiteral("2026-11-30")) {
            QVERIFY2(!caseText.contains(QStringLiteral("asked at ") + today), qPrintable(caseText));
        }
    }

    // A 3,000-term record (a 55 KB TXT): the report summarises the record, the tree and the
    // evidence with counts and stays a few pages; short columns never break inside a word.
    void longRecordIsSummarised()
    {
        QByteArray record = "v=spf1";
        for (int i = 0; i < 3000; ++i)
            record += i % 3
                ? QStringLiteral(" ip4:10.%1.%2.0/24").arg(i / 250).arg(i % 250).toLatin1()
                : QStringLiteral(" a:h%1.big.example").arg(i).toLatin1();
        record += " -all";
        QByteArray zone = "$ORIGIN big.example.\n@ TXT";
        for (int i = 0; i < record.size(); i += 255)
            zone += " \"" + record.mid(i, 255) + "\"";
        zone += "\n";
        for (int i = 0; i < 3000; i += 3)
            zone += QStringLiteral("h%1 A 192.0.2.%2\n").arg(i).arg(i % 250).toLatin1();
        const Investigation::Result r
            = run(zone, QStringLiteral("user@big.example"), QStringLiteral("203.0.113.5"));
        QCOMPARE(r.evaluation->result, Spf::Result::PermError);
        const QString pdf = m_dir.filePath(QStringLiteral("big.pdf"));
        QVERIFY(Report::writePdf(r, pdf).has_value());
        QProcess info;
        info.start(QStringLiteral("pdfinfo"), {pdf});
        QVERIFY(info.waitForFinished(30000));
        const QString meta = QString::fromUtf8(info.readAllStandardOutput());
        const int pages = meta.section(QStringLiteral("Pages:"), 1)
                              .simplified()
                              .section(QLatin1Char(' '), 0, 0)
                              .toInt();
        QVERIFY2(pages >= 2 && pages <= 10, qPrintable(meta));
        const QString text = pdfText(pdf);
        QVERIFY(text.contains(QStringLiteral("terms in all)")));
        QVERIFY(text.contains(QStringLiteral("more terms, not reached")));
        QVERIFY(text.contains(QStringLiteral("more rows of the tree")));
        // Whole words in the short columns.
        QVERIFY(text.contains(QStringLiteral("permerror")));
        QVERIFY(text.contains(QStringLiteral("lookup 11")));
        QVERIFY(text.contains(QStringLiteral("(over 10)")));
        QVERIFY(text.contains(QStringLiteral("not-reached")));
    }

    void hostileTextIsInert()
    {
        QByteArray zone = "$ORIGIN evil.example.\n@ TXT \"v=spf1 include:_x.evil.example -all\"\n"
                          "_x TXT \"v=spf1 a:<script>alert(1)</script><b>bold</b>.evil.example "
                          "\\027[31m \\226\\128\\174reversed -all\"\n";
        zone += "@ TXT";
        for (int i = 0; i < 16; ++i)
            zone += " \"" + QByteArray(250, char('a' + i % 26)) + "\"";
        zone += "\n";
        const Investigation::Result r
            = run(zone, QStringLiteral("x@evil.example"), QStringLiteral("192.0.2.1"));
        const QString html = Report::html(r);
        QVERIFY(!html.contains(QStringLiteral("<script>")));
        QVERIFY(!html.contains(QStringLiteral("<b>bold</b>")));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;")));
        QVERIFY(!html.contains(QChar(0x1b)));
        QVERIFY(!html.contains(QChar(0x202e)));
        const QString pdf = m_dir.filePath(QStringLiteral("evil.pdf"));
        QVERIFY(Report::writePdf(r, pdf).has_value());
        const QString text = pdfText(pdf);
        QVERIFY(text.contains(QStringLiteral("<script>alert(1)</script>")));
        QVERIFY(text.contains(QStringLiteral("\\x1b[31m")));
        // The 4,000-character string wraps within the page.
        int longest = 0;
        for (const QString &line : text.split(QLatin1Char('\n')))
            longest = std::max(longest, int(line.size()));
        QVERIFY2(longest < 260, qPrintable(QString::number(longest)));
        QVERIFY(text.contains(QString(200, QLatin1Char('a')).left(60)));
        const QString htmlPath = m_dir.filePath(QStringLiteral("evil.html"));
        QVERIFY(Report::writeHtml(r, htmlPath).has_value());
    }

    // Where receivers read RFC 7208 differently, the report shows each reading's result.
    void receiversDisagree()
    {
        const Investigation::Result r
            = run("$ORIGIN example.com.\n@ TXT \"v=spf1 mx mx:b.example.com ip4:192.0.2.99 -all\"\n"
                  "@ MX 10 gone1\n@ MX 20 gone2\nb MX 10 gone3\n",
                QStringLiteral("a@example.com"), QStringLiteral("192.0.2.99"));
        QCOMPARE(r.evaluation->interpretations.size(), 2);
        const QString pdf = m_dir.filePath(QStringLiteral("readings.pdf"));
        QVERIFY(Report::writePdf(r, pdf).has_value());
        const QString text = pdfText(pdf).simplified();
        QVERIFY2(text.contains(QStringLiteral("Receivers disagree on this check")),
            qPrintable(text.left(2000)));
        QVERIFY(text.contains(QStringLiteral("pyspf, Mail::SPF")));
        QVERIFY(text.contains(QStringLiteral("permerror")));
    }

    void writeFailureKeepsExistingFile()
    {
        const Investigation::Result r = run(
            "$ORIGIN e.example.\n@ TXT \"v=spf1 -all\"\n", QStringLiteral("e.example"), QString());
        QVERIFY(!Report::writePdf(r, QStringLiteral("/nonexistent-dir/r.pdf")).has_value());
        QVERIFY(!Report::writeHtml(r, QStringLiteral("/nonexistent-dir/r.html")).has_value());
    }
};

QTEST_MAIN(TestReport)
#include "tst_report.moc"
