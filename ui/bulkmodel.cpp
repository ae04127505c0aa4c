#include "bulkmodel.h"

#include "common/netutil.h"

#include <QBrush>
#include <QColor>

#include "text/textoutput.h"

namespace {

QString statusLabel(const QString &status)
{
    if (status == QLatin1String("ok"))
        return QObject::tr("OK");
    if (status == QLatin1String("problems"))
        return QObject::tr("Problems");
    if (status == QLatin1String("no-record"))
        return QObject::tr("No SPF record");
    if (status == QLatin1String("dns-error"))
        return QObject::tr("DNS error");
    if (status == QLatin1String("invalid-domain"))
        return QObject::tr("Invalid domain");
    return status;
}

int statusRank(const QString &status)
{
    static const QStringList order {QStringLiteral("dns-error"), QStringLiteral("problems"),
        QStringLiteral("no-record"), QStringLiteral("invalid-domain"), QStringLiteral("ok")};
    const int i = int(order.indexOf(status));
    return i < 0 ? int(order.size()) : i;
}

} // namespace

BulkModel::BulkModel(QObject *parent)
    : FlatTableModel(parent)
{ }

void BulkModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void BulkModel::append(const QList<Bulk::Row> &rows)
{
    if (rows.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size()) - 1);
    m_rows += rows;
    endInsertRows();
}

QString BulkModel::csv() const
{
    QString out = Bulk::csvHeader();
    for (const Bulk::Row &r : m_rows)
        out += Bulk::csvLine(r);
    return out;
}

int BulkModel::itemCount() const
{
    return int(m_rows.size());
}

QVariant BulkModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Bulk::Row &r = m_rows.at(index.row());
    const int column = index.column();
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (column) {
        case LineColumn:
            return r.line;
        case DomainColumn:
            return Text::safeText(Net::bothForms(r.domain));
        case StatusColumn:
            return statusLabel(r.status);
        case LookupsColumn:
            return r.status == QLatin1String("invalid-domain") ? QVariant() : QVariant(r.lookups);
        case VoidsColumn:
            return r.status == QLatin1String("invalid-domain") ? QVariant() : QVariant(r.voids);
        case ErrorsColumn:
            return r.errors.join(QStringLiteral(", "));
        case WarningsColumn:
            return r.warnings.join(QStringLiteral(", "));
        case RecordColumn:
            return Text::safeText(r.record);
        case ProblemsColumn:
            return role == Qt::ToolTipRole ? r.problems.join(QLatin1Char('\n'))
                                           : Text::safeText(r.problems.join(QStringLiteral("; ")));
        }
    }
    if (role == SortRole) {
        switch (column) {
        case LineColumn:
            return r.line;
        case StatusColumn:
            return statusRank(r.status);
        case LookupsColumn:
            return r.lookups;
        case VoidsColumn:
            return r.voids;
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    }
    if (role == Qt::TextAlignmentRole
        && (column == LineColumn || column == LookupsColumn || column == VoidsColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole) {
        if (column == LookupsColumn && r.lookups > 10)
            return QBrush(QColor(0xb0, 0x1e, 0x1e));
        if (column == VoidsColumn && r.voids > 2)
            return QBrush(QColor(0xb0, 0x1e, 0x1e));
    }
    if (role == Qt::BackgroundRole && column == StatusColumn) {
        if (r.status == QLatin1String("ok"))
            return QBrush(QColor(0xd8, 0xf0, 0xd8));
        if (r.status == QLatin1String("no-record"))
            return QBrush(QColor(0xf4, 0xec, 0xc8));
        return QBrush(QColor(0xf6, 0xd4, 0xd4));
    }
    if (role == Qt::AccessibleTextRole)
        return data(index, Qt::DisplayRole);
    return {};
}

QStringList BulkModel::titles() const
{
    QStringList t(ColumnCount);
    t[LineColumn] = tr("Line");
    t[DomainColumn] = tr("Domain");
    t[StatusColumn] = tr("Status");
    t[LookupsColumn] = tr("Lookups");
    t[VoidsColumn] = tr("Void");
    t[ErrorsColumn] = tr("Errors");
    t[WarningsColumn] = tr("Warnings");
    t[RecordColumn] = tr("Record");
    t[ProblemsColumn] = tr("Problems");
    return t;
}
