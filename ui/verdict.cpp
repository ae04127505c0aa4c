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
    if (!dnsFailure(r).isEmpty())
        return QStyle::SP_MessageBoxWarning; // amber: DNS, not the record
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

} // namespace Verdict
