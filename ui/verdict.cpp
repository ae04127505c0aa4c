#include "verdict.h"

#include <algorithm>

#include <QCoreApplication>
#include <QEvent>
#include <QLabel>
#include <QStyle>
#include <QTextLayout>

#include "common/netutil.h"
#include "common/safetext.h"
#include "paste/bounce.h"
#include "paste/reasons.h"
#include "spf/budget.h"

using namespace Spf;

namespace Verdict {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("Verdict", text, nullptr, n);
}

} // namespace

namespace {

// The paste says the mail was refused (not delivered, not delayed, not a report).
bool refused(const Paste::Analysis &a)
{
    return a.failure == true && a.reason != QLatin1String("not-a-failure")
        && (!a.reason.isEmpty() || a.replyCode >= 400);
}

// The investigation came from a bounce that says the mail was refused: whatever SPF says now,
// the refusal leads.
bool refusedBounce(const Investigation::Result &r)
{
    return r.bounce && refused(r.bounce->paste);
}

// "Refused for: SPF failed (550 5.7.26, line 12)".
QString refusal(const Paste::Analysis &a)
{
    QStringList codes;
    if (a.replyCode > 0)
        codes << QString::number(a.replyCode);
    if (!a.enhanced.isEmpty())
        codes << a.enhanced;
    QString where = codes.join(QLatin1Char(' '));
    if (a.reasonLine > 0)
        where += (where.isEmpty() ? QString() : QStringLiteral(", "))
            + tr("line %1").arg(a.reasonLine);
    const QString reason
        = a.reason.isEmpty() ? tr("no reason given") : Paste::reasonInfo(a.reason).title;
    return where.isEmpty() ? tr("Refused for: %1").arg(reason)
                           : tr("Refused for: %1 (%2)").arg(reason, where);
}

} // namespace

QString dnsFailure(const Investigation::Result &r)
{
    const bool temp = r.evaluation ? r.evaluation->result == Spf::Result::TempError
                                   : r.audit && !r.audit->problems.isEmpty();
    if (!temp || r.cancelled)
        return {};
    QList<Dns::Exchange> asked = r.evidence;
    if (asked.isEmpty())
        asked = r.evaluation ? r.evaluation->trace.exchanges : r.audit->trace.exchanges;
    for (const Dns::Exchange &e : std::as_const(asked)) {
        const QString what = Text::shortSafe(
            Dns::typeName(e.question.type) + QLatin1Char(' ') + e.question.name, 120);
        if (!e.answer) {
            const Dns::Error &err = e.answer.error();
            const QString server
                = Text::shortSafe(err.server.isEmpty() ? r.resolverDescription : err.server, 80);
            switch (err.kind) {
            case Dns::ErrorKind::Timeout:
                return tr("DNS unreachable: %1 did not answer (asked %2)").arg(server, what);
            case Dns::ErrorKind::Network:
                return err.message.contains(server)
                    ? tr("DNS unreachable: %1").arg(Text::shortSafe(err.message, 160))
                    : tr("DNS unreachable: could not reach %1 (%2)")
                          .arg(server, Text::shortSafe(err.message, 120));
            case Dns::ErrorKind::NotCaptured:
                return tr("DNS answer missing: %1 is not among the captured answers").arg(what);
            case Dns::ErrorKind::Malformed:
                return tr("DNS failure: %1 sent an unusable answer to %2").arg(server, what);
            default:
                continue;
            }
        }
        if (!e.answer->isSuccess())
            return tr("DNS failure: the server answered %1 to %2")
                .arg(Dns::rcodeName(e.answer->rcode), what);
    }
    return {};
}

