#pragma once

#include <QAbstractTableModel>
#include <QStringList>

// What the flat tables share (the bulk audit, the linter's findings, the nameservers): one row
// per item, fixed columns with titles. A subclass says how many items it holds and its titles,
// in column order, and answers data().
class FlatTableModel : public QAbstractTableModel
{
public:
    int rowCount(const QModelIndex &parent = {}) const final
    {
        return parent.isValid() ? 0 : itemCount();
    }
    int columnCount(const QModelIndex &parent = {}) const final
    {
        return parent.isValid() ? 0 : int(titles().size());
    }
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        return titles().value(section);
    }

protected:
    using QAbstractTableModel::QAbstractTableModel;
    virtual int itemCount() const = 0;
    virtual QStringList titles() const = 0; // translated, in column order
};
