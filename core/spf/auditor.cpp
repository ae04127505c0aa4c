#include "spf/auditor.h"

#include <QElapsedTimer>

#include "common/netutil.h"
#include "spf/parser.h"
#include "spf/prefetch_p.h"

namespace Spf {

struct Auditor::Private
{
    Dns::Resolver &resolver;
    const AuditOptions &options;
    Audit audit;
    QElapsedTimer clock;
    int mxAddressLookups = 0;
    int aaaaVoids = 0;
    bool stopped = false;
    int depthCuts = 0;
    int depthCapIndex = -1;
    QString firstDepthCut;

    Private(Dns::Resolver &r, const AuditOptions &o)
        : resolver(r)
        , options(o)
    { }

    Trace &trace() { return audit.trace; }

    // Checks the caps; records (once) which one stopped the run.
    bool capReached()
    {
        if (stopped)
            return true;
        QString cap;
        if (options.cancel.requested())
            cap = QStringLiteral("cancelled");
        else if (clock.elapsed() > options.timeLimitMs)
            cap = QStringLiteral("time limit of %1 s reached").arg(options.timeLimitMs / 1000);
        else if (trace().nodes.size() >= options.maxNodes)
            cap = QStringLiteral("node cap of %1 reached").arg(options.maxNodes);
        else if (trace().exchanges.size() >= options.maxQueries)
            cap = QStringLiteral("query cap of %1 reached").arg(options.maxQueries);
        if (cap.isEmpty())
            return false;
        stopped = true;
        audit.capsHit << cap;
        return true;
    }

    Dns::Answer ask(const QString &name, quint16 type, int node)
    {
        const Dns::Question q {name, type};
        const QDateTime when = QDateTime::currentDateTimeUtc();
        const qint64 offset = clock.nsecsElapsed() / 1000;
        const Dns::Answer a = resolver.resolve(q);
        trace().addQuery(node, q, a, when, offset);
        if (options.onProgress)
            options.onProgress(audit.trace);
        return a;
    }

    QString pathTo(int node) const
    {
        QStringList parts;
        for (int n = node; n >= 0; n = audit.trace.nodes[n].parent) {
            const TraceNode &t = audit.trace.nodes[n];
            if (t.kind == NodeKind::Check && t.parent < 0)
                parts.prepend(t.domain);
            else if (t.kind == NodeKind::Term)
                parts.prepend(t.term.text);
        }
        return parts.join(QStringLiteral(" > "));
    }

    void addNetwork(const QString &address, int prefix, const Term &term, int node)
    {
        audit.networks << AuthorizedNetwork {
            QStringLiteral("%1/%2").arg(address).arg(prefix), term.qualifier, node, pathTo(node)};
    }

    // Static macro expansion: only %{d} (and %{o}, the audited domain) are known without a
    // sender and an IP. Returns nullopt when the target depends on them.
    std::optional<QString> staticTarget(const Term &term, const QString &domain, int node)
    {
        if (term.value.isEmpty())
            return domain;
        QChar blocking;
        const auto out = staticMacroTarget(
            term, domain, audit.domain, &blocking, &trace().nodes[node].expansions);
        if (!out && !blocking.isNull())
            trace().nodes[node].message = QStringLiteral(
                "the target uses %{%1}, which depends on the sender or the connecting IP: not "
                "expanded here (run an IP test to follow it)")
                                              .arg(blocking);
        return out;
    }

    void countVoid(const Dns::Answer &a, int node)
    {
        if (!a || !a->isVoid())
            return;
        trace().nodes[node].voidLookup = true;
        ++audit.voidLookups;
        if (audit.voidLookups > options.maxVoidLookups && audit.voidCrossingNode < 0) {
            audit.voidCrossingNode = node;
            trace().nodes[node].cause = ErrorCause::VoidLookups;
        }
    }

    void addresses(const QString &target, const Term &term, int node, bool countVoids)
    {
        for (quint16 type : {Dns::Type::A, Dns::Type::AAAA}) {
            if (capReached())
                return;
            const Dns::Answer a = ask(target, type, node);
            if (!a || !a->isSuccess()) {
                audit.problems << QStringLiteral(
                    "%1: %2 %3 failed (%4): receivers get temperror here")
                                      .arg(pathTo(node), target, Dns::typeName(type),
                                          answerSummary(a, type));
                continue;
            }
            if (countVoids && type == Dns::Type::A)
                countVoid(a, node);
            if (countVoids && type == Dns::Type::AAAA && a->isVoid())
                ++aaaaVoids;
            const int prefix = type == Dns::Type::A ? (term.cidr4 >= 0 ? term.cidr4 : 32)
                                                    : (term.cidr6 >= 0 ? term.cidr6 : 128);
            for (const Dns::Record &r : a->recordsOfType(type))
                addNetwork(r.target, prefix, term, node);
        }
    }

