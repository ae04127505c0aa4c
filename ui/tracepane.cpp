#include "tracepane.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>
#include <QTreeView>
#include <QVBoxLayout>

#include "a11y.h"
#include "advicepane.h"
#include "charts.h"
#include "common/netutil.h"
#include "diagnosticsmodel.h"
#include "investigationcontroller.h"
#include "nameserverview.h"
#include "recordeditor.h"
#include "spf/addressspace.h"
#include "spf/budget.h"
#include "spf/parser.h"
#include "spftreemodel.h"
#include "text/textoutput.h"
#include "verdict.h"

using namespace Spf;

namespace {

enum TreeSource { IpTestTrace, WholeTree };

QFont monospace()
{
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    return mono;
}

QString askedLine(const Dns::Exchange &e)
{
    return QStringLiteral(";; asked at ") + e.when.toString(Qt::ISODateWithMs)
        + (e.shared ? TracePane::tr("; answered from the investigation's cache (fetched ahead "
                                    "or by an identical question), not sent again")
                    : QString());
}

// The tree's causes of a permerror or temperror that sit on terms of `domain`'s record, as
// problems of that record: each term underlined; a '+' term without macros that never matched
// gets "remove it" as its quick fix (dropping it authorizes nothing new).
QList<Diagnostic> treeProblemsFor(
    const QList<Advice> &causes, const QString &domain, const QString &recordText)
{
    QList<Diagnostic> out;
    for (const Advice &a : causes) {
        for (const AdviceTerm &t : a.terms) {
            if (t.domain != domain || t.offset < 0 || recordText.mid(t.offset, t.length) != t.term)
                continue;
            Diagnostic d;
            // A warning on the term, not a syntax error: the impact of each fix is then measured
            // against the record as written (the verdict says the permerror).
            d.severity = std::max(a.severity, Severity::Warning);
            d.code = DiagnosticCode::TooManyLookups;
            // Each row its own short line; the one explanation with its choices is in Advice.
            d.message = t.note.isEmpty() ? a.message : t.term + QStringLiteral(": ") + t.note;
            d.range = {t.offset, t.length};
            if (!a.proposal.isEmpty() && !a.proposal.contains(t.term)) {
                // Remove the space before it too: the rest stays one space apart.
                if (t.offset > 0 && recordText.at(t.offset - 1) == QLatin1Char(' '))
                    d.range = {t.offset - 1, t.length + 1};
                d.suggestion = QString();
            }
            out << d;
        }
    }
    return out;
}

} // namespace

