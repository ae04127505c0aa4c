#include "mainwindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include "a11y.h"
#include "bulkmodel.h"
#include "bulkview.h"
#include "casestore.h"
#include "common/safetext.h"
#include "focusstyle.h"
#include "investigationbar.h"
#include "pasteview.h"
#include "plurals.h"
#include "receiversview.h"
#include "screenshots.h"
#include "toolpanes.h"
#include "tracepane.h"
#include "verdict.h"
#include "windowmenus.h"

MainWindow::MainWindow(const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(options)
    , m_controller(new InvestigationController(this))
{
    Plurals::install();
    setObjectName(QStringLiteral("mainWindow"));
    FocusStyle::install();
    setWindowTitle(tr("SPF Sleuth"));
    m_store = new CaseStore(
        [this] {
            return m_controller->session().snapshot(m_bar->target(), m_bar->ip(), m_bar->helo(),
                m_trace->notes(), m_controller->dnsSource());
        },
        this);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    m_bar = new InvestigationBar(central);
    layout->addWidget(m_bar);
    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setAccessibleName(tr("Workbench views"));
    m_investigationStack = new QStackedWidget(m_tabs);
    m_investigationStack->setObjectName(QStringLiteral("investigationStack"));
    auto *welcome = new WelcomePane(m_investigationStack);
    m_trace = new TracePane(m_controller, m_investigationStack);
    m_investigationStack->addWidget(welcome);
    m_investigationStack->addWidget(m_trace);
    m_console = new ConsolePane(m_controller, m_tabs);
    m_reverse = new ReversePane(m_controller, m_tabs);
    m_paste = new PasteView(m_tabs);
    m_bulk = new BulkView(m_controller, m_tabs);
    m_tabs->addTab(m_investigationStack, tr("&Investigation"));
    m_tabs->addTab(m_console, tr("DNS &console"));
    m_tabs->addTab(m_reverse, tr("&Reverse lookup"));
    m_tabs->addTab(m_paste, tr("&Paste bounce"));
    m_tabs->addTab(m_bulk, tr("&Bulk audit"));
    m_tabs->addTab(new ReceiversView(m_controller, m_tabs), tr("Recei&vers"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    connect(welcome, &WelcomePane::caseChosen, this, [this](const QString &path) {
        if (const QString error = openCase(path); !error.isEmpty())
            m_bar->showInputError(error);
    });
    connect(m_paste, &PasteView::investigateRequested, this,
        [this](const QString &target, const QString &ip, const QString &helo) {
            m_bar->setInputs(target, ip, helo);
            m_tabs->setCurrentIndex(0); // first: the keyboard goes where the results appear
            m_bar->showInputError(m_controller->investigate(target, ip, helo, m_paste->analysis()));
        });
    connect(m_bulk, &BulkView::investigateRequested, this, [this](const QString &domain) {
        m_bar->setInputs(domain, {}, {});
        m_tabs->setCurrentIndex(0);
        investigate();
    });
    // A tab chosen by keyboard (Alt+letter) or by the program takes the focus into its page,
    // unless the user is moving along the tab bar itself.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        const QWidget *focus = QApplication::focusWidget();
        if (focus && (focus == m_tabs->tabBar() || m_tabs->currentWidget()->isAncestorOf(focus)))
            return;
        m_tabs->currentWidget()->setFocus();
    });
    connect(m_investigationStack, &QStackedWidget::currentChanged, this,
        [this] { m_investigationStack->setFocusProxy(m_investigationStack->currentWidget()); });
    m_investigationStack->setFocusProxy(welcome);
    connect(m_bar, &InvestigationBar::investigateRequested, this, &MainWindow::investigate);
    connect(
        m_bar, &InvestigationBar::cancelRequested, m_controller, &InvestigationController::cancel);
    // The one way the resolver choice reaches the controller, which holds it for every job.
    connect(m_bar, &InvestigationBar::resolverChanged, m_controller,
        &InvestigationController::setDnsSource);
    connect(m_bar, &InvestigationBar::restoreRequested, this, &MainWindow::restoreAutosave);
    connect(m_bar, &InvestigationBar::discardRequested, this, &MainWindow::discardAutosave);
    connect(m_bar, &InvestigationBar::zoneFileChosen, this, &MainWindow::openZone);
    connect(m_trace, &TracePane::notesChanged, m_store, &CaseStore::markDirty);
    connect(m_trace, &TracePane::statusMessage, statusBar(), &QStatusBar::showMessage);
    connectController();
    WindowMenus::Targets targets {m_controller, m_bar, m_trace, m_tabs};
    targets.openCase = [this](const QString &path) { return openCase(path); };
    targets.saveCase = [this](const QString &path) { return saveCaseTo(path); };
    targets.exportReport = [this](const QString &path) { return exportReportTo(path); };
    targets.investigate = [this] { investigate(); };
    targets.recheck = [this] { recheckLive(); };
    targets.openBounce = [this] {
        m_tabs->setCurrentWidget(m_paste);
        m_paste->openFile();
    };
    WindowMenus::build(this, targets);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_trace->restoreSplitter(settings.value(QStringLiteral("window/splitter")).toByteArray());
    if (settings.value(QStringLiteral("window/geometry")).isNull()) {
        // 1280x800, or what the screen has room for (a 1024x700 screen gets a window that fits).
        const QSize room = screen() ? screen()->availableGeometry().size() : QSize(1280, 800);
        resize(std::min(1280, room.width()), std::min(800, room.height()));
    }
    m_bar->loadSettings();
    m_bulk->loadSettings();
    applyOptions();
    if (const auto previous = CaseStore::previous()) {
        const QString draft = previous->drafts.isEmpty()
            ? QString()
            : tr(", with a draft record of %1")
                  .arg(Text::shortSafe(previous->drafts.keys().join(QStringLiteral(", "))));
        m_bar->offerRestore(
            tr("Unsaved work from %1 (%2%3) was kept when SPF Sleuth last stopped. Restore it?")
                .arg(previous->saved.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                    Text::shortSafe(previous->target), draft));
        m_store->setHolding(true);
    }
}

MainWindow::~MainWindow() = default; // the controller stops its workers before the panes go

void MainWindow::applyOptions()
{
    m_controller->setNsPort(m_options.nsPort);
    if (!m_options.server.isEmpty())
        m_bar->selectCustomServer(m_options.server);
    if (!m_options.zoneFile.isEmpty())
        m_startupError = openZone(m_options.zoneFile);
    if (m_options.timeoutMs)
        m_bar->setTimeoutMs(m_options.timeoutMs);
    m_bar->setInputs(m_options.target, m_options.ip, m_options.helo);
    // A case file given as the target opens offline, from its captured answers.
    const QString target = m_options.target;
    if (target.endsWith(QLatin1String(".spfcase"))
        || (QFileInfo(target).isFile() && !target.contains(QLatin1Char('@')))) {
        m_bar->setInputs({}, m_options.ip, m_options.helo);
        m_options.target.clear();
        QMetaObject::invokeMethod(
            this,
            [this, target] {
                if (const QString error = openCase(target); !error.isEmpty())
                    m_bar->showInputError(error);
            },
            Qt::QueuedConnection);
    }
    m_bar->showInputError(m_startupError);
    statusBar()->showMessage(m_controller->session().hasZone()
            ? tr("Offline: answers come from %1").arg(QFileInfo(m_options.zoneFile).fileName())
            : tr("Ready"));
    if (!m_options.target.isEmpty() && m_startupError.isEmpty())
        QMetaObject::invokeMethod(this, &MainWindow::investigate, Qt::QueuedConnection);
    m_bar->focusTarget(); // ready to take a domain
}

void MainWindow::connectController()
{
    using C = InvestigationController;
    m_bar->follow(m_controller);
    connect(m_controller, &C::started, this, [this] {
        m_store->schedule(); // the inputs and notes survive a crash mid-investigation
        m_investigationStack->setCurrentIndex(1);
        m_focusAtStart = QApplication::focusWidget();
    });
    connect(m_controller, &C::finished, this, &MainWindow::onFinished);
    connect(m_controller, &C::changed, m_store, &CaseStore::schedule);
    connect(m_controller, &C::nameserversCompared, m_store, &CaseStore::markDirty);
    connect(m_controller, &C::draftEdited, m_store, &CaseStore::markDirty);
    connect(m_controller, &C::nameserversCompared, this, &MainWindow::nameserversCompared);
    connect(m_controller, &C::draftFinished, this, &MainWindow::draftEvaluated);
    connect(m_controller, &C::recheckFinished, this, &MainWindow::recheckFinished);
    // Said once, first: a DNS failure is not repeated by every line the bounce's diagnosis has.
    connect(m_controller, &C::finished, m_paste,
        [this](const Investigation::Result &r) { m_paste->setDnsFailure(Verdict::dnsFailure(r)); });
    connect(m_controller, &C::pasteCompared, m_paste, &PasteView::setComparison);
    connect(m_controller, &C::bounceDiagnosed, m_paste, &PasteView::showDiagnosis);
    connect(m_paste, &PasteView::analyzed, m_bar, [this](const Paste::Analysis &a) {
        m_bar->setVerdict(Verdict::pasteLine(a), style()->standardIcon(Verdict::pasteIcon(a)),
            Verdict::pasteStatus(a));
    });
    // The user lands on the investigation: the comparison waits there, in Then vs now.
    connect(m_controller, &C::pasteCompared, m_trace, &TracePane::showPasteComparison);
}

void MainWindow::onFinished(const Investigation::Result &result)
{
    // The keyboard goes to the verdict, which a screen reader then reads, unless the user went
    // on elsewhere meanwhile.
    const QWidget *focus = QApplication::focusWidget();
    if (!focus || !m_focusAtStart || focus == m_focusAtStart || !focus->isVisible())
        m_bar->verdictView()->setFocus(Qt::OtherFocusReason);
    if (result.reverse) {
        m_reverse->showResult(*result.reverse);
        if (result.target.kind == Investigation::TargetKind::Ip)
            m_tabs->setCurrentWidget(m_reverse);
    }
    const QString cache = result.cacheHits + result.cacheMisses > 0
        ? tr(" (%n more answered from the investigation's cache)", nullptr, result.cacheHits)
        : QString();
    statusBar()->showMessage(
        tr("%n DNS quer(y|ies)%1 in %2 ms via %3%4", nullptr, int(result.evidence.size()))
            .arg(cache)
            .arg(double(result.elapsedUs) / 1000.0, 0, 'f', 0)
            .arg(result.resolverDescription, result.cancelled ? tr(" — cancelled") : QString()));
    Q_EMIT investigationFinished();
}

namespace {

// RFC 7208 §2.4: with a null sender ("<>", or no sender at all) beside a HELO name, the identity
// checked is postmaster@HELO: the HELO-only check.
QString checkedTarget(const QString &target, const QString &helo)
{
    const bool nullSender = target.isEmpty() || target == QLatin1String("<>");
    return nullSender && !helo.isEmpty() ? QStringLiteral("postmaster@") + helo : target;
}

} // namespace

void MainWindow::investigate()
{
    m_bar->showInputError(m_controller->investigate(
        checkedTarget(m_bar->target(), m_bar->helo()), m_bar->ip(), m_bar->helo()));
}

void MainWindow::evaluateDraft()
{
    m_trace->evaluateDraft();
}

QString MainWindow::openCase(const QString &path)
{
    if (const QString error = m_controller->openCase(path); !error.isEmpty())
        return error;
    const CaseFile::Case &c = *m_controller->session().openedCase();
    m_bar->setInputs(c.target, c.ip, c.helo);
    m_trace->setNotes(c.notes);
    m_bar->offerCase(c.saved);
    // The platform adds the application's name ("… — SPF Sleuth"): the title names the case only.
    setWindowTitle(Text::shortSafe(QFileInfo(path).fileName(), 60));
    return {};
}

QString MainWindow::saveCaseTo(const QString &path)
{
    if (const QString error = m_controller->saveCase(path, m_trace->notes()); !error.isEmpty())
        return error;
    m_store->markClean();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    A11y::announceText(statusBar(), statusBar()->currentMessage());
    return {};
}

QString MainWindow::exportReportTo(const QString &path)
{
    if (const QString error = m_controller->exportReport(path, m_trace->notes()); !error.isEmpty())
        return error;
    statusBar()->showMessage(tr("Report written to %1").arg(QDir::toNativeSeparators(path)), 5000);
    A11y::announceText(statusBar(), statusBar()->currentMessage());
    return {};
}

void MainWindow::recheckLive()
{
    m_controller->recheckLive();
}

QString MainWindow::startBulk(const QString &path)
{
    m_tabs->setCurrentWidget(m_bulk);
    if (const QString error = m_bulk->loadFile(path); !error.isEmpty())
        return error;
    m_bulk->start();
    return {};
}

QString MainWindow::openZone(const QString &path)
{
    const QString error = m_controller->session().loadZone(path);
    m_options.zoneFile = path;
    m_bar->offerZone(QFileInfo(path).fileName(), error.isEmpty());
    m_bar->showInputError(error);
    return error;
}

QString MainWindow::loadPaste(const QString &path)
{
    m_tabs->setCurrentWidget(m_paste);
    return m_paste->loadFile(path);
}

QString MainWindow::autosavePath()
{
    return CaseStore::autosavePath();
}

bool MainWindow::hasUnsavedWork() const
{
    return m_store->isDirty();
}

void MainWindow::restoreAutosave()
{
    m_bar->hideRestore();
    m_store->setHolding(false);
    const auto c = CaseFile::load(autosavePath());
    if (!c) {
        m_bar->showInputError(c.error());
        return;
    }
    if (c->evidence.isEmpty()) { // stopped before any answer arrived: the inputs and notes
        m_bar->setInputs(c->target, c->ip, c->helo);
        m_trace->setNotes(c->notes);
    } else {
        (void)openCase(autosavePath());
        m_controller->session().setCasePath({}); // "Save case" asks where: not the user's file
    }
    m_store->markDirty();
}

void MainWindow::discardAutosave()
{
    m_bar->hideRestore();
    m_store->discard();
}

bool MainWindow::settleDraftAtClose()
{
    const QStringList domains = m_controller->session().drafts().keys();
    if (domains.isEmpty() || !m_store->isDirty())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Unsaved draft"),
        tr("The draft record of %1 is not saved in a case.")
            .arg(Text::shortSafe(domains.join(QStringLiteral(", ")))),
        QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("unsavedDraftPrompt"));
    box.setInformativeText(tr("Keep it for the next start (SPF Sleuth offers it back), discard "
                              "it, or cancel and stay."));
    QPushButton *keep = box.addButton(tr("&Keep for next start"), QMessageBox::AcceptRole);
    keep->setObjectName(QStringLiteral("keepDraftButton"));
    QPushButton *discard = box.addButton(tr("&Discard draft"), QMessageBox::DestructiveRole);
    discard->setObjectName(QStringLiteral("discardDraftButton"));
    box.addButton(QMessageBox::Cancel)->setObjectName(QStringLiteral("cancelCloseButton"));
    box.setDefaultButton(keep);
    box.exec();
    if (box.clickedButton() == discard) {
        m_controller->session().setDrafts({});
        return true;
    }
    return box.clickedButton() == keep;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!settleDraftAtClose()) {
        event->ignore();
        return;
    }
    m_controller->cancel();
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/splitter"), m_trace->saveSplitter());
    m_bar->saveSettings(!m_options.timeoutMs);
    m_bulk->saveSettings();
    m_store->close();
    event->accept();
}

QStringList MainWindow::saveScreenshots(const QString &dir)
{
    return Screenshots::save(
        this, dir, m_paste->analysis().has_value(), m_bulk->model()->rowCount() > 0);
}
