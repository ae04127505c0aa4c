// The workbench a technician trusts at 1024 px (issue 24): a readable tree, a cause beside every
// error, a DNS failure in its own state, lookalike addresses named.

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyleOptionFrame>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeView>
#include <QUdpSocket>
#include <QUrl>
#include <functional>

#include "advicepane.h"
#include "caseio/casefile.h"
#include "charts.h"
#include "diagnosticsmodel.h"
#include "dns/memoryresolver.h"
#include "mainwindow.h"
#include "pasteview.h"
#include "recordeditor.h"
#include "spf/evaluator.h"
#include "spftreemodel.h"
#include "toolpanes.h"
#include "tracepane.h"
#include "uitest.h"

namespace {

QModelIndex findRow(QAbstractItemModel *model, const QString &text, const QModelIndex &parent = {})
{
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex i = model->index(r, 0, parent);
        if (i.data().toString() == text)
            return i;
        if (const QModelIndex found = findRow(model, text, i); found.isValid())
            return found;
    }
    return {};
}

// What the tree draws for a name: the text elided as the view elides it, in the room its cell
// leaves after the icon and the margins.
QString visibleText(QTreeView *tree, const QModelIndex &index)
{
    const QRect cell = tree->visualRect(index);
    QFont font = tree->font();
    if (index.data(Qt::FontRole).isValid())
        font = index.data(Qt::FontRole).value<QFont>();
    const int icon = index.data(Qt::DecorationRole).isValid() ? tree->iconSize().width() + 8 : 0;
    const int margin = 2 * (tree->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1);
    return QFontMetrics(font).elidedText(
        index.data().toString(), tree->textElideMode(), cell.width() - icon - margin);
}

// Runs `act` on the next modal window the code under test opens (polled: exec() shows it first),
// once `act` says it was the one.
void onModal(std::function<bool(QWidget *)> act)
{
    auto *poll = new QTimer;
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, act] {
        QWidget *modal = QApplication::activeModalWidget();
        if (modal && act(modal))
            poll->deleteLater();
    });
    poll->start();
}

// Clicks `button` on the unsaved-draft question the next close asks.
void answerPrompt(const char *button)
{
    onModal([button](QWidget *modal) {
        if (modal->objectName() != QLatin1String("unsavedDraftPrompt"))
            return false;
        find<QPushButton>(modal, button)->click();
        return true;
    });
}

} // namespace

