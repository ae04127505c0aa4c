#include "spf/macro.h"

#include "common/netutil.h"

namespace Spf {

namespace {

bool isDelimiter(QChar c)
{
    return QStringLiteral(".-+,/_=").contains(c);
}

QString letterValue(QChar letter, const MacroContext &c)
{
    const QHostAddress ip = Net::normalized(c.ip);
    const bool v4 = ip.protocol() == QAbstractSocket::IPv4Protocol;
    switch (letter.unicode()) {
    case 's':
        return c.sender;
    case 'l':
        return c.localPart;
    case 'o':
        return c.senderDomain;
    case 'd':
        return c.domain;
    case 'i': {
        if (v4)
            return ip.toString();
        // RFC 7208 §7.3: IPv6 as dot-separated nibbles (upper case, as in the RFC's examples).
        const Q_IPV6ADDR a = ip.toIPv6Address();
        static const char hex[] = "0123456789ABCDEF";
        QStringList nibbles;
        for (int i = 0; i < 16; ++i) {
            nibbles << QString(QLatin1Char(hex[a[i] >> 4]));
            nibbles << QString(QLatin1Char(hex[a[i] & 0xf]));
        }
        return nibbles.join(QLatin1Char('.'));
    }
    case 'p': {
        const QString p = c.validatedName ? c.validatedName() : QString();
        return p.isEmpty() ? QStringLiteral("unknown") : p;
    }
    case 'v':
        return v4 ? QStringLiteral("in-addr") : QStringLiteral("ip6");
    case 'h':
        return c.helo;
    case 'c':
        return Net::ipToString(ip);
    case 'r':
        return c.receiver.isEmpty() ? QStringLiteral("unknown") : c.receiver;
    case 't':
        return QString::number(c.timestamp);
    }
    return {};
}

// RFC 3986 unreserved characters stay; everything else is %-escaped (RFC 7208 §7.3).
QString urlEscape(const QString &value)
{
    QString out;
    const QByteArray utf8 = value.toUtf8();
    for (char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
            || c == '.' || c == '_' || c == '~')
            out += QLatin1Char(char(c));
        else
            out += QStringLiteral("%%1").arg(int(c), 2, 16, QLatin1Char('0')).toUpper();
    }
    return out;
}

} // namespace

Sleuth::Expected<QList<MacroToken>, MacroError> parseMacroString(
    const QString &text, MacroMode mode)
{
    QList<MacroToken> tokens;
    QString literal;
    int literalStart = 0;
    auto flushLiteral = [&](int at) {
        if (!literal.isEmpty()) {
            tokens << MacroToken {MacroToken::Kind::Literal, literal, {}, false, 0, false, {},
                literalStart, at - literalStart};
            literal.clear();
        }
    };
    const int n = int(text.size());
    for (int i = 0; i < n;) {
        const QChar c = text.at(i);
        if (c != QLatin1Char('%')) {
            const ushort u = c.unicode();
            const bool ok = mode == MacroMode::Explanation ? (u >= 0x20 && u <= 0x7e)
                                                           : (u >= 0x21 && u <= 0x7e);
            if (!ok)
                return Sleuth::Unexpected(MacroError {i, 1,
                    QStringLiteral("character %1 is not allowed here")
                        .arg(u < 0x20 || u > 0x7e
                                ? QStringLiteral("0x%1").arg(u, 2, 16, QLatin1Char('0'))
                                : QStringLiteral("'%1'").arg(c))});
            if (literal.isEmpty())
                literalStart = i;
            literal += c;
            ++i;
            continue;
        }
        flushLiteral(i);
        if (i + 1 >= n)
            return Sleuth::Unexpected(MacroError {
                i, 1, QStringLiteral("'%' at the end; write '%%' for a literal percent sign")});
        const QChar next = text.at(i + 1);
        if (next == QLatin1Char('%') || next == QLatin1Char('_') || next == QLatin1Char('-')) {
            const QString value = next == QLatin1Char('%') ? QStringLiteral("%")
                : next == QLatin1Char('_')                 ? QStringLiteral(" ")
                                                           : QStringLiteral("%20");
            tokens << MacroToken {MacroToken::Kind::Escape, value, {}, false, 0, false, {}, i, 2};
            i += 2;
            continue;
        }
        if (next != QLatin1Char('{'))
            return Sleuth::Unexpected(MacroError {i, 2,
                QStringLiteral("'%%1' is not a macro; use %{letter}, '%%', '%_' or '%-'")
                    .arg(next)});
        const int close = int(text.indexOf(QLatin1Char('}'), i + 2));
        if (close < 0)
            return Sleuth::Unexpected(
                MacroError {i, n - i, QStringLiteral("macro '%{' is not closed with '}'")});
        const QString body = text.mid(i + 2, close - i - 2);
        MacroToken t;
        t.kind = MacroToken::Kind::Macro;
        t.offset = i;
        t.length = close - i + 1;
        if (body.isEmpty())
            return Sleuth::Unexpected(
                MacroError {i, t.length, QStringLiteral("empty macro '%{}'")});
        const QChar letter = body.at(0);
        const QChar lower = letter.toLower();
        const QString allowed = mode == MacroMode::DomainSpec ? QStringLiteral("slodiphv")
                                                              : QStringLiteral("slodiphvcrt");
        if (!allowed.contains(lower) || letter.unicode() > 0x7f) {
            if (mode == MacroMode::DomainSpec && QStringLiteral("crt").contains(lower))
                return Sleuth::Unexpected(MacroError {i, t.length,
                    QStringLiteral("macro letter '%1' is only allowed in explanation text")
                        .arg(letter)});
            return Sleuth::Unexpected(
                MacroError {i, t.length, QStringLiteral("'%1' is not a macro letter").arg(letter)});
        }
        t.letter = lower;
        t.urlEscape = letter.isUpper();
        int j = 1;
        QString digits;
        while (j < body.size() && body.at(j).isDigit() && body.at(j).unicode() < 0x80)
            digits += body.at(j++);
        if (!digits.isEmpty()) {
            bool ok = false;
            t.digits = digits.toInt(&ok);
            if (!ok || t.digits == 0) // RFC 7208 §7.3: the value MUST be nonzero
                return Sleuth::Unexpected(MacroError {
                    i, t.length, QStringLiteral("the digit transformer must be at least 1")});
        }
        if (j < body.size() && (body.at(j) == QLatin1Char('r') || body.at(j) == QLatin1Char('R'))) {
            t.reverse = true;
            ++j;
        }
        while (j < body.size()) {
            if (!isDelimiter(body.at(j)))
                return Sleuth::Unexpected(MacroError {i, t.length,
                    QStringLiteral("'%1' is not a macro delimiter (use . - + , / _ =)")
                        .arg(body.at(j))});
            t.delimiters += body.at(j++);
        }
        tokens << t;
        i = close + 1;
    }
    flushLiteral(n);
    return tokens;
}

