#include "spftreemodel.h"

#include "common/netutil.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>

#include "common/safetext.h"

using namespace Spf;

SpfTreeModel::SpfTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{ }

void SpfTreeModel::clear()
{
    beginResetModel();
    m_trace = {};
    m_budget = {};
    endResetModel();
}

bool SpfTreeModel::extends(const Trace &trace) const
{
    if (m_trace.nodes.isEmpty() || trace.nodes.size() < m_trace.nodes.size())
        return false;
    for (qsizetype i = 0; i < m_trace.nodes.size(); ++i) {
        const TraceNode &a = m_trace.nodes[i];
        const TraceNode &b = trace.nodes[i];
        if (a.parent != b.parent || a.kind != b.kind || a.domain != b.domain
            || a.term.text != b.term.text)
            return false;
    }
    return true;
}

void SpfTreeModel::setTrace(const Trace &trace)
{
    if (!extends(trace)) {
        beginResetModel();
        m_trace = trace;
        m_budget = lookupBudget(m_trace);
        endResetModel();
        return;
    }
    const qsizetype old = m_trace.nodes.size();
    const LookupBudget before = m_budget;
    m_trace.maxLookups = trace.maxLookups;
    m_trace.maxVoidLookups = trace.maxVoidLookups;
    // Nodes are appended in order and only ever appended to their parent's children: each new
    // node is one row inserted at the end of its parent.
    m_trace.exchanges = trace.exchanges;
    m_trace.exchangeOffsetsUs = trace.exchangeOffsetsUs;
    for (qsizetype i = old; i < trace.nodes.size(); ++i) {
        TraceNode node = trace.nodes[i];
        node.children.clear();
        const int parent = node.parent;
        const QModelIndex parentIndex = parent >= 0 ? indexForNode(parent) : QModelIndex();
        const int row = parent >= 0 ? int(m_trace.nodes[parent].children.size()) : 0;
        beginInsertRows(parentIndex, row, row);
        m_trace.nodes << node;
        if (parent >= 0)
            m_trace.nodes[parent].children << int(i);
        m_budget.nodes << LookupBudget::Cost {}; // counted below, once the rows are in
        endInsertRows();
    }
    m_budget = lookupBudget(m_trace);
    if (old > 0) // the root carries the whole tree's status
        Q_EMIT dataChanged(indexForNode(0, 0), indexForNode(0, 0));
    // Earlier nodes may have learnt their results and counters meanwhile.
    for (qsizetype i = 0; i < old; ++i) {
        TraceNode node = trace.nodes[i];
        node.children = m_trace.nodes[i].children;
        if (!(node == m_trace.nodes[i]) || !(before.cost(int(i)) == m_budget.cost(int(i)))) {
            m_trace.nodes[i] = node;
            Q_EMIT dataChanged(indexForNode(int(i), 0), indexForNode(int(i), ColumnCount - 1));
        }
    }
}

int SpfTreeModel::rowOf(int node) const
{
    const int parent = m_trace.nodes[node].parent;
    if (parent < 0)
        return 0;
    return int(m_trace.nodes[parent].children.indexOf(node));
}

QModelIndex SpfTreeModel::indexForNode(int node, int column) const
{
    if (node < 0 || node >= m_trace.nodes.size())
        return {};
    return createIndex(rowOf(node), column, quintptr(node));
}

QModelIndex SpfTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        if (row == 0 && !m_trace.nodes.isEmpty())
            return createIndex(0, column, quintptr(0));
        return {};
    }
    const TraceNode &p = m_trace.nodes[int(parent.internalId())];
    if (row >= p.children.size())
        return {};
    return createIndex(row, column, quintptr(p.children[row]));
}

QModelIndex SpfTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parent = m_trace.nodes[int(child.internalId())].parent;
    return parent < 0 ? QModelIndex() : indexForNode(parent, 0);
}

int SpfTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_trace.nodes.isEmpty() ? 0 : 1;
    if (parent.column() != 0)
        return 0;
    return int(m_trace.nodes[int(parent.internalId())].children.size());
}

int SpfTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

double SpfTreeModel::nodeTimeMs(int node) const
{
    const TraceNode &n = m_trace.nodes[node];
    if (n.kind == NodeKind::Query && n.exchange >= 0 && n.exchange < m_trace.exchanges.size()) {
        const Dns::Exchange &e = m_trace.exchanges[n.exchange];
        if (e.shared) // answered from the cache: this question did not wait for the network
            return 0;
        return double(e.answer ? e.answer->elapsedUs : e.answer.error().elapsedUs) / 1000.0;
    }
    double total = 0;
    for (int c : n.children) {
        if (m_trace.nodes[c].kind == NodeKind::Query)
            total += nodeTimeMs(c);
    }
    return total;
}

