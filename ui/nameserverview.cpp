#include "nameserverview.h"

#include <QBrush>
#include <QColor>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTableView>
#include <QVBoxLayout>

#include "common/safetext.h"
#include "text/textoutput.h"

namespace {

QString recordsText(const NsCompare::ServerRow &r)
{
    if (!r.error.isEmpty())
        return {};
    if (r.spfRecords.isEmpty())
        return QObject::tr("(no SPF record)");
    return Text::safeText(r.spfRecords.join(QStringLiteral(" | ")));
}

} // namespace

NameserverView::NameserverView(QWidget *parent)
    : QWidget(parent)
    , m_model(new NameserverModel(this))
{
    setObjectName(QStringLiteral("nameserverView"));
    auto *v = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("nameserverSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    v->addWidget(m_summary);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("nameserverTable"));
    m_table->setAccessibleName(tr("What each authoritative nameserver serves"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->viewport()->installEventFilter(this); // the columns follow the pane's width
    v->addWidget(m_table, 1);
    // A long record makes many lines: a box of four that scrolls, never a label cut off.
    m_detail = new QPlainTextEdit(this);
    m_detail->setObjectName(QStringLiteral("nameserverDetail"));
    m_detail->setAccessibleName(tr("The selected server in full"));
    m_detail->setReadOnly(true);
    m_detail->setFrameShape(QFrame::NoFrame);
    m_detail->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_detail->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn); // says there is more below
    m_detail->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_detail->viewport()->setAutoFillBackground(false);
    m_detail->setFixedHeight(m_detail->fontMetrics().lineSpacing() * 4
        + 2 * int(m_detail->document()->documentMargin()) + 2);
    v->addWidget(m_detail);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) { showDetail(current.isValid() ? current.row() : -1); });
    // How the comparison is made: on the table, not in a label that takes a short pane's rows.
    const QString how = tr("Each server address is asked directly, without recursion, for the "
                           "zone's SOA serial and the domain's SPF record; the tree is then "
                           "expanded through that server. Marked rows serve something other than "
                           "most servers, or failed.");
    m_table->setToolTip(Text::richParagraph(how));
    m_table->setAccessibleDescription(how);
    setResult(std::nullopt, tr("Not compared yet: investigate a domain with live DNS."));
}

QString NameserverView::summaryOf(const NsCompare::Result &r)
{
    if (!r.error.isEmpty())
        return tr("Nameservers not compared: %1").arg(Text::safeText(r.error));
    const int total = int(r.rows.size());
    int differing = 0;
    QStringList serials;
    for (const NsCompare::ServerRow &row : r.rows) {
        differing += row.differs ? 1 : 0;
        if (!row.serial.isEmpty() && !serials.contains(row.serial))
            serials << row.serial;
    }
    if (differing == 0)
        return tr("All %n server address(es) of zone %1 serve the same SPF record (serial %2).",
            nullptr, total)
            .arg(Text::safeText(r.zone), serials.join(QStringLiteral(", ")));
    if (r.majorityRecord.isEmpty() && differing == total)
        return tr("The %n server address(es) of zone %1 disagree, with no record most of them "
                  "serve: a zone update has not reached every server, or servers fail.",
            nullptr, total)
            .arg(Text::safeText(r.zone));
    return tr("%1 of %2 server addresses of zone %3 serve a different SPF record or fail: a zone "
              "update has not reached every server, or a server is broken.")
        .arg(differing)
        .arg(total)
        .arg(Text::safeText(r.zone));
}

void NameserverView::setResult(
    const std::optional<NsCompare::Result> &result, const QString &whyNot)
{
    if (!result) {
        m_model->setRows({});
        m_summary->setText(whyNot);
        m_summary->setStyleSheet({});
        return;
    }
    m_model->setRows(result->rows);
    fitColumns();
    showDetail(result->rows.isEmpty() ? -1 : 0);
    m_summary->setText(summaryOf(*result));
    m_summary->setStyleSheet(result->consistent() || !result->error.isEmpty()
            ? QString()
            : QStringLiteral("color: #b01e1e; font-weight: bold;"));
}

bool NameserverView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return QWidget::eventFilter(watched, event);
}

