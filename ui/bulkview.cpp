#include "bulkview.h"

#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTextStream>
#include <QVBoxLayout>

#include "a11y.h"
#include "bulkmodel.h"
#include "common/safetext.h"
#include "dns/resolver.h"
#include "investigationcontroller.h"

namespace {

constexpr qint64 maxListBytes = 16 * 1024 * 1024;

} // namespace

BulkView::BulkView(InvestigationController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(new BulkModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("bulkView"));
    auto *v = new QVBoxLayout(this);
    auto *hint = new QLabel(tr("Audit many domains at once: one domain (or e-mail address) a "
                               "line, # starts a comment. DNS is asked through the resolver "
                               "chosen above; answers are shared within the batch."),
        this);
    hint->setWordWrap(true);
    v->addWidget(hint);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_list = new QPlainTextEdit(split);
    m_list->setObjectName(QStringLiteral("bulkList"));
    m_list->setAccessibleName(tr("Domains to audit"));
    m_list->setTabChangesFocus(true);
    setFocusProxy(m_list);
    m_list->setPlaceholderText(tr("example.com\npostmaster@example.net\n…"));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_list->setFont(mono);

    auto *results = new QWidget(split);
    auto *rv = new QVBoxLayout(results);
    rv->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    m_open = new QPushButton(tr("&Open list…"), results);
    m_open->setObjectName(QStringLiteral("bulkOpen"));
    auto *jobsLabel = new QLabel(tr("At &once:"), results);
    m_jobs = new QSpinBox(results);
    m_jobs->setObjectName(QStringLiteral("bulkJobs"));
    m_jobs->setRange(1, 64);
    m_jobs->setValue(8);
    m_jobs->setToolTip(tr("Domains audited at the same time"));
    jobsLabel->setBuddy(m_jobs);
    m_jobs->setAccessibleName(tr("Domains audited at once"));
    A11y::nameSpinBox(m_jobs);
    m_start = new QPushButton(tr("&Audit all"), results);
    m_start->setObjectName(QStringLiteral("bulkStart"));
    m_start->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), results);
    m_cancel->setObjectName(QStringLiteral("bulkCancel"));
    m_export = new QPushButton(tr("&Export…"), results);
    m_export->setToolTip(tr("CSV, as spfsleuth-cli audit writes it, or JSON lines"));
    m_export->setObjectName(QStringLiteral("bulkExport"));
    buttons->addWidget(m_open);
    buttons->addStretch(1);
    buttons->addWidget(jobsLabel);
    buttons->addWidget(m_jobs);
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_export);
    rv->addLayout(buttons);

    m_error = new QLabel(results);
    m_error->setObjectName(QStringLiteral("bulkError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b01e1e; font-weight: bold;"));
    m_error->hide();
    rv->addWidget(m_error);

    auto *progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(results);
    m_progress->setObjectName(QStringLiteral("bulkProgress"));
    m_progress->setAccessibleName(tr("Bulk audit progress"));
    // No count before a run: "0 of 1" would read as a run that found nothing.
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("No audit yet"));
    m_status = new QLabel(results);
    m_status->setObjectName(QStringLiteral("bulkStatus"));
    m_status->setTextFormat(Qt::PlainText);
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_status, 2);
    rv->addLayout(progressRow);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(BulkModel::SortRole);
    m_table = new QTableView(results);
    m_table->setObjectName(QStringLiteral("bulkTable"));
    m_table->setAccessibleName(tr("Audit results"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(BulkModel::LineColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Nothing to scroll sideways for: the columns follow the table's width (fitColumns), and the
    // selected row is said in full below the table.
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->viewport()->installEventFilter(this);
    m_table->setToolTip(tr("Double-click a row to investigate that domain"));
    rv->addWidget(m_table, 1);
    m_detail = new QLabel(results);
    m_detail->setObjectName(QStringLiteral("bulkDetail"));
    m_detail->setTextFormat(Qt::PlainText);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    rv->addWidget(m_detail);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &BulkView::showDetail);

    split->addWidget(m_list);
    split->addWidget(results);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    v->addWidget(split, 1);

    connect(m_open, &QPushButton::clicked, this, &BulkView::openList);
    connect(m_start, &QPushButton::clicked, this, &BulkView::start);
    connect(m_cancel, &QPushButton::clicked, this, &BulkView::cancel);
    connect(m_export, &QPushButton::clicked, this, &BulkView::saveTable);
    connect(
        m_controller, &InvestigationController::bulkBusyChanged, this, &BulkView::updateButtons);
    connect(m_list, &QPlainTextEdit::textChanged, this, &BulkView::updateButtons);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        const QModelIndex source = m_proxy->mapToSource(index);
        const Bulk::Row &row = m_model->rows().at(source.row());
        if (row.status != QLatin1String("invalid-domain"))
            Q_EMIT investigateRequested(row.domain);
    });
    updateButtons();
}

