#include "spf/parser.h"

#include <array>

#include <QRegularExpression>

#include "common/netutil.h"
#include "spf/macro.h"

namespace Spf {

namespace {

struct MechanismName
{
    const char *name;
    TermKind kind;
};

constexpr std::array<MechanismName, 8> mechanisms = {{
    {"all", TermKind::All},
    {"include", TermKind::Include},
    {"a", TermKind::A},
    {"mx", TermKind::Mx},
    {"ptr", TermKind::Ptr},
    {"ip4", TermKind::Ip4},
    {"ip6", TermKind::Ip6},
    {"exists", TermKind::Exists},
}};

std::optional<TermKind> mechanismKind(const QString &lowerName)
{
    for (const MechanismName &m : mechanisms) {
        if (lowerName == QLatin1String(m.name))
            return m.kind;
    }
    return std::nullopt;
}

bool isQualifier(QChar c)
{
    return c == QLatin1Char('+') || c == QLatin1Char('-') || c == QLatin1Char('~')
        || c == QLatin1Char('?');
}

Qualifier qualifierFrom(QChar c)
{
    switch (c.unicode()) {
    case '-':
        return Qualifier::Fail;
    case '~':
        return Qualifier::SoftFail;
    case '?':
        return Qualifier::Neutral;
    default:
        return Qualifier::Pass;
    }
}

bool isAsciiAlpha(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
        || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'));
}

bool isAsciiDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

bool isNameChar(QChar c)
{
    return isAsciiAlpha(c) || isAsciiDigit(c) || c == QLatin1Char('-') || c == QLatin1Char('_')
        || c == QLatin1Char('.');
}

// The ASCII character a typographic look-alike stands for: dashes and minus signs for '-',
// Unicode spaces for ' '. Nothing for anything else (no guess is safer than a wrong one).
std::optional<QChar> asciiLookAlike(QChar c)
{
    const char16_t u = c.unicode();
    if ((u >= 0x2010 && u <= 0x2015) || u == 0x2212 || u == 0xfe58 || u == 0xfe63 || u == 0xff0d)
        return QLatin1Char('-');
    if (u == 0x00a0 || (u >= 0x2000 && u <= 0x200a) || u == 0x202f || u == 0x205f || u == 0x3000)
        return QLatin1Char(' ');
    if (u >= 0xff01 && u <= 0xff5e) // fullwidth forms (an East Asian input method): '～all'
        return QChar(char16_t(u - 0xfee0));
    return std::nullopt;
}

// A mechanism's name (any case): "include", "ip4", ...
bool isMechanismName(const QString &name)
{
    static const QStringList names {QStringLiteral("all"), QStringLiteral("include"),
        QStringLiteral("a"), QStringLiteral("mx"), QStringLiteral("ptr"), QStringLiteral("ip4"),
        QStringLiteral("ip6"), QStringLiteral("exists")};
    return names.contains(name.toLower());
}

// Quote marks a record copied with its zone-file (or word-processor) quotes starts or ends with.
bool isQuoteMark(QChar c)
{
    const char16_t u = c.unicode();
    return u == '"' || u == '\'' || (u >= 0x2018 && u <= 0x201f);
}

int editDistance(const QString &a, const QString &b)
{
    // Damerau-Levenshtein (optimal string alignment), small strings only.
    const int n = int(a.size()), m = int(b.size());
    QList<QList<int>> d(n + 1, QList<int>(m + 1, 0));
    for (int i = 0; i <= n; ++i)
        d[i][0] = i;
    for (int j = 0; j <= m; ++j)
        d[0][j] = j;
    for (int i = 1; i <= n; ++i) {
        for (int j = 1; j <= m; ++j) {
            const int cost = a.at(i - 1) == b.at(j - 1) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a.at(i - 1) == b.at(j - 2) && a.at(i - 2) == b.at(j - 1))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

// The mechanism a mistyped name most likely meant, or empty.
QString nearMissMechanism(const QString &lowerName, const QString &argument)
{
    static const std::array<std::pair<const char *, const char *>, 11> known = {{
        {"ipv4", "ip4"},
        {"ipv6", "ip6"},
        {"ip", "ip4"},
        {"inet", "ip4"},
        {"inet6", "ip6"},
        {"includes", "include"},
        {"incl", "include"},
        {"exist", "exists"},
        {"mx4", "mx"},
        {"any", "all"},
        {"al", "all"},
    }};
    for (const auto &[wrong, right] : known) {
        if (lowerName == QLatin1String(wrong)) {
            if (lowerName == QLatin1String("ip") && argument.contains(QLatin1Char(':')))
                return QStringLiteral("ip6");
            return QString::fromLatin1(right);
        }
    }
    QString best;
    int bestDistance = 3;
    for (const MechanismName &m : mechanisms) {
        const QString candidate = QString::fromLatin1(m.name);
        if (candidate.size() < 3 || lowerName.size() < 3)
            continue; // "a", "mx": too short to guess from
        const int dist = editDistance(lowerName, candidate);
        const int allowed = candidate.size() >= 6 ? 2 : 1;
        if (dist <= allowed && dist < bestDistance) {
            best = candidate;
            bestDistance = dist;
        }
    }
    return best;
}

class Parser
{
public:
    Parser(const QString &text, const QList<int> &stringLengths)
        : m_stringLengths(stringLengths)
    {
        m_rec.text = text;
    }

    Record run();

private:
    void diag(Severity s, DiagnosticCode c, const QString &message, TextRange range,
        std::optional<QString> suggestion = std::nullopt)
    {
        m_rec.diagnostics << Diagnostic {s, c, message, range, std::move(suggestion)};
    }

    struct TermResult
    {
        Term term;
        QList<Diagnostic> diagnostics;
        bool meantAll = false; // a typo of 'all' ("-al", "‐all"): the record has its 'all'

        bool hasError() const
        {
            return std::any_of(diagnostics.cbegin(), diagnostics.cend(),
                [](const Diagnostic &d) { return d.severity == Severity::Error; });
        }
    };
    struct TermHead;
    static TermResult parseTerm(const QString &token, int offset);
    static void parseModifier(TermResult &r, const QString &token, const TermHead &h);
    static void unknownMechanism(TermResult &r, const QString &token, const TermHead &h);
    static void parseHostTerm(TermResult &r, const QString &rest, const TermHead &h);
    static void parseAddressTerm(TermResult &r, const QString &rest, const TermHead &h);
    static void checkDomainSpec(TermResult &r, const QString &spec, int offset, bool required);
    static void checkCidr(
        TermResult &r, const QString &cidr, int offset, bool dualAllowed, bool ip6Only);
    QList<std::pair<int, int>> tokenize();
    int readVersion(const QList<std::pair<int, int>> &tokens);
    void reportNonAscii(const QString &token, int offset, TermResult *term);
    void recordChecks();

    Record m_rec;
    QList<int> m_stringLengths;
    bool m_meantAll = false; // some term is a typo of 'all' (TermResult::meantAll)
};

void Parser::checkDomainSpec(TermResult &r, const QString &spec, int offset, bool required)
{
    Term &t = r.term;
    if (spec.isEmpty()) {
        if (required)
            r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::MissingDomain,
                QStringLiteral("'%1' needs a domain name").arg(t.name.toLower()), t.range,
                std::nullopt};
        return;
    }
    const auto tokens = parseMacroString(spec, MacroMode::DomainSpec);
    if (!tokens) {
        const MacroError &e = tokens.error();
        const bool expOnly = e.message.contains(QLatin1String("only allowed in explanation"));
        r.diagnostics << Diagnostic {Severity::Error,
            expOnly ? DiagnosticCode::MacroLetterExpOnly : DiagnosticCode::InvalidMacro, e.message,
            TextRange {offset + e.offset, e.length}, std::nullopt};
        return;
    }
    // RFC 7208 §12: domain-end = ( "." toplabel [ "." ] ) / macro-expand
    if (!tokens->isEmpty() && tokens->last().kind != MacroToken::Kind::Literal)
        return;
    const QString tail = tokens->isEmpty() ? QString() : tokens->last().text;
    const int tailOffset = tokens->isEmpty() ? offset : offset + tokens->last().offset;
    const bool literalOnly = tokens->size() == 1;
    // "a:mail.example.com:8080": a port, which SPF has no place for. The fix drops it when what
    // is left is a valid domain-spec.
    static const QRegularExpression port(QStringLiteral(":[0-9]{1,5}$"));
    if (const QRegularExpressionMatch m = port.match(tail); m.hasMatch()) {
        TermResult without {t, {}};
        const int cut = int(spec.size() - m.capturedLength());
        checkDomainSpec(without, spec.left(cut), offset, required);
        if (!without.hasError()) {
            r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::InvalidDomain,
                QStringLiteral("'%1' carries a port ('%2'), which SPF has no place for: write "
                               "'%3'")
                    .arg(spec, m.captured(), spec.left(cut)),
                TextRange {offset + cut, int(m.capturedLength())}, QString()};
            return;
        }
    }
    QString body = tail;
    if (body.endsWith(QLatin1Char('.')))
        body.chop(1);
    const int lastDot = int(body.lastIndexOf(QLatin1Char('.')));
    auto bad = [&](const QString &why) {
        r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::InvalidDomain,
            QStringLiteral("'%1' is not a valid domain: %2").arg(spec, why),
            TextRange {offset, int(spec.size())}, std::nullopt};
    };
    if (lastDot < 0) {
        bad(literalOnly
                ? QStringLiteral("a fully qualified name with at least one dot is needed")
                : QStringLiteral("after the last macro there must be '.' and a top-level label"));
        return;
    }
    const QString top = body.mid(lastDot + 1);
    bool hasAlpha = false;
    bool ok
        = !top.isEmpty() && !top.startsWith(QLatin1Char('-')) && !top.endsWith(QLatin1Char('-'));
    for (QChar c : top) {
        if (isAsciiAlpha(c))
            hasAlpha = true;
        else if (!isAsciiDigit(c) && c != QLatin1Char('-'))
            ok = false;
    }
    if (!ok || (!hasAlpha && !top.contains(QLatin1Char('-')))) {
        bad(top.isEmpty() ? QStringLiteral("it has an empty label")
                          : QStringLiteral("'%1' is not a valid top-level label").arg(top));
        return;
    }
    // Literal labels: none empty (except a final root dot), none longer than 63.
    const QStringList labels = body.split(QLatin1Char('.'));
    for (int i = 0; i < labels.size(); ++i) {
        if (labels[i].isEmpty() && !(i == 0 && !literalOnly)) {
            bad(QStringLiteral("it has an empty label"));
            return;
        }
        if (labels[i].size() > 63) {
            bad(QStringLiteral("a label is longer than 63 characters"));
            return;
        }
    }
    Q_UNUSED(tailOffset);
}

void Parser::checkCidr(
    TermResult &r, const QString &cidr, int offset, bool dualAllowed, bool ip6Only)
{
    // cidr is "/N", "/N//M", "//M" (starts with '/').
    Term &t = r.term;
    QString rest = cidr;
    int at = offset;
    auto parseLength = [&](const QString &digits, int pos, int max, int *out) {
        const TextRange range {pos, int(digits.size()) + 1};
        bool allDigits = !digits.isEmpty();
        for (QChar c : digits)
            allDigits = allDigits && isAsciiDigit(c);
        if (!allDigits) {
            r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::InvalidCidr,
                QStringLiteral("'/%1' is not a prefix length").arg(digits), range, std::nullopt};
            return false;
        }
        const int v = digits.size() > 4 ? 99999 : digits.toInt();
        if (digits.size() > 1 && digits.front() == QLatin1Char('0')) {
            r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::InvalidCidr,
                QStringLiteral("prefix length '/%1' has a leading zero").arg(digits), range,
                v <= max ? std::optional<QString>(QStringLiteral("/%1").arg(v)) : std::nullopt};
            return false;
        }
        if (v > max) {
            r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::InvalidCidr,
                QStringLiteral("prefix length %1 is larger than %2").arg(v).arg(max), range,
                QStringLiteral("/%1").arg(max)};
            return false;
        }
        *out = v;
        return true;
    };
    if (rest.startsWith(QLatin1String("//"))) {
        if (!dualAllowed) {
            r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::DualCidrNotAllowed,
                QStringLiteral("'%1' takes a single prefix length").arg(t.name.toLower()),
                TextRange {offset, int(cidr.size())}, std::nullopt};
            return;
        }
        parseLength(rest.mid(2), at + 1, 128, &t.cidr6);
        return;
    }
    const int dual = int(rest.indexOf(QLatin1String("//")));
    const QString first = dual < 0 ? rest.mid(1) : rest.mid(1, dual - 1);
    if (dual >= 0 && !dualAllowed) {
        r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::DualCidrNotAllowed,
            QStringLiteral("'%1' takes a single prefix length").arg(t.name.toLower()),
            TextRange {offset, int(cidr.size())}, QStringLiteral("/") + first};
        return;
    }
    if (ip6Only)
        parseLength(first, at, 128, &t.cidr6);
    else
        parseLength(first, at, 32, &t.cidr4);
    if (dual >= 0)
        parseLength(rest.mid(dual + 2), at + dual + 1, 128, &t.cidr6);
}

