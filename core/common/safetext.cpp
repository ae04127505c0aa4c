#include "common/safetext.h"

namespace Text {

QString safeText(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        const ushort u = c.unicode();
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
        else if ((u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) || u == 0x200e
            || u == 0x200f || u == 0x061c)
            out += QStringLiteral("\\u%1").arg(u, 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

QString elided(const QString &text, int maxChars)
{
    if (text.size() <= maxChars)
        return text;
    // Never cut a surrogate pair in two.
    int cut = std::max(0, maxChars - 1);
    if (cut > 0 && text.at(cut - 1).isHighSurrogate())
        --cut;
    return text.left(cut) + QChar(0x2026);
}

QString shortSafe(const QString &text, int maxChars)
{
    return safeText(elided(text, maxChars));
}

QString counted(qsizetype n, const char *singular, const char *plural)
{
    return QString::number(n) + QLatin1Char(' ') + QString::fromUtf8(n == 1 ? singular : plural);
}

QString richParagraph(const QString &text, int maxChars)
{
    return QStringLiteral("<p>%1</p>").arg(shortSafe(text, maxChars).toHtmlEscaped());
}

} // namespace Text