QString line(const Investigation::Result &r)
{
    QString text;
    // A DNS failure first, said once: the record may be fine.
    if (const QString failure = dnsFailure(r); !failure.isEmpty()) {
        const QString domain = r.evaluation ? r.evaluation->domain : r.audit->domain;
        text = tr("%1. SPF of %2 could not be checked (temperror): not a fault of the record; "
                  "investigate again when DNS answers.")
                   .arg(failure, Text::safeText(Net::bothForms(domain)));
        return r.cancelled ? tr("Cancelled — partial results. ") + text : text;
    }
    if (r.evaluation) {
        const Evaluation &e = *r.evaluation;
        text = tr("%1 — mail from %2 for %3: %4")
                   .arg(resultName(e.result).toUpper(), e.ip,
                       Text::safeText(Net::bothForms(e.domain)), Text::safeText(e.reason));
        if (!e.explanation.isEmpty())
            text += tr(" Explanation: “%1”").arg(Text::safeText(e.explanation));
        // Where receivers read the RFC differently, say what the others conclude.
        QStringList others;
        for (const Spf::Interpretation &i : e.interpretations.mid(1))
            others << tr("%1 says %2").arg(i.name, resultName(i.result));
        if (!others.isEmpty() && !text.endsWith(u'.'))
            text += u'.';
        if (!others.isEmpty())
            text += tr(" Receivers disagree here: %1 (RFC 7208: %2).")
                        .arg(others.join(QStringLiteral("; ")), resultName(e.result));
    } else if (r.audit) {
        const Audit &a = *r.audit;
        const LookupBudget b = lookupBudget(a.trace);
        text = tr("SPF tree of %1: %2 (limit %3), %4 (limit %5).")
                   .arg(Text::safeText(Net::bothForms(a.domain)), tr("%n DNS lookup(s)", a.lookups),
                       QString::number(b.maxLookups), tr("%n void lookup(s)", a.voidLookups),
                       QString::number(b.maxVoidLookups));
        if (!a.problems.isEmpty())
            text += QLatin1Char(' ') + tr("%n problem(s): ", int(a.problems.size()))
                + Text::safeText(a.problems.front());
        else
            text += QLatin1Char(' ') + tr("No problems found. Add the sending IP to test it.");
    } else if (r.reverse) {
        QStringList names;
        for (const Dns::ReverseName &n : r.reverse->names)
            names << Text::safeText(Net::bothForms(n.name))
                    + (n.confirmed ? tr(" (confirmed)") : tr(" (not confirmed)"));
        text = tr("Reverse DNS of %1: %2. FCrDNS %3.")
                   .arg(r.reverse->ip,
                       names.isEmpty() ? tr("no PTR name") : names.join(QStringLiteral(", ")),
                       r.reverse->hasConfirmedName() ? tr("passes") : tr("fails"));
    }
    // A bounce that says the mail was refused: the refusal first, so a PASS now is not read as
    // "nothing wrong" (the Paste tab leads the same way).
    if (refusedBounce(r))
        text = refusal(r.bounce->paste) + tr(", see Paste bounce. SPF now: ") + text;
    if (r.cancelled)
        text = tr("Cancelled — partial results. ") + text;
    return text;
}

QStyle::StandardPixmap icon(const Investigation::Result &r)
{
    if (!dnsFailure(r).isEmpty())
        return QStyle::SP_MessageBoxWarning; // amber: DNS, not the record
    if (r.evaluation) {
        const Spf::Result result = r.evaluation->result;
        if (result == Spf::Result::Pass && refusedBounce(r))
            return QStyle::SP_MessageBoxWarning; // SPF passes, yet the mail was refused
        return result == Spf::Result::Pass ? QStyle::SP_DialogApplyButton
            : (result == Spf::Result::PermError || result == Spf::Result::TempError
                  || result == Spf::Result::Fail)
            ? QStyle::SP_MessageBoxCritical
            : QStyle::SP_MessageBoxWarning;
    }
    if (r.audit)
        return r.audit->problems.isEmpty() ? QStyle::SP_DialogApplyButton
                                           : QStyle::SP_MessageBoxCritical;
    if (r.reverse)
        return r.reverse->hasConfirmedName() ? QStyle::SP_DialogApplyButton
                                             : QStyle::SP_MessageBoxWarning;
    return QStyle::SP_MessageBoxInformation;
}

QString status(const Investigation::Result &r)
{
    if (!dnsFailure(r).isEmpty())
        return tr("DNS failure");
    switch (icon(r)) {
    case QStyle::SP_DialogApplyButton:
        return tr("passes");
    case QStyle::SP_MessageBoxCritical:
        return tr("error");
    case QStyle::SP_MessageBoxWarning:
        return tr("warning");
    default:
        return tr("information");
    }
}

