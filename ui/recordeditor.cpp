#include "recordeditor.h"

#include <QHelpEvent>
#include <QSyntaxHighlighter>
#include <QTimer>
#include <QToolTip>

#include "common/safetext.h"
#include "spf/parser.h"

using namespace Spf;

// Colours the terms of one SPF record (the whole document is the record).
class SpfHighlighter : public QSyntaxHighlighter
{
public:
    explicit SpfHighlighter(QTextDocument *document)
        : QSyntaxHighlighter(document)
    { }

    void setRecord(const Record &record)
    {
        m_record = record;
        rehighlight();
    }

protected:
    void highlightBlock(const QString &text) override
    {
        const int blockStart = currentBlock().position();
        const bool dark = document() && QPalette().color(QPalette::Base).lightness() < 128;
        auto color = [dark](int h, int s, int l) {
            return QColor::fromHsl(h, s, dark ? std::min(255, l + 90) : l);
        };
        for (const Term &t : std::as_const(m_record.terms)) {
            const int start = t.range.offset - blockStart;
            if (start + t.range.length <= 0 || start >= text.size())
                continue;
            QTextCharFormat f;
            switch (t.kind) {
            case TermKind::Version:
                f.setForeground(color(270, 60, 90));
                f.setFontWeight(QFont::Bold);
                break;
            case TermKind::All:
                f.setForeground(color(0, 70, 90));
                f.setFontWeight(QFont::Bold);
                break;
            case TermKind::Include:
            case TermKind::Redirect:
                f.setForeground(color(210, 80, 80));
                break;
            case TermKind::A:
            case TermKind::Mx:
            case TermKind::Ptr:
            case TermKind::Exists:
                f.setForeground(color(170, 80, 60));
                break;
            case TermKind::Ip4:
            case TermKind::Ip6:
                f.setForeground(color(120, 60, 60));
                break;
            case TermKind::Exp:
            case TermKind::UnknownModifier:
                f.setForeground(color(30, 70, 80));
                f.setFontItalic(true);
                break;
            case TermKind::Invalid:
                break;
            }
            setFormat(std::max(0, start),
                std::min<int>(t.range.length, int(text.size()) - std::max(0, start)), f);
        }
    }

private:
    Record m_record;
};

RecordEditor::RecordEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_highlighter(new SpfHighlighter(document()))
    , m_lintTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("recordEditor"));
    setAccessibleName(tr("SPF record editor"));
    setTabChangesFocus(true); // a record holds no tabs; Tab moves on (a tab would be an error)
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    setFont(mono);
    setPlaceholderText(tr("The selected domain's SPF record appears here. Edit it to try a fix."));
    m_lintTimer->setSingleShot(true);
    m_lintTimer->setInterval(60);
    connect(m_lintTimer, &QTimer::timeout, this, &RecordEditor::relint);
    // Re-highlighting emits textChanged too: lint again only when the text really changed.
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (toPlainText() != m_record.text)
            m_lintTimer->start();
    });
}

void RecordEditor::setRecord(const QString &domain, const QString &text)
{
    m_domain = domain;
    m_published = text;
    setPlainText(text);
    relint();
}

void RecordEditor::setTreeProblems(const QList<Spf::Diagnostic> &problems)
{
    if (problems == m_treeProblems)
        return;
    m_treeProblems = problems;
    relint();
}

void RecordEditor::relint()
{
    m_lintTimer->stop();
    m_record = parseRecord(toPlainText());
    if (!m_treeProblems.isEmpty() && m_record.text == m_published)
        m_record.diagnostics = m_treeProblems + m_record.diagnostics;
    m_highlighter->setRecord(m_record);
    QList<QTextEdit::ExtraSelection> selections;
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    for (const Diagnostic &d : std::as_const(m_record.diagnostics)) {
        if (d.severity == Severity::Info)
            continue;
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(document());
        const int docEnd = std::max(0, document()->characterCount() - 1);
        int from = std::clamp(d.range.offset, 0, docEnd);
        int to = std::clamp(d.range.end(), 0, docEnd);
        if (from == to) { // an insertion point: underline the character before it
            from = std::max(0, from - 1);
            to = std::max(to, from + 1);
        }
        sel.cursor.setPosition(from);
        sel.cursor.setPosition(std::min(to, docEnd), QTextCursor::KeepAnchor);
        sel.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        sel.format.setUnderlineColor(d.severity == Severity::Error
                ? (dark ? QColor(255, 110, 100) : QColor(200, 0, 0))
                : (dark ? QColor(255, 200, 80) : QColor(200, 140, 0)));
        sel.format.setToolTip(d.message);
        selections << sel;
    }
    setExtraSelections(selections);
    Q_EMIT recordChanged(m_record);
}

QList<TextRange> RecordEditor::underlinedRanges() const
{
    QList<TextRange> out;
    for (const QTextEdit::ExtraSelection &s : extraSelections())
        out << TextRange {
            s.cursor.selectionStart(), s.cursor.selectionEnd() - s.cursor.selectionStart()};
    return out;
}

int RecordEditor::diagnosticAt(int position) const
{
    for (int i = 0; i < m_record.diagnostics.size(); ++i) {
        const Diagnostic &d = m_record.diagnostics[i];
        if (position >= d.range.offset && position <= d.range.end())
            return i;
    }
    return -1;
}

bool RecordEditor::applyFix(int index)
{
    if (m_lintTimer->isActive())
        relint();
    if (index < 0 || index >= m_record.diagnostics.size()
        || !m_record.diagnostics[index].suggestion)
        return false;
    const Diagnostic d = m_record.diagnostics[index];
    QTextCursor c(document());
    c.setPosition(d.range.offset);
    c.setPosition(d.range.end(), QTextCursor::KeepAnchor);
    c.insertText(*d.suggestion); // one undo step
    relint();
    return true;
}

bool RecordEditor::applyFixAtCursor()
{
    if (m_lintTimer->isActive())
        relint();
    const int at = diagnosticAt(textCursor().position());
    if (at >= 0 && m_record.diagnostics[at].suggestion)
        return applyFix(at);
    for (int i = 0; i < m_record.diagnostics.size(); ++i) {
        if (m_record.diagnostics[i].suggestion
            && m_record.diagnostics[i].severity == Severity::Error)
            return applyFix(i);
    }
    return false;
}

bool RecordEditor::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(e);
        const QTextCursor c = cursorForPosition(viewport()->mapFromGlobal(help->globalPos()));
        const int at = diagnosticAt(c.position());
        if (at >= 0) {
            const Diagnostic &d = m_record.diagnostics[at];
            QString tip = Text::richParagraph(d.message);
            if (d.suggestion)
                tip += QStringLiteral("<br><b>%1</b> %2")
                           .arg(tr("Quick fix (Ctrl+.):"),
                               d.suggestion->isEmpty()
                                   ? tr("remove it")
                                   : QStringLiteral("“%1”").arg(
                                       Text::shortSafe(*d.suggestion).toHtmlEscaped()));
            QToolTip::showText(help->globalPos(), tip, this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QPlainTextEdit::event(e);
}
