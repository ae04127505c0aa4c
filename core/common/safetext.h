#pragma once

#include <QString>

// Text from DNS and from pasted mail is hostile, and user input can be any length. These are the
// two rules every view, report and printer applies before showing either. Thread-safe, pure.
namespace Text {

// Replaces control characters, DEL, C1 controls and bidi overrides by visible escapes (\x1b,
// \u202e), so that no escape sequence or reordering reaches a terminal, a table or a page.
QString safeText(const QString &text);

// At most `maxChars` characters: longer text is cut and ends in an ellipsis. For every echo of
// user input in a message, so that no layout can blow up.
QString elided(const QString &text, int maxChars = 80);

// Both: elided, then made safe.
QString shortSafe(const QString &text, int maxChars = 80);

// Plain text for a place that renders rich text (a tooltip): made safe and escaped, and marked up
// as a paragraph so that the toolkit takes it as rich text and shows "->" rather than "-&gt;".
QString richParagraph(const QString &text, int maxChars = 600);

// "1 DNS lookup", "2 DNS lookups": a count with the noun in the form it takes.
QString counted(qsizetype n, const char *singular, const char *plural);

} // namespace Text
