#pragma once

#include <QAbstractItemModel>
#include <QFont>

#include "spf/budget.h"
#include "spf/trace.h"

// The SPF tree: a Spf::Trace (an audit's whole tree or an IP test's check_host() trace) as a
// QAbstractItemModel. Node i of the trace is the item whose internalId() is i.
class SpfTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        ResultColumn,
        LookupsColumn,
        VoidColumn,
        TimeColumn,
        DetailColumn,
        ColumnCount
    };
    enum Role {
        NodeRole = Qt::UserRole + 1, // int: trace node index
        KindRole, // int: Spf::NodeKind
        DecidingRole, // bool: on the path that decided the IP test
        CrossesLimitRole, // bool: the term that goes over 10 lookups
        StatusRole, // int: Status
    };
    enum class Status { Neutral, Good, Warning, Error };

    explicit SpfTreeModel(QObject *parent = nullptr);

    // Replaces the trace. When `trace` extends the current one (the same run, more nodes), rows
    // are inserted and changed in place, so views keep their expansion and selection.
    void setTrace(const Spf::Trace &trace);
    void clear();
    const Spf::Trace &trace() const { return m_trace; }
    const Spf::LookupBudget &budget() const { return m_budget; }
    QModelIndex indexForNode(int node, int column = 0) const;
    // A node's own status; the root's also carries the worst of its tree.
    Status statusOf(int node) const;
    // The text a dig-like details pane shows for a node.
    QString nodeSummary(int node) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    bool extends(const Spf::Trace &trace) const;
    int rowOf(int node) const;
    double nodeTimeMs(int node) const;
    Status ownStatus(int node) const;
    bool countedVoid(int node) const;

    Spf::Trace m_trace;
    Spf::LookupBudget m_budget; // of m_trace: what the lookup columns show
};
