#include "cli/cli.h"
#include "cli/bouncecommand.h"
#include "cli/dnsblcommand.h"
#include "cli/receiverscommand.h"
#include "cli/reportlauncher.h"

#include <unistd.h>

#include <memory>
#include <numeric>

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include "cli/dmarccommand.h"
#include "common/lookalike.h"
#include "common/netutil.h"
#include "common/safetext.h"
#include "dmarc/dmarc.h"
#include "dns/dnsjson.h"
#include "dns/reverselookup.h"
#include "investigation/bulkaudit.h"
#include "investigation/inputcheck.h"
#include "investigation/investigation.h"
#include "investigation/nscompare.h"
#include "spf/advice.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"
#include "spf/parser.h"
#include "spf/spfjson.h"
#include "text/textoutput.h"

namespace Cli {

namespace {

const char *const overview = R"(spfsleuth-cli: SPF and DNS diagnostics (RFC 7208)

Usage: spfsleuth-cli COMMAND [OPTIONS] [ARGUMENTS]

Commands:
  check   Would this IP pass SPF for this sender? Evaluates check_host() with a full trace.
  tree    The whole include/redirect tree of a domain, every lookup it costs, every network.
  lint    Check the syntax of an SPF record text, with positions and fixes.
  dig     Ask one DNS question, like dig.
  ptr     Reverse lookup of an IP with forward confirmation (FCrDNS).
  report  A PDF/HTML/JSON report for the sender's admin; saves case files.
  audit   Audit many domains at once: one CSV or JSON row per domain, with a summary.
  ns-compare  Ask each authoritative nameserver directly and show which serve another record.
  dmarc   The DMARC record that applies to a From domain (or its organizational domain), linted.
  bounce  Why a receiver refused a message: reads a bounce, NDR, ARF report or header (MIME), then
          checks SPF, DMARC alignment, DKIM keys and forwarding.
  dnsbl   Is an IP on DNS block lists (Spamhaus ZEN, SpamCop, ...)? Tells "query refused" apart.
  receivers  Would Gmail, Microsoft and Yahoo take mail from this domain (and IP)? Each rule, why,
          and the reply each sends when it fails.

Examples:
  spfsleuth-cli check --ip 64.8.71.112 --sender user@pclnet.example
  spfsleuth-cli lint 'v=spf1 mx ipv4:64.8.71.112 -all'
  spfsleuth-cli tree example.com --server 192.0.2.53
  spfsleuth-cli report user@pclnet.example --ip 64.8.71.112 --pdf report.pdf

Run 'spfsleuth-cli COMMAND --help' for a command's options and examples, --version for the version.

Exit codes: 0 done, 1 findings (lint errors, tree problems), 2 bad arguments or input,
3 DNS failure, 4 file error.
)";

} // namespace

int Context::usageError(const QString &message)
{
    err << QStringLiteral("spfsleuth-cli %1: %2").arg(command, Text::safeText(message)) << Qt::endl;
    return Usage;
}

void addDnsOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("server"),
        QStringLiteral("Ask this DNS server (HOST[:PORT], [IPv6]:PORT). Repeatable. Default: "
                       "/etc/resolv.conf."),
        QStringLiteral("HOST[:PORT]")});
    p.addOption({QStringLiteral("timeout"),
        QStringLiteral("Seconds to wait for each answer (default 3)."), QStringLiteral("SECONDS")});
    p.addOption({QStringLiteral("tries"), QStringLiteral("Tries per server (default 2)."),
        QStringLiteral("N")});
    p.addOption({QStringLiteral("zone"),
        QStringLiteral("Answer from this zone file or JSON snapshot instead of the network."),
        QStringLiteral("FILE")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Write JSON instead of text.")});
}

std::optional<Investigation::ResolverChoice> resolverChoice(
    const QCommandLineParser &p, Context &c, int *exitCode)
{
    *exitCode = Ok;
    Investigation::ResolverChoice choice;
    choice.servers = p.values(QStringLiteral("server"));
    if (p.isSet(QStringLiteral("zone"))) {
        if (!choice.servers.isEmpty()) {
            *exitCode = c.usageError(QStringLiteral("use either --zone or --server, not both"));
            return std::nullopt;
        }
        choice.mode = Investigation::ResolverMode::ZoneFile;
        choice.zoneFile = p.value(QStringLiteral("zone"));
    } else if (!choice.servers.isEmpty()) {
        choice.mode = Investigation::ResolverMode::Custom;
    }
    if (p.isSet(QStringLiteral("timeout"))) {
        const auto ms = Investigation::timeoutOption(p.value(QStringLiteral("timeout")));
        if (!ms) {
            *exitCode = c.usageError(ms.error());
            return std::nullopt;
        }
        choice.timeoutMs = *ms;
    }
    if (const int bad
        = takeNumber(p, c, QStringLiteral("tries"), 1, 10, choice.tries, &choice.tries);
        bad != Ok) {
        *exitCode = bad;
        return std::nullopt;
    }
    return choice;
}

std::optional<Investigation::ResolverSetup> makeResolver(
    const Investigation::ResolverChoice &choice, Context &c, int *exitCode)
{
    *exitCode = Ok;
    auto made = Investigation::makeResolver(choice);
    if (!made) {
        *exitCode = c.usageError(made.error());
        return std::nullopt;
    }
    return *made;
}

std::shared_ptr<Dns::Resolver> makeResolver(const QCommandLineParser &p, Context &c, int *exitCode)
{
    const auto choice = resolverChoice(p, c, exitCode);
    if (!choice)
        return nullptr;
    const auto setup = makeResolver(*choice, c, exitCode);
    return setup ? setup->resolver : nullptr;
}

bool parse(QCommandLineParser &p, const QStringList &args, Context &c, const HelpText &usage,
    int *exitCode)
{
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addOption({{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")});
    if (!p.parse(QStringList {QStringLiteral("spfsleuth-cli")} + args)) {
        *exitCode = c.usageError(
            p.errorText() + QStringLiteral(" (see 'spfsleuth-cli %1 --help')").arg(c.command));
        return false;
    }
    if (p.isSet(QStringLiteral("help"))) {
        // Qt names the program by the path it was started with; the usage line names the command.
        QString help = p.helpText();
        const qsizetype lineEnd = help.indexOf(QLatin1Char('\n'));
        help.replace(0, lineEnd < 0 ? help.size() : lineEnd,
            QStringLiteral("Usage: spfsleuth-cli ") + usage.synopsis);
        c.out << help << Qt::endl
              << QStringLiteral("Examples:") << Qt::endl
              << usage.examples << Qt::endl;
        *exitCode = Ok;
        return false;
    }
    return true;
}

void writeJson(QTextStream &out, const QJsonObject &o, bool compact)
{
    out << QString::fromUtf8(
        QJsonDocument(o).toJson(compact ? QJsonDocument::Compact : QJsonDocument::Indented));
    if (compact)
        out << QLatin1Char('\n');
}

int takeIpArgument(const QCommandLineParser &p, Context &c, QHostAddress *ip)
{
    if (p.positionalArguments().size() != 1)
        return c.usageError(QStringLiteral("give exactly one IP address"));
    const QString text = p.positionalArguments().front().trimmed();
    const auto parsed = Net::parseIp(text);
    if (!parsed) {
        // Name what it is when it only looks like an address (a kernel version, a status code).
        const auto lookalike = Lookalike::classify(text);
        return c.usageError(lookalike ? QStringLiteral("%1: %2").arg(
                                InputCheck::ipProblem(text), Text::safeText(lookalike->explanation))
                                      : InputCheck::ipProblem(text));
    }
    *ip = *parsed;
    return Ok;
}

int takeNumber(const QCommandLineParser &p, Context &c, const QString &name, int min, int max,
    int fallback, int *value)
{
    *value = fallback;
    if (!p.isSet(name))
        return Ok;
    bool ok = false;
    *value = p.value(name).toInt(&ok);
    if (!ok || *value < min || *value > max)
        return c.usageError(
            QStringLiteral("--%1 takes a whole number from %2 to %3").arg(name).arg(min).arg(max));
    return Ok;
}

void addNsPortOption(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("ns-port"),
        QStringLiteral(
            "Port the authoritative servers listen on (default 53; for labs and tests)."),
        QStringLiteral("PORT")});
}

int takeNsPort(const QCommandLineParser &p, Context &c, quint16 *port)
{
    *port = 53;
    if (!p.isSet(QStringLiteral("ns-port")))
        return Ok;
    const auto given = Investigation::nsPortOption(p.value(QStringLiteral("ns-port")));
    if (!given)
        return c.usageError(given.error());
    *port = *given;
    return Ok;
}

int openInput(const QString &source, Context &c, LineInput *input)
{
    if (source == QLatin1String("-")) {
        input->stream = &c.in;
        return Ok;
    }
    input->file.setFileName(source);
    if (!input->file.open(QIODevice::ReadOnly | QIODevice::Text))
        return c.usageError(
            QStringLiteral("cannot read %1: %2").arg(source, input->file.errorString()));
    input->fileStream = std::make_unique<QTextStream>(&input->file);
    input->stream = input->fileStream.get();
    return Ok;
}

namespace {

// ---- check ---------------------------------------------------------------------------------

// One line of check --batch: IP<TAB>SENDER<TAB>HELO, checked as the single check is.
QJsonObject runBatchLine(const Bulk::Through &through, const Spf::EvaluatorOptions &base,
    const Bulk::Input &line, bool withTrace)
{
    const QStringList fields = line.text.split(QLatin1Char('\t'));
    const QString ip = fields.value(0);
    const QString sender = fields.value(1);
    const QString helo = fields.value(2);
    QJsonObject input {{QStringLiteral("ip"), ip}, {QStringLiteral("sender"), sender},
        {QStringLiteral("helo"), helo}};
    const auto question = InputCheck::checkQuestion(ip, sender, helo);
    if (!question)
        return {{QStringLiteral("line"), line.line}, {QStringLiteral("input"), input},
            {QStringLiteral("error"), question.error()}};
    Spf::EvaluatorOptions options = base;
    options.cache = through.cache;
    const Spf::Evaluation e = Investigation::evaluate(*through.resolver, *question, options);
    QJsonObject o = Spf::Json::fromEvaluation(e, withTrace);
    if (!question->notes.isEmpty())
        o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(question->notes));
    o.insert(QStringLiteral("line"), line.line);
    o.insert(QStringLiteral("input"), input);
    return o;
}

int runBatch(Context &c, const std::shared_ptr<Dns::Resolver> &network,
    const Spf::EvaluatorOptions &options, const QString &source, bool withTrace, int jobs,
    bool sharedCache)
{
    LineInput input;
    if (const int bad = openInput(source, c, &input); bad != Ok)
        return bad;
    // One answer cache for the batch: lines that share includes ask for them once. Output in
    // input order, a chunk at a time (bounded memory).
    Bulk::Options batch;
    batch.jobs = jobs;
    batch.chunkSize = 256;
    batch.sharedCache = sharedCache;
    bool anyBad = false;
    Bulk::forEach<QJsonObject>(
        network, Bulk::rawLineSource(*input.stream), batch, Work::Cancel(),
        [&](const Bulk::Through &through, const Bulk::Input &line) {
            return runBatchLine(through, options, line, withTrace);
        },
        [&](const QList<QJsonObject> &results) {
            for (const QJsonObject &o : results) {
                anyBad = anyBad || o.contains(QStringLiteral("error"));
                writeJson(c.out, o, true);
            }
            c.out.flush();
        });
    return anyBad ? Usage : Ok;
}

// One check, through the window's pipeline asked only for check_host()
// (InputCheck::checkQuestion reads --ip, --sender and --helo).
int checkOne(const QCommandLineParser &p, Context &c,
    const std::shared_ptr<Dns::Resolver> &resolver, int prefetch)
{
    if (!p.isSet(QStringLiteral("ip")))
        return c.usageError(QStringLiteral("--ip is required (or --batch FILE)"));
    Investigation::Request request;
    request.scope = Investigation::Scope::Check;
    request.target = p.value(QStringLiteral("sender"));
    request.ip = p.value(QStringLiteral("ip"));
    request.helo = p.value(QStringLiteral("helo"));
    request.defaultExplanation = p.value(QStringLiteral("default-explanation"));
    request.resolverOverride = resolver;
    request.prefetchThreads = prefetch;
    const Investigation::Result r = Investigation::run(request, Work::Cancel());
    if (!r.error.isEmpty())
        return c.usageError(r.error);
    const Spf::Evaluation &e = *r.evaluation;
    const QStringList &notes = r.question->notes;
    if (p.isSet(QStringLiteral("json"))) {
        QJsonObject o = Spf::Json::fromEvaluation(e);
        o.insert(QStringLiteral("evidence"), Spf::Json::fromExchanges(e.trace.exchanges));
        if (!notes.isEmpty())
            o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
        writeJson(c.out, o);
    } else {
        for (const QString &note : notes)
            c.out << QStringLiteral("Note: ") << Text::safeText(note) << Qt::endl;
        Text::printEvaluation(c.out, e);
    }
    return Ok;
}

int cmdCheck(const QStringList &args, Context &c)
{
    QCommandLineParser p;
    p.addOption(
        {QStringLiteral("ip"), QStringLiteral("The connecting client's IP address (IPv4 or IPv6)."),
            QStringLiteral("IP")});
    p.addOption({QStringLiteral("sender"),
        QStringLiteral("The envelope sender (MAIL FROM); empty checks the HELO identity."),
        QStringLiteral("ADDR")});
    p.addOption(
        {QStringLiteral("helo"), QStringLiteral("The HELO/EHLO name."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("default-explanation"),
        QStringLiteral("Explanation for fail when the record has no usable exp=."),
        QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("batch"),
        QStringLiteral("Check every line of FILE (- for stdin): IP<TAB>SENDER<TAB>HELO. Writes one "
                       "JSON object per line, in input order."),
        QStringLiteral("FILE")});
    p.addOption({QStringLiteral("jobs"),
        QStringLiteral("Checks run at once with --batch (default 8)."), QStringLiteral("N")});
    p.addOption({QStringLiteral("no-trace"),
        QStringLiteral("Leave the trace out of the JSON (smaller output for bulk work).")});
    p.addOption({QStringLiteral("no-cache"),
        QStringLiteral("With --batch: no answer cache shared between lines; every check asks "
                       "afresh, as separate checkers would.")});
    p.addOption({QStringLiteral("prefetch"),
        QStringLiteral("Threads fetching the domain's tree ahead of a single check through a "
                       "cache of its own (default 16; 0: one query at a time, in the order a "
                       "receiver asks; --batch defaults to 0). The result is the same; the "
                       "server may see queries for branches the check never reaches."),
        QStringLiteral("N")});
    addDnsOptions(p);
    int code = Ok;
    const HelpText usage {QStringLiteral("check"),
        QStringLiteral("check --ip IP --sender ADDR [--helo NAME] [options]"),
        QStringLiteral(
            "  spfsleuth-cli check --ip 64.8.71.112 --sender user@pclnet.example\n"
            "  spfsleuth-cli check --ip 2001:db8::25 --sender '' --helo mail.example.org --json\n"
            "  spfsleuth-cli check --zone case.zone --ip 192.0.2.10 --sender a@example.com\n"
            "  printf '192.0.2.1\\tuser@example.com\\tmail.example.com\\n' | spfsleuth-cli check "
            "--batch -\n")};
    if (!parse(p, args, c, usage, &code))
        return code;
    if (!p.positionalArguments().isEmpty())
        return c.usageError(
            QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().front()));
    const bool batch = p.isSet(QStringLiteral("batch"));
    int prefetch = 0;
    if (const int bad
        = takeNumber(p, c, QStringLiteral("prefetch"), 0, 64, batch ? 0 : 16, &prefetch);
        bad != Ok)
        return bad;
    if (p.isSet(QStringLiteral("no-cache")) && !batch)
        return c.usageError(QStringLiteral(
            "--no-cache goes with --batch (a single check shares no cache with other checks)"));
    auto resolver = makeResolver(p, c, &code);
    if (!resolver)
        return code;
    if (batch) {
        if (p.isSet(QStringLiteral("ip")) || p.isSet(QStringLiteral("sender"))
            || p.isSet(QStringLiteral("helo")))
            return c.usageError(QStringLiteral("--batch reads IP, sender and HELO from its lines; "
                                               "do not combine it with --ip/--sender/--helo"));
        int jobs = 8;
        if (const int bad = takeNumber(p, c, QStringLiteral("jobs"), 1, 256, 8, &jobs); bad != Ok)
            return bad;
        Spf::EvaluatorOptions options;
        options.defaultExplanation = p.value(QStringLiteral("default-explanation"));
        options.prefetchThreads = prefetch;
        return runBatch(c, resolver, options, p.value(QStringLiteral("batch")),
            !p.isSet(QStringLiteral("no-trace")), jobs, !p.isSet(QStringLiteral("no-cache")));
    }
    return checkOne(p, c, resolver, prefetch);
}

// ---- tree ----------------------------------------------------------------------------------

// Exactly one valid DOMAIN (or e-mail address) argument: Ok, or the code of a usage error.
int takeDomainArgument(const QCommandLineParser &p, Context &c, QString *domain)
{
    if (p.positionalArguments().size() != 1)
        return c.usageError(QStringLiteral("give exactly one DOMAIN"));
    const QString typed = p.positionalArguments().front();
    const Investigation::Target target = Investigation::domainTarget(typed);
    if (target.kind == Investigation::TargetKind::Invalid)
        return c.usageError(target.problem);
    *domain = InputCheck::typedDomain(typed); // as typed: dmarc and ns-compare show it so
    if (!target.aceNote.isEmpty())
        c.err << QStringLiteral("note: ") << Text::safeText(target.aceNote) << Qt::endl;
    return Ok;
}

int cmdTree(const QStringList &args, Context &c)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("DOMAIN"),
        QStringLiteral("A domain, or an e-mail address (its domain is used)."));
    addDnsOptions(p);
    p.addOption({QStringLiteral("prefetch"),
        QStringLiteral("Threads fetching the tree ahead of the audit through a shared cache "
                       "(default 16; 0: one query at a time). The result is the same either way."),
        QStringLiteral("N")});
    p.addOption({QStringLiteral("helo"),
        QStringLiteral("A HELO name whose A and AAAA addresses the advice checks too (besides the "
                       "MX hosts)."),
        QStringLiteral("NAME")});
    p.addOption({QStringLiteral("networks"),
        QStringLiteral("Print only the networks the tree authorizes, one a line, duplicates "
                       "merged (CIDR).")});
    int code = Ok;
    const HelpText usage {QStringLiteral("tree"), QStringLiteral("tree DOMAIN [options]"),
        QStringLiteral("  spfsleuth-cli tree example.com\n"
                       "  spfsleuth-cli tree user@example.com --server 192.0.2.53 --json\n"
                       "  spfsleuth-cli tree example.com --networks > allowed-senders.txt\n")};
    if (!parse(p, args, c, usage, &code))
        return code;
    QString domain;
    if (const int bad = takeDomainArgument(p, c, &domain); bad != Ok)
        return bad;
    int prefetch = 16;
    if (const int bad = takeNumber(p, c, QStringLiteral("prefetch"), 0, 64, 16, &prefetch);
        bad != Ok)
        return bad;
    auto resolver = makeResolver(p, c, &code);
    if (!resolver)
        return code;
    // The window's pipeline, asked for the tree and its advice (the networks need no advice).
    const bool networksOnly = p.isSet(QStringLiteral("networks"));
    Investigation::Request request;
    request.scope = networksOnly ? Investigation::Scope::Tree : Investigation::Scope::TreeAdvice;
    request.target = p.positionalArguments().front();
    request.helo = p.value(QStringLiteral("helo")); // whose addresses the advice checks
    request.resolverOverride = resolver;
    request.prefetchThreads = prefetch;
    const Investigation::Result r = Investigation::run(request, Work::Cancel());
    if (!r.error.isEmpty())
        return c.usageError(r.error);
    const Spf::Audit &audit = *r.audit;
    if (networksOnly) {
        // The networks the tree authorizes, one a line, duplicates merged: for firewalls and
        // allow-lists.
        for (const QString &n : Spf::authorizedSpace(audit).networks())
            c.out << n << Qt::endl;
    } else if (p.isSet(QStringLiteral("json"))) {
        QJsonObject o = Spf::Json::fromAudit(audit);
        o.insert(QStringLiteral("evidence"), Spf::Json::fromExchanges(audit.trace.exchanges));
        o.insert(QStringLiteral("advice"), Spf::Json::fromAdvice(r.advice));
        writeJson(c.out, o);
    } else {
        Text::printAudit(c.out, audit);
        Text::printAdvice(c.out, r.advice);
    }
    const Spf::TraceNode &root = audit.trace.nodes.front();
    if (root.hasResult && root.result == Spf::Result::TempError)
        return DnsFailure;
    return audit.problems.isEmpty() && audit.complete() ? Ok : Findings;
}

