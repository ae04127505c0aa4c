#include "receiversview.h"

#include <QColor>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

#include "common/safetext.h"
#include "investigation/investigation.h"
#include "investigationcontroller.h"

// ---- the model -------------------------------------------------------------------------------

void ReceiverRulesModel::setResult(const MailPolicy::ReceiverResult &result)
{
    beginResetModel();
    m_result = result;
    endResetModel();
}

int ReceiverRulesModel::itemCount() const
{
    return int(m_result.requirements.size());
}

QStringList ReceiverRulesModel::titles() const
{
    return {tr("Requirement"), tr("Status"), tr("Why"), tr("Their reply when it fails")};
}

QString ReceiverRulesModel::statusText(MailPolicy::Status status)
{
    switch (status) {
    case MailPolicy::Status::Pass:
        return tr("pass");
    case MailPolicy::Status::Fail:
        return tr("fail");
    case MailPolicy::Status::Unknown:
        return tr("cannot tell");
    case MailPolicy::Status::NotCheckable:
        break;
    }
    return tr("not checkable here");
}

QColor ReceiverRulesModel::statusColor(MailPolicy::Status status)
{
    switch (status) {
    case MailPolicy::Status::Pass:
        return QColor(0x1a, 0x7f, 0x37); // green
    case MailPolicy::Status::Fail:
        return QColor(0xb4, 0x23, 0x18); // red
    case MailPolicy::Status::Unknown:
        return QColor(0x9a, 0x67, 0x00); // amber
    case MailPolicy::Status::NotCheckable:
        break;
    }
    return QColor(0x6e, 0x77, 0x81); // grey
}

QVariant ReceiverRulesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= itemCount())
        return {};
    const MailPolicy::RequirementResult &req = m_result.requirements.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case RequirementColumn:
            return role == Qt::ToolTipRole ? tr("%1\nIn force since %2. Source: %3")
                                                 .arg(req.rule.what, req.rule.date, req.rule.source)
                                           : req.rule.title;
        case StatusColumn:
            return statusText(req.status);
        case WhyColumn:
            return Text::safeText(req.why);
        case ReplyColumn:
            return Text::safeText(req.reply);
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignTop));
    if (role == Qt::ForegroundRole && index.column() == StatusColumn)
        return statusColor(req.status);
    if (role == Qt::FontRole && index.column() == StatusColumn
        && req.status != MailPolicy::Status::NotCheckable) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::AccessibleTextRole && index.column() == StatusColumn)
        return tr("%1: %2").arg(req.rule.title, statusText(req.status));
    return {};
}

// ---- the view --------------------------------------------------------------------------------

namespace {

// Where RFC 9989 and RFC 7489 receivers read the domain's DMARC differently, both readings.
QString dmarcReadings(const MailPolicy::Report &report)
{
    if (!report.dmarc || !report.dmarc->readingsDiffer())
        return {};
    QString out = QObject::tr("\nReceivers read the DMARC record differently:");
    for (const Dmarc::Reading &r : report.dmarc->readings)
        out += QStringLiteral("\n  ") + Text::shortSafe(Dmarc::describeReading(r), 400);
    return out;
}

QString verdictText(MailPolicy::Verdict verdict)
{
    switch (verdict) {
    case MailPolicy::Verdict::Meets:
        return ReceiversView::tr("meets its rules");
    case MailPolicy::Verdict::Fails:
        return ReceiversView::tr("does not meet its rules");
    case MailPolicy::Verdict::Unknown:
        break;
    }
    return ReceiversView::tr("cannot tell from DNS");
}

MailPolicy::Status verdictStatus(MailPolicy::Verdict verdict)
{
    return verdict == MailPolicy::Verdict::Meets ? MailPolicy::Status::Pass
        : verdict == MailPolicy::Verdict::Fails  ? MailPolicy::Status::Fail
                                                 : MailPolicy::Status::Unknown;
}

} // namespace

