#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStringListModel>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include "bulkmodel.h"
#include "bulkview.h"
#include "charts.h"
#include "text/textoutput.h"
#include "common/netutil.h"
#include "diagnosticsmodel.h"
#include "dns/ldnsresolver.h"
#include "dns/memoryresolver.h"
#include "dns/overlayresolver.h"
#include "jobrunner.h"
#include "nameserverview.h"
#include "pasteview.h"
#include "recordeditor.h"
#include "report.h"
#include "spf/parser.h"
#include "spftreemodel.h"

using namespace Spf;

namespace {

enum TreeSource { IpTestTrace, WholeTree };
enum ResolverItem {
    SystemResolver,
    CustomResolver,
    AuthoritativeResolver,
    ZoneResolver,
    CaseResolver
};

QPlainTextEdit *monospaceOutput(
    QWidget *parent, const QString &objectName, const QString &accessibleName)
{
    auto *out = new QPlainTextEdit(parent);
    out->setObjectName(objectName);
    out->setAccessibleName(accessibleName);
    out->setReadOnly(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    out->setFont(mono);
    return out;
}

QString plain(const std::function<void(QTextStream &)> &print)
{
    QString text;
    QTextStream s(&text);
    print(s);
    s.flush();
    return text;
}

} // namespace

MainWindow::MainWindow(const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(options)
    , m_runner(new JobRunner(this))
    , m_toolRunner(new JobRunner(this))
    , m_nsRunner(new JobRunner(this))
    , m_treeModel(new SpfTreeModel(this))
    , m_treeProxy(new QSortFilterProxyModel(this))
    , m_diagnosticsModel(new DiagnosticsModel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("SPF Sleuth"));
    if (!options.zoneFile.isEmpty()) {
        auto zone = std::make_shared<Dns::MemoryResolver>();
        const auto loaded = zone->loadFile(options.zoneFile);
        if (loaded)
            m_zone = zone;
        else
            m_startupError = loaded.error();
    }
    m_treeProxy->setSourceModel(m_treeModel);
    m_treeProxy->setRecursiveFilteringEnabled(true);
    m_treeProxy->setFilterKeyColumn(-1);
    m_treeProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(buildBar());
    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_investigationStack = new QStackedWidget(m_tabs);
    m_investigationStack->setObjectName(QStringLiteral("investigationStack"));
    m_investigationStack->addWidget(buildWelcome());
    m_investigationStack->addWidget(buildInvestigationTab());
    m_tabs->addTab(m_investigationStack, tr("&Investigation"));
    m_tabs->addTab(buildConsoleTab(), tr("DNS &console"));
    m_tabs->addTab(buildReverseTab(), tr("&Reverse lookup"));
    m_paste = new PasteView(m_tabs);
    m_tabs->addTab(m_paste, tr("&Paste bounce"));
    connect(m_paste, &PasteView::investigateRequested, this,
        [this](const QString &target, const QString &ip, const QString &helo) {
            m_targetEdit->setText(target);
            m_ipEdit->setText(ip);
            m_heloEdit->setText(helo);
            m_fromPaste = true;
            investigate();
            m_tabs->setCurrentIndex(0);
        });
    m_bulk = new BulkView(m_tabs);
    m_bulk->setRequestSource([this] { return currentRequest(); });
    m_tabs->addTab(m_bulk, tr("&Bulk audit"));
    connect(m_bulk, &BulkView::investigateRequested, this, [this](const QString &domain) {
        m_targetEdit->setText(domain);
        m_ipEdit->clear();
        m_heloEdit->clear();
        investigate();
        m_tabs->setCurrentIndex(0);
    });
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    buildActions();
    buildMenus();
    loadSettings();

    if (!options.server.isEmpty()) {
        m_resolverCombo->setCurrentIndex(CustomResolver);
        m_serverEdit->setText(options.server);
    }
    if (m_zone) {
        m_resolverCombo->addItem(
            tr("Zone file: %1").arg(QFileInfo(options.zoneFile).fileName()), int(ZoneResolver));
        m_resolverCombo->setCurrentIndex(m_resolverCombo->count() - 1);
    }
    if (options.timeoutMs)
        m_timeoutSpin->setValue(options.timeoutMs / 1000.0);
    m_ipEdit->setText(options.ip);
    m_heloEdit->setText(options.helo);
    m_targetEdit->setText(options.target);
    // A case file given as the target opens offline, from its captured answers.
    const bool targetIsCase = options.target.endsWith(QLatin1String(".spfcase"))
        || (QFileInfo(options.target).isFile() && !options.target.contains(QLatin1Char('@')));
    if (targetIsCase) {
        m_targetEdit->clear();
        m_options.target.clear();
        const QString target = options.target;
        QMetaObject::invokeMethod(
            this,
            [this, target] {
                if (const QString error = openCase(target); !error.isEmpty())
                    showInputError(error);
            },
            Qt::QueuedConnection);
    }
    if (!m_startupError.isEmpty())
        showInputError(m_startupError);
    statusBar()->showMessage(m_zone
            ? tr("Offline: answers come from %1").arg(QDir::toNativeSeparators(options.zoneFile))
            : tr("Ready"));
    if (!m_options.target.isEmpty() && m_startupError.isEmpty())
        QMetaObject::invokeMethod(this, &MainWindow::investigate, Qt::QueuedConnection);
    m_targetEdit->setFocus(); // ready to take a domain

    m_autosaveTimer = new QTimer(this);
    m_autosaveTimer->setSingleShot(true);
    m_autosaveTimer->setInterval(1000);
    connect(m_autosaveTimer, &QTimer::timeout, this, &MainWindow::writeAutosave);
    connect(m_notes, &QPlainTextEdit::textChanged, this, &MainWindow::markDirty);
    // Results are autosaved too (a crash mid-investigation loses nothing), but they can be
    // recomputed: only notes and drafts make a clean close keep the autosave.
    connect(this, &MainWindow::investigationFinished, this, &MainWindow::scheduleAutosave);
    if (QFileInfo::exists(autosavePath())) {
        const auto previous = CaseFile::load(autosavePath());
        if (previous) {
            m_restoreBar->findChild<QLabel *>(QStringLiteral("restoreText"))
                ->setText(tr(
                    "Unsaved work from %1 (%2) was kept when SPF Sleuth last stopped. Restore it?")
                              .arg(previous->saved.toLocalTime().toString(
                                       QStringLiteral("yyyy-MM-dd HH:mm")),
                                  previous->target));
            m_restoreBar->setVisible(true);
        }
    }
}

MainWindow::~MainWindow()
{
    // No worker may outlive the window: stop them before any member goes away.
    m_runner->cancel();
    m_toolRunner->cancel();
    m_nsRunner->cancel();
    m_runner->waitForDone();
    m_toolRunner->waitForDone();
    m_nsRunner->waitForDone();
}

QWidget *MainWindow::buildBar()
{
    auto *bar = new QWidget(this);
    auto *v = new QVBoxLayout(bar);
    v->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    m_targetEdit = new QLineEdit(bar);
    m_targetEdit->setObjectName(QStringLiteral("targetEdit"));
    m_targetEdit->setAccessibleName(tr("Domain, e-mail address or IP address"));
    m_targetEdit->setPlaceholderText(tr("Domain, e-mail address or IP (e.g. user@pclnet.example)"));
    m_targetEdit->setClearButtonEnabled(true);
    auto *completer = new QCompleter(new QStringListModel(this), this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_targetEdit->setCompleter(completer);
    m_ipEdit = new QLineEdit(bar);
    m_ipEdit->setObjectName(QStringLiteral("ipEdit"));
    m_ipEdit->setAccessibleName(tr("Sending IP address"));
    m_ipEdit->setPlaceholderText(tr("Sending IP (optional)"));
    m_heloEdit = new QLineEdit(bar);
    m_heloEdit->setObjectName(QStringLiteral("heloEdit"));
    m_heloEdit->setAccessibleName(tr("HELO name"));
    m_heloEdit->setPlaceholderText(tr("HELO (optional)"));
    m_resolverCombo = new QComboBox(bar);
    m_resolverCombo->setObjectName(QStringLiteral("resolverCombo"));
    m_resolverCombo->setAccessibleName(tr("Resolver"));
    m_resolverCombo->addItem(tr("System resolver"), int(SystemResolver));
    m_resolverCombo->addItem(tr("Custom server"), int(CustomResolver));
    m_resolverCombo->addItem(tr("Authoritative servers"), int(AuthoritativeResolver));
    m_serverEdit = new QLineEdit(bar);
    m_serverEdit->setObjectName(QStringLiteral("serverEdit"));
    m_serverEdit->setAccessibleName(tr("Custom DNS server"));
    m_serverEdit->setPlaceholderText(tr("host:port"));
    m_serverEdit->setVisible(false);
    m_timeoutSpin = new QDoubleSpinBox(bar);
    m_timeoutSpin->setObjectName(QStringLiteral("timeoutSpin"));
    m_timeoutSpin->setAccessibleName(tr("Seconds to wait for each DNS answer"));
    m_timeoutSpin->setToolTip(tr("Seconds to wait for each DNS answer (per try)"));
    m_timeoutSpin->setRange(0.1, 60);
    m_timeoutSpin->setDecimals(1);
    m_timeoutSpin->setSingleStep(0.5);
    m_timeoutSpin->setSuffix(tr(" s"));
    m_timeoutSpin->setValue(3);
    m_runButton
        = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Investigate"), bar);
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setDefault(true);
    m_cancelButton
        = new QPushButton(style()->standardIcon(QStyle::SP_MediaStop), tr("Cancel"), bar);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setEnabled(false);
    row->addWidget(m_targetEdit, 4);
    row->addWidget(m_ipEdit, 2);
    row->addWidget(m_heloEdit, 2);
    row->addWidget(m_resolverCombo, 1);
    row->addWidget(m_serverEdit, 1);
    row->addWidget(m_timeoutSpin);
    row->addWidget(m_runButton);
    row->addWidget(m_cancelButton);
    v->addLayout(row);

    m_inputError = new QLabel(bar);
    m_inputError->setObjectName(QStringLiteral("inputError"));
    m_inputError->setTextFormat(Qt::PlainText);
    m_inputError->setWordWrap(true);
    QPalette errPal = m_inputError->palette();
    errPal.setColor(QPalette::WindowText,
        palette().color(QPalette::Base).lightness() < 128 ? QColor(255, 120, 110)
                                                          : QColor(176, 0, 32));
    m_inputError->setPalette(errPal);
    m_inputError->setVisible(false);
    v->addWidget(m_inputError);

    m_restoreBar = new QWidget(bar);
    m_restoreBar->setObjectName(QStringLiteral("restoreBar"));
    auto *restoreRow = new QHBoxLayout(m_restoreBar);
    restoreRow->setContentsMargins(0, 0, 0, 0);
    auto *restoreText = new QLabel(m_restoreBar);
    restoreText->setObjectName(QStringLiteral("restoreText"));
    restoreText->setTextFormat(Qt::PlainText);
    restoreText->setWordWrap(true);
    auto *restore = new QPushButton(tr("Restore"), m_restoreBar);
    restore->setObjectName(QStringLiteral("restoreButton"));
    auto *discard = new QPushButton(tr("Discard"), m_restoreBar);
    discard->setObjectName(QStringLiteral("discardButton"));
    restoreRow->addWidget(restoreText, 1);
    restoreRow->addWidget(restore);
    restoreRow->addWidget(discard);
    m_restoreBar->setVisible(false);
    v->addWidget(m_restoreBar);
    connect(restore, &QPushButton::clicked, this, &MainWindow::restoreAutosave);
    connect(discard, &QPushButton::clicked, this, &MainWindow::discardAutosave);

    auto *status = new QHBoxLayout;
    m_verdictIcon = new QLabel(bar);
    m_verdictLabel = new QLabel(tr("Type a domain, an e-mail address or an IP address and press "
                                   "Enter. Add the sending IP to test whether it would pass."),
        bar);
    m_verdictLabel->setObjectName(QStringLiteral("verdictLabel"));
    m_verdictLabel->setTextFormat(Qt::PlainText); // DNS text is hostile: never rich text
    m_verdictLabel->setWordWrap(true);
    m_verdictLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_verdictLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_verdictLabel->setFont(big);
    m_progress = new QProgressBar(bar);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(160);
    m_progress->setVisible(false);
    m_stageLabel = new QLabel(bar);
    m_stageLabel->setObjectName(QStringLiteral("stageLabel"));
    m_stageLabel->setTextFormat(Qt::PlainText);
    status->addWidget(m_verdictIcon);
    status->addWidget(m_verdictLabel, 1);
    status->addWidget(m_stageLabel);
    status->addWidget(m_progress);
    v->addLayout(status);

    connect(m_resolverCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_serverEdit->setVisible(m_resolverCombo->currentData().toInt() == CustomResolver);
    });
    for (QLineEdit *edit : {m_targetEdit, m_ipEdit, m_heloEdit, m_serverEdit})
        connect(edit, &QLineEdit::returnPressed, this, &MainWindow::investigate);
    connect(m_runButton, &QPushButton::clicked, this, &MainWindow::investigate);
    connect(m_cancelButton, &QPushButton::clicked, this, &MainWindow::cancel);
    connect(m_targetEdit, &QLineEdit::textEdited, m_inputError, &QLabel::hide);
    connect(m_runner, &JobRunner::busyChanged, this, [this](bool busy) {
        m_cancelButton->setEnabled(busy);
        m_progress->setVisible(busy);
        m_stageLabel->setVisible(busy);
    });
    return bar;
}

QWidget *MainWindow::buildInvestigationTab()
{
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));

    auto *left = new QWidget(m_splitter);
    auto *lv = new QVBoxLayout(left);
    lv->setContentsMargins(0, 0, 0, 0);
    auto *tools = new QHBoxLayout;
    m_treeSource = new QComboBox(left);
    m_treeSource->setObjectName(QStringLiteral("treeSource"));
    m_treeSource->setAccessibleName(tr("Which tree to show"));
    m_treeSource->addItem(tr("IP test: the path check_host() took"), int(IpTestTrace));
    m_treeSource->addItem(tr("Whole tree of the domain"), int(WholeTree));
    m_filterEdit = new QLineEdit(left);
    m_filterEdit->setObjectName(QStringLiteral("filterEdit"));
    m_filterEdit->setAccessibleName(tr("Filter the tree"));
    m_filterEdit->setPlaceholderText(tr("Filter (Ctrl+F)"));
    m_filterEdit->setClearButtonEnabled(true);
    auto *expand = new QPushButton(tr("Expand all"), left);
    expand->setObjectName(QStringLiteral("expandButton"));
    auto *collapse = new QPushButton(tr("Collapse all"), left);
    collapse->setObjectName(QStringLiteral("collapseButton"));
    auto *copy = new QPushButton(tr("Copy"), left);
    copy->setObjectName(QStringLiteral("copyButton"));
    tools->addWidget(m_treeSource, 2);
    tools->addWidget(m_filterEdit, 2);
    tools->addWidget(expand);
    tools->addWidget(collapse);
    tools->addWidget(copy);
    lv->addLayout(tools);
    m_treeView = new QTreeView(left);
    m_treeView->setObjectName(QStringLiteral("treeView"));
    m_treeView->setAccessibleName(tr("SPF include and redirect tree"));
    m_treeView->setModel(m_treeProxy);
    m_treeView->setUniformRowHeights(true);
    m_treeView->setAlternatingRowColors(true);
    m_treeView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_treeView->header()->setStretchLastSection(true);
    m_treeView->header()->setSectionResizeMode(SpfTreeModel::NameColumn, QHeaderView::Interactive);
    m_treeView->setColumnWidth(SpfTreeModel::NameColumn, 330);
    m_treeView->setColumnWidth(SpfTreeModel::ResultColumn, 120);
    m_treeView->setColumnWidth(SpfTreeModel::LookupsColumn, 150);
    m_treeView->setColumnWidth(SpfTreeModel::VoidColumn, 95);
    m_treeView->setColumnWidth(SpfTreeModel::TimeColumn, 70);
    lv->addWidget(m_treeView, 1);

    m_sideTabs = new QTabWidget(m_splitter);
    m_sideTabs->setObjectName(QStringLiteral("sideTabs"));
    // Record editor, its findings and the draft comparison.
    auto *editorPage = new QWidget(m_sideTabs);
    auto *ev = new QVBoxLayout(editorPage);
    m_editorTitle = new QLabel(editorPage);
    m_editorTitle->setTextFormat(Qt::PlainText);
    m_editor = new RecordEditor(editorPage);
    m_editor->setMaximumHeight(120);
    m_diagnosticsView = new QTableView(editorPage);
    m_diagnosticsView->setObjectName(QStringLiteral("diagnosticsView"));
    m_diagnosticsView->setAccessibleName(tr("Problems found in the record"));
    m_diagnosticsView->setModel(m_diagnosticsModel);
    m_diagnosticsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_diagnosticsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_diagnosticsView->horizontalHeader()->setStretchLastSection(true);
    m_diagnosticsView->verticalHeader()->setVisible(false);
    m_diagnosticsView->setWordWrap(true);
    m_diagnosticsView->setColumnWidth(DiagnosticsModel::SeverityColumn, 85);
    m_diagnosticsView->setColumnWidth(DiagnosticsModel::FixColumn, 150);
    m_diagnosticsView->setColumnWidth(DiagnosticsModel::MessageColumn, 420);
    m_diagnosticsView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *editorButtons = new QHBoxLayout;
    m_fixButton = new QPushButton(tr("Apply quick fix"), editorPage);
    m_fixButton->setObjectName(QStringLiteral("fixButton"));
    m_fixButton->setToolTip(
        tr("Applies the fix of the selected problem, or of the one under the cursor (Ctrl+.)"));
    m_draftButton = new QPushButton(tr("Evaluate draft"), editorPage);
    m_draftButton->setObjectName(QStringLiteral("draftButton"));
    m_draftButton->setToolTip(tr("Re-runs the investigation with the edited record standing in for "
                                 "the published one (Ctrl+Return)"));
    m_revertButton = new QPushButton(tr("Revert to published"), editorPage);
    m_revertButton->setObjectName(QStringLiteral("revertButton"));
    editorButtons->addWidget(m_fixButton);
    editorButtons->addWidget(m_draftButton);
    editorButtons->addWidget(m_revertButton);
    editorButtons->addStretch();
    auto *compare = new QFormLayout;
    m_publishedVerdict = new QLabel(tr("—"), editorPage);
    m_publishedVerdict->setObjectName(QStringLiteral("publishedVerdict"));
    m_publishedVerdict->setTextFormat(Qt::PlainText);
    m_publishedVerdict->setWordWrap(true);
    m_draftVerdict = new QLabel(tr("—"), editorPage);
    m_draftVerdict->setObjectName(QStringLiteral("draftVerdict"));
    m_draftVerdict->setTextFormat(Qt::PlainText);
    m_draftVerdict->setWordWrap(true);
    compare->addRow(tr("Published:"), m_publishedVerdict);
    compare->addRow(tr("Draft:"), m_draftVerdict);
    ev->addWidget(m_editorTitle);
    ev->addWidget(m_editor);
    ev->addLayout(editorButtons);
    ev->addWidget(m_diagnosticsView, 1);
    ev->addLayout(compare);
    m_sideTabs->addTab(editorPage, tr("Record"));

    m_details = new QPlainTextEdit(m_sideTabs);
    m_details->setObjectName(QStringLiteral("detailsView"));
    m_details->setAccessibleName(tr("DNS evidence for the selected node"));
    m_details->setReadOnly(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_details->setFont(mono);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_sideTabs->addTab(m_details, tr("DNS evidence"));

    auto *charts = new QWidget(m_sideTabs);
    auto *cv = new QVBoxLayout(charts);
    m_budget = new BudgetChart(charts);
    m_timeline = new TimelineChart(charts);
    cv->addWidget(new QLabel(tr("Lookup budget"), charts));
    cv->addWidget(m_budget, 2);
    cv->addWidget(new QLabel(tr("Query timeline"), charts));
    cv->addWidget(m_timeline, 3);
    m_sideTabs->addTab(charts, tr("Charts"));

    m_notes = new QPlainTextEdit(m_sideTabs);
    m_notes->setObjectName(QStringLiteral("notesEdit"));
    m_notes->setAccessibleName(tr("Your notes on this investigation"));
    m_notes->setPlaceholderText(
        tr("Your notes: ticket number, what the customer said, what you told the sender. Saved in "
           "the case file and printed in the report."));
    m_sideTabs->addTab(m_notes, tr("Notes"));

    m_recheckView = new QPlainTextEdit(m_sideTabs);
    m_recheckView->setObjectName(QStringLiteral("recheckView"));
    m_recheckView->setReadOnly(true);
    m_recheckView->setFont(mono);
    m_recheckView->setPlaceholderText(tr("Open a case file and choose File → Recheck live (Ctrl+R) "
                                         "to see what changed in DNS since."));
    m_sideTabs->addTab(m_recheckView, tr("Then vs now"));

    m_nameservers = new NameserverView(m_sideTabs);
    m_sideTabs->addTab(m_nameservers, tr("Nameservers"));

    m_splitter->addWidget(left);
    m_splitter->addWidget(m_sideTabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    connect(m_treeSource, &QComboBox::currentIndexChanged, this, &MainWindow::showTrace);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_treeProxy->setFilterFixedString(text);
        if (!text.isEmpty())
            m_treeView->expandAll();
    });
    connect(expand, &QPushButton::clicked, m_treeView, &QTreeView::expandAll);
    connect(collapse, &QPushButton::clicked, m_treeView, &QTreeView::collapseAll);
    connect(copy, &QPushButton::clicked, this, &MainWindow::copySelection);
    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) {
            onNodeSelected(current.isValid()
                    ? m_treeProxy->mapToSource(current).data(SpfTreeModel::NodeRole).toInt()
                    : -1);
        });
    connect(m_editor, &RecordEditor::recordChanged, this, [this](const Record &record) {
        m_diagnosticsModel->setRecord(record);
        m_draftButton->setEnabled(m_result.has_value() && !m_editor->domain().isEmpty());
        m_revertButton->setEnabled(m_editor->isDraft());
        if (!m_editor->domain().isEmpty()) {
            if (m_editor->isDraft())
                m_drafts.insert(m_editor->domain(), record.text);
            else
                m_drafts.remove(m_editor->domain());
            if (m_drafts.isEmpty())
                scheduleAutosave();
            else
                markDirty();
        }
    });
    connect(m_fixButton, &QPushButton::clicked, this, [this] {
        const QModelIndex sel = m_diagnosticsView->currentIndex();
        if (!(sel.isValid() && m_editor->applyFix(sel.row())))
            m_editor->applyFixAtCursor();
    });
    connect(m_diagnosticsView, &QTableView::doubleClicked, this,
        [this](const QModelIndex &index) { m_editor->applyFix(index.row()); });
    connect(m_draftButton, &QPushButton::clicked, this, &MainWindow::evaluateDraft);
    connect(m_revertButton, &QPushButton::clicked, this,
        [this] { m_editor->setRecord(m_editor->domain(), m_editor->publishedText()); });
    connect(m_budget, &BudgetChart::nodeClicked, this, &MainWindow::selectNode);
    connect(m_timeline, &TimelineChart::nodeClicked, this, &MainWindow::selectNode);
    m_draftButton->setEnabled(false);
    m_revertButton->setEnabled(false);
    return m_splitter;
}