// Where a term's name ends: what parseTerm's parts share.
struct Parser::TermHead
{
    int offset = 0; // of the term in the record
    int nameStart = 0; // after the qualifier
    int pos = 0; // after the name
    QString lower; // the name in lower case
    QChar sep; // what follows the name ('=', ':', '/'), null at the end
    // The name and its separator ("ipv4:"), for a fix of the name.
    TextRange nameRange(bool withSep = true) const
    {
        return TextRange {offset + nameStart, pos - nameStart + (withSep ? 1 : 0)};
    }
};

Parser::TermResult Parser::parseTerm(const QString &token, int offset)
{
    TermResult r;
    Term &t = r.term;
    t.text = token;
    t.range = TextRange {offset, int(token.size())};
    const int len = int(token.size());
    int pos = 0;
    if (len > 0 && isQualifier(token.at(0))) {
        t.qualifier = qualifierFrom(token.at(0));
        t.explicitQualifier = true;
        pos = 1;
    } else if (len > 0 && (token.at(0) == QLatin1Char('!') || token.at(0) == QLatin1Char('^'))) {
        r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::InvalidQualifier,
            QStringLiteral("'%1' is not a qualifier; use '-' (fail), '~' (softfail), '?' (neutral) "
                           "or '+' (pass)")
                .arg(token.at(0)),
            TextRange {offset, 1}, QStringLiteral("-")};
        t.valid = false;
        pos = 1;
    }
    const int nameStart = pos;
    if (pos < len && isAsciiAlpha(token.at(pos))) {
        ++pos;
        while (pos < len && isNameChar(token.at(pos)))
            ++pos;
    }
    t.name = token.mid(nameStart, pos - nameStart);
    const QString lower = t.name.toLower();
    const QChar sep = pos < len ? token.at(pos) : QChar();

    if (t.name.isEmpty()) {
        t.valid = false;
        r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::InvalidTerm,
            QStringLiteral("'%1' is not a mechanism or modifier").arg(token), t.range,
            std::nullopt};
        return r;
    }

    const TermHead h {offset, nameStart, pos, lower, sep};
    if (sep == QLatin1Char('=')) {
        parseModifier(r, token, h);
        t.valid = !r.hasError();
        return r;
    }
    const auto kind = mechanismKind(lower);
    if (!kind || (!sep.isNull() && sep != QLatin1Char(':') && sep != QLatin1Char('/'))) {
        t.valid = false;
        if (kind) // e.g. "a%foo": a known name followed by junk
            r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::InvalidTerm,
                QStringLiteral("'%1' is not a valid %2 mechanism").arg(token, lower), t.range,
                std::nullopt};
        else
            unknownMechanism(r, token, h);
        return r;
    }
    t.kind = *kind;
    const QString rest = token.mid(pos); // starts with ':' or '/' or is empty
    const int restOffset = offset + pos;
    switch (t.kind) {
    case TermKind::All:
        if (!rest.isEmpty()) {
            r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::AllWithArgument,
                QStringLiteral("'all' takes no argument"), TextRange {restOffset, int(rest.size())},
                QString()};
        }
        break;
    case TermKind::Include:
    case TermKind::Exists:
    case TermKind::Ptr: {
        if (rest.startsWith(QLatin1Char('/'))) {
            r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::UnexpectedCidr,
                QStringLiteral("'%1' takes no prefix length").arg(lower),
                TextRange {restOffset, int(rest.size())}, QString()};
            break;
        }
        t.value = rest.mid(1);
        t.valueRange = TextRange {restOffset + 1, int(t.value.size())};
        const bool required = t.kind != TermKind::Ptr || rest.startsWith(QLatin1Char(':'));
        checkDomainSpec(r, t.value, t.valueRange.offset, required);
        break;
    }
    case TermKind::A:
    case TermKind::Mx:
        parseHostTerm(r, rest, h);
        break;
    case TermKind::Ip4:
    case TermKind::Ip6:
        parseAddressTerm(r, rest, h);
        break;
    default:
        break;
    }
    t.valid = !r.hasError();
    return r;
}

