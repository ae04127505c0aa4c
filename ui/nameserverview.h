#pragma once

#include <optional>

#include <QWidget>

#include "flattablemodel.h"
#include "investigation/nscompare.h"

class QLabel;
class QPlainTextEdit;
class QTableView;
class NameserverModel;

// The investigation's per-nameserver comparison: server x serial / SPF record / tree / time, with
// the servers that serve something different (or fail) marked.
class NameserverView : public QWidget
{
    Q_OBJECT

public:
    explicit NameserverView(QWidget *parent = nullptr);

    // nullopt with a reason: not compared (offline, an IP target, cancelled...).
    void setResult(const std::optional<NsCompare::Result> &result, const QString &whyNot = {});
    QString summary() const;
    NameserverModel *model() const { return m_model; }

    // One line for the summary, the report and the status: "All 4 server addresses ..."
    static QString summaryOf(const NsCompare::Result &result);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fitColumns();
    void showDetail(int row);

    QLabel *m_summary;
    QPlainTextEdit *m_detail; // every figure of the selected server, also those of hidden columns
    QTableView *m_table;
    NameserverModel *m_model;
};

class NameserverModel : public FlatTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        SerialColumn,
        RecordColumn,
        LookupsColumn,
        AddressColumn,
        TimeColumn,
        TcpColumn, // answers over TCP
        TxtSizeColumn, // octets of its UDP TXT answer, TC marked
        ProblemColumn,
        ColumnCount
    };
    using FlatTableModel::FlatTableModel;

    void setRows(const QList<NsCompare::ServerRow> &rows);
    const QList<NsCompare::ServerRow> &rows() const { return m_rows; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    int itemCount() const override;
    QStringList titles() const override;

private:
    QList<NsCompare::ServerRow> m_rows;
};
