#pragma once

#include <QPlainTextEdit>

#include "spf/spftypes.h"

class SpfHighlighter;
class QTimer;

// The SPF record editor: colours per term kind, a wavy underline under every error and warning
// with its message as tooltip, and quick fixes. Re-lints as you type (linting is pure and fast).
class RecordEditor : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit RecordEditor(QWidget *parent = nullptr);

    // Shows a record (the published text of the selected domain). Not an edit: no draft yet.
    void setRecord(const QString &domain, const QString &text);
    QString domain() const { return m_domain; }
    QString publishedText() const { return m_published; }
    bool isDraft() const { return toPlainText() != m_published; }
    const Spf::Record &record() const { return m_record; }

    // Applies the suggestion of diagnostic `index` (of record().diagnostics); false if it has none.
    bool applyFix(int index);
    // Applies the fix of the first diagnostic with one under the cursor (or the first overall).
    bool applyFixAtCursor();
    // Problems the tree found on terms of the published record (why a walk ended in permerror or
    // temperror, Spf::errorCauses): shown with the linter's while the text is the published one.
    void setTreeProblems(const QList<Spf::Diagnostic> &problems);
    // Ranges that carry a wavy underline, for tests and the report.
    QList<Spf::TextRange> underlinedRanges() const;

Q_SIGNALS:
    void recordChanged(const Spf::Record &record);

protected:
    bool event(QEvent *event) override;

private:
    void relint();
    int diagnosticAt(int position) const;

    SpfHighlighter *m_highlighter = nullptr;
    QTimer *m_lintTimer = nullptr;
    QString m_domain;
    QString m_published;
    Spf::Record m_record;
    QList<Spf::Diagnostic> m_treeProblems;
};