QStringList MainWindow::sampleCases()
{
    QStringList dirs {
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/spfsleuth/cases")};
    for (const QString &d : QStandardPaths::standardLocations(QStandardPaths::GenericDataLocation))
        dirs << d + QStringLiteral("/spfsleuth/cases");
    dirs << QStringLiteral(SLEUTH_SOURCE_CASES);
    for (const QString &d : std::as_const(dirs)) {
        const QStringList files
            = QDir(d).entryList({QStringLiteral("*.spfcase")}, QDir::Files, QDir::Name);
        if (!files.isEmpty()) {
            QStringList out;
            for (const QString &f : files)
                out << QDir(d).absoluteFilePath(f);
            return out;
        }
    }
    return {};
}

QWidget *MainWindow::buildWelcome()
{
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("welcome"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *page = new QWidget(scroll);
    auto *v = new QVBoxLayout(page);
    v->setContentsMargins(24, 16, 24, 16);
    auto *title = new QLabel(tr("Find out why mail bounces"), page);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    title->setFont(big);
    v->addWidget(title);
    auto *guide = new QLabel(page);
    guide->setObjectName(QStringLiteral("welcomeGuide"));
    guide->setWordWrap(true);
    guide->setTextFormat(Qt::RichText);
    guide->setText(
        tr("<ol>"
           "<li><b>Start from the bounce.</b> Type the sender's address (or domain) in the field "
           "above and, from the bounce, the IP "
           "that sent the mail. Press Enter. Or paste the whole bounce into the <i>Paste "
           "bounce</i> tab: it finds the IP, the sender and "
           "the HELO for you, and never mistakes a version number for an IP.</li>"
           "<li><b>Read the verdict.</b> The line above says what a receiver concludes and why. "
           "The tree shows the path that decided, "
           "every DNS lookup (the limit is 10) and every void lookup (the limit is 2).</li>"
           "<li><b>Find the fix.</b> The <i>Record</i> tab underlines each error; <i>Apply quick "
           "fix</i> (Ctrl+.) corrects it and "
           "<i>Evaluate draft</i> (Ctrl+Return) shows what the corrected record would give.</li>"
           "<li><b>Tell the sender.</b> <i>File → Export report as PDF</i> (Ctrl+P) writes a "
           "report the sender's admin can act on. "
           "<i>Save case</i> (Ctrl+S) keeps the DNS evidence; reopen it later and <i>Recheck "
           "live</i> (Ctrl+R) to see whether they fixed it.</li>"
           "</ol>"));
    v->addWidget(guide);
    const QStringList cases = sampleCases();
    if (!cases.isEmpty()) {
        auto *samplesTitle
            = new QLabel(tr("Sample cases (they open offline, from captured DNS answers):"), page);
        QFont bold = samplesTitle->font();
        bold.setBold(true);
        samplesTitle->setFont(bold);
        v->addWidget(samplesTitle);
        for (const QString &path : cases) {
            const auto c = CaseFile::load(path);
            if (!c)
                continue;
            auto *button = new QPushButton(page);
            button->setObjectName(QStringLiteral("sample-") + QFileInfo(path).completeBaseName());
            QString first = c->notes.section(QStringLiteral(". "), 0, 0); // the first sentence
            if (first.endsWith(QLatin1Char('.')))
                first.chop(1);
            button->setText(tr("%1 — %2").arg(QFileInfo(path).completeBaseName(), first));
            button->setToolTip(c->notes);
            button->setStyleSheet(QStringLiteral("text-align: left; padding: 4px 8px;"));
            connect(button, &QPushButton::clicked, this, [this, path] {
                if (const QString error = openCase(path); !error.isEmpty())
                    showInputError(error);
            });
            v->addWidget(button);
        }
    }
    v->addStretch();
    scroll->setWidget(page);
    return scroll;
}

QWidget *MainWindow::buildConsoleTab()
{
    auto *page = new QWidget(this);
    auto *v = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    m_consoleName = new QLineEdit(page);
    m_consoleName->setObjectName(QStringLiteral("consoleName"));
    m_consoleName->setAccessibleName(tr("Name to query"));
    m_consoleName->setPlaceholderText(tr("Name (an IP with type PTR asks its reverse name)"));
    m_consoleType = new QComboBox(page);
    m_consoleType->setObjectName(QStringLiteral("consoleType"));
    m_consoleType->setAccessibleName(tr("Record type"));
    m_consoleType->setEditable(true);
    m_consoleType->addItems({QStringLiteral("TXT"), QStringLiteral("A"), QStringLiteral("AAAA"),
        QStringLiteral("MX"), QStringLiteral("PTR"), QStringLiteral("CNAME"), QStringLiteral("NS"),
        QStringLiteral("SOA"), QStringLiteral("SPF")});
    auto *run = new QPushButton(tr("Query"), page);
    run->setObjectName(QStringLiteral("consoleRun"));
    row->addWidget(m_consoleName, 3);
    row->addWidget(m_consoleType, 1);
    row->addWidget(run);
    m_consoleOutput = monospaceOutput(page, QStringLiteral("consoleOutput"), tr("DNS answer"));
    v->addLayout(row);
    v->addWidget(m_consoleOutput, 1);
    connect(run, &QPushButton::clicked, this, &MainWindow::runConsoleQuery);
    connect(m_consoleName, &QLineEdit::returnPressed, this, &MainWindow::runConsoleQuery);
    return page;
}

QWidget *MainWindow::buildReverseTab()
{
    auto *page = new QWidget(this);
    auto *v = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    m_reverseEdit = new QLineEdit(page);
    m_reverseEdit->setObjectName(QStringLiteral("reverseEdit"));
    m_reverseEdit->setAccessibleName(tr("IP address for reverse lookup"));
    m_reverseEdit->setPlaceholderText(tr("IPv4 or IPv6 address"));
    auto *run = new QPushButton(tr("Look up"), page);
    run->setObjectName(QStringLiteral("reverseRun"));
    row->addWidget(m_reverseEdit, 1);
    row->addWidget(run);
    m_reverseOutput
        = monospaceOutput(page, QStringLiteral("reverseOutput"), tr("Reverse lookup result"));
    v->addLayout(row);
    v->addWidget(m_reverseOutput, 1);
    connect(run, &QPushButton::clicked, this, &MainWindow::runReverseLookup);
    connect(m_reverseEdit, &QLineEdit::returnPressed, this, &MainWindow::runReverseLookup);
    return page;
}

void MainWindow::buildActions()
{
    auto add = [this](const QString &name, const QKeySequence &key, auto slot) {
        auto *a = new QAction(name, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    add(tr("Focus the investigation field"), QKeySequence(Qt::CTRL | Qt::Key_L), [this] {
        m_targetEdit->setFocus();
        m_targetEdit->selectAll();
    });
    add(tr("Run again"), QKeySequence(Qt::Key_F5), [this] { investigate(); });
    add(tr("Cancel"), QKeySequence(Qt::Key_Escape), [this] { cancel(); });
    add(tr("Filter the tree"), QKeySequence::Find, [this] {
        m_tabs->setCurrentIndex(0);
        m_filterEdit->setFocus();
    });
    add(tr("Expand all"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] { m_treeView->expandAll(); });
    add(tr("Collapse all"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
        [this] { m_treeView->collapseAll(); });
    add(tr("Apply quick fix"), QKeySequence(Qt::CTRL | Qt::Key_Period),
        [this] { m_editor->applyFixAtCursor(); });
    add(tr("Evaluate draft"), QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { evaluateDraft(); });
    auto *copyAction = new QAction(tr("Copy"), m_treeView);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    connect(copyAction, &QAction::triggered, this, &MainWindow::copySelection);
    m_treeView->addAction(copyAction);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open case…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open case"), {}, tr("SPF Sleuth cases (*.spfcase);;All files (*)"));
        if (!path.isEmpty()) {
            if (const QString error = openCase(path); !error.isEmpty())
                QMessageBox::warning(this, tr("Cannot open the case"), error);
        }
    });
    open->setShortcut(QKeySequence::Open);
    QAction *save = file->addAction(tr("&Save case…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save case"), m_casePath, tr("SPF Sleuth cases (*.spfcase)"));
        if (path.isEmpty())
            return;
        if (const QString error = saveCaseTo(path.endsWith(QLatin1String(".spfcase"))
                    ? path
                    : path + QStringLiteral(".spfcase"));
            !error.isEmpty())
            QMessageBox::warning(this, tr("Cannot save the case"), error);
    });
    save->setShortcut(QKeySequence::Save);
    QAction *pdf = file->addAction(tr("Export report as &PDF…"), this, [this] {
        const QString path
            = QFileDialog::getSaveFileName(this, tr("Export report"), {}, tr("PDF (*.pdf)"));
        if (path.isEmpty())
            return;
        if (const QString error = exportReportTo(
                path.endsWith(QLatin1String(".pdf")) ? path : path + QStringLiteral(".pdf"));
            !error.isEmpty())
            QMessageBox::warning(this, tr("Cannot export the report"), error);
    });
    pdf->setShortcut(QKeySequence::Print);
    file->addAction(tr("Export report as &HTML…"), this, [this] {
        const QString path
            = QFileDialog::getSaveFileName(this, tr("Export report"), {}, tr("HTML (*.html)"));
        if (path.isEmpty())
            return;
        if (const QString error = exportReportTo(
                path.endsWith(QLatin1String(".html")) ? path : path + QStringLiteral(".html"));
            !error.isEmpty())
            QMessageBox::warning(this, tr("Cannot export the report"), error);
    });
    file->addSeparator();
    QAction *recheck = file->addAction(tr("&Recheck live"), this, &MainWindow::recheckLive);
    recheck->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *dns = menuBar()->addMenu(tr("&DNS"));
    m_prefetchAction = dns->addAction(tr("&Fetch the tree in parallel"));
    m_prefetchAction->setObjectName(QStringLiteral("prefetchAction"));
    m_prefetchAction->setCheckable(true);
    m_prefetchAction->setToolTip(
        tr("Ask up to 16 questions at once ahead of the audit, through one answer cache for the "
           "investigation. The results are the same; only the waiting is shorter."));
    m_compareNsAction = dns->addAction(tr("&Compare authoritative nameservers"));
    m_compareNsAction->setObjectName(QStringLiteral("compareNsAction"));
    m_compareNsAction->setCheckable(true);
    m_compareNsAction->setToolTip(tr("After each live investigation of a domain, ask every "
                                     "authoritative nameserver directly for its SPF record."));
    QSettings settings;
    m_prefetchAction->setChecked(settings.value(QStringLiteral("dns/prefetch"), true).toBool());
    m_compareNsAction->setChecked(
        settings.value(QStringLiteral("dns/compareNameservers"), true).toBool());
    for (QAction *a : {save, pdf})
        a->setEnabled(false);
    connect(this, &MainWindow::investigationFinished, this, [save, pdf, this] {
        save->setEnabled(m_result && m_result->error.isEmpty());
        pdf->setEnabled(m_result && m_result->error.isEmpty());
    });
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

QString MainWindow::openCase(const QString &path)
{
    const auto c = CaseFile::load(path);
    if (!c)
        return c.error(); // nothing else changes: the current investigation stays
    m_case = *c;
    m_casePath = path;
    m_recheck.reset();
    m_recheckView->clear();
    m_targetEdit->setText(c->target);
    m_ipEdit->setText(c->ip);
    m_heloEdit->setText(c->helo);
    {
        const QSignalBlocker quiet(m_notes); // loaded notes are not new work
        m_notes->setPlainText(c->notes);
    }
    const int existing = m_resolverCombo->findData(int(CaseResolver));
    if (existing >= 0)
        m_resolverCombo->removeItem(existing);
    m_resolverCombo->addItem(
        tr("Case: answers captured %1")
            .arg(c->saved.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
        int(CaseResolver));
    m_resolverCombo->setCurrentIndex(m_resolverCombo->count() - 1);
    setWindowTitle(tr("SPF Sleuth — %1").arg(QFileInfo(path).fileName()));
    runRequest(CaseFile::request(*c, nullptr));
    m_drafts = c->drafts;
    return {};
}

QString MainWindow::saveCaseTo(const QString &path)
{
    if (!m_result || !m_result->error.isEmpty())
        return tr("There is no investigation to save yet.");
    CaseFile::Case c = CaseFile::fromResult(*m_result, m_notes->toPlainText());
    c.drafts = m_drafts;
    if (m_case && m_result->request.resolverOverride
        && m_resolverCombo->currentData().toInt() == CaseResolver) {
        c.resolver = m_case->resolver; // still the resolver the answers were first captured with
        c.resolverDescription = m_case->resolverDescription;
    }
    const auto saved = CaseFile::save(c, path);
    if (!saved)
        return saved.error();
    m_casePath = path;
    m_dirty = false;
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    return {};
}

QString MainWindow::exportReportTo(const QString &path)
{
    if (!m_result || !m_result->error.isEmpty())
        return tr("There is no investigation to report yet.");
    Report::Options options;
    options.notes = m_notes->toPlainText();
    const auto written = path.endsWith(QLatin1String(".html"), Qt::CaseInsensitive)
        ? Report::writeHtml(*m_result, path, options)
        : Report::writePdf(*m_result, path, options);
    if (!written)
        return written.error();
    statusBar()->showMessage(tr("Report written to %1").arg(QDir::toNativeSeparators(path)), 5000);
    return {};
}

void MainWindow::recheckLive()
{
    if (!m_case || m_runner->isBusy()) {
        if (!m_case)
            m_recheckView->setPlainText(tr(
                "Open a case file first: a recheck compares its captured answers with DNS now."));
        return;
    }
    const CaseFile::Case c = *m_case;
    Investigation::ResolverChoice choice = c.resolver;
    const int mode = m_resolverCombo->currentData().toInt();
    if (mode != CaseResolver && mode != ZoneResolver) // the user picked a resolver: use it
        choice = currentRequest().resolver;
    const std::shared_ptr<Dns::Resolver> zone = mode == ZoneResolver ? m_zone : nullptr;
    m_sideTabs->setCurrentWidget(m_recheckView);
    m_recheckView->setPlainText(tr("Rechecking against DNS now…"));
    JobRunner *runner = m_runner;
    runner->start(tr("recheck"),
        [this, runner, c, choice, zone](quint64 job, const JobRunner::CancelFlag &cancel) {
            Investigation::Result then = Investigation::run(CaseFile::request(c, nullptr), cancel);
            std::shared_ptr<Dns::Resolver> live = zone;
            QString error;
            if (!live) {
                auto made = Investigation::makeResolver(choice, cancel);
                if (made)
                    live = *made;
                else
                    error = made.error();
            }
            std::optional<Investigation::Result> now;
            if (live)
                now = Investigation::run(CaseFile::request(c, live), cancel);
            runner->post(job, [this, runner, job, then, now, error] {
                if (now) {
                    m_recheck = CaseFile::compare(then, *now);
                    showRecheck();
                    onFinished(*now);
                } else {
                    m_recheckView->setPlainText(error);
                }
                runner->finish(job);
                Q_EMIT recheckFinished();
            });
        });
}

void MainWindow::showRecheck()
{
    if (!m_recheck)
        return;
    QString text;
    QTextStream s(&text);
    s << tr("Case saved: %1")
             .arg(m_case ? m_case->saved.toLocalTime().toString(Qt::ISODate) : QString())
      << Qt::endl;
    s << tr("The receiver's DNS then: %1").arg(m_recheck->verdictThen) << Qt::endl;
    s << tr("DNS now:                 %1").arg(m_recheck->verdictNow) << Qt::endl;
    s << (m_recheck->verdictChanged() ? tr("The verdict CHANGED.") : tr("The verdict is the same."))
      << Qt::endl
      << Qt::endl;
    if (m_recheck->changes.isEmpty())
        s << tr("No DNS answer changed.") << Qt::endl;
    for (const CaseFile::Change &ch : m_recheck->changes) {
        s << CaseFile::kindName(ch.kind).toUpper() << QLatin1Char(' ')
          << Text::safeText(ch.question.name) << QLatin1Char(' ')
          << Dns::typeName(ch.question.type) << Qt::endl;
        for (const QString &l : ch.before)
            s << QStringLiteral("  - ") << Text::safeText(l) << Qt::endl;
        for (const QString &l : ch.after)
            s << QStringLiteral("  + ") << Text::safeText(l) << Qt::endl;
    }
    s.flush();
    m_recheckView->setPlainText(text);
    m_sideTabs->setCurrentWidget(m_recheckView);
}

void MainWindow::loadSettings()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(s.value(QStringLiteral("window/splitter")).toByteArray());
    if (s.value(QStringLiteral("window/geometry")).isNull())
        resize(1280, 800);
    m_resolverCombo->setCurrentIndex(
        std::clamp(s.value(QStringLiteral("resolver/mode"), 0).toInt(), 0, 2));
    m_serverEdit->setText(s.value(QStringLiteral("resolver/server")).toString());
    m_timeoutSpin->setValue(s.value(QStringLiteral("resolver/timeoutMs"), 3000).toInt() / 1000.0);
    m_recent = s.value(QStringLiteral("recent/targets")).toStringList();
    m_bulk->setList(s.value(QStringLiteral("bulk/list")).toString()); // the list of last time
    static_cast<QStringListModel *>(m_targetEdit->completer()->model())->setStringList(m_recent);
}

void MainWindow::saveSettings()
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    const int mode = m_resolverCombo->currentData().toInt();
    if (mode != ZoneResolver && mode != CaseResolver)
        s.setValue(QStringLiteral("resolver/mode"), mode);
    s.setValue(QStringLiteral("resolver/server"), m_serverEdit->text());
    if (!m_options.timeoutMs) // a --timeout given for one run is not a preference
        s.setValue(QStringLiteral("resolver/timeoutMs"), int(m_timeoutSpin->value() * 1000));
    s.setValue(QStringLiteral("recent/targets"), m_recent);
    s.setValue(QStringLiteral("dns/prefetch"), m_prefetchAction->isChecked());
    // The bulk list survives a restart (up to 256 KiB, so start-up stays quick; longer lists
    // live in files anyway).
    const QString list = m_bulk->list();
    s.setValue(QStringLiteral("bulk/list"), list.size() <= 256 * 1024 ? list : QString());
    s.setValue(QStringLiteral("dns/compareNameservers"), m_compareNsAction->isChecked());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_runner->cancel();
    m_toolRunner->cancel();
    m_nsRunner->cancel();
    saveSettings();
    if (m_dirty)
        writeAutosave(); // kept: the next start offers it back
    else if (!m_restoreBar->isVisible())
        QFile::remove(autosavePath()); // nothing unsaved (and no older work still on offer)
    event->accept();
}

QString MainWindow::autosavePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
        + QStringLiteral("/autosave.spfcase");
}

