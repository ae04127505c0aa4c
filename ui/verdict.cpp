#include "verdict.h"

#include <QCoreApplication>

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

// The investigation came from a bounce that was refused for something SPF's result does not
// decide (DMARC, a block list, the mailbox...).
bool refusedForAnotherReason(const Investigation::Result &r)
{
    return r.bounce && !r.bounce->paste.reason.isEmpty()
        && !Paste::isSpfReason(r.bounce->paste.reason);
}

} // namespace

QString line(const Investigation::Result &r)
{
    QString text;
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
    // A bounce refused for something other than SPF: say so before the SPF verdict, so a PASS
    // is not read as "nothing wrong".
    if (refusedForAnotherReason(r))
        text = tr("Refused for: %1 (see Paste bounce). SPF: ")
                   .arg(Paste::reasonInfo(r.bounce->paste.reason).title)
            + text;
    if (r.cancelled)
        text = tr("Cancelled — partial results. ") + text;
    return text;
}

QStyle::StandardPixmap icon(const Investigation::Result &r)
{
    if (r.evaluation) {
        const Spf::Result result = r.evaluation->result;
        if (result == Spf::Result::Pass && refusedForAnotherReason(r))
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

} // namespace Verdict
