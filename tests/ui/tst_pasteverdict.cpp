// The verdict line and the Paste tab together (issue 25, item 8; issue 24): a refused mail never
// reads as a bare PASS, a new paste refreshes the verdict, a binary file is refused in the view,
// and the verdict keeps its height whatever its text.

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include "investigationbar.h"
#include "mainwindow.h"
#include "paste/bounce.h"
#include "pasteview.h"
#include "uitest.h"
#include "verdict.h"

namespace {

QString bounce(const char *name)
{
    QFile f(QStringLiteral(SLEUTH_TEST_DATA "/bounces/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing %s", name);
    return QString::fromUtf8(f.readAll());
}

} // namespace

class TestPasteVerdict : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // SPF passes now, yet the bounce says the mail was refused (for SPF, or for anything else):
    // the refusal leads, and the icon is not the green one.
    void refusalLeadsAPass()
    {
        for (const char *name : {"gmail-dmarc-5.7.26.txt", "exim-user-unknown.txt"}) {
            Investigation::Result r;
            Spf::Evaluation e;
            e.result = Spf::Result::Pass;
            e.domain = QStringLiteral("example.com");
            e.ip = QStringLiteral("192.0.2.1");
            e.reason = QStringLiteral("matched ip4:192.0.2.0/24");
            r.evaluation = e;
            auto d = std::make_shared<Bounce::Diagnosis>();
            d->paste = Paste::analyze(bounce(name));
            QVERIFY2(d->paste.failure == true && !d->paste.reason.isEmpty(), name);
            r.bounce = d;
            const QString line = Verdict::line(r);
            QVERIFY2(line.startsWith(QStringLiteral("Refused for: ")), qPrintable(line));
            QVERIFY2(line.contains(QStringLiteral("SPF now: PASS")), qPrintable(line));
            QVERIFY(line.contains(QString::number(d->paste.replyCode)));
            QVERIFY(Verdict::icon(r) != QStyle::SP_DialogApplyButton);
            // Without the bounce, the same check is a plain pass.
            r.bounce.reset();
            QVERIFY(Verdict::line(r).startsWith(QStringLiteral("PASS")));
            QCOMPARE(Verdict::icon(r), QStyle::SP_DialogApplyButton);
        }
    }

    // Analysing a paste sets the verdict line; analysing another one changes it.
    void newPasteRefreshesTheVerdict()
    {
        MainWindow w({{}, {}, 0, {}, {}, {}});
        w.show();
        auto *paste = w.findChild<PasteView *>();
        auto *label = find<QLabel>(&w, "verdictLabel");
        paste->setText(bounce("gmail-dmarc-5.7.26.txt"));
        find<QPushButton>(&w, "pasteAnalyze")->click();
        const QString first = label->property("verdictFullText").toString();
        QVERIFY2(first.startsWith(QStringLiteral("Refused for: ")), qPrintable(first));
        QVERIFY2(first.contains(QStringLiteral("550 5.7.26")), qPrintable(first));
        QCOMPARE(find<QLabel>(&w, "verdictIcon")->accessibleName(),
            QStringLiteral("Verdict status: refused"));
        paste->setText(bounce("exim-user-unknown.txt"));
        find<QPushButton>(&w, "pasteAnalyze")->click();
        const QString second = label->property("verdictFullText").toString();
        QVERIFY2(second.startsWith(QStringLiteral("Refused for: ")), qPrintable(second));
        QVERIFY(second != first);
        QVERIFY(!second.contains(QStringLiteral("5.7.26")));
        // A delivery notice is not a refusal.
        paste->setText(QStringLiteral("Reporting-MTA: dns; out.example.com\n\n"
                                      "Final-Recipient: rfc822; bob@example.org\n"
                                      "Action: delivered\nStatus: 2.0.0\n"));
        paste->analyze();
        const QString third = label->property("verdictFullText").toString();
        QVERIFY2(third.startsWith(QStringLiteral("Not a failure")), qPrintable(third));
    }

