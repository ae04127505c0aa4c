#include "report/reportcommand.h"

#include <QFileInfo>
#include <QJsonArray>

#include "caseio/casefile.h"
#include "cli/bouncecommand.h"
#include "common/netutil.h"
#include "common/safetext.h"
#include "investigation/summary.h"
#include "paste/bounce.h"
#include "report.h"
#include "spf/spfjson.h"
#include "workflow/session.h"

namespace Cli {

namespace {

void addReportOptions(QCommandLineParser &p)
{
    p.addPositionalArgument(QStringLiteral("TARGET"),
        QStringLiteral("Domain, e-mail address, IP address, or a case file (.spfcase). With "
                       "--bounce it may be left out: the bounce's envelope sender is used."),
        QStringLiteral("[TARGET]"));
    p.addOption({QStringLiteral("bounce"),
        QStringLiteral("The bounce (or NDR, or header) the case starts from; - reads standard "
                       "input. Its IP, sender and HELO are used unless given, and the report "
                       "opens with why the receiver rejected it (DMARC, DKIM keys, forwarding)."),
        QStringLiteral("FILE")});
    p.addOption(
        {QStringLiteral("ip"), QStringLiteral("The sending IP to test."), QStringLiteral("IP")});
    p.addOption({QStringLiteral("helo"), QStringLiteral("The HELO name."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("pdf"), QStringLiteral("Write the report as PDF."),
        QStringLiteral("FILE")});
    p.addOption({QStringLiteral("html"),
        QStringLiteral("Write the report as a standalone HTML page."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("notes"),
        QStringLiteral("Your notes, printed in the report and saved in the case."),
        QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("case-out"),
        QStringLiteral("Save the investigation as a case file, with all DNS evidence."),
        QStringLiteral("FILE")});
    p.addOption({QStringLiteral("live"),
        QStringLiteral("With a case file: recheck against DNS now and report what changed.")});
    p.addOption({QStringLiteral("prefetch"),
        QStringLiteral("Threads fetching the tree ahead of the audit through one answer cache for "
                       "the investigation (default 16; 0: one query at a time). Same results."),
        QStringLiteral("N")});
    p.addOption({QStringLiteral("blocklists"),
        QStringLiteral("Also ask the default DNS block lists about the sending IP: kept as "
                       "evidence, in the report and in the case file.")});
    p.addOption({QStringLiteral("no-ns-compare"),
        QStringLiteral("Do not ask every authoritative nameserver directly for the SPF record "
                       "(the report shows a section when they disagree).")});
    addNsPortOption(p);
    addDnsOptions(p);
}

// What the report is about: a request to run, or a case file (rechecked live or replayed).
struct Plan
{
    Investigation::Request request;
    std::optional<CaseFile::Case> loaded;
    std::optional<Investigation::ResolverChoice> live; // a case rechecked against DNS now
    QString notes;
};

// TARGET, or the bounce's envelope sender (or HELO) when TARGET is left out. Ok, or the code of
// a usage error already printed.
int takeTarget(const QCommandLineParser &p, Context &c,
    const std::shared_ptr<const Paste::Analysis> &bounce, QString *target)
{
    if (p.positionalArguments().size() > 1 || (p.positionalArguments().isEmpty() && !bounce))
        return c.usageError(QStringLiteral("give exactly one TARGET"));
    if (!p.isSet(QStringLiteral("pdf")) && !p.isSet(QStringLiteral("html"))
        && !p.isSet(QStringLiteral("json")) && !p.isSet(QStringLiteral("case-out")))
        return c.usageError(QStringLiteral(
            "say where the report goes: --pdf FILE, --html FILE, --json or --case-out FILE"));
    *target = p.positionalArguments().value(0);
    if (target->isEmpty() && bounce) {
        *target = bounce->envelopeSender && !bounce->envelopeSender->value.isEmpty()
            ? bounce->envelopeSender->value
            : bounce->helo ? bounce->helo->value
                           : QString();
        if (target->isEmpty())
            return c.usageError(QStringLiteral("the bounce shows no envelope sender or HELO "
                                               "name: give the TARGET domain"));
    }
    return Ok;
}

int planFromCase(const QCommandLineParser &p, Context &c, const QString &path, Plan &plan)
{
    auto loaded = CaseFile::load(path);
    if (!loaded)
        return c.usageError(loaded.error());
    if (p.isSet(QStringLiteral("ip")) || p.isSet(QStringLiteral("helo"))
        || p.isSet(QStringLiteral("blocklists")))
        return c.usageError(QStringLiteral("a case file fixes the IP, the HELO and its block-list "
                                           "checks; do not give --ip, --helo or --blocklists "
                                           "with it"));
    plan.loaded = *loaded;
    if (p.isSet(QStringLiteral("live"))) {
        int code = Ok;
        const auto choice = resolverChoice(p, c, &code);
        if (!choice)
            return code;
        plan.live = *choice;
    }
    plan.request = CaseFile::request(*plan.loaded, nullptr);
    if (plan.notes.isEmpty())
        plan.notes = plan.loaded->notes;
    return Ok;
}

int planFromTarget(const QCommandLineParser &p, Context &c, const QString &target,
    const std::shared_ptr<const Paste::Analysis> &bounce, Plan &plan)
{
    if (p.isSet(QStringLiteral("live")))
        return c.usageError(QStringLiteral("--live goes with a case file"));
    Investigation::Request &request = plan.request;
    request.target = target;
    request.ip = p.value(QStringLiteral("ip"));
    request.helo = p.value(QStringLiteral("helo"));
    if (bounce) {
        if (!p.isSet(QStringLiteral("ip")) && bounce->connectingIp)
            request.ip = bounce->connectingIp->value;
        if (!p.isSet(QStringLiteral("helo")) && bounce->helo
            && !bounce->helo->value.startsWith(QLatin1Char('[')))
            request.helo = bounce->helo->value;
        request.paste = bounce;
    }
    if (const QString problem = Investigation::validate(request); !problem.isEmpty())
        return c.usageError(problem);
    if (p.isSet(QStringLiteral("blocklists"))) {
        const auto ip = Net::parseIp(request.ip.trimmed());
        if (!ip)
            return c.usageError(QStringLiteral("--blocklists asks about the sending IP: give "
                                               "--ip, or a bounce that names it"));
        request.blocklists << Investigation::blocklistQuestion(*ip, Dnsbl::defaultLists());
    }
    if (const int bad
        = takeNumber(p, c, QStringLiteral("prefetch"), 0, 64, 16, &request.prefetchThreads);
        bad != Ok)
        return bad;
    if (const int bad = takeNsPort(p, c, &request.nsPort); bad != Ok)
        return bad;
    // Live DNS only: a zone file has no nameservers to ask.
    request.compareNameservers
        = !p.isSet(QStringLiteral("no-ns-compare")) && !p.isSet(QStringLiteral("zone"));
    int code = Ok;
    const auto choice = resolverChoice(p, c, &code);
    if (!choice)
        return code;
    request.resolver = *choice;
    if (const QString problem = Investigation::validate(request); !problem.isEmpty())
        return c.usageError(problem);
    return Ok;
}

// The case file, the PDF and the HTML page asked for: Ok, or IoError (said on stderr). Each file
// written is said on its own line (on stderr when stdout carries the JSON).
int writeFiles(const QCommandLineParser &p, Context &c, const Investigation::Result &result,
    const QString &notes)
{
    Report::Options options;
    options.notes = notes;
    QTextStream &said = p.isSet(QStringLiteral("json")) ? c.err : c.out;
    const auto wrote = [&](const QString &what, const QString &path,
                           const Sleuth::Expected<void, QString> &written) {
        if (!written) {
            c.err << QStringLiteral("spfsleuth-cli report: %1").arg(written.error()) << Qt::endl;
            return false;
        }
        said << QStringLiteral("Wrote %1: %2").arg(what, path) << Qt::endl;
        return true;
    };
    if (p.isSet(QStringLiteral("case-out"))) {
        const QString path = p.value(QStringLiteral("case-out"));
        if (!wrote(QStringLiteral("the case file"), path,
                CaseFile::save(CaseFile::fromResult(result, notes), path)))
            return IoError;
    }
    if (p.isSet(QStringLiteral("pdf"))) {
        const QString path = p.value(QStringLiteral("pdf"));
        if (!wrote(QStringLiteral("the PDF report"), path, Report::writePdf(result, path, options)))
            return IoError;
    }
    if (p.isSet(QStringLiteral("html"))) {
        const QString path = p.value(QStringLiteral("html"));
        if (!wrote(
                QStringLiteral("the HTML report"), path, Report::writeHtml(result, path, options)))
            return IoError;
    }
    return Ok;
}

QJsonObject reportJson(const Investigation::Result &result, const QString &notes,
    const std::optional<CaseFile::Diff> &diff)
{
    QJsonArray findings;
    for (const Summary::Finding &f : Summary::findings(result))
        findings << QJsonObject {{QStringLiteral("text"), f.text},
            {QStringLiteral("rfc"), QJsonArray::fromStringList(f.rfcSections)}};
    QJsonObject o = CaseFile::toJson(CaseFile::fromResult(result, notes));
    o.insert(QStringLiteral("summary"), findings);
    o.insert(QStringLiteral("corrected_record"), Summary::correctedRecord(result));
    o.insert(
        QStringLiteral("rfc_sections"), QJsonArray::fromStringList(Summary::rfcSections(result)));
    o.remove(QStringLiteral("bounce")); // the pasted text: the analysis below says it all
    if (result.bounce)
        o.insert(QStringLiteral("bounce"), Bounce::toJson(*result.bounce));
    if (diff) {
        QJsonArray changes;
        for (const CaseFile::Change &ch : diff->changes)
            changes << QJsonObject {{QStringLiteral("kind"), CaseFile::kindName(ch.kind)},
                {QStringLiteral("name"), ch.question.name},
                {QStringLiteral("type"), Dns::typeName(ch.question.type)},
                {QStringLiteral("before"), QJsonArray::fromStringList(ch.before)},
                {QStringLiteral("after"), QJsonArray::fromStringList(ch.after)}};
        o.insert(QStringLiteral("recheck"),
            QJsonObject {{QStringLiteral("verdict_then"), diff->verdictThen},
                {QStringLiteral("verdict_now"), diff->verdictNow},
                {QStringLiteral("verdict_changed"), diff->verdictChanged()},
                {QStringLiteral("changes"), changes}});
    }
    return o;
}

void printDiff(QTextStream &out, const CaseFile::Diff &diff)
{
    out << QStringLiteral("Then: %1\nNow:  %2\n").arg(diff.verdictThen, diff.verdictNow);
    for (const CaseFile::Change &ch : diff.changes)
        out << QStringLiteral("%1 %2 %3: %4 -> %5\n")
                   .arg(CaseFile::kindName(ch.kind), ch.question.name,
                       Dns::typeName(ch.question.type), ch.before.join(QStringLiteral(" | ")),
                       ch.after.join(QStringLiteral(" | ")));
}

} // namespace

int reportCommand(const QStringList &args, Context &c)
{
    QCommandLineParser p;
    addReportOptions(p);
    int code = Ok;
    const HelpText help {QStringLiteral("report"),
        QStringLiteral("report TARGET|--bounce FILE [--ip IP] [--helo NAME] [--blocklists] --pdf "
                       "FILE|--html FILE|--json "
                       "[options]"),
        QStringLiteral(
            "  spfsleuth-cli report user@pclnet.example --ip 64.8.71.112 --pdf pclnet.pdf\n"
            "  spfsleuth-cli report --zone case.zone example.com --ip 192.0.2.1 --html report.html "
            "--case-out example.spfcase\n"
            "  spfsleuth-cli report example.spfcase --pdf again.pdf          (offline, from the "
            "captured answers)\n"
            "  spfsleuth-cli report example.spfcase --live --json             (what changed "
            "since)\n"
            "  spfsleuth-cli report --bounce returned.eml --pdf why.pdf       (from a bounce)\n")};
    if (!parse(p, args, c, help, &code))
        return code;
    std::shared_ptr<const Paste::Analysis> bounce;
    if (p.isSet(QStringLiteral("bounce"))) {
        Paste::Analysis analysis;
        if (const int bad = readBounce(p.value(QStringLiteral("bounce")), c, &analysis); bad != Ok)
            return bad;
        bounce = std::make_shared<const Paste::Analysis>(std::move(analysis));
    }
    QString target;
    if (const int bad = takeTarget(p, c, bounce, &target); bad != Ok)
        return bad;
    Plan plan;
    plan.notes = p.value(QStringLiteral("notes"));
    const bool isCase = target.endsWith(QStringLiteral(".") + QLatin1String(CaseFile::fileSuffix))
        || (QFileInfo(target).isFile() && !target.contains(QLatin1Char('@')));
    if (isCase && bounce)
        return c.usageError(QStringLiteral("a case file keeps its own bounce; do not give "
                                           "--bounce with it"));
    if (const int bad
        = isCase ? planFromCase(p, c, target, plan) : planFromTarget(p, c, target, bounce, plan);
        bad != Ok)
        return bad;
    const Work::Cancel cancel;
    std::optional<CaseFile::Diff> diff;
    Investigation::Result result;
    if (plan.loaded && plan.live) {
        const Investigation::Recheck r = Investigation::recheck(
            *plan.loaded, Investigation::ResolverSource {nullptr, *plan.live}, cancel);
        if (!r.now)
            return c.usageError(r.error);
        result = *r.now;
        diff = r.diff;
    } else {
        result = Investigation::run(plan.request, cancel);
    }
    if (!result.error.isEmpty())
        return c.usageError(result.error);
    if (const int bad = writeFiles(p, c, result, plan.notes); bad != Ok)
        return bad;
    if (p.isSet(QStringLiteral("json")))
        writeJson(c.out, reportJson(result, plan.notes, diff));
    else if (diff)
        printDiff(c.out, *diff);
    return Ok;
}

} // namespace Cli