void MainWindow::markDirty()
{
    m_dirty = true;
    scheduleAutosave();
}

void MainWindow::scheduleAutosave()
{
    if (m_autosaveTimer)
        m_autosaveTimer->start();
}

void MainWindow::writeAutosave()
{
    if (m_restoreBar->isVisible())
        return; // do not overwrite the older work still on offer
    CaseFile::Case c;
    if (m_result && m_result->error.isEmpty()) {
        c = CaseFile::fromResult(*m_result, m_notes->toPlainText());
    } else {
        const QString target = m_targetEdit->text().trimmed();
        if (target.isEmpty() && m_notes->toPlainText().isEmpty())
            return;
        c.saved = QDateTime::currentDateTimeUtc();
        c.app = QStringLiteral("spfsleuth %1").arg(QStringLiteral(SLEUTH_VERSION));
        c.target = target.isEmpty() ? tr("(no target)") : target;
        c.ip = m_ipEdit->text().trimmed();
        c.helo = m_heloEdit->text().trimmed();
        c.notes = m_notes->toPlainText();
    }
    c.drafts = m_drafts;
    QDir().mkpath(QFileInfo(autosavePath()).absolutePath());
    (void)CaseFile::save(
        c, autosavePath()); // best effort: a failed autosave must not stop the work
}