// ---- audit (bulk) --------------------------------------------------------------------------

int cmdAudit(const QStringList &args, Context &c)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("domains"),
        QStringLiteral("One domain (or address) a line; - reads standard input."),
        QStringLiteral("FILE")});
    p.addOption({QStringLiteral("format"),
        QStringLiteral("csv (default) or json (one object a line)."), QStringLiteral("FORMAT")});
    p.addOption({QStringLiteral("jobs"), QStringLiteral("Domains audited at once (default 8)."),
        QStringLiteral("N")});
    p.addOption(
        {QStringLiteral("quiet"), QStringLiteral("No progress bar and no summary on stderr.")});
    p.addOption({QStringLiteral("no-cache"),
        QStringLiteral("No answer cache shared between domains; each audit asks afresh.")});
    addDnsOptions(p);
    int code = Ok;
    const HelpText usage {QStringLiteral("audit"),
        QStringLiteral("audit --domains FILE|- [--format csv|json] [options]"),
        QStringLiteral(
            "  spfsleuth-cli audit --domains customers.txt > audit.csv\n"
            "  cut -d, -f1 list.csv | spfsleuth-cli audit --domains - --format json --jobs 16\n")};
    if (!parse(p, args, c, usage, &code))
        return code;
    if (!p.isSet(QStringLiteral("domains")))
        return c.usageError(
            QStringLiteral("give --domains FILE (one domain a line) or --domains -"));
    const QString format = p.isSet(QStringLiteral("json"))
        ? QStringLiteral("json")
        : p.value(QStringLiteral("format")).toLower();
    if (!format.isEmpty() && format != QLatin1String("csv") && format != QLatin1String("json"))
        return c.usageError(QStringLiteral("--format is csv or json, not '%1'")
                                .arg(p.value(QStringLiteral("format"))));
    const bool json = format == QLatin1String("json");
    int jobs = 8;
    if (const int bad = takeNumber(p, c, QStringLiteral("jobs"), 1, 256, 8, &jobs); bad != Ok)
        return bad;
    // The list is read as it is audited (bounded memory for lists of any length); a file is
    // counted first for the progress total, standard input is not.
    LineInput input;
    if (const int bad = openInput(p.value(QStringLiteral("domains")), c, &input); bad != Ok)
        return bad;
    int total = -1;
    auto resolver = makeResolver(p, c, &code);
    if (!resolver)
        return code;
    const bool progress = !p.isSet(QStringLiteral("quiet")) && ::isatty(2);
    if (progress && input.isFile())
        total = Bulk::countEntries(*input.stream);
    if (!json)
        c.out << Bulk::csvHeader();
    Bulk::Options options;
    options.jobs = jobs;
    options.sharedCache = !p.isSet(QStringLiteral("no-cache"));
    int done = 0;
    const Bulk::Summary summary = Bulk::run(resolver, Bulk::lineSource(*input.stream), options,
        Work::Cancel(), [&](const QList<Bulk::Row> &rows) {
            for (const Bulk::Row &r : rows) {
                if (json)
                    writeJson(c.out, Bulk::toJson(r), true);
                else
                    c.out << Bulk::csvLine(r);
            }
            c.out.flush();
            done += int(rows.size());
            if (!progress)
                return;
            if (total > 0) {
                const int width = 30;
                const int filled = int(qint64(std::min(done, total)) * width / total);
                c.err << QStringLiteral("\r[%1%2] %3/%4")
                             .arg(QString(filled, QLatin1Char('#')),
                                 QString(width - filled, QLatin1Char(' ')))
                             .arg(done)
                             .arg(total);
            } else {
                c.err << QStringLiteral("\r%1 domains audited").arg(done);
            }
            c.err.flush();
        });
    if (!p.isSet(QStringLiteral("quiet"))) {
        if (progress)
            c.err << QLatin1Char('\n');
        c.err << summary.text() << Qt::endl;
    }
    const auto &counts = summary.byStatus;
    if (counts.value(QStringLiteral("invalid-domain")))
        return Usage;
    return counts.value(QStringLiteral("ok")) == summary.domains ? Ok : Findings;
}

