#pragma once

#include <optional>

#include <QList>
#include <QString>

namespace Spf {

// RFC 7208 §2.6
enum class Result { None, Neutral, Pass, Fail, SoftFail, TempError, PermError };
QString resultName(Result result); // "pass", "permerror", ...
std::optional<Result> resultFromName(const QString &name);

enum class Qualifier { Pass, Fail, SoftFail, Neutral };
Result resultOf(Qualifier qualifier);
QChar qualifierChar(Qualifier qualifier);
// How strictly a qualifier treats the hosts it matches: '-' 3, '~' 2, '?' 1, '+' 0.
int strictness(Qualifier qualifier);

enum class TermKind {
    Version,
    All,
    Include,
    A,
    Mx,
    Ptr,
    Ip4,
    Ip6,
    Exists,
    Redirect,
    Exp,
    UnknownModifier,
    Invalid,
};
QString termKindName(TermKind kind); // "include", "ip4", "redirect", "unknown-modifier"...
bool isMechanism(TermKind kind);
// RFC 7208 §4.6.4: the terms that cost one of the 10 DNS lookups.
bool countsLookup(TermKind kind);

struct TextRange
{
    int offset = 0; // in characters of the record text
    int length = 0;
    int end() const { return offset + length; }
    friend bool operator==(const TextRange &, const TextRange &) = default;
};

enum class Severity { Error, Warning, Info };
QString severityName(Severity severity);

enum class DiagnosticCode {
    MissingVersion,
    InvalidVersion,
    DuplicateVersion,
    LeadingSpace,
    InvalidCharacter,
    NonAscii,
    UnknownMechanism,
    MechanismAsModifier,
    InvalidTerm,
    InvalidQualifier,
    QualifierOnModifier,
    GluedQualifier,
    PossiblyGluedQualifier,
    InvalidIp4,
    InvalidIp6,
    Ip4InIp6,
    Ip6InIp4,
    InvalidCidr,
    DualCidrNotAllowed,
    UnexpectedCidr,
    MissingDomain,
    InvalidDomain,
    InvalidMacro,
    MacroLetterExpOnly,
    AllWithArgument,
    DuplicateRedirect,
    DuplicateExp,
    PlusAll,
    NeutralAll,
    NoAll,
    PtrDeprecated,
    TermsAfterAll,
    RedirectIgnored,
    StringTooLong,
    RecordTooLong,
    TooManyLookups,
    UnknownModifier,
};
// Stable kebab-case code: "unknown-mechanism", "glued-qualifier"... Part of the JSON contract.
QString codeName(DiagnosticCode code);

struct Diagnostic
{
    Severity severity = Severity::Error;
    DiagnosticCode code = DiagnosticCode::UnknownMechanism;
    QString message; // short, plain English
    TextRange range; // offset/length into the record text
    std::optional<QString> suggestion; // replacement text for `range`; "" deletes it
    friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

struct Term
{
    TermKind kind = TermKind::Invalid;
    Qualifier qualifier = Qualifier::Pass;
    bool explicitQualifier = false;
    TextRange range; // the whole term
    QString text;
    QString name; // mechanism or modifier name as written
    QString value; // domain-spec, network or modifier value, as written (no ':' or '=')
    TextRange valueRange;
    int cidr4 = -1; // -1: not given
    int cidr6 = -1;
    bool valid = true;
    friend bool operator==(const Term &, const Term &) = default;
};

// A parsed record: every term with its range, and every problem found. Never stops early.
struct Record
{
    QString text;
    QList<Term> terms; // the version term first when present
    QList<Diagnostic> diagnostics;

    bool hasErrors() const;
    int errorCount() const;
    const Term *findTerm(TermKind kind) const;
    friend bool operator==(const Record &, const Record &) = default;
};

// Applies a diagnostic's suggestion to `text` (nothing when it has none).
QString applySuggestion(const QString &text, const Diagnostic &diagnostic);

} // namespace Spf
