#pragma once

#include <QAbstractTableModel>

#include "spf/spftypes.h"

// The linter's findings for the record in the editor, one row each.
class DiagnosticsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SeverityColumn, FixColumn, MessageColumn, CodeColumn, ColumnCount };
    explicit DiagnosticsModel(QObject *parent = nullptr);

    void setRecord(const Spf::Record &record);
    const QList<Spf::Diagnostic> &diagnostics() const { return m_record.diagnostics; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Spf::Record m_record;
};
