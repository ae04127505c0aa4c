#include "cli/receiverscommand.h"

#include "common/safetext.h"
#include "investigation/investigation.h"
#include "mailpolicy/receivers.h"

namespace Cli {

namespace {

QString statusMark(MailPolicy::Status status)
{
    switch (status) {
    case MailPolicy::Status::Pass:
        return QStringLiteral("pass");
    case MailPolicy::Status::Fail:
        return QStringLiteral("FAIL");
    case MailPolicy::Status::Unknown:
        return QStringLiteral("unknown");
    case MailPolicy::Status::NotCheckable:
        break;
    }
    return QStringLiteral("n/a");
}

void printReport(QTextStream &out, const MailPolicy::Report &report)
{
    out << QStringLiteral("Will the big receivers take mail from %1%2?")
               .arg(Text::safeText(report.domain),
                   report.ip.isEmpty() ? QString() : QStringLiteral(" sent by ") + report.ip)
        << Qt::endl;
    out << QStringLiteral("DKIM selectors tried: ")
        << Text::safeText(report.dkim.tried().join(QStringLiteral(", "))) << Qt::endl;
    for (const MailPolicy::ReceiverResult &r : report.receivers) {
        out << Qt::endl
            << QStringLiteral("%1: %2  (rules of %3; %4)")
                   .arg(r.receiver.name, MailPolicy::verdictName(r.verdict).toUpper(),
                       r.receiver.date, r.receiver.source)
            << Qt::endl;
        for (const MailPolicy::RequirementResult &req : r.requirements) {
            out << QStringLiteral("  %1 %2 %3")
                       .arg(statusMark(req.status), -8)
                       .arg(req.rule.id, -22)
                       .arg(Text::safeText(req.why))
                << Qt::endl;
            if (!req.reply.isEmpty())
                out << QStringLiteral("  %1 %2 reply: %3")
                           .arg(QString(), -8)
                           .arg(QString(), -22)
                           .arg(Text::safeText(req.reply))
                    << Qt::endl;
        }
    }
}

} // namespace

int receiversCommand(const QStringList &args, Context &c)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("DOMAIN"),
        QStringLiteral("The sending domain (or an e-mail address: its domain is used)."));
    p.addOption({QStringLiteral("ip"),
        QStringLiteral("The sending IP: SPF is tested for it and its reverse DNS checked."),
        QStringLiteral("IP")});
    p.addOption({QStringLiteral("helo"), QStringLiteral("The HELO name the server sends."),
        QStringLiteral("NAME")});
    p.addOption({QStringLiteral("dkim"),
        QStringLiteral("A DKIM selector the domain signs with (repeatable); common provider "
                       "selectors are tried too."),
        QStringLiteral("SELECTOR")});
    addDnsOptions(p);
    int code = Ok;
    const HelpText usage {QStringLiteral("receivers"),
        QStringLiteral("receivers DOMAIN [--ip IP] [--helo NAME] [--dkim SELECTOR]... [options]"),
        QStringLiteral("  spfsleuth-cli receivers example.com --ip 192.0.2.25\n"
                       "  spfsleuth-cli receivers example.com --ip 192.0.2.25 --dkim s2024 "
                       "--json\n")};
    if (!parse(p, args, c, usage, &code))
        return code;
    if (p.positionalArguments().size() != 1)
        return c.usageError(QStringLiteral("give exactly one DOMAIN"));
    Investigation::Request request;
    request.scope = Investigation::Scope::Receivers;
    request.target = p.positionalArguments().front();
    request.ip = p.value(QStringLiteral("ip"));
    request.helo = p.value(QStringLiteral("helo"));
    request.dkimSelectors = p.values(QStringLiteral("dkim"));
    request.prefetchThreads = 16;
    // Bad input is refused before any DNS, by the rules every door shares.
    if (const Investigation::InputProblem problem = Investigation::problemOf(request);
        !problem.isEmpty() && problem.field != Investigation::InputField::Resolver)
        return c.usageError(problem.message);
    auto resolver = makeResolver(p, c, &code);
    if (!resolver)
        return code;
    request.resolverOverride = resolver;
    const Investigation::Result r = Investigation::run(request, Work::Cancel());
    if (!r.error.isEmpty())
        return c.usageError(r.error);
    if (!r.receivers)
        return c.usageError(QStringLiteral("nothing to check"));
    const MailPolicy::Report &report = *r.receivers;
    if (p.isSet(QStringLiteral("json")))
        writeJson(c.out, MailPolicy::toJson(report));
    else
        printReport(c.out, report);
    if (report.allMeet())
        return Ok;
    if (!report.anyFails() && report.dnsFailure())
        return DnsFailure;
    return Findings;
}

} // namespace Cli
