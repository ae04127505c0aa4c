#include "spf/evaluator.h"

#include "dns/overlayresolver.h"

#include "spf/prefetch_p.h"

#include <QElapsedTimer>

#include "common/netutil.h"
#include "spf/parser.h"

namespace Spf {

namespace {

// How one mechanism came out.
struct MechResult
{
    enum class Kind { Match, NoMatch, Error };
    Kind kind = Kind::NoMatch;
    Result error = Result::PermError; // when Kind::Error
    QString message;
    int innerNode = -1; // include: the term inside the included record that decided
};

MechResult match(const QString &why)
{
    return {MechResult::Kind::Match, Result::None, why};
}
MechResult noMatch(const QString &why)
{
    return {MechResult::Kind::NoMatch, Result::None, why};
}
MechResult failure(Result r, const QString &why)
{
    return {MechResult::Kind::Error, r, why};
}

// `ip` is the client, normalized (RFC 7208 §5: an IPv4-mapped IPv6 client is an IPv4 client).
// The network keeps its family as written: an ip6 mechanism or an AAAA record holding
// ::ffff:192.0.2.1 is an IPv6 network, which never matches an IPv4 connection (§5.6), and with
// /0 matches every IPv6 client.
bool inNetwork(const QHostAddress &ip, const QString &address, int prefix)
{
    const auto network = Net::parseIp(address);
    if (!network || network->protocol() != ip.protocol())
        return false;
    return ip.isInSubnet(*network, prefix);
}

bool isSubdomainOrSame(const QString &name, const QString &domain)
{
    const QString n = Net::canonicalName(name);
    const QString d = Net::canonicalName(domain);
    return n == d || n.endsWith(QLatin1Char('.') + d);
}

} // namespace

struct Evaluator::Private
{
    Dns::Resolver &resolver;
    const EvaluatorOptions &options;
    CheckRequest request;
    QHostAddress ip; // normalized: IPv4-mapped IPv6 is IPv4 (RFC 7208 §5)
    bool v4 = true;
    MacroContext baseContext;
    Trace trace;
    QElapsedTimer clock;
    int lookups = 0;
    int voids = 0;
    int mxAddressLookups = 0;
    bool ipv6VoidSeen = false;
    // Where this check met a place receivers read differently (see Reading).
    bool metMxHostVoid = false;
    bool metPtrNameVoid = false;
    bool metMxOverLimit = false;
    bool metPtrMacroVoid = false; // %{p}'s PTR lookup came back empty
    bool metMxHostsLeft = false; // an MX host matched before the last one was asked
    bool metExpOnlyModifier = false; // an unknown modifier holds %{c}, %{r} or %{t}
    bool ptrVoidOverflow = false; // %{p}'s lookups went past the void limit (other readings)
    std::optional<QString> validatedName; // %{p}, computed once
    QStringList divergences;

    Private(Dns::Resolver &r, const EvaluatorOptions &o)
        : resolver(r)
        , options(o)
    { }

    // ---- DNS -----------------------------------------------------------------------------

    // Asks a question on behalf of `node`; records evidence and a Query child node.
    Dns::Answer ask(const QString &name, quint16 type, int node)
    {
        Dns::Answer a;
        const Dns::Question q {name, type};
        const QDateTime when = QDateTime::currentDateTimeUtc();
        const qint64 offset = clock.nsecsElapsed() / 1000;
        if (options.cancel.requested()) {
            a = Dns::Answer(Sleuth::Unexpected(
                Dns::Error {Dns::ErrorKind::Cancelled, QStringLiteral("cancelled"), {}, 0}));
        } else if (clock.elapsed() > options.timeLimitMs) {
            a = Dns::Answer(Sleuth::Unexpected(Dns::Error {Dns::ErrorKind::Timeout,
                QStringLiteral("the evaluation exceeded its time limit of %1 s")
                    .arg(options.timeLimitMs / 1000.0),
                {}, 0}));
        } else {
            a = resolver.resolve(q);
        }
        trace.addQuery(node, q, a, when, offset);
        if (options.onProgress)
            options.onProgress(trace);
        return a;
    }

    // RFC 7208 §4.6.4: counts a void lookup; permerror past the limit.
    std::optional<MechResult> countVoid(const Dns::Answer &a, int termNode)
    {
        if (!a || !a->isVoid())
            return std::nullopt;
        ++voids;
        trace.nodes[termNode].voidLookup = true;
        if (v4 == false && (a->question.type == Dns::Type::AAAA))
            ipv6VoidSeen = true;
        if (voids > options.maxVoidLookups) {
            trace.nodes[termNode].cause = ErrorCause::VoidLookups;
            return failure(Result::PermError,
                QStringLiteral("void lookup #%1 (%2 %3 returned %4): more than %5 void lookups "
                               "(RFC 7208 §4.6.4)")
                    .arg(voids)
                    .arg(a->question.name, Dns::typeName(a->question.type),
                        a->rcode == Dns::Rcode::NxDomain ? QStringLiteral("NXDOMAIN")
                                                         : QStringLiteral("no records"))
                    .arg(options.maxVoidLookups));
        }
        return std::nullopt;
    }

    static std::optional<MechResult> dnsError(
        const Dns::Answer &a, const QString &name, quint16 type)
    {
        // RFC 7208 §5: RCODE other than 0 or 3, or a timeout -> temperror.
        if (!a)
            return failure(Result::TempError,
                QStringLiteral("DNS error for %1 %2: %3")
                    .arg(name, Dns::typeName(type), a.error().message));
        if (!a->isSuccess())
            return failure(Result::TempError,
                QStringLiteral("%1 %2 returned %3")
                    .arg(name, Dns::typeName(type), Dns::rcodeName(a->rcode)));
        return std::nullopt;
    }