// ---- ns-compare ----------------------------------------------------------------------------

// ---- dmarc --------------------------------------------------------------------------------

int cmdDmarc(const QStringList &args, Context &c)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("DOMAIN"),
        QStringLiteral("The From domain (or an e-mail address: its domain is used)."));
    addDnsOptions(p);
    int code = Ok;
    const HelpText usage {QStringLiteral("dmarc"), QStringLiteral("dmarc DOMAIN [options]"),
        QStringLiteral("  spfsleuth-cli dmarc example.com\n"
                       "  spfsleuth-cli dmarc news.example.com --json --server 192.0.2.53\n")};
    if (!parse(p, args, c, usage, &code))
        return code;
    QString domain;
    if (const int bad = takeDomainArgument(p, c, &domain); bad != Ok)
        return bad;
    auto resolver = makeResolver(p, c, &code);
    if (!resolver)
        return code;
    const Dmarc::Lookup l = Dmarc::discover(*resolver, domain);
    if (p.isSet(QStringLiteral("json")))
        writeJson(c.out, Dmarc::toJson(l));
    else
        printDmarc(c.out, l);
    return dmarcExitCode(l);
}

int cmdNsCompare(const QStringList &args, Context &c)
{
    QCommandLineParser p;
    p.addPositionalArgument(
        QStringLiteral("DOMAIN"), QStringLiteral("The domain whose nameservers to compare."));
    addNsPortOption(p);
    addDnsOptions(p);
    int code = Ok;
    const HelpText usage {QStringLiteral("ns-compare"),
        QStringLiteral("ns-compare DOMAIN [options]"),
        QStringLiteral("  spfsleuth-cli ns-compare example.com\n"
                       "  spfsleuth-cli ns-compare example.com --json\n")};
    if (!parse(p, args, c, usage, &code))
        return code;
    QString domain;
    if (const int bad = takeDomainArgument(p, c, &domain); bad != Ok)
        return bad;
    quint16 nsPort = 53;
    if (const int bad = takeNsPort(p, c, &nsPort); bad != Ok)
        return bad;
    if (p.isSet(QStringLiteral("zone")))
        return c.usageError(
            QStringLiteral("ns-compare asks the real nameservers; --zone does not apply"));
    const auto choice = resolverChoice(p, c, &code);
    if (!choice)
        return code;
    const auto bootstrap = makeResolver(*choice, c, &code);
    if (!bootstrap)
        return code;
    const NsCompare::Result r = NsCompare::run(*bootstrap->resolver, domain,
        bootstrap->network.value_or(Investigation::networkConfig(*choice)), nsPort);
    if (p.isSet(QStringLiteral("json"))) {
        writeJson(c.out, NsCompare::toJson(r));
    } else if (!r.error.isEmpty()) {
        c.out << Text::safeText(r.error) << Qt::endl;
    } else {
        c.out << QStringLiteral("Zone %1: %2 server address(es) asked directly (no recursion)")
                     .arg(r.zone)
                     .arg(r.rows.size())
              << Qt::endl
              << Qt::endl;
        for (const NsCompare::ServerRow &row : r.rows) {
            c.out << (row.differs ? QStringLiteral("!! ") : QStringLiteral("   "))
                  << Text::safeText(row.nsName) << QStringLiteral(" [") << row.address
                  << QStringLiteral("]  serial ")
                  << (row.serial.isEmpty() ? QStringLiteral("?") : row.serial)
                  << QStringLiteral("  ") << row.elapsedMs << QStringLiteral(" ms") << Qt::endl;
            // On the wire: what makes one server give temperrors where others do not.
            c.out << QStringLiteral("     TXT answer %1%2, answers over TCP: %3")
                         .arg(row.txtSize < 0 ? QStringLiteral("none")
                                              : QStringLiteral("%1 octets").arg(row.txtSize),
                             row.txtTruncated ? QStringLiteral(" (TC set: needs TCP)") : QString(),
                             row.answersTcp < 0   ? QStringLiteral("not asked")
                                 : row.answersTcp ? QStringLiteral("yes")
                                                  : QStringLiteral("NO"))
                  << Qt::endl;
            if (!row.error.isEmpty())
                c.out << QStringLiteral("     error: ") << Text::safeText(row.error) << Qt::endl;
            for (const QString &rec : row.spfRecords)
                c.out << QStringLiteral("     \"") << Text::safeText(rec) << QStringLiteral("\"")
                      << Qt::endl;
            if (row.spfRecords.isEmpty() && row.error.isEmpty())
                c.out << QStringLiteral("     (no SPF record)") << Qt::endl;
            if (row.lookups >= 0)
                c.out << QStringLiteral("     tree: %1 DNS lookups, %2 problem(s)")
                             .arg(row.lookups)
                             .arg(row.problems.size())
                      << Qt::endl;
            for (const QString &problem : row.problems)
                c.out << QStringLiteral("     - ") << Text::shortSafe(problem, 200) << Qt::endl;
        }
        c.out << Qt::endl
              << (r.consistent() ? QStringLiteral("All servers serve the same SPF record.")
                                 : QStringLiteral("Servers DISAGREE (marked !!): a zone update has "
                                                  "not reached every server, or one server fails."))
              << Qt::endl;
    }
    if (!r.error.isEmpty())
        return DnsFailure;
    return r.consistent() ? Ok : Findings;
}

