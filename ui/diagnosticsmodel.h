#pragma once

#include "flattablemodel.h"

#include "spf/spftypes.h"

// The linter's findings for the record in the editor, one row each.
class DiagnosticsModel : public FlatTableModel
{
    Q_OBJECT

public:
    enum Column { SeverityColumn, FixColumn, MessageColumn, CodeColumn, ColumnCount };
    explicit DiagnosticsModel(QObject *parent = nullptr);

    void setRecord(const Spf::Record &record);
    const QList<Spf::Diagnostic> &diagnostics() const { return m_record.diagnostics; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    int itemCount() const override;
    QStringList titles() const override;

private:
    Spf::Record m_record;
};