    // ---- macros -------------------------------------------------------------------------

    QString computeValidatedName(const QString &domain, int node)
    {
        // RFC 7208 §7.3 %{p}: a forward-confirmed PTR name, preferring one within <domain>.
        const Dns::Answer ptr = ask(Net::reverseName(ip), Dns::Type::PTR, node);
        if (ptr && ptr->isVoid()) {
            metPtrMacroVoid = true;
            if (options.reading.voidPtrForMacro && ++voids > options.maxVoidLookups)
                ptrVoidOverflow = true; // reported by the term that expanded %{p}
        }
        if (!ptr || ptr->rcode != Dns::Rcode::NoError)
            return QStringLiteral("unknown");
        QStringList confirmed;
        const QList<Dns::Record> names = ptr->recordsOfType(Dns::Type::PTR);
        for (int i = 0; i < names.size() && i < options.maxPtrNames; ++i) {
            const QString name = names[i].target;
            const Dns::Answer fwd = ask(name, v4 ? Dns::Type::A : Dns::Type::AAAA, node);
            if (fwd && fwd->isVoid()) {
                metPtrNameVoid = true;
                if (options.reading.voidPerPtrName && ++voids > options.maxVoidLookups)
                    ptrVoidOverflow = true; // reported by the term that expanded %{p}
            }
            if (!fwd || fwd->rcode != Dns::Rcode::NoError)
                continue;
            for (const Dns::Record &r : fwd->recordsOfType(v4 ? Dns::Type::A : Dns::Type::AAAA)) {
                if (inNetwork(ip, r.target, v4 ? 32 : 128)) {
                    confirmed << name;
                    break;
                }
            }
        }
        // RFC 7208 §7.3: "If the <domain> is present in the list of validated domains, it SHOULD
        // be used. Otherwise, if a subdomain of the <domain> is present, it SHOULD be used.
        // Otherwise, any name from the list can be used."
        const QString self = Net::canonicalName(domain);
        for (const QString &n : std::as_const(confirmed)) {
            if (Net::canonicalName(n) == self)
                return n;
        }
        for (const QString &n : std::as_const(confirmed)) {
            if (isSubdomainOrSame(n, domain))
                return n;
        }
        return confirmed.isEmpty() ? QStringLiteral("unknown") : confirmed.front();
    }

    MacroContext contextFor(const QString &domain, int node)
    {
        MacroContext c = baseContext;
        c.domain = domain;
        c.validatedName = [this, domain, node]() {
            if (!validatedName)
                validatedName = computeValidatedName(domain, node);
            return *validatedName;
        };
        return c;
    }

    // Expands a domain-spec (or returns <domain> when there is none).
    QString targetOf(const Term &term, const QString &domain, int node)
    {
        if (term.value.isEmpty())
            return domain;
        const auto tokens = parseMacroString(term.value, MacroMode::DomainSpec);
        if (!tokens)
            return {}; // the parser rejected the record already; not reached
        QList<MacroExpansion> expansions;
        const QString out
            = expandMacros(*tokens, contextFor(domain, node), MacroMode::DomainSpec, &expansions);
        trace.nodes[node].expansions = expansions;
        return out;
    }

    // ---- mechanisms ---------------------------------------------------------------------

    MechResult matchAddresses(const QString &target, const Term &term, int node, bool isMx)
    {
        const quint16 type = v4 ? Dns::Type::A : Dns::Type::AAAA;
        const int prefix
            = v4 ? (term.cidr4 >= 0 ? term.cidr4 : 32) : (term.cidr6 >= 0 ? term.cidr6 : 128);
        const Dns::Answer a = ask(target, type, node);
        if (auto e = dnsError(a, target, type))
            return *e;
        if (isMx && a->isVoid())
            metMxHostVoid = true;
        if (!isMx || options.reading.voidPerMxHost) {
            if (auto e = countVoid(a, node))
                return *e;
        }
        for (const Dns::Record &r : a->recordsOfType(type)) {
            if (inNetwork(ip, r.target, prefix))
                return match(QStringLiteral("%1 is in %2/%3 (%4 of %5)")
                                 .arg(Net::ipToString(ip), r.target)
                                 .arg(prefix)
                                 .arg(Dns::typeName(type), target));
        }
        const int count = int(a->recordsOfType(type).size());
        return noMatch(count == 0
                ? QStringLiteral("%1 has no %2 record").arg(target, Dns::typeName(type))
                : QStringLiteral("none of the %1 %2 record(s) of %3 covers %4/%5")
                      .arg(count)
                      .arg(Dns::typeName(type), target, Net::ipToString(ip))
                      .arg(prefix));
    }

