#pragma once

#include "flattablemodel.h"

#include "investigation/bulkaudit.h"

// The rows of a bulk audit, as they arrive; the same columns as spfsleuth-cli audit's CSV.
class BulkModel : public FlatTableModel
{
    Q_OBJECT

public:
    enum Column {
        LineColumn,
        DomainColumn,
        StatusColumn,
        LookupsColumn,
        VoidsColumn,
        ErrorsColumn,
        WarningsColumn,
        RecordColumn,
        ProblemsColumn,
        ColumnCount
    };
    // Sorts numbers as numbers, statuses by how bad they are.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit BulkModel(QObject *parent = nullptr);

    void clear();
    void append(const QList<Bulk::Row> &rows);
    const QList<Bulk::Row> &rows() const { return m_rows; }
    // The whole table as spfsleuth-cli audit --format csv writes it, in list order.
    QString csv() const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    int itemCount() const override;
    QStringList titles() const override;

private:
    QList<Bulk::Row> m_rows;
};
