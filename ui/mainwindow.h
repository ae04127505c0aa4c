#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <QMainWindow>

#include "caseio/casefile.h"
#include "investigation/investigation.h"

class BudgetChart;
class BulkView;
class NameserverView;
class QAction;
class DiagnosticsModel;
class JobRunner;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTimer;
class QTreeView;
class PasteView;
class RecordEditor;
class SpfTreeModel;
class TimelineChart;
namespace Dns {
class Resolver;
}

// The workbench window: a composition root. It creates the widgets, the job runners and the
// models and connects them; the work itself lives in core/ (Investigation) and the ui/ classes.
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

    // Where a zone could not be loaded, why (shown in the window too).
    QString startupError() const { return m_startupError; }
    void investigate();
    void cancel();
    void evaluateDraft();
    bool isBusy() const;
    bool isComparingNameservers() const;
    const std::optional<Investigation::Result> &result() const { return m_result; }
    const std::optional<Investigation::Result> &draftResult() const { return m_draftResult; }
    // Saves a PNG of each main view into `dir` (for the screenshot script and the guide).
    QStringList saveScreenshots(const QString &dir);
    // The folders the welcome view looks in for bundled sample cases, and what it found.
    static QStringList sampleCases();

    // Case files and reports; each returns an error message, empty on success.
    QString openCase(const QString &path);
    QString saveCaseTo(const QString &path);
    QString exportReportTo(const QString &path); // .pdf or .html by the suffix
    void recheckLive();
    // Loads a bounce, transcript or header file into the Paste tab and analyzes it.
    // Loads a list of domains into the Bulk audit tab and audits it: an error, empty when started.
    QString startBulk(const QString &path);
    BulkView *bulkView() const { return m_bulk; }
    QString loadPaste(const QString &path);
    const std::optional<CaseFile::Diff> &recheckDiff() const { return m_recheck; }

    // Autosave: where the current work is kept until it is saved (a crash leaves it for the next
    // start to offer back).
    static QString autosavePath();
    bool hasUnsavedWork() const { return m_dirty; }
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
    QWidget *buildBar();
    QWidget *buildInvestigationTab();
    QWidget *buildWelcome();
    QWidget *buildConsoleTab();
    QWidget *buildReverseTab();
    void buildActions();
    void loadSettings();
    void saveSettings();

    Investigation::Request currentRequest() const;
    std::shared_ptr<Dns::Resolver> fixedResolver() const; // the zone, when one is loaded
    void showInputError(const QString &message);
    void onProgress(const Investigation::Progress &progress);
    void onFinished(const Investigation::Result &result);
    void onDraftFinished(const Investigation::Result &result);
    void showTrace();
    void showNameservers(const Investigation::Result &result);
    void compareNameservers();
    void onNodeSelected(int node);
    void selectNode(int node);
    void showDetails(int node);
    void updateVerdict();
    void copySelection();
    void runConsoleQuery();
    void runReverseLookup();
    // Runs `work` with the chosen resolver on the tools' job runner; its text goes to `output`.
    void runTool(const QString &description, QPlainTextEdit *output, const QString &waiting,
        std::function<QString(Dns::Resolver &)> work);
    void addRecent(const QString &target);
    void buildMenus();
    void runRequest(const Investigation::Request &request);
    void showRecheck();
    void scheduleAutosave();
    void writeAutosave();
    void markDirty();

    Options m_options;
    QString m_startupError;
    std::shared_ptr<Dns::Resolver> m_zone;
    JobRunner *m_runner;
    JobRunner *m_toolRunner;
    JobRunner *m_nsRunner; // the nameserver comparison after a live investigation
    SpfTreeModel *m_treeModel;
    QSortFilterProxyModel *m_treeProxy;
    DiagnosticsModel *m_diagnosticsModel;
    std::optional<Investigation::Result> m_result;
    std::optional<Investigation::Result> m_draftResult;
    std::optional<CaseFile::Case> m_case; // the case file open, if any
    QString m_casePath;
    std::optional<CaseFile::Diff> m_recheck;
    bool m_dirty = false; // notes, drafts or results not saved in a case file
    QTimer *m_autosaveTimer = nullptr;
    QWidget *m_restoreBar = nullptr;
    QHash<QString, QString> m_drafts; // unsaved record edits, by domain
    QStringList m_recent;

    QLineEdit *m_targetEdit;
    QLineEdit *m_ipEdit;
    QLineEdit *m_heloEdit;
    QComboBox *m_resolverCombo;
    QLineEdit *m_serverEdit;
    QDoubleSpinBox *m_timeoutSpin;
    QPushButton *m_runButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_stageLabel;
    QLabel *m_inputError;
    QLabel *m_verdictIcon;
    QLabel *m_verdictLabel;
    QTabWidget *m_tabs;
    QStackedWidget *m_investigationStack; // the welcome view until there is a result
    QTabWidget *m_sideTabs;
    QSplitter *m_splitter;
    QComboBox *m_treeSource;
    QLineEdit *m_filterEdit;
    QTreeView *m_treeView;
    RecordEditor *m_editor;
    QLabel *m_editorTitle;
    QTableView *m_diagnosticsView;
    QPushButton *m_fixButton;
    QPushButton *m_draftButton;
    QPushButton *m_revertButton;
    QLabel *m_publishedVerdict;
    QLabel *m_draftVerdict;
    QPlainTextEdit *m_details;
    QPlainTextEdit *m_notes;
    QPlainTextEdit *m_recheckView;
    BudgetChart *m_budget;
    TimelineChart *m_timeline;
    QLineEdit *m_consoleName;
    QComboBox *m_consoleType;
    QPlainTextEdit *m_consoleOutput;
    QLineEdit *m_reverseEdit;
    QPlainTextEdit *m_reverseOutput;
    PasteView *m_paste;
    BulkView *m_bulk;
    NameserverView *m_nameservers;
    QAction *m_prefetchAction = nullptr;
    QAction *m_compareNsAction = nullptr;
    bool m_fromPaste = false; // the running investigation came from the paste tab
};