QString published(const Investigation::Result &r)
{
    if (r.evaluation)
        return tr("%1 with %2")
            .arg(resultName(r.evaluation->result), tr("%n DNS lookup(s)", r.evaluation->lookups));
    if (r.audit)
        return tr("%1, %2").arg(tr("%n lookup(s)", r.audit->lookups),
            tr("%n problem(s)", int(r.audit->problems.size())));
    return tr("—");
}

QString draft(const Investigation::Result &r)
{
    if (r.evaluation)
        return tr("%1 with %2 — %3")
            .arg(resultName(r.evaluation->result), tr("%n DNS lookup(s)", r.evaluation->lookups),
                Text::safeText(r.evaluation->reason));
    if (r.audit)
        return tr("%1, %2%3")
            .arg(tr("%n lookup(s)", r.audit->lookups),
                tr("%n problem(s)", int(r.audit->problems.size())),
                r.audit->problems.isEmpty()
                    ? QString()
                    : QStringLiteral(" — ") + Text::safeText(r.audit->problems.front()));
    return r.error.isEmpty() ? tr("—") : r.error;
}

QString pasteLine(const Paste::Analysis &a)
{
    QString text;
    if (refused(a))
        text = refusal(a) + QStringLiteral(". ");
    else if (!a.failure.has_value())
        text = tr("Delayed: the sender's server still tries. ");
    else if (!a.failure.value())
        text = tr("Not a failure: %1. ").arg(Paste::reasonInfo(a.reason).title);
    else if (a.isEmpty())
        return tr("The paste shows no IP, sender, HELO, verdict or SMTP reply: see the Paste "
                  "bounce tab.");
    const QString sender = a.envelopeSender ? a.envelopeSender->value : QString();
    const QString ip = a.connectingIp ? a.connectingIp->value : QString();
    if (!sender.isEmpty() || !ip.isEmpty())
        text += tr("From %1 at %2. ")
                    .arg(sender.isEmpty() ? tr("an unknown sender") : Text::shortSafe(sender, 80),
                        ip.isEmpty() ? tr("an unknown IP") : ip);
    return text + tr("Investigate what was found to check SPF, DKIM and DMARC now.");
}

QStyle::StandardPixmap pasteIcon(const Paste::Analysis &a)
{
    if (refused(a))
        return QStyle::SP_MessageBoxCritical;
    if (!a.failure.has_value())
        return QStyle::SP_MessageBoxWarning;
    return QStyle::SP_MessageBoxInformation;
}

QString pasteStatus(const Paste::Analysis &a)
{
    return refused(a) ? tr("refused") : !a.failure.has_value() ? tr("delayed") : tr("information");
}

namespace {

const char *const fullText = "verdictFullText";

// Re-elides the label's text when its width changes.
class TwoLines : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Resize) {
            auto *label = static_cast<QLabel *>(watched);
            showOnTwoLines(label, label->property(fullText).toString());
        }
        return false;
    }
};

} // namespace

void keepTwoLines(QLabel *label)
{
    const QMargins m = label->contentsMargins();
    const QFontMetrics fm = label->fontMetrics();
    label->setFixedHeight(2 * std::max(fm.lineSpacing(), fm.height()) + m.top() + m.bottom()
        + 2 * label->frameWidth() + 2 * label->margin() + 6); // the stylesheet's focus frame
    label->installEventFilter(new TwoLines(label));
    label->setProperty(fullText, label->text());
}

void showOnTwoLines(QLabel *label, const QString &text)
{
    label->setProperty(fullText, text);
    const int width = label->contentsRect().width() - 2 * label->margin() - 6;
    QTextLayout layout(text, label->font());
    layout.beginLayout();
    QList<QTextLine> lines;
    for (QTextLine l = layout.createLine(); l.isValid() && lines.size() < 3;
         l = layout.createLine()) {
        l.setLineWidth(std::max(width, 40));
        lines << l;
    }
    layout.endLayout();
    if (lines.size() <= 2 || width <= 0) {
        label->setText(text);
        label->setToolTip(QString());
        return;
    }
    // Two lines: the first as laid out, the rest elided into the second (with room for the
    // label's own wrapping to differ a little).
    const QString first = text.left(lines[0].textLength());
    const QString rest = text.mid(lines[0].textLength());
    label->setText(first + label->fontMetrics().elidedText(rest, Qt::ElideRight, width * 9 / 10));
    label->setToolTip(text);
}

} // namespace Verdict
