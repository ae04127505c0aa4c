#pragma once

#include <QWidget>

#include "investigation/investigation.h"
#include "spf/advice.h"

class BudgetChart;
class DiagnosticsModel;
class InvestigationController;
class AdvicePane;
class NameserverView;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTableView;
class QTreeView;
class RecordEditor;
class SpfTreeModel;
class TimelineChart;

// The investigation's main view: the include/redirect tree on the left; on the right the record
// editor with its problems and the draft, the DNS evidence of the selected node, the charts, the
// notes, then-vs-now and the nameservers. It shows what the controller has and asks it for drafts.
class TracePane : public QWidget
{
    Q_OBJECT
protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

public:
    explicit TracePane(InvestigationController *controller, QWidget *parent = nullptr);

    void clear(bool ipTest); // a new investigation started
    void showProgress(const Investigation::Progress &progress);
    void showResult(const Investigation::Result &result);
    void showNameservers(const Investigation::Result &result, const QString &whyNot);
    void showNameserversPending(const QString &domain);
    void showRecheck(const QString &text);
    // What the pasted bounce said then beside what DNS says now, where the user lands.
    void showPasteComparison(const QString &text);
    void setDraftEvaluating();
    void showDraft(const Investigation::Result &result);

    QString notes() const;
    void setNotes(const QString &notes); // loaded notes are not new work: no notesChanged

    void expandAll();
    void collapseAll();
    void focusFilter();
    void applyFixAtCursor();
    void evaluateDraft();
    // `record` in the editor as the draft of `domain`'s record, evaluated (Advice: Try as draft).
    void tryDraft(const QString &domain, const QString &record);
    void copySelection();

    // The side pane (record, advice, evidence...) beside the tree, or the tree alone at full width.
    bool isSidePaneShown() const;
    void setSidePaneShown(bool shown);

    QByteArray saveSplitter() const;
    void restoreSplitter(const QByteArray &state);
    QTabWidget *sideTabs() const { return m_sideTabs; }

Q_SIGNALS:
    void notesChanged();
    void statusMessage(const QString &message, int timeoutMs);
    void sidePaneToggled(bool shown);

private:
    void fitTreeColumns();
    void measureTreeColumns(); // fills m_columnWidths, m_anyVoidText for the tree shown
    QList<int> m_columnWidths; // widest text per column of the tree shown
    bool m_anyVoidText = false;
    QList<Spf::Advice> m_causes; // why the shown walk ended in an error (Spf::errorCauses)
    int m_sideWidth = 0; // the side pane's width before it was hidden
    bool m_userColumns = false; // the header menu chose the visible columns
    QWidget *buildTree();
    QWidget *buildRecordPage();
    void showTrace();
    void selectNode(int node);
    void onNodeSelected(int node);
    void showDetails(int node);
    void showProblem(int row); // the problem's message in full under the table

    InvestigationController *m_controller;
    SpfTreeModel *m_treeModel;
    QSortFilterProxyModel *m_treeProxy;
    DiagnosticsModel *m_diagnosticsModel;
    QSplitter *m_splitter;
    QComboBox *m_treeSource;
    QLineEdit *m_filterEdit;
    QTreeView *m_treeView;
    QTabWidget *m_sideTabs;
    RecordEditor *m_editor;
    QLabel *m_editorTitle;
    QTableView *m_diagnosticsView;
    QLabel *m_problemDetail;
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
    NameserverView *m_nameservers;
    AdvicePane *m_advice;
};