TracePane::TracePane(InvestigationController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_treeModel(new SpfTreeModel(this))
    , m_treeProxy(new QSortFilterProxyModel(this))
    , m_diagnosticsModel(new DiagnosticsModel(this))
{
    m_treeProxy->setSourceModel(m_treeModel);
    m_treeProxy->setRecursiveFilteringEnabled(true);
    m_treeProxy->setFilterKeyColumn(-1);
    m_treeProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);
    m_splitter->addWidget(buildTree());

    m_sideTabs = new QTabWidget(m_splitter);
    m_sideTabs->setObjectName(QStringLiteral("sideTabs"));
    m_sideTabs->setAccessibleName(tr("The selected node: record, evidence, charts and notes"));
    m_sideTabs->addTab(buildRecordPage(), tr("Record"));
    m_advice = new AdvicePane(m_sideTabs);
    m_sideTabs->setTabToolTip(m_sideTabs->addTab(m_advice, tr("Advice")),
        tr("What the record and its tree get wrong beyond syntax, with proposals to review"));
    connect(m_advice, &AdvicePane::statusMessage, this, &TracePane::statusMessage);
    connect(m_advice, &AdvicePane::draftRequested, this, &TracePane::tryDraft);
    m_details = new QPlainTextEdit(m_sideTabs);
    m_details->setObjectName(QStringLiteral("detailsView"));
    m_details->setAccessibleName(tr("DNS evidence for the selected node"));
    m_details->setReadOnly(true);
    m_details->setFont(monospace());
    m_details->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_sideTabs->addTab(m_details, tr("DNS"));
    m_sideTabs->setTabToolTip(
        m_sideTabs->indexOf(m_details), tr("The DNS evidence for the selected node"));

    // The charts keep the height their content needs (a legend line per term, a row per query)
    // and the page scrolls: at any window size every label is whole and every query shows.
    auto *chartsScroll = new QScrollArea(m_sideTabs);
    chartsScroll->setObjectName(QStringLiteral("chartsScroll"));
    chartsScroll->setAccessibleName(tr("Charts of the lookup budget and the DNS queries"));
    chartsScroll->setWidgetResizable(true);
    chartsScroll->setFrameShape(QFrame::NoFrame);
    auto *charts = new QWidget(chartsScroll);
    auto *cv = new QVBoxLayout(charts);
    m_budget = new BudgetChart(charts);
    m_timeline = new TimelineChart(charts);
    auto caption = [charts](const QString &text) {
        auto *label = new QLabel(text, charts);
        label->setWordWrap(true);
        return label;
    };
    cv->addWidget(caption(tr("<b>Lookup budget</b>: the DNS lookups each top-level term costs, "
                             "an include with everything below it, against the limit of 10 "
                             "(dashed red line).")));
    cv->addWidget(m_budget);
    cv->addWidget(caption(tr("<b>Query timeline</b>: every DNS query from its start to its "
                             "answer. Hatched with ✕: failed. Dotted: answered from the cache. "
                             "Hover a bar for its figures; click it to find it in the tree.")));
    cv->addWidget(m_timeline);
    cv->addStretch(1);
    chartsScroll->setWidget(charts);
    m_sideTabs->addTab(chartsScroll, tr("Charts"));

    m_notes = new QPlainTextEdit(m_sideTabs);
    m_notes->setObjectName(QStringLiteral("notesEdit"));
    m_notes->setAccessibleName(tr("Your notes on this investigation"));
    m_notes->setTabChangesFocus(true);
    m_notes->setPlaceholderText(
        tr("Your notes: ticket number, what the customer said, what you told the sender. Saved in "
           "the case file and printed in the report."));
    m_sideTabs->addTab(m_notes, tr("Notes"));

    m_recheckView = new QPlainTextEdit(m_sideTabs);
    m_recheckView->setObjectName(QStringLiteral("recheckView"));
    m_recheckView->setReadOnly(true);
    m_recheckView->setAccessibleName(
        tr("Then vs now: what changed in DNS since the case was saved"));
    m_recheckView->setFont(monospace());
    m_recheckView->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_recheckView->setPlaceholderText(
        tr("Paste a bounce and choose “Investigate what was found”, "
           "or open a case file and choose File → Recheck live (Ctrl+R) "
           "to see what changed in DNS since."));
    m_sideTabs->setTabToolTip(m_sideTabs->addTab(m_recheckView, tr("Then/now")),
        tr("Then vs now: what changed in DNS since the case was saved"));

    m_nameservers = new NameserverView(m_sideTabs);
    m_sideTabs->setTabToolTip(m_sideTabs->addTab(m_nameservers, tr("Servers")),
        tr("Nameservers: does every authoritative server serve the same record?"));
    // Every tab in sight and whole: the pane is at least as wide as its tab bar. For more room
    // the tree takes the whole width: the pane is dragged shut (or hidden with Ctrl+Shift+T).
    m_sideTabs->tabBar()->setElideMode(Qt::ElideNone);
    m_sideTabs->setUsesScrollButtons(false);

    m_splitter->addWidget(m_sideTabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setCollapsible(0, false);
    m_splitter->setCollapsible(1, true);
    m_splitter->setHandleWidth(std::max(m_splitter->handleWidth(), 6));
    connect(m_splitter, &QSplitter::splitterMoved, this,
        [this] { Q_EMIT sidePaneToggled(isSidePaneShown()); });

    connect(m_notes, &QPlainTextEdit::textChanged, this, &TracePane::notesChanged);
    using C = InvestigationController;
    connect(controller, &C::started, this,
        [this](const Investigation::Request &r) { clear(!r.ip.isEmpty()); });
    connect(controller, &C::progress, this, &TracePane::showProgress);
    connect(controller, &C::finished, this, [this](const Investigation::Result &r) {
        showResult(r);
        showNameservers(
            r, m_controller->session().nameserverSkipReason(m_controller->comparesNameservers()));
    });
    connect(controller, &C::draftStarted, this, &TracePane::setDraftEvaluating);
    connect(controller, &C::draftFinished, this, &TracePane::showDraft);
    connect(controller, &C::recheckStarted, this,
        [this] { showRecheck(tr("Rechecking against DNS now…")); });
    connect(controller, &C::recheckFinished, this, &TracePane::showRecheck);
    connect(controller, &C::nameserversStarted, this, &TracePane::showNameserversPending);
    connect(controller, &C::nameserversCompared, this,
        [this] { showNameservers(*m_controller->result(), {}); });
    connect(m_budget, &BudgetChart::nodeClicked, this, &TracePane::selectNode);
    connect(m_timeline, &TimelineChart::nodeClicked, this, &TracePane::selectNode);
}

QWidget *TracePane::buildTree()
{
    auto *left = new QWidget(m_splitter);
    auto *lv = new QVBoxLayout(left);
    lv->setContentsMargins(0, 0, 0, 0);
    auto *tools = new QHBoxLayout;
    m_treeSource = new QComboBox(left);
    m_treeSource->setObjectName(QStringLiteral("treeSource"));
    m_treeSource->setAccessibleName(tr("Which tree to show"));
    m_treeSource->addItem(tr("Path for this IP"), int(IpTestTrace));
    m_treeSource->setItemData(
        0, tr("The path check_host() took for the sending IP"), Qt::ToolTipRole);
    m_treeSource->addItem(tr("Whole tree"), int(WholeTree));
    m_treeSource->setItemData(
        1, tr("Every include and redirect of the domain, whatever the IP"), Qt::ToolTipRole);
    m_treeSource->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_filterEdit = new QLineEdit(left);
    m_filterEdit->setObjectName(QStringLiteral("filterEdit"));
    m_filterEdit->setAccessibleName(tr("Filter the tree"));
    m_filterEdit->setPlaceholderText(tr("Filter (Ctrl+F)"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMinimumWidth(
        m_filterEdit->fontMetrics().horizontalAdvance(QStringLiteral("Filter (Ctrl+F)__")));
    A11y::nameClearButton(m_filterEdit, tr("Clear the filter"));
    // Short labels: at 1024 px the tree and all seven side tabs share the width.
    auto *expand = new QPushButton(tr("Expand"), left);
    expand->setToolTip(tr("Expand all (Ctrl+E)"));
    expand->setAccessibleName(tr("Expand all"));
    expand->setObjectName(QStringLiteral("expandButton"));
    auto *collapse = new QPushButton(tr("Collapse"), left);
    collapse->setToolTip(tr("Collapse all (Ctrl+Shift+E)"));
    collapse->setAccessibleName(tr("Collapse all"));
    collapse->setObjectName(QStringLiteral("collapseButton"));
    tools->addWidget(A11y::labelFor(m_treeSource, tr("S&how:")));
    tools->addWidget(m_treeSource);
    tools->addWidget(m_filterEdit, 2);
    tools->addWidget(expand);
    tools->addWidget(collapse);
    lv->addLayout(tools);
    m_treeView = new QTreeView(left);
    m_treeView->setObjectName(QStringLiteral("treeView"));
    m_treeView->setAccessibleName(tr("SPF include and redirect tree"));
    m_treeView->setModel(m_treeProxy);
    m_treeView->setUniformRowHeights(true);
    m_treeView->setAlternatingRowColors(true);
    // A name too long for its column loses its middle: "include:_spf…payroll.example" keeps the
    // mechanism and the domain that tell the rows apart (the tooltip has it whole).
    m_treeView->setTextElideMode(Qt::ElideMiddle);
    m_treeView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_treeView->header()->setStretchLastSection(true);
    m_treeView->header()->setSectionResizeMode(SpfTreeModel::NameColumn, QHeaderView::Interactive);
    m_treeView->setColumnWidth(SpfTreeModel::NameColumn, 330);
    m_treeView->setColumnWidth(SpfTreeModel::ResultColumn, 120);
    m_treeView->setColumnWidth(SpfTreeModel::LookupsColumn, 150);
    m_treeView->setColumnWidth(SpfTreeModel::VoidColumn, 95);
    m_treeView->setColumnWidth(SpfTreeModel::TimeColumn, 70);
    m_treeView->viewport()->installEventFilter(this); // columns follow the view's width
    // Which columns show: the header's context menu; the user's choice wins over the fitting.
    m_treeView->header()->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (int c = SpfTreeModel::ResultColumn; c < SpfTreeModel::ColumnCount; ++c) {
        auto *toggle = new QAction(
            m_treeModel->headerData(c, Qt::Horizontal).toString(), m_treeView->header());
        toggle->setCheckable(true);
        toggle->setChecked(true);
        connect(toggle, &QAction::toggled, this, [this, c](bool on) {
            m_userColumns = true;
            m_treeView->setColumnHidden(c, !on);
            fitTreeColumns();
        });
        m_treeView->header()->addAction(toggle);
    }
    lv->addWidget(m_treeView, 1);
    auto *copyAction = new QAction(tr("Copy"), m_treeView);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    connect(copyAction, &QAction::triggered, this, &TracePane::copySelection);
    m_treeView->addAction(copyAction);
    // Copy lives in the tree's context menu and on Ctrl+C (the row above has no room for it at
    // 1024 px), beside expand and collapse.
    m_treeView->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *expandAction = new QAction(tr("Expand all"), m_treeView);
    connect(expandAction, &QAction::triggered, m_treeView, &QTreeView::expandAll);
    auto *collapseAction = new QAction(tr("Collapse all"), m_treeView);
    connect(collapseAction, &QAction::triggered, m_treeView, &QTreeView::collapseAll);
    m_treeView->addActions({expandAction, collapseAction});

    connect(m_treeSource, &QComboBox::currentIndexChanged, this, &TracePane::showTrace);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_treeProxy->setFilterFixedString(text);
        if (!text.isEmpty())
            m_treeView->expandAll();
    });
    // Tab reads the pane in order: Show, Filter, Expand, Collapse, then the tree. Entering the
    // pane by Tab lands on its proxy, so the proxy is the first of them (the tree as proxy would
    // jump over the row above it).
    setFocusProxy(m_treeSource);
    QWidget::setTabOrder(m_treeSource, m_filterEdit);
    QWidget::setTabOrder(m_filterEdit, expand);
    QWidget::setTabOrder(expand, collapse);
    QWidget::setTabOrder(collapse, m_treeView);
    connect(expand, &QPushButton::clicked, m_treeView, &QTreeView::expandAll);
    connect(collapse, &QPushButton::clicked, m_treeView, &QTreeView::collapseAll);
    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) {
            onNodeSelected(current.isValid()
                    ? m_treeProxy->mapToSource(current).data(SpfTreeModel::NodeRole).toInt()
                    : -1);
        });
    return left;
}

