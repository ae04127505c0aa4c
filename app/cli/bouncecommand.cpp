#include "cli/bouncecommand.h"

#include <QFile>

#include "common/safetext.h"
#include "paste/bounce.h"
#include "paste/reasons.h"
#include "spf/evaluator.h"

namespace Cli {

namespace {

void printValue(QTextStream &out, const char *label, const std::optional<Paste::Value> &v)
{
    out << QStringLiteral("%1").arg(QLatin1String(label), -10);
    if (!v) {
        out << QStringLiteral("(not found)") << Qt::endl;
        return;
    }
    out << (v->value.isEmpty() ? QStringLiteral("<> (null sender)")
                               : Text::shortSafe(v->value, 120))
        << QStringLiteral("  [%1, line %2: %3]")
               .arg(Text::shortSafe(v->source.field, 40))
               .arg(v->source.line)
               .arg(Text::shortSafe(v->note, 120))
        << Qt::endl;
}

void printText(QTextStream &out, const Bounce::Diagnosis &d)
{
    const Paste::Analysis &a = d.paste;
    out << QStringLiteral("Why the receiver rejected it") << Qt::endl;
    for (const QString &w : d.why)
        out << QStringLiteral("  ") << Text::shortSafe(w, 900) << Qt::endl;
    out << Qt::endl;
    printValue(out, "IP", a.connectingIp);
    printValue(out, "Sender", a.envelopeSender);
    printValue(out, "HELO", a.helo);
    printValue(out, "From", a.headerFrom);
    const auto others = [&](const char *kind, const QList<Paste::Candidate> &list,
                            const std::optional<Paste::Value> &chosen) {
        for (const Paste::Candidate &c : list) {
            if (chosen && chosen->value == c.value)
                continue;
            out << QStringLiteral("  other %1 reading: %2 (%3, line %4: %5)")
                       .arg(QLatin1String(kind),
                           c.value.isEmpty() ? QStringLiteral("<>") : Text::shortSafe(c.value, 80),
                           c.confidence)
                       .arg(c.source.line)
                       .arg(Text::shortSafe(c.reason, 120))
                << Qt::endl;
        }
    };
    others("IP", a.ipCandidates, a.connectingIp);
    others("sender", a.senderCandidates, a.envelopeSender);
    others("HELO", a.heloCandidates, a.helo);
    if (!a.replies.isEmpty()) {
        out << Qt::endl << QStringLiteral("Replies") << Qt::endl;
        for (const Paste::Reply &r : a.replies)
            out << QStringLiteral("  line %1: %2 %3 %4  -> %5")
                       .arg(r.source.line)
                       .arg(r.code)
                       .arg(r.enhanced, Text::shortSafe(r.text, 160), r.reason)
                << Qt::endl;
    }
    out << Qt::endl
        << QStringLiteral("DMARC") << Qt::endl
        << QStringLiteral("  ") << Text::shortSafe(d.dmarc.conclusion, 600) << Qt::endl;
    if (d.dmarc.readingsDiffer) {
        out << QStringLiteral("  Receivers disagree on this DMARC verdict:") << Qt::endl;
        for (const Bounce::DmarcReading &r : d.dmarc.readings)
            out << QStringLiteral("    %1 (%2): policy %3, organizational domain %4, SPF %5, DKIM "
                                  "%6; %7")
                       .arg(r.name,
                           r.name == QLatin1String("RFC 9989")
                               ? QStringLiteral("receivers that follow RFC 9989")
                               : QStringLiteral("older receivers"),
                           r.policy.isEmpty() ? QStringLiteral("unknown") : r.policy,
                           r.organizationalDomain.isEmpty()
                               ? QStringLiteral("unknown")
                               : Text::shortSafe(r.organizationalDomain, 100),
                           r.spfAligned ? QStringLiteral("aligned") : QStringLiteral("not aligned"),
                           r.dkimAligned ? QStringLiteral("aligned")
                                         : QStringLiteral("not aligned"),
                           Text::shortSafe(r.why, 300))
                << Qt::endl;
    }
    if (d.dmarc.lookup && d.dmarc.lookup->status == Dmarc::Lookup::Status::Found)
        out << QStringLiteral("  _dmarc.%1: %2")
                   .arg(Text::shortSafe(d.dmarc.lookup->foundAt, 100),
                       Text::shortSafe(d.dmarc.lookup->record.text, 300))
            << Qt::endl;
    for (const Bounce::SignatureFinding &s : d.signatures) {
        out << QStringLiteral("  DKIM d=%1 s=%2 (line %3): %4%5")
                   .arg(Text::shortSafe(s.signature.domain, 80),
                       Text::shortSafe(s.signature.selector, 60))
                   .arg(s.signature.source.line)
                   .arg(s.aligned ? QStringLiteral("aligned") : QStringLiteral("not aligned"),
                       s.verdict.isEmpty() ? QString() : QStringLiteral(", receiver: ") + s.verdict)
            << Qt::endl;
        if (s.key) {
            out << QStringLiteral("    key %1: %2")
                       .arg(Text::shortSafe(s.key->name, 120), Dkim::statusName(s.key->status));
            if (s.key->bits > 0)
                out << QStringLiteral(", %1 %2 bits").arg(s.key->keyType).arg(s.key->bits);
            out << Qt::endl;
            for (const Dkim::Problem &p : s.key->problems)
                out << QStringLiteral("    %1 %2: %3")
                           .arg(p.severity, p.code, Text::shortSafe(p.message, 200))
                    << Qt::endl;
        }
    }
    if (d.forwarded) {
        out << Qt::endl << QStringLiteral("Forwarding") << Qt::endl;
        for (const QString &e : a.forwarding)
            out << QStringLiteral("  ") << Text::shortSafe(e, 300) << Qt::endl;
    }
    if (d.spf) {
        out << Qt::endl
            << QStringLiteral("SPF now: %1 for %2 from %3 (%4)")
                   .arg(Spf::resultName(d.spf->result), Text::shortSafe(d.spf->domain, 100),
                       d.spf->ip, Text::counted(d.spf->lookups, "DNS lookup", "DNS lookups"))
            << Qt::endl;
    } else {
        out << Qt::endl << QStringLiteral("SPF not checked: ") << d.spfSkipped << Qt::endl;
    }
    if (!d.blocklist.zones.isEmpty())
        out << QStringLiteral("Block lists named: ")
            << Text::shortSafe(Dnsbl::summary(d.blocklist), 300) << Qt::endl;
    for (const QString &n : a.notes)
        out << QStringLiteral("Note: ") << Text::shortSafe(n, 300) << Qt::endl;
}

} // namespace

int readBounce(const QString &source, Context &c, Paste::Analysis *analysis)
{
    QByteArray bytes;
    if (source == QLatin1String("-")) {
        bytes = c.in.readAll().toUtf8();
    } else {
        QFile f(source);
        if (!f.open(QIODevice::ReadOnly))
            return c.usageError(QStringLiteral("cannot read the bounce '%1': %2")
                                    .arg(Text::shortSafe(source, 120), f.errorString()));
        bytes = f.read(8 * 1024 * 1024);
    }
    if (const QString why = Paste::binaryReason(bytes); !why.isEmpty())
        return c.usageError(
            QStringLiteral("the input is binary, not a message or bounce text (%1)").arg(why));
    *analysis = Paste::analyze(Paste::textOf(bytes));
    if (analysis->isEmpty() && !analysis->headerFrom)
        return c.usageError(QStringLiteral("found no IP, sender, HELO, verdict or SMTP reply in "
                                           "the input: is it a bounce or a message header?"));
    return Ok;
}

int bounceCommand(const QStringList &args, Context &c)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("FILE"),
        QStringLiteral("The bounce, NDR, ARF report or message header (raw source is best); - "
                       "reads standard input."));
    p.addOption({QStringLiteral("no-dns"),
        QStringLiteral("Read the paste only: no SPF check, DMARC record or DKIM keys.")});
    addDnsOptions(p);
    int code = Ok;
    const HelpText usage {QStringLiteral("bounce"),
        QStringLiteral("bounce FILE|- [--json] [--server ...|--zone FILE] [--no-dns]"),
        QStringLiteral("  spfsleuth-cli bounce returned-mail.eml\n"
                       "  pbpaste | spfsleuth-cli bounce - --json --no-dns\n"
                       "  spfsleuth-cli bounce ndr.txt --zone case.zone\n\n"
                       "Reasons (the JSON's \"reason\"; resources/bounce-reasons.json):\n  ")
            + Paste::reasonIds().join(QStringLiteral(", ")) + QLatin1Char('\n')};
    if (!parse(p, args, c, usage, &code))
        return code;
    if (p.positionalArguments().size() != 1)
        return c.usageError(QStringLiteral("give exactly one FILE (or - for standard input)"));
    if (const QString error = Paste::catalogueError(); !error.isEmpty()) {
        c.err << QStringLiteral("spfsleuth-cli bounce: ") << error << Qt::endl;
        return IoError;
    }
    Paste::Analysis analysis;
    if (const int bad = readBounce(p.positionalArguments().front(), c, &analysis); bad != Ok)
        return bad;
    std::shared_ptr<Dns::Resolver> resolver;
    const bool dns = !p.isSet(QStringLiteral("no-dns"));
    if (dns) {
        resolver = makeResolver(p, c, &code);
        if (!resolver)
            return code;
    } else if (p.isSet(QStringLiteral("server")) || p.isSet(QStringLiteral("zone"))) {
        return c.usageError(QStringLiteral("--no-dns asks no server: drop --server/--zone"));
    }
    const Bounce::Diagnosis d = Bounce::diagnose(analysis, resolver.get());
    if (p.isSet(QStringLiteral("json")))
        writeJson(c.out, Bounce::toJson(d));
    else
        printText(c.out, d);
    return Ok;
}

} // namespace Cli
