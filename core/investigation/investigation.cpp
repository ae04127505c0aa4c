#include "investigation/investigation.h"

#include "paste/bounce.h"

#include <QElapsedTimer>
#include <QRegularExpression>

#include "common/netutil.h"
#include "common/safetext.h"
#include "dns/cachingresolver.h"
#include "dns/recordingresolver.h"
#include "investigation/inputcheck.h"
#include "paste/bounce.h"

namespace Investigation {

Target classifyTarget(const QString &text)
{
    Target t;
    t.text = text.trimmed();
    if (t.text.isEmpty()) {
        t.problem = QStringLiteral("Type a domain, an e-mail address or an IP address.");
        return t;
    }
    if (const auto ip = Net::parseIp(t.text)) {
        t.kind = TargetKind::Ip;
        t.ip = *ip;
        return t;
    }
    const QString s = InputCheck::withoutAngles(t.text);
    const int at = int(s.lastIndexOf(QLatin1Char('@')));
    const QString domain = Net::canonicalName(InputCheck::typedDomain(s));
    t.aceNote = Net::aceNote(Net::domainOfAddress(s));
    if (at >= 0) {
        // An e-mail address is asked about as typed: check_host() gives a result for any sender
        // (for a malformed domain "none", RFC 7208 §4.3), and its reason says why.
        t.kind = TargetKind::Email;
        t.sender = s.left(at + 1) + Net::toAce(s.mid(at + 1));
        t.domain = domain;
        return t;
    }
    if (const QString problem = Net::domainProblem(domain); !problem.isEmpty()) {
        // Say why it is not an IP when it looks like one ("2.6.32.54-0.3-default", "1.2.3").
        t.problem = InputCheck::looksLikeIp(s)
            ? QStringLiteral("'%1' looks like an IP address but is not one (an IPv4 address has "
                             "exactly four decimal parts, 0-255, no leading zeros).")
                  .arg(Text::shortSafe(s))
            : QStringLiteral("'%1' is not a valid domain: %2.").arg(Text::shortSafe(s), problem);
        return t;
    }
    // Top-level domains are alphabetic (RFC 3696 §2) or IDN A-labels: "2.6.32.54-0.3-default"
    // (a kernel version in a bounce) is a valid DNS name, but no domain anyone mails from.
    const QString tld = domain.section(QLatin1Char('.'), -1);
    static const QRegularExpression alphaTld(QStringLiteral("^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$"));
    if (!alphaTld.match(tld).hasMatch()) {
        t.problem = QStringLiteral("'%1' is not a domain anyone sends mail from: its last label "
                                   "'%2' is not a top-level domain "
                                   "(it looks like a version string or a partial IP address).")
                        .arg(Text::shortSafe(s), Text::shortSafe(tld));
        return t;
    }
    t.domain = domain;
    t.kind = TargetKind::Domain;
    return t;
}

InputProblem problemOf(const Request &request)
{
    const Target t = classifyTarget(request.target);
    if (t.kind == TargetKind::Invalid)
        return {InputField::Target, t.problem};
    if (const QString ip = request.ip.trimmed(); !ip.isEmpty()) {
        if (const QString problem = InputCheck::ipProblem(ip); !problem.isEmpty())
            return {InputField::Ip, InputCheck::sentence(problem)};
    }
    if (!request.resolverOverride) {
        if (const QString problem = validate(request.resolver); !problem.isEmpty())
            return {InputField::Resolver, problem};
    }
    return {};
}

QString validate(const Request &request)
{
    return problemOf(request).message;
}

NsCompare::Result compareNameservers(Dns::Resolver &bootstrap, const Dns::NetworkConfig &network,
    const QString &domain, quint16 nsPort, const Work::Cancel &cancel)
{
    Dns::NetworkConfig config = network;
    config.cancel = cancel;
    return NsCompare::run(bootstrap, domain, config, nsPort);
}

Result run(const Request &request, const Work::Cancel &cancel,
    const std::function<void(const Progress &)> &progress, int progressIntervalMs)
{
    QElapsedTimer clock;
    clock.start();
    Result out;
    out.request = request;
    out.target = classifyTarget(request.target);
    out.error = validate(request);
    if (!out.error.isEmpty())
        return out;
    std::shared_ptr<Dns::Resolver> base = request.resolverOverride;
    Dns::NetworkConfig network = networkConfig(request.resolver, cancel);
    if (!base) {
        auto made = makeResolver(request.resolver, cancel);
        if (!made) {
            out.error = made.error();
            return out;
        }
        base = made->resolver;
        if (made->network)
            network = *made->network;
    }
    auto recorder = std::make_shared<Dns::RecordingResolver>(base);
    out.resolverDescription = base->description();
    // Everything the investigation asks goes through `asker`: the recorder, or one cache over it
    // shared by the audit (which fills it ahead), the IP test and the reverse lookup.
    std::shared_ptr<Dns::CachingResolver> cache;
    if (request.prefetchThreads > 0)
        cache = std::make_shared<Dns::CachingResolver>(recorder);
    Dns::Resolver *asker = recorder.get();
    if (cache)
        asker = cache.get();

    QElapsedTimer sinceProgress;
    sinceProgress.start();
    QString stage;
    auto report = [&](const Spf::Trace *tree, bool force) {
        if (!progress || (!force && sinceProgress.elapsed() < progressIntervalMs))
            return;
        sinceProgress.restart();
        Progress p;
        p.stage = stage;
        p.queries = int(recorder->exchanges().size());
        if (tree)
            p.tree = *tree;
        progress(p);
    };
    const std::optional<QHostAddress> ip
        = request.ip.trimmed().isEmpty() ? std::nullopt : Net::parseIp(request.ip.trimmed());

    if (out.target.kind == TargetKind::Domain || out.target.kind == TargetKind::Email) {
        stage = QStringLiteral("Expanding the SPF tree of %1").arg(out.target.domain);
        report(nullptr, true);
        Spf::AuditOptions options;
        options.cancel = cancel;
        options.recordOverrides = request.drafts;
        options.onProgress = [&](const Spf::Trace &t) { report(&t, false); };
        options.prefetchThreads = request.prefetchThreads;
        options.cache = cache;
        Spf::Auditor auditor(*recorder, options);
        out.audit = auditor.run(out.target.domain);
        report(&out.audit->trace, true);

        if (ip && !cancel.requested()) {
            stage
                = QStringLiteral("Testing %1 for %2").arg(Net::ipToString(*ip), out.target.domain);
            report(nullptr, true);
            Spf::EvaluatorOptions eo;
            eo.cancel = cancel;
            eo.recordOverrides = request.drafts;
            eo.cache = cache;
            Spf::Evaluator evaluator(*recorder, eo);
            Spf::CheckRequest cr;
            cr.ip = *ip;
            // A domain alone is asked as postmaster@domain (Spf::identityOf).
            cr.sender
                = out.target.kind == TargetKind::Email ? out.target.sender : out.target.domain;
            cr.helo = request.helo.trimmed();
            out.evaluation = evaluator.evaluate(cr);
        }
    }
    const std::optional<QHostAddress> reverseIp
        = out.target.kind == TargetKind::Ip ? std::optional<QHostAddress>(out.target.ip) : ip;
    if (reverseIp && !cancel.requested()) {
        stage = QStringLiteral("Reverse lookup of %1").arg(Net::ipToString(*reverseIp));
        report(nullptr, true);
        out.reverse = Dns::reverseLookup(*asker, *reverseIp);
    }
    if (out.target.kind == TargetKind::Domain || out.target.kind == TargetKind::Email) {
        if (request.knownNameservers) {
            out.nameservers = request.knownNameservers;
        } else if (request.compareNameservers && !cancel.requested()) {
            stage = QStringLiteral("Comparing the authoritative nameservers of %1")
                        .arg(out.target.domain);
            report(nullptr, true);
            out.nameservers
                = compareNameservers(*base, network, out.target.domain, request.nsPort, cancel);
        }
    }
    if (out.audit && !cancel.requested()) {
        // Last, so the other walks' evidence stays in one piece: what the tree gets wrong,
        // asking (through the same cache) only whether a missing target's registrable domain
        // exists and what the MX hosts' and the HELO name's addresses are.
        stage = QStringLiteral("Advice for %1").arg(out.target.domain);
        report(nullptr, true);
        const qsizetype before = recorder->exchanges().size();
        Spf::TreeAdviceOptions adviceOptions;
        adviceOptions.resolver = asker;
        // A forwarded bounce's HELO is the forwarder's: no advice to authorize it.
        if (!request.paste || request.paste->forwarding.isEmpty())
            adviceOptions.helo = request.helo.trimmed();
        adviceOptions.known = recorder->exchanges();
        out.advice = Spf::treeAdvice(*out.audit, adviceOptions);
        out.adviceQueries = int(recorder->exchanges().size() - before);
    }
    if (request.paste && !cancel.requested()) {
        stage = QStringLiteral("Why the receiver rejected it: DMARC, DKIM keys");
        report(nullptr, true);
        out.bounce = std::make_shared<const Bounce::Diagnosis>(
            Bounce::diagnose(*request.paste, asker, out.evaluation ? &*out.evaluation : nullptr));
    }
    if (cache) {
        out.cacheHits = cache->sharedAnswers();
        out.cacheMisses = cache->misses();
    }
    out.cancelled = cancel.requested();
    out.evidence = recorder->exchanges();
    out.evidenceOffsetsUs = recorder->startOffsetsUs();
    out.elapsedUs = clock.nsecsElapsed() / 1000;
    return out;
}

} // namespace Investigation