QWidget *TracePane::buildRecordPage()
{
    auto *page = new QWidget(m_sideTabs);
    auto *ev = new QVBoxLayout(page);
    m_editorTitle = new QLabel(page);
    m_editorTitle->setTextFormat(Qt::PlainText);
    m_editor = new RecordEditor(page);
    m_editor->setMaximumHeight(120);
    m_diagnosticsView = new QTableView(page);
    m_diagnosticsView->setObjectName(QStringLiteral("diagnosticsView"));
    m_diagnosticsView->setAccessibleName(tr("Problems found in the record"));
    m_diagnosticsView->setModel(m_diagnosticsModel);
    m_diagnosticsView->setTabKeyNavigation(false); // one Tab stop; arrows move between rows
    m_diagnosticsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_diagnosticsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_diagnosticsView->horizontalHeader()->setStretchLastSection(true);
    m_diagnosticsView->verticalHeader()->setVisible(false);
    m_diagnosticsView->setWordWrap(true);
    // The problem takes the width that is left and wraps: nothing to scroll sideways for. The
    // code (for searching the RFC) is in each row's tooltip and in the JSON.
    m_diagnosticsView->setColumnHidden(DiagnosticsModel::CodeColumn, true);
    m_diagnosticsView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_diagnosticsView->horizontalHeader()->setSectionResizeMode(
        DiagnosticsModel::SeverityColumn, QHeaderView::ResizeToContents);
    m_diagnosticsView->setColumnWidth(DiagnosticsModel::FixColumn, 170);
    // A long fix keeps both ends ("remove “a:rel…example”"); its tooltip has it whole.
    m_diagnosticsView->setTextElideMode(Qt::ElideMiddle);
    m_diagnosticsView->horizontalHeader()->setSectionResizeMode(
        DiagnosticsModel::MessageColumn, QHeaderView::Stretch);
    m_diagnosticsView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Rows are measured again when the problem column's width changes (a vertical scroll bar
    // appearing narrows it), so a wrapped message is never cut at the row's bottom.
    connect(m_diagnosticsView->horizontalHeader(), &QHeaderView::sectionResized, this,
        [this](int column) {
            if (column != DiagnosticsModel::MessageColumn)
                return;
            QMetaObject::invokeMethod(
                this,
                [this] {
                    m_diagnosticsView->verticalHeader()->resizeSections(
                        QHeaderView::ResizeToContents);
                },
                Qt::QueuedConnection);
        });
    auto *buttons = new QHBoxLayout;
    m_fixButton = new QPushButton(tr("Apply quick fix"), page);
    m_fixButton->setObjectName(QStringLiteral("fixButton"));
    m_fixButton->setToolTip(
        tr("Applies the fix of the selected problem, or of the one under the cursor (Ctrl+.)"));
    m_draftButton = new QPushButton(tr("Evaluate draft"), page);
    m_draftButton->setObjectName(QStringLiteral("draftButton"));
    m_draftButton->setToolTip(tr("Re-runs the investigation with the edited record standing in for "
                                 "the published one (Ctrl+Return)"));
    m_revertButton = new QPushButton(tr("Revert to published"), page);
    m_revertButton->setObjectName(QStringLiteral("revertButton"));
    buttons->addWidget(m_fixButton);
    buttons->addWidget(m_draftButton);
    buttons->addWidget(m_revertButton);
    buttons->addStretch();
    auto *compare = new QFormLayout;
    m_publishedVerdict = new QLabel(tr("—"), page);
    m_publishedVerdict->setObjectName(QStringLiteral("publishedVerdict"));
    m_publishedVerdict->setTextFormat(Qt::PlainText);
    m_publishedVerdict->setWordWrap(true);
    m_draftVerdict = new QLabel(tr("—"), page);
    m_draftVerdict->setObjectName(QStringLiteral("draftVerdict"));
    m_draftVerdict->setTextFormat(Qt::PlainText);
    m_draftVerdict->setWordWrap(true);
    compare->addRow(tr("Published:"), m_publishedVerdict);
    compare->addRow(tr("Draft:"), m_draftVerdict);
    ev->addWidget(m_editorTitle);
    ev->addWidget(m_editor);
    ev->addLayout(buttons);
    ev->addWidget(m_diagnosticsView, 1);
    // The selected problem in full, wrapped: the table's message column is narrow.
    m_problemDetail = new QLabel(page);
    m_problemDetail->setObjectName(QStringLiteral("problemDetail"));
    m_problemDetail->setTextFormat(Qt::PlainText);
    m_problemDetail->setWordWrap(true);
    m_problemDetail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problemDetail->setAccessibleName(tr("The selected problem"));
    ev->addWidget(m_problemDetail);
    ev->addLayout(compare);
    // Tab follows the page from top to bottom: the editor, its buttons, then the problems.
    QWidget::setTabOrder(m_editor, m_fixButton);
    QWidget::setTabOrder(m_fixButton, m_draftButton);
    QWidget::setTabOrder(m_draftButton, m_revertButton);
    QWidget::setTabOrder(m_revertButton, m_diagnosticsView);

    connect(m_editor, &RecordEditor::recordChanged, this, [this](const Record &record) {
        m_diagnosticsModel->setRecord(record);
        // Nothing left that a quick fix could do: the button says so by being off.
        m_fixButton->setEnabled(std::any_of(record.diagnostics.cbegin(), record.diagnostics.cend(),
            [](const Diagnostic &d) { return d.suggestion.has_value(); }));
        showProblem(m_diagnosticsView->currentIndex().isValid()
                ? m_diagnosticsView->currentIndex().row()
                : 0);
        m_draftButton->setEnabled(
            m_controller->result().has_value() && !m_editor->domain().isEmpty());
        m_revertButton->setEnabled(m_editor->isDraft());
        m_controller->setDraft(m_editor->domain(), record.text, m_editor->isDraft());
    });
    connect(m_fixButton, &QPushButton::clicked, this, [this] {
        const QModelIndex sel = m_diagnosticsView->currentIndex();
        if (!(sel.isValid() && m_editor->applyFix(sel.row())))
            m_editor->applyFixAtCursor();
    });
    connect(m_diagnosticsView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) { showProblem(current.isValid() ? current.row() : 0); });
    connect(m_diagnosticsView, &QTableView::doubleClicked, this,
        [this](const QModelIndex &index) { m_editor->applyFix(index.row()); });
    connect(m_draftButton, &QPushButton::clicked, this, &TracePane::evaluateDraft);
    connect(m_revertButton, &QPushButton::clicked, this, [this] {
        m_editor->setRecord(m_editor->domain(), m_editor->publishedText());
        m_editor->setFocus(); // the button is now disabled: go on where the text is
    });
    m_draftButton->setEnabled(false);
    m_revertButton->setEnabled(false);
    return page;
}