// A modifier: redirect= and exp= take a domain-spec; any other is ignored by receivers (§6).
void Parser::parseModifier(TermResult &r, const QString &token, const TermHead &h)
{
    Term &t = r.term;
    const int offset = h.offset;
    const int pos = h.pos;
    const QString &lower = h.lower;
    t.value = token.mid(pos + 1);
    t.valueRange = TextRange {offset + pos + 1, int(t.value.size())};
    if (t.explicitQualifier) {
        r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::QualifierOnModifier,
            QStringLiteral("a modifier cannot have a qualifier"), TextRange {offset, 1}, QString()};
    }
    if (lower == QLatin1String("redirect") || lower == QLatin1String("exp")) {
        t.kind = lower == QLatin1String("redirect") ? TermKind::Redirect : TermKind::Exp;
        checkDomainSpec(r, t.value, t.valueRange.offset, true);
    } else {
        t.kind = TermKind::UnknownModifier;
        const auto tokens = parseMacroString(t.value, MacroMode::Any);
        if (!tokens) {
            r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::InvalidMacro,
                tokens.error().message,
                TextRange {t.valueRange.offset + tokens.error().offset, tokens.error().length},
                std::nullopt};
        }
        if (mechanismKind(lower)) {
            r.diagnostics << Diagnostic {Severity::Warning, DiagnosticCode::MechanismAsModifier,
                QStringLiteral("'%1=' is not the %1 mechanism: receivers ignore it as an "
                               "unknown modifier, so it has no effect. Did you mean '%1:'?")
                    .arg(lower),
                h.nameRange(), lower + QLatin1Char(':')};
        } else {
            r.diagnostics << Diagnostic {Severity::Info, DiagnosticCode::UnknownModifier,
                QStringLiteral("unknown modifier '%1' is ignored by receivers (RFC 7208 §6)")
                    .arg(t.name),
                t.range, std::nullopt};
        }
    }
}