void NameserverView::fitColumns()
{
    // Nothing to scroll sideways for: a narrow pane shows the server, its serial, its record and
    // its lookups; the address, time, TCP, answer size and problems are in the line below the
    // table for the selected server (and the row is marked).
    const int avail = m_table->viewport()->width();
    if (avail <= 0)
        return;
    const bool narrow = avail < 720;
    for (int c :
        {NameserverModel::AddressColumn, NameserverModel::TimeColumn, NameserverModel::TcpColumn,
            NameserverModel::TxtSizeColumn, NameserverModel::ProblemColumn})
        m_table->setColumnHidden(c, narrow);
    const QFontMetrics fm(m_table->font());
    const int name = std::clamp(fm.horizontalAdvance(QStringLiteral("ns1.provider-dns.example__")),
        90, std::max(90, avail / 4));
    const int serial = fm.horizontalAdvance(QStringLiteral("2026113001__"));
    const int lookups = fm.horizontalAdvance(QStringLiteral("Lookups__"));
    m_table->setColumnWidth(NameserverModel::NameColumn, name);
    m_table->setColumnWidth(NameserverModel::SerialColumn, serial);
    m_table->setColumnWidth(NameserverModel::LookupsColumn, lookups);
    int fixed = name + serial + lookups;
    if (!narrow) {
        m_table->setColumnWidth(
            NameserverModel::AddressColumn, fm.horizontalAdvance(QStringLiteral("2001:db8::53__")));
        m_table->setColumnWidth(
            NameserverModel::TimeColumn, fm.horizontalAdvance(QStringLiteral("1000 ms__")));
        m_table->setColumnWidth(
            NameserverModel::TcpColumn, fm.horizontalAdvance(QStringLiteral("TCP__")));
        m_table->setColumnWidth(
            NameserverModel::TxtSizeColumn, fm.horizontalAdvance(QStringLiteral("1232 B, TC__")));
        for (int c : {NameserverModel::AddressColumn, NameserverModel::TimeColumn,
                 NameserverModel::TcpColumn, NameserverModel::TxtSizeColumn})
            fixed += m_table->columnWidth(c);
    }
    // The record takes what is left (narrow), or shares it with the problems (they stretch).
    m_table->setColumnWidth(NameserverModel::RecordColumn,
        narrow ? std::max(100, avail - fixed - 2) : std::max(120, (avail - fixed) / 2));
}

void NameserverView::showDetail(int row)
{
    const QList<NsCompare::ServerRow> &rows = m_model->rows();
    if (row < 0 || row >= rows.size()) {
        m_detail->clear();
        return;
    }
    const NsCompare::ServerRow &r = rows[row];
    QStringList parts;
    parts << tr("%1 (%2)").arg(
        Text::shortSafe(r.nsName), r.address.isEmpty() ? tr("no address") : r.address);
    parts << tr("serial %1")
                 .arg(r.serial.isEmpty() ? QStringLiteral("?") : Text::shortSafe(r.serial));
    if (!r.error.isEmpty())
        parts << tr("fails: %1").arg(Text::shortSafe(r.error, 200));
    else
        parts << tr("record: %1").arg(Text::shortSafe(recordsText(r), 300));
    if (r.lookups >= 0)
        parts << tr("%n DNS lookup(s)", nullptr, r.lookups);
    if (!r.address.isEmpty())
        parts << tr("%1 ms").arg(r.elapsedMs);
    if (r.answersTcp >= 0)
        parts << (r.answersTcp ? tr("answers over TCP") : tr("does not answer over TCP"));
    if (r.txtSize >= 0)
        parts << (r.txtTruncated ? tr("TXT answer %1 octets, truncated (TC)").arg(r.txtSize)
                                 : tr("TXT answer %1 octets").arg(r.txtSize));
    if (!r.problems.isEmpty())
        parts
            << tr("problems: %1").arg(Text::shortSafe(r.problems.join(QStringLiteral("; ")), 300));
    m_detail->setPlainText(parts.join(QStringLiteral(" · ")));
}

QString NameserverView::summary() const
{
    return m_summary->text();
}

void NameserverModel::setRows(const QList<NsCompare::ServerRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int NameserverModel::itemCount() const
{
    return int(m_rows.size());
}

QVariant NameserverModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const NsCompare::ServerRow &r = m_rows.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == Qt::AccessibleTextRole) {
        switch (index.column()) {
        case NameColumn:
            return QString((r.differs && role == Qt::DisplayRole ? QStringLiteral("⚠ ") : QString())
                + Text::safeText(r.nsName));
        case AddressColumn:
            return r.address;
        case SerialColumn:
            return r.serial.isEmpty() ? QStringLiteral("?") : r.serial;
        case RecordColumn:
            return recordsText(r);
        case LookupsColumn:
            return r.lookups >= 0 ? QVariant(r.lookups) : QVariant();
        case TimeColumn:
            return r.address.isEmpty() ? QVariant() : QVariant(tr("%1 ms").arg(r.elapsedMs));
        case TcpColumn:
            return r.answersTcp < 0 ? QVariant() : QVariant(r.answersTcp ? tr("yes") : tr("no"));
        case TxtSizeColumn:
            return r.txtSize < 0 ? QVariant()
                                 : QVariant(r.txtTruncated ? tr("%1 B, TC").arg(r.txtSize)
                                                           : tr("%1 B").arg(r.txtSize));
        case ProblemColumn:
            if (!r.error.isEmpty())
                return Text::safeText(r.error);
            return role == Qt::ToolTipRole ? r.problems.join(QLatin1Char('\n'))
                                           : Text::safeText(r.problems.join(QStringLiteral("; ")));
        }
    }
    if (role == Qt::BackgroundRole && r.differs)
        return QBrush(QColor(0xf6, 0xd4, 0xd4));
    if (role == Qt::TextAlignmentRole
        && (index.column() == LookupsColumn || index.column() == TimeColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QStringList NameserverModel::titles() const
{
    QStringList t(ColumnCount);
    t[NameColumn] = tr("Nameserver");
    t[AddressColumn] = tr("Address");
    t[SerialColumn] = tr("SOA serial");
    t[RecordColumn] = tr("SPF record");
    t[LookupsColumn] = tr("Lookups");
    t[TimeColumn] = tr("Time");
    t[TcpColumn] = tr("TCP");
    t[TxtSizeColumn] = tr("TXT size");
    t[ProblemColumn] = tr("Error / problems in its tree");
    return t;
}
