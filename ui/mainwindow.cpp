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
    m_bulk->loadSettings();
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
    using C = InvestigationController;
    m_bar->follow(m_controller);
    connect(m_controller, &C::started, this, [this] {
        m_store->schedule(); // the inputs and notes survive a crash mid-investigation
        m_investigationStack->setCurrentIndex(1);
    });
    connect(m_controller, &C::finished, this, &MainWindow::onFinished);
    connect(m_controller, &C::changed, m_store, &CaseStore::schedule);
    connect(m_controller, &C::nameserversCompared, m_store, &CaseStore::markDirty);
    connect(m_controller, &C::nameserversCompared, this, &MainWindow::nameserversCompared);
    connect(m_controller, &C::draftFinished, this, &MainWindow::draftEvaluated);
    connect(m_controller, &C::recheckFinished, this, &MainWindow::recheckFinished);
    connect(m_controller, &C::pasteCompared, m_paste, &PasteView::setComparison);
}

void MainWindow::onFinished(const Investigation::Result &result)
{
    if (result.reverse) {
        m_reverse->showResult(*result.reverse);
        if (result.target.kind == Investigation::TargetKind::Ip)
            m_tabs->setCurrentWidget(m_reverse);
    }
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
    m_bulk->saveSettings();
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
    const auto toggle = [this, dns](const QString &name, const QString &text, const QString &tip,
                            bool on, void (InvestigationController::*set)(bool)) {
        QAction *a = dns->addAction(text);
        a->setObjectName(name);
        a->setToolTip(tip);
        a->setCheckable(true);
        a->setChecked(on);
        connect(a, &QAction::toggled, m_controller, set);
    };
    toggle(QStringLiteral("prefetchAction"), tr("&Fetch the tree in parallel"),
        tr("Ask up to 16 questions at once ahead of the audit, through one answer cache for the "
           "investigation. The results are the same; only the waiting is shorter."),
        m_controller->prefetches(), &InvestigationController::setPrefetch);
    toggle(QStringLiteral("compareNsAction"), tr("&Compare authoritative nameservers"),
        tr("After each live investigation of a domain, ask every authoritative nameserver "
           "directly for its SPF record."),
        m_controller->comparesNameservers(), &InvestigationController::setCompareNameservers);

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
