#include "pasteview.h"

#include <QDragEnterEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTextStream>
#include <QVBoxLayout>

#include "common/lookalike.h"
#include "common/safetext.h"
#include "paste/reasons.h"
#include "text/textoutput.h"

namespace {

QString where(const Paste::Source &s)
{
    return s.field == QLatin1String("line")
        ? QObject::tr("line %1").arg(s.line)
        : QObject::tr("%1: header, line %2").arg(s.field).arg(s.line);
}

} // namespace

PasteView::PasteView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("pasteView"));
    setAcceptDrops(true);
    auto *v = new QVBoxLayout(this);
    auto *hint = new QLabel(tr("Paste a bounce message, an SMTP transcript or the full headers of "
                               "a message (or drop an .eml file here), then Analyze."),
        this);
    hint->setWordWrap(true);
    v->addWidget(hint);
    auto *split = new QSplitter(Qt::Vertical, this);
    m_input = new QPlainTextEdit(split);
    m_input->setObjectName(QStringLiteral("pasteInput"));
    m_input->setAccessibleName(tr("Pasted bounce or headers"));
    m_input->setTabChangesFocus(true);
    setFocusProxy(m_input);
    m_input->setAcceptDrops(false); // the view takes file drops
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_input->setFont(mono);
    m_output = new QPlainTextEdit(split);
    m_output->setObjectName(QStringLiteral("pasteOutput"));
    m_output->setAccessibleName(tr("What was found in the paste"));
    m_output->setReadOnly(true);
    m_output->setFont(mono);
    split->addWidget(m_input);
    split->addWidget(m_output);
    v->addWidget(split, 1);
    m_comparison = new QLabel(this);
    m_comparison->setObjectName(QStringLiteral("pasteComparison"));
    m_comparison->setTextFormat(Qt::PlainText);
    m_comparison->setWordWrap(true);
    QFont bold = m_comparison->font();
    bold.setBold(true);
    m_comparison->setFont(bold);
    v->addWidget(m_comparison);
    auto *buttons = new QHBoxLayout;
    auto *analyzeButton = new QPushButton(tr("Analyze"), this);
    analyzeButton->setObjectName(QStringLiteral("pasteAnalyze"));
    m_investigate = new QPushButton(tr("Investigate what was found"), this);
    m_investigate->setObjectName(QStringLiteral("pasteInvestigate"));
    m_investigate->setEnabled(false);
    buttons->addWidget(analyzeButton);
    buttons->addWidget(m_investigate);
    buttons->addStretch();
    v->addLayout(buttons);
    connect(analyzeButton, &QPushButton::clicked, this, &PasteView::analyze);
    connect(m_investigate, &QPushButton::clicked, this, [this] {
        if (!m_analysis)
            return;
        const Paste::Analysis &a = *m_analysis;
        QString target = a.envelopeSender ? a.envelopeSender->value : QString();
        if (target.isEmpty() && a.helo && !a.helo->value.startsWith(QLatin1Char('[')))
            target = a.helo->value; // a null sender: SPF checks the HELO name
        if (target.isEmpty() && a.headerFrom)
            target = a.headerFrom->value; // no envelope: still DMARC and DKIM to work out
        Q_EMIT investigateRequested(target, a.connectingIp ? a.connectingIp->value : QString(),
            a.helo ? a.helo->value : QString());
    });
}

void PasteView::setText(const QString &text)
{
    m_input->setPlainText(text);
}

QString PasteView::loadFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return tr("Cannot read %1: %2").arg(path, f.errorString());
    QString error;
    if (f.size() > 16 * 1024 * 1024)
        error = tr("%1 is larger than 16 MiB; paste the headers instead.").arg(path);
    const QByteArray bytes = error.isEmpty() ? f.readAll() : QByteArray();
    if (const QString binary = Paste::binaryReason(bytes); error.isEmpty() && !binary.isEmpty())
        error = tr("%1 is not a text file (%2): open the bounce saved as .eml or .txt.")
                    .arg(Text::shortSafe(path, 120), binary);
    if (!error.isEmpty()) {
        // Said where the user looks; the paste and its analysis stay as they were.
        m_output->setPlainText(error);
        m_investigate->setEnabled(false);
        return error;
    }
    m_input->setPlainText(Paste::textOf(bytes));
    analyze();
    return {};
}

void PasteView::openFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open bounce file"), QString(),
        tr("Bounces and messages (*.eml *.txt);;All files (*)"));
    if (!path.isEmpty())
        loadFile(path);
}

void PasteView::analyze()
{
    m_analysis = Paste::analyze(m_input->toPlainText());
    render();
    Q_EMIT analyzed(*m_analysis);
}