// A name that is no mechanism: the nearest one when it is a typo, never a fix that says '+all'.
void Parser::unknownMechanism(TermResult &r, const QString &token, const TermHead &h)
{
    const Term &t = r.term;
    const QString &lower = h.lower;
    const QChar sep = h.sep;
    const int nameStart = h.nameStart;
    const QString argument = sep == QLatin1Char(':') ? token.mid(h.pos + 1) : QString();
    const bool withColon = sep == QLatin1Char(':');
    const TextRange range = h.nameRange(withColon);
    if ((lower == QLatin1String("redirect") || lower == QLatin1String("exp")) && withColon) {
        r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::UnknownMechanism,
            QStringLiteral("'%1' is a modifier and takes '=': write '%1='").arg(lower), range,
            lower + QLatin1Char('=')};
        return;
    }
    const QString guess = nearMissMechanism(lower, argument);
    const QString what = QStringLiteral("'%1' is not an SPF mechanism")
                             .arg(t.name + (withColon ? QStringLiteral(":") : QString()));
    // A typo of 'all' with no qualifier written: the fix would be '+all' (every host passes),
    // which the author cannot have meant to publish without saying so. No one-click fix: the
    // choices, with what each does.
    r.meantAll = guess == QLatin1String("all");
    if (guess == QLatin1String("all") && nameStart == 0) {
        r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::UnknownMechanism,
            what
                + QStringLiteral("; probably 'all' with a qualifier: '-all' rejects mail from "
                                 "every other host, '~all' marks it as suspicious, '?all' says "
                                 "nothing ('all' alone would let every host pass). Receivers "
                                 "treat the whole record as a permanent error."),
            range, std::nullopt};
        return;
    }
    if (!guess.isEmpty()) {
        r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::UnknownMechanism,
            what
                + QStringLiteral("; did you mean '%1'? Receivers treat the whole record as a "
                                 "permanent error.")
                      .arg(guess + (withColon ? QStringLiteral(":") : QString())),
            range, guess + (withColon ? QStringLiteral(":") : QString())};
    } else {
        r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::UnknownMechanism,
            what
                + QStringLiteral(" (known: all include a mx ptr ip4 ip6 exists). Receivers "
                                 "treat the whole record as a permanent error."),
            range, std::nullopt};
    }
}

// a and mx: an optional domain-spec, then an optional dual-cidr-length.
void Parser::parseHostTerm(TermResult &r, const QString &rest, const TermHead &h)
{
    Term &t = r.term;
    const int restOffset = h.offset + h.pos;

    // RFC 7208 §12: the dual-cidr-length is a trailing "/digits" and/or "//digits"; any other
    // '/' belongs to the domain-spec (macro-literal allows it).
    int slash = -1;
    if (rest.startsWith(QLatin1Char('/'))) {
        slash = 0;
    } else {
        static const QRegularExpression cidrTail(QStringLiteral("(/[0-9]*)?(//[0-9]*)?$"));
        const QRegularExpressionMatch m = cidrTail.match(rest);
        if (m.hasMatch() && m.capturedLength(0) > 0)
            slash = int(m.capturedStart(0));
    }
    const QString domainPart = slash < 0 ? rest : rest.left(slash);
    if (domainPart.startsWith(QLatin1Char(':'))) {
        t.value = domainPart.mid(1);
        t.valueRange = TextRange {restOffset + 1, int(t.value.size())};
        const auto literal = Net::parseIp(t.value);
        if (t.kind == TermKind::A && literal) {
            // "a:192.0.2.4" names an address where a host name belongs: that is ip4:.
            const bool lit6 = literal->protocol() == QAbstractSocket::IPv6Protocol;
            r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::InvalidDomain,
                QStringLiteral("'a:' takes a host name; for the address %1 write '%2'")
                    .arg(t.value, lit6 ? QStringLiteral("ip6:") : QStringLiteral("ip4:")),
                h.nameRange(), lit6 ? QStringLiteral("ip6:") : QStringLiteral("ip4:")};
            return;
        }
        checkDomainSpec(r, t.value, t.valueRange.offset, true);
    }
    if (slash >= 0)
        checkCidr(r, rest.mid(slash), restOffset + slash, true, false);
}