void MainWindow::restoreAutosave()
{
    m_restoreBar->setVisible(false);
    const auto c = CaseFile::load(autosavePath());
    if (!c) {
        showInputError(c.error());
        return;
    }
    if (c->evidence.isEmpty()) { // stopped before any answer arrived: the inputs and notes
        m_targetEdit->setText(c->target);
        m_ipEdit->setText(c->ip);
        m_heloEdit->setText(c->helo);
        m_notes->setPlainText(c->notes);
    } else {
        (void)openCase(autosavePath());
        m_casePath.clear(); // "Save case" asks where: the autosave is not the user's file
    }
    m_dirty = true;
    scheduleAutosave();
}

void MainWindow::discardAutosave()
{
    m_restoreBar->setVisible(false);
    QFile::remove(autosavePath());
}

void MainWindow::addRecent(const QString &target)
{
    m_recent.removeAll(target);
    m_recent.prepend(target);
    while (m_recent.size() > 20)
        m_recent.removeLast();
    static_cast<QStringListModel *>(m_targetEdit->completer()->model())->setStringList(m_recent);
}

std::shared_ptr<Dns::Resolver> MainWindow::fixedResolver() const
{
    switch (m_resolverCombo->currentData().toInt()) {
    case ZoneResolver:
        return m_zone;
    case CaseResolver:
        return m_case ? std::shared_ptr<Dns::Resolver>(CaseFile::replayResolver(*m_case)) : nullptr;
    default:
        return nullptr;
    }
}