QString expandMacros(const QList<MacroToken> &tokens, const MacroContext &context, MacroMode mode,
    QList<MacroExpansion> *expansions)
{
    QString out;
    for (const MacroToken &t : tokens) {
        if (t.kind != MacroToken::Kind::Macro) {
            out += t.text;
            continue;
        }
        const QString value = letterValue(t.letter, context);
        QString expanded = value;
        if (t.digits > 0 || t.reverse || !t.delimiters.isEmpty()) {
            const QString delims = t.delimiters.isEmpty() ? QStringLiteral(".") : t.delimiters;
            QStringList parts;
            QString part;
            for (QChar c : value) {
                if (delims.contains(c)) {
                    parts << part;
                    part.clear();
                } else {
                    part += c;
                }
            }
            parts << part;
            if (t.reverse)
                std::reverse(parts.begin(), parts.end());
            if (t.digits > 0 && t.digits < parts.size())
                parts = parts.mid(parts.size() - t.digits);
            expanded = parts.join(QLatin1Char('.'));
        }
        if (t.urlEscape)
            expanded = urlEscape(expanded);
        if (expansions) {
            QString macroText
                = QStringLiteral("%{") + (t.urlEscape ? t.letter.toUpper() : t.letter);
            if (t.digits)
                macroText += QString::number(t.digits);
            if (t.reverse)
                macroText += QLatin1Char('r');
            macroText += t.delimiters + QLatin1Char('}');
            *expansions << MacroExpansion {macroText, expanded};
        }
        out += expanded;
    }
    if (mode == MacroMode::DomainSpec) {
        // RFC 7208 §4.8, §7.3: longer than 253 characters -> drop labels from the left until it
        // fits. 253 is the length of a name without its root dot: a trailing dot (as in
        // "exists:%{l}.example.com.") is not counted.
        const auto length = [](const QString &name) {
            return name.endsWith(QLatin1Char('.')) ? name.size() - 1 : name.size();
        };
        while (length(out) > 253) {
            const int dot = int(out.indexOf(QLatin1Char('.')));
            if (dot < 0) {
                out = out.right(253);
                break;
            }
            out = out.mid(dot + 1);
        }
    }
    return out;
}

bool hasMacros(const QList<MacroToken> &tokens)
{
    return std::any_of(tokens.cbegin(), tokens.cend(),
        [](const MacroToken &t) { return t.kind == MacroToken::Kind::Macro; });
}

QString macroLetters(const QList<MacroToken> &tokens)
{
    QString letters;
    for (const MacroToken &t : tokens) {
        if (t.kind == MacroToken::Kind::Macro && !letters.contains(t.letter))
            letters += t.letter;
    }
    return letters;
}

} // namespace Spf