// ip4 and ip6: an address, then an optional prefix length.
void Parser::parseAddressTerm(TermResult &r, const QString &rest, const TermHead &h)
{
    Term &t = r.term;
    const int restOffset = h.offset + h.pos;
    const QString &lower = h.lower;
    const bool v6 = t.kind == TermKind::Ip6;
    if (!rest.startsWith(QLatin1Char(':')) || rest.size() == 1) {
        r.diagnostics << Diagnostic {Severity::Error,
            v6 ? DiagnosticCode::InvalidIp6 : DiagnosticCode::InvalidIp4,
            QStringLiteral("'%1' needs an address, as in '%1:%2'")
                .arg(lower, v6 ? QStringLiteral("2001:db8::/32") : QStringLiteral("192.0.2.0/24")),
            t.range, std::nullopt};
        return;
    }
    const int slash = int(rest.indexOf(QLatin1Char('/')));
    t.value = slash < 0 ? rest.mid(1) : rest.mid(1, slash - 1);
    t.valueRange = TextRange {restOffset + 1, int(t.value.size())};
    const auto ip = Net::parseIp(t.value);
    const bool isV4 = ip && ip->protocol() == QAbstractSocket::IPv4Protocol;
    const bool isV6 = ip && ip->protocol() == QAbstractSocket::IPv6Protocol;
    if (!v6 && isV6) {
        r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::Ip6InIp4,
            QStringLiteral("'%1' is an IPv6 address; use 'ip6:'").arg(t.value), h.nameRange(),
            QStringLiteral("ip6:")};
    } else if (v6 && isV4) {
        r.diagnostics << Diagnostic {Severity::Error, DiagnosticCode::Ip4InIp6,
            QStringLiteral("'%1' is an IPv4 address; use 'ip4:'").arg(t.value), h.nameRange(),
            QStringLiteral("ip4:")};
    } else if (!ip) {
        std::optional<QString> fix;
        if (!v6) { // leading zeros: "192.168.001.010" -> "192.168.1.10"
            const QStringList parts = t.value.split(QLatin1Char('.'));
            QStringList cleaned;
            bool numeric = parts.size() == 4;
            for (const QString &p : parts) {
                bool ok = false;
                const int v = p.toInt(&ok);
                numeric = numeric && ok && v >= 0 && v <= 255 && !p.isEmpty() && p.size() <= 3;
                cleaned << QString::number(v);
            }
            if (numeric)
                fix = cleaned.join(QLatin1Char('.'));
        }
        // Other slips with one reading each, alone or together: a port, a trailing dot, the
        // letter O for a zero.
        QString why;
        if (v6 && (t.value.contains(u'O') || t.value.contains(u'o'))) {
            // No hex digit looks like the letter O: "2001:db8::1O" means "2001:db8::10".
            QString candidate = t.value;
            candidate.replace(u'O', u'0').replace(u'o', u'0');
            const auto repaired = Net::parseIp(candidate);
            if (repaired && repaired->protocol() == QAbstractSocket::IPv6Protocol) {
                fix = candidate;
                why = QStringLiteral("has the letter O where a zero belongs");
            }
        }
        if (!fix && !v6) {
            QString candidate = t.value;
            QStringList slips;
            if (const qsizetype colon = candidate.indexOf(u':'); colon > 0) {
                candidate.truncate(colon);
                slips << QStringLiteral("carries a port, which SPF has no place for");
            }
            if (candidate.endsWith(u'.')) {
                candidate.chop(1);
                slips << QStringLiteral("ends with a dot");
            }
            if (candidate.contains(u'O') || candidate.contains(u'o')) {
                candidate.replace(u'O', u'0').replace(u'o', u'0');
                slips << QStringLiteral("has the letter O where a zero belongs");
            }
            why = slips.join(QStringLiteral(", and "));
            const auto repaired = Net::parseIp(candidate);
            if (!why.isEmpty() && repaired && repaired->protocol() == QAbstractSocket::IPv4Protocol)
                fix = candidate;
            else
                why.clear();
        }
        r.diagnostics << Diagnostic {Severity::Error,
            v6 ? DiagnosticCode::InvalidIp6 : DiagnosticCode::InvalidIp4,
            !why.isEmpty() ? QStringLiteral("'%1' %2").arg(t.value, why)
                : fix ? QStringLiteral("'%1' has leading zeros, which are not allowed").arg(t.value)
                      : QStringLiteral("'%1' is not a valid %2 address")
                            .arg(t.value, v6 ? QStringLiteral("IPv6") : QStringLiteral("IPv4")),
            t.valueRange, fix};
    }
    if (slash >= 0)
        checkCidr(r, rest.mid(slash), restOffset + slash, false, v6);
}

// The record's terms as (offset, length), split at spaces. Characters outside printable ASCII
// make the record invalid (RFC 7208 §3.1, §12): controls are reported and split like spaces, so
// the rest still gets checked term by term; quotes pasted around the record are reported and left
// out. Empty for an empty record (reported).
QList<std::pair<int, int>> Parser::tokenize()
{
    const QString &text = m_rec.text;
    const int n = int(text.size());
    QList<std::pair<int, int>> tokens;
    int i = 0;
    while (i < n) {
        const ushort u = text.at(i).unicode();
        if (u == ' ') {
            ++i;
            continue;
        }
        if (u < 0x20 || u == 0x7f) {
            diag(Severity::Error, DiagnosticCode::InvalidCharacter,
                QStringLiteral(
                    "control character 0x%1 is not allowed; terms are separated by spaces only")
                    .arg(u, 2, 16, QLatin1Char('0')),
                TextRange {i, 1}, QStringLiteral(" "));
            ++i;
            continue;
        }
        const int start = i;
        while (i < n && text.at(i).unicode() != ' ' && text.at(i).unicode() >= 0x20
            && text.at(i).unicode() != 0x7f)
            ++i;
        tokens << std::pair {start, i - start};
    }
    if (tokens.isEmpty()) {
        // No record is invented: what to publish depends on whether the domain sends mail.
        diag(Severity::Error, DiagnosticCode::MissingVersion,
            QStringLiteral("the record is empty. For a domain that sends mail, list its senders "
                           "(e.g. 'v=spf1 mx ~all'); for one that never sends, 'v=spf1 -all' "
                           "rejects everything"),
            TextRange {0, n}, std::nullopt);
        return tokens;
    }
    // A record pasted with its quotes: "v=spf1 mx -all" or “v=spf1 mx -all”. The quotes go.
    if (isQuoteMark(text.at(tokens.front().first)) && tokens.front().second > 1) {
        diag(Severity::Error, DiagnosticCode::InvalidCharacter,
            QStringLiteral("the record starts with a quote mark (copied with its quotes?): the "
                           "quotes are not part of the record"),
            TextRange {tokens.front().first, 1}, QString());
        tokens.front().first += 1;
        tokens.front().second -= 1;
    }
    if (auto &last = tokens.back();
        last.second > 1 && isQuoteMark(text.at(last.first + last.second - 1))) {
        diag(Severity::Error, DiagnosticCode::InvalidCharacter,
            QStringLiteral("the record ends with a quote mark: the quotes are not part of the "
                           "record"),
            TextRange {last.first + last.second - 1, 1}, QString());
        last.second -= 1;
    }
    return tokens;
}