// ---- lint ----------------------------------------------------------------------------------

int cmdLint(const QStringList &args, Context &c)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("RECORD"),
        QStringLiteral("The SPF record text (quote it); - reads it from stdin."));
    p.addOption({QStringLiteral("json"), QStringLiteral("Write JSON instead of text.")});
    int code = Ok;
    const HelpText usage {QStringLiteral("lint"), QStringLiteral("lint 'RECORD' [--json]"),
        QStringLiteral("  spfsleuth-cli lint 'v=spf1 mx ipv4:64.8.71.112 -all'\n"
                       "  spfsleuth-cli lint --json 'v=spf1 ip4:192.0.2.1~all'\n"
                       "  dig +short TXT example.com | spfsleuth-cli lint -\n")};
    if (!parse(p, args, c, usage, &code))
        return code;
    if (p.positionalArguments().size() != 1)
        return c.usageError(
            QStringLiteral("give exactly one RECORD (quote it so the shell keeps it together)"));
    QString text = p.positionalArguments().front();
    if (text == QLatin1String("-")) {
        text = c.in.readAll();
        while (text.endsWith(QLatin1Char('\n')) || text.endsWith(QLatin1Char('\r')))
            text.chop(1);
        // Accept dig's quoted, split form: "v=spf1 ..." "more"
        if (text.startsWith(QLatin1Char('"')) && text.endsWith(QLatin1Char('"'))) {
            static const QRegularExpression quoted(QStringLiteral("\"((?:[^\"\\\\]|\\\\.)*)\""));
            QString joined;
            for (const auto &m : quoted.globalMatch(text))
                joined += m.captured(1);
            text = joined;
        }
    }
    const Spf::Record record = Spf::parseRecord(text);
    if (p.isSet(QStringLiteral("json"))) {
        QJsonObject o = Spf::Json::fromRecord(record);
        const QString corrected = Spf::correctedRecord(record);
        if (corrected != record.text) {
            o.insert(QStringLiteral("corrected"), corrected);
            o.insert(QStringLiteral("corrected_impact"),
                Spf::Json::fromImpact(Spf::fixImpact(record, Spf::parseRecord(corrected))));
            // Errors no safe fix exists for: the corrected record still fails until decided.
            o.insert(QStringLiteral("corrected_errors"), Spf::parseRecord(corrected).errorCount());
        }
        o.insert(QStringLiteral("advice"), Spf::Json::fromAdvice(Spf::recordAdvice(record)));
        writeJson(c.out, o);
    } else {
        Text::printRecordDiagnostics(c.out, record);
        if (record.diagnostics.isEmpty())
            c.out << QStringLiteral("No problems found.") << Qt::endl;
        const QString corrected = Spf::correctedRecord(record);
        const int left = corrected == record.text ? record.errorCount()
                                                  : Spf::parseRecord(corrected).errorCount();
        if (corrected != record.text && left == 0)
            c.out << Qt::endl
                  << QStringLiteral("Corrected record: ") << Text::safeText(corrected) << Qt::endl
                  << QStringLiteral("  ")
                  << Text::safeText(Spf::fixImpact(record, Spf::parseRecord(corrected)).describe())
                  << Qt::endl;
        else if (corrected != record.text)
            c.out << Qt::endl
                  << QStringLiteral("Partly corrected (still %1 error(s) with no safe fix: "
                                    "decide them yourself): ")
                         .arg(left)
                  << Text::safeText(corrected) << Qt::endl;
        else if (left > 0)
            c.out << Qt::endl
                  << QStringLiteral("No corrected record: the error(s) above have no safe fix; "
                                    "each says what the choices are.")
                  << Qt::endl;
        Text::printAdvice(c.out, Spf::recordAdvice(record));
        c.out << Qt::endl
              << QStringLiteral("%1 error(s), %2 warning(s)")
                     .arg(record.errorCount())
                     .arg(std::count_if(record.diagnostics.cbegin(), record.diagnostics.cend(),
                         [](const Spf::Diagnostic &d) {
                             return d.severity == Spf::Severity::Warning;
                         }))
              << Qt::endl;
    }
    return record.hasErrors() ? Findings : Ok;
}