Investigation::Request MainWindow::currentRequest() const
{
    Investigation::Request r;
    r.target = m_targetEdit->text().trimmed();
    r.ip = m_ipEdit->text().trimmed();
    r.helo = m_heloEdit->text().trimmed();
    const int mode = m_resolverCombo->currentData().toInt();
    r.resolver.mode = mode == CustomResolver ? Investigation::ResolverMode::Custom
        : mode == AuthoritativeResolver      ? Investigation::ResolverMode::Authoritative
                                             : Investigation::ResolverMode::System;
    r.resolver.server = m_serverEdit->text().trimmed();
    r.resolver.timeoutMs = int(m_timeoutSpin->value() * 1000);
    r.resolverOverride = fixedResolver();
    if (!r.resolverOverride) { // live DNS
        r.prefetchThreads = !m_prefetchAction || m_prefetchAction->isChecked() ? 16 : 0;
        // Compared after the investigation, on a runner of its own (compareNameservers()), so
        // that a dead nameserver never holds the verdict back.
        r.compareNameservers = false;
        r.nsPort = m_options.nsPort;
    }
    return r;
}

void MainWindow::showInputError(const QString &message)
{
    m_inputError->setText(message);
    m_inputError->setVisible(!message.isEmpty());
}

bool MainWindow::isBusy() const
{
    return m_runner->isBusy();
}