    MechResult evalMx(const QString &target, const Term &term, int node)
    {
        const Dns::Answer a = ask(target, Dns::Type::MX, node);
        if (auto e = dnsError(a, target, Dns::Type::MX))
            return *e;
        if (auto e = countVoid(a, node))
            return *e;
        QList<Dns::Record> mxs = a->recordsOfType(Dns::Type::MX);
        std::stable_sort(mxs.begin(), mxs.end(),
            [](const Dns::Record &x, const Dns::Record &y) { return x.preference < y.preference; });
        // RFC 7208 §4.6.4: more than 10 MX names -> permerror (Mail::SPF's reading: use the first).
        if (mxs.size() > options.maxMxNames) {
            metMxOverLimit = true;
            if (!options.reading.mxFirstTenOnly)
                return failure(Result::PermError,
                    QStringLiteral("%1 has %2 MX records; evaluating 'mx' may look up at most %3 "
                                   "(RFC 7208 §4.6.4)")
                        .arg(target)
                        .arg(mxs.size())
                        .arg(options.maxMxNames));
            mxs.resize(options.maxMxNames);
        }
        std::optional<MechResult> first; // the first host that matched
        for (const Dns::Record &mx : std::as_const(mxs)) {
            if (mx.target.isEmpty() || mx.target == QLatin1String("."))
                continue; // RFC 7505 null MX
            if (first) {
                // RFC 7208 §5.4: the first match decides; pyspf asks every host first.
                metMxHostsLeft = true;
                if (!options.reading.mxAllHostsFirst)
                    break;
            }
            ++mxAddressLookups;
            const MechResult r = matchAddresses(mx.target, term, node, true);
            if (r.kind == MechResult::Kind::Error)
                return r; // an error at any host asked ends the check (temperror)
            if (r.kind == MechResult::Kind::Match && !first)
                first = match(QStringLiteral("MX %1: %2").arg(mx.target, r.message));
        }
        if (first)
            return *first;
        return noMatch(mxs.isEmpty()
                ? QStringLiteral("%1 has no MX record").arg(target)
                : QStringLiteral("no address of the %1 MX host(s) of %2 covers %3")
                      .arg(mxs.size())
                      .arg(target, Net::ipToString(ip)));
    }

    MechResult evalPtr(const QString &target, int node)
    {
        // RFC 7208 §5.5
        const Dns::Answer ptr = ask(Net::reverseName(ip), Dns::Type::PTR, node);
        if (!ptr || !ptr->isSuccess())
            return noMatch(QStringLiteral("the PTR lookup failed (%1): 'ptr' does not match")
                               .arg(answerSummary(ptr, Dns::Type::PTR)));
        if (auto e = countVoid(ptr, node))
            return *e;
        const QList<Dns::Record> names = ptr->recordsOfType(Dns::Type::PTR);
        const quint16 type = v4 ? Dns::Type::A : Dns::Type::AAAA;
        for (int i = 0; i < names.size() && i < options.maxPtrNames; ++i) {
            const QString name = names[i].target;
            const Dns::Answer fwd = ask(name, type, node);
            if (fwd && fwd->isVoid()) {
                metPtrNameVoid = true;
                if (options.reading.voidPerPtrName) {
                    if (auto e = countVoid(fwd, node))
                        return *e;
                }
            }
            if (!fwd || fwd->rcode != Dns::Rcode::NoError)
                continue; // a DNS error: skip this name and go on
            bool validated = false;
            for (const Dns::Record &r : fwd->recordsOfType(type))
                validated = validated || inNetwork(ip, r.target, v4 ? 32 : 128);
            if (validated && isSubdomainOrSame(name, target))
                return match(QStringLiteral("%1 resolves back to %2 and is within %3")
                                 .arg(name, Net::ipToString(ip), target));
        }
        return noMatch(names.isEmpty()
                ? QStringLiteral("%1 has no PTR record").arg(Net::ipToString(ip))
                : QStringLiteral("no forward-confirmed PTR name of %1 is within %2")
                      .arg(Net::ipToString(ip), target));
    }

    MechResult evalExists(const QString &target, int node)
    {
        // RFC 7208 §5.7: always an A query, whatever the IP version.
        const Dns::Answer a = ask(target, Dns::Type::A, node);
        if (auto e = dnsError(a, target, Dns::Type::A))
            return *e;
        if (auto e = countVoid(a, node))
            return *e;
        if (!a->recordsOfType(Dns::Type::A).isEmpty())
            return match(QStringLiteral("%1 has an A record").arg(target));
        return noMatch(QStringLiteral("%1 has no A record").arg(target));
    }

    // ---- check_host() -------------------------------------------------------------------

    struct HostResult
    {
        Result result = Result::None;
        QString explanation;
        QString reason;
        int decidingNode = -1;
    };

    HostResult finish(
        int node, Result r, const QString &reason, int deciding = -1, const QString &exp = {})
    {
        TraceNode &n = trace.nodes[node];
        n.hasResult = true;
        n.result = r;
        if (n.message.isEmpty())
            n.message = reason;
        return HostResult {r, exp, reason, deciding};
    }

    static TraceNode termNode(const Term &term, int parent, Outcome outcome)
    {
        TraceNode tn;
        tn.kind = NodeKind::Term;
        tn.parent = parent;
        tn.term = term;
        tn.outcome = outcome;
        return tn;
    }

    // The record check_host() reads for `domain`: a draft in its place, or DNS's answer. Empty
    // text with a result when there is none to read.
    struct RecordText
    {
        QString text;
        QList<int> lengths;
        std::optional<HostResult> result;
    };
    RecordText recordFor(const QString &domain, int node)
    {
        RecordText out;
        if (const auto it = options.recordOverrides.constFind(Net::canonicalName(domain));
            it != options.recordOverrides.cend()) {
            out.text = *it;
            trace.nodes[node].message
                = QStringLiteral("draft record used instead of the published one");
            return out;
        }
        const RecordLookup found
            = lookupRecord(resolver, domain, trace, node, clock.nsecsElapsed() / 1000);
        if (options.onProgress)
            options.onProgress(trace);
        switch (found.status) {
        case RecordLookup::Status::None:
            out.result = finish(node, Result::None, found.message);
            break;
        case RecordLookup::Status::TempError:
            out.result = finish(node, Result::TempError, found.message);
            break;
        case RecordLookup::Status::PermError:
            out.result = finish(node, Result::PermError, found.message);
            break;
        case RecordLookup::Status::Found:
            out.text = found.text;
            out.lengths = found.stringLengths;
            break;
        }
        return out;
    }

