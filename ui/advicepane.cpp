#include "advicepane.h"

#include <QApplication>
#include <QClipboard>
#include <QDate>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextBrowser>
#include <QTextDocumentFragment>
#include <QUrl>
#include <QVBoxLayout>

#include "common/safetext.h"
#include "windowmenus.h"

namespace {

// A qualifier stays with its term ("-all", never "-" / "all" on two lines): a word joiner after
// it, on screen only (copies take the proposal as written).
QString unbroken(QString text)
{
    static const QRegularExpression qualifier(QStringLiteral("(^|\\s)([-~?+])(?=\\S)"));
    return text.replace(qualifier, QStringLiteral("\\1\\2\u2060"));
}

// The one record a proposal stands for, and for which domain: a record as written, or one zone
// file line "NAME. IN TXT "…" "…"" (its strings joined, RFC 7208 §3.3). Empty: several records.
QString proposedRecord(const QString &proposal, QString *domain)
{
    const QString text = proposal.trimmed();
    if (text.contains(QLatin1Char('\n')))
        return {};
    static const QRegularExpression line(
        QStringLiteral("^(\\S+?)\\.?\\s+(?:\\d+\\s+)?IN\\s+TXT\\s+(\".*\")$"));
    const QRegularExpressionMatch m = line.match(text);
    if (!m.hasMatch())
        return text;
    *domain = m.captured(1);
    static const QRegularExpression quoted(QStringLiteral("\"([^\"]*)\""));
    QString record;
    for (const QRegularExpressionMatch &part : quoted.globalMatch(m.captured(2)))
        record += part.captured(1);
    return record;
}

// What a selection copies: the text as written, without the word joiners of unbroken().
class AdviceBrowser : public QTextBrowser
{
public:
    using QTextBrowser::QTextBrowser;

protected:
    QMimeData *createMimeDataFromSelection() const override
    {
        auto *data = new QMimeData;
        data->setText(textCursor().selection().toPlainText().remove(QChar(0x2060)));
        return data;
    }
};

QString esc(const QString &text, int maxChars = 4000)
{
    return Text::shortSafe(text, maxChars).toHtmlEscaped();
}

QString severityMark(Spf::Severity s)
{
    switch (s) {
    case Spf::Severity::Error:
        return QStringLiteral("<span style=\"color:#b00020; font-weight:bold;\">✖ error</span>");
    case Spf::Severity::Warning:
        return QStringLiteral("<span style=\"color:#965a00; font-weight:bold;\">⚠ warning</span>");
    case Spf::Severity::Info:
        break;
    }
    return QStringLiteral("<span style=\"font-weight:bold;\">ℹ note</span>");
}

} // namespace

AdvicePane::AdvicePane(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("advicePane"));
    auto *v = new QVBoxLayout(this);
    m_view = new AdviceBrowser(this);
    m_view->setObjectName(QStringLiteral("adviceView"));
    m_view->setAccessibleName(tr("Advice: what the record gets wrong beyond syntax"));
    m_view->setOpenLinks(false);
    v->addWidget(m_view, 1);
    auto *buttons = new QHBoxLayout;
    m_copyProposals = new QPushButton(tr("Copy proposals"), this);
    m_copyProposals->setObjectName(QStringLiteral("copyProposals"));
    m_copyProposals->setToolTip(tr("The proposed records, to review before anything is published"));
    m_copyNetworks = new QPushButton(tr("Copy networks"), this);
    m_copyNetworks->setObjectName(QStringLiteral("copyNetworks"));
    m_copyNetworks->setToolTip(tr("Every network the tree authorizes, one a line (CIDR)"));
    m_exportNetworks = new QPushButton(tr("Export networks…"), this);
    m_exportNetworks->setObjectName(QStringLiteral("exportNetworks"));
    buttons->addWidget(m_copyProposals);
    buttons->addStretch(1);
    buttons->addWidget(m_copyNetworks);
    buttons->addWidget(m_exportNetworks);
    v->addLayout(buttons);
    connect(m_copyNetworks, &QPushButton::clicked, this, &AdvicePane::copyNetworks);
    connect(m_exportNetworks, &QPushButton::clicked, this, &AdvicePane::exportNetworks);
    connect(m_copyProposals, &QPushButton::clicked, this, &AdvicePane::copyProposals);
    connect(m_view, &QTextBrowser::anchorClicked, this, &AdvicePane::tryProposal);
    clear();
}