void TracePane::clear(bool ipTest)
{
    m_treeModel->clear();
    m_editor->setRecord({}, {});
    m_details->clear();
    m_budget->setTrace({});
    m_timeline->setTrace({});
    m_publishedVerdict->setText(tr("—"));
    m_draftVerdict->setText(tr("—"));
    m_treeSource->setCurrentIndex(ipTest ? IpTestTrace : WholeTree);
    m_advice->clear();
    m_sideTabs->setTabText(m_sideTabs->indexOf(m_advice), tr("Advice"));
}

void TracePane::showProgress(const Investigation::Progress &p)
{
    // The tree grows as answers arrive (the audit runs first; the IP test's trace follows at the
    // end).
    if (!p.tree)
        return;
    const bool first = m_treeModel->trace().nodes.isEmpty();
    m_treeModel->setTrace(*p.tree);
    if (first || m_treeModel->trace().nodes.size() < 300)
        m_treeView->expandAll();
}

void TracePane::showResult(const Investigation::Result &result)
{
    // The cause of a permerror or temperror first: of the IP test's walk when there is one.
    const Trace *walk = result.evaluation ? &result.evaluation->trace
        : result.audit                    ? &result.audit->trace
                                          : nullptr;
    m_advice->showResult(result, walk ? errorCauses(*walk) : QList<Advice> {});
    m_sideTabs->setTabText(m_sideTabs->indexOf(m_advice),
        m_advice->problemCount() > 0 ? tr("Advice ⚠") : tr("Advice"));
    if (!result.evaluation)
        m_treeSource->setCurrentIndex(WholeTree);
    showTrace();
    if (result.error.isEmpty() && (result.evaluation || result.audit))
        m_publishedVerdict->setText(Verdict::published(result));
}