    // RFC 7208 §4.6: a syntax error anywhere -> permerror, before any evaluation. Every term
    // stays in the trace, unevaluated, with the problem found in it.
    HostResult syntaxError(const Record &record, const QString &domain, int node)
    {
        const QString &text = record.text;
        const auto firstError = std::find_if(record.diagnostics.cbegin(), record.diagnostics.cend(),
            [](const Diagnostic &d) { return d.severity == Severity::Error; });
        QString reason = QStringLiteral("the SPF record of %1 has %2 syntax error%3: %4")
                             .arg(domain)
                             .arg(record.errorCount())
                             .arg(record.errorCount() == 1 ? QString() : QStringLiteral("s"),
                                 firstError->message);
        if (firstError->suggestion)
            reason += QStringLiteral(" (fix: '%1')")
                          .arg(text.mid(firstError->range.offset, firstError->range.length)
                              + QStringLiteral("' -> '") + *firstError->suggestion);
        int deciding = -1;
        for (const Term &term : record.terms) {
            if (term.kind == TermKind::Version)
                continue;
            TraceNode tn = termNode(term, node, term.valid ? Outcome::NotReached : Outcome::Error);
            for (const Diagnostic &d : record.diagnostics) {
                if (d.severity == Severity::Error && d.range.offset >= term.range.offset
                    && d.range.offset < term.range.end())
                    tn.message = d.message;
            }
            if (tn.message.isEmpty() && term.valid)
                tn.message = QStringLiteral("not evaluated: the record has a syntax error");
            const int tnode = trace.add(tn);
            if (!term.valid && deciding < 0)
                deciding = tnode;
        }
        return finish(node, Result::PermError, reason, deciding);
    }

    // pyspf's reading of c, r and t macros in a modifier it does not know (Reading).
    std::optional<HostResult> expOnlyMacroInModifier(const Record &record, int node)
    {
        static const QRegularExpression expOnly(
            QStringLiteral("%\\{[crtCRT]"), QRegularExpression::NoPatternOption);
        const auto term
            = std::find_if(record.terms.cbegin(), record.terms.cend(), [](const Term &t) {
                  return t.kind == TermKind::UnknownModifier && expOnly.match(t.value).hasMatch();
              });
        if (term == record.terms.cend())
            return std::nullopt;
        metExpOnlyModifier = true;
        if (!options.reading.expOnlyMacrosInModifiers)
            return std::nullopt; // RFC 7208 §6: an unknown modifier is ignored
        return finish(node, Result::PermError,
            QStringLiteral("'%1' uses a macro allowed only in exp=").arg(term->text));
    }

    HostResult checkHost(const QString &domain, int parent, QStringList &chain)
    {
        TraceNode cn;
        cn.kind = NodeKind::Check;
        cn.parent = parent;
        cn.domain = domain;
        const int node = trace.add(cn);

        // RFC 7208 §4.3: a malformed <domain> -> none.
        if (const QString problem = Net::domainProblem(domain); !problem.isEmpty())
            return finish(node, Result::None,
                QStringLiteral("'%1' is not a valid domain (%2): check_host() returns none (RFC "
                               "7208 §4.3)")
                    .arg(domain, problem));
        const RecordText found = recordFor(domain, node);
        if (found.result)
            return *found.result;
        const Record record = parseRecord(found.text, found.lengths);
        trace.nodes[node].recordText = found.text;
        trace.nodes[node].diagnostics = record.diagnostics;
        if (record.hasErrors())
            return syntaxError(record, domain, node);
        if (auto refused = expOnlyMacroInModifier(record, node))
            return *refused;
        return evaluateTerms(record, domain, node, chain);
    }