bool SpfTreeModel::countedVoid(int node) const
{
    // The budget is the one source of truth: a query whose answer was empty is a void lookup
    // only when its term counted one (an empty AAAA beside an A with records is not).
    const TraceNode &n = m_trace.nodes[node];
    if (n.kind == NodeKind::Query) {
        if (!n.voidLookup || n.parent < 0)
            return false;
        // A record's own TXT query counts against the term that led to the record.
        const TraceNode &p = m_trace.nodes[n.parent];
        const int term = p.kind == NodeKind::Check ? p.parent : n.parent;
        return term >= 0 && m_budget.cost(term).voidPosition > 0;
    }
    return m_budget.cost(node).voidPosition > 0;
}

SpfTreeModel::Status SpfTreeModel::statusOf(int node) const
{
    if (node != 0 || m_trace.nodes.isEmpty())
        return ownStatus(node);
    // The root carries the tree's status: an error anywhere below, a limit crossed, or a
    // counted void lookup shows on the row the user sees first.
    Status worst = ownStatus(0);
    if (m_budget.overLookups() || m_budget.overVoids())
        return Status::Error;
    for (qsizetype i = 1; i < m_trace.nodes.size() && worst != Status::Error; ++i) {
        const Status s = ownStatus(int(i));
        if (s == Status::Error)
            worst = Status::Error;
        else if (worst != Status::Warning && countedVoid(int(i)))
            worst = Status::Warning;
    }
    return worst;
}

SpfTreeModel::Status SpfTreeModel::ownStatus(int node) const
{
    const TraceNode &n = m_trace.nodes[node];
    if (n.crossesLimit || m_budget.cost(node).overLimit || n.outcome == Outcome::Error)
        return Status::Error;
    if (n.hasResult && (n.result == Result::PermError || n.result == Result::TempError))
        return Status::Error;
    if (n.kind == NodeKind::Check) {
        for (const Diagnostic &d : n.diagnostics) {
            if (d.severity == Severity::Error)
                return Status::Error;
        }
    }
    if (n.kind == NodeKind::Query && n.exchange >= 0 && n.exchange < m_trace.exchanges.size()) {
        const Dns::Answer &a = m_trace.exchanges[n.exchange].answer;
        if (!a || !a->isSuccess())
            return Status::Error;
    }
    if (countedVoid(node)
        || (n.hasResult
            && (n.result == Result::Fail || n.result == Result::SoftFail
                || n.result == Result::None)))
        return Status::Warning;
    if (n.hasResult && n.result == Result::Pass)
        return Status::Good;
    return Status::Neutral;
}

QString SpfTreeModel::nodeSummary(int node) const
{
    if (node < 0 || node >= m_trace.nodes.size())
        return {};
    const TraceNode &n = m_trace.nodes[node];
    switch (n.kind) {
    case NodeKind::Check:
        return Net::bothForms(n.domain, true);
    case NodeKind::Term:
        return n.term.text;
    case NodeKind::Query:
        if (n.exchange >= 0 && n.exchange < m_trace.exchanges.size())
            return Dns::typeName(m_trace.exchanges[n.exchange].question.type) + QLatin1Char(' ')
                + m_trace.exchanges[n.exchange].question.name;
        return {};
    case NodeKind::Note:
        return n.message;
    }
    return {};
}