void TracePane::showTrace()
{
    const auto &result = m_controller->result();
    if (!result)
        return;
    const bool ipTest = m_treeSource->currentData().toInt() == IpTestTrace && result->evaluation;
    const Trace *trace = ipTest ? &result->evaluation->trace
        : result->audit         ? &result->audit->trace
                                : nullptr;
    if (!trace) {
        m_treeModel->clear();
        return;
    }
    m_treeModel->setTrace(*trace);
    m_causes = errorCauses(*trace);
    m_editor->setTreeProblems({}); // the next selection finds the problems of its record
    m_editor->setRecord({}, {});
    m_budget->setTrace(*trace);
    m_timeline->setTrace(*trace);
    // Expand the deciding path, and everything when the tree is small.
    if (trace->nodes.size() <= 300)
        m_treeView->expandAll();
    else
        m_treeView->expandToDepth(1);
    int focus = 0;
    if (ipTest && result->evaluation->decidingNode >= 0)
        focus = result->evaluation->decidingNode;
    else if (!ipTest && result->audit && result->audit->crossingNode >= 0)
        focus = result->audit->crossingNode;
    for (int n = focus; n >= 0; n = trace->nodes[n].parent)
        m_treeView->expand(m_treeProxy->mapFromSource(m_treeModel->indexForNode(n)));
    measureTreeColumns();
    fitTreeColumns();
    selectNode(focus);
}