    // RFC 7208 §4.6.2: the terms in order, then redirect= (§6.1), then neutral (§4.7).
    HostResult evaluateTerms(
        const Record &record, const QString &domain, int node, QStringList &chain)
    {
        const bool hasAll = record.findTerm(TermKind::All) != nullptr;
        const Term *redirect = nullptr;
        int redirectNode = -1;
        QList<int> termNodes;
        for (const Term &term : record.terms) {
            if (term.kind == TermKind::Version)
                continue;
            termNodes << trace.add(termNode(term, node, Outcome::NotReached));
            if (term.kind == TermKind::Redirect && !redirect)
                redirectNode = termNodes.last();
            if (term.kind == TermKind::Redirect && !redirect)
                redirect = &term;
        }
        int termIndex = -1;
        for (const Term &term : record.terms) {
            if (term.kind == TermKind::Version)
                continue;
            const int tnode = termNodes[++termIndex];
            if (!isMechanism(term.kind)) {
                trace.nodes[tnode].outcome
                    = term.kind == TermKind::Redirect && hasAll ? Outcome::Ignored : Outcome::None;
                continue;
            }
            if (countsLookup(term.kind) && ++lookups > options.maxLookups) {
                trace.nodes[tnode].crossesLimit = true;
                setTerm(tnode, Outcome::Error);
                return finish(node, Result::PermError,
                    QStringLiteral("'%1' is DNS lookup #%2: more than %3 terms that need DNS "
                                   "lookups (RFC 7208 §4.6.4)")
                        .arg(term.text)
                        .arg(lookups)
                        .arg(options.maxLookups),
                    tnode);
            }
            const MechResult r = evalMechanism(term, domain, tnode, chain);
            trace.nodes[tnode].message = r.message;
            const int deciding = r.innerNode >= 0 ? r.innerNode : tnode;
            if (r.kind == MechResult::Kind::Error) {
                setTerm(tnode, Outcome::Error, true, r.error);
                return finish(node, r.error, r.message, deciding);
            }
            if (r.kind == MechResult::Kind::NoMatch) {
                setTerm(tnode, Outcome::NoMatch);
                continue;
            }
            const Result res = resultOf(term.qualifier);
            setTerm(tnode, Outcome::Match, true, res);
            const QString reason = QStringLiteral("'%1' in the record of %2 matched: %3")
                                       .arg(term.text, domain, r.message);
            QString exp;
            if (res == Result::Fail)
                exp = explain(record, domain, node);
            return finish(node, res, reason, deciding, exp);
        }

        if (redirect && !hasAll)
            return followRedirect(*redirect, redirectNode, domain, node, chain);
        return finish(node, Result::Neutral,
            QStringLiteral("no mechanism in the record of %1 matched and it has no redirect=: the "
                           "default result is neutral (RFC 7208 §4.7)")
                .arg(domain));
    }

    // RFC 7208 §6.1: redirect= applies when nothing matched and there is no all mechanism.
    HostResult followRedirect(
        const Term &redirect, int tnode, const QString &domain, int node, QStringList &chain)
    {
        if (++lookups > options.maxLookups) {
            trace.nodes[tnode].crossesLimit = true;
            setTerm(tnode, Outcome::Error);
            return finish(node, Result::PermError,
                QStringLiteral("'%1' is DNS lookup #%2: more than %3 (RFC 7208 §4.6.4)")
                    .arg(redirect.text)
                    .arg(lookups)
                    .arg(options.maxLookups),
                tnode);
        }
        const QString target = targetOf(redirect, domain, tnode);
        trace.nodes[tnode].target = target;
        if (chain.contains(Net::canonicalName(target))) {
            setTerm(tnode, Outcome::Error, true, Result::PermError);
            trace.nodes[tnode].cause = ErrorCause::Loop;
            return finish(node, Result::PermError,
                QStringLiteral("redirect loop: %1 -> %2")
                    .arg(chain.join(QStringLiteral(" -> ")), target),
                tnode);
        }
        chain << Net::canonicalName(target);
        const HostResult sub = checkHost(target, tnode, chain);
        chain.removeLast();
        if (sub.result == Result::None) {
            setTerm(tnode, Outcome::Error, true, Result::PermError);
            trace.nodes[tnode].cause = ErrorCause::NoRecord;
            return finish(node, Result::PermError,
                QStringLiteral("redirect target %1 has no SPF record (%2); that is a permanent "
                               "error (RFC 7208 §6.1)")
                    .arg(target, sub.reason),
                tnode);
        }
        setTerm(tnode, Outcome::Match, true, sub.result);
        return finish(node, sub.result,
            QStringLiteral("redirect to %1: %2").arg(target, sub.reason),
            sub.decidingNode >= 0 ? sub.decidingNode : tnode, sub.explanation);
    }

    void setTerm(int tnode, Outcome outcome, bool withResult = false, Result result = Result::None)
    {
        TraceNode &t = trace.nodes[tnode];
        t.outcome = outcome;
        t.hasResult = withResult;
        t.result = result;
        t.lookupsAfter = lookups;
        t.voidsAfter = voids;
    }

