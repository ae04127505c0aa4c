// The real main window, offscreen, driven as a user would: type, press Enter, wait, look.

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "advicepane.h"
#include "bulkmodel.h"
#include "bulkview.h"
#include "caseio/casefile.h"
#include "charts.h"
#include "dns/memoryresolver.h"
#include "lab.h"
#include "mainwindow.h"
#include "nameserverview.h"
#include "nslab.h"
#include "paste/bounce.h"
#include "pasteview.h"
#include "recordeditor.h"
#include "report.h"
#include "spftreemodel.h"
#include "uitest.h"
#include "windowmenus.h"

using namespace Spf;

namespace {

// Nodes on the deciding path, as their visible names.
QStringList decidingNames(QTreeView *view)
{
    QStringList out;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int r = 0; r < view->model()->rowCount(parent); ++r) {
            const QModelIndex i = view->model()->index(r, 0, parent);
            if (i.data(SpfTreeModel::DecidingRole).toBool())
                out << i.data().toString();
            walk(i);
        }
    };
    walk({});
    return out;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void ipv4TypoCase()
    {
        MainWindow w({sample("ipv4-typo.zone"), {}, 0, {}, {}, {}});
        w.show();
        QTest::keyClicks(find<QLineEdit>(&w, "targetEdit"), QStringLiteral("user@pclnet.example"));
        QTest::keyClicks(find<QLineEdit>(&w, "ipEdit"), QStringLiteral("64.8.71.112"));
        QTest::keyClick(find<QLineEdit>(&w, "ipEdit"), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QVERIFY(find<QLabel>(&w, "verdictLabel")->text().startsWith(QStringLiteral("PERMERROR")));
        auto *tree = find<QTreeView>(&w, "treeView");
        QCOMPARE(tree->model()->rowCount(), 1);
        QCOMPARE(tree->model()->index(0, 0).data().toString(), QStringLiteral("pclnet.example"));
        // The deciding path leads to the first bad term.
        QCOMPARE(decidingNames(tree),
            (QStringList {QStringLiteral("pclnet.example"), QStringLiteral("ipv4:64.8.71.111")}));
        // The editor shows the record with each ipv4: underlined.
        auto *editor = find<RecordEditor>(&w, "recordEditor");
        QTRY_COMPARE(editor->domain(), QStringLiteral("pclnet.example"));
        const QString text = editor->toPlainText();
        const QList<TextRange> underlined = editor->underlinedRanges();
        QVERIFY(underlined.contains(
            (TextRange {int(text.indexOf(QStringLiteral("ipv4:64.8.71.111"))), 5})));
        QVERIFY(underlined.contains(
            (TextRange {int(text.indexOf(QStringLiteral("ipv4:64.8.71.112"))), 5})));
        // The problem is readable in full under the table, with its fix.
        const QString detail = find<QLabel>(&w, "problemDetail")->text();
        QVERIFY2(
            detail.contains(QStringLiteral("'ipv4:' is not an SPF mechanism; did you mean 'ip4:'?"))
                && detail.contains(QStringLiteral("Quick fix (Ctrl+.)"))
                // ... and what the fix changes, counted before it is applied
                && detail.contains(QStringLiteral("Against the terms written without errors, it "
                                                  "authorizes 1 more IPv4 address "
                                                  "(64.8.71.111/32). 1 other error remains")),
            qPrintable(detail));
        // Quick fix, twice, then the draft passes; then nothing is left to fix.
        QTest::mouseClick(find<QPushButton>(&w, "fixButton"), Qt::LeftButton);
        QTest::mouseClick(find<QPushButton>(&w, "fixButton"), Qt::LeftButton);
        QVERIFY(!find<QPushButton>(&w, "fixButton")->isEnabled());
        QCOMPARE(editor->toPlainText(),
            QString(text).replace(QStringLiteral("ipv4:"), QStringLiteral("ip4:")));
        QVERIFY(editor->underlinedRanges().isEmpty());
        QSignalSpy drafted(&w, &MainWindow::draftEvaluated);
        QTest::mouseClick(find<QPushButton>(&w, "draftButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(drafted.count(), 1, 10000);
        QVERIFY(w.draftResult()->evaluation.has_value());
        QCOMPARE(w.draftResult()->evaluation->result, Result::Pass);
        QVERIFY(find<QLabel>(&w, "draftVerdict")->text().startsWith(QStringLiteral("pass")));
        QVERIFY(
            find<QLabel>(&w, "publishedVerdict")->text().startsWith(QStringLiteral("permerror")));
        // Undo brings the published text back (no lost work the other way either).
        find<RecordEditor>(&w, "recordEditor")->undo();
        QVERIFY(editor->toPlainText().contains(QStringLiteral("ipv4:")));
    }

    void wholeTreeAndCharts()
    {
        MainWindow w(
            {sample("too-many-lookups.zone"), {}, 0, {}, {}, QStringLiteral("bigcorp.example")});
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        auto *tree = find<QTreeView>(&w, "treeView");
        QCOMPARE(find<QComboBox>(&w, "treeSource")->currentIndex(), 1); // no IP: the whole tree
        QCOMPARE(tree->model()->index(0, SpfTreeModel::LookupsColumn).data().toString(),
            QStringLiteral("+13 below"));
        // The root row carries the tree's status: it is over the limit.
        QCOMPARE(tree->model()->index(0, 0).data(SpfTreeModel::StatusRole).toInt(),
            int(SpfTreeModel::Status::Error));
        // The term over the limit is selected.
        QCOMPARE(
            tree->currentIndex().data().toString(), QStringLiteral("include:_b.helpdesk.example"));
        QVERIFY(tree->currentIndex().data(SpfTreeModel::CrossesLimitRole).toBool());
        QCOMPARE(
            tree->currentIndex().siblingAtColumn(SpfTreeModel::LookupsColumn).data().toString(),
            QStringLiteral("lookup 11 (over 10)"));
        // Its parent include is lookup 9 with two below, not "11 of 10".
        const QModelIndex helpdesk = tree->currentIndex().parent().parent();
        QCOMPARE(helpdesk.data().toString(), QStringLiteral("include:_spf.helpdesk.example"));
        QCOMPARE(helpdesk.siblingAtColumn(SpfTreeModel::LookupsColumn).data().toString(),
            QStringLiteral("lookup 9, +2 below"));
        // No row shows a warning mark for a void lookup while the verdict counts none.
        std::function<void(const QModelIndex &)> noVoidMarks = [&](const QModelIndex &parent) {
            for (int r = 0; r < tree->model()->rowCount(parent); ++r) {
                const QModelIndex i = tree->model()->index(r, 0, parent);
                QVERIFY2(i.siblingAtColumn(SpfTreeModel::VoidColumn).data().toString()
                        != QStringLiteral("void"),
                    qPrintable(i.data().toString()));
                noVoidMarks(i);
            }
        };
        noVoidMarks({});
        auto *budget = find<BudgetChart>(&w, "budgetChart");
        QStringList labels;
        int total = 0;
        for (const BudgetChart::Segment &s : budget->segments()) {
            labels << s.label;
            total += s.lookups;
        }
        QCOMPARE(labels,
            (QStringList {QStringLiteral("mx"), QStringLiteral("include:_spf.crm.example"),
                QStringLiteral("include:_spf.mailer.example"),
                QStringLiteral("include:_spf.helpdesk.example"),
                QStringLiteral("include:spf.payroll.example")}));
        QCOMPARE(total, 13);
        auto *timeline = find<TimelineChart>(&w, "timelineChart");
        QCOMPARE(timeline->bars().size(), w.result()->audit->trace.exchanges.size());
        // A chart click selects the node.
        Q_EMIT budget->nodeClicked(budget->segments().at(2).node);
        QCOMPARE(
            tree->currentIndex().data().toString(), QStringLiteral("include:_spf.mailer.example"));
        QVERIFY(
            find<QLabel>(&w, "verdictLabel")->text().contains(QStringLiteral("13 DNS lookups")));
        QVERIFY(
            find<QLabel>(&w, "verdictLabel")->text().contains(QStringLiteral("0 void lookups")));
        // The Advice tab: marked, with the reduction plan and the networks to copy.
        auto *side = find<QTabWidget>(&w, "sideTabs");
        auto *advice = find<AdvicePane>(&w, "advicePane");
        QCOMPARE(side->tabText(side->indexOf(advice)), QStringLiteral("Advice ⚠"));
        QVERIFY2(advice->plainText().contains(QStringLiteral("This plan gets it to 9")),
            qPrintable(advice->plainText()));
        QVERIFY(advice->plainText().contains(QStringLiteral("386 IPv4 addresses")));
        QCOMPARE(advice->networks().size(), 6);
        QVERIFY(find<QPushButton>(&w, "copyProposals")->isEnabled());
    }

    void badInputIsInline()
    {
        MainWindow w({sample("softfail.zone"), {}, 0, {}, {}, {}});
        w.show();
        QTest::keyClicks(
            find<QLineEdit>(&w, "targetEdit"), QStringLiteral("2.6.32.54-0.3-default"));
        QTest::keyClick(find<QLineEdit>(&w, "targetEdit"), Qt::Key_Return);
        auto *error = find<QLabel>(&w, "inputError");
        QVERIFY2(error->isVisible(),
            qPrintable(
                error->text() + QStringLiteral(" | ") + find<QLabel>(&w, "verdictLabel")->text()));
        QVERIFY(error->text().contains(QStringLiteral("is not a top-level domain")));
        QVERIFY(!w.isBusy());
        QVERIFY(!w.result().has_value());
        find<QLineEdit>(&w, "targetEdit")->clear();
        QTest::keyClicks(find<QLineEdit>(&w, "targetEdit"), QStringLiteral("news.example"));
        QTest::keyClicks(find<QLineEdit>(&w, "ipEdit"), QStringLiteral("1.2.3"));
        QTest::keyClick(find<QLineEdit>(&w, "ipEdit"), Qt::Key_Return);
        QVERIFY(error->text().contains(QStringLiteral("not an IP address")));
    }

    // A Unicode domain typed in the window is evaluated as its A-label, and both forms are shown;
    // a sender RFC 7208 answers "none" for is evaluated, not refused.
    void unicodeAndMalformedDomains()
    {
        QTemporaryDir dir;
        const QString zone = Lab::writeFile(dir.path(), QStringLiteral("idn.zone"),
            "$ORIGIN example.\n$TTL 300\nxn--bcher-kva 300 IN TXT \"v=spf1 ip4:192.0.2.7 -all\"\n");
        MainWindow w({zone, {}, 0, {}, {}, {}});
        w.show();
        const QString unicode = QString::fromUtf8("b\xc3\xbc"
                                                  "cher.example");
        find<QLineEdit>(&w, "targetEdit")->setText(QStringLiteral("user@") + unicode);
        QTest::keyClicks(find<QLineEdit>(&w, "ipEdit"), QStringLiteral("192.0.2.7"));
        QTest::keyClick(find<QLineEdit>(&w, "ipEdit"), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        const QString verdict = find<QLabel>(&w, "verdictLabel")->text();
        QVERIFY2(verdict.startsWith(QStringLiteral("PASS")), qPrintable(verdict));
        QVERIFY2(verdict.contains(QStringLiteral("xn--bcher-kva.example (") + unicode + u')'),
            qPrintable(verdict));
        auto *tree = find<QTreeView>(&w, "treeView");
        // The tree elides on the right: the name as typed comes first.
        QCOMPARE(tree->model()->index(0, 0).data().toString(),
            unicode + QStringLiteral(" (xn--bcher-kva.example)"));
        // An empty label: check_host() answers none, with the reason, and nothing is refused.
        find<QLineEdit>(&w, "targetEdit")->setText(QStringLiteral("lyme.eater@A...example"));
        QTest::keyClick(find<QLineEdit>(&w, "ipEdit"), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy()
                && w.result()->target.text.startsWith(QLatin1String("lyme")),
            10000);
        QVERIFY(!find<QLabel>(&w, "inputError")->isVisible());
        const QString none = find<QLabel>(&w, "verdictLabel")->text();
        QVERIFY2(none.startsWith(QStringLiteral("NONE")) && none.contains(QStringLiteral("§4.3")),
            qPrintable(none));
    }

    void ipTargetAndTools()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText("$ORIGIN example.com.\n@ TXT \"v=spf1 a -all\"\nmail A "
                                   "192.0.2.25\n25.2.0.192.in-addr.arpa. PTR mail.example.com.\n")
                    .has_value());
        Lab::LoopbackServer server(zone);
        QVERIFY(server.start().has_value());
        MainWindow w({{}, server.address(), 1000, {}, {}, QStringLiteral("192.0.2.25")});
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QCOMPARE(find<QTabWidget>(&w, "mainTabs")->currentIndex(), 2);
        const QString reverse = find<QPlainTextEdit>(&w, "reverseOutput")->toPlainText();
        QVERIFY2(
            reverse.contains(QStringLiteral("mail.example.com -> 192.0.2.25  [forward-confirmed]")),
            qPrintable(reverse));
        QVERIFY(find<QLabel>(&w, "verdictLabel")->text().contains(QStringLiteral("FCrDNS passes")));
        // Something that only looks like an address is refused there, and says why, elided.
        auto *reverseEdit = find<QLineEdit>(&w, "reverseEdit");
        reverseEdit->setText(QStringLiteral("2.6.32.54-0.3-default"));
        QTest::keyClick(reverseEdit, Qt::Key_Return);
        const QString refused = find<QPlainTextEdit>(&w, "reverseOutput")->toPlainText();
        QVERIFY2(refused.startsWith(QStringLiteral("'2.6.32.54-0.3-default' is not an IP address")),
            qPrintable(refused));
        QVERIFY2(refused.contains(QStringLiteral("four decimal parts")), qPrintable(refused));
        QVERIFY(refused.endsWith(u'.'));
        // DNS console
        QTest::keyClicks(find<QLineEdit>(&w, "consoleName"), QStringLiteral("example.com"));
        QTest::keyClick(find<QLineEdit>(&w, "consoleName"), Qt::Key_Return);
        auto *console = find<QPlainTextEdit>(&w, "consoleOutput");
        QTRY_VERIFY_WITH_TIMEOUT(
            console->toPlainText().contains(QStringLiteral("\"v=spf1 a -all\"")), 10000);
        QVERIFY(console->toPlainText().contains(QStringLiteral("status: NOERROR")));
    }

    // Offline when asked for offline: a --zone that cannot be read never turns into live DNS.
    void missingZoneNeverGoesLive()
    {
        MainWindow w({QStringLiteral("/nonexistent/pclnet.zone"), {}, 0, {}, {}, {}});
        w.show();
        QVERIFY(w.startupError().contains(QStringLiteral("could not be read")));
        auto *combo = find<QComboBox>(&w, "resolverCombo");
        QVERIFY(combo->currentText().contains(QStringLiteral("unreadable")));
        QTest::keyClicks(find<QLineEdit>(&w, "targetEdit"), QStringLiteral("user@pclnet.example"));
        QTest::keyClick(find<QLineEdit>(&w, "targetEdit"), Qt::Key_Return);
        QTest::qWait(100);
        QVERIFY(!w.isBusy());
        QVERIFY(!w.result().has_value());
        auto *error = find<QLabel>(&w, "inputError");
        QVERIFY(error->isVisibleTo(&w));
        QVERIFY2(error->text().contains(QStringLiteral("pick another resolver")),
            qPrintable(error->text()));
        // The console and the reverse lookup refuse as well.
        QTest::keyClicks(find<QLineEdit>(&w, "consoleName"), QStringLiteral("pclnet.example"));
        QTest::keyClick(find<QLineEdit>(&w, "consoleName"), Qt::Key_Return);
        QTRY_VERIFY(find<QPlainTextEdit>(&w, "consoleOutput")
                        ->toPlainText()
                        .contains(QStringLiteral("could not be read")));
        // Picking a resolver makes it run.
        const auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadFile(sample("ipv4-typo.zone")).has_value());
        Lab::LoopbackServer server(zone);
        QVERIFY(server.start().has_value());
        combo->setCurrentIndex(1); // Custom server
        find<QLineEdit>(&w, "serverEdit")->setText(server.address());
        QTest::keyClick(find<QLineEdit>(&w, "targetEdit"), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QVERIFY(w.result()->error.isEmpty());
    }

    // A 5,000-character entry is refused with a short message, and the window keeps its size.
    void longEntryKeepsTheWindow()
    {
        MainWindow w({sample("ipv4-typo.zone"), {}, 0, {}, {}, {}});
        w.resize(1024, 700);
        w.show();
        auto *target = find<QLineEdit>(&w, "targetEdit");
        auto *ip = find<QLineEdit>(&w, "ipEdit");
        auto *error = find<QLabel>(&w, "inputError");
        for (const auto &[field, text] : {std::pair {target, QString(5000, u'x')},
                 std::pair {ip, QStringLiteral("1.").repeated(5000)}}) {
            target->setText(QStringLiteral("user@pclnet.example"));
            ip->clear();
            field->setText(text);
            QVERIFY(field->text().size() <= 320);
            QTest::keyClick(field, Qt::Key_Return);
            QTRY_VERIFY(error->isVisibleTo(&w));
            QVERIFY2(error->text().size() < 300, qPrintable(QString::number(error->text().size())));
            QApplication::processEvents();
            QVERIFY2(w.minimumSizeHint().width() <= 1024,
                qPrintable(QString::number(w.minimumSizeHint().width())));
            QVERIFY2(w.width() <= 1024, qPrintable(QString::number(w.width())));
        }
        // And a valid entry afterwards: the window is as it was.
        target->setText(QStringLiteral("user@pclnet.example"));
        ip->setText(QStringLiteral("64.8.71.112"));
        QTest::keyClick(ip, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QVERIFY(w.width() <= 1024);
    }

    // The verdict says where receivers read the RFC differently, and what they conclude.
    void receiversDisagreeInTheVerdict()
    {
        QTemporaryDir dir;
        const QString path
            = Lab::writeFile(dir.path(), QStringLiteral("mx.zone"), Lab::voidMxHostsZone());
        MainWindow w(
            {path, {}, 0, QStringLiteral("192.0.2.99"), {}, QStringLiteral("a@example.com")});
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        const QString verdict = find<QLabel>(&w, "verdictLabel")->text();
        QVERIFY2(verdict.startsWith(QStringLiteral("PASS")), qPrintable(verdict));
        QVERIFY2(verdict.contains(
                     QStringLiteral("Receivers disagree here: pyspf, Mail::SPF says permerror")),
            qPrintable(verdict));
    }

    void cancelStopsSlowInvestigation()
    {
        // Every answer takes 400 ms; the tree is a chain of includes: a long run.
        const auto zone = Lab::includeChain("slow.example", 12);
        Lab::LoopbackServer server(zone);
        QVERIFY(server.start().has_value());
        server.setDelayMs(400);
        MainWindow w({{}, server.address(), 5000, {}, {}, {}});
        w.show();
        QTest::keyClicks(find<QLineEdit>(&w, "targetEdit"), QStringLiteral("n0.slow.example"));
        QTest::keyClick(find<QLineEdit>(&w, "targetEdit"), Qt::Key_Return);
        QTRY_VERIFY(w.isBusy());
        QTest::qWait(900); // a few answers arrive; the tree fills in progressively
        QVERIFY(find<QPushButton>(&w, "cancelButton")->isEnabled());
        QElapsedTimer t;
        t.start();
        QTest::mouseClick(find<QPushButton>(&w, "cancelButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!w.isBusy(), 3000);
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(w.result()->cancelled);
        QVERIFY(find<QLabel>(&w, "verdictLabel")->text().startsWith(QStringLiteral("Cancelled")));
        QVERIFY(!find<QPushButton>(&w, "cancelButton")->isEnabled());
    }

    // A case made from a bounce brings the bounce back: the Paste tab shows it as the
    // investigation read it, and the verdict line says SPF was not the cause.
    void caseFromABounce()
    {
        MainWindow w(
            {{}, {}, 0, {}, {}, QStringLiteral(SLEUTH_RESOURCES "/cases/dmarc-esp.spfcase")});
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QVERIFY(w.result()->bounce != nullptr);
        QVERIFY(
            find<QLabel>(&w, "verdictLabel")
                ->text()
                .startsWith(QStringLiteral("Refused for: Rejected by the sender's DMARC policy")));
        QVERIFY(find<QPlainTextEdit>(&w, "pasteInput")
                    ->toPlainText()
                    .contains(QStringLiteral("header.from=woodgrove.example")));
        const QString out = find<QPlainTextEdit>(&w, "pasteOutput")->toPlainText();
        QVERIFY2(out.startsWith(QStringLiteral("Why the receiver rejected it (with DNS, now)")),
            qPrintable(out.left(200)));
        QVERIFY(out.contains(QStringLiteral("so DMARC fails and p=reject applies")));
    }

    void caseFiles()
    {
        MainWindow w(
            {{}, {}, 0, {}, {}, QStringLiteral(SLEUTH_RESOURCES "/cases/ipv4-typo.spfcase")});
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QVERIFY(find<QLabel>(&w, "verdictLabel")->text().startsWith(QStringLiteral("PERMERROR")));
        QCOMPARE(find<QLineEdit>(&w, "targetEdit")->text(), QStringLiteral("user@pclnet.example"));
        QVERIFY(find<QPlainTextEdit>(&w, "notesEdit")
                    ->toPlainText()
                    .contains(QStringLiteral("IP Authorization check failed")));
        QVERIFY(find<QComboBox>(&w, "resolverCombo")
                    ->currentText()
                    .startsWith(QStringLiteral("Case, ")));
        QTemporaryDir dir;
        find<QPlainTextEdit>(&w, "notesEdit")
            ->setPlainText(QStringLiteral("called the sender's admin"));
        const QString path = dir.filePath(QStringLiteral("saved.spfcase"));
        QCOMPARE(w.saveCaseTo(path), QString());
        const auto saved = CaseFile::load(path);
        QVERIFY(saved.has_value());
        QCOMPARE(saved->notes, QStringLiteral("called the sender's admin"));
        QCOMPARE(saved->evidence.size(), w.result()->evidence.size());
        QCOMPARE(w.exportReportTo(dir.filePath(QStringLiteral("r.pdf"))), QString());
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("r.pdf"))).size() > 10000);
        QCOMPARE(w.exportReportTo(dir.filePath(QStringLiteral("r.html"))), QString());
        // A damaged file is refused with a message, and the open investigation stays.
        QFile bad(dir.filePath(QStringLiteral("bad.spfcase")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"format\": \"spfsleuth-case\", \"version\": 1, \"saved\": \"2026");
        bad.close();
        QVERIFY(w.openCase(bad.fileName()).contains(QStringLiteral("damaged or truncated")));
        QCOMPARE(find<QLineEdit>(&w, "targetEdit")->text(), QStringLiteral("user@pclnet.example"));
        QVERIFY(w.result().has_value());
    }

    void gettingAround()
    {
        QTemporaryDir dir;
        MainWindow w({});
        w.show();
        // File → Open sample: the bundled cases, always there.
        auto *samples = w.findChild<QMenu *>(QStringLiteral("samplesMenu"));
        QVERIFY(samples && samples->actions().size() >= 5);
        auto *typo = w.findChild<QAction *>(QStringLiteral("sample:ipv4-typo"));
        QVERIFY(typo);
        typo->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QCOMPARE(w.result()->evaluation->result, Result::PermError);
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("ipv4-typo.spfcase")));
        QVERIFY(!w.windowTitle().contains(QStringLiteral("SPF Sleuth")));
        // The edited draft is kept in the case file.
        auto *editor = find<RecordEditor>(&w, "recordEditor");
        QTRY_COMPARE(editor->domain(), QStringLiteral("pclnet.example"));
        QTest::mouseClick(find<QPushButton>(&w, "fixButton"), Qt::LeftButton);
        const QString draft = editor->toPlainText();
        QVERIFY(editor->isDraft());
        const QString path = dir.filePath(QStringLiteral("with-draft.spfcase"));
        QCOMPARE(w.saveCaseTo(path), QString());
        WindowMenus::rememberCase(path);
        QCOMPARE(WindowMenus::recentCases().value(0), QFileInfo(path).absoluteFilePath());
        MainWindow again({{}, {}, 0, {}, {}, path});
        again.show();
        QTRY_VERIFY_WITH_TIMEOUT(again.result().has_value() && !again.isBusy(), 10000);
        auto *editor2 = find<RecordEditor>(&again, "recordEditor");
        QTRY_COMPARE(editor2->domain(), QStringLiteral("pclnet.example"));
        QCOMPARE(editor2->toPlainText(), draft);
        QVERIFY(editor2->isDraft());
        // Dialogs propose a name from the investigation and the date; hostile text cannot make
        // a path.
        QCOMPARE(WindowMenus::suggestedFileName(
                     QStringLiteral("pclnet.example"), QDate(2026, 11, 30), QStringLiteral(".pdf")),
            QStringLiteral("pclnet.example-2026-11-30.pdf"));
        QCOMPARE(WindowMenus::suggestedFileName(QStringLiteral("../../etc/x y"),
                     QDate(2026, 11, 30), QStringLiteral(".spfcase")),
            QStringLiteral("etc_x_y-2026-11-30.spfcase"));
        // Help → User guide: the README, bundled.
        const QString guide = WindowMenus::userGuideMarkdown();
        QVERIFY(guide.contains(QStringLiteral("SPF Sleuth")));
        QVERIFY(QFile::exists(QStringLiteral(":/guide/docs/screenshots/record.png")));
    }

    void recheckLiveShowsTheFix()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QFile f(sample("ipv4-typo.zone"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(zone->loadZoneText(f.readAll()).has_value());
        Lab::LoopbackServer server(zone);
        QVERIFY(server.start().has_value());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("live.spfcase"));
        {
            MainWindow w({{}, server.address(), 2000, QStringLiteral("64.8.71.112"), {},
                QStringLiteral("user@pclnet.example")});
            w.show();
            QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
            QCOMPARE(w.saveCaseTo(path), QString());
        }
        // The sender's admin publishes the fix.
        zone->removeRecords(QStringLiteral("pclnet.example"), Dns::Type::TXT);
        zone->addRecord(Dns::Record::makeTxt(
            QStringLiteral("pclnet.example"), {"v=spf1 mx ip4:64.8.71.112 -all"}));
        MainWindow w({{}, {}, 2000, {}, {}, path});
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QCOMPARE(
            w.result()->evaluation->result, Spf::Result::PermError); // offline: what was seen then
        QSignalSpy rechecked(&w, &MainWindow::recheckFinished);
        w.recheckLive();
        QTRY_COMPARE_WITH_TIMEOUT(rechecked.count(), 1, 10000);
        QVERIFY(w.recheckDiff().has_value());
        QVERIFY(w.recheckDiff()->verdictChanged());
        QCOMPARE(w.recheckDiff()->verdictNow, QStringLiteral("pass (1 lookup)"));
        QVERIFY(find<QPlainTextEdit>(&w, "recheckView")
                    ->toPlainText()
                    .contains(QStringLiteral("The verdict CHANGED.")));
        QVERIFY(find<QLabel>(&w, "verdictLabel")->text().startsWith(QStringLiteral("PASS")));
    }

    void bulkAuditTab()
    {
        // A list against a loopback server answering every question after 60 ms: rows arrive
        // while it runs, the whole list is audited in order, the CSV is the CLI's.
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QByteArray text = "_spf.host.example. TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n"
                          "bad.example. TXT \"v=spf1 ipv4:192.0.2.1 -all\"\n";
        QString list = QStringLiteral("bad.example\n# a comment\nnot..valid\nnone.example\n");
        for (int i = 0; i < 30; ++i) {
            text += "d" + QByteArray::number(i)
                + ".example. TXT \"v=spf1 include:_spf.host.example -all\"\n";
            list += QStringLiteral("postmaster@d%1.example\n").arg(i);
        }
        QVERIFY(zone->loadZoneText(text).has_value());
        Lab::LoopbackServer server(zone);
        QVERIFY(server.start().has_value());
        server.setDelayMs(60);
        MainWindow w({{}, server.address(), 5000, {}, {}, {}});
        w.show();
        auto *bulk = find<BulkView>(&w, "bulkView");
        auto *start = find<QPushButton>(&w, "bulkStart");
        auto *progress = find<QProgressBar>(&w, "bulkProgress");
        QCOMPARE(progress->text(), QStringLiteral("No audit yet")); // not "0 of 1"
        QVERIFY(!start->isEnabled()); // nothing to audit yet
        bulk->setList(list);
        find<QSpinBox>(&w, "bulkJobs")->setValue(4);
        QTest::mouseClick(start, Qt::LeftButton);
        QTRY_VERIFY(bulk->isRunning());
        QVERIFY(find<QPushButton>(&w, "bulkCancel")->isEnabled());
        QVERIFY(!find<QPushButton>(&w, "bulkExport")->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!bulk->isRunning(), 20000);
        const BulkModel *model = bulk->model();
        QCOMPARE(model->rowCount(), 33);
        QCOMPARE(progress->text(), QStringLiteral("33 of 33"));
        QCOMPARE(model->rows()[0].status, QStringLiteral("problems"));
        QCOMPARE(model->rows()[0].errors, QStringList {QStringLiteral("unknown-mechanism")});
        QCOMPARE(model->rows()[1].status, QStringLiteral("invalid-domain"));
        QCOMPARE(model->rows()[1].line, 3);
        QCOMPARE(model->rows()[2].status, QStringLiteral("no-record"));
        QCOMPARE(model->rows()[3].domain, QStringLiteral("d0.example"));
        QCOMPARE(model->rows()[3].lookups, 1);
        const QString status = find<QLabel>(&w, "bulkStatus")->text();
        QVERIFY2(status.contains(QStringLiteral("33 domains")), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("29 hits")), qPrintable(status));
        QVERIFY(find<QPushButton>(&w, "bulkExport")->isEnabled());

        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("audit.csv"));
        QCOMPARE(bulk->exportTo(csv), QString());
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 34);
        QVERIFY(lines[1].startsWith("bad.example,problems,0,0,unknown-mechanism,"));
        const QString jsonl = dir.filePath(QStringLiteral("audit.jsonl"));
        QCOMPARE(bulk->exportTo(jsonl), QString());
        QFile jf(jsonl);
        QVERIFY(jf.open(QIODevice::ReadOnly));
        const QList<QByteArray> objects = jf.readAll().trimmed().split('\n');
        QCOMPARE(objects.size(), 33);
        QCOMPARE(QJsonDocument::fromJson(objects[0]).object().value(QLatin1String("status")),
            QJsonValue(QStringLiteral("problems")));
        QVERIFY(bulk->exportTo(dir.filePath(QStringLiteral("no/such/dir.csv")))
                    .startsWith(QStringLiteral("Cannot write")));

        // Sorting by status puts problems first; activating a row investigates that domain.
        auto *table = find<QTableView>(&w, "bulkTable");
        table->sortByColumn(BulkModel::StatusColumn, Qt::AscendingOrder);
        QCOMPARE(table->model()->index(0, BulkModel::DomainColumn).data().toString(),
            QStringLiteral("bad.example"));
        Q_EMIT table->activated(table->model()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QCOMPARE(find<QLineEdit>(&w, "targetEdit")->text(), QStringLiteral("bad.example"));
        QCOMPARE(find<QTabWidget>(&w, "mainTabs")->currentIndex(), 0);

        // Cancel: stops within moments, keeps the rows it has, says so.
        server.setDelayMs(300);
        table->sortByColumn(BulkModel::LineColumn, Qt::AscendingOrder);
        QString longList;
        for (int i = 0; i < 200; ++i)
            longList += QStringLiteral("x%1.example\n").arg(i);
        bulk->setList(longList);
        QTest::mouseClick(start, Qt::LeftButton);
        QTRY_VERIFY(bulk->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(bulk->model()->rowCount() > 0, 10000);
        QElapsedTimer t;
        t.start();
        QTest::mouseClick(find<QPushButton>(&w, "bulkCancel"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!bulk->isRunning(), 5000);
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(bulk->model()->rowCount() < 200);
        QVERIFY(find<QLabel>(&w, "bulkStatus")->text().startsWith(QStringLiteral("Cancelled")));
        QVERIFY(start->isEnabled());

        // A server that is not one: said inline, nothing starts.
        find<QLineEdit>(&w, "serverEdit")->setText(QStringLiteral("not a server"));
        QTest::mouseClick(start, Qt::LeftButton);
        QVERIFY(!bulk->isRunning());
        QVERIFY(!find<QLabel>(&w, "bulkError")->isHidden());
        QVERIFY(find<QLabel>(&w, "bulkError")->text().contains(QStringLiteral("is not a server")));
    }

    void nameserversDisagree()
    {
        // cmp.example on two authoritative servers (127.0.0.1 and 127.0.0.2, one port), one
        // stale and serving the ipv4: typo; a delayed "recursive" server knows the delegation.
        // ns3 shares ns1's address.
        const QList<QByteArray> ns {"127.0.0.1", "127.0.0.2", "127.0.0.1"};
        NameserverLab lab;
        const QString down = lab.start(NameserverLab::head("cmp.example", "2026112802", ns)
                + "@ TXT \"v=spf1 include:_a.cmp.example -all\"\n_a TXT \"v=spf1 "
                  "a:one.cmp.example -all\"\none A 192.0.2.1\n",
            NameserverLab::head("cmp.example", "2026112801", ns)
                + "@ TXT \"v=spf1 ipv4:192.0.2.1 <b>bold</b> -all\"\n",
            10);
        if (!down.isEmpty())
            QSKIP(qPrintable(down));
        MainWindow::Options options;
        options.server = lab.recursiveAddress();
        options.timeoutMs = 3000;
        options.ip = QStringLiteral("192.0.2.1");
        options.nsPort = lab.port();
        MainWindow w(options);
        w.resize(1024, 700); // the narrowest window the workbench is made for
        w.show();
        QTest::keyClicks(find<QLineEdit>(&w, "targetEdit"), QStringLiteral("user@cmp.example"));
        QTest::keyClick(find<QLineEdit>(&w, "targetEdit"), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 15000);
        QCOMPARE(w.result()->evaluation->result, Spf::Result::Pass);
        // The verdict comes first; the comparison follows on its own runner. Three NS names, ns1
        // and ns3 sharing 127.0.0.1: three rows.
        auto *view = find<NameserverView>(&w, "nameserverView");
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 3, 15000);
        QTRY_VERIFY(!w.isComparingNameservers());
        QVERIFY(w.result()->nameservers.has_value());
        QVERIFY2(view->summary().contains(QStringLiteral("1 of 3 server addresses")),
            qPrintable(view->summary()));
        const NsCompare::ServerRow odd = view->model()->rows().at(1);
        QCOMPARE(odd.nsName, QStringLiteral("ns2.cmp.example"));
        QVERIFY(odd.differs);
        QCOMPARE(odd.serial, QStringLiteral("2026112801"));
        QVERIFY(!view->model()->rows().at(0).differs);
        QVERIFY(view->model()
                    ->index(1, NameserverModel::NameColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("⚠")));
        auto *side = find<QTabWidget>(&w, "sideTabs");
        QCOMPARE(side->tabText(side->indexOf(view)), QStringLiteral("Servers ⚠"));
        // Every figure of the selected server is readable without scrolling sideways.
        side->setCurrentWidget(view);
        auto *table = find<QTableView>(&w, "nameserverTable");
        table->selectRow(1);
        const QString detail = find<QPlainTextEdit>(&w, "nameserverDetail")->toPlainText();
        QVERIFY2(detail.contains(QStringLiteral("ns2.cmp.example (127.0.0.2)"))
                && detail.contains(QStringLiteral("serial 2026112801")),
            qPrintable(detail));
        if (const QString shots = qEnvironmentVariable("SLEUTH_SHOTS"); !shots.isEmpty())
            w.grab().save(shots + QStringLiteral("/nameservers.png"));
        QTRY_COMPARE(table->horizontalScrollBar()->maximum(), 0);

        // The IP test was answered from the investigation's cache, and the evidence says so.
        QVERIFY(w.result()->cacheHits > 0);
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("investigation's cache")));
        auto *tree = find<QTreeView>(&w, "treeView");
        tree->setCurrentIndex(tree->model()->index(0, 0));
        QTRY_VERIFY(find<QPlainTextEdit>(&w, "detailsView")
                        ->toPlainText()
                        .contains(QStringLiteral("answered from the investigation's cache")));

        // The report carries the disagreement, with DNS text escaped.
        QTemporaryDir dir;
        const QString html = dir.filePath(QStringLiteral("r.html"));
        QCOMPARE(w.exportReportTo(html), QString());
        QFile f(html);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY(text.contains(QStringLiteral("Authoritative nameservers of cmp.example disagree")));
        QVERIFY(text.contains(QStringLiteral("ipv4:192.0.2.1 &lt;b&gt;bold&lt;/b&gt;")));
        QVERIFY(!text.contains(QStringLiteral("<b>bold</b>")));
        QVERIFY(text.contains(QStringLiteral("do not all serve the same SPF record")));
        QCOMPARE(w.exportReportTo(dir.filePath(QStringLiteral("r.pdf"))), QString());

        // Saved and reopened, the case shows the comparison made then (offline).
        const QString path = dir.filePath(QStringLiteral("c.spfcase"));
        QCOMPARE(w.saveCaseTo(path), QString());
        MainWindow again(MainWindow::Options {});
        QCOMPARE(again.openCase(path), QString());
        QTRY_VERIFY_WITH_TIMEOUT(again.result().has_value() && !again.isBusy(), 10000);
        auto *view2 = find<NameserverView>(&again, "nameserverView");
        QCOMPARE(view2->model()->rowCount(), 3);
        QVERIFY(view2->summary().contains(QStringLiteral("1 of 3")));

        // Turned off, it is not asked, and the view says why.
        find<QAction>(&w, "compareNsAction")->setChecked(false);
        w.investigate();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 15000);
        QVERIFY(!w.isComparingNameservers());
        QVERIFY(!w.result()->nameservers);
        QVERIFY(view->summary().contains(QStringLiteral("is off")));
        find<QAction>(&w, "compareNsAction")->setChecked(true);
    }

    void pasteToInvestigation()
    {
        MainWindow w({sample("ipv4-typo.zone"), {}, 0, {}, {}, {}});
        w.show();
        auto *paste = find<PasteView>(&w, "pasteView");
        QCOMPARE(paste->loadFile(QStringLiteral(SLEUTH_TEST_DATA "/paste/m365-ndr-permerror.txt")),
            QString());
        const QString found = find<QPlainTextEdit>(&w, "pasteOutput")->toPlainText();
        QVERIFY(found.contains(QStringLiteral("Connecting IP:   64.8.71.112")));
        QVERIFY(found.contains(QStringLiteral("15.20.7677.26")));
        QVERIFY2(found.startsWith(QStringLiteral("Why the receiver rejected it\n  SPF record "
                                                 "broken (permerror) (the 550 5.7.23 reply")),
            qPrintable(found.left(200)));
        QVERIFY(found.contains(QStringLiteral("From: header:    user@pclnet.example")));
        QVERIFY(find<QPushButton>(&w, "pasteInvestigate")->isEnabled());
        QTest::mouseClick(find<QPushButton>(&w, "pasteInvestigate"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QCOMPARE(find<QLineEdit>(&w, "targetEdit")->text(), QStringLiteral("user@pclnet.example"));
        QCOMPARE(find<QLineEdit>(&w, "ipEdit")->text(), QStringLiteral("64.8.71.112"));
        QCOMPARE(w.result()->evaluation->result, Spf::Result::PermError);
        // The bounce's whole verdict came along: on the Paste tab and first in the report.
        QVERIFY(w.result()->bounce != nullptr);
        const QString diagnosed = find<QPlainTextEdit>(&w, "pasteOutput")->toPlainText();
        QVERIFY2(
            diagnosed.startsWith(QStringLiteral("Why the receiver rejected it (with DNS, now)")),
            qPrintable(diagnosed.left(300)));
        QCOMPARE(diagnosed.count(QStringLiteral("Why the receiver rejected it")), 1);
        QVERIFY(diagnosed.contains(QStringLiteral("Connecting IP:   64.8.71.112")));
        QVERIFY2(diagnosed.contains(QStringLiteral("publishes no DMARC record")),
            qPrintable(diagnosed.left(900)));
        const QString report = Report::html(*w.result());
        QVERIFY(report.indexOf(QStringLiteral("Why the receiver rejected it"))
            < report.indexOf(QStringLiteral("<h2>Summary")));
        const QString comparison = find<QLabel>(&w, "pasteComparison")->text();
        QVERIFY2(comparison.startsWith(QStringLiteral("The receiver said then: permerror")),
            qPrintable(comparison));
        QVERIFY(comparison.contains(QStringLiteral("DNS says now: permerror")));
        // Where the user lands: the investigation, with Then vs now open beside the tree.
        QCOMPARE(find<QTabWidget>(&w, "mainTabs")->currentIndex(), 0);
        auto *side = find<QTabWidget>(&w, "sideTabs");
        auto *thenNow = find<QPlainTextEdit>(&w, "recheckView");
        QCOMPARE(side->currentWidget(), static_cast<QWidget *>(thenNow));
        QVERIFY2(thenNow->toPlainText().contains(comparison), qPrintable(thenNow->toPlainText()));
        // A kernel version is not taken for the IP.
        paste->setText(QStringLiteral("reboot   system boot  2.6.32.54-0.3-default Mon Nov 23 "
                                      "10:12\nReturn-Path: <a@pclnet.example>\n"));
        paste->analyze();
        QVERIFY(!paste->analysis()->connectingIp);
        // Without an IP the domain can still be investigated (tree, DMARC, DKIM keys) ...
        QVERIFY(find<QPushButton>(&w, "pasteInvestigate")->isEnabled());
        // ... but text with nothing in it cannot.
        paste->setText(QStringLiteral("hello, the mail did not arrive, please help\n"));
        paste->analyze();
        QVERIFY(!find<QPushButton>(&w, "pasteInvestigate")->isEnabled());
    }

    void autosaveSurvivesAKill()
    {
        QFile::remove(MainWindow::autosavePath());
        {
            auto *w = new MainWindow({sample("softfail.zone"), {}, 0, {}, {}, {}});
            w->show();
            QVERIFY(!find<QWidget>(w, "restoreBar")->isVisible());
            QTest::keyClicks(
                find<QLineEdit>(w, "targetEdit"), QStringLiteral("promo@news.example"));
            QTest::keyClicks(find<QLineEdit>(w, "ipEdit"), QStringLiteral("198.51.100.77"));
            QTest::keyClick(find<QLineEdit>(w, "ipEdit"), Qt::Key_Return);
            QTRY_VERIFY_WITH_TIMEOUT(w->result().has_value() && !w->isBusy(), 10000);
            find<QPlainTextEdit>(w, "notesEdit")
                ->setPlainText(QStringLiteral("customer says the newsletter bounces"));
            QVERIFY(w->hasUnsavedWork());
            QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(MainWindow::autosavePath()), 5000);
            QTRY_VERIFY_WITH_TIMEOUT(CaseFile::load(MainWindow::autosavePath())
                                         .value_or(CaseFile::Case {})
                                         .notes.contains(QStringLiteral("newsletter")),
                5000);
            delete w; // killed: no close event, no chance to ask
        }
        MainWindow w({sample("softfail.zone"), {}, 0, {}, {}, {}});
        w.show();
        QVERIFY(find<QWidget>(&w, "restoreBar")->isVisible());
        QVERIFY(
            find<QLabel>(&w, "restoreText")->text().contains(QStringLiteral("promo@news.example")));
        QTest::mouseClick(find<QPushButton>(&w, "restoreButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QCOMPARE(find<QPlainTextEdit>(&w, "notesEdit")->toPlainText(),
            QStringLiteral("customer says the newsletter bounces"));
        QCOMPARE(w.result()->evaluation->result, Spf::Result::SoftFail);
        // Saved properly, then closed: nothing is left to offer.
        QTemporaryDir dir;
        QCOMPARE(w.saveCaseTo(dir.filePath(QStringLiteral("kept.spfcase"))), QString());
        QVERIFY(!w.hasUnsavedWork());
        w.close();
        QVERIFY(!QFileInfo::exists(MainWindow::autosavePath()));
    }

    void switchResolverMidInvestigation()
    {
        auto slowZone = std::make_shared<Dns::MemoryResolver>();
        QByteArray text = "$ORIGIN slow.example.\n";
        for (int i = 0; i < 8; ++i)
            text += "n" + QByteArray::number(i) + " TXT \"v=spf1 include:n"
                + QByteArray::number(i + 1) + ".slow.example -all\"\n";
        QVERIFY(slowZone->loadZoneText(text).has_value());
        Lab::LoopbackServer slow(slowZone);
        QVERIFY(slow.start().has_value());
        slow.setDelayMs(300);
        auto fastZone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(
            fastZone
                ->loadZoneText("$ORIGIN slow.example.\nn0 TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n")
                .has_value());
        Lab::LoopbackServer fast(fastZone);
        QVERIFY(fast.start().has_value());
        MainWindow w({{}, slow.address(), 5000, QStringLiteral("192.0.2.9"), {},
            QStringLiteral("x@n0.slow.example")});
        w.show();
        QTRY_VERIFY(w.isBusy());
        // The user points it elsewhere and runs again while the first run still waits.
        find<QLineEdit>(&w, "serverEdit")->setText(fast.address());
        QTest::keyClick(find<QLineEdit>(&w, "targetEdit"), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!w.isBusy() && w.result().has_value(), 10000);
        QCOMPARE(w.result()->evaluation->result, Spf::Result::Pass); // the second run's answer
        QVERIFY(w.result()->resolverDescription.contains(QString::number(fast.port())));
    }

    // The controller holds the resolver choice: what the user types in the server field and the
    // timeout, or what the program puts there (options, a case opened), is what the next run and
    // the console ask, with no step in between.
    void resolverEditsReachTheNextRun()
    {
        using Investigation::DnsSource;
        const auto serve = [](const char *record) {
            auto zone = std::make_shared<Dns::MemoryResolver>();
            const bool loaded
                = zone->loadZoneText(QByteArray("$ORIGIN r.example.\n@ TXT \"") + record + "\"\n")
                      .has_value();
            auto server = std::make_unique<Lab::LoopbackServer>(zone);
            return loaded && server->start().has_value() ? std::move(server) : nullptr;
        };
        const auto first = serve("v=spf1 -all");
        const auto second = serve("v=spf1 ip4:192.0.2.0/24 -all");
        QVERIFY(first && second);
        MainWindow w({{}, first->address(), 1000, QStringLiteral("192.0.2.9"), {}, {}});
        w.show();
        QList<Investigation::ResolverChoice> asked;
        connect(w.controller(), &InvestigationController::started, &w,
            [&asked](const Investigation::Request &r) { asked << r.resolver; });
        const auto runFor = [&](const QString &target) {
            auto *edit = find<QLineEdit>(&w, "targetEdit");
            edit->setText(target);
            QTest::keyClick(edit, Qt::Key_Return);
            return QTest::qWaitFor([&] { return w.result().has_value() && !w.isBusy(); }, 10000);
        };
        // The options, put in the bar by the program.
        QCOMPARE(w.controller()->dnsSource(), DnsSource::Live);
        QCOMPARE(w.controller()->liveChoice().servers, QStringList {first->address()});
        QCOMPARE(w.controller()->liveChoice().timeoutMs, 1000);
        QVERIFY(runFor(QStringLiteral("x@r.example")));
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.last().mode, Investigation::ResolverMode::Custom);
        QCOMPARE(asked.last().servers, QStringList {first->address()});
        QCOMPARE(asked.last().timeoutMs, 1000);
        QCOMPARE(w.result()->evaluation->result, Spf::Result::Fail);

        // The user types another server and runs again; then another timeout (each alone, so
        // that neither edit carries the other to the controller).
        auto *server = find<QLineEdit>(&w, "serverEdit");
        QTest::keyClick(server, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(server, second->address());
        QVERIFY(runFor(QStringLiteral("y@r.example")));
        QCOMPARE(asked.size(), 2);
        QCOMPARE(asked.last().servers, QStringList {second->address()});
        QCOMPARE(asked.last().timeoutMs, 1000);
        QCOMPARE(w.result()->evaluation->result, Spf::Result::Pass);
        QVERIFY(w.result()->resolverDescription.contains(QString::number(second->port())));
        auto *timeout = find<QDoubleSpinBox>(&w, "timeoutSpin");
        timeout->selectAll();
        QTest::keyClicks(timeout, QStringLiteral("7"));
        QTest::keyClick(timeout, Qt::Key_Up); // 7.5 s
        QVERIFY(runFor(QStringLiteral("z@r.example")));
        QCOMPARE(asked.size(), 3);
        QCOMPARE(asked.last().servers, QStringList {second->address()});
        QCOMPARE(asked.last().timeoutMs, 7500);
        // The console asks the same server.
        QTest::keyClicks(find<QLineEdit>(&w, "consoleName"), QStringLiteral("r.example"));
        QTest::keyClick(find<QLineEdit>(&w, "consoleName"), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(find<QPlainTextEdit>(&w, "consoleOutput")
                                     ->toPlainText()
                                     .contains(QStringLiteral("ip4:192.0.2.0/24")),
            10000);

        // A case opened picks its captured answers; picking the custom server again goes live
        // with what the field and the timeout say.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.spfcase"));
        QCOMPARE(w.saveCaseTo(path), QString());
        QCOMPARE(w.openCase(path), QString());
        QCOMPARE(w.controller()->dnsSource(), DnsSource::Case);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        auto *combo = find<QComboBox>(&w, "resolverCombo");
        combo->setCurrentIndex(combo->findText(QStringLiteral("Custom server")));
        QCOMPARE(w.controller()->dnsSource(), DnsSource::Live);
        QVERIFY(runFor(QStringLiteral("w@r.example")));
        QCOMPARE(asked.last().servers, QStringList {second->address()});
        QCOMPARE(asked.last().timeoutMs, 7500);
        QVERIFY(w.result()->resolverDescription.contains(QString::number(second->port())));
    }

    void closeWhileBusyIsSafe()
    {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        QVERIFY(zone->loadZoneText("$ORIGIN x.example.\n@ TXT \"v=spf1 include:y.x.example "
                                   "-all\"\ny TXT \"v=spf1 -all\"\n")
                    .has_value());
        Lab::LoopbackServer server(zone);
        QVERIFY(server.start().has_value());
        server.setDelayMs(300);
        auto *w = new MainWindow({{}, server.address(), 5000, {}, {}, QStringLiteral("x.example")});
        w->show();
        QTRY_VERIFY(w->isBusy());
        delete w; // must cancel and join its workers, not crash
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
