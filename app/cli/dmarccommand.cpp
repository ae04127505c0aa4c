#include "cli/dmarccommand.h"

#include "cli/cli.h"
#include "common/netutil.h"
#include "common/safetext.h"

namespace Cli {

namespace {

void printDiagnostics(QTextStream &out, const Dmarc::Record &record)
{
    out << Text::safeText(record.text) << Qt::endl;
    for (const Dmarc::Diagnostic &d : record.diagnostics) {
        if (d.range.length > 0)
            out << QString(d.range.offset, QLatin1Char(' '))
                << QString(d.range.length, QLatin1Char('^')) << QLatin1Char(' ');
        out << Spf::severityName(d.severity) << QLatin1Char(' ') << d.code << QStringLiteral(": ")
            << Text::safeText(d.message) << Qt::endl;
    }
}

void printWalk(QTextStream &out, const Dmarc::Lookup &l)
{
    out << QStringLiteral("RFC 9989 discovery (DNS tree walk, %1 of at most 8 queries):")
               .arg(l.walk.steps.size())
        << Qt::endl;
    for (const Dmarc::Step &s : l.discovery) {
        out << QStringLiteral("  %1 %2: %3").arg(Text::safeText(s.name), s.type, s.outcome);
        if (!s.record.isEmpty())
            out << QStringLiteral("  ") << Text::shortSafe(s.record, 160);
        else if (!s.detail.isEmpty())
            out << QStringLiteral(" (") << Text::shortSafe(s.detail, 160) << QLatin1Char(')');
        out << Qt::endl;
    }
}

QString policyOf(const Dmarc::Reading &r)
{
    return r.policy.isEmpty() ? QStringLiteral("unknown") : r.policy;
}

QString orgOf(const Dmarc::Reading &r)
{
    return r.organizationalDomain.isEmpty() ? QStringLiteral("unknown")
                                            : Text::safeText(r.organizationalDomain);
}

void printReadings(QTextStream &out, const Dmarc::Lookup &l)
{
    if (l.readings.size() != 2)
        return;
    if (l.readings[0].status == Dmarc::Status::None
        && l.readings[1].status == Dmarc::Status::None) {
        out << QStringLiteral("Neither RFC 9989 nor RFC 7489 receivers find a DMARC record that "
                              "applies: no DMARC policy applies")
            << Qt::endl;
        return;
    }
    if (!l.readingsDiffer()) {
        const Dmarc::Reading &r = l.readings.front();
        out << QStringLiteral("RFC 9989 and RFC 7489 receivers agree: policy %1, organizational "
                              "domain %2 (%3)")
                   .arg(policyOf(r), orgOf(r), Text::safeText(r.why))
            << Qt::endl;
        return;
    }
    out << QStringLiteral("Receivers disagree on this domain's DMARC:") << Qt::endl;
    for (const Dmarc::Reading &r : l.readings)
        out << QStringLiteral("  ") << Dmarc::describeReading(r) << Qt::endl;
}

} // namespace

void printDmarc(QTextStream &out, const Dmarc::Lookup &l)
{
    out << QStringLiteral("DMARC for ") << Text::safeText(Net::bothForms(l.domain));
    if (!l.organizationalDomain.isEmpty() && l.organizationalDomain != l.domain)
        out << QStringLiteral(" (organizational domain ") << Text::safeText(l.organizationalDomain)
            << QLatin1Char(')');
    out << QStringLiteral(": ") << Dmarc::statusName(l.status) << Qt::endl;
    if (!l.message.isEmpty())
        out << QStringLiteral("  ") << Text::safeText(l.message) << Qt::endl;
    if (l.status == Dmarc::Lookup::Status::Found) {
        out << QStringLiteral("Found at _dmarc.") << Text::safeText(l.foundAt) << Qt::endl;
        printDiagnostics(out, l.record);
        out << QStringLiteral("Policy for mail from %1: %2%3 (SPF alignment %4, DKIM "
                              "alignment %5)")
                   .arg(Text::safeText(l.domain), l.policy,
                       l.fromSubdomainPolicy ? QStringLiteral(", the subdomain policy") : QString(),
                       l.record.strictSpf ? QStringLiteral("strict") : QStringLiteral("relaxed"),
                       l.record.strictDkim ? QStringLiteral("strict") : QStringLiteral("relaxed"))
            << Qt::endl;
    }
    const Dmarc::Reading *bis = l.readings.isEmpty() ? nullptr : &l.readings.front();
    if (bis && !bis->record.isEmpty() && bis->record != l.record.text) {
        out << QStringLiteral("RFC 9989 receivers apply the record at _dmarc.")
            << Text::safeText(bis->foundAt) << QStringLiteral(" instead:") << Qt::endl;
        printDiagnostics(out, l.record9989);
    }
    out << Qt::endl;
    printWalk(out, l);
    printReadings(out, l);
}

int dmarcExitCode(const Dmarc::Lookup &l)
{
    if (l.dnsFailed())
        return DnsFailure;
    return l.status == Dmarc::Lookup::Status::Found && !l.record.hasErrors() ? Ok : Findings;
}

} // namespace Cli