// ---- dig -----------------------------------------------------------------------------------

int cmdDig(const QStringList &args, Context &c)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The name to ask about."));
    p.addPositionalArgument(QStringLiteral("TYPE"),
        QStringLiteral(
            "Record type (A, AAAA, MX, TXT, SPF, PTR, CNAME, NS, SOA, TYPEnnn...). Default A."),
        QStringLiteral("[TYPE]"));
    p.addOption({QStringLiteral("norecurse"),
        QStringLiteral("Clear the RD bit (ask an authoritative server directly).")});
    addDnsOptions(p);
    int code = Ok;
    const HelpText usage {QStringLiteral("dig"), QStringLiteral("dig NAME [TYPE] [options]"),
        QStringLiteral("  spfsleuth-cli dig example.com TXT\n"
                       "  spfsleuth-cli dig example.com MX --server 192.0.2.53:5353 --json\n"
                       "  spfsleuth-cli dig 192.0.2.1 PTR      (an IP with PTR asks its "
                       "in-addr.arpa name)\n")};
    if (!parse(p, args, c, usage, &code))
        return code;
    const QStringList pos = p.positionalArguments();
    if (pos.isEmpty() || pos.size() > 2)
        return c.usageError(QStringLiteral("give NAME and optionally TYPE"));
    QString name = Net::toAce(pos[0].trimmed());
    if (name != pos[0].trimmed())
        c.err << QStringLiteral("note: ") << Text::safeText(Net::aceNote(pos[0].trimmed()))
              << Qt::endl;
    quint16 type = Dns::Type::A;
    if (pos.size() == 2) {
        const auto t = Dns::typeFromName(pos[1]);
        if (!t)
            return c.usageError(QStringLiteral("'%1' is not a record type").arg(pos[1]));
        type = *t;
    }
    if (const auto ip = Net::parseIp(name)) {
        if (type == Dns::Type::PTR) {
            name = Net::reverseName(*ip);
        } else {
            c.err << QStringLiteral("note: '%1' is an IP address; this asks for %2 records of the "
                                    "name '%1'. For reverse DNS use 'spfsleuth-cli ptr %1'.")
                         .arg(name, Dns::typeName(type))
                  << Qt::endl;
        }
    }
    if (const QString problem = Net::dnsNameProblem(name);
        !problem.isEmpty() && name != QLatin1String("."))
        return c.usageError(QStringLiteral("'%1' cannot be asked: %2").arg(name, problem));
    for (QChar ch : name) {
        if (ch.unicode() <= 0x20 || ch.unicode() >= 0x7f)
            return c.usageError(
                QStringLiteral("'%1' contains a space, a control character, or a character "
                               "that cannot be encoded as an internationalized domain name")
                    .arg(Text::shortSafe(name)));
    }
    auto choice = resolverChoice(p, c, &code);
    if (!choice)
        return code;
    if (p.isSet(QStringLiteral("norecurse")) && p.isSet(QStringLiteral("zone")))
        c.err << QStringLiteral("note: --norecurse has no effect with --zone") << Qt::endl;
    choice->recursionDesired = !p.isSet(QStringLiteral("norecurse"));
    const auto setup = makeResolver(*choice, c, &code);
    if (!setup)
        return code;
    const std::shared_ptr<Dns::Resolver> &resolver = setup->resolver;
    const Dns::Question q {name, type};
    const Dns::Answer a = resolver->resolve(q);
    if (p.isSet(QStringLiteral("json"))) {
        QJsonObject o
            = Dns::Json::fromExchange(Dns::Exchange {q, a, QDateTime::currentDateTimeUtc()});
        writeJson(c.out, o);
    } else {
        Text::printResponse(c.out, q, a);
    }
    return a ? Ok : DnsFailure;
}