bool MainWindow::isComparingNameservers() const
{
    return m_nsRunner->isBusy();
}

void MainWindow::investigate()
{
    const Investigation::Request request = currentRequest();
    if (const QString problem = Investigation::validate(request); !problem.isEmpty()) {
        showInputError(problem);
        return;
    }
    runRequest(request);
}

void MainWindow::runRequest(const Investigation::Request &request)
{
    scheduleAutosave(); // the inputs and notes survive a crash mid-investigation
    showInputError({});
    m_investigationStack->setCurrentIndex(1);
    addRecent(request.target);
    m_result.reset();
    m_draftResult.reset();
    m_drafts.clear();
    m_treeModel->clear();
    m_editor->setRecord({}, {});
    m_details->clear();
    m_budget->setTrace({});
    m_timeline->setTrace({});
    m_publishedVerdict->setText(tr("—"));
    m_draftVerdict->setText(tr("—"));
    m_verdictIcon->clear();
    m_verdictLabel->setText(tr("Investigating %1…").arg(request.target));
    m_stageLabel->clear();
    m_treeSource->setCurrentIndex(request.ip.isEmpty() ? WholeTree : IpTestTrace);
    m_nsRunner->cancel(); // a comparison for the previous investigation no longer matters
    JobRunner *runner = m_runner;
    runner->start(
        request.target, [this, runner, request](quint64 job, const JobRunner::CancelFlag &cancel) {
            const Investigation::Result result = Investigation::run(
                request, cancel, [this, runner, job](const Investigation::Progress &p) {
                    runner->post(job, [this, p] { onProgress(p); });
                });
            runner->post(job, [this, runner, job, result] {
                onFinished(result);
                runner->finish(job);
            });
        });
}

void MainWindow::cancel()
{
    if (!m_runner->isBusy())
        return;
    m_runner->cancel();
    m_stageLabel->setText(tr("Cancelling…"));
}

void MainWindow::onProgress(const Investigation::Progress &p)
{
    m_stageLabel->setText(tr("%1 — %n DNS queries", nullptr, p.queries).arg(p.stage));
    // The tree grows as answers arrive (the audit runs first; the IP test's trace follows at the
    // end).
    if (p.tree) {
        const bool first = m_treeModel->trace().nodes.isEmpty();
        m_treeModel->setTrace(*p.tree);
        if (first || m_treeModel->trace().nodes.size() < 300)
            m_treeView->expandAll();
    }
}

