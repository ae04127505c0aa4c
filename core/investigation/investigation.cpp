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

Target domainTarget(const QString &text)
{
    Target t;
    t.text = text.trimmed();
    const QString domain = InputCheck::typedDomain(t.text);
    if (const QString problem = Net::domainProblem(domain); !problem.isEmpty()) {
        t.problem = QStringLiteral("'%1' is not a valid domain: %2")
                        .arg(Text::shortSafe(domain), problem);
        return t;
    }
    t.kind = TargetKind::Domain;
    t.domain = Net::canonicalName(domain);
    t.aceNote = Net::aceNote(Net::domainOfAddress(t.text));
    return t;
}

namespace {

bool auditsTree(Scope scope)
{
    return scope != Scope::Check;
}

bool checksReceivers(Scope scope)
{
    return scope == Scope::Everything || scope == Scope::Receivers;
}

bool givesAdvice(Scope scope)
{
    return scope == Scope::Everything || scope == Scope::TreeAdvice;
}

// The request's target and question, each read by its scope's rule (valid or not).
void readRequest(const Request &request, Result &out)
{
    if (request.scope == Scope::Check) {
        if (const auto q = InputCheck::checkQuestion(request.ip, request.target, request.helo))
            out.question = *q;
        return;
    }
    if (request.scope != Scope::Everything && request.scope != Scope::Receivers) {
        out.target = domainTarget(request.target);
        return;
    }
    out.target = request.scope == Scope::Receivers ? domainTarget(request.target)
                                                   : classifyTarget(request.target);
    const QString ip = request.ip.trimmed();
    const std::optional<QHostAddress> address = ip.isEmpty() ? std::nullopt : Net::parseIp(ip);
    if (!address || (out.target.kind != TargetKind::Domain && out.target.kind != TargetKind::Email))
        return;
    // A domain alone is asked as postmaster@domain (Spf::identityOf).
    out.question = InputCheck::Question {*address,
        out.target.kind == TargetKind::Email ? out.target.sender : out.target.domain,
        request.helo.trimmed(), {}};
}

InputProblem targetProblem(const Request &request)
{
    if (request.scope == Scope::Check) {
        const auto q = InputCheck::checkQuestion(request.ip, request.target, request.helo);
        if (q)
            return {};
        const bool ipBad = !InputCheck::ipProblem(request.ip.trimmed()).isEmpty();
        return {ipBad ? InputField::Ip : InputField::Target, q.error()};
    }
    if (request.scope != Scope::Everything && request.scope != Scope::Receivers) {
        const Target t = domainTarget(request.target);
        return {t.kind == TargetKind::Invalid ? InputField::Target : InputField::None, t.problem};
    }
    const Target t = request.scope == Scope::Receivers ? domainTarget(request.target)
                                                       : classifyTarget(request.target);
    if (t.kind == TargetKind::Invalid)
        return {InputField::Target, t.problem};
    if (const QString ip = request.ip.trimmed(); !ip.isEmpty()) {
        if (const QString problem = InputCheck::ipProblem(ip); !problem.isEmpty())
            return {InputField::Ip, InputCheck::sentence(problem)};
    }
    return {};
}

} // namespace

