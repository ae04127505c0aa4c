#pragma once

#include <functional>

#include <QHostAddress>
#include <QList>
#include <QString>

#include "common/expected.h"

// RFC 7208 §7: macro-string parsing and expansion. Pure functions, safe on any thread.
namespace Spf {

struct MacroToken
{
    enum class Kind { Literal, Macro, Escape };
    Kind kind = Kind::Literal;
    QString text; // literal text, or the expansion of an escape (%% -> "%", %_ -> " ", %- -> "%20")
    QChar letter; // lower-case macro letter
    bool urlEscape = false; // the letter was upper-case
    int digits = 0; // 0: keep all parts
    bool reverse = false;
    QString delimiters; // empty: "."
    int offset = 0; // position in the parsed text
    int length = 0;
};

struct MacroError
{
    int offset = 0; // position of the problem in the parsed text
    int length = 1;
    QString message;
};

enum class MacroMode {
    DomainSpec, // letters s l o d i p h v
    Explanation, // also c r t, and spaces are literal text
    Any, // unknown-modifier values: every letter of the ABNF
};

Sleuth::Expected<QList<MacroToken>, MacroError> parseMacroString(
    const QString &text, MacroMode mode);

struct MacroContext
{
    QHostAddress ip;
    QString sender; // <sender> as local@domain (postmaster@ added when the local part is empty)
    QString localPart;
    QString senderDomain;
    QString domain; // <domain>, the current domain
    QString helo;
    QString receiver = QStringLiteral("unknown");
    qint64 timestamp = 0; // seconds since the epoch
    // %{p}: returns the validated domain name (does DNS; may be empty -> "unknown").
    std::function<QString()> validatedName;
};

// One expanded macro, for the trace: "%{ir}" -> "4.3.2.1".
struct MacroExpansion
{
    QString macro;
    QString value;
    friend bool operator==(const MacroExpansion &, const MacroExpansion &) = default;
};

// Expands tokens. In DomainSpec mode the result is cut to 253 characters by dropping labels from
// the left (RFC 7208 §7.3). Appends each macro's expansion to `expansions` when given.
QString expandMacros(const QList<MacroToken> &tokens, const MacroContext &context, MacroMode mode,
    QList<MacroExpansion> *expansions = nullptr);

// True when the tokens contain a macro letter (not just escapes/literals).
bool hasMacros(const QList<MacroToken> &tokens);
// True when every macro is one that a static audit knows without an IP or sender (only %{d}, %{o}
// after substitution by the audit's domain... the audit decides). Returns the letters used.
QString macroLetters(const QList<MacroToken> &tokens);

} // namespace Spf