bool TracePane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_treeView->viewport() && event->type() == QEvent::Resize)
        fitTreeColumns();
    return QWidget::eventFilter(watched, event);
}

void TracePane::measureTreeColumns()
{
    // Once per tree (not per resize): each column's widest text, from the model (the first 2,000
    // nodes; bold is the widest style used), so a stretched or hidden section's old width never
    // feeds back; and whether the void column has anything to say.
    QFont bold = m_treeView->font();
    bold.setBold(true);
    const QFontMetrics fm(bold);
    m_columnWidths.fill(0, SpfTreeModel::ColumnCount);
    m_anyVoidText = false;
    const int nodes = int(std::min<qsizetype>(m_treeModel->trace().nodes.size(), 2000));
    for (int c = 0; c < SpfTreeModel::ColumnCount; ++c) {
        int width
            = fm.horizontalAdvance(m_treeModel->headerData(c, Qt::Horizontal).toString()) + 24;
        for (int n = 0; n < nodes; ++n) {
            const QString text = m_treeModel->indexForNode(n, c).data().toString();
            width = std::max(width, fm.horizontalAdvance(text) + 16);
            m_anyVoidText = m_anyVoidText || (c == SpfTreeModel::VoidColumn && !text.isEmpty());
        }
        m_columnWidths[c] = width;
    }
}

void TracePane::fitTreeColumns()
{
    // Every column readable without scrolling sideways: the short columns take their content's
    // width, the names what is left; on a narrow view the time and the "why" step aside (the
    // evidence pane and each row's tooltip carry them), unless the user chose the columns in the
    // header's menu.
    const int avail = m_treeView->viewport()->width();
    if (avail <= 0)
        return;
    const bool narrow = avail < 760;
    if (!m_userColumns) {
        m_treeView->setColumnHidden(SpfTreeModel::TimeColumn, avail < 1000);
        m_treeView->setColumnHidden(SpfTreeModel::DetailColumn, narrow);
        // A void column with nothing in it steps aside; so does one with only uncounted empty
        // answers on a narrow view.
        m_treeView->setColumnHidden(SpfTreeModel::VoidColumn,
            !m_anyVoidText || (narrow && m_treeModel->budget().voidLookups == 0));
        const QList<QAction *> toggles = m_treeView->header()->actions();
        for (QAction *a : toggles) {
            const QSignalBlocker block(a);
            const int c = int(toggles.indexOf(a)) + SpfTreeModel::ResultColumn;
            a->setChecked(!m_treeView->isColumnHidden(c));
        }
    }
    int others = 0;
    const struct
    {
        int column, min, max;
    } fitted[] = {{SpfTreeModel::ResultColumn, 70, narrow ? 150 : 200},
        {SpfTreeModel::LookupsColumn, 90, narrow ? 130 : 200}, {SpfTreeModel::VoidColumn, 90, 150},
        {SpfTreeModel::TimeColumn, 60, 90}};
    for (const auto &f : fitted) {
        if (m_treeView->isColumnHidden(f.column))
            continue;
        const int w = std::clamp(int(m_columnWidths.value(f.column)), f.min, f.max);
        m_treeView->setColumnWidth(f.column, w);
        others += w;
    }
    // The names as wide as they need (indentation included), up to half the view; the "why"
    // takes the rest (the last section stretches).
    const int depthIndent = m_treeView->indentation() * 6;
    const int names = std::clamp(int(m_columnWidths.value(SpfTreeModel::NameColumn)) + depthIndent,
        200, std::max(200, avail / 2));
    // No room left for a readable "why": it steps aside too (unless the user asked for it).
    if (!m_userColumns && avail - names - others < 180) {
        m_treeView->setColumnHidden(SpfTreeModel::DetailColumn, true);
        QAction *toggle = m_treeView->header()->actions().at(SpfTreeModel::DetailColumn - 1);
        const QSignalBlocker block(toggle);
        toggle->setChecked(false);
    }
    const bool why = !m_treeView->isColumnHidden(SpfTreeModel::DetailColumn);
    // Without the "why", the names take what the short columns leave (never less than 150 px), so
    // the tree does not scroll sideways at 1024 px.
    m_treeView->setColumnWidth(
        SpfTreeModel::NameColumn, why ? names : std::max(150, std::min(names, avail - others)));
}

