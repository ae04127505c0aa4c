#include "paste/pasteanalyzer.h"

#include <QRegularExpression>

#include "common/netutil.h"

namespace Paste {

namespace {

struct Field
{
    QString name; // as written
    QString value; // unfolded
    int line = 0;
};

QString shorten(const QString &s, int max = 160)
{
    QString t = s.simplified();
    return t.size() > max ? t.left(max - 1) + QChar(0x2026) : t;
}

// Header fields and DSN fields, unfolded (RFC 5322 §2.2.3), wherever they appear in the text.
QList<Field> fields(const QStringList &lines)
{
    static const QRegularExpression header(
        QStringLiteral("^([A-Za-z][A-Za-z0-9-]{1,60}):[ \\t]*(.*)$"));
    QList<Field> out;
    bool open = false;
    for (int i = 0; i < lines.size(); ++i) {
        const QString &l = lines[i];
        if (open && !l.isEmpty()
            && (l.front() == QLatin1Char(' ') || l.front() == QLatin1Char('\t'))) {
            out.last().value += QLatin1Char(' ') + l.trimmed();
            continue;
        }
        const QRegularExpressionMatch m = header.match(l);
        open = m.hasMatch();
        if (open)
            out << Field {m.captured(1), m.captured(2).trimmed(), i + 1};
    }
    return out;
}

bool isInternal(const QHostAddress &a)
{
    const QHostAddress n = Net::normalized(a);
    if (n.isLoopback() || n.isLinkLocal())
        return true;
    for (const char *net :
        {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "100.64.0.0/10"}) {
        const auto s = QHostAddress::parseSubnet(QString::fromLatin1(net));
        if (s.first.protocol() == n.protocol() && n.isInSubnet(s))
            return true;
    }
    return false;
}

// An IP inside [brackets]: "[192.0.2.1]", "[IPv6:2001:db8::1]".
QString bracketIp(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("\\[(?:IPv6:)?([0-9A-Fa-f:.]+)\\]"));
    auto it = re.globalMatch(s);
    while (it.hasNext()) {
        const QString candidate = it.next().captured(1);
        if (const auto ip = Net::parseIp(candidate))
            return Net::ipToString(*ip);
    }
    return {};
}

Hop parseReceived(const Field &f, int index)
{
    Hop h;
    h.index = index;
    h.source = Source {f.name, f.line, shorten(f.value)};
    const QString v = f.value;
    static const QRegularExpression fromRe(QStringLiteral("^from\\s+(\\S+)(?:\\s+\\(([^)]*)\\))?"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression byRe(
        QStringLiteral("\\bby\\s+([^\\s;()]+)"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression heloRe(
        QStringLiteral("\\bhelo=([^\\s;()\\]]+)"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression rdnsRe(QStringLiteral("^([A-Za-z0-9._-]+?)\\.?\\s*\\["));
    const QRegularExpressionMatch from = fromRe.match(v);
    const int byAt = int(v.indexOf(byRe));
    const QString fromClause = byAt > 0 ? v.left(byAt) : v;
    if (from.hasMatch()) {
        QString name = from.captured(1);
        if (!name.startsWith(QLatin1Char('[')))
            h.fromName = name;
        const QString comment = from.captured(2);
        const QRegularExpressionMatch rdns = rdnsRe.match(comment);
        if (rdns.hasMatch() && !rdns.captured(1).isEmpty()
            && rdns.captured(1).compare(QLatin1String("unknown"), Qt::CaseInsensitive) != 0)
            h.reverseName = rdns.captured(1);
    }
    const QRegularExpressionMatch helo = heloRe.match(fromClause);
    if (helo.hasMatch())
        h.fromName = helo.captured(1); // Exim: "from [ip] (helo=name)" or "(... helo=name)"
    h.ip = bracketIp(fromClause);
    if (h.ip.isEmpty() && from.hasMatch()) { // Microsoft: "from host (192.0.2.1) by ..."
        if (const auto ip = Net::parseIp(from.captured(2).trimmed()))
            h.ip = Net::ipToString(*ip);
    }
    const QRegularExpressionMatch by = byRe.match(v);
    if (by.hasMatch())
        h.by = by.captured(1);
    if (!h.ip.isEmpty())
        h.internal = isInternal(*Net::parseIp(h.ip));
    return h;
}

// "key=value; key=value" pairs (Received-SPF, Authentication-Results properties).
QString property(const QString &s, const QString &key)
{
    const QRegularExpression re(QStringLiteral("(?:^|[\\s;])") + QRegularExpression::escape(key)
            + QStringLiteral("=\\s*\"?([^\\s;\"]+)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(s);
    return m.hasMatch() ? m.captured(1) : QString();
}

QString stripAngles(QString s)
{
    s = s.trimmed();
    if (s.startsWith(QLatin1Char('<')) && s.endsWith(QLatin1Char('>')))
        s = s.mid(1, s.size() - 2);
    return s;
}

QString normalizedResult(const QString &word)
{
    const QString w = word.toLower();
    if (w == QLatin1String("hardfail"))
        return QStringLiteral("fail");
    if (w == QLatin1String("permerror") || w == QLatin1String("temperror")
        || w == QLatin1String("pass") || w == QLatin1String("fail")
        || w == QLatin1String("softfail") || w == QLatin1String("neutral")
        || w == QLatin1String("none"))
        return w;
    if (w == QLatin1String("error") || w == QLatin1String("unknown"))
        return QStringLiteral("permerror");
    return {};
}

Verdict parseReceivedSpf(const Field &f)
{
    Verdict v;
    v.source = Source {f.name, f.line, shorten(f.value)};
    static const QRegularExpression head(QStringLiteral("^([A-Za-z]+)\\s*(?:\\(([^)]*)\\))?"));
    const QRegularExpressionMatch m = head.match(f.value);
    v.result = m.hasMatch() ? normalizedResult(m.captured(1)) : QString();
    v.comment = m.captured(2);
    v.ip = property(f.value, QStringLiteral("client-ip"));
    v.envelopeFrom = stripAngles(property(f.value, QStringLiteral("envelope-from")));
    v.helo = property(f.value, QStringLiteral("helo"));
    v.receiver = property(f.value, QStringLiteral("receiver"));
    if (v.receiver.isEmpty() && v.comment.contains(QLatin1Char(':')))
        v.receiver = v.comment.section(QLatin1Char(':'), 0, 0).trimmed();
    if (v.ip.isEmpty()) { // Gmail: "... designates 192.0.2.1 as permitted sender"
        static const QRegularExpression designates(
            QStringLiteral("designates?\\s+([0-9A-Fa-f:.]+)\\s+as"));
        const QRegularExpressionMatch d = designates.match(v.comment);
        if (d.hasMatch() && Net::parseIp(d.captured(1)))
            v.ip = d.captured(1);
    }
    return v;
}

QList<Verdict> parseAuthResults(const Field &f)
{
    QList<Verdict> out;
    const QString authserv
        = f.value.section(QLatin1Char(';'), 0, 0).trimmed().section(QLatin1Char(' '), 0, 0);
    static const QRegularExpression spf(
        QStringLiteral("(?:^|;)\\s*spf\\s*=\\s*([A-Za-z]+)\\s*(?:\\(([^)]*)\\))?([^;]*)"),
        QRegularExpression::CaseInsensitiveOption);
    auto it = spf.globalMatch(f.value);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        Verdict v;
        v.source = Source {f.name, f.line, shorten(f.value)};
        v.result = normalizedResult(m.captured(1));
        v.comment = m.captured(2);
        v.receiver = authserv;
        const QString props = m.captured(3);
        QString mailfrom = property(props, QStringLiteral("smtp.mailfrom"));
        v.envelopeFrom = stripAngles(mailfrom);
        v.helo = property(props, QStringLiteral("smtp.helo"));
        static const QRegularExpression ipRe(
            QStringLiteral("(?:sender IP is|designates?)\\s+([0-9A-Fa-f:.]+)"),
            QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch ip = ipRe.match(v.comment);
        if (ip.hasMatch() && Net::parseIp(ip.captured(1)))
            v.ip = ip.captured(1);
        out << v;
    }
    return out;
}

QString enhancedMeaning(const QString &e)
{
    static const QHash<QString, QString> known {
        {QStringLiteral("5.7.1"),
            QStringLiteral("delivery not authorized, message refused by the receiver's policy")},
        {QStringLiteral("5.7.23"), QStringLiteral("SPF validation failed (RFC 7372)")},
        {QStringLiteral("5.7.24"),
            QStringLiteral("SPF validation error: permerror or temperror (RFC 7372)")},
        {QStringLiteral("5.7.25"), QStringLiteral("reverse DNS validation failed (RFC 7372)")},
        {QStringLiteral("5.7.26"),
            QStringLiteral("multiple authentication checks failed (SPF, DKIM, DMARC) (RFC 7372)")},
        {QStringLiteral("5.7.27"), QStringLiteral("the sender address has a null MX (RFC 7505)")},
        {QStringLiteral("5.7.0"), QStringLiteral("other security or policy status")},
        {QStringLiteral("5.7.8"), QStringLiteral("authentication credentials invalid")},
        {QStringLiteral("5.7.606"), QStringLiteral("Microsoft: the sending IP is on a block list")},
        {QStringLiteral("5.7.509"),
            QStringLiteral("Microsoft: rejected by the sender domain's DMARC policy")},
        {QStringLiteral("5.1.1"), QStringLiteral("the mailbox does not exist")},
        {QStringLiteral("5.1.0"), QStringLiteral("other address status")},
        {QStringLiteral("5.1.8"), QStringLiteral("the sender's address is rejected")},
        {QStringLiteral("5.2.2"), QStringLiteral("the mailbox is full")},
        {QStringLiteral("5.4.1"),
            QStringLiteral("no answer from the recipient's server / relay denied")},
        {QStringLiteral("4.7.0"),
            QStringLiteral("temporary security or policy refusal: try again later")},
        {QStringLiteral("4.7.1"),
            QStringLiteral("temporary policy refusal (greylisting?): try again later")},
        {QStringLiteral("4.4.7"), QStringLiteral("the message expired in the queue")},
        {QStringLiteral("4.4.1"), QStringLiteral("no answer from the host")},
        {QStringLiteral("2.0.0"), QStringLiteral("accepted")},
    };
    if (const auto it = known.constFind(e); it != known.cend())
        return *it;
    static const QHash<QChar, QString> subjects {{QLatin1Char('1'), QStringLiteral("address")},
        {QLatin1Char('2'), QStringLiteral("mailbox")},
        {QLatin1Char('3'), QStringLiteral("mail system")},
        {QLatin1Char('4'), QStringLiteral("network or routing")},
        {QLatin1Char('5'), QStringLiteral("mail delivery protocol")},
        {QLatin1Char('6'), QStringLiteral("message content")},
        {QLatin1Char('7'), QStringLiteral("security or policy")}};
    const QString subject = subjects.value(e.section(QLatin1Char('.'), 1, 1).front());
    return subject.isEmpty() ? QString() : QStringLiteral("%1 problem").arg(subject);
}

} // namespace

QString replyMeaning(int code, const QString &enhanced, const QString &text, bool *spfRelated)
{
    QStringList parts;
    const bool permanent = code >= 500;
    const bool temporary = code >= 400 && code < 500;
    parts << (permanent ? QStringLiteral(
                  "permanent failure: the receiver will not accept it, retrying does not help")
            : temporary ? QStringLiteral("temporary failure: the sender's server retries")
            : code >= 200 && code < 400 ? QStringLiteral("success")
                                        : QStringLiteral("unknown reply"));
    if (!enhanced.isEmpty()) {
        const QString e = enhancedMeaning(enhanced);
        if (!e.isEmpty())
            parts << QStringLiteral("%1: %2").arg(enhanced, e);
    }
    bool spf = enhanced == QLatin1String("5.7.23") || enhanced == QLatin1String("5.7.24")
        || text.contains(QLatin1String("SPF"), Qt::CaseInsensitive)
        || text.contains(QLatin1String("sender policy"), Qt::CaseInsensitive);
    if (text.contains(QLatin1String("IP Authorization check failed"), Qt::CaseInsensitive)) {
        parts << QStringLiteral("\"IP Authorization check failed\" is Postini/psmtp's wording for "
                                "a failed SPF check of the connecting IP");
        spf = true;
    }
    if (text.contains(QLatin1String("does not designate"), Qt::CaseInsensitive)
        || text.contains(QLatin1String("not permitted sender"), Qt::CaseInsensitive))
        spf = true;
    if (text.contains(QLatin1String("DMARC"), Qt::CaseInsensitive))
        parts << QStringLiteral("the receiver cites DMARC: SPF and DKIM alignment both failed");
    if (spfRelated)
        *spfRelated = spf;
    return parts.join(QStringLiteral("; "));
}

Analysis analyze(const QString &input)
{
    Analysis a;
    QString text = input;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    if (text.size() > 4 * 1024 * 1024)
        text.truncate(4 * 1024 * 1024); // a paste, not a mailbox
    const QStringList lines = text.split(QLatin1Char('\n'));
    const QList<Field> all = fields(lines);

    // The format, from the fingerprints each system leaves.
    if (text.contains(QLatin1String("mx.google.com"))
        || text.contains(QLatin1String("gmail-smtp-in"))
        || text.contains(QLatin1String("Google tried to deliver")))
        a.format = QStringLiteral("gmail");
    else if (text.contains(QLatin1String("protection.outlook.com"))
        || text.contains(QLatin1String("Microsoft SMTP Server"))
        || text.contains(QLatin1String("Microsoft Outlook")))
        a.format = QStringLiteral("microsoft365");
    else if (text.contains(QLatin1String("psmtp.com")) || text.contains(QLatin1String("Postini")))
        a.format = QStringLiteral("postini");
    else if (text.contains(QLatin1String("Postfix"))
        || text.contains(QLatin1String("MAILER-DAEMON (Mail Delivery System)")))
        a.format = QStringLiteral("postfix");
    else if (text.contains(QLatin1String("Exim"))
        || text.contains(QLatin1String("X-Failed-Recipients"))
        || text.contains(QLatin1String("esmtps (TLS")))
        a.format = QStringLiteral("exim");
    else if (!all.isEmpty())
        a.format = QStringLiteral("headers");
    else
        a.format = QStringLiteral("unknown");

    for (const Field &f : all) {
        const QString name = f.name.toLower();
        if (name == QLatin1String("received"))
            a.hops << parseReceived(f, int(a.hops.size()));
        else if (name == QLatin1String("received-spf"))
            a.verdicts << parseReceivedSpf(f);
        else if (name == QLatin1String("authentication-results")
            || name == QLatin1String("arc-authentication-results"))
            a.verdicts << parseAuthResults(f);
    }
    // SMTP replies: at the start of a line, or after "said:", "smtp;", "returned '", ": ". Wrapped
    // replies (indented continuation lines) are read joined, then line by line.
    static const QRegularExpression reply(
        QStringLiteral(
            "(?:^|<<<\\s*|said:\\s*|smtp;\\s*|returned\\s+'|:\\s+|\\(reason:\\s*)([245][0-9][0-"
            "9])(?:[ -]|$)(?:[ -]*#?([245]\\.[0-9]{1,3}\\.[0-9]{1,3}))?\\s*(.*)$"),
        QRegularExpression::CaseInsensitiveOption);
    struct Logical
    {
        QString text;
        int line;
        QList<std::pair<int, int>> starts {}; // where each later physical line begins in text
        // The physical line holding `offset` of the joined text.
        int lineAt(qsizetype offset) const
        {
            int out = line;
            for (const auto &[at, number] : starts) {
                if (offset >= at)
                    out = number;
            }
            return out;
        }
    };
    QList<Logical> logical;
    // A multi-line SMTP reply ("550-5.7.26 ..." lines, then "550 5.7.26 ...") reads as one.
    static const QRegularExpression multiline(
        QStringLiteral("^([245][0-9][0-9])([- ])(?:[245]\\.[0-9]{1,3}\\.[0-9]{1,3}\\s+)?(.*)$"));
    QString openReply; // the code of a reply whose last line had "code-"
    for (int i = 0; i < lines.size(); ++i) {
        const bool continuation = i > 0 && !lines[i].isEmpty()
            && (lines[i].front() == QLatin1Char(' ') || lines[i].front() == QLatin1Char('\t'));
        const QRegularExpressionMatch m = multiline.match(lines[i].trimmed());
        if (m.hasMatch() && !openReply.isEmpty() && m.captured(1) == openReply
            && !logical.isEmpty()) {
            logical.last().text += QLatin1Char(' ');
            logical.last().starts.append({int(logical.last().text.size()), i + 1});
            logical.last().text += m.captured(3).trimmed();
        } else if (continuation && !logical.isEmpty() && !lines[i - 1].trimmed().isEmpty()) {
            logical.last().text += QLatin1Char(' ');
            logical.last().starts.append({int(logical.last().text.size()), i + 1});
            logical.last().text += lines[i].trimmed();
        } else {
            logical << Logical {lines[i].trimmed(), i + 1};
        }
        openReply = m.hasMatch() && m.captured(2) == QLatin1String("-") ? m.captured(1) : QString();
    }
    for (int i = 0; i < lines.size(); ++i)
        logical << Logical {lines[i].trimmed(), i + 1};
    QSet<QString> seen;
    for (const Logical &l : std::as_const(logical)) {
        const QRegularExpressionMatch m = reply.match(l.text);
        if (!m.hasMatch())
            continue;
        Reply r;
        r.code = m.captured(1).toInt();
        r.enhanced = m.captured(2);
        QString text = m.captured(3).trimmed();
        // "(reason: 550 …)": the bracket closes the report's wrapper, not the reply.
        while (text.endsWith(QLatin1Char(')'))
            && text.count(QLatin1Char(')')) > text.count(QLatin1Char('(')))
            text = text.chopped(1).trimmed();
        r.text = shorten(text, 300);
        const QString key = QStringLiteral("%1 %2").arg(r.code).arg(r.enhanced);
        if (seen.contains(key))
            continue; // the joined reading came first and is the complete one
        seen.insert(key);
        r.meaning = replyMeaning(r.code, r.enhanced, r.text, &r.spfRelated);
        // The line the reply itself starts on (a joined reading may begin lines earlier).
        const int line = l.lineAt(m.capturedStart(1));
        r.source = Source {QStringLiteral("line"), line, shorten(lines.value(line - 1).trimmed())};
        a.replies << r;
    }

    // The connecting IP: what the receiver's SPF check says it evaluated; else the IP its SPF
    // rejection names; else the first hop, from the top, that came from outside (internal hops
    // are the receiver's own relays).
    for (const Verdict &v : std::as_const(a.verdicts)) {
        if (!v.ip.isEmpty() && Net::parseIp(v.ip)) {
            a.connectingIp = Value {Net::ipToString(*Net::parseIp(v.ip)), v.source,
                QStringLiteral("the IP the receiver's SPF check evaluated")};
            break;
        }
    }
    if (!a.connectingIp) {
        // "ip=192.0.2.1", "IP address 192.0.2.1", Gmail's "with ip: [203.0.113.22]", Exim's
        // "Bad SPF records for [example.org:192.0.2.2]".
        static const QRegularExpression named(
            QStringLiteral(
                "(?:\\bip[=:]\\s*\\[?|client-ip=|\\bIP\\s+(?:address\\s+)?|\\[(?:[^\\]\\s:]+:)?|^|"
                "\\s)([0-9A-Fa-f:.]{7,45})(?=[\\s;,)\\]]|$)"),
            QRegularExpression::CaseInsensitiveOption);
        for (const Reply &r : std::as_const(a.replies)) {
            if (!r.spfRelated)
                continue;
            auto it = named.globalMatch(r.text);
            while (it.hasNext() && !a.connectingIp) {
                const auto ip = Net::parseIp(it.next().captured(1));
                if (ip)
                    a.connectingIp = Value {Net::ipToString(*ip), r.source,
                        QStringLiteral("named in the receiver's SPF rejection")};
            }
            if (a.connectingIp)
                break;
        }
    }
    const Hop *external = nullptr;
    for (const Hop &h : std::as_const(a.hops)) {
        if (a.connectingIp && h.ip == a.connectingIp->value) {
            external = &h; // the hop that carries the connecting IP
            break;
        }
    }
    if (!external && !a.connectingIp) {
        for (const Hop &h : std::as_const(a.hops)) {
            if (!h.ip.isEmpty() && !h.internal) {
                external = &h;
                break;
            }
        }
        if (external)
            a.connectingIp = Value {external->ip, external->source,
                QStringLiteral("the first Received: hop from outside the receiver")};
    } else if (!external && a.connectingIp) {
        for (const Hop &h : std::as_const(a.hops)) {
            if (!h.ip.isEmpty() && !h.internal && h.ip != a.connectingIp->value) {
                a.notes << QStringLiteral("The receiver's SPF check names %1, but no Received: hop "
                                          "shows it; the first external hop came from %2.")
                               .arg(a.connectingIp->value, h.ip);
                break;
            }
        }
    }
    // The envelope sender: the first non-null Return-Path (a bounce's own is "<>", before the
    // returned message's).
    for (const Field &f : all) {
        if (f.name.compare(QLatin1String("Return-Path"), Qt::CaseInsensitive) == 0) {
            const QString v = stripAngles(f.value);
            // A bounce's own Return-Path is "<>" or its mailer daemon: the returned message's
            // comes later.
            const bool daemon = v.startsWith(QLatin1String("MAILER-DAEMON@"), Qt::CaseInsensitive)
                || v.compare(QLatin1String("MAILER-DAEMON"), Qt::CaseInsensitive) == 0;
            if (daemon)
                continue;
            if (v.isEmpty()) {
                if (!a.envelopeSender)
                    a.envelopeSender = Value {v, Source {f.name, f.line, shorten(f.value)},
                        QStringLiteral("null sender <>: a bounce; SPF then checks the HELO")};
                continue;
            }
            a.envelopeSender = Value {v, Source {f.name, f.line, shorten(f.value)}, QString()};
            break;
        }
    }
    if (!a.envelopeSender) {
        for (const Verdict &v : std::as_const(a.verdicts)) {
            if (!v.envelopeFrom.isEmpty()) {
                a.envelopeSender = Value {
                    v.envelopeFrom, v.source, QStringLiteral("from the receiver's SPF verdict")};
                break;
            }
        }
    }
    if (!a.envelopeSender) {
        for (const Field &f : all) {
            if (f.name.compare(QLatin1String("From"), Qt::CaseInsensitive) == 0) {
                static const QRegularExpression addr(
                    QStringLiteral("<?([^<>\\s\"]+@[^<>\\s\"]+)>?\\s*$"));
                const QRegularExpressionMatch m = addr.match(f.value);
                if (m.hasMatch()
                    && !f.value.contains(QLatin1String("MAILER-DAEMON"), Qt::CaseInsensitive)
                    && !f.value.contains(QLatin1String("postmaster@"), Qt::CaseInsensitive)) {
                    a.envelopeSender
                        = Value {m.captured(1), Source {f.name, f.line, shorten(f.value)},
                            QStringLiteral("From: header, not the envelope sender: check it")};
                    break;
                }
            }
        }
    }
    // HELO.
    for (const Verdict &v : std::as_const(a.verdicts)) {
        if (!v.helo.isEmpty()) {
            a.helo = Value {v.helo, v.source, QStringLiteral("from the receiver's SPF verdict")};
            break;
        }
    }
    if (!a.helo && external && !external->fromName.isEmpty())
        a.helo = Value {external->fromName, external->source,
            QStringLiteral("the name the sending server gave in HELO/EHLO")};

    // Tokens that look like IP addresses but are not: never to be used as the sending IP.
    static const QRegularExpression token(
        QStringLiteral("[A-Za-z0-9_.:@<>=-]*[0-9]+\\.[0-9]+\\.[0-9]+[A-Za-z0-9_.:@<>=-]*"));
    static const QRegularExpression quad(QStringLiteral("[0-9]+\\.[0-9]+\\.[0-9]+(\\.[0-9]+)?"));
    static const QRegularExpression enhancedCode(
        QStringLiteral("^[245]\\.[0-9]{1,3}\\.[0-9]{1,3}$"));
    QSet<QString> flagged;
    for (int i = 0; i < lines.size(); ++i) {
        auto it = token.globalMatch(lines[i]);
        while (it.hasNext()) {
            QString t = it.next().captured(0);
            while (!t.isEmpty() && QStringLiteral(".:;,=<>").contains(t.back()))
                t.chop(1);
            while (!t.isEmpty() && QStringLiteral(".:;,=<>").contains(t.front()))
                t.remove(0, 1);
            if (t.isEmpty() || Net::parseIp(t) || flagged.contains(t))
                continue;
            if (t.contains(QLatin1Char('@')) || t.startsWith(QLatin1String("IPv6:")))
                continue; // addresses and message IDs are read as such, not as IPs
            const QRegularExpressionMatch q = quad.match(t);
            if (!q.hasMatch())
                continue;
            QString why;
            if (q.captured(0) != t)
                why = QStringLiteral("part of a longer token (a version string, a kernel release, "
                                     "an ID), not an IP address");
            else if (!q.captured(1).isEmpty())
                why = QStringLiteral("four numbers, but not a valid IPv4 address (a number over "
                                     "255 or a leading zero)");
            else if (enhancedCode.match(t).hasMatch())
                why = QStringLiteral(
                    "an enhanced mail status code (RFC 3463: class.subject.detail), "
                    "not an IP address");
            else
                why = QStringLiteral("only three numbers: a version number, not an IP address");
            flagged.insert(t);
            a.lookalikes << Lookalike {
                t, why, Source {QStringLiteral("line"), i + 1, shorten(lines[i])}};
        }
    }
    // The receivers' verdicts disagree?
    QStringList results;
    for (const Verdict &v : std::as_const(a.verdicts)) {
        if (!v.result.isEmpty() && !results.contains(v.result))
            results << v.result;
    }
    if (results.size() > 1)
        a.notes << QStringLiteral("The message carries different SPF verdicts: %1 (added by "
                                  "different servers or at different hops).")
                       .arg(results.join(QStringLiteral(", ")));
    return a;
}

} // namespace Paste