void AdvicePane::clear()
{
    m_advice.clear();
    m_networks.clear();
    m_problems = 0;
    m_view->setHtml(tr("<p>Investigate a domain: what its record and its tree get wrong beyond "
                       "syntax shows here, with proposals to review.</p>"));
    for (QPushButton *b : {m_copyNetworks, m_exportNetworks, m_copyProposals})
        b->setEnabled(false);
}

void AdvicePane::showResult(const Investigation::Result &result, const QList<Spf::Advice> &causes)
{
    if (!result.audit) {
        clear();
        return;
    }
    m_advice = causes + result.advice;
    m_domain = result.audit->domain;
    m_networks = Spf::authorizedSpace(*result.audit).networks();
    m_problems = 0;
    QString html;
    bool proposals = false;
    for (const Spf::Advice &a : std::as_const(m_advice)) {
        if (a.severity != Spf::Severity::Info)
            ++m_problems;
        html += QStringLiteral("<p>%1 — %2</p>").arg(severityMark(a.severity), esc(a.message));
        if (!a.proposal.isEmpty()) {
            proposals = true;
            html += QStringLiteral("<p><i>%1</i></p><p style=\"white-space: pre-wrap; "
                                   "font-family: monospace;\">%2</p>")
                        .arg(tr("Proposal, to review before publishing:"),
                            unbroken(esc(a.proposal)));
            // One record: it can stand in for the published one, in one action.
            QString unused;
            if (!proposedRecord(a.proposal, &unused).isEmpty())
                html += QStringLiteral("<p><a href=\"draft:%1\">%2</a></p>")
                            .arg(int(&a - m_advice.constData()))
                            .arg(tr("▶ Try as draft (evaluate it in the Record tab)"));
        }
    }
    if (m_advice.isEmpty())
        html = tr("<p>Nothing beyond syntax to report.</p>");
    m_view->setHtml(html);
    m_copyProposals->setEnabled(proposals);
    m_copyNetworks->setEnabled(!m_networks.isEmpty());
    m_exportNetworks->setEnabled(!m_networks.isEmpty());
}

QString AdvicePane::plainText() const
{
    return m_view->toPlainText().remove(QChar(0x2060));
}

void AdvicePane::copyNetworks()
{
    QApplication::clipboard()->setText(m_networks.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    Q_EMIT statusMessage(tr("Copied %n network(s)", nullptr, int(m_networks.size())), 3000);
}

void AdvicePane::exportNetworks()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the authorized networks"),
        WindowMenus::suggestedFileName(
            m_domain + QStringLiteral("-networks"), QDate::currentDate(), QStringLiteral(".txt")),
        tr("Text (*.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write((m_networks.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8()) < 0
        || !file.commit()) {
        Q_EMIT statusMessage(
            tr("Could not write %1: %2").arg(Text::shortSafe(path), file.errorString()), 8000);
        return;
    }
    Q_EMIT statusMessage(
        tr("Wrote %n network(s) to %1", nullptr, int(m_networks.size())).arg(Text::shortSafe(path)),
        5000);
}

void AdvicePane::copyProposals()
{
    QStringList out;
    for (const Spf::Advice &a : std::as_const(m_advice)) {
        if (!a.proposal.isEmpty())
            out << QStringLiteral("; %1 (review before publishing)").arg(a.kind) << a.proposal;
    }
    QApplication::clipboard()->setText(out.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    Q_EMIT statusMessage(tr("Copied the proposals"), 3000);
}

void AdvicePane::tryProposal(const QUrl &link)
{
    bool ok = false;
    const int index = link.path().toInt(&ok);
    if (link.scheme() != QLatin1String("draft") || !ok || index < 0 || index >= m_advice.size())
        return;
    const Spf::Advice &a = m_advice[index];
    // The record the advice is about: the proposal's own name, its terms', else the domain
    // investigated.
    QString domain = a.terms.isEmpty() ? m_domain : a.terms.front().domain;
    const QString record = proposedRecord(a.proposal, &domain);
    if (!record.isEmpty())
        Q_EMIT draftRequested(domain, record);
}
