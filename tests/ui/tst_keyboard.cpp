// Keyboard only, and what a screen reader gets: the main journeys driven by key presses alone,
// with the focus asserted after each step; every control named; focus visible.

#include <QAbstractButton>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

#include "a11y.h"
#include "charts.h"
#include "lab.h"
#include "mainwindow.h"
#include "recordeditor.h"
#include "spftreemodel.h"
#include "uitest.h"

namespace {

QWidget *focus()
{
    return QApplication::focusWidget();
}

QString focusName()
{
    return focus() ? focus()->objectName() : QStringLiteral("(no focus)");
}

// A key press where the keyboard is, as a user makes it.
void key(QWidget *window, Qt::Key k, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QTest::keyClick(focus() ? focus() : window, k, modifiers);
}

void type(const QString &text)
{
    QTest::keyClicks(focus(), text);
}

QString accessibleName(QWidget *w)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    return iface ? iface->text(QAccessible::Name) : QString();
}

// The too-many-lookups sample, investigated at start.
MainWindow::Options bigcorp()
{
    return {sample("too-many-lookups.zone"), {}, 0, QStringLiteral("203.0.113.200"), {},
        QStringLiteral("ap@bigcorp.example")};
}

void showActive(MainWindow &w)
{
    w.show();
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
}

} // namespace

class TestKeyboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // Investigate, read the verdict, fix the record and evaluate the draft, revert: keys only.
    void investigateFixAndDraft()
    {
        MainWindow w({sample("ipv4-typo.zone"), {}, 0, {}, {}, {}});
        showActive(w);
        QCOMPARE(focusName(), QStringLiteral("targetEdit"));
        type(QStringLiteral("user@pclnet.example"));
        key(&w, Qt::Key_Tab);
        QCOMPARE(focusName(), QStringLiteral("ipEdit"));
        type(QStringLiteral("64.8.71.112"));
        key(&w, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        // The keyboard lands on the verdict, and that is what a screen reader reads.
        QTRY_COMPARE(focusName(), QStringLiteral("verdictLabel"));
        QVERIFY2(accessibleName(focus()).startsWith(QStringLiteral("Verdict: PERMERROR")),
            qPrintable(accessibleName(focus())));

        // Tab walks the window without getting stuck, and reaches the record editor.
        QStringList walked;
        for (int i = 0; i < 40 && focusName() != QLatin1String("recordEditor"); ++i) {
            key(&w, Qt::Key_Tab);
            walked << focusName();
        }
        QVERIFY2(focusName() == QLatin1String("recordEditor"), qPrintable(walked.join(u' ')));
        QCOMPARE(walked.count(QStringLiteral("diagnosticsView")), 0); // after the buttons
        auto *editor = qobject_cast<RecordEditor *>(focus());
        const QString published = editor->toPlainText();

        // Ctrl+. twice fixes both ipv4: terms.
        key(&w, Qt::Key_Period, Qt::ControlModifier);
        key(&w, Qt::Key_Period, Qt::ControlModifier);
        QCOMPARE(editor->toPlainText(),
            QString(published).replace(QStringLiteral("ipv4:"), QStringLiteral("ip4:")));
        QCOMPARE(focusName(), QStringLiteral("recordEditor"));

        // Nothing is left to fix: the quick-fix button is off (and out of the Tab order).
        QVERIFY(!w.findChild<QPushButton *>(QStringLiteral("fixButton"))->isEnabled());
        // The Record tab in reading order: editor, its buttons, then one stop for the problems.
        for (const char *next : {"draftButton", "revertButton", "diagnosticsView"}) {
            key(&w, Qt::Key_Tab);
            QCOMPARE(focusName(), QLatin1String(next));
        }
        key(&w, Qt::Key_Tab);
        QVERIFY(focusName() != QLatin1String("diagnosticsView"));

        // Ctrl+Return evaluates the draft; the keyboard stays where it was.
        for (int i = 0; i < 4; ++i)
            key(&w, Qt::Key_Backtab);
        QCOMPARE(focusName(), QStringLiteral("recordEditor"));
        QSignalSpy drafted(&w, &MainWindow::draftEvaluated);
        key(&w, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(drafted.count(), 1, 10000);
        QCOMPARE(w.draftResult()->evaluation->result, Spf::Result::Pass);
        QCOMPARE(focusName(), QStringLiteral("recordEditor"));
        auto *draft = w.findChild<QLabel *>(QStringLiteral("draftVerdict"));
        QVERIFY(accessibleName(draft).startsWith(QStringLiteral("Draft: pass")));

        // Tab in the editor moves on: no tab character, no new error.
        const QString before = editor->toPlainText();
        key(&w, Qt::Key_Tab);
        QCOMPARE(focusName(), QStringLiteral("draftButton"));
        QCOMPARE(editor->toPlainText(), before);

        // Revert by keyboard: the published text is back and the keyboard is in the editor.
        key(&w, Qt::Key_Tab);
        QCOMPARE(focusName(), QStringLiteral("revertButton"));
        key(&w, Qt::Key_Space);
        QCOMPARE(editor->toPlainText(), published);
        QCOMPARE(focusName(), QStringLiteral("recordEditor"));
    }

    // Alt and a tab's letter opens the tab and puts the keyboard where the work goes on.
    void tabsTakeTheFocus()
    {
        MainWindow w({sample("ipv4-typo.zone"), {}, 0, {}, {}, {}});
        showActive(w);
        const QList<std::pair<Qt::Key, const char *>> tabs {{Qt::Key_C, "consoleName"},
            {Qt::Key_R, "reverseEdit"}, {Qt::Key_P, "pasteInput"}, {Qt::Key_B, "bulkList"}};
        for (const auto &[letter, field] : tabs) {
            key(&w, letter, Qt::AltModifier);
            QCOMPARE(focusName(), QLatin1String(field));
        }
        key(&w, Qt::Key_I, Qt::AltModifier);
        QVERIFY2(focusName().startsWith(QLatin1String("sample-")), qPrintable(focusName()));
        // Tab leaves the multi-line editors: the paste box and the list of domains.
        for (const auto &[letter, field] :
            {std::pair {Qt::Key_P, "pasteInput"}, {Qt::Key_B, "bulkList"}}) {
            key(&w, letter, Qt::AltModifier);
            key(&w, Qt::Key_Tab);
            QVERIFY(focusName() != QLatin1String(field));
        }
        // Ctrl+L goes back to the investigation field.
        key(&w, Qt::Key_L, Qt::ControlModifier);
        QCOMPARE(focusName(), QStringLiteral("targetEdit"));
    }

    // From a pasted bounce to the verdict by keyboard: the keyboard never lands on a hidden page.
    void pasteToVerdict()
    {
        MainWindow w({sample("ipv4-typo.zone"), {}, 0, {}, {}, {}});
        showActive(w);
        key(&w, Qt::Key_P, Qt::AltModifier);
        QCOMPARE(focusName(), QStringLiteral("pasteInput"));
        QFile bounce(QStringLiteral(SLEUTH_TEST_DATA "/paste/postini-bounce.txt"));
        QVERIFY(bounce.open(QIODevice::ReadOnly));
        qobject_cast<QPlainTextEdit *>(focus())->setPlainText(QString::fromUtf8(bounce.readAll()));
        // Analyze, then Investigate what was found: each a Tab or two away.
        for (const char *button : {"pasteAnalyze", "pasteInvestigate"}) {
            QStringList walked;
            for (int i = 0; i < 10 && focusName() != QLatin1String(button); ++i) {
                key(&w, Qt::Key_Tab);
                walked << focusName();
            }
            QVERIFY2(focusName() == QLatin1String(button), qPrintable(walked.join(u' ')));
            key(&w, Qt::Key_Space);
        }
        QCOMPARE(w.findChild<QTabWidget *>(QStringLiteral("mainTabs"))->currentIndex(), 0);
        QVERIFY(focus() && focus()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QTRY_COMPARE(focusName(), QStringLiteral("verdictLabel"));
    }

    // Every action with a shortcut is in a menu (and in the shortcut list); F10 opens the menus.
    void menusHoldEveryShortcut()
    {
        MainWindow w({sample("ipv4-typo.zone"), {}, 0, {}, {}, {}});
        showActive(w);
        const QString list = A11y::shortcutList(w.menuBar());
        for (const QKeySequence &k : {QKeySequence(Qt::CTRL | Qt::Key_L), QKeySequence(Qt::Key_F5),
                 QKeySequence(Qt::Key_Escape), QKeySequence(QKeySequence::Find),
                 QKeySequence(Qt::CTRL | Qt::Key_E), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                 QKeySequence(Qt::CTRL | Qt::Key_Period), QKeySequence(Qt::CTRL | Qt::Key_Return),
                 QKeySequence(QKeySequence::Open), QKeySequence(QKeySequence::Save),
                 QKeySequence(QKeySequence::Print), QKeySequence(Qt::CTRL | Qt::Key_R)})
            QVERIFY2(list.contains(k.toString(QKeySequence::NativeText)),
                qPrintable(k.toString() + QStringLiteral(" not in:\n") + list));
        // No shortcut lives outside the menus (F10, which opens them, aside).
        for (QAction *a : w.actions())
            QVERIFY2(a->shortcut().isEmpty() || a->shortcut() == QKeySequence(Qt::Key_F10),
                qPrintable(a->shortcut().toString()));
        key(&w, Qt::Key_F10);
        QTRY_VERIFY(w.menuBar()->activeAction() != nullptr);
        QCOMPARE(w.menuBar()->activeAction()->text(), QStringLiteral("&File"));
        key(&w, Qt::Key_Escape);
        key(&w, Qt::Key_Escape);
    }

    // Export the report by keyboard: Ctrl+P, type the name, Enter; the result is announced and
    // the keyboard is back where it was.
    void exportPdfByKeyboard()
    {
        QTemporaryDir dir;
        MainWindow w(
            {sample("ipv4-typo.zone"), {}, 0, {}, {}, QStringLiteral("user@pclnet.example")});
        showActive(w);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QTRY_COMPARE(focusName(), QStringLiteral("verdictLabel"));
        const QString path = dir.filePath(QStringLiteral("report.pdf"));
        bool typed = false;
        QTimer poll;
        connect(&poll, &QTimer::timeout, this, [&] {
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            if (!dialog || typed || !focus() || !dialog->isAncestorOf(focus()))
                return;
            typed = true;
            auto *name = qobject_cast<QLineEdit *>(focus());
            QVERIFY(name);
            name->clear();
            QTest::keyClicks(name, path);
            QTest::keyClick(name, Qt::Key_Return);
        });
        poll.start(50);
        key(&w, Qt::Key_P, Qt::ControlModifier); // the dialog's event loop runs until it closes
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(path).size() > 1000, 10000);
        QVERIFY(typed);
        // The window returns the keyboard to where it was (the offscreen platform does not
        // reactivate the window after a dialog; a desktop does).
        QTRY_VERIFY(w.focusWidget() != nullptr);
        QCOMPARE(w.focusWidget()->objectName(), QStringLiteral("verdictLabel"));
        QVERIFY(accessibleName(w.statusBar()).startsWith(QStringLiteral("Report written to")));
    }

    // Escape cancels; the keyboard lands on the verdict, which says it was cancelled.
    void cancelByKeyboard()
    {
        const auto zone = Lab::includeChain("slow.example", 12);
        Lab::LoopbackServer server(zone);
        QVERIFY(server.start().has_value());
        server.setDelayMs(300);
        MainWindow w({{}, server.address(), 5000, {}, {}, {}});
        showActive(w);
        type(QStringLiteral("n0.slow.example"));
        key(&w, Qt::Key_Return);
        QTRY_VERIFY(w.isBusy());
        QTest::qWait(400);
        key(&w, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!w.isBusy(), 3000);
        QVERIFY(w.result()->cancelled);
        QTRY_COMPARE(focusName(), QStringLiteral("verdictLabel"));
        QVERIFY(accessibleName(focus()).contains(QStringLiteral("Cancelled")));
    }

    // Input errors are said with their field.
    void errorsAttachToTheirField()
    {
        MainWindow w({sample("ipv4-typo.zone"), {}, 0, {}, {}, {}});
        showActive(w);
        type(QStringLiteral("user@pclnet.example"));
        key(&w, Qt::Key_Tab);
        type(QStringLiteral("2.6.32.54-0.3-default"));
        key(&w, Qt::Key_Return);
        auto *ip = w.findChild<QLineEdit *>(QStringLiteral("ipEdit"));
        QVERIFY(ip->accessibleDescription().contains(QStringLiteral("not an IP address")));
        QVERIFY(w.findChild<QLineEdit *>(QStringLiteral("targetEdit"))
                    ->accessibleDescription()
                    .isEmpty());
        QCOMPARE(focusName(), QStringLiteral("ipEdit")); // where the fix goes
    }

    // Every control a user can reach has a name a screen reader can read, none named by its value
    // alone; charts have text alternatives; the deciding path is said, not only shown.
    void everyControlNamed()
    {
        MainWindow w(bigcorp());
        showActive(w);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QStringList unnamed;
        for (QWidget *widget : w.findChildren<QWidget *>()) {
            const bool interactive
                = (widget->focusPolicy() & Qt::TabFocus) || qobject_cast<QProgressBar *>(widget);
            if (!interactive || widget->window() != &w || qobject_cast<QScrollBar *>(widget)
                || qobject_cast<QTabBar *>(widget)
                || qobject_cast<QTabBar *>(widget->parentWidget())
                || widget->objectName() == QLatin1String("qt_menubar_ext_button"))
                continue; // popups and Qt's own parts (tabs are named by their titles)
            QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(widget);
            QVERIFY(iface);
            const QString name = iface->text(QAccessible::Name).trimmed();
            if (auto *combo = qobject_cast<QComboBox *>(widget)) {
                // On Linux a combo box is named by its label (the AT-SPI "labelled-by" relation).
                if (iface->relations(QAccessible::Label).isEmpty())
                    unnamed << combo->objectName() + QStringLiteral(" (no label)");
                continue;
            }
            if (name.isEmpty())
                unnamed << QStringLiteral("%1 %2").arg(
                    QLatin1String(widget->metaObject()->className()), widget->objectName());
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
        // The clear (×) buttons, which the mouse reaches.
        for (const char *field : {"targetEdit", "filterEdit"}) {
            const auto buttons
                = w.findChild<QLineEdit *>(QLatin1String(field))->findChildren<QToolButton *>();
            QVERIFY(!buttons.isEmpty());
            for (QToolButton *b : buttons)
                QVERIFY(accessibleName(b).startsWith(QStringLiteral("Clear")));
        }
        // The verdict icon says what it shows.
        QVERIFY(accessibleName(w.findChild<QLabel *>(QStringLiteral("verdictIcon")))
                    .contains(QStringLiteral("error")));
        // Charts: the figures in words.
        auto *budget = w.findChild<BudgetChart *>(QStringLiteral("budgetChart"));
        QVERIFY2(budget->accessibleDescription().startsWith(QStringLiteral("DNS lookups: ")),
            qPrintable(budget->accessibleDescription()));
        QVERIFY(budget->accessibleDescription().contains(QStringLiteral("over the limit")));
        auto *timeline = w.findChild<TimelineChart *>(QStringLiteral("timelineChart"));
        QVERIFY(timeline->accessibleDescription().contains(QStringLiteral("DNS queries")));
        // The deciding path in the tree's accessible text.
        auto *tree = w.findChild<QTreeView *>(QStringLiteral("treeView"));
        int said = 0;
        std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
            for (int r = 0; r < tree->model()->rowCount(parent); ++r) {
                const QModelIndex i = tree->model()->index(r, 0, parent);
                if (i.data(SpfTreeModel::DecidingRole).toBool()) {
                    QVERIFY(i.data(Qt::AccessibleTextRole)
                                .toString()
                                .endsWith(QStringLiteral("on the path that decided")));
                    ++said;
                }
                walk(i);
            }
        };
        walk({});
        QVERIFY(said >= 2);
    }

    // Charts by keyboard: arrows pick a bar, Enter selects its node in the tree.
    void chartsByKeyboard()
    {
        MainWindow w(bigcorp());
        showActive(w);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        auto *side = w.findChild<QTabWidget *>(QStringLiteral("sideTabs"));
        side->setCurrentWidget(w.findChild<QWidget *>(QStringLiteral("chartsScroll")));
        auto *budget = w.findChild<BudgetChart *>(QStringLiteral("budgetChart"));
        budget->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(focusName(), QStringLiteral("budgetChart"));
        QCOMPARE(budget->currentItem(), 0);
        key(&w, Qt::Key_Right);
        key(&w, Qt::Key_Right);
        QCOMPARE(budget->currentItem(), 2);
        QVERIFY(budget->accessibleDescription().contains(QStringLiteral("Picked: ")));
        key(&w, Qt::Key_Return);
        auto *tree = w.findChild<QTreeView *>(QStringLiteral("treeView"));
        QCOMPARE(tree->currentIndex().data(SpfTreeModel::NodeRole).toInt(),
            budget->segments().at(2).node);
    }

    // Focus shows: the default button and the tree look different with and without it.
    void focusIsVisible()
    {
        MainWindow w(bigcorp());
        showActive(w);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        auto *run = w.findChild<QPushButton *>(QStringLiteral("runButton"));
        auto *tree = w.findChild<QTreeView *>(QStringLiteral("treeView"));
        w.findChild<QLineEdit *>(QStringLiteral("ipEdit"))->setFocus();
        QTRY_VERIFY(!run->hasFocus() && !tree->hasFocus());
        const QImage runPlain = run->grab().toImage();
        const QImage treePlain = tree->grab().toImage();
        run->setFocus();
        QTRY_VERIFY(run->hasFocus());
        QVERIFY(run->grab().toImage() != runPlain);
        tree->setFocus();
        QTRY_VERIFY(tree->hasFocus());
        QVERIFY(tree->grab().toImage() != treePlain);
        // A read-only text view shows it has the keyboard too.
        auto *details = w.findChild<QPlainTextEdit *>(QStringLiteral("detailsView"));
        w.findChild<QTabWidget *>(QStringLiteral("sideTabs"))->setCurrentWidget(details);
        tree->setFocus();
        QTRY_VERIFY(!details->hasFocus());
        const QImage detailsPlain = details->grab().toImage();
        details->setFocus();
        QTRY_VERIFY(details->hasFocus());
        QVERIFY(details->grab().toImage() != detailsPlain);
        auto *verdict = w.findChild<QLabel *>(QStringLiteral("verdictLabel"));
        const QImage verdictFocused = verdict->grab().toImage();
        QVERIFY(!verdict->hasFocus());
        verdict->setFocus();
        QTRY_VERIFY(verdict->hasFocus());
        QVERIFY(verdict->grab().toImage() != verdictFocused);
    }

    // Only the real focus looks focused: the default Investigate button looks like any other
    // until it has the keyboard, and a focused tab has a clear frame.
    void onlyTheFocusLooksFocused()
    {
        MainWindow w(bigcorp());
        showActive(w);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        auto *run = w.findChild<QPushButton *>(QStringLiteral("runButton"));
        QVERIFY(run->isDefault());
        w.findChild<QLineEdit *>(QStringLiteral("ipEdit"))->setFocus();
        QTRY_VERIFY(!run->hasFocus());
        const QImage asDefault = run->grab().toImage();
        run->setDefault(false);
        const QImage plain = run->grab().toImage();
        run->setDefault(true);
        QCOMPARE(asDefault, plain);
        run->setFocus();
        QTRY_VERIFY(run->hasFocus());
        QVERIFY(run->grab().toImage() != plain);
        // A tab with the focus: framed in the highlight colour, all round.
        QTabBar *bar = w.findChild<QTabWidget *>(QStringLiteral("mainTabs"))->tabBar();
        const QColor highlight = bar->palette().color(QPalette::Highlight);
        const auto framed = [bar, &highlight] {
            const QImage image = bar->grab(bar->tabRect(bar->currentIndex())).toImage();
            int n = 0;
            for (int y = 0; y < image.height(); ++y) {
                for (int x = 0; x < image.width(); ++x)
                    n += image.pixelColor(x, y) == highlight;
            }
            return n;
        };
        const int before = framed();
        bar->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(bar->hasFocus());
        const QRect tab = bar->tabRect(bar->currentIndex());
        QVERIFY2(framed() - before >= 2 * (tab.width() + tab.height()),
            qPrintable(QStringLiteral("%1 -> %2 highlight pixels").arg(before).arg(framed())));
    }

    // Tab reaches the tree's tools, in reading order, before the tree.
    void treeToolsInTheTabOrder()
    {
        MainWindow w(bigcorp());
        showActive(w);
        QTRY_VERIFY_WITH_TIMEOUT(w.result().has_value() && !w.isBusy(), 10000);
        QTRY_COMPARE(focusName(), QStringLiteral("verdictLabel"));
        QStringList walked;
        for (int i = 0; i < 40 && focusName() != QLatin1String("treeView"); ++i) {
            key(&w, Qt::Key_Tab);
            walked << focusName();
        }
        const QStringList tools {QStringLiteral("treeSource"), QStringLiteral("filterEdit"),
            QStringLiteral("expandButton"), QStringLiteral("collapseButton"),
            QStringLiteral("treeView")};
        QVERIFY2(walked.size() >= tools.size() && walked.mid(walked.size() - tools.size()) == tools,
            qPrintable(walked.join(u' ')));
    }
};

QTEST_MAIN(TestKeyboard)
#include "tst_keyboard.moc"