    MechResult evalMechanism(const Term &term, const QString &domain, int tnode, QStringList &chain)
    {
        switch (term.kind) {
        case TermKind::All:
            return match(QStringLiteral("'all' always matches"));
        case TermKind::Ip4:
        case TermKind::Ip6: {
            const int prefix = term.kind == TermKind::Ip4 ? (term.cidr4 >= 0 ? term.cidr4 : 32)
                                                          : (term.cidr6 >= 0 ? term.cidr6 : 128);
            trace.nodes[tnode].target = QStringLiteral("%1/%2").arg(term.value).arg(prefix);
            if (inNetwork(ip, term.value, prefix))
                return match(QStringLiteral("%1 is in %2/%3")
                                 .arg(Net::ipToString(ip), term.value)
                                 .arg(prefix));
            return noMatch(QStringLiteral("%1 is not in %2/%3")
                               .arg(Net::ipToString(ip), term.value)
                               .arg(prefix));
        }
        default:
            break;
        }
        const QString target = targetOf(term, domain, tnode);
        trace.nodes[tnode].target = target;
        if (ptrVoidOverflow) {
            trace.nodes[tnode].cause = ErrorCause::VoidLookups;
            return failure(Result::PermError,
                QStringLiteral("more than %1 void lookups, counting the lookups of %{p} that came "
                               "back empty")
                    .arg(options.maxVoidLookups));
        }
        if (term.kind != TermKind::Include) {
            // A target that cannot be a DNS name (after macro expansion) matches nothing.
            const QString problem = Net::dnsNameProblem(target);
            if (!problem.isEmpty())
                return noMatch(
                    QStringLiteral("'%1' is not a valid domain (%2): no lookup, no match")
                        .arg(target, problem));
        }
        switch (term.kind) {
        case TermKind::A:
            return matchAddresses(target, term, tnode, false);
        case TermKind::Mx:
            return evalMx(target, term, tnode);
        case TermKind::Ptr:
            return evalPtr(target, tnode);
        case TermKind::Exists:
            return evalExists(target, tnode);
        case TermKind::Include: {
            const QString key = Net::canonicalName(target);
            if (chain.contains(key)) {
                trace.nodes[tnode].cause = ErrorCause::Loop;
                return failure(Result::PermError,
                    QStringLiteral("include loop: %1 -> %2")
                        .arg(chain.join(QStringLiteral(" -> ")), target));
            }
            chain << key;
            const HostResult sub = checkHost(target, tnode, chain);
            chain.removeLast();
            // RFC 7208 §5.2
            MechResult r;
            switch (sub.result) {
            case Result::Pass:
                r = match(QStringLiteral("%1 returned pass, because %2").arg(target, sub.reason));
                break;
            case Result::Fail:
            case Result::SoftFail:
            case Result::Neutral:
                return noMatch(QStringLiteral("%1 returned %2, which is no match for include")
                                   .arg(target, resultName(sub.result)));
            case Result::TempError:
                r = failure(Result::TempError,
                    QStringLiteral("include:%1 returned temperror: %2").arg(target, sub.reason));
                break;
            case Result::PermError:
                r = failure(Result::PermError,
                    QStringLiteral("include:%1 returned permerror: %2").arg(target, sub.reason));
                break;
            case Result::None:
                trace.nodes[tnode].cause = ErrorCause::NoRecord;
                return failure(Result::PermError,
                    QStringLiteral("include:%1 has no SPF record (%2); that is a permanent error "
                                   "(RFC 7208 §5.2)")
                        .arg(target, sub.reason));
            }
            r.innerNode = sub.decidingNode;
            return r;
        }
        default:
            break;
        }
        return noMatch(QString());
    }