ReceiversView::ReceiversView(InvestigationController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("receiversView"));
    auto *v = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("receiversSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    v->addWidget(m_summary);
    auto *row = new QHBoxLayout;
    auto *label = new QLabel(tr("DKI&M selectors:"), this);
    m_selectors = new QLineEdit(this);
    m_selectors->setObjectName(QStringLiteral("receiversSelectors"));
    m_selectors->setPlaceholderText(tr("the selectors the domain signs with, e.g. s2024 k1"));
    m_selectors->setAccessibleName(tr("DKIM selectors to try first"));
    label->setBuddy(m_selectors);
    m_recheck = new QPushButton(tr("Check a&gain"), this);
    m_recheck->setObjectName(QStringLiteral("receiversRecheck"));
    m_recheck->setToolTip(tr("Run the investigation again, trying these selectors first "
                             "(common provider selectors are tried too while DNS answers)."));
    row->addWidget(label);
    row->addWidget(m_selectors, 1);
    row->addWidget(m_recheck);
    v->addLayout(row);
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("receiversScroll"));
    m_scroll->setAccessibleName(tr("Each receiver's requirements"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_page = new QWidget(m_scroll);
    m_pageLayout = new QVBoxLayout(m_page);
    m_pageLayout->setContentsMargins(0, 0, 0, 0);
    m_pageLayout->addStretch(1);
    m_scroll->setWidget(m_page);
    m_scroll->viewport()->installEventFilter(this); // the rows follow the pane's width
    v->addWidget(m_scroll, 1);
    connect(m_recheck, &QPushButton::clicked, this, &ReceiversView::recheckWithSelectors);
    connect(m_selectors, &QLineEdit::returnPressed, this, &ReceiversView::recheckWithSelectors);
    connect(m_controller, &InvestigationController::finished, this, &ReceiversView::showResult);
    connect(m_controller, &InvestigationController::busyChanged, m_recheck,
        [this](bool busy) { m_recheck->setEnabled(!busy); });
    m_summary->setText(tr("Investigate a domain or an e-mail address (with the sending IP) to see "
                          "whether Gmail, Microsoft and Yahoo would take its mail."));
}

void ReceiversView::recheckWithSelectors()
{
    const auto &result = m_controller->result();
    if (!result || m_controller->isBusy())
        return;
    Investigation::Request request = result->request;
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    request.dkimSelectors = m_selectors->text().split(separators, Qt::SkipEmptyParts);
    m_controller->run(request);
}

void ReceiversView::clearTables()
{
    for (QWidget *w : std::as_const(m_blocks))
        w->deleteLater();
    m_blocks.clear();
    m_tables.clear();
    m_models.clear();
}

void ReceiversView::addTable(const MailPolicy::ReceiverResult &result)
{
    auto *heading = new QLabel(m_page);
    heading->setTextFormat(Qt::RichText);
    heading->setWordWrap(true);
    heading->setText(tr(
        "<b>%1</b>: <span style=\"color: %2;\"><b>%3</b></span> <small>(rules of %4; %5)</small>")
                         .arg(result.receiver.name.toHtmlEscaped(),
                             ReceiverRulesModel::statusColor(verdictStatus(result.verdict)).name(),
                             verdictText(result.verdict), result.receiver.date.toHtmlEscaped(),
                             result.receiver.enforcement.toHtmlEscaped()));
    heading->setToolTip(result.receiver.scope + QLatin1Char('\n') + result.receiver.source);
    auto *model = new ReceiverRulesModel(m_page);
    model->setResult(result);
    auto *table = new QTableView(m_page);
    table->setObjectName(QStringLiteral("receiversTable_") + result.receiver.id);
    table->setAccessibleName(tr("%1's requirements").arg(result.receiver.name));
    table->setModel(model);
    table->setWordWrap(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    QHeaderView *h = table->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Fixed);
    h->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const int insertAt = int(m_pageLayout->count()) - 1; // before the stretch
    m_pageLayout->insertWidget(insertAt, heading);
    m_pageLayout->insertWidget(insertAt + 1, table);
    m_blocks << heading << table;
    m_tables << table;
    m_models << model;
}

void ReceiversView::showResult(const Investigation::Result &result)
{
    clearTables();
    if (!result.receivers) {
        m_summary->setText(tr("No receivers check for this investigation: it needs a domain or "
                              "an e-mail address (and the sending IP for SPF and reverse DNS)."));
        return;
    }
    const MailPolicy::Report &report = *result.receivers;
    QStringList verdicts;
    for (const MailPolicy::ReceiverResult &r : report.receivers) {
        verdicts << tr("%1 %2").arg(r.receiver.name, verdictText(r.verdict));
        addTable(r);
    }
    QStringList found;
    for (const MailPolicy::KeyProbe &p : report.dkim.found())
        found << tr("%1 (%2 bits)").arg(p.selector).arg(p.key.bits);
    m_summary->setText(
        tr("Mail from %1%2: %3.\nDKIM selectors tried: %4. Keys found: %5.")
            .arg(Text::safeText(report.domain),
                report.ip.isEmpty() ? tr(" (no sending IP given: SPF for it and reverse DNS "
                                         "cannot be told)")
                                    : tr(" sent by %1").arg(report.ip),
                verdicts.join(QStringLiteral("; ")),
                Text::safeText(report.dkim.tried().join(QStringLiteral(", "))),
                found.isEmpty() ? tr("none among them") : found.join(QStringLiteral(", ")))
        + dmarcReadings(report));
    fitTables();
}

QString ReceiversView::summary() const
{
    return m_summary->text();
}

bool ReceiversView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_scroll->viewport()
        && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        fitTables();
    return QWidget::eventFilter(watched, event);
}

void ReceiversView::fitTables()
{
    // Every column has a set width (no stretch that waits for a layout pass): requirement and
    // status take what their words need, why and reply share the rest, and their text wraps;
    // nothing to scroll sideways for at 1024 px.
    const int width = qMax(m_scroll->viewport()->width(), 400);
    for (QTableView *table : std::as_const(m_tables)) {
        const QFontMetrics fm = table->fontMetrics();
        const int inner = width - 2 * table->frameWidth() - 4;
        const int requirement = qMin(
            fm.horizontalAdvance(QStringLiteral("DMARC published and aligned")) + 12, inner / 5);
        const int status = fm.horizontalAdvance(QStringLiteral("not checkable here")) + 16;
        const int rest = qMax(inner - requirement - status, 200);
        table->setColumnWidth(ReceiverRulesModel::RequirementColumn, requirement);
        table->setColumnWidth(ReceiverRulesModel::StatusColumn, status);
        table->setColumnWidth(ReceiverRulesModel::WhyColumn, rest / 2);
        table->setColumnWidth(ReceiverRulesModel::ReplyColumn, rest - rest / 2);
        table->resizeRowsToContents();
        int height = table->horizontalHeader()->sizeHint().height() + 2 * table->frameWidth();
        for (int row = 0; row < table->model()->rowCount(); ++row)
            height += table->rowHeight(row);
        table->setFixedHeight(height);
    }
}
