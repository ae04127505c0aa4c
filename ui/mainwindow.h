#pragma once

#include <optional>

#include <QMainWindow>
#include <QPointer>

#include "investigationcontroller.h"

class BulkView;
class CaseStore;
class ConsolePane;
class InvestigationBar;
class PasteView;
class QStackedWidget;
class QTabWidget;
class ReversePane;
class TracePane;

// The workbench window: a composition root. It creates the panes and connects them to the
// controller (the workflow), the case store (autosave) and the menus; the work itself lives in
// core/ (Investigation::Session) and InvestigationController.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    struct Options
    {
        QString zoneFile; // answer from this zone file or snapshot (offline)
        QString server; // HOST[:PORT]
        int timeoutMs = 0; // 0: from the settings
        QString ip;
        QString helo;
        QString target; // investigated at start when set
        quint16 nsPort = 53; // where authoritative servers listen (labs and tests)
    };

    explicit MainWindow(const Options &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    InvestigationController *controller() const { return m_controller; }
    // Where a zone could not be loaded, why (shown in the window too).
    QString startupError() const { return m_startupError; }
    void investigate();
    void cancel() { m_controller->cancel(); }
    void evaluateDraft();
    bool isBusy() const { return m_controller->isBusy(); }
    bool isComparingNameservers() const { return m_controller->isComparingNameservers(); }
    const std::optional<Investigation::Result> &result() const { return m_controller->result(); }
    const std::optional<Investigation::Result> &draftResult() const
    {
        return m_controller->draftResult();
    }
    const std::optional<CaseFile::Diff> &recheckDiff() const { return m_controller->recheckDiff(); }
    // Saves a PNG of each main view into `dir` (for the screenshot script and the guide).
    QStringList saveScreenshots(const QString &dir);

    // Case files and reports; each returns an error message, empty on success.
    QString openCase(const QString &path);
    QString saveCaseTo(const QString &path);
    QString exportReportTo(const QString &path); // .pdf or .html by the suffix
    void recheckLive();
    // Loads a list of domains into the Bulk audit tab and audits it: an error, empty when started.
    QString startBulk(const QString &path);
    BulkView *bulkView() const { return m_bulk; }
    // Loads a bounce, transcript or header file into the Paste tab and analyzes it.
    QString loadPaste(const QString &path);
    // Answers from this zone file from now on (the DNS box's "Zone file…"): an error, empty when
    // it loaded.
    QString openZone(const QString &path);

    // Autosave: where the current work is kept until it is saved (a crash leaves it for the next
    // start to offer back).
    static QString autosavePath();
    bool hasUnsavedWork() const;
    void restoreAutosave();
    void discardAutosave();

Q_SIGNALS:
    void investigationFinished();
    void nameserversCompared(); // the comparison that follows a live investigation is in
    void draftEvaluated();
    void recheckFinished();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    // At close, with a draft record not saved in a case: keep it for the next start (the
    // autosave, offered back), discard it, or stay. False: stay.
    bool settleDraftAtClose();
    void connectController();
    void applyOptions();
    void onFinished(const Investigation::Result &result);

    Options m_options;
    QString m_startupError;
    InvestigationController *m_controller;
    CaseStore *m_store;
    InvestigationBar *m_bar;
    QTabWidget *m_tabs;
    QStackedWidget *m_investigationStack; // the welcome view until there is a result
    TracePane *m_trace;
    ConsolePane *m_console;
    ReversePane *m_reverse;
    PasteView *m_paste;
    BulkView *m_bulk;
    QPointer<QWidget> m_focusAtStart; // where the keyboard was when the investigation started
};
