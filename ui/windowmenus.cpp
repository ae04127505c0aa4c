#include "windowmenus.h"

#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QCoreApplication>
#include <QDate>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

#include "a11y.h"
#include "common/safetext.h"
#include "investigationbar.h"
#include "investigationcontroller.h"
#include "toolpanes.h"
#include "tracepane.h"

namespace WindowMenus {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("WindowMenus", text);
}

const QString lastFolderKey = QStringLiteral("dialogs/lastFolder");
const QString recentKey = QStringLiteral("cases/recent");
constexpr int maxRecent = 8;

QString lastFolder()
{
    const QString saved = QSettings().value(lastFolderKey).toString();
    return !saved.isEmpty() && QFileInfo(saved).isDir()
        ? saved
        : QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

void rememberFolder(const QString &path)
{
    QSettings().setValue(lastFolderKey, QFileInfo(path).absolutePath());
}

// What the investigation was about: the sender's domain, else the IP, else "investigation".
QString subjectOf(const InvestigationController *controller)
{
    const auto &result = controller->session().result();
    if (!result)
        return {};
    if (!result->target.domain.isEmpty())
        return result->target.domain;
    return result->target.text;
}

// A save dialog that proposes a name from the investigation and the date, in the last folder;
// the write's error in a message box.
void saveAs(QWidget *window, const Targets &t, const QString &title, const QString &filter,
    const QString &suffix, const std::function<QString(const QString &)> &write)
{
    const QString proposal
        = QDir(lastFolder())
              .filePath(suggestedFileName(subjectOf(t.controller), QDate::currentDate(), suffix));
    QString path = QFileDialog::getSaveFileName(window, title, proposal, filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith(suffix))
        path += suffix;
    rememberFolder(path);
    if (const QString error = write(path); !error.isEmpty())
        QMessageBox::warning(window, title, error);
    else if (suffix == QLatin1String(".spfcase"))
        rememberCase(path);
}

void openCaseAt(QMainWindow *w, const Targets &t, const QString &path)
{
    if (path.isEmpty())
        return;
    if (const QString error = t.openCase(path); !error.isEmpty()) {
        QMessageBox::warning(w, tr("Cannot open the case"), error);
        return;
    }
    rememberCase(path);
    t.tabs->setCurrentIndex(0); // the case is shown where it is: the Investigation tab
}

// The README's heading where the user guide starts (above it: the set-up on a fresh machine).
constexpr QLatin1StringView guideHeading("User guide: from a bounce to a fix");

void showUserGuide(QWidget *parent)
{
    auto *dialog = new QDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("User guide"));
    auto *v = new QVBoxLayout(dialog);
    auto *browser = new QTextBrowser(dialog);
    browser->setObjectName(QStringLiteral("userGuide"));
    browser->setAccessibleName(tr("User guide"));
    browser->setOpenExternalLinks(false);
    browser->setSearchPaths({QStringLiteral(":/guide")});
    browser->setMarkdown(userGuideMarkdown());
    v->addWidget(browser);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    v->addWidget(buttons);
    // Most of the window, never more than the screen.
    dialog->resize(parent->size() * 0.85);
    dialog->show();
    // Open at the guide, not at the set-up notes above it: its heading at the top of the view.
    QTimer::singleShot(0, browser, [browser] {
        const QTextCursor heading = browser->document()->find(QString(guideHeading));
        if (heading.isNull())
            return;
        const QRectF at = browser->document()->documentLayout()->blockBoundingRect(heading.block());
        browser->verticalScrollBar()->setValue(int(at.top()));
    });
}

