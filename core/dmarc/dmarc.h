#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "dns/resolver.h"
#include "spf/spftypes.h"

// DMARC as two generations of receivers read it: RFC 9989 (May 2026, which obsoletes RFC 7489:
// the DNS tree walk, psd=, np=, t=, no pct/rf/ri) and RFC 7489 (the Public Suffix List, pct).
// The record a domain publishes at _dmarc.<domain>, parsed and linted with character ranges like
// SPF records, and its discovery under both readings. Pure values; discover() and Walker ask DNS
// (blocking).
namespace Dmarc {

struct Tag
{
    QString name; // lower case
    QString value; // as written, trimmed
    Spf::TextRange range; // the whole "name=value"
    Spf::TextRange valueRange;
    friend bool operator==(const Tag &, const Tag &) = default;
};

struct Diagnostic
{
    Spf::Severity severity = Spf::Severity::Error;
    QString code; // stable kebab-case: "missing-p", "invalid-pct", "unknown-tag", ...
    QString message;
    Spf::TextRange range;
    friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

struct Record
{
    QString text;
    QList<Tag> tags;
    QList<Diagnostic> diagnostics;
    // The record as receivers read it (defaults where a tag is missing).
    QString p; // none, quarantine, reject; empty when missing or invalid
    QString sp; // empty: p applies to subdomains too
    QString np; // RFC 9989: non-existent subdomains; empty: sp (else p) applies
    QString psd; // RFC 9989: "y", "n" or "u" (the default)
    bool testing = false; // RFC 9989 t=y
    int pct = 100; // RFC 7489 only (RFC 9989 removed it)
    bool strictSpf = false; // aspf=s
    bool strictDkim = false; // adkim=s
    QStringList rua;
    QStringList ruf;
    QString fo = QStringLiteral("0");
    // RFC 9989 §4.10.1, RFC 7489 §6.6.3: p missing or invalid, or sp invalid (np too, for RFC
    // 9989): such a record acts as p=none when rua names a valid address, else as no record.
    bool policyUnusable = false; // p or sp
    bool npInvalid = false;
    bool hasErrors() const;
    friend bool operator==(const Record &, const Record &) = default;
};

// Every problem at once, never stopping at the first.
Record parseRecord(const QString &text);
// RFC 9989 §4.7, RFC 7489 §6.4: a DMARC record begins with "v=DMARC1" (the tag and value as
// written).
bool isDmarcRecord(const QString &text);

// One DNS query made to discover a policy: a TXT query at _dmarc.<domain> (the tree walk, or
// RFC 7489's organizational domain), or the A query that tells whether the From domain exists
// (RFC 9989 np=).
struct Step
{
    QString domain; // the domain the query is about
    QString name; // the name asked: "_dmarc.<domain>", or <domain> for the existence query
    QString type; // "TXT" or "A"
    // TXT: "record", "no-record", "multiple" (RFC 9989 discards them and walks on), "temperror".
    // A: "exists", "nxdomain", "temperror".
    QString outcome;
    QString record; // the one DMARC record, when outcome is "record"
    QString psd; // its psd= value ("y", "n"), "" when absent
    QString detail; // plain words: the RCODE or the failure
    int records = 0; // DMARC records at the name
    friend bool operator==(const Step &, const Step &) = default;
};

// RFC 9989 §4.10: the DNS tree walk from one name.
struct Walk
{
    QString start;
    QList<Step> steps; // at most 8, the start first
    // RFC 9989 §4.10.2; "" when a DNS failure cut the walk short (unknown, not the start).
    QString organizationalDomain;
    QString error; // that failure; "" when the walk completed
    bool failed() const { return !error.isEmpty(); }
    friend bool operator==(const Walk &, const Walk &) = default;
};

// Asks each name once (a policy walk, RFC 7489's look-up and the alignment walks share most
// names) and keeps every exchange as evidence. Blocking; not thread-safe: one per task. The
// resolver must outlive it.
class Walker
{
public:
    explicit Walker(Dns::Resolver &resolver);
    // RFC 9989 §4.10: _dmarc.<name>, then each parent (straight to the 7 right-most labels when
    // the name has more than 8), to the top-level domain, stopping at a record with psd=y or
    // psd=n or at a DNS failure: at most 8 queries.
    Walk walk(const QString &name);
    // One TXT query at _dmarc.<domain>.
    Step ask(const QString &domain);
    // RFC 9989 §3.2.11 (RFC 8020): whether <domain> exists; only NXDOMAIN says it does not.
    Step exists(const QString &domain);
    const QList<Dns::Exchange> &evidence() const { return m_evidence; }

private:
    Dns::Answer query(const QString &name, quint16 type);
    Dns::Resolver &m_resolver;
    QHash<QString, Step> m_asked;
    QList<Dns::Exchange> m_evidence;
};

enum class Status {
    Found,
    None, // no DMARC record at the domain or its organizational domain
    TempError, // a DNS failure: could not read; never taken as "none"
    Multiple, // more than one record: RFC 7489 §6.6.3, no policy applies
};

// How one generation of receivers reads the From domain's DMARC.
struct Reading
{
    QString name; // "RFC 9989" or "RFC 7489"
    Status status = Status::None;
    QString organizationalDomain; // "" when unknown (a DNS failure) or none
    QString foundAt; // where the record that applies was found
    QString record; // its text
    // What these receivers do with failing mail: none, quarantine or reject; "" when a DNS
    // failure leaves it unknown. t=y (RFC 9989) and pct=0 (RFC 7489) are already applied.
    QString policy;
    QString requested; // what the record asks for (the tag below), before t= or pct
    QString tag; // "p", "sp" or "np"; "" when the record applies no policy
    bool testing = false; // RFC 9989 t=y
    int pct = 100; // RFC 7489
    bool strictSpf = false;
    bool strictDkim = false;
    QString why; // plain words
    friend bool operator==(const Reading &, const Reading &) = default;
};

struct Lookup
{
    using Status = Dmarc::Status;
    // The top-level fields are RFC 7489's reading, as before RFC 9989 (the record at the From
    // domain, else at its organizational domain under the Public Suffix List).
    Status status = Status::None;
    Record record;
    QString domain; // the From domain asked for
    QString foundAt; // where the record was found: the From domain or its organizational domain
    QString organizationalDomain;
    // What applies to mail from `domain`: p, or sp when the record was found at the
    // organizational domain and `domain` is a subdomain (RFC 7489 §6.6.3). "none" when no usable
    // policy.
    QString policy;
    bool fromSubdomainPolicy = false;
    QString message; // why None/TempError/Multiple, in plain words
    QList<Dns::Exchange> evidence; // every query, the walk's included
    // RFC 9989's discovery: the tree walk, then the existence query when np= decides.
    Walk walk;
    QList<Step> discovery;
    Record record9989; // the record RFC 9989 receivers apply (empty when none)
    // Always both: RFC 9989 first, RFC 7489 second.
    QList<Reading> readings;
    // The readings differ in organizational domain or policy.
    bool readingsDiffer() const;
    bool dnsFailed() const; // a query of either reading failed
};

Lookup discover(Dns::Resolver &resolver, const QString &fromDomain);
Lookup discover(Walker &walker, const QString &fromDomain);

// RFC 9989 §4.4, RFC 7489 §3.1: strict: the same name; relaxed: the same organizational domain,
// as a reading finds them (empty: unknown, not aligned unless the names are equal).
bool aligned(const QString &identifier, const QString &fromDomain, bool strict,
    const QString &identifierOrg, const QString &fromOrg);
// RFC 7489's reading: organizational domains under the Public Suffix List.
bool aligned(const QString &identifier, const QString &fromDomain, bool strict);

// Which receivers read a reading's way, in words: "receivers that follow RFC 9989 (May 2026: the
// DNS tree walk, np=, t=)" / "older receivers (RFC 7489: the Public Suffix List, pct=)".
QString readersOf(const Reading &reading);
// One reading in a sentence, DNS text made safe to print: "RFC 9989 reading, for receivers that
// follow RFC 9989 (...): policy reject, organizational domain example.com (why)". For the CLI's
// dmarc text, the Receivers view and the report, where the readings differ.
QString describeReading(const Reading &reading);

QString statusName(Status status);

// `spfsleuth-cli dmarc --json`: domain, organizational_domain, status, record, found_at, policy,
// subdomain_policy_applies, p, sp, pct, aspf, adkim, rua, ruf, fo, diagnostics, message,
// evidence (RFC 7489's reading, as before); np, psd, t (of the record RFC 9989 applies),
// discovery (the walk's queries) and readings[{name, status, organizational_domain, found_at,
// record, policy, requested, tag, testing, pct, why}].
QJsonObject toJson(const Lookup &lookup);
QJsonObject toJson(const Reading &reading);
QJsonObject toJson(const Step &step);

} // namespace Dmarc