void BulkView::loadSettings()
{
    setList(QSettings().value(QStringLiteral("bulk/list")).toString());
}

void BulkView::saveSettings() const
{
    const QString text = list();
    QSettings().setValue(QStringLiteral("bulk/list"), text.size() <= 256 * 1024 ? text : QString());
}

void BulkView::setList(const QString &text)
{
    m_list->setPlainText(text);
}

QString BulkView::list() const
{
    return m_list->toPlainText();
}

QString BulkView::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return tr("Cannot read %1: %2").arg(path, file.errorString());
    if (file.size() > maxListBytes)
        return tr("%1 is larger than 16 MiB; split the list.").arg(path);
    const QByteArray bytes = file.readAll();
    if (bytes.contains('\0'))
        return tr("%1 is not a text file.").arg(path);
    m_list->setPlainText(QString::fromUtf8(bytes));
    return {};
}

QString BulkView::exportTo(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    const bool json = path.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive)
        || path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    if (json) {
        // One object a line, as spfsleuth-cli audit --format json writes them.
        for (const Bulk::Row &r : m_model->rows())
            file.write(QJsonDocument(Bulk::toJson(r)).toJson(QJsonDocument::Compact) + '\n');
    } else {
        file.write(m_model->csv().toUtf8());
    }
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

bool BulkView::isRunning() const
{
    return m_controller->isBulkBusy();
}

void BulkView::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void BulkView::start()
{
    if (m_controller->isBulkBusy())
        return;
    const QList<Bulk::Input> inputs = Bulk::parseList(m_list->toPlainText());
    if (inputs.isEmpty()) {
        showError(tr("Give at least one domain, one a line."));
        return;
    }
    if (const QString problem = m_controller->resolverProblem(); !problem.isEmpty()) {
        showError(problem);
        return;
    }
    showError({});
    m_model->clear();
    m_total = int(inputs.size());
    m_progress->setRange(0, m_total);
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m"));
    m_status->setText(tr("Auditing %n domain(s)…", nullptr, m_total));
    Bulk::Options options;
    options.jobs = m_jobs->value();
    options.chunkSize = std::max(options.jobs, 8); // rows arrive steadily
    InvestigationController::BulkCallbacks callbacks;
    callbacks.rows = [this](const QList<Bulk::Row> &rows) {
        m_model->append(rows);
        m_progress->setValue(int(m_model->rows().size()));
    };
    callbacks.done = [this](const Bulk::Summary &summary, bool cancelled) {
        if (cancelled)
            m_status->setText(tr("Cancelled after %1 of %2 domains. %3")
                                  .arg(summary.domains)
                                  .arg(m_total)
                                  .arg(summary.text()));
        else
            m_status->setText(summary.text());
        A11y::announce(m_status);
        Q_EMIT finished();
    };
    callbacks.failed = [this](const QString &error) {
        showError(error);
        m_status->clear();
    };
    m_controller->runBulk(inputs, options, std::move(callbacks));
    updateButtons();
}