void fileMenu(QMainWindow *w, const Targets &t)
{
    QMenu *file = w->menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open case…"), QKeySequence::Open, w, [w, t] {
        const QString path = QFileDialog::getOpenFileName(
            w, tr("Open case"), lastFolder(), tr("SPF Sleuth cases (*.spfcase);;All files (*)"));
        if (!path.isEmpty())
            rememberFolder(path);
        openCaseAt(w, t, path);
    });
    file->addAction(tr("Open &bounce file…"), w, [t] { t.openBounce(); })
        ->setObjectName(QStringLiteral("openBounceAction"));
    // The bundled sample cases, always one click away.
    QMenu *samples = file->addMenu(tr("Open s&ample"));
    samples->setObjectName(QStringLiteral("samplesMenu"));
    const QStringList sampleCases = WelcomePane::sampleCases();
    for (const QString &path : sampleCases) {
        // A number for an accelerator: the names share their first letters.
        const int n = int(sampleCases.indexOf(path)) + 1;
        const QString name
            = QFileInfo(path).completeBaseName().replace(QLatin1Char('-'), QLatin1Char(' '));
        QAction *a = samples->addAction(n <= 9 ? QStringLiteral("&%1 %2").arg(n).arg(name) : name,
            w, [w, t, path] { openCaseAt(w, t, path); });
        a->setObjectName(QStringLiteral("sample:") + QFileInfo(path).completeBaseName());
    }
    samples->setEnabled(!samples->isEmpty());
    QMenu *recent = file->addMenu(tr("Open &recent"));
    recent->setObjectName(QStringLiteral("recentMenu"));
    QObject::connect(recent, &QMenu::aboutToShow, w, [w, t, recent] {
        recent->clear();
        const QStringList paths = recentCases();
        for (int i = 0; i < paths.size(); ++i) {
            const QString path = paths[i];
            QAction *a = recent->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(
                                               Text::shortSafe(QFileInfo(path).fileName(), 60)),
                w, [w, t, path] { openCaseAt(w, t, path); });
            a->setToolTip(Text::shortSafe(path, 200));
        }
        if (paths.isEmpty())
            recent->addAction(tr("(no cases yet)"))->setEnabled(false);
    });
    file->addSeparator();
    QAction *save = file->addAction(tr("&Save case…"), QKeySequence::Save, w, [w, t] {
        saveAs(w, t, tr("Save case"), tr("SPF Sleuth cases (*.spfcase)"),
            QStringLiteral(".spfcase"), t.saveCase);
    });
    QAction *pdf = file->addAction(tr("Export report as &PDF…"), QKeySequence::Print, w, [w, t] {
        saveAs(
            w, t, tr("Export report"), tr("PDF (*.pdf)"), QStringLiteral(".pdf"), t.exportReport);
    });
    QAction *html = file->addAction(tr("Export report as &HTML…"), w, [w, t] {
        saveAs(w, t, tr("Export report"), tr("HTML (*.html)"), QStringLiteral(".html"),
            t.exportReport);
    });
    file->addSeparator();
    file->addAction(tr("&Recheck live"), QKeySequence(Qt::CTRL | Qt::Key_R), w, t.recheck);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, w, &QWidget::close);
    for (QAction *a : {save, pdf, html})
        a->setEnabled(false);
    QObject::connect(t.controller, &InvestigationController::finished, w, [t, save, pdf, html] {
        for (QAction *a : {save, pdf, html})
            a->setEnabled(t.controller->session().hasResult());
    });
}

void investigationMenus(QMainWindow *w, const Targets &t)
{
    QMenu *run = w->menuBar()->addMenu(tr("&Investigation"));
    run->addAction(tr("&Investigate again"), QKeySequence(Qt::Key_F5), w, t.investigate);
    run->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape), t.controller,
        &InvestigationController::cancel);
    run->addAction(tr("Go to the investigation &field"), QKeySequence(Qt::CTRL | Qt::Key_L), t.bar,
        &InvestigationBar::focusTarget);
    run->addSeparator();
    run->addAction(tr("&Filter the tree"), QKeySequence::Find, w, [t] {
        t.tabs->setCurrentIndex(0);
        t.trace->focusFilter();
    });
    run->addAction(
        tr("&Expand all"), QKeySequence(Qt::CTRL | Qt::Key_E), t.trace, &TracePane::expandAll);
    run->addAction(tr("C&ollapse all"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), t.trace,
        &TracePane::collapseAll);
    // The tree alone at the window's width (the splitter's handle drags the side pane back).
    QAction *wide = run->addAction(tr("&Tree at full width"));
    wide->setObjectName(QStringLiteral("treeFullWidthAction"));
    wide->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    wide->setCheckable(true);
    QObject::connect(wide, &QAction::toggled, t.trace, [t](bool on) {
        t.tabs->setCurrentIndex(0);
        t.trace->setSidePaneShown(!on);
    });
    QObject::connect(t.trace, &TracePane::sidePaneToggled, wide, [wide](bool shown) {
        const QSignalBlocker block(wide);
        wide->setChecked(!shown);
    });

    QMenu *record = w->menuBar()->addMenu(tr("&Record"));
    record->addAction(tr("Apply &quick fix"), QKeySequence(Qt::CTRL | Qt::Key_Period), t.trace,
        &TracePane::applyFixAtCursor);
    record->addAction(tr("&Evaluate draft"), QKeySequence(Qt::CTRL | Qt::Key_Return), t.trace,
        &TracePane::evaluateDraft);
}