    // RFC 7208 §6.2: the explanation for fail, from exp= when it works, else the default.
    QString explain(const Record &record, const QString &domain, int node)
    {
        const Term *exp = record.findTerm(TermKind::Exp);
        if (!exp)
            return options.defaultExplanation;
        const auto tokens = parseMacroString(exp->value, MacroMode::DomainSpec);
        if (!tokens)
            return options.defaultExplanation;
        const QString target
            = expandMacros(*tokens, contextFor(domain, node), MacroMode::DomainSpec);
        if (!Net::isValidDomain(target))
            return options.defaultExplanation;
        const Dns::Answer a = ask(target, Dns::Type::TXT, node);
        if (!a || a->rcode != Dns::Rcode::NoError)
            return options.defaultExplanation;
        const QList<Dns::Record> txt = a->recordsOfType(Dns::Type::TXT);
        if (txt.size() != 1)
            return options.defaultExplanation;
        const auto expTokens = parseMacroString(
            recordTextFromOctets(txt.front().joinedText()), MacroMode::Explanation);
        if (!expTokens)
            return options.defaultExplanation;
        return expandMacros(*expTokens, contextFor(domain, node), MacroMode::Explanation);
    }
};

namespace {

Identity identityOf(const CheckRequest &request)
{
    return Spf::identityOf(request.sender, request.helo);
}

} // namespace

Identity identityOf(const QString &mailFrom, const QString &helo)
{
    QString sender = mailFrom.trimmed();
    Identity id {QStringLiteral("mailfrom"), {}, {}};
    if (sender.isEmpty() || sender == QLatin1String("<>")) {
        sender = QStringLiteral("postmaster@") + helo.trimmed();
        id.name = QStringLiteral("helo");
    }
    const int at = int(sender.lastIndexOf(QLatin1Char('@')));
    id.localPart = at < 0 ? QString() : sender.left(at);
    if (id.localPart.isEmpty())
        id.localPart = QStringLiteral("postmaster");
    id.typedDomain = at < 0 ? sender : sender.mid(at + 1);
    id.domain = Net::toAce(id.typedDomain);
    return id;
}

QList<Interpretation> Evaluator::otherReadings(const CheckRequest &request, const Evaluation &rfc,
    const std::shared_ptr<Dns::Resolver> &fallback) const
{
    const Reading &met = rfc.readingsMet;
    struct Alternative
    {
        bool met;
        QString name;
        Reading reading;
        QString why;
    };
    const QList<Alternative> alternatives {
        {met.voidPerMxHost, QStringLiteral("pyspf, Mail::SPF"), Reading {.voidPerMxHost = true},
            QStringLiteral("they count each MX host whose address lookup comes back empty as a "
                           "void lookup, where RFC 7208 §4.6.4 counts the 'mx' term once")},
        {met.voidPerPtrName, QStringLiteral("pyspf"), Reading {.voidPerPtrName = true},
            QStringLiteral("it counts each PTR name whose address lookup comes back empty as a "
                           "void lookup, where RFC 7208 §4.6.4 counts the term once")},
        {met.mxFirstTenOnly, QStringLiteral("Mail::SPF"), Reading {.mxFirstTenOnly = true},
            QStringLiteral("it uses the first %1 of more MX names, where RFC 7208 §4.6.4 says "
                           "permerror")
                .arg(m_options.maxMxNames)},
        {met.voidPtrForMacro, QStringLiteral("pyspf, Mail::SPF"), Reading {.voidPtrForMacro = true},
            QStringLiteral("they count the PTR lookup of %{p} that comes back empty as a void "
                           "lookup, where RFC 7208 §4.6.4 counts the term's own lookup")},
        {met.trailingDotNone, QStringLiteral("pyspf"), Reading {.trailingDotNone = true},
            QStringLiteral("it takes a domain that ends in a dot for a malformed one, where RFC "
                           "7208 §4.3 reads it as the same fully qualified name")},
        {met.trailingDotStripped, QStringLiteral("Mail::SPF"),
            Reading {.trailingDotStripped = true},
            QStringLiteral("it drops the domain's trailing dot before expanding macros, where RFC "
                           "7208 §7.3 expands <domain> as given")},
        {met.mxAllHostsFirst, QStringLiteral("pyspf"), Reading {.mxAllHostsFirst = true},
            QStringLiteral("it looks up every MX host's addresses before matching any, so an "
                           "error at a later host counts, where RFC 7208 §5.4 stops at the "
                           "first match")},
        {met.expOnlyMacrosInModifiers, QStringLiteral("pyspf"),
            Reading {.expOnlyMacrosInModifiers = true},
            QStringLiteral("it rejects %{c}, %{r} and %{t} even in a modifier it does not know, "
                           "where RFC 7208 §6 says unknown modifiers are ignored")},
        {met.unicodeNotEncoded, QStringLiteral("Mail::SPF, libspf2"),
            Reading {.unicodeNotEncoded = true},
            QStringLiteral("they do not encode a Unicode domain as its A-label, where RFC 7208 "
                           "§4.3 asks DNS for A-labels")},
        {met.idnaTransitional, QStringLiteral("pyspf"), Reading {.idnaTransitional = true},
            QStringLiteral("it encodes by IDNA 2003 (transitional: 'ß' becomes 'ss'), where "
                           "IDNA 2008 and UTS #46 keep the letter")},
        {met.cnameLoopTempError, QStringLiteral("pyspf"), Reading {.cnameLoopTempError = true},
            QStringLiteral("it reports a CNAME loop as a DNS error, where the answer as served "
                           "holds no record of the type asked (a recursive resolver would say "
                           "SERVFAIL to every checker)")},
    };
    QList<Interpretation> out;
    if (std::none_of(
            alternatives.cbegin(), alternatives.cend(), [](const Alternative &a) { return a.met; }))
        return out;
    // The answers already seen, then the resolver for anything another reading asks anew.
    auto seen = std::make_shared<Dns::MemoryResolver>();
    seen->addCaptured(rfc.trace.exchanges);
    seen->setDescription(m_resolver.description());
    Dns::OverlayResolver replay(seen, fallback);
    for (const Alternative &alternative : alternatives) {
        if (!alternative.met)
            continue;
        EvaluatorOptions options = m_options;
        options.reading = alternative.reading;
        options.prefetchThreads = 0;
        options.cache = nullptr;
        options.onProgress = {};
        const Evaluation other = Evaluator(replay, options).evaluate(request);
        if (other.result == rfc.result)
            continue; // the same answer either way: nothing to show
        if (out.isEmpty())
            out << Interpretation {QStringLiteral("RFC 7208"), rfc.result, rfc.reason};
        out << Interpretation {alternative.name, other.result,
            QStringLiteral("%1: %2").arg(alternative.why, other.reason)};
    }
    return out;
}

namespace {

// pyspf's reading of a CNAME loop (Reading::cnameLoopTempError): the looped answer becomes the
// SERVFAIL a recursive resolver would give.
class CnameLoopAsServFail : public Dns::Resolver
{
public:
    explicit CnameLoopAsServFail(Dns::Resolver &inner)
        : m_inner(inner)
    { }
    Dns::Answer resolve(const Dns::Question &question) override
    {
        Dns::Answer a = m_inner.resolve(question);
        if (a && a->isCnameLoop()) {
            a->rcode = Dns::Rcode::ServFail;
            a->answers.clear();
        }
        return a;
    }
    QString description() const override { return m_inner.description(); }
    bool holdsDataFor(const QString &zone) const override { return m_inner.holdsDataFor(zone); }

private:
    Dns::Resolver &m_inner;
};

// Where deployed checkers count differently from RFC 7208 (not a different result: the counts).
QStringList countingDivergences(int lookups, int mxAddressLookups, bool ipv6VoidSeen, int limit)
{
    QStringList out;
    if (mxAddressLookups > 0) {
        const int alt = lookups + mxAddressLookups;
        out << QStringLiteral("MX counting: RFC 7208 counts each 'mx' term once (%1 lookups "
                              "here). Some checkers also count the %2 address lookup(s) made for "
                              "MX hosts, giving %3%4.")
                   .arg(lookups)
                   .arg(mxAddressLookups)
                   .arg(alt)
                   .arg(alt > limit && lookups <= limit
                           ? QStringLiteral(", which they would report as over the limit of 10")
                           : QString());
    }
    if (ipv6VoidSeen)
        out << QStringLiteral(
            "IPv6 void lookups: the sender is IPv6, so 'a'/'mx' asked for AAAA records; names with "
            "only A records count as void lookups here (as in RFC 7208 and pyspf), while some "
            "receivers do not count them.");
    return out;
}

} // namespace

Evaluator::Evaluator(Dns::Resolver &resolver, EvaluatorOptions options)
    : m_resolver(resolver)
    , m_options(std::move(options))
{ }

Evaluation Evaluator::evaluate(const CheckRequest &request)
{
    if (m_options.prefetchThreads > 0 || m_options.cache) {
        // The same sequential evaluation, through a cache: one shared with others (an
        // investigation's), and/or one that a walk of the whole tree fills ahead of it (the
        // audit's walk: targets that need the IP or the sender are not guessed).
        EvaluatorOptions sequential = m_options;
        sequential.prefetchThreads = 0;
        sequential.cache = nullptr;
        AuditOptions walk;
        walk.cancel = m_options.cancel;
        walk.recordOverrides = m_options.recordOverrides;
        walk.maxDepth = 10; // deeper, check_host() has returned permerror at the lookup limit
        walk.maxQueries = 100;
        const QString senderDomain = identityOf(request).domain;
        return throughCache(m_resolver, m_options.cache, walk, m_options.prefetchThreads,
            senderDomain, request.domain.isEmpty() ? senderDomain : request.domain,
            [&](Dns::Resolver &view) {
                Evaluator inner(view, sequential);
                inner.m_interpret = false; // done below, outside this walk's cache view
                Evaluation e = inner.evaluate(request);
                if (m_interpret && m_options.reading == Reading {}) {
                    // New questions of another reading go to the shared cache, or the resolver.
                    const std::shared_ptr<Dns::Resolver> fallback = m_options.cache
                        ? std::shared_ptr<Dns::Resolver>(m_options.cache)
                        : std::shared_ptr<Dns::Resolver>(&m_resolver, [](Dns::Resolver *) {});
                    e.interpretations = otherReadings(request, e, fallback);
                }
                return e;
            });
    }
    CnameLoopAsServFail loopAsError(m_resolver);
    Dns::Resolver *asked = &m_resolver;
    if (m_options.reading.cnameLoopTempError)
        asked = &loopAsError;
    Private d(*asked, m_options);
    d.clock.start();
    d.request = request;
    d.ip = Net::normalized(request.ip);
    d.v4 = d.ip.protocol() == QAbstractSocket::IPv4Protocol;

    Evaluation out;
    out.ip = Net::ipToString(d.ip);
    Identity id = identityOf(request);
    const QString transitional = Net::toAce(id.typedDomain, true);
    if (m_options.reading.idnaTransitional && request.domain.isEmpty())
        id.domain = transitional;
    out.identity = id.name;
    QString senderDomain = id.domain;
    out.domain = request.domain.isEmpty() ? senderDomain : request.domain;
    const bool trailingDot = out.domain.size() > 1 && out.domain.endsWith(QLatin1Char('.'));
    if (trailingDot && m_options.reading.trailingDotStripped) {
        out.domain.chop(1);
        if (senderDomain.endsWith(QLatin1Char('.')))
            senderDomain.chop(1);
    }
    d.baseContext.sender = id.localPart + QLatin1Char('@') + senderDomain;
    d.baseContext.localPart = id.localPart;
    d.baseContext.senderDomain = senderDomain;
    d.baseContext.helo = Net::toAce(request.helo);
    d.baseContext.ip = d.ip;
    d.baseContext.receiver = request.receiver;
    d.baseContext.timestamp
        = m_options.timestamp ? m_options.timestamp : QDateTime::currentSecsSinceEpoch();
    out.sender = d.baseContext.sender;

    const bool unicode = request.domain.isEmpty() && id.domain != id.typedDomain;
    if ((trailingDot && m_options.reading.trailingDotNone)
        || (unicode && m_options.reading.unicodeNotEncoded)) {
        out.result = Result::None;
        out.reason = QStringLiteral("'%1' is not a valid domain").arg(id.typedDomain);
        return out;
    }
    QStringList chain {Net::canonicalName(out.domain)};
    const auto host = d.checkHost(out.domain, -1, chain);
    out.result = host.result;
    out.reason = host.reason;
    out.explanation = host.result == Result::Fail ? host.explanation : QString();
    out.decidingNode = host.decidingNode;
    // The deciding path is known only at the end: matches inside an include that returned
    // "no match" to its parent are not on it.
    if (out.decidingNode >= 0)
        d.trace.markPath(out.decidingNode);
    out.lookups = d.lookups;
    out.voidLookups = d.voids;
    out.divergences
        = countingDivergences(d.lookups, d.mxAddressLookups, d.ipv6VoidSeen, m_options.maxLookups);
    out.trace = std::move(d.trace);
    out.trace.maxLookups = m_options.maxLookups;
    out.trace.maxVoidLookups = m_options.maxVoidLookups;
    out.readingsMet = Reading {.voidPerMxHost = d.metMxHostVoid,
        .voidPerPtrName = d.metPtrNameVoid,
        .mxFirstTenOnly = d.metMxOverLimit,
        .voidPtrForMacro = d.metPtrMacroVoid,
        .trailingDotNone = trailingDot,
        .trailingDotStripped = trailingDot,
        .mxAllHostsFirst = d.metMxHostsLeft,
        .expOnlyMacrosInModifiers = d.metExpOnlyModifier,
        .cnameLoopTempError = std::any_of(out.trace.exchanges.cbegin(), out.trace.exchanges.cend(),
            [](const Dns::Exchange &x) { return x.answer && x.answer->isCnameLoop(); }),
        .unicodeNotEncoded = unicode,
        .idnaTransitional = unicode && transitional != id.domain};
    if (m_interpret && m_options.reading == Reading {})
        out.interpretations = otherReadings(
            request, out, std::shared_ptr<Dns::Resolver>(&m_resolver, [](Dns::Resolver *) {}));
    out.elapsedUs = d.clock.nsecsElapsed() / 1000;
    return out;
}

} // namespace Spf