QVariant SpfTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int node = int(index.internalId());
    const TraceNode &n = m_trace.nodes[node];
    switch (role) {
    case NodeRole:
        return node;
    case KindRole:
        return int(n.kind);
    case DecidingRole:
        return n.onDecidingPath;
    case CrossesLimitRole:
        return n.crossesLimit;
    case StatusRole:
        return int(statusOf(node));
    case Qt::AccessibleTextRole:
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: {
            QString name = nodeSummary(node);
            if (n.kind == NodeKind::Term && !n.target.isEmpty() && n.target != n.term.value
                && countsLookup(n.term.kind))
                name = tr("%1 → %2").arg(n.term.text, n.target);
            // The blue band and the bold type say it to the eye; this says it to the ear.
            if (role == Qt::AccessibleTextRole && n.onDecidingPath)
                name += tr(", on the path that decided");
            return name;
        }
        case ResultColumn:
            if (n.hasResult)
                return resultName(n.result);
            if (n.kind == NodeKind::Term)
                return n.outcome == Outcome::None ? QString() : outcomeName(n.outcome);
            if (n.kind == NodeKind::Query) // "1 TXT record"; any other status says itself
                return n.message.startsWith(QLatin1String("NOERROR, ")) ? n.message.mid(9)
                                                                        : n.message;
            return {};
        case LookupsColumn:
            return lookupCostText(m_budget, node);
        case VoidColumn: {
            const LookupBudget::Cost cost = m_budget.cost(node);
            if (n.kind == NodeKind::Check)
                return cost.voidsBelow > 0 ? tr("%1 in subtree").arg(cost.voidsBelow) : QString();
            if (n.kind == NodeKind::Query && n.voidLookup)
                return countedVoid(node) ? tr("void") : tr("empty, not counted");
            if (cost.voidPosition > 0)
                return tr("void %1 of %2").arg(cost.voidPosition).arg(m_budget.maxVoidLookups);
            return {};
        }
        case TimeColumn: {
            if (n.kind == NodeKind::Query && n.exchange >= 0
                && n.exchange < m_trace.exchanges.size() && m_trace.exchanges[n.exchange].shared)
                return tr("cached");
            const double ms = nodeTimeMs(node);
            return ms > 0 ? QStringLiteral("%1 ms").arg(ms, 0, 'f', 1) : QString();
        }
        case DetailColumn:
            return n.kind == NodeKind::Query ? QString() : n.message;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == VoidColumn && n.kind == NodeKind::Query && n.voidLookup
            && !countedVoid(node))
            return tr("This answer was empty, but the term found records with another query, "
                      "so it is not a void lookup (RFC 7208 §4.6.4).");
        if (index.column() == LookupsColumn) {
            const LookupBudget::Cost c = m_budget.cost(node);
            QStringList parts;
            if (c.position > 0)
                parts << tr("This term is DNS lookup number %1 of the %2 allowed.")
                             .arg(c.position)
                             .arg(m_budget.maxLookups);
            if (c.below > 0)
                parts << tr("The records below it spend %n more lookup(s).", "", c.below);
            return parts.isEmpty() ? QVariant() : QVariant(parts.join(QLatin1Char(' ')));
        }
        if (index.column() == NameColumn) {
            // The name whole (the column may show it elided), then the record or the why.
            const QString more
                = n.kind == NodeKind::Check && !n.recordText.isEmpty() ? n.recordText : n.message;
            const QString name = data(index, Qt::DisplayRole).toString();
            return more.isEmpty() ? Text::richParagraph(name)
                                  : Text::richParagraph(name) + Text::richParagraph(more);
        }
        return n.message.isEmpty() ? QVariant() : QVariant(Text::richParagraph(n.message));
    case Qt::DecorationRole:
        if (index.column() != NameColumn)
            return {};
        switch (statusOf(node)) {
        case Status::Error:
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        case Status::Warning:
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        case Status::Good:
            return QApplication::style()->standardIcon(QStyle::SP_DialogApplyButton);
        case Status::Neutral:
            return n.kind == NodeKind::Query
                ? QApplication::style()->standardIcon(QStyle::SP_FileDialogContentsView)
                : QVariant();
        }
        return {};
    case Qt::FontRole:
        if (n.onDecidingPath || n.crossesLimit || m_budget.cost(node).overLimit) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::BackgroundRole:
        if (n.onDecidingPath) {
            QColor c = QApplication::palette().color(QPalette::Highlight);
            c.setAlpha(60);
            return c;
        }
        return {};
    case Qt::ForegroundRole: {
        const bool dark = QApplication::palette().color(QPalette::Base).lightness() < 128;
        switch (statusOf(node)) {
        case Status::Error:
            return dark ? QColor(255, 120, 110) : QColor(176, 0, 32);
        case Status::Warning:
            return dark ? QColor(255, 200, 90) : QColor(150, 90, 0);
        default:
            return {};
        }
    }
    }
    return {};
}

QVariant SpfTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Record / term / query");
    case ResultColumn:
        return tr("Result");
    case LookupsColumn:
        return tr("DNS lookups");
    case VoidColumn:
        return tr("Void lookups");
    case TimeColumn:
        return tr("DNS time");
    case DetailColumn:
        return tr("Why");
    }
    return {};
}
