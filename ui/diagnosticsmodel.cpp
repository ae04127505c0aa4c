#include "diagnosticsmodel.h"

#include <QApplication>
#include <QStyle>

#include "common/safetext.h"

DiagnosticsModel::DiagnosticsModel(QObject *parent)
    : FlatTableModel(parent)
{ }

void DiagnosticsModel::setRecord(const Spf::Record &record)
{
    beginResetModel();
    m_record = record;
    endResetModel();
}

int DiagnosticsModel::itemCount() const
{
    return int(m_record.diagnostics.size());
}

QVariant DiagnosticsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_record.diagnostics.size())
        return {};
    const Spf::Diagnostic &d = m_record.diagnostics[index.row()];
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
        switch (index.column()) {
        case SeverityColumn:
            return Spf::severityName(d.severity);
        case CodeColumn:
            return Spf::codeName(d.code);
        case MessageColumn:
            return d.message;
        case FixColumn:
            if (!d.suggestion)
                return {};
            return d.suggestion->isEmpty()
                ? tr("remove “%1”").arg(m_record.text.mid(d.range.offset, d.range.length).trimmed())
                : tr("“%1” → “%2”")
                      .arg(m_record.text.mid(d.range.offset, d.range.length), *d.suggestion);
        }
    }
    if (role == Qt::DecorationRole && index.column() == SeverityColumn) {
        switch (d.severity) {
        case Spf::Severity::Error:
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        case Spf::Severity::Warning:
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        case Spf::Severity::Info:
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxInformation);
        }
    }
    if (role == Qt::ToolTipRole && index.column() == FixColumn && d.suggestion)
        return Text::richParagraph(data(index, Qt::DisplayRole).toString());
    if (role == Qt::ToolTipRole)
        return Text::richParagraph(QStringLiteral("%1 (%2)").arg(d.message, codeName(d.code)));
    return {};
}

QStringList DiagnosticsModel::titles() const
{
    QStringList t(ColumnCount);
    t[SeverityColumn] = tr("Severity");
    t[CodeColumn] = tr("Code");
    t[MessageColumn] = tr("Problem");
    t[FixColumn] = tr("Quick fix");
    return t;
}
