#include "reporthtml.h"

#include "common/safetext.h"

namespace Report {

// Hostile text made inert: controls and bidi overrides visible, then HTML-escaped.
QString esc(const QString &s)
{
    return Text::safeText(s).toHtmlEscaped();
}

// For table cells: a long name or answer may break after a dot, a slash, a colon or an equals
// sign (a zero-width space there), and a token with none of those every 24 characters, so the
// page never has to break inside a short word to fit a long one.
QString breakable(const QString &s, int soft, int hard)
{
    const QString safe = Text::safeText(s);
    QString out;
    out.reserve(safe.size() + safe.size() / 8);
    int run = 0;
    for (const QChar c : safe) {
        out += c;
        if (c.isSpace()) {
            run = 0;
            continue;
        }
        ++run;
        if (run >= soft && (QStringView(u"./:=|&,").contains(c) || run >= hard)) {
            out += QChar(0x200B);
            run = 0;
        }
    }
    return out.toHtmlEscaped();
}

QString escCell(const QString &s)
{
    return breakable(s, 16, 24);
}

// Prose in a narrow column (why, notes): names in it may break sooner.
QString escProse(const QString &s)
{
    return breakable(s, 8, 18);
}

// Text a reader may copy (a record): break points only inside tokens too long for a line.
QString escLong(const QString &s)
{
    return breakable(s, 80, 80);
}

} // namespace Report
