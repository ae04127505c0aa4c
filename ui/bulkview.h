#pragma once

#include <QWidget>

class BulkModel;
class InvestigationController;
class QLabel;
class QModelIndex;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

// Audit a list of domains at once: the table spfsleuth-cli audit writes, filled as the rows
// arrive, with progress, cancel and CSV export. DNS runs on the controller's bulk lane, with the
// resolver the bar names, so an investigation can go on beside it.
class BulkView : public QWidget
{
    Q_OBJECT

public:
    explicit BulkView(InvestigationController *controller, QWidget *parent = nullptr);

    void setList(const QString &text);
    // The list of last time, and keeping this one (up to 256 KiB, so start-up stays quick; longer
    // lists live in files anyway).
    void loadSettings();
    void saveSettings() const;
    QString list() const;
    // Loads a list file: an error message, empty on success.
    QString loadFile(const QString &path);
    // Writes the table atomically, as CSV, or as JSON lines when `path` ends in .jsonl or .json:
    // an error message, empty on success.
    QString exportTo(const QString &path) const;

    void start();
    void cancel();
    bool isRunning() const;
    BulkModel *model() const { return m_model; }

Q_SIGNALS:
    void investigateRequested(const QString &domain);
    void finished();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fitColumns(); // every column in the table's width: no sideways scrolling
    void showDetail(const QModelIndex &current); // the selected row in full, below the table
    void openList();
    void saveTable();
    void updateButtons();
    void showError(const QString &message);

    InvestigationController *m_controller;
    BulkModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QPlainTextEdit *m_list;
    QSpinBox *m_jobs;
    QPushButton *m_open;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPushButton *m_export;
    QProgressBar *m_progress;
    QLabel *m_status;
    QLabel *m_error;
    QTableView *m_table;
    QLabel *m_detail;
    int m_total = 0;
};