bool PasteView::renderLast()
{
    const QString input = m_analysis->text.isEmpty() ? m_input->toPlainText() : m_analysis->text;
    const auto last = Lookalike::readLast(input);
    if (!last)
        return false;
    QString text = last->summary() + QStringLiteral("\n\n");
    const QStringList lines = input.split(QLatin1Char('\n'));
    for (const Lookalike::LastLine &l : last->lines) {
        const QString host = Text::shortSafe(l.host, 80);
        QString what;
        if (l.reboot) {
            const auto kernel = Lookalike::classify(l.host);
            what = kernel ? tr("reboot: %1 is %2, not a host").arg(host, kernel->name)
                          : tr("reboot: %1 is the kernel, not a host").arg(host);
        } else {
            what = l.host.isEmpty()
                ? tr("%1 logged in locally (no host)").arg(Text::shortSafe(l.user, 40))
                : tr("%1 logged in from %2").arg(Text::shortSafe(l.user, 40), host);
        }
        text += tr("  line %1: %2").arg(l.line).arg(what) + QLatin1Char('\n');
        // A bare dotted quad taken from a kernel line keeps its context.
        if (l.reboot) {
            static const QRegularExpression quad(
                QStringLiteral("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+"));
            const QString bare = quad.match(l.host).captured(0);
            if (!bare.isEmpty())
                text += tr("      %1 here is %2, not an address.")
                            .arg(bare, Lookalike::contextOf(bare, lines.value(l.line - 1)))
                    + QLatin1Char('\n');
        }
    }
    text += QLatin1Char('\n')
        + tr("Nothing here to investigate as a bounce: look up a login host in Reverse lookup "
             "if you need its name.");
    m_found.clear();
    m_output->setPlainText(text);
    m_comparison->clear();
    m_investigate->setEnabled(false);
    return true;
}

void PasteView::render()
{
    if (renderLast())
        return;
    const Paste::Analysis &a = *m_analysis;
    QString text;
    QTextStream s(&text);
    auto value = [&](const QString &label, const std::optional<Paste::Value> &v) {
        s << label;
        if (!v) {
            s << tr("not found") << Qt::endl;
            return;
        }
        s << (v->value.isEmpty() ? tr("<> (null sender)") : Text::safeText(v->value))
          << QStringLiteral("   [") << where(v->source) << QLatin1Char(']');
        if (!v->note.isEmpty())
            s << QStringLiteral("  — ") << v->note;
        s << Qt::endl;
    };
    s << tr("Why the receiver rejected it") << Qt::endl;
    if (!a.reason.isEmpty()) {
        const Paste::Reason r = Paste::reasonInfo(a.reason);
        s << QStringLiteral("  %1 (%2).").arg(r.title, a.reasonBasis) << Qt::endl
          << QStringLiteral("  ") << r.plain << Qt::endl;
    } else {
        s << QStringLiteral("  ") << tr("The paste names no refusal the catalogue knows.")
          << Qt::endl;
    }
    if (!a.forwarding.isEmpty())
        s << QStringLiteral("  ")
          << tr("Forwarded: the original sender's SPF cannot pass at the last hop (see "
                "Forwarding below).")
          << Qt::endl;
    s << QStringLiteral("  ")
      << tr("Investigate what was found: SPF now, the From domain's DMARC record and the DKIM "
            "keys.")
      << Qt::endl
      << Qt::endl;
    s.flush();
    const qsizetype details = text.size(); // a later diagnosis replaces what is above
    s << tr("Format:          %1").arg(a.format) << Qt::endl;
    value(tr("Connecting IP:   "), a.connectingIp);
    value(tr("Envelope sender: "), a.envelopeSender);
    value(tr("HELO:            "), a.helo);
    value(tr("From: header:    "), a.headerFrom);
    const auto others = [&](const QString &kind, const QList<Paste::Candidate> &list,
                            const std::optional<Paste::Value> &chosen) {
        for (const Paste::Candidate &c : list) {
            if (chosen && chosen->value == c.value)
                continue;
            s << QStringLiteral("  ")
              << tr("other %1 reading: %2 (%3, %4: %5)")
                     .arg(kind,
                         c.value.isEmpty() ? QStringLiteral("<>") : Text::shortSafe(c.value, 80),
                         c.confidence, where(c.source), c.reason)
              << Qt::endl;
        }
    };
    others(tr("IP"), a.ipCandidates, a.connectingIp);
    others(tr("sender"), a.senderCandidates, a.envelopeSender);
    others(tr("HELO"), a.heloCandidates, a.helo);
    if (!a.signatures.isEmpty()) {
        s << Qt::endl << tr("DKIM signatures:") << Qt::endl;
        for (const Paste::Signature &g : a.signatures)
            s << QStringLiteral("  d=%1 s=%2   [%3]")
                     .arg(Text::shortSafe(g.domain, 80), Text::shortSafe(g.selector, 60),
                         where(g.source))
              << Qt::endl;
    }
    if (!a.forwarding.isEmpty()) {
        s << Qt::endl << tr("Forwarding:") << Qt::endl;
        for (const QString &f : a.forwarding)
            s << QStringLiteral("  ") << f << Qt::endl;
    }
    if (!a.verdicts.isEmpty()) {
        s << Qt::endl << tr("SPF verdicts the receivers recorded:") << Qt::endl;
        for (const Paste::Verdict &v : a.verdicts)
            s << QStringLiteral("  %1 by %2%3   [%4]")
                     .arg(v.result.isEmpty() ? tr("(unreadable)") : v.result,
                         Text::safeText(v.receiver.isEmpty() ? tr("?") : v.receiver),
                         v.ip.isEmpty() ? QString() : tr(" for %1").arg(v.ip), where(v.source))
              << Qt::endl;
    }
    if (!a.replies.isEmpty()) {
        s << Qt::endl << tr("SMTP replies:") << Qt::endl;
        for (const Paste::Reply &r : a.replies) {
            s << QStringLiteral("  %1 %2 %3   [%4]")
                     .arg(r.code)
                     .arg(r.enhanced, Text::safeText(r.text), where(r.source))
              << Qt::endl;
            s << QStringLiteral("      = ") << r.meaning << QStringLiteral(" [%1]").arg(r.reason)
              << Qt::endl;
        }
    }
    if (!a.hops.isEmpty()) {
        s << Qt::endl << tr("Received: chain, newest first:") << Qt::endl;
        for (const Paste::Hop &h : a.hops)
            s << QStringLiteral("  %1. from %2 [%3]%4 by %5   [%6]")
                     .arg(h.index + 1)
                     .arg(Text::safeText(h.fromName.isEmpty() ? tr("?") : h.fromName),
                         h.ip.isEmpty() ? tr("no IP") : h.ip,
                         h.internal ? tr(" (internal)") : QString(), Text::safeText(h.by),
                         where(h.source))
              << Qt::endl;
    }
    if (!a.lookalikes.isEmpty()) {
        s << Qt::endl
          << tr("Looks like an IP address, but is not one (never used as the sending IP):")
          << Qt::endl;
        for (const Paste::Lookalike &l : a.lookalikes) {
            // Named where the kind is known (a kernel version, a status code, an OID).
            const auto named = Lookalike::classify(l.token);
            s << QStringLiteral("  %1 — %2   [%3]")
                     .arg(Text::safeText(l.token), named ? named->name : l.why, where(l.source))
              << Qt::endl;
        }
    }
    for (const QString &n : a.notes)
        s << Qt::endl << tr("Note: ") << n << Qt::endl;
    if (!a.parts.isEmpty()) {
        s << Qt::endl << tr("MIME parts read:") << Qt::endl;
        for (const QString &part : a.parts)
            s << QStringLiteral("  ") << part << Qt::endl;
    }
    s.flush();
    m_found = text.mid(details);
    m_output->setPlainText(text);
    m_comparison->clear();
    // Without the IP there is no SPF test, but the tree, DMARC and the DKIM keys still help.
    m_investigate->setEnabled((a.envelopeSender && !a.envelopeSender->value.isEmpty())
        || (a.helo && !a.helo->value.startsWith(QLatin1Char('['))) || a.headerFrom.has_value());
}