void BulkView::cancel()
{
    m_controller->cancelBulk();
    m_status->setText(tr("Cancelling…"));
}

void BulkView::openList()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a list of domains"), {}, tr("Lists (*.txt *.csv *.list);;All files (*)"));
    if (path.isEmpty())
        return;
    showError(loadFile(path));
}

void BulkView::saveTable()
{
    const QString csv = tr("CSV (*.csv)");
    const QString jsonl = tr("JSON lines (*.jsonl)");
    QString filter = csv;
    QString path = QFileDialog::getSaveFileName(this, tr("Export the audit"),
        QStringLiteral("spf-audit.csv"), csv + QStringLiteral(";;") + jsonl, &filter);
    if (path.isEmpty())
        return;
    const QString suffix = filter == jsonl ? QStringLiteral(".jsonl") : QStringLiteral(".csv");
    if (!path.endsWith(suffix, Qt::CaseInsensitive))
        path += suffix;
    const QString error = exportTo(path);
    showError(error);
    if (error.isEmpty())
        m_status->setText(
            tr("Exported %n row(s) to %1", nullptr, int(m_model->rows().size())).arg(path));
}

void BulkView::updateButtons()
{
    const bool busy = m_controller->isBulkBusy();
    m_start->setEnabled(!busy && !m_list->document()->isEmpty());
    m_cancel->setEnabled(busy);
    m_open->setEnabled(!busy);
    m_list->setReadOnly(busy);
    m_jobs->setEnabled(!busy);
    m_export->setEnabled(!busy && m_model->rowCount() > 0);
}

bool BulkView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return QWidget::eventFilter(watched, event);
}

void BulkView::fitColumns()
{
    const int avail = m_table->viewport()->width();
    if (avail <= 0)
        return;
    // Narrow: the error and warning codes step aside (the problems say them in words).
    const bool narrow = avail < 900;
    m_table->setColumnHidden(BulkModel::ErrorsColumn, narrow);
    m_table->setColumnHidden(BulkModel::WarningsColumn, narrow);
    const QFontMetrics fm(m_table->font());
    const auto width
        = [&fm](const char *sample) { return fm.horizontalAdvance(QLatin1String(sample)) + 16; };
    const QList<QPair<int, int>> fixed {{BulkModel::LineColumn, width("9999")},
        {BulkModel::DomainColumn, std::clamp(width("mail.example-domain.com"), 90, avail / 5)},
        {BulkModel::StatusColumn, width("invalid domain")},
        {BulkModel::LookupsColumn, width("Lookups")}, {BulkModel::VoidsColumn, width("Voids")},
        {BulkModel::ErrorsColumn, width("unknown-mechanism")},
        {BulkModel::WarningsColumn, width("unknown-mechanism")}};
    int used = 0;
    for (const auto &[column, w] : fixed) {
        m_table->setColumnWidth(column, w);
        if (!m_table->isColumnHidden(column))
            used += w;
    }
    // The record and the problems share the rest (the problems stretch).
    m_table->setColumnWidth(BulkModel::RecordColumn, std::max(80, (avail - used) / 2));
}

void BulkView::showDetail(const QModelIndex &current)
{
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const int row = m_proxy->mapToSource(current).row();
    const auto cell = [this, row](int column) {
        return m_model->index(row, column).data(Qt::ToolTipRole).toString();
    };
    m_detail->setText(
        tr("%1 (line %2): %3. Record: %4. %5")
            .arg(cell(BulkModel::DomainColumn), cell(BulkModel::LineColumn),
                cell(BulkModel::StatusColumn), Text::shortSafe(cell(BulkModel::RecordColumn), 600),
                Text::shortSafe(cell(BulkModel::ProblemsColumn)
                                    .replace(QLatin1Char('\n'), QStringLiteral("; ")),
                    600)));
}