// The version term (RFC 7208 §4.5), or what stands in its place: the index of the first token
// that is a term.
int Parser::readVersion(const QList<std::pair<int, int>> &tokens)
{
    const QString &text = m_rec.text;
    int first = 0;
    const QString firstToken = text.mid(tokens[0].first, tokens[0].second);
    if (firstToken.compare(QLatin1String("v=spf1"), Qt::CaseInsensitive) == 0) {
        Term v;
        v.kind = TermKind::Version;
        v.text = firstToken;
        v.name = firstToken;
        v.range = TextRange {tokens[0].first, tokens[0].second};
        m_rec.terms << v;
        first = 1;
        if (tokens[0].first > 0)
            diag(Severity::Error, DiagnosticCode::LeadingSpace,
                QStringLiteral("the record must begin with 'v=spf1'; receivers ignore a record "
                               "with leading spaces"),
                TextRange {0, tokens[0].first}, QString());
    } else if (firstToken.startsWith(QLatin1String("v=spf1"), Qt::CaseInsensitive)) {
        // "v=spf1mx": the version glued to the first term; the term stays. A typographic space
        // there (a no-break space) becomes a plain one.
        const bool lookAlike = asciiLookAlike(firstToken.at(6)) == QLatin1Char(' ');
        const QString glued = firstToken.mid(lookAlike ? 7 : 6);
        const TermResult term = parseTerm(glued, 0);
        const bool termFixable = std::all_of(term.diagnostics.cbegin(), term.diagnostics.cend(),
            [](const Diagnostic &d) { return d.severity != Severity::Error || d.suggestion; });
        if (glued.isEmpty() || termFixable) {
            diag(Severity::Error, DiagnosticCode::InvalidVersion,
                QStringLiteral("'%1' has no space after 'v=spf1'; receivers ignore this record, "
                               "as if there were none")
                    .arg(firstToken),
                TextRange {tokens[0].first + 6, lookAlike ? 1 : 0}, QStringLiteral(" "));
        } else {
            // "v=spf10", "v=spf1foo": no term follows the version, only a slip. The fix keeps the
            // version and drops the rest, which authorized nothing.
            diag(Severity::Error, DiagnosticCode::InvalidVersion,
                QStringLiteral("'%1' is not 'v=spf1' ('%2' after it is no SPF term); receivers "
                               "ignore this record, as if there were none")
                    .arg(firstToken, glued),
                TextRange {tokens[0].first, tokens[0].second}, QStringLiteral("v=spf1"));
        }
        first = 1;
    } else if (firstToken.startsWith(QLatin1String("v=spf"), Qt::CaseInsensitive)
        || firstToken.startsWith(QLatin1String("spf2.0"), Qt::CaseInsensitive)
        || QStringList {QStringLiteral("spf=v1"), QStringLiteral("v:spf1"),
            QStringLiteral("v-spf1"), QStringLiteral("vspf1"), QStringLiteral("spf1")}
               .contains(firstToken.toLower())) {
        diag(Severity::Error, DiagnosticCode::InvalidVersion,
            QStringLiteral(
                "'%1' is not 'v=spf1'; receivers ignore this record, as if there were none")
                .arg(firstToken),
            TextRange {tokens[0].first, tokens[0].second}, QStringLiteral("v=spf1"));
        first = 1;
    } else {
        diag(Severity::Error, DiagnosticCode::MissingVersion,
            QStringLiteral("the record does not start with 'v=spf1'; receivers ignore it"),
            TextRange {tokens[0].first, 0}, QStringLiteral("v=spf1 "));
    }

    return first;
}

Record Parser::run()
{
    const QString &text = m_rec.text;
    const QList<std::pair<int, int>> tokens = tokenize();
    if (tokens.isEmpty())
        return m_rec;
    const int first = readVersion(tokens);
    std::optional<QChar> detachedQualifier; // "- all": the '-' waiting for its term
    for (int k = first; k < tokens.size(); ++k) {
        const std::optional<QChar> qualifierBefore = std::exchange(detachedQualifier, std::nullopt);
        const auto [offset, length] = tokens[k];
        const QString token = text.mid(offset, length);
        // Separators that are not spaces: "ip4:192.0.2.1,ip4:192.0.2.2" or "mx;". Only where
        // every piece is a valid term: a comma is a macro delimiter ("%{l,}") and may stand in
        // an unknown modifier's value.
        static const QRegularExpression separators(QStringLiteral("[,;]")); // built once
        const auto piecesAreTerms = [&] {
            if (token.contains(QLatin1String("%{")) || token.contains(u'='))
                return false;
            const QStringList pieces = token.split(separators);
            for (qsizetype j = 0; j < pieces.size(); ++j) {
                if (pieces[j].isEmpty() ? j + 1 != pieces.size()
                                        : parseTerm(pieces[j], 0).hasError())
                    return false;
            }
            return pieces.size() > 1;
        };
        if (const qsizetype sep = token.indexOf(separators); sep >= 0 && piecesAreTerms()) {
            for (qsizetype j = sep; j < length; ++j) {
                if (token.at(j) != u',' && token.at(j) != u';')
                    continue;
                diag(Severity::Error, DiagnosticCode::InvalidCharacter,
                    QStringLiteral("'%1' between terms: SPF terms are separated by spaces")
                        .arg(token.at(j)),
                    TextRange {offset + int(j), 1},
                    j + 1 < length ? QStringLiteral(" ") : QString());
            }
            continue;
        }
        // "include:include:spf.example": a prefix copied twice from a vendor's instructions.
        if (const qsizetype colon = token.indexOf(u':'); colon > 0) {
            const int q = isQualifier(token.at(0)) ? 1 : 0;
            const QString prefix = token.mid(q, colon - q + 1);
            if (prefix.size() > 1 && token.mid(colon + 1).startsWith(prefix, Qt::CaseInsensitive)
                && isMechanismName(prefix.chopped(1))) {
                diag(Severity::Error, DiagnosticCode::InvalidDomain,
                    QStringLiteral("'%1' is written twice").arg(prefix),
                    TextRange {offset + int(colon) + 1, int(prefix.size())}, QString());
                continue;
            }
        }
        // "ip4: 192.0.2.1", "include: example.com": a space after the colon.
        // Only when the next token is no term of its own ("include: -all" lacks its domain).
        if (token.endsWith(u':') && k + 1 < tokens.size()
            && isMechanismName(token.mid(isQualifier(token.at(0)) ? 1 : 0).chopped(1))
            && parseTerm(text.mid(tokens[k + 1].first, tokens[k + 1].second), 0).hasError()) {
            const int gap = tokens[k + 1].first - (offset + length);
            diag(Severity::Error, DiagnosticCode::InvalidTerm,
                QStringLiteral("'%1' is followed by a space: write '%1%2' with nothing between")
                    .arg(token, text.mid(tokens[k + 1].first, tokens[k + 1].second)),
                TextRange {offset + length, gap}, QString());
            ++k; // the argument belongs to this term
            continue;
        }
        // "- all": a qualifier with a space after it. The space goes; the qualifier stays, and
        // belongs to the next term ('- all' means '-all', never 'all', which would pass anyone).
        if (length == 1 && isQualifier(token.at(0)) && k + 1 < tokens.size()) {
            const int gap = tokens[k + 1].first - (offset + 1);
            diag(Severity::Error, DiagnosticCode::InvalidQualifier,
                QStringLiteral("'%1' stands alone: a qualifier is written right before its "
                               "mechanism ('%1%2')")
                    .arg(token, text.mid(tokens[k + 1].first, tokens[k + 1].second)),
                TextRange {offset + 1, gap}, QString());
            detachedQualifier = token.at(0);
            continue;
        }
        if (token.compare(QLatin1String("v=spf1"), Qt::CaseInsensitive) == 0) {
            // Remove it with the space before it.
            const int from = k > 0 ? tokens[k - 1].first + tokens[k - 1].second : offset;
            // RFC 7208 §4.6.1: by the grammar a later "v=spf1" is a modifier named "v" that no
            // receiver knows, and §6 says unknown modifiers are ignored: not an error.
            diag(Severity::Warning, DiagnosticCode::DuplicateVersion,
                QStringLiteral("'%1' appears again: receivers read it as an unknown modifier named "
                               "'v' and ignore it (RFC 7208 §4.6.1, §6); two records may have "
                               "been merged into one, so check that nothing is missing")
                    .arg(token),
                TextRange {from, offset + length - from}, QString());
            continue;
        }
        const bool nonAscii
            = std::any_of(token.cbegin(), token.cend(), [](QChar c) { return c.unicode() > 0x7e; });
        TermResult r = parseTerm(token, offset);
        if (nonAscii) {
            reportNonAscii(token, offset, &r);
        } else if (r.hasError()) {
            // A qualifier glued to the previous term: "ip4:192.0.2.1~all".
            bool glued = false;
            for (int p = 1; p < length && !glued; ++p) {
                if (!isQualifier(token.at(p)))
                    continue;
                const TermResult left = parseTerm(token.left(p), offset);
                const TermResult right = parseTerm(token.mid(p), offset + p);
                if (left.hasError() || right.hasError()
                    || right.term.kind == TermKind::UnknownModifier)
                    continue;
                m_rec.terms << left.term << right.term;
                m_rec.diagnostics << left.diagnostics << right.diagnostics;
                diag(Severity::Error, DiagnosticCode::GluedQualifier,
                    QStringLiteral("'%1' is glued to the term before it; put a space before it")
                        .arg(token.mid(p)),
                    TextRange {offset + p, length - p}, QLatin1Char(' ') + token.mid(p));
                glued = true;
            }
            if (glued)
                continue;
        } else if (isMechanism(r.term.kind) && r.term.kind != TermKind::All) {
            for (const char *tail : {"-all", "~all", "?all", "+all"}) {
                if (token.endsWith(QLatin1String(tail), Qt::CaseInsensitive) && length > 4) {
                    diag(Severity::Warning, DiagnosticCode::PossiblyGluedQualifier,
                        QStringLiteral("'%1' ends in '%2': if that was meant as the 'all' "
                                       "mechanism, it needs a space before it")
                            .arg(token, QLatin1String(tail)),
                        TextRange {offset + length - 4, 4}, QLatin1Char(' ') + token.right(4));
                }
            }
        }
        if (qualifierBefore && !isQualifier(token.at(0)) && isMechanism(r.term.kind))
            r.term.qualifier = qualifierFrom(*qualifierBefore);
        m_rec.diagnostics << r.diagnostics;
        m_rec.terms << r.term;
        m_meantAll = m_meantAll || r.meantAll;
    }
    recordChecks();
    std::stable_sort(m_rec.diagnostics.begin(), m_rec.diagnostics.end(),
        [](const Diagnostic &a, const Diagnostic &b) { return a.range.offset < b.range.offset; });
    return m_rec;
}

