#include "spf/spftypes.h"

#include <array>

namespace Spf {

namespace {

constexpr std::array<const char *, 7> resultNames
    = {"none", "neutral", "pass", "fail", "softfail", "temperror", "permerror"};

constexpr std::array<const char *, 37> codeNames = {
    "missing-version",
    "invalid-version",
    "duplicate-version",
    "leading-space",
    "invalid-character",
    "non-ascii",
    "unknown-mechanism",
    "mechanism-as-modifier",
    "invalid-term",
    "invalid-qualifier",
    "qualifier-on-modifier",
    "glued-qualifier",
    "possibly-glued-qualifier",
    "invalid-ip4",
    "invalid-ip6",
    "ip4-in-ip6",
    "ip6-in-ip4",
    "invalid-cidr",
    "dual-cidr-not-allowed",
    "unexpected-cidr",
    "missing-domain",
    "invalid-domain",
    "invalid-macro",
    "macro-letter-exp-only",
    "all-with-argument",
    "duplicate-redirect",
    "duplicate-exp",
    "plus-all",
    "neutral-all",
    "no-all",
    "ptr-deprecated",
    "terms-after-all",
    "redirect-ignored",
    "string-too-long",
    "record-too-long",
    "too-many-lookups",
    "unknown-modifier",
};
static_assert(codeNames.size() == size_t(DiagnosticCode::UnknownModifier) + 1);

} // namespace

QString resultName(Result result)
{
    return QString::fromLatin1(resultNames[size_t(result)]);
}

std::optional<Result> resultFromName(const QString &name)
{
    for (size_t i = 0; i < resultNames.size(); ++i) {
        if (name.compare(QLatin1String(resultNames[i]), Qt::CaseInsensitive) == 0)
            return Result(i);
    }
    return std::nullopt;
}

Result resultOf(Qualifier qualifier)
{
    switch (qualifier) {
    case Qualifier::Pass:
        return Result::Pass;
    case Qualifier::Fail:
        return Result::Fail;
    case Qualifier::SoftFail:
        return Result::SoftFail;
    case Qualifier::Neutral:
        return Result::Neutral;
    }
    return Result::Neutral;
}

int strictness(Qualifier q)
{
    switch (q) {
    case Qualifier::Fail:
        return 3;
    case Qualifier::SoftFail:
        return 2;
    case Qualifier::Neutral:
        return 1;
    case Qualifier::Pass:
        return 0;
    }
    return 0;
}

QChar qualifierChar(Qualifier qualifier)
{
    switch (qualifier) {
    case Qualifier::Pass:
        return QLatin1Char('+');
    case Qualifier::Fail:
        return QLatin1Char('-');
    case Qualifier::SoftFail:
        return QLatin1Char('~');
    case Qualifier::Neutral:
        return QLatin1Char('?');
    }
    return QLatin1Char('+');
}

QString termKindName(TermKind kind)
{
    switch (kind) {
    case TermKind::Version:
        return QStringLiteral("version");
    case TermKind::All:
        return QStringLiteral("all");
    case TermKind::Include:
        return QStringLiteral("include");
    case TermKind::A:
        return QStringLiteral("a");
    case TermKind::Mx:
        return QStringLiteral("mx");
    case TermKind::Ptr:
        return QStringLiteral("ptr");
    case TermKind::Ip4:
        return QStringLiteral("ip4");
    case TermKind::Ip6:
        return QStringLiteral("ip6");
    case TermKind::Exists:
        return QStringLiteral("exists");
    case TermKind::Redirect:
        return QStringLiteral("redirect");
    case TermKind::Exp:
        return QStringLiteral("exp");
    case TermKind::UnknownModifier:
        return QStringLiteral("unknown-modifier");
    case TermKind::Invalid:
        return QStringLiteral("invalid");
    }
    return {};
}

bool isMechanism(TermKind kind)
{
    switch (kind) {
    case TermKind::All:
    case TermKind::Include:
    case TermKind::A:
    case TermKind::Mx:
    case TermKind::Ptr:
    case TermKind::Ip4:
    case TermKind::Ip6:
    case TermKind::Exists:
        return true;
    default:
        return false;
    }
}

bool countsLookup(TermKind kind)
{
    switch (kind) {
    case TermKind::Include:
    case TermKind::A:
    case TermKind::Mx:
    case TermKind::Ptr:
    case TermKind::Exists:
    case TermKind::Redirect:
        return true;
    default:
        return false;
    }
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        return QStringLiteral("info");
    }
    return {};
}

QString codeName(DiagnosticCode code)
{
    return QString::fromLatin1(codeNames[size_t(code)]);
}

bool Record::hasErrors() const
{
    return errorCount() > 0;
}

int Record::errorCount() const
{
    return int(std::count_if(diagnostics.cbegin(), diagnostics.cend(),
        [](const Diagnostic &d) { return d.severity == Severity::Error; }));
}

const Term *Record::findTerm(TermKind kind) const
{
    for (const Term &t : terms) {
        if (t.kind == kind)
            return &t;
    }
    return nullptr;
}

QString applySuggestion(const QString &text, const Diagnostic &diagnostic)
{
    if (!diagnostic.suggestion)
        return text;
    QString out = text;
    out.replace(diagnostic.range.offset, diagnostic.range.length, *diagnostic.suggestion);
    return out;
}

} // namespace Spf