void dnsMenu(QMainWindow *w, const Targets &t)
{
    QMenu *dns = w->menuBar()->addMenu(tr("&DNS"));
    const auto toggle = [dns, t](const QString &name, const QString &text, const QString &tip,
                            bool on, void (InvestigationController::*set)(bool)) {
        QAction *a = dns->addAction(text);
        a->setObjectName(name);
        a->setToolTip(tip);
        a->setCheckable(true);
        a->setChecked(on);
        QObject::connect(a, &QAction::toggled, t.controller, set);
    };
    toggle(QStringLiteral("prefetchAction"), tr("&Fetch the tree in parallel"),
        tr("Ask up to 16 questions at once ahead of the audit, through one answer cache for the "
           "investigation. The results are the same; only the waiting is shorter."),
        t.controller->prefetches(), &InvestigationController::setPrefetch);
    toggle(QStringLiteral("compareNsAction"), tr("&Compare authoritative nameservers"),
        tr("After each live investigation of a domain, ask every authoritative nameserver "
           "directly for its SPF record."),
        t.controller->comparesNameservers(), &InvestigationController::setCompareNameservers);
}

} // namespace

void build(QMainWindow *w, const Targets &t)
{
    fileMenu(w, t);
    investigationMenus(w, t);
    dnsMenu(w, t);
    QMenu *help = w->menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&User guide"), w, [w] { showUserGuide(w); })
        ->setObjectName(QStringLiteral("userGuideAction"));
    help->addAction(tr("&Keyboard shortcuts"), QKeySequence::HelpContents, w,
        [w] { A11y::showShortcuts(w, w->menuBar()); });
    // F10 opens the menu bar, as in other desktop programs.
    auto *f10 = new QAction(w);
    f10->setObjectName(QStringLiteral("menuBarAction"));
    f10->setShortcut(QKeySequence(Qt::Key_F10));
    QObject::connect(f10, &QAction::triggered, w, [w] {
        w->menuBar()->setFocus(Qt::MenuBarFocusReason);
        w->menuBar()->setActiveAction(w->menuBar()->actions().constFirst());
    });
    w->addAction(f10);
}

QString suggestedFileName(const QString &subject, const QDate &date, const QString &suffix)
{
    // Only characters every file system takes; a hostile or long subject cannot name a path.
    QString base = subject.left(64).toLower();
    base.replace(QRegularExpression(QStringLiteral("[^a-z0-9.@_-]+")), QStringLiteral("_"));
    base.replace(QLatin1Char('@'), QLatin1Char('_'));
    while (base.startsWith(QLatin1Char('.')) || base.startsWith(QLatin1Char('_')))
        base.remove(0, 1);
    if (base.isEmpty())
        base = QStringLiteral("spf-investigation");
    return QStringLiteral("%1-%2%3").arg(base, date.toString(Qt::ISODate), suffix);
}

QStringList recentCases()
{
    QStringList out;
    for (const QString &path : QSettings().value(recentKey).toStringList()) {
        if (QFileInfo::exists(path) && !out.contains(path))
            out << path;
    }
    return out.mid(0, maxRecent);
}

void rememberCase(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = recentCases();
    list.removeAll(absolute);
    list.prepend(absolute);
    QSettings().setValue(recentKey, list.mid(0, maxRecent));
}

QString userGuideMarkdown()
{
    QFile f(QStringLiteral(":/guide/README.md"));
    if (!f.open(QIODevice::ReadOnly))
        return tr("The user guide is not in this build.");
    return QString::fromUtf8(f.readAll());
}

} // namespace WindowMenus