// A term with characters outside ASCII (RFC 7208 §3.1): an internationalized domain gets its
// A-label as the fix; a typographic look-alike (a dash from a word processor before 'all') maps to
// its ASCII counterpart, never to nothing: '‐all' is '-all', not 'all' (+all). Anything else has
// no safe replacement. `term` is invalid afterwards, and knows whether it meant 'all'.
void Parser::reportNonAscii(const QString &token, int offset, TermResult *term)
{
    term->term.valid = false;
    term->diagnostics.clear();
    // "include:bücher.example": the domain-spec (before any CIDR) as its A-label.
    static const QRegularExpression withDomain(
        QStringLiteral("^([-+~?]?(?:include|a|mx|ptr|exists):|redirect=|exp=)([^/]+)(.*)$"),
        QRegularExpression::CaseInsensitiveOption);
    if (const QRegularExpressionMatch m = withDomain.match(token); m.hasMatch()) {
        const QString ace = Net::toAce(m.captured(2));
        const bool encoded
            = std::all_of(ace.cbegin(), ace.cend(), [](QChar c) { return c.unicode() < 0x7f; });
        if (encoded && !parseTerm(m.captured(1) + ace + m.captured(3), 0).hasError()) {
            diag(Severity::Error, DiagnosticCode::NonAscii,
                QStringLiteral("'%1' is an internationalized domain name; SPF records are ASCII: "
                               "write its A-label '%2' (the same domain)")
                    .arg(m.captured(2), ace),
                TextRange {offset + int(m.capturedStart(2)), int(m.capturedLength(2))}, ace);
            return;
        }
    }
    QString ascii = token;
    for (int j = 0; j < token.size(); ++j) {
        if (token.at(j).unicode() <= 0x7e)
            continue;
        const std::optional<QChar> lookAlike = asciiLookAlike(token.at(j));
        diag(Severity::Error, DiagnosticCode::NonAscii,
            lookAlike ? QStringLiteral("'%1' (U+%2) is not ASCII; SPF records are ASCII: write "
                                       "'%3'")
                            .arg(token.at(j))
                            .arg(token.at(j).unicode(), 4, 16, QLatin1Char('0'))
                            .arg(*lookAlike)
                      : QStringLiteral("non-ASCII character U+%1 is not allowed in SPF "
                                       "records; there is no safe ASCII replacement to offer")
                            .arg(token.at(j).unicode(), 4, 16, QLatin1Char('0')),
            TextRange {offset + j, 1},
            lookAlike ? std::optional<QString>(QString(*lookAlike)) : std::nullopt);
        ascii[j] = lookAlike.value_or(token.at(j));
    }
    // '‐all' or '～all': the term its look-alikes spell is the one the author meant.
    const TermResult meant = parseTerm(ascii, offset);
    term->meantAll = meant.meantAll || (!meant.hasError() && meant.term.kind == TermKind::All);
}