    void expand(const QString &domain, int parent, QStringList &chain)
    {
        if (capReached())
            return;
        TraceNode cn;
        cn.kind = NodeKind::Check;
        cn.parent = parent;
        cn.domain = domain;
        const int node = trace().add(cn);
        const int lookupsBefore = audit.lookups;
        const int voidsBefore = audit.voidLookups;
        auto finishNode = [&] {
            trace().nodes[node].subtreeLookups = audit.lookups - lookupsBefore;
            trace().nodes[node].subtreeVoids = audit.voidLookups - voidsBefore;
        };
        if (chain.size() > options.maxDepth) {
            // One message however many branches are cut: a hostile tree must not grow it.
            ++depthCuts;
            const QString first
                = QStringLiteral("depth cap of %1 reached at %2").arg(options.maxDepth).arg(domain);
            if (depthCapIndex < 0) {
                depthCapIndex = int(audit.capsHit.size());
                audit.capsHit << first;
            } else {
                audit.capsHit[depthCapIndex]
                    = QStringLiteral("depth cap of %1 reached in %2 branches (first at %3)")
                          .arg(options.maxDepth)
                          .arg(depthCuts)
                          .arg(firstDepthCut);
            }
            if (firstDepthCut.isEmpty())
                firstDepthCut = domain;
            trace().nodes[node].message = QStringLiteral("not expanded: %1").arg(first);
            return finishNode();
        }
        if (const QString problem = Net::domainProblem(domain); !problem.isEmpty()) {
            trace().nodes[node].message
                = QStringLiteral("'%1' is not a valid domain (%2)").arg(domain, problem);
            trace().nodes[node].hasResult = true;
            trace().nodes[node].result = Result::None;
            audit.problems << QStringLiteral("%1: %2").arg(
                pathTo(node), trace().nodes[node].message);
            return finishNode();
        }
        QString text;
        QList<int> lengths;
        if (const auto it = options.recordOverrides.constFind(Net::canonicalName(domain));
            it != options.recordOverrides.cend()) {
            text = *it;
            trace().nodes[node].message
                = QStringLiteral("draft record used instead of the published one");
        } else {
            const RecordLookup found
                = lookupRecord(resolver, domain, trace(), node, clock.nsecsElapsed() / 1000);
            if (options.onProgress)
                options.onProgress(audit.trace);
            if (found.status != RecordLookup::Status::Found) {
                TraceNode &n = trace().nodes[node];
                n.hasResult = true;
                n.result = found.status == RecordLookup::Status::None ? Result::None
                    : found.status == RecordLookup::Status::TempError ? Result::TempError
                                                                      : Result::PermError;
                n.message = found.message;
                audit.problems << QStringLiteral("%1: %2").arg(pathTo(node), found.message);
                return finishNode();
            }
            text = found.text;
            lengths = found.stringLengths;
        }
        const Record record = parseRecord(text, lengths);
        {
            TraceNode &n = trace().nodes[node];
            n.recordText = text;
            n.diagnostics = record.diagnostics;
            if (record.hasErrors()) {
                n.hasResult = true;
                n.result = Result::PermError;
                n.message = QStringLiteral(
                    "%1 syntax error(s): receivers return permerror for this record")
                                .arg(record.errorCount());
                for (const Diagnostic &d : record.diagnostics) {
                    if (d.severity == Severity::Error)
                        audit.problems << QStringLiteral("%1: %2").arg(pathTo(node), d.message);
                }
            }
        }
        const bool hasAll = record.findTerm(TermKind::All) != nullptr;
        bool seenRedirect = false;
        for (const Term &term : record.terms) {
            if (term.kind == TermKind::Version)
                continue;
            if (capReached())
                break;
            TraceNode tn;
            tn.kind = NodeKind::Term;
            tn.parent = node;
            tn.term = term;
            tn.outcome = Outcome::None;
            const int tnode = trace().add(tn);
            const bool ignoredRedirect
                = term.kind == TermKind::Redirect && (hasAll || seenRedirect);
            if (term.kind == TermKind::Redirect)
                seenRedirect = true;
            if (ignoredRedirect) {
                trace().nodes[tnode].outcome = Outcome::Ignored;
                trace().nodes[tnode].message = hasAll
                    ? QStringLiteral("ignored: the record has an 'all' mechanism (RFC 7208 §6.1)")
                    : QStringLiteral("ignored: a second redirect= makes the record invalid");
                continue;
            }
            if (!term.valid)
                continue;
            if (countsLookup(term.kind)) {
                ++audit.lookups;
                if (audit.lookups == options.maxLookups + 1) {
                    trace().nodes[tnode].crossesLimit = true;
                    audit.crossingNode = tnode;
                }
            }
            const int voidsBeforeTerm = audit.voidLookups;
            evaluateTerm(term, domain, tnode, chain);
            TraceNode &t = trace().nodes[tnode];
            t.lookupsAfter = audit.lookups;
            t.voidsAfter = audit.voidLookups;
            t.voidLookup = t.voidLookup || audit.voidLookups > voidsBeforeTerm;
        }
        finishNode();
    }