    // "Open bounce file…" is in the File menu; a binary file is refused in the view, by the
    // CLI's rule, and the paste stays as it was; a text with a stray NUL is read.
    void openBounceFile()
    {
        MainWindow w({{}, {}, 0, {}, {}, {}});
        w.show();
        QVERIFY(w.findChild<QAction *>(QStringLiteral("openBounceAction")));
        auto *paste = w.findChild<PasteView *>();
        paste->setText(QStringLiteral("kept"));
        QTemporaryDir dir;
        const QString exe = dir.filePath(QStringLiteral("setup.exe"));
        QFile f(exe);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray bytes("MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0", 16);
        for (int i = 0; i < 20000; ++i)
            bytes += QByteArray("\0\0\x01\x02gmail-smtp-in\x7f\0", 19);
        f.write(bytes);
        f.close();
        const QString error = paste->loadFile(exe);
        QVERIFY2(error.contains(QStringLiteral("not a text file")), qPrintable(error));
        QCOMPARE(find<QPlainTextEdit>(&w, "pasteOutput")->toPlainText(), error);
        QCOMPARE(find<QPlainTextEdit>(&w, "pasteInput")->toPlainText(), QStringLiteral("kept"));
        QVERIFY(!paste->analysis().has_value());
        QVERIFY(!find<QPushButton>(&w, "pasteInvestigate")->isEnabled());

        const QString eml = dir.filePath(QStringLiteral("bounce.eml"));
        QFile g(eml);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write(bounce("exim-user-unknown.txt").toUtf8() + QByteArray(1, '\0'));
        g.close();
        QCOMPARE(paste->loadFile(eml), QString());
        QVERIFY(paste->analysis().has_value());
        QVERIFY(paste->analysis()->failure == true);
        QVERIFY(!find<QPlainTextEdit>(&w, "pasteInput")->toPlainText().contains(QChar(0)));
    }

    // The verdict is two lines high whatever it says: the tabs below do not move. A longer text
    // is elided, whole in the tooltip and in what a screen reader reads.
    void verdictKeepsItsHeight()
    {
        MainWindow w({{}, {}, 0, {}, {}, {}});
        w.resize(1024, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *bar = w.findChild<InvestigationBar *>();
        auto *label = find<QLabel>(&w, "verdictLabel");
        auto *tabs = w.findChild<QTabWidget *>();
        bar->setVerdict(QStringLiteral("PASS"));
        QApplication::processEvents();
        const int height = label->height();
        const int tabsAt = tabs->mapTo(&w, QPoint()).y();
        QString longText;
        for (int i = 0; i < 60; ++i)
            longText += QStringLiteral("word%1 ").arg(i);
        longText += QStringLiteral("END");
        bar->setVerdict(longText);
        QApplication::processEvents();
        QCOMPARE(label->height(), height);
        QCOMPARE(tabs->mapTo(&w, QPoint()).y(), tabsAt);
        QVERIFY(label->text().startsWith(QStringLiteral("word0 ")));
        QVERIFY(!label->text().contains(QStringLiteral("END")));
        QVERIFY(label->text().endsWith(QChar(0x2026)));
        QCOMPARE(label->toolTip(), longText);
        QVERIFY(label->accessibleName().endsWith(QStringLiteral("END")));
        // What it shows fits the label: two lines, none clipped.
        const QRect needed = label->fontMetrics().boundingRect(
            label->contentsRect(), Qt::TextWordWrap, label->text());
        QVERIFY2(needed.height() <= label->contentsRect().height()
                && needed.height() < 3 * label->fontMetrics().lineSpacing(),
            qPrintable(QString::number(needed.height())));
        // Wider: more of it shows, still two lines.
        w.resize(1600, 1000);
        QApplication::processEvents();
        QCOMPARE(label->height(), height);
        QCOMPARE(label->toolTip(), longText);
        bar->setVerdict(QStringLiteral("short again"));
        QCOMPARE(label->text(), QStringLiteral("short again"));
        QVERIFY(label->toolTip().isEmpty());
    }
};

QTEST_MAIN(TestPasteVerdict)
#include "tst_pasteverdict.moc"
