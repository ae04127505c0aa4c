#pragma once

#include <functional>
#include <memory>

#include <QHash>
#include <QHostAddress>

#include "common/work.h"
#include "dns/resolver.h"
#include "spf/trace.h"

namespace Dns {
class CachingResolver;
}

namespace Spf {

struct CheckRequest
{
    QHostAddress ip;
    QString sender; // MAIL FROM; empty: the HELO identity is checked (RFC 7208 §2.4)
    QString helo;
    QString domain; // optional: evaluate this domain instead of the sender's (receivers never do)
    QString receiver = QStringLiteral("unknown"); // %{r}
};

// The identity check_host() is asked about (RFC 7208 §2.3, §2.4, §4.3): MAIL FROM, or
// postmaster@HELO for a null sender (empty or "<>"); an empty local part is "postmaster". The
// domain is DNS's form: a Unicode domain becomes its A-label (Net::toAce). The one rule for every
// door: the evaluator, the investigation, the bounce verdict and the advice.
struct Identity
{
    QString name; // "mailfrom" or "helo"
    QString localPart;
    QString domain; // the sender's domain (%{o}), as evaluated
    QString typedDomain; // the same before IDNA (a U-label stays one): what other readings see
    QString sender() const { return localPart + QLatin1Char('@') + domain; }
};
Identity identityOf(const QString &sender, const QString &helo);

// How to read the places where RFC 7208 leaves room and real receivers split. The defaults are
// the RFC's reading; the others are how named receivers read it, so that a result that depends on
// the reading can be shown under each (Evaluation::interpretations).
struct Reading
{
    // pyspf, Mail::SPF: each MX host whose address lookup comes back empty is a void lookup
    // (RFC 7208 §4.6.4 limits the terms whose lookups come back void: the 'mx' term counts once).
    bool voidPerMxHost = false;
    // pyspf: each PTR name whose address lookup comes back empty (ptr, %{p}) is a void lookup.
    bool voidPerPtrName = false;
    // Mail::SPF: more than 10 MX names: the first 10 are used (RFC 7208 §4.6.4: permerror).
    bool mxFirstTenOnly = false;
    // pyspf, Mail::SPF: the PTR lookup %{p} makes that comes back empty is a void lookup (RFC
    // 7208 §4.6.4 counts terms; the term's own lookup is the one that counts).
    bool voidPtrForMacro = false;
    // pyspf: a <domain> that ends in a dot ("example.com.") is malformed: none.
    bool trailingDotNone = false;
    // Mail::SPF: <domain> loses its trailing dot before macros expand (RFC 7208 §7.3 expands
    // <domain> as given: "example.com." makes "%{d}.x.example" an empty label).
    bool trailingDotStripped = false;
    // pyspf: the addresses of every MX host are looked up before any is matched, so an error at
    // a later host is temperror even after an earlier one matched (RFC 7208 §5.4: the first
    // match decides).
    bool mxAllHostsFirst = false;
    // pyspf: c, r and t macros outside exp= are a permerror even in a modifier it does not know
    // (RFC 7208 §6: unknown modifiers are ignored; §7.1's grammar allows every letter).
    bool expOnlyMacrosInModifiers = false;
    // pyspf: a CNAME loop is a DNS error, temperror (as served, the answer holds no record of the
    // type asked; a recursive resolver would say SERVFAIL to every checker).
    bool cnameLoopTempError = false;
    // Mail::SPF: a Unicode domain is not encoded as its A-label, so it is malformed: none (RFC
    // 7208 §4.3: names are A-labels; an evaluator given a U-label encodes it).
    bool unicodeNotEncoded = false;
    // pyspf: IDNA 2003's transitional mapping ("faß" asks for "fass", not "xn--fa-hia").
    bool idnaTransitional = false;
    friend bool operator==(const Reading &, const Reading &) = default;
};

struct EvaluatorOptions
{
    int maxLookups = 10; // RFC 7208 §4.6.4
    int maxVoidLookups = 2;
    int maxMxNames = 10;
    int maxPtrNames = 10;
    int timeLimitMs = 20000; // RFC 7208 §4.6.4: at least 20 seconds
    QString defaultExplanation; // used for fail when there is no usable exp=
    qint64 timestamp = 0; // %{t}; 0: now
    // What-if: record text to use instead of what DNS publishes, by domain (lower case).
    QHash<QString, QString> recordOverrides;
    Work::Cancel cancel; // checked before every query
    // Called on the evaluating thread after every DNS answer, with the trace so far.
    std::function<void(const Trace &)> onProgress;
    // Threads that fetch the domain's tree speculatively ahead of the evaluation, through a shared
    // answer cache (0: none). The evaluation itself stays sequential, so its result, counters and
    // trace do not change; it may ask the server for branches the evaluation never reaches, and
    // it returns once the prefetch questions already sent are answered.
    int prefetchThreads = 0;
    // An answer cache shared with other walks (an investigation's, a batch's): the evaluation asks
    // through it instead of the resolver, and counts which answers it found there. It must answer
    // for the same DNS as the resolver (normally it wraps it). Null: no shared cache.
    std::shared_ptr<Dns::CachingResolver> cache;
    // The RFC's reading by default. With it, a check whose result depends on a reading receivers
    // split on is evaluated again under the others, from the answers already seen.
    Reading reading;
};

// A result under one reading (see Reading).
struct Interpretation
{
    QString name; // "RFC 7208", "pyspf, Mail::SPF"
    Result result = Result::None;
    QString why;
    friend bool operator==(const Interpretation &, const Interpretation &) = default;
};

struct Evaluation
{
    Result result = Result::None;
    QString explanation; // only for fail
    QString reason; // plain English: why this result
    QString domain; // the <domain> checked
    QString identity; // "mailfrom" or "helo"
    QString sender; // <sender> as evaluated (postmaster@ added when needed)
    QString ip;
    int lookups = 0;
    int voidLookups = 0;
    int decidingNode = -1; // trace node of the term that decided, -1 when none did
    Trace trace;
    QStringList divergences; // where receivers disagree, for this evaluation
    // When the result depends on a reading receivers split on: the RFC's result first, then each
    // other reading's (only those that give another result). Empty otherwise.
    QList<Interpretation> interpretations;
    // The readings this check met (true where the result may depend on that reading).
    Reading readingsMet;
    qint64 elapsedUs = 0;
    // Through a shared cache (prefetching, or an investigation's cache): the evaluation's questions
    // answered from it or by an identical question in flight (hits), and those it sent (misses).
    int cacheHits = 0;
    int cacheMisses = 0;
};

// check_host() exactly as RFC 7208, explaining itself in a trace.
//
// Blocking (it does DNS through the resolver). One Evaluator per evaluation; several evaluators
// may share a resolver across threads.
class Evaluator
{
public:
    Evaluator(Dns::Resolver &resolver, EvaluatorOptions options = {});
    Evaluation evaluate(const CheckRequest &request);

private:
    struct Private;
    // The results under the other readings `rfc` met, from the answers it saw (then
    // `fallback` for anything new).
    QList<Interpretation> otherReadings(const CheckRequest &request, const Evaluation &rfc,
        const std::shared_ptr<Dns::Resolver> &fallback) const;
    bool m_interpret = true; // false for the sequential walk inside a cached evaluation
    Dns::Resolver &m_resolver;
    EvaluatorOptions m_options;
};

} // namespace Spf
