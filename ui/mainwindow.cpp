#include "mainwindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include "bulkmodel.h"
#include "bulkview.h"
#include "casestore.h"
#include "investigationbar.h"
#include "pasteview.h"
#include "screenshots.h"
#include "text/safetext.h"
#include "toolpanes.h"
#include "tracepane.h"
#include "verdict.h"

MainWindow::MainWindow(const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(options)
    , m_controller(new InvestigationController(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("SPF Sleuth"));
    m_store = new CaseStore(
        [this] {
            return m_controller->session().snapshot(
                m_bar->target(), m_bar->ip(), m_bar->helo(), m_trace->notes(), m_bar->dnsSource());
        },
        this);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    m_bar = new InvestigationBar(central);
    layout->addWidget(m_bar);
    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
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
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    connect(welcome, &WelcomePane::caseChosen, this, [this](const QString &path) {
        if (const QString error = openCase(path); !error.isEmpty())
            m_bar->showInputError(error);
    });
    connect(m_paste, &PasteView::investigateRequested, this,
        [this](const QString &target, const QString &ip, const QString &helo) {
            m_bar->setInputs(target, ip, helo);
            syncResolver();
            m_bar->showInputError(m_controller->investigate(target, ip, helo, m_paste->analysis()));
            m_tabs->setCurrentIndex(0);
        });
    connect(m_bulk, &BulkView::investigateRequested, this, [this](const QString &domain) {
        m_bar->setInputs(domain, {}, {});
        investigate();
        m_tabs->setCurrentIndex(0);
    });
    connect(m_bar, &InvestigationBar::investigateRequested, this, &MainWindow::investigate);
    connect(
        m_bar, &InvestigationBar::cancelRequested, m_controller, &InvestigationController::cancel);
    connect(m_bar, &InvestigationBar::resolverChanged, this, &MainWindow::syncResolver);
    connect(m_bar, &InvestigationBar::restoreRequested, this, &MainWindow::restoreAutosave);
    connect(m_bar, &InvestigationBar::discardRequested, this, &MainWindow::discardAutosave);
    connect(m_trace, &TracePane::notesChanged, m_store, &CaseStore::markDirty);
    connect(m_trace, &TracePane::statusMessage, statusBar(), &QStatusBar::showMessage);
    connectController();
    buildMenus();
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_trace->restoreSplitter(settings.value(QStringLiteral("window/splitter")).toByteArray());
    if (settings.value(QStringLiteral("window/geometry")).isNull())
        resize(1280, 800);
    m_bar->loadSettings();
    m_bulk->setList(settings.value(QStringLiteral("bulk/list")).toString()); // the last list
    applyOptions();
    if (const auto previous = CaseStore::previous()) {
        m_bar->offerRestore(
            tr("Unsaved work from %1 (%2) was kept when SPF Sleuth last stopped. Restore it?")
                .arg(previous->saved.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                    Text::shortSafe(previous->target)));
        m_store->setHolding(true);
    }
}

MainWindow::~MainWindow() = default; // the controller stops its workers before the panes go

void MainWindow::applyOptions()
{
    m_controller->setNsPort(m_options.nsPort);
    if (!m_options.server.isEmpty())
        m_bar->selectCustomServer(m_options.server);
    if (!m_options.zoneFile.isEmpty()) {
        m_startupError = m_controller->session().loadZone(m_options.zoneFile);
        if (m_startupError.isEmpty())
            m_bar->offerZone(QFileInfo(m_options.zoneFile).fileName());
    }
    if (m_options.timeoutMs)
        m_bar->setTimeoutMs(m_options.timeoutMs);
    syncResolver();
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

void MainWindow::syncResolver()
{
    m_controller->setDnsSource(m_bar->dnsSource(), m_bar->liveChoice());
}

void MainWindow::connectController()
{
    InvestigationController *c = m_controller;
    connect(c, &InvestigationController::started, this, [this](const Investigation::Request &r) {
        m_store->schedule(); // the inputs and notes survive a crash mid-investigation
        m_bar->showInputError({});
        m_investigationStack->setCurrentIndex(1);
        m_bar->addRecent(r.target);
        m_trace->clear(!r.ip.isEmpty());
        m_bar->setVerdict(tr("Investigating %1…").arg(Text::shortSafe(r.target)));
    });
    connect(c, &InvestigationController::busyChanged, m_bar, &InvestigationBar::setBusy);
    connect(c, &InvestigationController::cancelling, this,
        [this] { m_bar->setStage(tr("Cancelling…")); });
    connect(c, &InvestigationController::progress, this, [this](const Investigation::Progress &p) {
        m_bar->setStage(tr("%1 — %n DNS queries", nullptr, p.queries).arg(p.stage));
        m_trace->showProgress(p);
    });
    connect(c, &InvestigationController::finished, this, &MainWindow::onFinished);
    connect(c, &InvestigationController::changed, m_store, &CaseStore::schedule);
    connect(c, &InvestigationController::draftStarted, m_trace, &TracePane::setDraftEvaluating);
    connect(
        c, &InvestigationController::draftFinished, this, [this](const Investigation::Result &r) {
            m_trace->showDraft(r);
            Q_EMIT draftEvaluated();
        });
    connect(c, &InvestigationController::recheckStarted, this,
        [this] { m_trace->showRecheck(tr("Rechecking against DNS now…")); });
    connect(c, &InvestigationController::recheckFinished, this, [this](const QString &text) {
        m_trace->showRecheck(text);
        Q_EMIT recheckFinished();
    });
    connect(c, &InvestigationController::nameserversStarted, m_trace,
        &TracePane::showNameserversPending);
    connect(c, &InvestigationController::nameserversCompared, this, [this] {
        m_trace->showNameservers(*m_controller->result(), {});
        m_store->markDirty();
        Q_EMIT nameserversCompared();
    });
    connect(c, &InvestigationController::pasteCompared, m_paste, &PasteView::setComparison);
}

void MainWindow::onFinished(const Investigation::Result &result)
{
    if (!result.error.isEmpty()) {
        m_bar->showInputError(result.error);
        m_bar->setVerdict(result.error);
    } else {
        m_bar->setVerdict(Verdict::line(result), style()->standardIcon(Verdict::icon(result)));
    }
    m_trace->showResult(result);
    if (result.reverse) {
        m_reverse->showResult(*result.reverse);
        if (result.target.kind == Investigation::TargetKind::Ip)
            m_tabs->setCurrentWidget(m_reverse);
    }
    m_trace->showNameservers(
        result, m_controller->session().nameserverSkipReason(m_controller->comparesNameservers()));
    const QString cache = result.cacheHits + result.cacheMisses > 0
        ? tr(" (%n more answered from the investigation's cache)", nullptr, result.cacheHits)
        : QString();
    statusBar()->showMessage(
        tr("%1 DNS queries%2 in %3 ms via %4%5")
            .arg(result.evidence.size())
            .arg(cache)
            .arg(double(result.elapsedUs) / 1000.0, 0, 'f', 0)
            .arg(result.resolverDescription, result.cancelled ? tr(" — cancelled") : QString()));
    Q_EMIT investigationFinished();
}

void MainWindow::investigate()
{
    syncResolver();
    m_bar->showInputError(m_controller->investigate(m_bar->target(), m_bar->ip(), m_bar->helo()));
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
    syncResolver();
    setWindowTitle(tr("SPF Sleuth — %1").arg(QFileInfo(path).fileName()));
    return {};
}

QString MainWindow::saveCaseTo(const QString &path)
{
    if (const QString error = m_controller->saveCase(path, m_trace->notes()); !error.isEmpty())
        return error;
    m_store->markClean();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    return {};
}

QString MainWindow::exportReportTo(const QString &path)
{
    if (const QString error = m_controller->exportReport(path, m_trace->notes()); !error.isEmpty())
        return error;
    statusBar()->showMessage(tr("Report written to %1").arg(QDir::toNativeSeparators(path)), 5000);
    return {};
}

void MainWindow::recheckLive()
{
    syncResolver();
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

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_controller->cancel();
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/splitter"), m_trace->saveSplitter());
    m_bar->saveSettings(!m_options.timeoutMs);
    s.setValue(QStringLiteral("dns/prefetch"), m_prefetchAction->isChecked());
    s.setValue(QStringLiteral("dns/compareNameservers"), m_compareNsAction->isChecked());
    // The bulk list survives a restart (up to 256 KiB, so start-up stays quick).
    const QString list = m_bulk->list();
    s.setValue(QStringLiteral("bulk/list"), list.size() <= 256 * 1024 ? list : QString());
    m_store->close();
    event->accept();
}

QString MainWindow::saveAs(const QString &title, const QString &filter, const QString &suffix,
    const std::function<QString(const QString &)> &write)
{
    const QString path = QFileDialog::getSaveFileName(this, title, {}, filter);
    if (path.isEmpty())
        return {};
    const QString error = write(path.endsWith(suffix) ? path : path + suffix);
    if (!error.isEmpty())
        QMessageBox::warning(this, title, error);
    return error;
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open case…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open case"), {}, tr("SPF Sleuth cases (*.spfcase);;All files (*)"));
        if (const QString error = path.isEmpty() ? QString() : openCase(path); !error.isEmpty())
            QMessageBox::warning(this, tr("Cannot open the case"), error);
    });
    QAction *save = file->addAction(tr("&Save case…"), QKeySequence::Save, this, [this] {
        saveAs(tr("Save case"), tr("SPF Sleuth cases (*.spfcase)"), QStringLiteral(".spfcase"),
            [this](const QString &p) { return saveCaseTo(p); });
    });
    QAction *pdf = file->addAction(tr("Export report as &PDF…"), QKeySequence::Print, this, [this] {
        saveAs(tr("Export report"), tr("PDF (*.pdf)"), QStringLiteral(".pdf"),
            [this](const QString &p) { return exportReportTo(p); });
    });
    QAction *html = file->addAction(tr("Export report as &HTML…"), this, [this] {
        saveAs(tr("Export report"), tr("HTML (*.html)"), QStringLiteral(".html"),
            [this](const QString &p) { return exportReportTo(p); });
    });
    file->addSeparator();
    file->addAction(
        tr("&Recheck live"), QKeySequence(Qt::CTRL | Qt::Key_R), this, &MainWindow::recheckLive);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    for (QAction *a : {save, pdf, html})
        a->setEnabled(false);
    connect(this, &MainWindow::investigationFinished, this, [this, save, pdf, html] {
        for (QAction *a : {save, pdf, html})
            a->setEnabled(m_controller->session().hasResult());
    });

    QMenu *dns = menuBar()->addMenu(tr("&DNS"));
    m_prefetchAction = dns->addAction(tr("&Fetch the tree in parallel"));
    m_prefetchAction->setObjectName(QStringLiteral("prefetchAction"));
    m_prefetchAction->setToolTip(
        tr("Ask up to 16 questions at once ahead of the audit, through one answer cache for the "
           "investigation. The results are the same; only the waiting is shorter."));
    m_compareNsAction = dns->addAction(tr("&Compare authoritative nameservers"));
    m_compareNsAction->setObjectName(QStringLiteral("compareNsAction"));
    m_compareNsAction->setToolTip(tr("After each live investigation of a domain, ask every "
                                     "authoritative nameserver directly for its SPF record."));
    QSettings settings;
    for (QAction *a : {m_prefetchAction, m_compareNsAction})
        a->setCheckable(true);
    connect(
        m_prefetchAction, &QAction::toggled, m_controller, &InvestigationController::setPrefetch);
    connect(m_compareNsAction, &QAction::toggled, m_controller,
        &InvestigationController::setCompareNameservers);
    m_prefetchAction->setChecked(settings.value(QStringLiteral("dns/prefetch"), true).toBool());
    m_compareNsAction->setChecked(
        settings.value(QStringLiteral("dns/compareNameservers"), true).toBool());

    // Window-wide shortcuts.
    const auto shortcut = [this](const QKeySequence &key, const std::function<void()> &slot) {
        auto *a = new QAction(this);
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_L), [this] { m_bar->focusTarget(); });
    shortcut(QKeySequence(Qt::Key_F5), [this] { investigate(); });
    shortcut(QKeySequence(Qt::Key_Escape), [this] { m_controller->cancel(); });
    shortcut(QKeySequence::Find, [this] {
        m_tabs->setCurrentIndex(0);
        m_trace->focusFilter();
    });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_E), [this] { m_trace->expandAll(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] { m_trace->collapseAll(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Period), [this] { m_trace->applyFixAtCursor(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { evaluateDraft(); });
}

QStringList MainWindow::saveScreenshots(const QString &dir)
{
    return Screenshots::save(
        this, dir, m_paste->analysis().has_value(), m_bulk->model()->rowCount() > 0);
}