void Parser::recordChecks()
{
    const QString &text = m_rec.text;
    const Term *all = nullptr;
    const Term *redirect = nullptr;
    const Term *exp = nullptr;
    int lookups = 0;
    bool afterAllReported = false;
    for (const Term &t : std::as_const(m_rec.terms)) {
        if (countsLookup(t.kind) && ++lookups == 11) {
            diag(Severity::Warning, DiagnosticCode::TooManyLookups,
                QStringLiteral("this is the 11th term that needs a DNS lookup; if evaluation gets "
                               "here, receivers return permerror (RFC 7208 §4.6.4, at most 10)"),
                t.range);
        }
        switch (t.kind) {
        case TermKind::All:
            if (!all) {
                all = &t;
                if (t.qualifier == Qualifier::Pass)
                    diag(Severity::Warning, DiagnosticCode::PlusAll,
                        QStringLiteral(
                            "'+all' authorizes every host on the Internet to send as this domain"),
                        t.range, QStringLiteral("-all"));
                else if (t.qualifier == Qualifier::Neutral)
                    diag(Severity::Warning, DiagnosticCode::NeutralAll,
                        QStringLiteral(
                            "'?all' makes the record say nothing about hosts it does not list"),
                        t.range, QStringLiteral("~all"));
            }
            break;
        case TermKind::Redirect:
            if (redirect)
                diag(Severity::Error, DiagnosticCode::DuplicateRedirect,
                    QStringLiteral("'redirect=' may appear only once (RFC 7208 §6)"), t.range,
                    QString());
            else
                redirect = &t;
            break;
        case TermKind::Exp:
            if (exp)
                diag(Severity::Error, DiagnosticCode::DuplicateExp,
                    QStringLiteral("'exp=' may appear only once (RFC 7208 §6)"), t.range,
                    QString());
            else
                exp = &t;
            break;
        case TermKind::Ptr:
            diag(Severity::Warning, DiagnosticCode::PtrDeprecated,
                QStringLiteral("'ptr' is slow and unreliable; RFC 7208 §5.5 says it SHOULD NOT be "
                               "used. List the sending addresses with ip4:/ip6: instead"),
                t.range);
            break;
        default:
            break;
        }
        if (all && &t != all && isMechanism(t.kind) && !afterAllReported) {
            const Term &last = m_rec.terms.last();
            diag(Severity::Warning, DiagnosticCode::TermsAfterAll,
                QStringLiteral("terms after 'all' are never evaluated"),
                TextRange {t.range.offset, last.range.end() - t.range.offset});
            afterAllReported = true;
        }
    }
    if (all && redirect)
        diag(Severity::Warning, DiagnosticCode::RedirectIgnored,
            QStringLiteral(
                "'redirect=' is ignored because the record has an 'all' mechanism (RFC 7208 §6.1)"),
            redirect->range, QString());
    const bool versionOk = !m_rec.terms.isEmpty() && m_rec.terms.front().kind == TermKind::Version;
    // A typo of 'all' is reported (with its fix) where it stands: no second fix appending one.
    if (versionOk && !all && !redirect && !m_meantAll) {
        diag(Severity::Warning, DiagnosticCode::NoAll,
            QStringLiteral("no 'all' and no 'redirect=': hosts not listed get 'neutral'. End the "
                           "record with '~all' (or '-all' once every sender is listed)"),
            TextRange {int(text.size()), 0}, QStringLiteral(" ~all"));
    }
    const int octets = int(text.toLatin1().size());
    if (octets > 450)
        diag(Severity::Warning, DiagnosticCode::RecordTooLong,
            QStringLiteral(
                "the record is %1 octets; over 450 risks answers too big for UDP (RFC 7208 §3.4)")
                .arg(octets),
            TextRange {0, int(text.size())});
    int at = 0;
    for (int len : std::as_const(m_stringLengths)) {
        if (len > 255)
            diag(Severity::Warning, DiagnosticCode::StringTooLong,
                QStringLiteral("a TXT character-string of %1 octets exceeds 255; split it into "
                               "several strings (RFC 7208 §3.3)")
                    .arg(len),
                TextRange {at, std::min(len, int(text.size()) - at)});
        at += len;
    }
    if (m_stringLengths.isEmpty() && octets > 255)
        diag(Severity::Info, DiagnosticCode::StringTooLong,
            QStringLiteral("the record is %1 octets: publish it as several quoted strings of at "
                           "most 255 octets each (RFC 7208 §3.3)")
                .arg(octets),
            TextRange {0, int(text.size())});
}

} // namespace

Record parseRecord(const QString &text, const QList<int> &stringLengths)
{
    return Parser(text, stringLengths).run();
}

bool isSpfRecord(const QByteArray &txt)
{
    if (txt.size() < 6 || qstrnicmp(txt.constData(), "v=spf1", 6) != 0)
        return false;
    return txt.size() == 6 || txt.at(6) == ' ';
}

namespace {

QString applyFixesOnce(const Record &record)
{
    QList<Diagnostic> fixes;
    for (const Diagnostic &d : record.diagnostics) {
        if (d.severity == Severity::Error && d.suggestion)
            fixes << d;
    }
    std::sort(fixes.begin(), fixes.end(),
        [](const Diagnostic &a, const Diagnostic &b) { return a.range.offset > b.range.offset; });
    QString text = record.text;
    int limit = int(text.size()) + 1;
    for (const Diagnostic &d : std::as_const(fixes)) {
        if (d.range.end() > limit)
            continue; // overlaps a fix already applied
        text = applySuggestion(text, d);
        limit = d.range.offset;
    }
    return text;
}

} // namespace

QString correctedRecord(const Record &record)
{
    // Every available fix, again and again until nothing changes (a tab becomes a space, then
    // the leading space goes).
    QString text = record.text;
    for (int round = 0; round < 8; ++round) {
        const QString next = applyFixesOnce(round == 0 ? record : parseRecord(text));
        if (next == text)
            break;
        text = next;
    }
    return text;
}

QString withSuggestion(const Record &record, const Diagnostic &d)
{
    if (!d.suggestion || d.range.offset < 0 || d.range.end() > record.text.size())
        return record.text;
    return record.text.left(d.range.offset) + *d.suggestion + record.text.mid(d.range.end());
}

QString recordTextFromOctets(const QByteArray &octets)
{
    return QString::fromLatin1(octets);
}

} // namespace Spf