void MainWindow::onFinished(const Investigation::Result &result)
{
    m_result = result;
    if (!result.error.isEmpty()) {
        showInputError(result.error);
        m_verdictLabel->setText(result.error);
    }
    if (!result.evaluation)
        m_treeSource->setCurrentIndex(WholeTree);
    showTrace();
    updateVerdict();
    if (result.reverse) {
        m_reverseEdit->setText(result.reverse->ip);
        m_reverseOutput->setPlainText(
            plain([&](QTextStream &s) { Text::printReverse(s, *result.reverse); }));
        if (result.target.kind == Investigation::TargetKind::Ip)
            m_tabs->setCurrentIndex(2);
    }
    if (m_fromPaste && m_paste->analysis()) {
        m_fromPaste = false;
        QStringList then;
        for (const Paste::Verdict &v : m_paste->analysis()->verdicts) {
            if (!v.result.isEmpty())
                then << tr("%1 (%2)").arg(
                    v.result, v.receiver.isEmpty() ? tr("receiver") : v.receiver);
        }
        for (const Paste::Reply &r : m_paste->analysis()->replies) {
            if (r.spfRelated)
                then << QStringLiteral("%1 %2 %3").arg(r.code).arg(r.enhanced, r.text.left(80));
        }
        const QString now = result.evaluation ? tr("%1 (%2 DNS lookups)")
                                                    .arg(Spf::resultName(result.evaluation->result))
                                                    .arg(result.evaluation->lookups)
                                              : tr("no IP test");
        m_paste->setComparison(tr("The receiver said then: %1. DNS says now: %2.")
                                   .arg(then.isEmpty() ? tr("(no SPF verdict in the paste)")
                                                       : then.join(QStringLiteral("; ")),
                                       now));
    }
    showNameservers(result);
    compareNameservers();
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

void MainWindow::compareNameservers()
{
    if (!m_result || m_result->nameservers || !m_result->error.isEmpty() || m_result->cancelled
        || m_result->request.resolverOverride || m_result->target.domain.isEmpty()
        || !m_compareNsAction->isChecked())
        return;
    const QString domain = m_result->target.domain;
    const Investigation::Request request = m_result->request;
    m_nameservers->setResult(
        std::nullopt, tr("Asking every authoritative nameserver of %1 directly…").arg(domain));
    JobRunner *runner = m_nsRunner;
    runner->start(tr("nameservers"),
        [this, runner, domain, request](quint64 job, const JobRunner::CancelFlag &cancel) {
            NsCompare::Result r;
            if (auto made = Investigation::makeResolver(request.resolver, cancel); made) {
                r = Investigation::compareNameservers(request, **made, domain, cancel);
            } else {
                r.domain = domain;
                r.error = made.error();
            }
            const bool cancelled = cancel->load();
            runner->post(job, [this, runner, job, r, cancelled, domain] {
                runner->finish(job);
                // A new investigation cancels this job; its answer is then not wanted.
                if (cancelled || !m_result || m_result->target.domain != domain
                    || m_result->nameservers)
                    return;
                m_result->nameservers = r;
                showNameservers(*m_result);
                markDirty();
                Q_EMIT nameserversCompared();
            });
        });
}

void MainWindow::showNameservers(const Investigation::Result &result)
{
    const int tab = m_sideTabs->indexOf(m_nameservers);
    const bool differ = result.nameservers && !result.nameservers->consistent()
        && result.nameservers->error.isEmpty();
    m_sideTabs->setTabText(tab, differ ? tr("Nameservers ⚠") : tr("Nameservers"));
    if (result.nameservers) {
        m_nameservers->setResult(result.nameservers);
        return;
    }
    QString why;
    if (result.target.kind == Investigation::TargetKind::Ip)
        why = tr("Not compared: the target is an IP address.");
    else if (result.cancelled)
        why = tr("Not compared: the investigation was cancelled.");
    else if (result.request.resolverOverride)
        why = tr("Not compared: the answers come from a zone file or a case file (offline), "
                 "which have no nameservers to ask.");
    else if (!m_compareNsAction->isChecked())
        why = tr("Not compared: DNS → Compare authoritative nameservers is off.");
    else
        why = tr("Not compared.");
    m_nameservers->setResult(std::nullopt, why);
}

void MainWindow::showTrace()
{
    if (!m_result)
        return;
    const bool ipTest = m_treeSource->currentData().toInt() == IpTestTrace && m_result->evaluation;
    const Trace *trace = ipTest ? &m_result->evaluation->trace
        : m_result->audit       ? &m_result->audit->trace
                                : nullptr;
    if (!trace) {
        m_treeModel->clear();
        return;
    }
    m_treeModel->setTrace(*trace);
    m_budget->setTrace(*trace);
    m_timeline->setTrace(*trace);
    // Expand the deciding path, and everything when the tree is small.
    if (trace->nodes.size() <= 300)
        m_treeView->expandAll();
    else
        m_treeView->expandToDepth(1);
    int focus = 0;
    if (ipTest && m_result->evaluation->decidingNode >= 0)
        focus = m_result->evaluation->decidingNode;
    else if (!ipTest && m_result->audit && m_result->audit->crossingNode >= 0)
        focus = m_result->audit->crossingNode;
    for (int n = focus; n >= 0; n = trace->nodes[n].parent)
        m_treeView->expand(m_treeProxy->mapFromSource(m_treeModel->indexForNode(n)));
    selectNode(focus);
}

void MainWindow::selectNode(int node)
{
    const QModelIndex index = m_treeProxy->mapFromSource(m_treeModel->indexForNode(node));
    if (!index.isValid())
        return;
    m_treeView->setCurrentIndex(index);
    m_treeView->scrollTo(index);
}

void MainWindow::onNodeSelected(int node)
{
    const Trace &t = m_treeModel->trace();
    if (node < 0 || node >= t.nodes.size())
        return;
    int check = node;
    while (check >= 0 && t.nodes[check].kind != NodeKind::Check)
        check = t.nodes[check].parent;
    if (check >= 0 && t.nodes[check].domain != m_editor->domain()) {
        const TraceNode &c = t.nodes[check];
        m_editor->setRecord(c.domain, c.recordText);
        if (const auto it = m_drafts.constFind(c.domain); it != m_drafts.cend())
            m_editor->setPlainText(*it); // keep the user's unsaved edit
        m_editorTitle->setText(c.recordText.isEmpty() ? tr("%1 has no SPF record").arg(c.domain)
                                                      : tr("SPF record of %1").arg(c.domain));
    }
    if (t.nodes[node].kind == NodeKind::Term && check >= 0
        && t.nodes[check].domain == m_editor->domain() && !m_editor->isDraft()) {
        QTextCursor c = m_editor->textCursor();
        c.setPosition(
            std::min(t.nodes[node].term.range.offset, m_editor->document()->characterCount() - 1));
        m_editor->setTextCursor(c);
    }
    showDetails(node);
}

namespace {

QString askedLine(const Dns::Exchange &e)
{
    return QStringLiteral(";; asked at ") + e.when.toString(Qt::ISODateWithMs)
        + (e.shared ? MainWindow::tr("; answered from the investigation's cache (fetched ahead "
                                     "or by an identical question), not sent again")
                    : QString());
}

} // namespace

void MainWindow::showDetails(int node)
{
    const Trace &t = m_treeModel->trace();
    QString text;
    QTextStream s(&text);
    const TraceNode &n = t.nodes[node];
    auto printQueries = [&](const TraceNode &parent) {
        for (int c : parent.children) {
            const TraceNode &q = t.nodes[c];
            if (q.kind == NodeKind::Query && q.exchange >= 0 && q.exchange < t.exchanges.size()) {
                const Dns::Exchange &e = t.exchanges[q.exchange];
                s << Qt::endl << askedLine(e) << Qt::endl;
                Text::printResponse(s, e.question, e.answer);
            }
        }
    };
    switch (n.kind) {
    case NodeKind::Check:
        s << tr("Domain: ") << Text::safeText(n.domain) << Qt::endl;
        s << tr("Record: ")
          << (n.recordText.isEmpty() ? tr("(none)") : Text::safeText(n.recordText))
          << Qt::endl;
        if (n.hasResult)
            s << tr("Result: ") << resultName(n.result) << QStringLiteral(" — ")
              << Text::safeText(n.message) << Qt::endl;
        if (n.subtreeLookups || n.subtreeVoids)
            s << tr("Lookups below: %1, void lookups below: %2")
                     .arg(n.subtreeLookups)
                     .arg(n.subtreeVoids)
              << Qt::endl;
        printQueries(n);
        break;
    case NodeKind::Term:
        s << tr("Term: ") << Text::safeText(n.term.text) << QStringLiteral("  (")
          << termKindName(n.term.kind) << QStringLiteral(")") << Qt::endl;
        if (!n.target.isEmpty())
            s << tr("Target: ") << Text::safeText(n.target) << Qt::endl;
        for (const MacroExpansion &m : n.expansions)
            s << tr("Macro %1 = %2").arg(m.macro, Text::safeText(m.value)) << Qt::endl;
        if (n.outcome != Outcome::None)
            s << tr("Outcome: ") << outcomeName(n.outcome)
              << (n.hasResult ? QStringLiteral(" → ") + resultName(n.result) : QString())
              << Qt::endl;
        if (n.lookupsAfter >= 0)
            s << tr("DNS lookups after this term: %1 of 10; void lookups: %2 of 2")
                     .arg(n.lookupsAfter)
                     .arg(std::max(0, n.voidsAfter))
              << Qt::endl;
        if (n.crossesLimit)
            s << tr(
                "This term takes the count over the limit of 10: receivers return permerror here.")
              << Qt::endl;
        if (!n.message.isEmpty())
            s << tr("Why: ") << Text::safeText(n.message) << Qt::endl;
        printQueries(n);
        break;
    case NodeKind::Query:
        if (n.exchange >= 0 && n.exchange < t.exchanges.size()) {
            const Dns::Exchange &e = t.exchanges[n.exchange];
            s << askedLine(e) << Qt::endl;
            Text::printResponse(s, e.question, e.answer);
        }
        break;
    case NodeKind::Note:
        s << Text::safeText(n.message) << Qt::endl;
        break;
    }
    s.flush();
    m_details->setPlainText(text);
}

void MainWindow::updateVerdict()
{
    if (!m_result || !m_result->error.isEmpty())
        return;
    const Investigation::Result &r = *m_result;
    QString text;
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    if (r.evaluation) {
        const Evaluation &e = *r.evaluation;
        text = tr("%1 — mail from %2 for %3: %4")
                   .arg(resultName(e.result).toUpper(), e.ip, e.domain,
                       Text::safeText(e.reason));
        if (!e.explanation.isEmpty())
            text += tr(" Explanation: “%1”").arg(Text::safeText(e.explanation));
        icon = e.result == Result::Pass ? QStyle::SP_DialogApplyButton
            : (e.result == Result::PermError || e.result == Result::TempError
                  || e.result == Result::Fail)
            ? QStyle::SP_MessageBoxCritical
            : QStyle::SP_MessageBoxWarning;
        m_publishedVerdict->setText(
            tr("%1 with %2 DNS lookups").arg(resultName(e.result)).arg(e.lookups));
    } else if (r.audit) {
        const Audit &a = *r.audit;
        text = tr("SPF tree of %1: %2 DNS lookups (limit 10), %3 void lookups (limit 2).")
                   .arg(a.domain)
                   .arg(a.lookups)
                   .arg(a.voidLookups);
        if (!a.problems.isEmpty())
            text += QLatin1Char(' ') + tr("%n problem(s): ", nullptr, int(a.problems.size()))
                + Text::safeText(a.problems.front());
        else
            text += QLatin1Char(' ') + tr("No problems found. Add the sending IP to test it.");
        icon = a.problems.isEmpty() ? QStyle::SP_DialogApplyButton : QStyle::SP_MessageBoxCritical;
        m_publishedVerdict->setText(
            tr("%1 lookups, %2 problem(s)").arg(a.lookups).arg(a.problems.size()));
    } else if (r.reverse) {
        QStringList names;
        for (const Dns::ReverseName &n : r.reverse->names)
            names << Text::safeText(n.name)
                    + (n.confirmed ? tr(" (confirmed)") : tr(" (not confirmed)"));
        text = tr("Reverse DNS of %1: %2. FCrDNS %3.")
                   .arg(r.reverse->ip,
                       names.isEmpty() ? tr("no PTR name") : names.join(QStringLiteral(", ")),
                       r.reverse->hasConfirmedName() ? tr("passes") : tr("fails"));
        icon = r.reverse->hasConfirmedName() ? QStyle::SP_DialogApplyButton
                                             : QStyle::SP_MessageBoxWarning;
    }
    if (r.cancelled)
        text = tr("Cancelled — partial results. ") + text;
    m_verdictLabel->setText(text);
    m_verdictIcon->setPixmap(style()->standardIcon(icon).pixmap(32, 32));
}

void MainWindow::evaluateDraft()
{
    if (!m_result || m_editor->domain().isEmpty() || m_runner->isBusy())
        return;
    Investigation::Request request = m_result->request;
    request.drafts.insert(Net::canonicalName(m_editor->domain()), m_editor->toPlainText());
    // The answers seen for the published record, plus live (or zone) DNS for anything new.
    auto captured = std::make_shared<Dns::MemoryResolver>();
    for (const Dns::Exchange &e : m_result->evidence)
        captured->addCaptured(e.question, e.answer);
    captured->setDescription(tr("captured answers"));
    const std::shared_ptr<Dns::Resolver> fixed = fixedResolver();
    const Investigation::ResolverChoice choice = request.resolver;
    m_draftVerdict->setText(tr("evaluating…"));
    JobRunner *runner = m_runner;
    runner->start(tr("draft"),
        [this, runner, request, captured, fixed, choice](
            quint64 job, const JobRunner::CancelFlag &cancel) mutable {
            std::shared_ptr<Dns::Resolver> live = fixed;
            if (!live) {
                auto made = Investigation::makeResolver(choice, cancel);
                if (made)
                    live = *made;
            }
            request.resolverOverride = std::make_shared<Dns::OverlayResolver>(captured, live);
            const Investigation::Result result = Investigation::run(request, cancel);
            runner->post(job, [this, runner, job, result] {
                onDraftFinished(result);
                runner->finish(job);
            });
        });
}

void MainWindow::onDraftFinished(const Investigation::Result &result)
{
    m_draftResult = result;
    if (result.evaluation) {
        m_draftVerdict->setText(tr("%1 with %2 DNS lookups — %3")
                                    .arg(resultName(result.evaluation->result))
                                    .arg(result.evaluation->lookups)
                                    .arg(result.evaluation->reason));
    } else if (result.audit) {
        m_draftVerdict->setText(tr("%1 lookups, %2 problem(s)%3")
                                    .arg(result.audit->lookups)
                                    .arg(result.audit->problems.size())
                                    .arg(result.audit->problems.isEmpty() ? QString()
                                                                          : QStringLiteral(" — ")
                                                + result.audit->problems.front()));
    } else {
        m_draftVerdict->setText(result.error.isEmpty() ? tr("—") : result.error);
    }
    Q_EMIT draftEvaluated();
}

void MainWindow::copySelection()
{
    QStringList lines;
    const QModelIndexList rows = m_treeView->selectionModel()->selectedRows();
    for (const QModelIndex &proxyIndex : rows) {
        const QModelIndex index = m_treeProxy->mapToSource(proxyIndex);
        int depth = 0;
        for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
            ++depth;
        QStringList cells;
        for (int c = 0; c < SpfTreeModel::ColumnCount; ++c)
            cells << m_treeModel->index(index.row(), c, index.parent()).data().toString();
        lines << QString(depth * 2, QLatin1Char(' ')) + cells.join(QLatin1Char('\t'));
    }
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
    statusBar()->showMessage(tr("Copied %n row(s)", nullptr, int(lines.size())), 3000);
}

void MainWindow::runConsoleQuery()
{
    QString name = m_consoleName->text().trimmed();
    const auto type = Dns::typeFromName(m_consoleType->currentText());
    if (!type) {
        m_consoleOutput->setPlainText(
            tr("'%1' is not a record type.").arg(m_consoleType->currentText()));
        return;
    }
    if (const auto ip = Net::parseIp(name); ip && *type == Dns::Type::PTR)
        name = Net::reverseName(*ip);
    if (const QString problem = Net::dnsNameProblem(name); !problem.isEmpty()) {
        m_consoleOutput->setPlainText(tr("'%1' cannot be asked: %2").arg(name, problem));
        return;
    }
    const Dns::Question question {name, *type};
    runTool(name, m_consoleOutput, tr("Asking…"), [question](Dns::Resolver &resolver) {
        const Dns::Answer answer = resolver.resolve(question);
        return plain([&](QTextStream &s) { Text::printResponse(s, question, answer); });
    });
}

void MainWindow::runTool(const QString &description, QPlainTextEdit *output, const QString &waiting,
    std::function<QString(Dns::Resolver &)> work)
{
    const std::shared_ptr<Dns::Resolver> fixed = fixedResolver();
    const Investigation::ResolverChoice choice = currentRequest().resolver;
    output->setPlainText(waiting);
    JobRunner *runner = m_toolRunner;
    runner->start(description,
        [runner, output, fixed, choice, work = std::move(work)](
            quint64 job, const JobRunner::CancelFlag &cancel) {
            QString text;
            std::shared_ptr<Dns::Resolver> resolver = fixed;
            if (!resolver) {
                auto made = Investigation::makeResolver(choice, cancel);
                if (made)
                    resolver = *made;
                else
                    text = made.error();
            }
            if (resolver)
                text = work(*resolver);
            runner->post(job, [runner, job, output, text] {
                output->setPlainText(text);
                runner->finish(job);
            });
        });
}

void MainWindow::runReverseLookup()
{
    const QString text = m_reverseEdit->text().trimmed();
    const auto ip = Net::parseIp(text);
    if (!ip) {
        m_reverseOutput->setPlainText(tr("'%1' is not an IP address (an IPv4 address has exactly "
                                         "four decimal parts, 0-255, no leading zeros).")
                                          .arg(text));
        return;
    }
    const QHostAddress address = *ip;
    runTool(text, m_reverseOutput, tr("Looking up…"), [address](Dns::Resolver &resolver) {
        const Dns::ReverseResult r = Dns::reverseLookup(resolver, address);
        return plain([&](QTextStream &s) { Text::printReverse(s, r); });
    });
}

QStringList MainWindow::saveScreenshots(const QString &dir)
{
    QDir().mkpath(dir);
    QStringList files;
    auto shoot = [&](const QString &name) {
        QApplication::processEvents();
        const QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
        if (grab().save(path))
            files << path;
    };
    const int tab = m_tabs->currentIndex();
    const int side = m_sideTabs->currentIndex();
    m_tabs->setCurrentIndex(0);
    static const char *const sideNames[]
        = {"record", "evidence", "charts", "notes", "then-vs-now", "nameservers"};
    if (m_investigationStack->currentIndex() == 0)
        shoot(QStringLiteral("welcome"));
    for (int i = 0; i < m_sideTabs->count() && i < 6 && m_investigationStack->currentIndex() == 1;
         ++i) {
        m_sideTabs->setCurrentIndex(i);
        shoot(QStringLiteral("investigation-") + QLatin1String(sideNames[i]));
    }
    m_tabs->setCurrentIndex(1);
    shoot(QStringLiteral("dns-console"));
    m_tabs->setCurrentIndex(2);
    shoot(QStringLiteral("reverse-lookup"));
    m_tabs->setCurrentIndex(3);
    if (m_paste->analysis())
        shoot(QStringLiteral("paste-bounce"));
    m_tabs->setCurrentWidget(m_bulk);
    if (m_bulk->model()->rowCount() > 0)
        shoot(QStringLiteral("bulk-audit"));
    m_tabs->setCurrentIndex(tab);
    m_sideTabs->setCurrentIndex(side);
    return files;
}