InputProblem problemOf(const Request &request)
{
    if (InputProblem problem = targetProblem(request); !problem.isEmpty())
        return problem;
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

Spf::Evaluation evaluate(Dns::Resolver &resolver, const InputCheck::Question &question,
    const Spf::EvaluatorOptions &options)
{
    Spf::CheckRequest request;
    request.ip = question.ip;
    request.sender = question.sender;
    request.helo = question.helo;
    return Spf::Evaluator(resolver, options).evaluate(request);
}

namespace {

// One run's walks, in order, over one resolver chain: the request's resolver, the recorder that
// keeps the evidence, and (prefetching) one cache over it that every walk asks through.
class Pipeline
{
public:
    Pipeline(const Request &request, const Work::Cancel &cancel,
        const std::function<void(const Progress &)> &progress, int progressIntervalMs, Result &out)
        : m_request(request)
        , m_cancel(cancel)
        , m_progress(progress)
        , m_progressIntervalMs(progressIntervalMs)
        , m_out(out)
    {
        m_sinceProgress.start();
    }

    bool open();
    void audit();
    void test();
    void reverseLookup();
    void nameservers();
    void advice();
    void bounce();
    void receivers();
    void blocklists();
    void close();

private:
    bool cancelled() const { return m_cancel.requested(); }
    bool hasDomain() const
    {
        return m_out.target.kind == TargetKind::Domain || m_out.target.kind == TargetKind::Email;
    }
    void report(const Spf::Trace *tree, bool force);
    void enter(const QString &stage)
    {
        m_stage = stage;
        report(nullptr, true);
    }
    // The HELO name whose addresses the advice checks: none for a forwarded bounce's HELO (the
    // forwarder's: no advice to authorize it).
    QString adviceHelo() const
    {
        if (m_request.paste && !m_request.paste->forwarding.isEmpty())
            return {};
        return Net::toAce(m_request.helo.trimmed());
    }

    const Request &m_request;
    const Work::Cancel m_cancel;
    const std::function<void(const Progress &)> &m_progress;
    const int m_progressIntervalMs;
    Result &m_out;
    QElapsedTimer m_sinceProgress;
    QString m_stage;
    std::shared_ptr<Dns::Resolver> m_base;
    Dns::NetworkConfig m_network;
    std::shared_ptr<Dns::RecordingResolver> m_recorder;
    std::shared_ptr<Dns::CachingResolver> m_cache;
    Dns::Resolver *m_asker = nullptr; // the cache, or the recorder
    std::optional<Spf::AdviceAhead> m_ahead; // after m_cache, which it asks through
};

bool Pipeline::open()
{
    m_base = m_request.resolverOverride;
    m_network = networkConfig(m_request.resolver, m_cancel);
    if (!m_base) {
        auto made = makeResolver(m_request.resolver, m_cancel);
        if (!made) {
            m_out.error = made.error();
            return false;
        }
        m_base = made->resolver;
        if (made->network)
            m_network = *made->network;
    }
    m_recorder = std::make_shared<Dns::RecordingResolver>(m_base);
    m_out.resolverDescription = m_base->description();
    // Everything the investigation asks goes through `m_asker`: the recorder, or one cache over
    // it shared by the audit (which fills it ahead), the IP test, the reverse lookup and advice.
    if (m_request.prefetchThreads > 0)
        m_cache = std::make_shared<Dns::CachingResolver>(m_recorder);
    m_asker = m_recorder.get();
    if (m_cache)
        m_asker = m_cache.get();
    return true;
}

void Pipeline::report(const Spf::Trace *tree, bool force)
{
    if (!m_progress || (!force && m_sinceProgress.elapsed() < m_progressIntervalMs))
        return;
    m_sinceProgress.restart();
    Progress p;
    p.stage = m_stage;
    p.queries = int(m_recorder->exchanges().size());
    if (tree)
        p.tree = *tree;
    m_progress(p);
}

void Pipeline::audit()
{
    if (!auditsTree(m_request.scope) || !hasDomain())
        return;
    const QString &domain = m_out.target.domain;
    // With a cache the advice's own questions are asked while the tree is walked, not after.
    if (m_cache && givesAdvice(m_request.scope))
        m_ahead.emplace(*m_cache, domain, adviceHelo(), m_cancel);
    enter(QStringLiteral("Expanding the SPF tree of %1").arg(domain));
    Spf::AuditOptions options;
    options.cancel = m_cancel;
    options.recordOverrides = m_request.drafts;
    options.onProgress = [this](const Spf::Trace &t) { report(&t, false); };
    options.prefetchThreads = m_request.prefetchThreads;
    options.cache = m_cache;
    if (m_ahead) {
        options.onPrefetched
            = [ahead = &*m_ahead](const QString &target, const Dns::Answer &answer) {
                  ahead->targetAnswered(target, answer);
              };
    }
    m_out.audit = Spf::Auditor(*m_recorder, options).run(domain);
    report(&m_out.audit->trace, true);
}

void Pipeline::test()
{
    if (!m_out.question || cancelled())
        return;
    const InputCheck::Question &q = *m_out.question;
    enter(QStringLiteral("Testing %1 for %2")
              .arg(Net::ipToString(q.ip),
                  hasDomain() ? m_out.target.domain : Spf::identityOf(q.sender, q.helo).domain));
    Spf::EvaluatorOptions options;
    options.cancel = m_cancel;
    options.recordOverrides = m_request.drafts;
    options.defaultExplanation = m_request.defaultExplanation;
    options.cache = m_cache;
    // After an audit its answers are in the cache; alone, the check fetches its tree ahead.
    options.prefetchThreads = m_out.audit ? 0 : m_request.prefetchThreads;
    m_out.evaluation = evaluate(*m_recorder, q, options);
}

void Pipeline::reverseLookup()
{
    if (!checksReceivers(m_request.scope) || cancelled())
        return;
    std::optional<QHostAddress> ip;
    if (m_out.target.kind == TargetKind::Ip)
        ip = m_out.target.ip;
    else if (const QString typed = m_request.ip.trimmed(); !typed.isEmpty())
        ip = Net::parseIp(typed);
    if (!ip)
        return;
    enter(QStringLiteral("Reverse lookup of %1").arg(Net::ipToString(*ip)));
    m_out.reverse = Dns::reverseLookup(*m_asker, *ip);
}

void Pipeline::nameservers()
{
    if (m_request.scope != Scope::Everything || !hasDomain())
        return;
    if (m_request.knownNameservers) {
        m_out.nameservers = m_request.knownNameservers;
    } else if (m_request.compareNameservers && !cancelled()) {
        enter(QStringLiteral("Comparing the authoritative nameservers of %1")
                  .arg(m_out.target.domain));
        m_out.nameservers = compareNameservers(
            *m_base, m_network, m_out.target.domain, m_request.nsPort, m_cancel);
    }
}

void Pipeline::advice()
{
    if (!m_out.audit || !givesAdvice(m_request.scope))
        return;
    if (m_ahead)
        m_ahead->finish(); // its answers are in the evidence now
    if (cancelled())
        return;
    // Last, so the other walks' evidence stays in one piece: what the tree gets wrong, asking
    // (through the same cache) only whether a missing target's registrable domain exists and
    // what the MX hosts' and the HELO name's addresses are, unless that was asked ahead.
    enter(QStringLiteral("Advice for %1").arg(m_out.target.domain));
    const qsizetype before = m_recorder->exchanges().size();
    Spf::TreeAdviceOptions options;
    options.resolver = m_asker;
    options.helo = adviceHelo();
    options.known = m_recorder->exchanges();
    m_out.advice = Spf::treeAdvice(*m_out.audit, options);
    m_out.adviceQueries = int(m_recorder->exchanges().size() - before);
}

void Pipeline::bounce()
{
    if (!m_request.paste || cancelled())
        return;
    enter(QStringLiteral("Why the receiver rejected it: DMARC, DKIM keys"));
    m_out.bounce = std::make_shared<const Bounce::Diagnosis>(Bounce::diagnose(
        *m_request.paste, m_asker, m_out.evaluation ? &*m_out.evaluation : nullptr));
}

void Pipeline::receivers()
{
    if (!checksReceivers(m_request.scope) || !hasDomain() || cancelled())
        return;
    const QString &domain = m_out.target.domain;
    enter(QStringLiteral("What Gmail, Microsoft and Yahoo require of %1").arg(domain));
    MailPolicy::Inputs in;
    in.domain = domain;
    if (m_out.question)
        in.ip = m_out.question->ip;
    in.helo = Net::toAce(m_request.helo.trimmed());
    in.selectors = m_request.dkimSelectors;
    if (m_request.paste) {
        for (const Paste::Signature &s : m_request.paste->signatures) {
            if (Net::canonicalName(s.domain) == domain)
                in.signatureSelectors << s.selector;
        }
    }
    in.audit = m_out.audit ? &*m_out.audit : nullptr;
    in.evaluation = m_out.evaluation ? &*m_out.evaluation : nullptr;
    in.reverse = m_out.reverse ? &*m_out.reverse : nullptr;
    m_out.receivers = MailPolicy::check(*m_asker, in, m_cancel);
}

void Pipeline::blocklists()
{
    for (const BlocklistQuestion &q : m_request.blocklists) {
        if (cancelled())
            return;
        enter(QStringLiteral("Block lists about %1").arg(q.ip));
        m_out.blocklists << askBlocklists(*m_asker, q, m_cancel);
    }
}

void Pipeline::close()
{
    if (m_cache) {
        m_out.cacheHits = m_cache->sharedAnswers();
        m_out.cacheMisses = m_cache->misses();
    }
    m_out.cancelled = cancelled();
    m_out.evidence = m_recorder->exchanges();
}

} // namespace

Dnsbl::Check askBlocklists(Dns::Resolver &resolver, const BlocklistQuestion &question,
    const Work::Cancel &cancel, const Dnsbl::Progress &progress)
{
    const auto ip = Net::parseIp(question.ip);
    if (!ip) {
        Dnsbl::Check none;
        none.ip = question.ip;
        return none;
    }
    QList<Dnsbl::List> lists;
    for (const QString &zone : question.zones)
        lists << Dnsbl::listFor(zone);
    return Dnsbl::check(resolver, *ip, lists, cancel, progress);
}

BlocklistQuestion blocklistQuestion(const QHostAddress &ip, const QList<Dnsbl::List> &lists)
{
    BlocklistQuestion q {Net::ipToString(Net::normalized(ip)), {}};
    for (const Dnsbl::List &l : lists)
        q.zones << l.zone;
    return q;
}

Result run(const Request &request, const Work::Cancel &cancel,
    const std::function<void(const Progress &)> &progress, int progressIntervalMs)
{
    QElapsedTimer clock;
    clock.start();
    Result out;
    out.request = request;
    readRequest(request, out);
    out.error = validate(request);
    if (!out.error.isEmpty())
        return out;
    Pipeline pipeline(request, cancel, progress, progressIntervalMs, out);
    if (!pipeline.open())
        return out;
    pipeline.audit();
    pipeline.test();
    pipeline.reverseLookup();
    pipeline.nameservers();
    pipeline.advice();
    pipeline.bounce();
    pipeline.receivers();
    pipeline.blocklists();
    pipeline.close();
    out.elapsedUs = clock.nsecsElapsed() / 1000;
    return out;
}

} // namespace Investigation