void PasteView::setComparison(const QString &text)
{
    m_comparison->setText(m_dnsFailure.isEmpty()
            ? text
            : tr("Now: unknown, DNS did not answer (see above). Investigate again when it does."));
}

void PasteView::showDiagnosis(const Paste::Analysis &pasted, const QStringList &why)
{
    if (!m_analysis || m_analysis->text != pasted.text) {
        // A reopened case's bounce: shown as the investigation read it, not read again.
        m_input->setPlainText(pasted.text);
        m_analysis = pasted;
        render();
    }
    QString text = tr("Why the receiver rejected it (with DNS, now)") + QLatin1Char('\n');
    if (!m_dnsFailure.isEmpty())
        text += QStringLiteral("  ") + m_dnsFailure
            + tr(". SPF, DMARC and the DKIM keys could not be checked now.") + QLatin1Char('\n');
    for (const QString &w : why) {
        // The lines that only repeat the DNS failure stay out: said once, above.
        if (!m_dnsFailure.isEmpty()
            && (w.contains(QLatin1String("temperror"), Qt::CaseInsensitive)
                || w.contains(QLatin1String("DNS error")) || w.contains(QLatin1String("no answer"))
                || w.contains(QLatin1String("refused the connection"))))
            continue;
        text += QStringLiteral("  ") + Text::safeText(w) + QLatin1Char('\n');
    }
    m_output->setPlainText(text + QLatin1Char('\n') + m_found);
}

void PasteView::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasText())
        event->acceptProposedAction();
}

void PasteView::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (mime->hasUrls() && mime->urls().front().isLocalFile()) {
        loadFile(mime->urls().front().toLocalFile()); // an error is shown in the view
    } else if (mime->hasText()) {
        m_input->setPlainText(mime->text());
        analyze();
    }
    event->acceptProposedAction();
}