// ---- ptr -----------------------------------------------------------------------------------

int cmdPtr(const QStringList &args, Context &c)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("IP"), QStringLiteral("An IPv4 or IPv6 address."));
    addDnsOptions(p);
    int code = Ok;
    const HelpText usage {QStringLiteral("ptr"), QStringLiteral("ptr IP [options]"),
        QStringLiteral("  spfsleuth-cli ptr 192.0.2.25\n"
                       "  spfsleuth-cli ptr 2001:db8::25 --json\n")};
    if (!parse(p, args, c, usage, &code))
        return code;
    QHostAddress ip;
    if (const int bad = takeIpArgument(p, c, &ip); bad != Ok)
        return bad;
    auto resolver = makeResolver(p, c, &code);
    if (!resolver)
        return code;
    const Dns::ReverseResult r = Dns::reverseLookup(*resolver, ip);
    if (p.isSet(QStringLiteral("json")))
        writeJson(c.out, Spf::Json::fromReverse(r));
    else
        Text::printReverse(c.out, r);
    return r.ptrAnswer ? Ok : DnsFailure;
}

// Levenshtein distance, for suggesting the command a typo meant.
qsizetype editDistance(const QString &a, const QString &b)
{
    QList<qsizetype> row(b.size() + 1);
    std::iota(row.begin(), row.end(), 0);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        qsizetype diagonal = row[0];
        row[0] = i;
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const qsizetype above = row[j];
            row[j]
                = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace

int run(const QStringList &arguments, QTextStream &out, QTextStream &err, QTextStream &in)
{
    if (arguments.isEmpty() || arguments.front() == QLatin1String("--help")
        || arguments.front() == QLatin1String("-h") || arguments.front() == QLatin1String("help")) {
        (arguments.isEmpty() ? err : out) << QString::fromLatin1(overview);
        return arguments.isEmpty() ? Usage : Ok;
    }
    if (arguments.front() == QLatin1String("--version")
        || arguments.front() == QLatin1String("-v")) {
        out << QStringLiteral("spfsleuth-cli %1").arg(QStringLiteral(SLEUTH_VERSION)) << Qt::endl;
        return Ok;
    }
    Context c {out, err, in, arguments.front()};
    using Command = int (*)(const QStringList &, Context &);
    static const std::pair<const char *, Command> commands[]
        = {{"check", &cmdCheck}, {"tree", &cmdTree}, {"lint", &cmdLint}, {"dig", &cmdDig},
            {"ptr", &cmdPtr}, {"report", &launchReport}, {"audit", &cmdAudit},
            {"ns-compare", &cmdNsCompare}, {"dmarc", &cmdDmarc}, {"bounce", &bounceCommand},
            {"dnsbl", &dnsblCommand}, {"receivers", &receiversCommand}};
    for (const auto &[name, command] : commands) {
        if (c.command == QLatin1String(name))
            return command(arguments.mid(1), c);
    }
    // The nearest command by edit distance, when it is near enough to be a typo.
    QString nearest;
    qsizetype best = 3;
    for (const auto &[name, command] : commands) {
        if (const qsizetype d = editDistance(c.command.toLower(), QLatin1String(name)); d < best) {
            best = d;
            nearest = QLatin1String(name);
        }
    }
    err << QStringLiteral(
        "spfsleuth-cli: unknown command '%1'.%2 Commands: check, tree, lint, "
        "dig, ptr, report, audit, ns-compare, dmarc, bounce, dnsbl, receivers (see --help).")
               .arg(Text::shortSafe(c.command),
                   nearest.isEmpty() ? QString()
                                     : QStringLiteral(" Did you mean '%1'?").arg(nearest))
        << Qt::endl;
    return Usage;
}

} // namespace Cli
