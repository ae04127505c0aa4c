#include "windowmenus.h"

#include <QAction>
#include <QCoreApplication>
#include <QFileDialog>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QTabWidget>

#include "a11y.h"
#include "investigationbar.h"
#include "investigationcontroller.h"
#include "tracepane.h"

namespace WindowMenus {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("WindowMenus", text);
}

// A save dialog; the write's error in a message box.
void saveAs(QWidget *window, const QString &title, const QString &filter, const QString &suffix,
    const std::function<QString(const QString &)> &write)
{
    const QString path = QFileDialog::getSaveFileName(window, title, {}, filter);
    if (path.isEmpty())
        return;
    if (const QString error = write(path.endsWith(suffix) ? path : path + suffix); !error.isEmpty())
        QMessageBox::warning(window, title, error);
}

void fileMenu(QMainWindow *w, const Targets &t)
{
    QMenu *file = w->menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open case…"), QKeySequence::Open, w, [w, t] {
        const QString path = QFileDialog::getOpenFileName(
            w, tr("Open case"), {}, tr("SPF Sleuth cases (*.spfcase);;All files (*)"));
        if (const QString error = path.isEmpty() ? QString() : t.openCase(path); !error.isEmpty())
            QMessageBox::warning(w, tr("Cannot open the case"), error);
    });
    QAction *save = file->addAction(tr("&Save case…"), QKeySequence::Save, w, [w, t] {
        saveAs(w, tr("Save case"), tr("SPF Sleuth cases (*.spfcase)"), QStringLiteral(".spfcase"),
            t.saveCase);
    });
    QAction *pdf = file->addAction(tr("Export report as &PDF…"), QKeySequence::Print, w, [w, t] {
        saveAs(w, tr("Export report"), tr("PDF (*.pdf)"), QStringLiteral(".pdf"), t.exportReport);
    });
    QAction *html = file->addAction(tr("Export report as &HTML…"), w, [w, t] {
        saveAs(
            w, tr("Export report"), tr("HTML (*.html)"), QStringLiteral(".html"), t.exportReport);
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

} // namespace WindowMenus
