#pragma once

#include <QWidget>

#include "dns/reverselookup.h"
#include "flattablemodel.h"
#include "investigation/investigation.h"
#include "mailpolicy/dnsbl.h"

class InvestigationController;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableView;

// The DNS console: one question, like dig, to the resolver the bar names.
class ConsolePane : public QWidget
{
    Q_OBJECT

public:
    explicit ConsolePane(InvestigationController *controller, QWidget *parent = nullptr);
    void runQuery();

private:
    InvestigationController *m_controller;
    QLineEdit *m_name;
    QComboBox *m_type;
    QPlainTextEdit *m_output;
};

// One row per block list asked: the list, its status in words, what the answer means. Listed rows
// are bold and red; refused and unknown ones italic and not red: they are no listing.
class BlocklistModel : public FlatTableModel
{
    Q_OBJECT

public:
    using FlatTableModel::FlatTableModel;
    void setCheck(const Dnsbl::Check &check);
    const Dnsbl::Check &check() const { return m_check; }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    int itemCount() const override { return int(m_check.lists.size()); }
    QStringList titles() const override;

private:
    Dnsbl::Check m_check;
};

// Reverse lookup with forward confirmation (FCrDNS) of one address, and its block lists.
class ReversePane : public QWidget
{
    Q_OBJECT

public:
    explicit ReversePane(InvestigationController *controller, QWidget *parent = nullptr);
    void runLookup();
    // Asks the default block lists about the address, off the GUI thread; cancellable.
    void checkBlocklists();
    void showResult(const Dns::ReverseResult &result); // an investigation's reverse lookup
    bool isCheckingBlocklists() const;

private:
    // A new result: the block lists its case holds (the last check), or none.
    void showCaseBlocklists(const Investigation::Result &result);
    std::optional<QHostAddress> typedAddress(); // shows why not in the output when none
    void blocklistsDone(const Dnsbl::Check &check, bool cancelled, const QString &kept);

    InvestigationController *m_controller;
    QLineEdit *m_address;
    QPlainTextEdit *m_output;
    QPushButton *m_blocklistRun;
    QPushButton *m_blocklistCancel;
    QProgressBar *m_blocklistProgress;
    QLabel *m_blocklistSummary;
    QTableView *m_blocklistTable;
    BlocklistModel *m_blocklists;
};

// What the window shows before the first investigation: a four-step guide and the bundled sample
// cases.
class WelcomePane : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePane(QWidget *parent = nullptr);
    // The folders the welcome view looks in for bundled sample cases, and what it found.
    static QStringList sampleCases();

Q_SIGNALS:
    void caseChosen(const QString &path);
};
