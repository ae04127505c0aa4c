#pragma once

#include <optional>

#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "dmarc/dmarc.h"
#include "dns/reverselookup.h"
#include "mailpolicy/selectors.h"
#include "spf/auditor.h"
#include "spf/evaluator.h"

// "Will Gmail, Microsoft and Yahoo take our mail?": each receiver's published sender requirements
// (resources/receivers.json, compiled in) checked from DNS. What DNS cannot show (TLS, one-click
// unsubscribe, spam rate) is "not checkable here", never passed; a DNS failure makes a rule
// unknown, never failed. Plain values, safe to copy between threads.
namespace MailPolicy {

enum class Status { Pass, Fail, Unknown, NotCheckable };
enum class Verdict { Meets, Fails, Unknown };
QString statusName(Status status); // "pass", "fail", "unknown", "not-checkable"
QString verdictName(Verdict verdict); // "meets", "fails", "unknown"

// The reply a receiver sends when a rule fails.
struct Reply
{
    QString smtp; // "550"
    QString code; // enhanced status code: "5.7.26"
    QString text;
    QString note; // when the receiver publishes no reply of its own for the rule
    QString line() const; // "550 5.7.26 text"
};

struct Rule
{
    QString id; // stable kebab-case: spf, dkim, spf-and-dkim, dmarc, ptr, tls, ...
    QString check; // what DNS can test: spf, dkim, spf-and-dkim, dmarc, ptr; "none"
    QString title;
    QString what;
    QString date; // when it took effect, ISO 8601
    QString source; // the public page
    std::optional<Reply> reply;
};

struct Receiver
{
    QString id; // gmail, microsoft, yahoo
    QString name;
    QString scope; // whom the rules apply to
    QString date;
    QString enforcement;
    QString source;
    QString repliesSource;
    QList<Rule> rules;
};

// The catalogue's receivers, in its order.
QList<Receiver> receivers();
// Empty when the compiled-in catalogue loaded and every rule names a known check.
QString receiverCatalogueError();

// One DNS check's outcome (Pass, Fail or Unknown) with why, in plain words.
struct Outcome
{
    Status status = Status::Unknown;
    QString why;
    bool dnsFailure = false; // Unknown because an answer could not be had
};

struct Checks
{
    Outcome spf;
    Outcome dkim;
    Outcome dmarc;
    Outcome ptr;
};

struct RequirementResult
{
    Rule rule;
    Status status = Status::NotCheckable;
    QString why;
    // Fail: the reply the receiver sends (Reply::line with the domain and IP filled in).
    QString reply;
};

struct ReceiverResult
{
    Receiver receiver; // its rules are in `requirements`
    Verdict verdict = Verdict::Unknown;
    QList<RequirementResult> requirements;
};

struct Report
{
    QString domain;
    QString ip; // empty without one
    QString helo;
    KeyDiscovery dkim;
    std::optional<Dmarc::Lookup> dmarc;
    std::optional<Dns::ReverseResult> reverse; // asked here when not given
    bool reverseAskedHere = false;
    Checks checks;
    QList<ReceiverResult> receivers;
    bool cancelled = false;
    bool dnsFailure() const; // a check could not be made for want of a DNS answer
    bool anyFails() const;
    bool allMeet() const;
    // The DNS questions this check asked itself (DMARC, DKIM keys, a reverse lookup made here).
    int queries() const;
};

// What the check reads. The SPF walk and test come from the investigation (Spf::Auditor,
// Investigation::evaluate); a reverse lookup already made is reused.
struct Inputs
{
    QString domain; // the From / envelope domain, A-label
    std::optional<QHostAddress> ip;
    QString helo;
    QStringList selectors; // given by the user
    QStringList signatureSelectors; // DKIM-Signature s= of a pasted message signed for `domain`
    const Spf::Audit *audit = nullptr;
    const Spf::Evaluation *evaluation = nullptr; // check_host() for `ip`, when given
    const Dns::ReverseResult *reverse = nullptr;
};

// Asks DNS for the DKIM keys, the DMARC record and (when not given) the reverse lookup, all at
// once (Work::Crew), then judges every receiver. Blocking; `resolver` must be thread-safe.
Report check(Dns::Resolver &resolver, const Inputs &inputs, const Work::Cancel &cancel);

// Pure: the checks' outcomes read against every receiver's rules; a failed rule's reply names
// `domain` and `ip` where the receiver's text does.
QList<ReceiverResult> judge(const Checks &checks, const QString &domain, const QString &ip);
// Pure: the outcomes of each check from what DNS answered.
Outcome spfOutcome(const Spf::Audit *audit, const Spf::Evaluation *evaluation, bool haveIp);
Outcome dkimOutcome(const KeyDiscovery &keys);
Outcome dmarcOutcome(const Dmarc::Lookup &lookup, const Outcome &spf, const Outcome &dkim);
Outcome ptrOutcome(const Dns::ReverseResult *reverse);

// `receivers --json`: domain, ip, helo, dkim_selectors_tried, dkim_selectors_not_tried (guesses
// left unasked after a DNS failure), dkim_keys, unguessable_selectors,
// checks, receivers[{id, name, verdict, date, enforcement, source, requirements[{id, status,
// why, reply, reply_code, title, date, source}]}].
QJsonObject toJson(const Report &report);

} // namespace MailPolicy
