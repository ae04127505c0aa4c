#pragma once

#include <QList>
#include <QWidget>

#include "flattablemodel.h"
#include "mailpolicy/receivers.h"

class InvestigationController;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QTableView;
class QVBoxLayout;

namespace Investigation {
struct Result;
}

// One receiver's rules as rows: requirement, status, why, the reply it sends when the rule fails.
class ReceiverRulesModel : public FlatTableModel
{
    Q_OBJECT

public:
    enum Column { RequirementColumn, StatusColumn, WhyColumn, ReplyColumn };
    using FlatTableModel::FlatTableModel;

    void setResult(const MailPolicy::ReceiverResult &result);
    const MailPolicy::ReceiverResult &result() const { return m_result; }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    static QString statusText(MailPolicy::Status status);
    static QColor statusColor(MailPolicy::Status status);

protected:
    int itemCount() const override;
    QStringList titles() const override;

private:
    MailPolicy::ReceiverResult m_result;
};

// "Will Gmail, Microsoft and Yahoo take our mail?": the investigation's receivers check (run with
// it, off the GUI thread, by the controller's job runner), a table per receiver. DKIM selectors
// typed here re-run the investigation with them.
class ReceiversView : public QWidget
{
    Q_OBJECT

public:
    explicit ReceiversView(InvestigationController *controller, QWidget *parent = nullptr);

    void showResult(const Investigation::Result &result);
    QString summary() const;
    QList<ReceiverRulesModel *> models() const { return m_models; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void recheckWithSelectors();
    void clearTables();
    void addTable(const MailPolicy::ReceiverResult &result);
    void fitTables();

    InvestigationController *m_controller;
    QLabel *m_summary;
    QLineEdit *m_selectors;
    QPushButton *m_recheck;
    QScrollArea *m_scroll;
    QWidget *m_page;
    QVBoxLayout *m_pageLayout;
    QList<QWidget *> m_blocks; // a heading and a table per receiver
    QList<QTableView *> m_tables;
    QList<ReceiverRulesModel *> m_models;
};