    void evaluateTerm(const Term &term, const QString &domain, int tnode, QStringList &chain)
    {
        switch (term.kind) {
        case TermKind::Ip4:
        case TermKind::Ip6: {
            const int prefix = term.kind == TermKind::Ip4 ? (term.cidr4 >= 0 ? term.cidr4 : 32)
                                                          : (term.cidr6 >= 0 ? term.cidr6 : 128);
            trace().nodes[tnode].target = QStringLiteral("%1/%2").arg(term.value).arg(prefix);
            addNetwork(term.value, prefix, term, tnode);
            return;
        }
        case TermKind::All:
            trace().nodes[tnode].message
                = QStringLiteral("every other host: %1").arg(resultName(resultOf(term.qualifier)));
            return;
        case TermKind::Ptr:
            trace().nodes[tnode].message = QStringLiteral(
                "depends on the connecting IP's reverse DNS: cannot be listed without an IP");
            return;
        case TermKind::Exp: {
            const auto target = staticTarget(term, domain, tnode);
            trace().nodes[tnode].target = target.value_or(QString());
            trace().nodes[tnode].message = QStringLiteral(
                "explanation for fail (fetched only then; not counted as a lookup)");
            return;
        }
        case TermKind::UnknownModifier:
            trace().nodes[tnode].message = QStringLiteral("unknown modifier: ignored by receivers");
            return;
        default:
            break;
        }
        const auto target = staticTarget(term, domain, tnode);
        if (!target)
            return;
        trace().nodes[tnode].target = *target;
        if (const QString problem = Net::dnsNameProblem(*target); !problem.isEmpty()) {
            trace().nodes[tnode].message
                = QStringLiteral("'%1' cannot be looked up (%2)").arg(*target, problem);
            return;
        }
        switch (followOf(term.kind)) {
        case Follow::Addresses:
            addresses(*target, term, tnode, true);
            return;
        case Follow::MailExchangers: {
            const Dns::Answer a = ask(*target, Dns::Type::MX, tnode);
            if (!a || !a->isSuccess()) {
                audit.problems << QStringLiteral("%1: MX lookup failed (%2)")
                                      .arg(pathTo(tnode), answerSummary(a, Dns::Type::MX));
                return;
            }
            countVoid(a, tnode);
            const QList<Dns::Record> mxs = a->recordsOfType(Dns::Type::MX);
            if (mxs.size() > options.maxMxNames) {
                trace().nodes[tnode].message
                    = QStringLiteral("%1 MX names: more than %2, receivers return permerror when "
                                     "they evaluate this term")
                          .arg(mxs.size())
                          .arg(options.maxMxNames);
                audit.problems << QStringLiteral("%1: %2").arg(
                    pathTo(tnode), trace().nodes[tnode].message);
            }
            for (const Dns::Record &mx : mxs) {
                if (mx.target.isEmpty() || mx.target == QLatin1String(".") || capReached())
                    continue;
                mxAddressLookups += 1;
                addresses(mx.target, term, tnode, false);
            }
            return;
        }
        case Follow::Existence: {
            const Dns::Answer a = ask(*target, Dns::Type::A, tnode);
            if (!a || !a->isSuccess()) {
                audit.problems << QStringLiteral("%1: A lookup failed (%2)")
                                      .arg(pathTo(tnode), answerSummary(a, Dns::Type::A));
                return;
            }
            countVoid(a, tnode);
            trace().nodes[tnode].message = a->recordsOfType(Dns::Type::A).isEmpty()
                ? QStringLiteral("%1 has no A record: never matches").arg(*target)
                : QStringLiteral("%1 exists: always matches").arg(*target);
            return;
        }
        case Follow::Record: {
            const QString key = Net::canonicalName(*target);
            if (chain.contains(key)) {
                const QString loop = (chain + QStringList {key}).join(QStringLiteral(" > "));
                audit.loops << loop;
                trace().nodes[tnode].message = QStringLiteral("loop: %1").arg(loop);
                trace().nodes[tnode].outcome = Outcome::Error;
                trace().nodes[tnode].cause = ErrorCause::Loop;
                audit.problems << QStringLiteral("%1: %2 loop (receivers return permerror)")
                                      .arg(pathTo(tnode), termKindName(term.kind));
                return;
            }
            chain << key;
            expand(*target, tnode, chain);
            chain.removeLast();
            const int child = trace().nodes[tnode].children.isEmpty()
                ? -1
                : trace().nodes[tnode].children.last();
            if (child >= 0 && trace().nodes[child].kind == NodeKind::Check
                && trace().nodes[child].hasResult && trace().nodes[child].result == Result::None) {
                trace().nodes[tnode].cause = ErrorCause::NoRecord;
                trace().nodes[tnode].message
                    = QStringLiteral(
                        "%1 has no SPF record: receivers return permerror (RFC 7208 %2)")
                          .arg(*target,
                              term.kind == TermKind::Include ? QStringLiteral("§5.2")
                                                             : QStringLiteral("§6.1"));
            }
            return;
        }
        case Follow::None:
            return;
        }
    }
};

Auditor::Auditor(Dns::Resolver &resolver, AuditOptions options)
    : m_resolver(resolver)
    , m_options(std::move(options))
{ }

Audit Auditor::run(const QString &domain)
{
    if (m_options.prefetchThreads > 0 || m_options.cache) {
        // The same sequential audit, through a cache: one shared with others (an
        // investigation's), and/or one that the prefetcher fills ahead of it.
        AuditOptions sequential = m_options;
        sequential.prefetchThreads = 0;
        sequential.cache = nullptr;
        return throughCache(m_resolver, m_options.cache, m_options, m_options.prefetchThreads,
            domain, domain,
            [&](Dns::Resolver &view) { return Auditor(view, sequential).run(domain); });
    }
    Private d(m_resolver, m_options);
    d.clock.start();
    d.audit.domain = domain;
    QStringList chain {Net::canonicalName(domain)};
    d.expand(domain, -1, chain);
    Audit &a = d.audit;
    if (a.crossingNode >= 0)
        a.problems.prepend(QStringLiteral(
            "the tree needs %1 DNS lookups; receivers stop at %2 and return permerror at '%3' (%4)")
                               .arg(a.lookups)
                               .arg(m_options.maxLookups)
                               .arg(a.trace.nodes[a.crossingNode].term.text,
                                   d.pathTo(a.crossingNode)));
    if (a.voidCrossingNode >= 0)
        a.problems.prepend(
            QStringLiteral("%1 void lookups (limit %2): receivers return permerror at '%3' (%4)")
                .arg(a.voidLookups)
                .arg(m_options.maxVoidLookups)
                .arg(a.trace.nodes[a.voidCrossingNode].term.text, d.pathTo(a.voidCrossingNode)));
    if (d.mxAddressLookups > 0)
        a.divergences << QStringLiteral(
            "MX counting: RFC 7208 counts each 'mx' term once (%1 lookups in all). Checkers that "
            "also count each MX host's address lookup would report %2.")
                             .arg(a.lookups)
                             .arg(a.lookups + d.mxAddressLookups);
    if (d.aaaaVoids > 0)
        a.divergences << QStringLiteral(
            "IPv6 senders: %1 'a' term(s) have no AAAA record. For an IPv6 sender each is a void "
            "lookup under RFC 7208 (and pyspf); some receivers do not count them.")
                             .arg(d.aaaaVoids);
    a.trace.maxLookups = m_options.maxLookups;
    a.trace.maxVoidLookups = m_options.maxVoidLookups;
    a.elapsedUs = d.clock.nsecsElapsed() / 1000;
    return std::move(d.audit);
}

} // namespace Spf