class TestWorkbench : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // At 1024x700 a term keeps what tells it apart; the side pane steps aside for the whole name.
    void treeReadableAt1024()
    {
        MainWindow w({sample("too-many-lookups.zone"), {}, 0, QStringLiteral("203.0.113.200"), {},
            QStringLiteral("ap@bigcorp.example")});
        w.resize(1024, 700);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        auto *tree = find<QTreeView>(&w, "treeView");
        QCOMPARE(tree->textElideMode(), Qt::ElideMiddle);
        const QString name = QStringLiteral("include:_spf.helpdesk.example");
        const QModelIndex row = findRow(tree->model(), name);
        QVERIFY(row.isValid());
        tree->scrollTo(row);
        QApplication::processEvents();
        QString shown = visibleText(tree, row);
        qInfo() << "at 1024 px:" << shown << tree->columnWidth(0) << tree->viewport()->width();
        // The mechanism and the domain that tell the rows apart are both in sight.
        QVERIFY2(shown.startsWith(QStringLiteral("include:")), qPrintable(shown));
        QVERIFY2(shown.endsWith(QStringLiteral("example")), qPrintable(shown));
        QVERIFY2(shown.size() >= 16, qPrintable(shown));
        // The whole name in the tooltip.
        QVERIFY(row.data(Qt::ToolTipRole).toString().contains(name));
        // The user gives the tree the width: the side pane steps aside, every name whole.
        auto *trace = w.findChild<TracePane *>();
        QVERIFY(trace->isSidePaneShown());
        trace->setSidePaneShown(false);
        QTRY_VERIFY(!trace->isSidePaneShown());
        QTRY_COMPARE(visibleText(tree, row), name);
        QVERIFY(tree->viewport()->width() > 900);
        trace->setSidePaneShown(true);
        QTRY_VERIFY(trace->isSidePaneShown());
        // The splitter moves: the side pane does not hold the tree to its tab bar's width.
        auto *splitter = find<QSplitter>(&w, "mainSplitter");
        const QList<int> before = splitter->sizes();
        auto *side = find<QTabWidget>(&w, "sideTabs");
        QVERIFY(before[1] <= side->minimumSizeHint().width() + 10);
        // At 1024 px the side pane is at its smallest already; its handle drags it shut.
        QVERIFY(splitter->isCollapsible(1));
        QVERIFY(!splitter->isCollapsible(0));
        splitter->setSizes({before[0] + before[1], 0});
        QApplication::processEvents();
        QCOMPARE(splitter->sizes()[0], before[0] + before[1]);
        QVERIFY(!trace->isSidePaneShown());
    }

    // Void lookups end in permerror: the Record tab names the cause on the terms, with a quick
    // fix that drops the dead ones; Advice proposes the record without them.
    void voidLookupProblemRow()
    {
        MainWindow w({sample("void-lookups.zone"), {}, 0, QStringLiteral("192.0.2.99"), {},
            QStringLiteral("billing@shop.example")});
        w.resize(1024, 700);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QCOMPARE(w.result()->evaluation->result, Spf::Result::PermError);
        auto *editor = find<RecordEditor>(&w, "recordEditor");
        QTRY_COMPARE(editor->domain(), QStringLiteral("shop.example"));
        auto *problems = find<QTableView>(&w, "diagnosticsView");
        QTRY_VERIFY(problems->model()->rowCount() >= 3);
        // Each row its own short line: which term, what happened, its place in the count.
        const auto cell = [problems](int row, int column) {
            return problems->model()->index(row, column).data().toString();
        };
        QCOMPARE(cell(1, DiagnosticsModel::MessageColumn),
            QStringLiteral(
                "a:relay.shop.example: the name does not exist (void lookup 2 of 2 allowed)"));
        QCOMPARE(cell(2, DiagnosticsModel::MessageColumn),
            QStringLiteral("mx:legacy.shop.example: the name does not exist (void lookup 3, over "
                           "the 2 allowed: permerror)"));
        QCOMPARE(
            cell(1, DiagnosticsModel::FixColumn), QStringLiteral("remove “a:relay.shop.example”"));
        // The quick fix is readable in its column: both ends in sight, the whole in the tooltip.
        QCOMPARE(problems->textElideMode(), Qt::ElideMiddle);
        const QString fix = cell(1, DiagnosticsModel::FixColumn);
        const QString shownFix = problems->fontMetrics().elidedText(
            fix, Qt::ElideMiddle, problems->columnWidth(DiagnosticsModel::FixColumn) - 8);
        QVERIFY2(shownFix.startsWith(QStringLiteral("remove “a:"))
                && shownFix.endsWith(QStringLiteral("example”")),
            qPrintable(shownFix));
        QVERIFY(problems->model()
                    ->index(1, DiagnosticsModel::FixColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(fix));
        // The long explanation with its choices is said once: in the selected row's detail.
        for (int r = 0; r < 3; ++r)
            QVERIFY(!cell(r, DiagnosticsModel::MessageColumn).contains(QStringLiteral("Choices")));
        problems->selectRow(1);
        QVERIFY(editor->underlinedRanges().size() >= 3);
        auto *detail = find<QLabel>(&w, "problemDetail");
        QTRY_VERIFY2(detail->text().contains(QStringLiteral("drop the dead terms")),
            qPrintable(detail->text()));
        QVERIFY2(detail->text().contains(
                     QStringLiteral("a:relay.shop.example: the name does not exist")),
            qPrintable(detail->text()));
        auto *advice = find<AdvicePane>(&w, "advicePane");
        QVERIFY2(advice->plainText().contains(QStringLiteral("drop the dead terms")),
            qPrintable(advice->plainText()));
        QVERIFY2(advice->plainText().contains(QStringLiteral("v=spf1 ip4:192.0.2.99 -all")),
            qPrintable(advice->plainText()));
        auto *side = find<QTabWidget>(&w, "sideTabs");
        QCOMPARE(side->tabText(side->indexOf(advice)), QStringLiteral("Advice ⚠"));
    }

    // Quitting with an edited draft asks; kept, the next start offers it back; discarded, not.
    void unsavedDraftKeptAndOfferedBack()
    {
        QFile::remove(MainWindow::autosavePath());
        const QString draft = QStringLiteral("v=spf1 ip4:192.0.2.99 -all");
        const MainWindow::Options options {sample("void-lookups.zone"), {}, 0,
            QStringLiteral("192.0.2.99"), {}, QStringLiteral("billing@shop.example")};
        const auto editDraft = [&draft](MainWindow &w) {
            w.show();
            QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
            auto *editor = find<RecordEditor>(&w, "recordEditor");
            QTRY_COMPARE(editor->domain(), QStringLiteral("shop.example"));
            editor->setPlainText(draft);
            QTRY_VERIFY(w.hasUnsavedWork());
        };
        {
            MainWindow w(options);
            editDraft(w);
            // Cancel: the window stays, the draft with it.
            answerPrompt("cancelCloseButton");
            QVERIFY(!w.close());
            QVERIFY(w.isVisible());
            QCOMPARE(
                w.controller()->session().drafts().value(QStringLiteral("shop.example")), draft);
            // Keep: the autosave holds the draft.
            answerPrompt("keepDraftButton");
            QVERIFY(w.close());
            QCOMPARE(CaseFile::load(MainWindow::autosavePath())
                         .value_or(CaseFile::Case {})
                         .drafts.value(QStringLiteral("shop.example")),
                draft);
        }
        {
            // The next start offers it back, saying there is a draft; restored, it is in the
            // editor.
            MainWindow w({});
            w.show();
            QVERIFY(find<QWidget>(&w, "restoreBar")->isVisible());
            const QString offer = find<QLabel>(&w, "restoreText")->text();
            QVERIFY2(
                offer.contains(QStringLiteral("draft record of shop.example")), qPrintable(offer));
            QTest::mouseClick(find<QPushButton>(&w, "restoreButton"), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
            auto *editor = find<RecordEditor>(&w, "recordEditor");
            QTRY_COMPARE(editor->domain(), QStringLiteral("shop.example"));
            QTRY_COMPARE(editor->toPlainText(), draft);
            QVERIFY(editor->isDraft());
            // Discard: no draft is kept for the start after.
            answerPrompt("discardDraftButton");
            QVERIFY(w.close());
            QVERIFY(CaseFile::load(MainWindow::autosavePath())
                        .value_or(CaseFile::Case {})
                        .drafts.isEmpty());
        }
        QFile::remove(MainWindow::autosavePath());
    }

    // A proposal is tried as a draft in one action: in the editor, evaluated, beside the verdict.
    void tryProposalAsDraft()
    {
        MainWindow w({sample("void-lookups.zone"), {}, 0, QStringLiteral("192.0.2.99"), {},
            QStringLiteral("billing@shop.example")});
        w.resize(1024, 700);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        auto *view = find<QTextBrowser>(&w, "adviceView");
        QTRY_VERIFY(view->toHtml().contains(QStringLiteral("href=\"draft:0\"")));
        QVERIFY(view->toPlainText().contains(QStringLiteral("Try as draft")));
        Q_EMIT view->anchorClicked(QUrl(QStringLiteral("draft:0")));
        auto *editor = find<RecordEditor>(&w, "recordEditor");
        QCOMPARE(editor->toPlainText(), QStringLiteral("v=spf1 ip4:192.0.2.99 -all"));
        QVERIFY(editor->isDraft());
        QCOMPARE(find<QTabWidget>(&w, "sideTabs")->currentIndex(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(w.draftResult().has_value() && !w.isBusy(), 10000);
        QCOMPARE(w.draftResult()->evaluation->result, Spf::Result::Pass);
        QTRY_VERIFY(find<QLabel>(&w, "draftVerdict")
                        ->text()
                        .contains(QStringLiteral("PASS"), Qt::CaseInsensitive));
    }

    // "Zone file…" in the DNS box: a file dialog; the zone picked answers from then on.
    void zoneFileFromTheDnsBox()
    {
        MainWindow w({});
        w.show();
        auto *combo = find<QComboBox>(&w, "resolverCombo");
        const int before = combo->currentIndex();
        const int choose = combo->findText(QStringLiteral("Zone file…"));
        QVERIFY(choose >= 0);
        // Cancelled: the box still shows what answers.
        bool asked = false;
        onModal([&asked](QWidget *modal) {
            auto *dialog = qobject_cast<QFileDialog *>(modal);
            if (dialog)
                dialog->reject();
            return asked = dialog != nullptr;
        });
        combo->setCurrentIndex(choose);
        QCOMPARE(combo->currentIndex(), before);
        QTRY_VERIFY(asked);
        QCOMPARE(combo->currentIndex(), before);
        QCOMPARE(w.controller()->dnsSource(), Investigation::DnsSource::Live);
        // Picked: the zone's path typed into the dialog's name field, as a user would (selecting
        // a file programmatically races the dialog's directory listing); it is offered, chosen,
        // and answers.
        onModal([](QWidget *modal) {
            auto *dialog = qobject_cast<QFileDialog *>(modal);
            auto *name
                = dialog ? dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit")) : nullptr;
            if (!name)
                return false;
            name->setText(sample("softfail.zone"));
            QTest::keyClick(name, Qt::Key_Return);
            return true;
        });
        combo->setCurrentIndex(choose);
        QTRY_COMPARE(combo->currentText(), QStringLiteral("Zone: softfail.zone"));
        QCOMPARE(w.controller()->dnsSource(), Investigation::DnsSource::Zone);
        find<QLineEdit>(&w, "targetEdit")->setText(QStringLiteral("promo@news.example"));
        find<QLineEdit>(&w, "ipEdit")->setText(QStringLiteral("198.51.100.77"));
        w.investigate();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QCOMPARE(w.result()->evaluation->result, Spf::Result::SoftFail);
        // A second zone replaces the first in the box.
        QCOMPARE(w.openZone(sample("void-lookups.zone")), QString());
        QCOMPARE(combo->currentText(), QStringLiteral("Zone: void-lookups.zone"));
        QCOMPARE(combo->findText(QStringLiteral("Zone: softfail.zone")), -1);
    }

    // At 1024x700 every placeholder fits its field, and the Bulk audit's and the Servers'
    // tables need no sideways scrolling.
    void fitsAt1024()
    {
        MainWindow w({sample("void-lookups.zone"), {}, 0, QStringLiteral("192.0.2.99"), {},
            QStringLiteral("billing@shop.example")});
        w.resize(1024, 700);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        // The tree with its void-lookups column needs no sideways scrolling either.
        QTRY_COMPARE(find<QTreeView>(&w, "treeView")->horizontalScrollBar()->maximum(), 0);
        auto *tabs = find<QTabWidget>(&w, "mainTabs");
        QStringList cut;
        for (int t = 0; t < tabs->count(); ++t) {
            tabs->setCurrentIndex(t);
            QApplication::processEvents();
            for (QLineEdit *edit : w.findChildren<QLineEdit *>()) {
                if (!edit->isVisible() || edit->placeholderText().isEmpty())
                    continue;
                QStyleOptionFrame option;
                option.initFrom(edit);
                const QRect text
                    = edit->style()->subElementRect(QStyle::SE_LineEditContents, &option, edit);
                // The clear button, when there is one, takes room only once there is text.
                if (edit->fontMetrics().horizontalAdvance(edit->placeholderText())
                    > text.width() - 4)
                    cut << edit->objectName() + QStringLiteral(": ") + edit->placeholderText();
            }
        }
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QStringLiteral("; "))));
        // The Bulk audit's table fits its width.
        auto *bulk = find<QTableView>(&w, "bulkTable");
        tabs->setCurrentWidget(find<QWidget>(&w, "bulkView"));
        QApplication::processEvents();
        int used = 0;
        for (int c = 0; c < bulk->model()->columnCount(); ++c)
            used += bulk->isColumnHidden(c) ? 0 : bulk->columnWidth(c);
        QVERIFY2(used <= bulk->viewport()->width() + 1,
            qPrintable(QStringLiteral("%1 > %2").arg(used).arg(bulk->viewport()->width())));
        // The window fits a 1024-px screen with the widest input row: a custom server shown, a
        // zone file with a long name offered.
        auto *combo = find<QComboBox>(&w, "resolverCombo");
        combo->setCurrentIndex(combo->findText(QStringLiteral("Custom server")));
        QCOMPARE(w.openZone(sample("too-many-lookups.zone")), QString());
        combo->setCurrentIndex(combo->findText(QStringLiteral("Custom server")));
        QApplication::processEvents();
        QVERIFY(find<QLineEdit>(&w, "serverEdit")->isVisible());
        QVERIFY2(w.minimumSizeHint().width() <= 1024,
            qPrintable(QString::number(w.minimumSizeHint().width())));
    }

    // With no lookups the budget chart keeps its width: the limit of 10 sits far right.
    void budgetChartWithNoLookups()
    {
        Dns::MemoryResolver zone;
        QVERIFY(zone.loadZoneText("$ORIGIN zero.example.\n@ TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n")
                    .has_value());
        const Spf::Evaluation e = Spf::Evaluator(zone).evaluate(Spf::CheckRequest {
            QHostAddress(QStringLiteral("192.0.2.5")), QStringLiteral("a@zero.example"), {}, {}});
        QCOMPARE(e.lookups, 0);
        BudgetChart chart;
        chart.resize(430, 220);
        chart.setTrace(e.trace);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const QImage image = chart.grab().toImage();
        int rightmostLimit = -1; // the dashed red line of the 10-lookup limit
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                if (image.pixelColor(x, y) == QColor(200, 0, 0))
                    rightmostLimit = std::max(rightmostLimit, x);
            }
        }
        QVERIFY2(rightmostLimit > image.width() * 0.6,
            qPrintable(QStringLiteral("%1 of %2").arg(rightmostLimit).arg(image.width())));
    }

    // A proposal written as a zone file line (the reduction plan) is tried as its record.
    void tryZoneLineProposalAsDraft()
    {
        MainWindow w(
            {sample("too-many-lookups.zone"), {}, 0, {}, {}, QStringLiteral("bigcorp.example")});
        w.resize(1024, 700);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        auto *view = find<QTextBrowser>(&w, "adviceView");
        auto *editor = find<RecordEditor>(&w, "recordEditor");
        int tried = 0;
        for (int i = 0; i < 20; ++i) {
            if (!view->toHtml().contains(QStringLiteral("href=\"draft:%1\"").arg(i)))
                continue;
            Q_EMIT view->anchorClicked(QUrl(QStringLiteral("draft:%1").arg(i)));
            QVERIFY2(editor->toPlainText().startsWith(QStringLiteral("v=spf1 ")),
                qPrintable(editor->toPlainText()));
            QVERIFY(!editor->toPlainText().contains(QStringLiteral("IN TXT")));
            QCOMPARE(editor->domain(), QStringLiteral("bigcorp.example"));
            ++tried;
        }
        QVERIFY(tried >= 1);
    }

    // Help → User guide opens at the guide, not at the set-up notes above it.
    void userGuideOpensAtTheGuide()
    {
        MainWindow w({});
        w.resize(1024, 700);
        w.show();
        find<QAction>(&w, "userGuideAction")->trigger();
        QTextBrowser *guide = nullptr;
        QTRY_VERIFY((guide = w.findChild<QTextBrowser *>(QStringLiteral("userGuide"))));
        QTRY_VERIFY(guide->isVisible());
        const auto topLine
            = [guide] { return guide->cursorForPosition(QPoint(10, 10)).block().text(); };
        QTRY_COMPARE(topLine(), QStringLiteral("User guide: from a bounce to a fix"));
        guide->window()->close();
    }

    // A DNS server that does not answer: an amber state that says so first, not a red permerror.
    void dnsFailureState()
    {
        QUdpSocket silent; // bound, never answers
        QVERIFY(silent.bind(QHostAddress::LocalHost, 0));
        const QString server = QStringLiteral("127.0.0.1:%1").arg(silent.localPort());
        MainWindow w(
            {{}, server, 300, QStringLiteral("192.0.2.1"), {}, QStringLiteral("user@example.com")});
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 20000);
        const QString verdict = find<QLabel>(&w, "verdictLabel")->text();
        QVERIFY2(
            verdict.startsWith(QStringLiteral("DNS unreachable: %1 did not answer").arg(server)),
            qPrintable(verdict));
        QCOMPARE(verdict.count(QStringLiteral("did not answer")), 1);
        QVERIFY2(!verdict.contains(QStringLiteral("TEMPERROR —")), qPrintable(verdict));
        QCOMPARE(find<QLabel>(&w, "verdictIcon")->accessibleName(),
            QStringLiteral("Verdict status: DNS failure"));
    }

    // The Paste tab says a DNS failure once, first; the lines below do not repeat it.
    void dnsFailureSaidOnceInPaste()
    {
        QUdpSocket silent;
        QVERIFY(silent.bind(QHostAddress::LocalHost, 0));
        const QString server = QStringLiteral("127.0.0.1:%1").arg(silent.localPort());
        MainWindow w({{}, server, 300, {}, {}, {}});
        w.show();
        auto *paste = w.findChild<PasteView *>();
        QFile bounce(QStringLiteral(SLEUTH_TEST_DATA "/paste/postini-bounce.txt"));
        QVERIFY(bounce.open(QIODevice::ReadOnly));
        paste->setText(QString::fromUtf8(bounce.readAll()));
        paste->analyze();
        auto *investigate = find<QPushButton>(&w, "pasteInvestigate");
        QVERIFY(investigate->isEnabled());
        investigate->click();
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 30000);
        auto *output = find<QPlainTextEdit>(&w, "pasteOutput");
        QTRY_VERIFY(output->toPlainText().contains(QStringLiteral("(with DNS, now)")));
        const QString text = output->toPlainText();
        QCOMPARE(text.count(QStringLiteral("DNS unreachable")), 1);
        QVERIFY2(text.section(QLatin1Char('\n'), 1, 1)
                     .startsWith(QStringLiteral("  DNS unreachable: %1").arg(server)),
            qPrintable(text));
        QVERIFY2(
            !text.contains(QStringLiteral("temperror"), Qt::CaseInsensitive), qPrintable(text));
    }

    // Opening a sample from the menu shows it, whatever tab was shown; each has an accelerator.
    void sampleOpensOnTheInvestigation()
    {
        MainWindow w({{}, {}, 0, {}, {}, {}});
        w.show();
        auto *tabs = find<QTabWidget>(&w, "mainTabs");
        tabs->setCurrentIndex(tabs->count() - 1);
        auto *menu = find<QMenu>(&w, "samplesMenu");
        QVERIFY(!menu->actions().isEmpty());
        for (QAction *a : menu->actions())
            QVERIFY2(a->text().startsWith(QLatin1Char('&')), qPrintable(a->text()));
        menu->actions().front()->trigger();
        QCOMPARE(tabs->currentIndex(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
    }

    // A null sender with a HELO name: the HELO identity is checked, as postmaster@HELO.
    void heloOnlyCheck()
    {
        MainWindow w({sample("softfail.zone"), {}, 0, {}, {}, {}});
        w.show();
        find<QLineEdit>(&w, "targetEdit")->setText(QStringLiteral("<>"));
        find<QLineEdit>(&w, "ipEdit")->setText(QStringLiteral("192.0.2.5"));
        auto *helo = find<QLineEdit>(&w, "heloEdit");
        helo->setText(QStringLiteral("news.example"));
        QTest::keyClick(helo, Qt::Key_Return);
        auto *error = find<QLabel>(&w, "inputError");
        QTRY_VERIFY_WITH_TIMEOUT(
            (w.result().has_value() && !w.isBusy()) || error->isVisibleTo(&w), 10000);
        QVERIFY2(!error->isVisibleTo(&w), qPrintable(error->text()));
        QVERIFY2(w.result()->error.isEmpty(), qPrintable(w.result()->error));
        QVERIFY(w.result()->evaluation);
        QCOMPARE(w.result()->evaluation->result, Spf::Result::Pass);
        QCOMPARE(w.result()->evaluation->domain, QStringLiteral("news.example"));
    }

    // The void-lookups sample with the block-list fixture (tests/data/dnsbl), as one zone file.
    static QString blocklistZone(const QTemporaryDir &dir)
    {
        const QString zone = dir.filePath(QStringLiteral("blocklists.zone"));
        QFile out(zone);
        if (!out.open(QIODevice::WriteOnly))
            return {};
        for (const QString &part : {sample("void-lookups.zone"),
                 QStringLiteral(SLEUTH_TEST_DATA "/dnsbl/blocklists.zone")}) {
            QFile f(part);
            if (!f.open(QIODevice::ReadOnly))
                return {};
            out.write(f.readAll() + '\n');
        }
        return zone;
    }

    // Block lists from the Reverse lookup tab, off the GUI thread: a listing (red), a refused
    // query (not red, never "listed"), NXDOMAIN; at 1024 px every column reads without scrolling.
    void blocklistCheck()
    {
        QTemporaryDir dir;
        const QString zone = blocklistZone(dir);
        QVERIFY(!zone.isEmpty());
        MainWindow w({zone, {}, 0, {}, {}, {}});
        w.resize(1024, 700);
        w.show();
        find<QTabWidget>(&w, "mainTabs")->setCurrentWidget(w.findChild<ReversePane *>());
        find<QLineEdit>(&w, "reverseEdit")->setText(QStringLiteral("192.0.2.99"));
        auto *run = find<QPushButton>(&w, "blocklistRun");
        run->click();
        QVERIFY(!run->isEnabled());
        // A reverse lookup meanwhile runs beside the check, never in its place (the check used to
        // be dropped, its button left disabled).
        find<QPushButton>(&w, "reverseRun")->click();
        QTRY_VERIFY(run->isEnabled());
        auto *table = find<QTableView>(&w, "blocklistTable");
        QAbstractItemModelTester tester(
            table->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(table->isVisible());
        QHash<QString, QModelIndex> status;
        for (int row = 0; row < table->model()->rowCount(); ++row)
            status.insert(
                table->model()->index(row, 0).data().toString(), table->model()->index(row, 1));
        QCOMPARE(status.value(QStringLiteral("zen.spamhaus.org")).data().toString(),
            QStringLiteral("listed"));
        const QModelIndex refused = status.value(QStringLiteral("b.barracudacentral.org"));
        QCOMPARE(refused.data().toString(), QStringLiteral("refused: cannot tell"));
        QVERIFY(refused.data(Qt::ForegroundRole)
            != status.value(QStringLiteral("zen.spamhaus.org")).data(Qt::ForegroundRole));
        QCOMPARE(status.value(QStringLiteral("bl.spamcop.net")).data().toString(),
            QStringLiteral("not listed"));
        QVERIFY(!table->horizontalScrollBar()->isVisible());
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            for (int column : {0, 1}) { // the list and its status are never elided
                const QModelIndex cell = table->model()->index(row, column);
                const QFont font = cell.data(Qt::FontRole).isValid()
                    ? cell.data(Qt::FontRole).value<QFont>()
                    : table->font();
                QVERIFY(QFontMetrics(font).horizontalAdvance(cell.data().toString())
                    < table->columnWidth(column));
            }
        }
        const QString summary = find<QLabel>(&w, "blocklistSummary")->text();
        QVERIFY2(summary.contains(QStringLiteral("listed on 1 of 6 lists")), qPrintable(summary));
        // No case is open: the check is shown, and the summary says it is kept nowhere.
        QVERIFY2(summary.contains(QStringLiteral("Not part of a case")), qPrintable(summary));
    }

    // A check made while a case is open joins it: saved in the case file, in the report, and
    // shown again (replayed from the captured answers) when the case is reopened.
    void blocklistCheckJoinsTheCase()
    {
        QTemporaryDir dir;
        const QString zone = blocklistZone(dir);
        QVERIFY(!zone.isEmpty());
        QString path = dir.filePath(QStringLiteral("kept.spfcase"));
        {
            MainWindow w({zone, {}, 0, QStringLiteral("192.0.2.99"), {},
                QStringLiteral("billing@shop.example")});
            w.show();
            QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
            QVERIFY(w.result()->blocklists.isEmpty());
            find<QLineEdit>(&w, "reverseEdit")->setText(QStringLiteral("192.0.2.99"));
            auto *run = find<QPushButton>(&w, "blocklistRun");
            run->click();
            QTRY_VERIFY(run->isEnabled());
            const QString summary = find<QLabel>(&w, "blocklistSummary")->text();
            QVERIFY2(summary.contains(QStringLiteral("Kept in the case")), qPrintable(summary));
            QCOMPARE(w.result()->blocklists.size(), 1);
            QCOMPARE(w.result()->request.blocklists.front().ip, QStringLiteral("192.0.2.99"));
            QCOMPARE(w.saveCaseTo(path), QString());
            const QString html = dir.filePath(QStringLiteral("r.html"));
            QCOMPARE(w.exportReportTo(html), QString());
            QFile f(html);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(f.readAll());
            QVERIFY(text.contains(QStringLiteral("<h2>Block lists</h2>")));
            QVERIFY(text.contains(QStringLiteral("refused: cannot tell")));
            QVERIFY(text.contains(QStringLiteral("is listed on 1 of 6 lists")));
            // Another zone since the investigation: its answers are not the case's.
            QCOMPARE(w.openZone(sample("softfail.zone")), QString());
            run->click();
            QTRY_VERIFY(run->isEnabled());
            const QString other = find<QLabel>(&w, "blocklistSummary")->text();
            QVERIFY2(other.contains(QStringLiteral("DNS source changed")), qPrintable(other));
            QCOMPARE(w.result()->blocklists.size(), 1);
        }
        const auto saved = CaseFile::load(path);
        QVERIFY(saved.has_value());
        QCOMPARE(saved->blocklists.size(), 1);
        MainWindow again({});
        again.show();
        // Opening a case over another (or a zone over a zone) replaces the DNS box's entry
        // without a file dialog popping up on the way (it did: the removed entry's neighbour is
        // "Zone file…").
        bool dialogShown = false;
        QTimer closer;
        connect(&closer, &QTimer::timeout, &again, [&dialogShown] {
            if (QWidget *modal = QApplication::activeModalWidget()) {
                dialogShown = true;
                modal->close();
            }
        });
        closer.start(20);
        QCOMPARE(again.openCase(path), QString());
        QTRY_VERIFY_WITH_TIMEOUT(again.result().has_value() && !again.isBusy(), 10000);
        QCOMPARE(again.openCase(path), QString());
        QTest::qWait(200);
        QVERIFY(!dialogShown);
        closer.stop();
        QTRY_VERIFY_WITH_TIMEOUT(again.result().has_value() && !again.isBusy(), 10000);
        QCOMPARE(again.result()->blocklists.size(), 1);
        QVERIFY(again.result()->blocklists.front().anyListed());
        QTRY_VERIFY(find<QTableView>(&again, "blocklistTable")->model()->rowCount() == 6);
        const QString summary = find<QLabel>(&again, "blocklistSummary")->text();
        QVERIFY2(summary.contains(QStringLiteral("From the case")), qPrintable(summary));
        // Offline from the case: a new check is answered from the captured answers only.
        find<QPushButton>(&again, "blocklistRun")->click();
        QTRY_VERIFY(find<QPushButton>(&again, "blocklistRun")->isEnabled());
        QVERIFY(find<QLabel>(&again, "blocklistSummary")
                    ->text()
                    .contains(QStringLiteral("captured answers")));
        QCOMPARE(again.result()->blocklists.size(), 1);
    }

    // A kernel version typed into Reverse lookup is named; a pasted `last` output is read as such.
    void kernelVersionStory()
    {
        MainWindow w({sample("ipv4-typo.zone"), {}, 0, {}, {}, {}});
        w.show();
        auto *edit = find<QLineEdit>(&w, "reverseEdit");
        edit->setText(QStringLiteral("2.6.32.54-0.3-default"));
        QTest::keyClick(edit, Qt::Key_Return);
        const QString out = find<QPlainTextEdit>(&w, "reverseOutput")->toPlainText();
        QVERIFY2(out.startsWith(QStringLiteral("'2.6.32.54-0.3-default' is not an IP address")),
            qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("This is a Linux kernel version.")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("system boot")), qPrintable(out));

        auto *paste = w.findChild<PasteView *>();
        paste->setText(QStringLiteral(
            "root     pts/0        192.0.2.7        Mon Nov 30 10:12   still logged in\n"
            "reboot   system boot  2.6.32.54-0.3-de Mon Nov 30 10:00 - 10:30  (00:30)\n"
            "admin    pts/1        mail.example.com Sun Nov 29 09:01 - 09:45  (00:44)\n"));
        paste->analyze();
        auto *output = find<QPlainTextEdit>(&w, "pasteOutput");
        QTRY_VERIFY(output->toPlainText().contains(QStringLiteral("`last` output")));
        const QString text = output->toPlainText();
        QVERIFY2(!text.contains(QStringLiteral("Why the receiver rejected it")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("line 1: root logged in from 192.0.2.7")),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("line 2: reboot: 2.6.32.54-0.3-de is a Linux kernel "
                                              "version cut off by `last`, not a host")),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("2.6.32.54 here is the start of a Linux kernel")),
            qPrintable(text));
        QVERIFY(!find<QPushButton>(&w, "pasteInvestigate")->isEnabled());
    }
};

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
