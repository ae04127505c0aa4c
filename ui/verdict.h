#pragma once

#include <QStyle>

#include "investigation/investigation.h"
#include "paste/pasteanalyzer.h"

class QLabel;

// A result in one line, for the verdict line, the published-vs-draft comparison and tooltips.
// DNS text in it is made safe (Text::safeText); show it as plain text.
namespace Verdict {

// DNS could not be asked (no answer, no connection, or a server failure): its own state, not a
// broken record. The first words say what happened: "DNS unreachable: 127.0.0.1:5353 did not
// answer". Empty when every question got an answer.
QString dnsFailure(const Investigation::Result &result);

QString line(const Investigation::Result &result);
QStyle::StandardPixmap icon(const Investigation::Result &result);
QString status(const Investigation::Result &result); // the icon in a word, for screen readers
QString published(const Investigation::Result &result); // "permerror with 0 DNS lookups"
QString draft(const Investigation::Result &result); // "pass with 1 DNS lookups — ..."

// The verdict line for a paste just analysed, before any investigation: the refusal and its
// reason first ("Refused for: ... (550 5.7.26, line 12)"), as the Paste tab says it.
QString pasteLine(const Paste::Analysis &analysis);
QStyle::StandardPixmap pasteIcon(const Paste::Analysis &analysis);
QString pasteStatus(const Paste::Analysis &analysis);

// Keeps `label` two lines high whatever its text: a text that needs more is elided, whole in the
// tooltip. showOnTwoLines sets the text (and again on each resize).
void keepTwoLines(QLabel *label);
void showOnTwoLines(QLabel *label, const QString &text);

} // namespace Verdict
