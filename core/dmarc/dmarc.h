#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "dns/resolver.h"
#include "spf/spftypes.h"

// DMARC (RFC 7489): the record a domain publishes at _dmarc.<domain>, parsed and linted with
// character ranges like SPF records, and its discovery (the From domain, then its organizational
// domain under the Public Suffix List). Pure values; discover() asks DNS (blocking).
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
    // The record as receivers read it (RFC 7489 §6.3 defaults where a tag is missing).
    QString p; // none, quarantine, reject; empty when missing or invalid
    QString sp; // empty: p applies to subdomains too
    int pct = 100;
    bool strictSpf = false; // aspf=s
    bool strictDkim = false; // adkim=s
    QStringList rua;
    QStringList ruf;
    QString fo = QStringLiteral("0");
    bool hasErrors() const;
    friend bool operator==(const Record &, const Record &) = default;
};

// Every problem at once, never stopping at the first.
Record parseRecord(const QString &text);
// RFC 7489 §6.4: a DMARC record begins with "v=DMARC1" (the tag and value as written).
bool isDmarcRecord(const QString &text);

struct Lookup
{
    enum class Status {
        Found,
        None, // no DMARC record at the domain or its organizational domain
        TempError, // a DNS failure: could not read; never taken as "none"
        Multiple, // more than one record: RFC 7489 §6.6.3, no policy applies
    };
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
    QList<Dns::Exchange> evidence;
};

Lookup discover(Dns::Resolver &resolver, const QString &fromDomain);

// RFC 7489 §3.1: strict: the same name; relaxed: the same organizational domain.
bool aligned(const QString &identifier, const QString &fromDomain, bool strict);

QString statusName(Lookup::Status status);

// `spfsleuth-cli dmarc --json`: domain, organizational_domain, status, record, found_at, policy,
// subdomain_policy_applies, p, sp, pct, aspf, adkim, rua, ruf, fo, diagnostics, message, evidence.
QJsonObject toJson(const Lookup &lookup);

} // namespace Dmarc