void TracePane::selectNode(int node)
{
    const QModelIndex index = m_treeProxy->mapFromSource(m_treeModel->indexForNode(node));
    if (!index.isValid())
        return;
    m_treeView->setCurrentIndex(index);
    m_treeView->scrollTo(index);
}

void TracePane::onNodeSelected(int node)
{
    const Trace &t = m_treeModel->trace();
    if (node < 0 || node >= t.nodes.size())
        return;
    int check = node;
    while (check >= 0 && t.nodes[check].kind != NodeKind::Check)
        check = t.nodes[check].parent;
    if (check >= 0 && t.nodes[check].domain != m_editor->domain()) {
        const TraceNode &c = t.nodes[check];
        // Read before setRecord(): loading the published text drops the domain's draft.
        const auto &drafts = m_controller->session().drafts();
        const auto draft = drafts.constFind(c.domain);
        const std::optional<QString> kept
            = draft != drafts.cend() ? std::optional<QString>(*draft) : std::nullopt;
        m_editor->setTreeProblems(treeProblemsFor(m_causes, c.domain, c.recordText));
        m_editor->setRecord(c.domain, c.recordText);
        if (kept)
            m_editor->setPlainText(*kept); // keep the user's unsaved edit
        m_editorTitle->setText(c.recordText.isEmpty()
                ? tr("%1 has no SPF record").arg(Text::safeText(Net::bothForms(c.domain)))
                : tr("SPF record of %1").arg(Text::safeText(Net::bothForms(c.domain))));
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

void TracePane::showDetails(int node)
{
    const Trace &t = m_treeModel->trace();
    const LookupBudget budget = lookupBudget(t);
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
          << (n.recordText.isEmpty() ? tr("(none)") : Text::safeText(n.recordText)) << Qt::endl;
        if (n.hasResult)
            s << tr("Result: ") << resultName(n.result) << QStringLiteral(" — ")
              << Text::safeText(n.message) << Qt::endl;
        if (budget.cost(node).below || budget.cost(node).voidsBelow)
            s << tr("Lookups below: %1, void lookups below: %2")
                     .arg(budget.cost(node).below)
                     .arg(budget.cost(node).voidsBelow)
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
        if (const LookupBudget::Cost c = budget.cost(node); c.position > 0 || c.below > 0) {
            if (c.position > 0)
                s << tr("This term is DNS lookup %1 of the %2 allowed.")
                         .arg(c.position)
                         .arg(budget.maxLookups);
            if (c.below > 0)
                s << (c.position > 0 ? QStringLiteral(" ") : QString())
                  << tr("The records below it spend %n more lookup(s).", "", c.below);
            s << Qt::endl;
        }
        if (const LookupBudget::Cost c = budget.cost(node); c.voidPosition > 0)
            s << tr("It is void lookup %1 of the %2 allowed.")
                     .arg(c.voidPosition)
                     .arg(budget.maxVoidLookups)
              << Qt::endl;
        if (n.crossesLimit)
            s << tr("This term takes the count over the limit of %1: receivers return permerror "
                    "here.")
                     .arg(budget.maxLookups)
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

void TracePane::showProblem(int row)
{
    const QList<Diagnostic> &all = m_diagnosticsModel->diagnostics();
    if (row < 0 || row >= all.size()) {
        m_problemDetail->setText(all.isEmpty() && !m_editor->domain().isEmpty()
                ? tr("No problems in this record.")
                : QString());
        return;
    }
    const Diagnostic &d = all[row];
    QString fix = !d.suggestion ? tr("No quick fix: the message says what the choices are.")
        : d.suggestion->isEmpty()
        ? tr("Quick fix (Ctrl+.): remove it.")
        : tr("Quick fix (Ctrl+.): write “%1”.").arg(Text::shortSafe(*d.suggestion));
    if (d.suggestion) {
        // What the fix changes, counted by the product: the user sees it before applying it.
        const Record &record = m_editor->record();
        fix += QLatin1Char(' ')
            + fixImpact(record, parseRecord(withSuggestion(record, d))).describe();
    }
    // A row of a tree cause says its term's part; the cause's one explanation, with the
    // choices, is said here for the selected row (and in Advice), not repeated in every row.
    QString message = Text::safeText(d.message);
    for (const Advice &a : std::as_const(m_causes)) {
        for (const AdviceTerm &t : a.terms) {
            if (!t.note.isEmpty() && t.domain == m_editor->domain() && d.range.offset <= t.offset
                && t.offset < d.range.end())
                message += QLatin1Char(' ') + Text::safeText(a.message);
        }
    }
    m_problemDetail->setText(QStringLiteral("%1 %2/%3: %4 %5")
                                 .arg(d.severity == Severity::Error        ? tr("Error")
                                         : d.severity == Severity::Warning ? tr("Warning")
                                                                           : tr("Note"))
                                 .arg(row + 1)
                                 .arg(all.size())
                                 .arg(message, fix));
}

void TracePane::showNameservers(const Investigation::Result &result, const QString &whyNot)
{
    const int tab = m_sideTabs->indexOf(m_nameservers);
    const bool differ = result.nameservers && !result.nameservers->consistent()
        && result.nameservers->error.isEmpty();
    m_sideTabs->setTabText(tab, differ ? tr("Servers ⚠") : tr("Servers"));
    if (result.nameservers)
        m_nameservers->setResult(result.nameservers);
    else
        m_nameservers->setResult(std::nullopt, whyNot);
}

void TracePane::showNameserversPending(const QString &domain)
{
    m_nameservers->setResult(std::nullopt,
        tr("Asking every authoritative nameserver of %1 directly…").arg(Text::shortSafe(domain)));
}

void TracePane::showPasteComparison(const QString &text)
{
    if (text.isEmpty())
        return;
    showRecheck(tr("Then: the pasted bounce. Now: DNS, asked again.\n\n%1").arg(text));
}

void TracePane::showRecheck(const QString &text)
{
    m_recheckView->setPlainText(text);
    m_sideTabs->setCurrentWidget(m_recheckView);
}

void TracePane::setDraftEvaluating()
{
    m_draftVerdict->setText(tr("evaluating…"));
}

void TracePane::showDraft(const Investigation::Result &result)
{
    m_draftVerdict->setText(Verdict::draft(result));
    A11y::announce(m_draftVerdict, tr("Draft: "));
}

QString TracePane::notes() const
{
    return m_notes->toPlainText();
}

void TracePane::setNotes(const QString &notes)
{
    const QSignalBlocker quiet(m_notes);
    m_notes->setPlainText(notes);
}

void TracePane::expandAll()
{
    m_treeView->expandAll();
}

void TracePane::collapseAll()
{
    m_treeView->collapseAll();
}

void TracePane::focusFilter()
{
    m_filterEdit->setFocus();
}

void TracePane::applyFixAtCursor()
{
    m_editor->applyFixAtCursor();
}

void TracePane::evaluateDraft()
{
    m_controller->evaluateDraft(m_editor->domain(), m_editor->toPlainText());
}

void TracePane::tryDraft(const QString &domain, const QString &record)
{
    const Trace &t = m_treeModel->trace();
    for (int i = 0; i < t.nodes.size() && m_editor->domain() != domain; ++i) {
        if (t.nodes[i].kind == NodeKind::Check && t.nodes[i].domain == domain)
            onNodeSelected(i); // its record in the editor
    }
    if (m_editor->domain() != domain) {
        Q_EMIT statusMessage(
            tr("The record of %1 is not in the tree shown").arg(Text::shortSafe(domain)), 5000);
        return;
    }
    m_editor->setPlainText(record);
    m_sideTabs->setCurrentIndex(0); // the Record tab: the draft beside the published verdict
    m_editor->setFocus();
    evaluateDraft();
}

void TracePane::copySelection()
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
    Q_EMIT statusMessage(tr("Copied %n row(s)", nullptr, int(lines.size())), 3000);
}

bool TracePane::isSidePaneShown() const
{
    return m_splitter->sizes().value(1) > 0;
}

void TracePane::setSidePaneShown(bool shown)
{
    const int total = std::max(1, m_splitter->width());
    if (!shown) {
        if (isSidePaneShown())
            m_sideWidth = m_splitter->sizes().value(1);
        m_splitter->setSizes({total, 0});
    } else if (!isSidePaneShown()) {
        const int side = m_sideWidth > 0 ? m_sideWidth : total * 2 / 5;
        m_splitter->setSizes({std::max(1, total - side), side});
    }
    fitTreeColumns();
    Q_EMIT sidePaneToggled(isSidePaneShown());
}

QByteArray TracePane::saveSplitter() const
{
    return m_splitter->saveState();
}

void TracePane::restoreSplitter(const QByteArray &state)
{
    m_splitter->restoreState(state);
    // A saved state carries its own collapsing rule: the tree never collapses, the side pane may.
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setCollapsible(0, false);
    m_splitter->setCollapsible(1, true);
}
