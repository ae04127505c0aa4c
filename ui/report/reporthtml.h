#pragma once

#include <QString>

// The report's one way to put text from DNS, mail or the user into HTML: made inert (controls and
// bidi overrides visible, Text::safeText), HTML-escaped, and in table cells given break points so
// that a long token never widens a column. Shared by the report's sections (report.cpp,
// reportreceivers.cpp, reportblocklists.cpp). Elide before calling: these keep every character.
namespace Report {

// Inert and escaped, no break points.
QString esc(const QString &s);
// Inert and escaped; a token running `soft` characters may break after one of . / : = | & ,
// (a zero-width space), and any token every `hard` characters.
QString breakable(const QString &s, int soft, int hard);
QString escCell(const QString &s); // table cells: names, answers, URLs
QString escProse(const QString &s); // prose in a narrow column: breaks sooner
QString escLong(const QString &s); // text a reader may copy (a record): only over-long tokens

} // namespace Report
