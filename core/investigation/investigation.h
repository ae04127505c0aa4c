#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <QHash>
#include <QHostAddress>

#include "dns/resolver.h"
#include "dns/reverselookup.h"
#include "investigation/inputcheck.h"
#include "investigation/nscompare.h"
#include "investigation/resolverchoice.h"
#include "mailpolicy/dnsbl.h"
#include "mailpolicy/receivers.h"
#include "spf/advice.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"

namespace Paste {
struct Analysis;
}
namespace Bounce {
struct Diagnosis;
}

// One help-desk investigation: what the user typed, resolved against DNS, as plain values.
// Shared by the desktop window, reports and case files. No GUI types.
namespace Investigation {

enum class TargetKind { Invalid, Domain, Email, Ip };

// What the investigation field holds. Strict: things that only look like IPs are not IPs.
struct Target
{
    TargetKind kind = TargetKind::Invalid;
    QString text; // as typed, trimmed
    QString domain; // Domain, Email: the domain to investigate
    QString sender; // Email: the full address, its domain as evaluated (an A-label)
    QString aceNote; // a Unicode domain: that it is evaluated as its A-label (Net::aceNote)
    QHostAddress ip; // Ip
    QString problem; // Invalid: why
};
Target classifyTarget(const QString &text);
// A domain typed where only a domain is asked for (the CLI's tree, dmarc and ns-compare): the
// domain of an e-mail address, or the name itself (InputCheck::typedDomain), as long as DNS can
// ask for it. Nothing else is guessed: "192.0.2.1" is a name here.
Target domainTarget(const QString &text);

// What an investigation works out. Each door asks through run(); only what it shows differs.
enum class Scope {
    // The window and reports: the tree and its advice, the IP test (with an IP), the reverse
    // lookup, the nameserver comparison, the bounce's findings. `target` as classifyTarget reads
    // it.
    Everything,
    // The tree of a domain and its advice (the CLI's tree). `target` as domainTarget reads it.
    TreeAdvice,
    // The tree alone (tree --networks).
    Tree,
    // check_host() for one question and nothing else (the CLI's check): `target` is the sender,
    // read with `ip` and `helo` by InputCheck::checkQuestion.
    Check,
    // What Gmail, Microsoft and Yahoo require (the CLI's receivers): the tree, the IP test and
    // the reverse lookup (with an IP), then the receivers' checks; no advice. `target` as
    // domainTarget reads it.
    Receivers,
};

// Block lists asked about an address during a case (the workbench's Check block lists).
struct BlocklistQuestion
{
    QString ip; // as checked: normalized text
    QStringList zones; // the lists asked, in order
    friend bool operator==(const BlocklistQuestion &, const BlocklistQuestion &) = default;
};

struct Request
{
    Scope scope = Scope::Everything;
    QString target;
    QString ip; // sending IP for "would IP X pass for domain Y" (optional but for Check)
    QString helo;
    QString defaultExplanation; // the IP test's explanation for fail without a usable exp=
    ResolverChoice resolver;
    // When set, used instead of `resolver` (a zone loaded once, captured answers, drafts, tests).
    // It is not asked for network settings: a nameserver comparison asks the way `resolver` says.
    std::shared_ptr<Dns::Resolver> resolverOverride;
    QHash<QString, QString> drafts; // what-if record text by lower-case domain
    // Threads fetching the tree ahead of the audit (of the IP test when it runs alone); with it,
    // one answer cache serves the whole investigation (audit, IP test, reverse lookup, advice),
    // and the advice's own questions are asked beside the audit (Spf::AdviceAhead). 0: one query
    // at a time, no cache.
    int prefetchThreads = 0;
    // Ask every authoritative nameserver of the domain directly and compare (live DNS only:
    // `resolverOverride`, when set, must then be a network resolver; it finds the nameservers,
    // which are asked with the timeouts of `resolver`).
    bool compareNameservers = false;
    quint16 nsPort = 53; // where the authoritative servers listen (labs and tests)
    // A comparison made earlier (a case file): shown instead of asking again.
    std::optional<NsCompare::Result> knownNameservers;
    // The bounce this investigation started from: its DMARC, DKIM and forwarding findings are
    // worked out through the same resolver (their DNS answers join the evidence).
    std::shared_ptr<const Paste::Analysis> paste;
    // DKIM selectors the user names for the receivers' checks (Everything, Receivers); the
    // paste's DKIM-Signature s= for the domain and common provider selectors are tried too.
    QStringList dkimSelectors;
    // Block lists asked during the case, asked again (in order) whenever the case is re-run, so
    // that their answers are evidence like the rest.
    QList<BlocklistQuestion> blocklists;
};

struct Result
{
    Request request;
    Target target; // Everything, TreeAdvice, Tree: what `target` was read as
    // The IP test's question (Check; Everything with an IP): its notes say how the input was read.
    std::optional<InputCheck::Question> question;
    QString error; // the request could not be run (bad input, no resolver)
    bool cancelled = false;
    QString resolverDescription;
    std::optional<Spf::Audit> audit; // Domain, Email
    std::optional<Spf::Evaluation> evaluation; // when an IP was given
    std::optional<Dns::ReverseResult> reverse; // Ip target, or the sending IP
    std::optional<NsCompare::Result> nameservers; // when compared
    QList<Spf::Advice> advice; // what the tree gets wrong beyond syntax (Spf::treeAdvice)
    // Questions the advice asked after the other walks (last in the evidence). With prefetching
    // they were asked beside the audit, and this is normally 0.
    int adviceQueries = 0;
    std::shared_ptr<const Bounce::Diagnosis> bounce; // when the request came from a bounce
    // Everything (Domain, Email), Receivers: what Gmail, Microsoft and Yahoo would make of mail
    // from the domain (sent by the IP, when given). Its DNS answers are in `evidence`.
    std::optional<MailPolicy::Report> receivers;
    QList<Dnsbl::Check> blocklists; // one per request.blocklists, in its order
    QList<Dns::Exchange> evidence; // every question sent, in order
    // With prefetching: questions answered by the investigation's cache (or by an identical
    // question in flight), and those sent to the resolver.
    int cacheHits = 0;
    int cacheMisses = 0;
    qint64 elapsedUs = 0;
};

struct Progress
{
    QString stage; // "Expanding the SPF tree", ...
    int queries = 0;
    std::optional<Spf::Trace> tree; // the tree so far, when it changed
};

// What is wrong with a request, and in which of the user's fields, so that the message can be
// attached to that field.
enum class InputField { None, Target, Ip, Helo, Resolver };
struct InputProblem
{
    InputField field = InputField::None;
    QString message; // empty: the request can run
    bool isEmpty() const { return message.isEmpty(); }
};
InputProblem problemOf(const Request &request);
// Validates the request without doing DNS: an empty string when it can run.
QString validate(const Request &request);

// Asks every authoritative nameserver of `domain` directly (NsCompare) the way `network` says
// (timeouts, tries; its servers are replaced by each nameserver); `bootstrap` finds them.
// Blocking.
NsCompare::Result compareNameservers(Dns::Resolver &bootstrap, const Dns::NetworkConfig &network,
    const QString &domain, quint16 nsPort, const Work::Cancel &cancel);

// check_host() for one question: the one way every door evaluates (an investigation's IP test,
// the CLI's check and each line of check --batch). `options` carries the cache, the prefetching,
// the drafts and the cancel flag. Blocking.
Spf::Evaluation evaluate(Dns::Resolver &resolver, const InputCheck::Question &question,
    const Spf::EvaluatorOptions &options);

// The block lists `question` names (Dnsbl::listFor each zone), asked through `resolver`
// (Dnsbl::check). Blocking. An address that does not parse gives a check with no list.
Dnsbl::Check askBlocklists(Dns::Resolver &resolver, const BlocklistQuestion &question,
    const Work::Cancel &cancel, const Dnsbl::Progress &progress = {});
// The question for `lists` about `ip`.
BlocklistQuestion blocklistQuestion(const QHostAddress &ip, const QList<Dnsbl::List> &lists);

// Runs an investigation. Blocking: call it on a worker thread. `progress` is called on that
// thread, at most every `progressIntervalMs`. Setting *cancel stops it within ~50 ms.
Result run(const Request &request, const Work::Cancel &cancel,
    const std::function<void(const Progress &)> &progress = {}, int progressIntervalMs = 100);

} // namespace Investigation
