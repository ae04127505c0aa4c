#include "paste/pasteanalyzer.h"

#include <algorithm>

#include <QRegularExpression>
#include <QSet>

#include "common/netutil.h"
#include "common/psl.h"
#include "common/taglist.h"
#include "paste/mime.h"
#include "paste/readers.h"
#include "paste/reasons.h"

namespace Paste {

using Readers::Field;

namespace {

QString shorten(const QString &s, int max = 160)
{
    QString t = s.simplified();
    return t.size() > max ? t.left(max - 1) + QChar(0x2026) : t;
}

} // namespace

Source Field::source() const
{
    return Source {name, line, shorten(value)};
}

namespace {

bool is(const Field &f, const char *name)
{
    return f.name.compare(QLatin1String(name), Qt::CaseInsensitive) == 0;
}

} // namespace

// Header fields and DSN fields of one section, unfolded (RFC 5322 §2.2.3), wherever they stand.
QList<Field> Readers::fields(const Section &section)
{
    static const QRegularExpression header(
        QStringLiteral("^([A-Za-z][A-Za-z0-9-]{1,60}):[ \\t]*(.*)$"));
    Section::Origin origin = section.origin;
    if (section.kind == Section::Kind::DeliveryStatus
        || section.kind == Section::Kind::FeedbackReport)
        origin = Section::Origin::Report;
    else if (section.kind == Section::Kind::Text && origin != Section::Origin::Paste)
        origin = Section::Origin::Message; // a returned header quoted in a bounce's text
    QList<Field> out;
    bool open = false;
    const QStringList &lines = section.lines;
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
            out << Field {m.captured(1), m.captured(2).trimmed(), section.lineOf(i), origin};
    }
    for (Field &f : out)
        f.value = decodeHeaderWords(f.value); // RFC 2047: "=?ISO-2022-JP?B?...?="
    return out;
}

namespace {

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

// The top-level "( ... )" groups of a Received: clause, in order.
QStringList parenGroups(const QString &s)
{
    QStringList out;
    int depth = 0;
    qsizetype start = -1;
    for (qsizetype i = 0; i < s.size() && out.size() < 8; ++i) {
        if (s[i] == QLatin1Char('(')) {
            if (depth++ == 0)
                start = i + 1;
        } else if (s[i] == QLatin1Char(')') && depth > 0) {
            if (--depth == 0)
                out << s.mid(start, i - start).trimmed();
        }
    }
    return out;
}

// Received: from TOKEN (COMMENTS) by ... The systems write the HELO name, the reverse name and the
// IP in different places:
//   Postfix, Sendmail, Gmail: from HELO (RDNS [IP])      from [literal] (RDNS [IP])
//   Exim:                     from RDNS ([IP] helo=HELO) from [IP] (helo=HELO)
//   Microsoft:                from HELO (IP)
//   qmail, IronPort:          from RDNS (HELO name) (IP) from RDNS (HELO name) ([IP])
Hop parseReceived(const Field &f, int index)
{
    Hop h;
    h.index = index;
    h.source = f.source();
    const QString v = f.value;
    static const QRegularExpression byRe(
        QStringLiteral("\\bby\\s+([^\\s;()]+)"), QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch by = byRe.match(v);
    if (by.hasMatch())
        h.by = by.captured(1);
    const qsizetype byAt = by.hasMatch() ? by.capturedStart(0) : -1;
    const QString fromClause = (byAt > 0 ? v.left(byAt) : v).trimmed();
    static const QRegularExpression fromRe(QStringLiteral("^from\\s+(\\S+)\\s*(.*)$"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch from = fromRe.match(fromClause);
    if (!from.hasMatch())
        return h;
    const QString token = from.captured(1);
    static const QRegularExpression heloWord(
        QStringLiteral("^(?:HELO|EHLO)\\s+(\\S+)$"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression heloEq(
        QStringLiteral("\\bhelo=([^\\s;()\\]]+)"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression rdnsRe(QStringLiteral("^([A-Za-z0-9._-]+?)\\.?\\s*\\["));
    QString heloComment;
    QString ipComment;
    QString rdns;
    for (const QString &g : parenGroups(from.captured(2))) {
        if (const QRegularExpressionMatch w = heloWord.match(g); w.hasMatch()) {
            heloComment = w.captured(1);
            continue;
        }
        if (const QRegularExpressionMatch e = heloEq.match(g); e.hasMatch())
            heloComment = e.captured(1);
        if (!ipComment.isEmpty())
            continue;
        if (const QString ip = bracketIp(g); !ip.isEmpty()) {
            ipComment = ip;
            const QRegularExpressionMatch r = rdnsRe.match(g);
            if (r.hasMatch())
                rdns = r.captured(1);
        } else {
            const QString bare = g.section(QLatin1Char('@'), -1).trimmed();
            if (const auto ip = Net::parseIp(bare))
                ipComment = Net::ipToString(*ip);
        }
    }
    const bool unknownToken = token.compare(QLatin1String("unknown"), Qt::CaseInsensitive) == 0;
    // Yahoo and AOL write the bare IP first: "from 192.0.2.1 (EHLO mail.example.com)".
    const auto bareToken = Net::parseIp(token);
    const QString tokenIp = token.startsWith(QLatin1Char('[')) ? bracketIp(token)
        : bareToken                                            ? Net::ipToString(*bareToken)
                                                               : QString();
    if (!ipComment.isEmpty()) {
        h.ip = ipComment;
        if (!heloComment.isEmpty()) {
            h.fromName = heloComment;
            if (tokenIp.isEmpty() && !unknownToken)
                h.reverseName = token;
        } else {
            h.fromName = token; // may be an address literal: "[192.0.2.178]"
            h.reverseName = rdns;
        }
    } else if (!tokenIp.isEmpty()) {
        h.ip = tokenIp; // Exim without a reverse name
        h.fromName = heloComment;
    } else {
        h.fromName = heloComment.isEmpty() ? token : heloComment;
        if (!heloComment.isEmpty() && !unknownToken)
            h.reverseName = token;
    }
    static const QRegularExpression submission(
        QStringLiteral(
            "\\bwith\\s+(?:ESMTPSA|ESMTPA|SMTPSA|SMTPA|UTF8SMTPSA|HTTPS?)\\b|\\(authenticated|"
            "\\bauthenticated (?:sender|user)"),
        QRegularExpression::CaseInsensitiveOption);
    h.authenticated = submission.match(v).hasMatch();
    if (h.fromName.compare(QLatin1String("unknown"), Qt::CaseInsensitive) == 0)
        h.fromName.clear();
    if (h.reverseName.compare(QLatin1String("unknown"), Qt::CaseInsensitive) == 0)
        h.reverseName.clear();
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

// Splits on `separator` outside "( ... )" comments and quotes.
QStringList splitOutside(const QString &s, QChar separator)
{
    QStringList out;
    QString current;
    int depth = 0;
    bool quoted = false;
    for (const QChar c : s) {
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        else if (!quoted && c == QLatin1Char('('))
            ++depth;
        else if (!quoted && c == QLatin1Char(')') && depth > 0)
            --depth;
        if (c == separator && depth == 0 && !quoted) {
            out << current.trimmed();
            current.clear();
        } else {
            current += c;
        }
    }
    out << current.trimmed();
    return out;
}

// Authentication-Results (RFC 8601) and ARC-Authentication-Results ("i=N; authserv; ...").
// Microsoft writes no authserv-id: its first item is already "spf=...".
QList<AuthResult> parseAuthResults(const Field &f, bool arc)
{
    QList<AuthResult> out;
    QStringList items = splitOutside(f.value, QLatin1Char(';'));
    static const QRegularExpression instanceRe(QStringLiteral("^i\\s*=\\s*([0-9]+)$"));
    if (arc && !items.isEmpty()) {
        const QRegularExpressionMatch m = instanceRe.match(items.front());
        if (m.hasMatch())
            items.removeFirst(); // "i=1": which ARC set; the verdicts are read all the same
    }
    static const QRegularExpression method(
        QStringLiteral("^([A-Za-z0-9_-]+)\\s*=\\s*([A-Za-z]+)\\s*(?:\\(([^)]*)\\))?(.*)$"),
        QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression property(
        QStringLiteral("([A-Za-z]+\\.[A-Za-z0-9_-]+)\\s*=\\s*(\"[^\"]*\"|[^\\s;()]+)"));
    QString authserv;
    for (int i = 0; i < items.size() && out.size() < 40; ++i) {
        const QRegularExpressionMatch m = method.match(items[i]);
        if (!m.hasMatch()) {
            if (i == 0)
                authserv = items[i].section(QLatin1Char(' '), 0, 0);
            continue;
        }
        AuthResult r;
        r.method = m.captured(1).toLower();
        r.result = m.captured(2).toLower();
        r.receiver = authserv;
        r.arc = arc;
        r.source = f.source();
        r.properties.insert(QStringLiteral("comment"), m.captured(3));
        auto it = property.globalMatch(m.captured(4));
        while (it.hasNext()) {
            const QRegularExpressionMatch p = it.next();
            QString value = p.captured(2);
            if (value.startsWith(QLatin1Char('"')))
                value = value.mid(1, value.size() - 2);
            r.properties.insert(p.captured(1).toLower(), value);
        }
        out << r;
    }
    return out;
}

Verdict verdictOf(const AuthResult &r)
{
    Verdict v;
    v.source = r.source;
    v.result = normalizedResult(r.result);
    v.comment = r.properties.value(QStringLiteral("comment"));
    v.receiver = r.receiver;
    v.arc = r.arc;
    v.envelopeFrom = stripAngles(r.properties.value(QStringLiteral("smtp.mailfrom")));
    v.helo = r.properties.value(QStringLiteral("smtp.helo")).section(QLatin1Char('@'), -1);
    static const QRegularExpression ipRe(
        QStringLiteral("(?:sender IP is|designates?)\\s+([0-9A-Fa-f:.]+)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch ip = ipRe.match(v.comment);
    if (ip.hasMatch() && Net::parseIp(ip.captured(1)))
        v.ip = ip.captured(1);
    else if (const auto remote = Net::parseIp(r.properties.value(QStringLiteral("smtp.remote-ip"))))
        v.ip = Net::ipToString(*remote);
    return v;
}

// "tag=value; tag=value" (DKIM-Signature, ARC-Seal): lower-case tag names, values with their
// folding whitespace removed.
QHash<QString, QString> tagList(const QString &s)
{
    QHash<QString, QString> out;
    for (const TagList::Item &item : TagList::read(s)) {
        if (!item.name.isEmpty())
            out.insert(item.name, TagList::unfolded(item.value));
    }
    return out;
}

// The address in "Name <a@b>", "<a@b>", "a@b (Name)".
QString addressIn(const QString &s)
{
    static const QRegularExpression angled(QStringLiteral("<([^<>\\s\"]*@[^<>\\s\"]+)>"));
    static const QRegularExpression bare(QStringLiteral("([^<>\\s\"(),;:]+@[^<>\\s\"(),;:]+)"));
    if (const QRegularExpressionMatch m = angled.match(s); m.hasMatch())
        return m.captured(1);
    const QRegularExpressionMatch m = bare.match(s);
    return m.hasMatch() ? m.captured(1) : QString();
}

bool isDaemon(const QString &address)
{
    return address.startsWith(QLatin1String("MAILER-DAEMON"), Qt::CaseInsensitive)
        || address.startsWith(QLatin1String("postmaster@"), Qt::CaseInsensitive);
}

// The organization a host name belongs to ("mx1.eu.example.co.uk" -> "example.co.uk").
QString orgOf(const QString &host)
{
    QString h = host.toLower();
    while (h.endsWith(QLatin1Char('.')))
        h.chop(1);
    if (h.isEmpty() || Net::parseIp(h) || !h.contains(QLatin1Char('.')))
        return {};
    const QString org = Net::registrableDomain(h);
    return organizationFamily(org.isEmpty() ? h : org);
}

void addCandidate(QList<Candidate> &list, const QString &value, const Source &source,
    const QString &reason, const QString &confidence)
{
    for (const Candidate &c : std::as_const(list)) {
        if (c.value.compare(value, Qt::CaseInsensitive) == 0)
            return; // the first (better) reading of the same value stands
    }
    list << Candidate {value, source, reason, confidence};
}

// The first reading that is not a guess, as the answer.
std::optional<Value> answerOf(const QList<Candidate> &list)
{
    for (const Candidate &c : list) {
        if (c.confidence != QLatin1String("low"))
            return Value {c.value, c.source, c.reason};
    }
    return std::nullopt;
}

// An address written out in full: not elided ("kijitora@6jo.ex…", "a...@b"), not a path.
bool fullAddress(const QString &address)
{
    return address.contains(QLatin1Char('@')) && !address.contains(QChar(0x2026))
        && !address.contains(QLatin1String("...")) && !address.startsWith(QLatin1Char('/'))
        && !Net::domainOfAddress(address).isEmpty();
}

void addEvidence(QList<ForwardingEvidence> &out, const QString &kind, int line, const QString &text)
{
    out << ForwardingEvidence {kind, line, text};
}

// The envelope recipient changed on the way: a hop delivered to one address, a later hop to
// another domain's; or one DSN group whose Original-Recipient and Final-Recipient name different
// mailboxes. Never from an elided address, never from the bounce's own To:.
void recipientEvidence(const Analysis &a, QList<ForwardingEvidence> &out)
{
    for (const DsnGroup &g : a.groups) {
        if (fullAddress(g.originalRecipient) && fullAddress(g.recipient)
            && g.originalRecipient.compare(g.recipient, Qt::CaseInsensitive) != 0) {
            addEvidence(out, QStringLiteral("recipient-changed"), g.recipientLine,
                QStringLiteral("The DSN's Original-Recipient %1 (line %2) and Final-Recipient %3 "
                               "(line %4) differ: the message was sent on (an alias or a "
                               "forward) to another mailbox.")
                    .arg(shorten(g.originalRecipient, 80))
                    .arg(g.originalLine)
                    .arg(shorten(g.recipient, 80))
                    .arg(g.recipientLine));
            return;
        }
    }
    static const QRegularExpression forRe(
        QStringLiteral("\\bfor\\s+<?([^<>\\s;()]+@[^<>\\s;()]+)>?"),
        QRegularExpression::CaseInsensitiveOption);
    QString before;
    Source beforeSource;
    for (qsizetype i = a.hops.size() - 1; i >= 0; --i) {
        const QRegularExpressionMatch m = forRe.match(a.hops[i].source.excerpt);
        if (!m.hasMatch() || !fullAddress(m.captured(1)))
            continue;
        const QString address = m.captured(1).toLower();
        const QString from = orgOf(Net::domainOfAddress(before));
        const QString to = orgOf(Net::domainOfAddress(address));
        if (!before.isEmpty() && !from.isEmpty() && !to.isEmpty() && from != to) {
            addEvidence(out, QStringLiteral("recipient-changed"), a.hops[i].source.line,
                QStringLiteral("The envelope recipient changed from %1 (line %2) to %3 (line "
                               "%4): %5 forwarded the message.")
                    .arg(shorten(before, 80))
                    .arg(beforeSource.line)
                    .arg(shorten(address, 80))
                    .arg(a.hops[i].source.line)
                    .arg(shorten(from, 80)));
            return;
        }
        before = address;
        beforeSource = a.hops[i].source;
    }
}

// Evidence that the message was forwarded: an SRS sender, forwarding headers, an envelope
// recipient that changed on the way, an ARC seal by an organization that is neither the
// sender, the receiver nor the server the bounce names.
QList<ForwardingEvidence> forwardingEvidence(const Analysis &a,
    const QList<const Field *> &messageFields, const QString &remoteOrg, const QString &receiverOrg)
{
    QList<ForwardingEvidence> out;
    QSet<QString> said;
    for (const Candidate &c : std::as_const(a.senderCandidates)) {
        if (const int scheme = srsScheme(c.value);
            scheme >= 0 && !said.contains(c.value.toLower())) {
            said.insert(c.value.toLower());
            addEvidence(out, QStringLiteral("srs"), c.source.line,
                QStringLiteral("The envelope sender %1 is SRS-rewritten (SRS%2): %3 forwarded the "
                               "message (line %4).")
                    .arg(shorten(c.value, 80), QString::number(scheme),
                        shorten(Net::domainOfAddress(c.value), 80))
                    .arg(c.source.line));
        }
    }
    for (const Field *f : std::as_const(messageFields)) {
        for (const char *name : {"X-Forwarded-To", "X-Forwarded-For", "Resent-From",
                 "Resent-Sender", "X-MS-Exchange-Inbox-Rules-Loop", "X-Forwarded-Message-Id"}) {
            if (is(*f, name)) {
                addEvidence(out, QStringLiteral("resent"), f->line,
                    QStringLiteral("%1: %2 (line %3): the message was re-sent or forwarded.")
                        .arg(f->name, shorten(f->value, 80))
                        .arg(f->line));
                break;
            }
        }
    }
    recipientEvidence(a, out);
    QSet<QString> senderOrgs;
    if (a.envelopeSender)
        senderOrgs.insert(orgOf(Net::domainOfAddress(a.envelopeSender->value)));
    if (a.headerFrom)
        senderOrgs.insert(orgOf(Net::domainOfAddress(a.headerFrom->value)));
    for (const Field *f : std::as_const(messageFields)) {
        if (!is(*f, "ARC-Seal"))
            continue;
        const QString sealer = orgOf(tagList(f->value).value(QStringLiteral("d")));
        if (!sealer.isEmpty() && sealer != receiverOrg && sealer != remoteOrg
            && !senderOrgs.contains(sealer)) {
            addEvidence(out, QStringLiteral("arc"), f->line,
                QStringLiteral("ARC-Seal by %1 (line %2): an intermediary handled the message "
                               "and vouched for its authentication results.")
                    .arg(shorten(sealer, 80))
                    .arg(f->line));
            break;
        }
    }
    return out;
}

} // namespace

namespace {

// The reply class (RFC 5321), the enhanced code's meaning and the catalogue's reading, joined.
QString meaningOf(int code, const QString &enhanced, const Classification &c)
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
    if (!c.meaning.isEmpty())
        parts << c.meaning;
    return parts.join(QStringLiteral("; "));
}

// SMTP replies: at the start of a line, or after "said:", "smtp;", "returned '", ": ". The code
// may be written twice ("554 554 5.7.0") or with a colon ("550: 5.2.2"); qmail and Courier put
// the enhanced code last ("(#5.1.1)").
const QRegularExpression &replyPattern()
{
    static const QRegularExpression reply(
        QStringLiteral(
            "(?:^|<<<\\s*|said:\\s*|smtp;\\s*|returned\\s+'|:\\s+|\\s#|\\(reason:\\s*|"
            "(?:permanent|temporary|transient|address) error\\s+|>>>\\s*)([245][0-9][0-9])"
            "(?:[ :-]|$)(?:[ -]*(?:\\1[ -]+)?[#']?([245]\\.[0-9]{1,3}\\.[0-9]{1,3}))?"
            "\\s*(.*)$"),
        QRegularExpression::CaseInsensitiveOption);
    return reply;
}

// The code, enhanced code and text of one match of replyPattern().
Reply replyOf(const QRegularExpressionMatch &m)
{
    static const QRegularExpression qmailCode(
        QStringLiteral("\\(#([245]\\.[0-9]{1,3}\\.[0-9]{1,3})\\)"));
    Reply r;
    r.code = m.captured(1).toInt();
    r.enhanced = m.captured(2);
    QString rtext = m.captured(3).trimmed();
    // "(reason: 550 …)": the bracket closes the report's wrapper, not the reply.
    // … and Gmail's "[mx.example. 203.0.113.45: 550 …]" the same with brackets.
    for (const auto &[open, close] : {std::pair {QLatin1Char('('), QLatin1Char(')')},
             std::pair {QLatin1Char('['), QLatin1Char(']')}}) {
        while (rtext.endsWith(close) && rtext.count(close) > rtext.count(open))
            rtext = rtext.chopped(1).trimmed();
    }
    if (rtext.endsWith(QLatin1Char('\'')))
        rtext.chop(1); // Microsoft: Remote Server returned '550 …'
    // "501 Rcpt-To validation failed: RCPT TO not accepted: 5.7.1 This system ...": a code of
    // the reply's class that starts a clause of its text.
    static const QRegularExpression inText(
        QStringLiteral("[:;]\\s+([245])(\\.[0-9]{1,3}\\.[0-9]{1,3})\\s"));
    if (r.enhanced.isEmpty()) {
        if (const QRegularExpressionMatch q = qmailCode.match(rtext); q.hasMatch())
            r.enhanced = q.captured(1);
        else if (const QRegularExpressionMatch c = inText.match(rtext);
                 c.hasMatch() && c.captured(1).toInt() == r.code / 100)
            r.enhanced = c.captured(1) + c.captured(2);
    }
    if (!r.enhanced.isEmpty())
        r.enhancedSource = QStringLiteral("reply");
    r.text = shorten(rtext, 300);
    return r;
}

void classify(Reply &r)
{
    const Classification c = classifyReply(r.enhanced, r.text);
    r.meaning = meaningOf(r.code, r.enhanced, c);
    r.reason = c.reason;
    r.provider = c.provider;
    r.spfRelated = isAuthenticationReason(c.reason);
}

// The recipient group a reply belongs to: the one whose Diagnostic-Code holds it, else the only
// (or first) group whose Status has the reply's class.
const DsnGroup *groupOf(const Analysis &a, const Reply &r)
{
    for (const DsnGroup &g : a.groups) {
        if (g.diagnosticLine > 0 && r.source.line >= g.diagnosticLine
            && r.source.line <= g.diagnosticLine + 6)
            return &g;
    }
    for (const DsnGroup &g : a.groups) {
        if (!g.status.isEmpty() && r.code / 100 == g.status.front().digitValue())
            return &g;
    }
    return nullptr;
}

} // namespace

// RFC 3464 and the replies together: a reply with no enhanced code takes its group's Status
// (and says so); a group's Diagnostic-Code that no reply reading found becomes a reply.
void Readers::completeFromGroups(Analysis &a)
{
    for (const DsnGroup &g : std::as_const(a.groups)) {
        const QRegularExpressionMatch m = replyPattern().match(g.diagnosticText);
        if (!m.hasMatch() || m.capturedStart(1) > 0)
            continue;
        Reply r = replyOf(m);
        const bool known = std::any_of(
            a.replies.cbegin(), a.replies.cend(), [&](const Reply &o) { return o.code == r.code; });
        if (known)
            continue;
        r.source = Source {
            QStringLiteral("Diagnostic-Code"), g.diagnosticLine, shorten(g.diagnosticText)};
        classify(r);
        a.replies << r;
    }
    for (Reply &r : a.replies) {
        if (!r.enhanced.isEmpty())
            continue;
        const DsnGroup *g = groupOf(a, r);
        if (!g || g->status.isEmpty() || r.code / 100 != g->status.front().digitValue())
            continue;
        r.enhanced = g->status;
        r.enhancedSource = QStringLiteral("status");
        classify(r);
    }
}

namespace {

// The bounce's own words, before the copy of the message it returns.
QList<std::pair<int, QString>> bounceText(const MimeView &view)
{
    static const QRegularExpression copyStarts(
        QStringLiteral("^-*\\s*(Below this line is a copy|This is a copy of the message|Original "
                       "message follows|Original message|The header of the original message|"
                       "Returned Message|Included is a copy|Message headers follow|Original "
                       "message headers|Undelivered Message)"),
        QRegularExpression::CaseInsensitiveOption);
    QList<std::pair<int, QString>> out;
    for (const Section &s : view.sections) {
        if (s.kind != Section::Kind::Text
            || (s.origin != Section::Origin::Paste && s.origin != Section::Origin::Own))
            continue;
        for (int i = 0; i < s.lines.size() && out.size() < 400; ++i) {
            if (copyStarts.match(s.lines[i].trimmed()).hasMatch())
                break;
            out << std::pair {s.lineOf(i), s.lines[i]};
        }
    }
    return out;
}

void setReason(Analysis &a, const QString &reason, const QString &basis, int line)
{
    a.reason = reason;
    a.reasonBasis = basis;
    a.reasonLine = line;
}

// Delivered, relayed, expanded, a feedback report, or still trying: not a refusal.
bool decideOutcome(Analysis &a, const DsnReport &dsn, const QList<std::pair<int, QString>> &own)
{
    if (dsn.notification == QLatin1String("Complaint")) {
        a.failure = false;
        setReason(a, QStringLiteral("not-a-failure"),
            QStringLiteral("an Amazon SES complaint notification on line %1")
                .arg(dsn.notificationLine),
            dsn.notificationLine);
        return true;
    }
    const DsnGroup *failed = nullptr;
    const DsnGroup *delayed = nullptr;
    const DsnGroup *fine = nullptr;
    for (const DsnGroup &g : a.groups) {
        const QString &act = g.action;
        if (act == QLatin1String("failed") && !failed)
            failed = &g;
        else if (act == QLatin1String("delayed") && !delayed)
            delayed = &g;
        else if (isSuccessAction(act) && !fine)
            fine = &g;
    }
    if (failed)
        return false;
    if (delayed) {
        a.failure = std::nullopt;
        setReason(a, QStringLiteral("delayed"),
            QStringLiteral("the DSN's Action: delayed on line %1").arg(delayed->actionLine),
            delayed->actionLine);
        return true;
    }
    if (fine) {
        a.failure = false;
        setReason(a, QStringLiteral("not-a-failure"),
            QStringLiteral("the DSN's Action: %1 on line %2")
                .arg(fine->action)
                .arg(fine->actionLine),
            fine->actionLine);
        return true;
    }
    static const QRegularExpression warning(
        QStringLiteral("has not yet been delivered|THIS IS A WARNING ONLY|delivery attempts will "
                       "continue|will be retried until|delayed mail|message .{0,40} delayed"),
        QRegularExpression::CaseInsensitiveOption);
    for (const auto &[line, t] : own) {
        if (warning.match(t).hasMatch()
            && std::none_of(a.replies.cbegin(), a.replies.cend(),
                [](const Reply &r) { return r.code >= 500; })) {
            a.failure = std::nullopt;
            setReason(a, QStringLiteral("delayed"),
                QStringLiteral("the delay warning on line %1").arg(line), line);
            return true;
        }
    }
    return false;
}

// The refusal the bounce reports: the first failure reply the catalogue knows, else the first
// failure reply at all.
const Reply *decisiveReply(const Analysis &a)
{
    for (int pass = 0; pass < 3; ++pass) {
        for (const Reply &r : a.replies) {
            const bool failure
                = pass < 2 ? r.code >= 500 || (pass == 1 && r.code >= 400) : r.code >= 400;
            if (failure && (pass == 2 || r.reason != QLatin1String("other")))
                return &r;
        }
    }
    return nullptr;
}

// A header block of the refused message (no bounce around it): the receiver's own SPF or DMARC
// verdict is the best word on why.
void decideFromVerdicts(Analysis &a)
{
    for (const Verdict &v : std::as_const(a.verdicts)) {
        QString reason;
        if (v.result == QLatin1String("fail") || v.result == QLatin1String("softfail"))
            reason = QStringLiteral("spf-fail");
        else if (v.result == QLatin1String("permerror"))
            reason = QStringLiteral("spf-permerror");
        else if (v.result == QLatin1String("temperror"))
            reason = QStringLiteral("spf-temperror");
        if (!reason.isEmpty()) {
            setReason(a, reason,
                QStringLiteral("the receiver's SPF verdict (%1) on line %2")
                    .arg(v.result)
                    .arg(v.source.line),
                v.source.line);
            return;
        }
    }
    for (const AuthResult &r : std::as_const(a.authResults)) {
        if (r.method == QLatin1String("dmarc") && r.result == QLatin1String("fail") && !r.arc) {
            setReason(a, QStringLiteral("dmarc-reject"),
                QStringLiteral("the receiver's dmarc=fail on line %1").arg(r.source.line),
                r.source.line);
            return;
        }
    }
}

} // namespace

namespace {

bool passed(const QString &result)
{
    return result == QLatin1String("pass");
}

// An authentication refusal that states the receiver's own verdicts: the one that failed, when
// only one did, is the reason (Microsoft's 5.7.515 is about SPF, DKIM and DMARC together).
void refineByReceiverVerdicts(Analysis &a, const Reply &decisive)
{
    if (!a.receiverVerdicts || a.receiverVerdicts->source.line < decisive.source.line
        || a.receiverVerdicts->source.line > decisive.source.line + 12
        || !isAuthenticationReason(decisive.reason))
        return;
    const ReceiverVerdicts &v = *a.receiverVerdicts;
    if (v.spf.isEmpty() || v.dkim.isEmpty() || v.dmarc.isEmpty())
        return;
    QString reason;
    if (!passed(v.spf) && passed(v.dkim) && passed(v.dmarc))
        reason = v.spf == QLatin1String("permerror") ? QStringLiteral("spf-permerror")
            : v.spf == QLatin1String("temperror")    ? QStringLiteral("spf-temperror")
                                                     : QStringLiteral("spf-fail");
    else if (passed(v.spf) && !passed(v.dkim) && passed(v.dmarc))
        reason = QStringLiteral("dkim-fail");
    else if (passed(v.spf) && passed(v.dkim) && v.dmarc == QLatin1String("fail"))
        reason = QStringLiteral("dmarc-reject");
    a.reasonBasis += QStringLiteral(", with the receiver's verdicts SPF %1, DKIM %2, DMARC %3 "
                                    "on line %4")
                         .arg(v.spf, v.dkim, v.dmarc)
                         .arg(v.source.line);
    if (!reason.isEmpty())
        a.reason = reason;
}

} // namespace

void Readers::readReceiverVerdicts(Analysis &a, const QStringList &lines)
{
    // "(Spf= Fail, Dkim= None, DMARC= Fail)", "Spf=Pass, Dkim=Fail, DMARC=Pass": two or three
    // methods in a row, in any order.
    static const QRegularExpression group(
        QStringLiteral("\\b((?:spf|dkim|dmarc)\\s*=\\s*[a-z]+(?:\\s*[,;]\\s*(?:spf|dkim|dmarc)\\s*="
                       "\\s*[a-z]+){1,2})\\b"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression method(QStringLiteral("(spf|dkim|dmarc)\\s*=\\s*([a-z]+)"),
        QRegularExpression::CaseInsensitiveOption);
    for (const Reply &r : std::as_const(a.replies)) {
        const QRegularExpressionMatch m = group.match(r.text);
        if (r.code < 400 || !m.hasMatch())
            continue;
        ReceiverVerdicts v;
        auto it = method.globalMatch(m.captured(1));
        while (it.hasNext()) {
            const QRegularExpressionMatch x = it.next();
            const QString name = x.captured(1).toLower();
            QString &slot = name == QLatin1String("spf") ? v.spf
                : name == QLatin1String("dkim")          ? v.dkim
                                                         : v.dmarc;
            slot = x.captured(2).toLower();
        }
        // The physical line that shows them (a wrapped reply starts lines earlier).
        v.source = Source {QStringLiteral("line"), r.source.line, shorten(m.captured(0))};
        const QString first = m.captured(1).section(QLatin1Char(','), 0, 0).trimmed();
        for (int l = r.source.line; l > 0 && l < r.source.line + 12 && l <= lines.size(); ++l) {
            if (lines[l - 1].contains(first, Qt::CaseInsensitive)) {
                v.source.line = l;
                break;
            }
        }
        a.receiverVerdicts = v;
        return;
    }
}

// Why it was refused, evidence in order (issue 25): the receiver's reply, the DSN Status, the
// bounce's own words; an SPF or DMARC verdict only in a paste that is not a bounce (a bounce's
// verdicts are about the notification or a hop before the receiver).
void Readers::decide(Analysis &a, const MimeView &view, const DsnReport &dsn)
{
    const QList<std::pair<int, QString>> own = bounceText(view);
    const Reply *decisive = decisiveReply(a);
    if (decisive) {
        a.replyCode = decisive->code;
        a.enhanced = decisive->enhanced;
        a.enhancedSource = decisive->enhancedSource;
    } else {
        for (const Reply &r : std::as_const(a.replies)) {
            if (r.code >= 200 && r.code < 300 && !a.groups.isEmpty()) {
                a.replyCode = r.code; // a delivery notice's 250
                a.enhanced = r.enhanced;
                a.enhancedSource = r.enhancedSource;
                break;
            }
        }
    }
    const DsnGroup *group = nullptr;
    for (const DsnGroup &g : std::as_const(a.groups)) {
        if (!g.status.isEmpty() && (!group || g.action == QLatin1String("failed"))) {
            group = &g;
            if (g.action == QLatin1String("failed"))
                break;
        }
    }
    if (a.enhanced.isEmpty() && group
        && (!decisive || decisive->code / 100 == group->status.front().digitValue())) {
        a.enhanced = group->status;
        a.enhancedSource = QStringLiteral("status");
    }
    if (a.enhanced.isEmpty()) {
        static const QRegularExpression qmailCode(
            QStringLiteral("\\(#([245]\\.[0-9]{1,3}\\.[0-9]{1,3})\\)|^\\s*([245]\\.[0-9]{1,3}\\.[0-"
                           "9]{1,3})\\s+\\S"));
        for (const auto &[line, t] : own) {
            if (const QRegularExpressionMatch q = qmailCode.match(t); q.hasMatch()) {
                a.enhanced = q.captured(1).isEmpty() ? q.captured(2) : q.captured(1);
                a.enhancedSource = QStringLiteral("reply");
                break;
            }
        }
    }
    if (a.format == QLatin1String("arf")) {
        // A feedback report (RFC 5965): the message was delivered and reported, not refused;
        // the report's Authentication-Results are the reporting receiver's own verdicts.
        a.failure = false;
        decideFromVerdicts(a);
        if (a.reason.isEmpty())
            setReason(a, QStringLiteral("not-a-failure"), QStringLiteral("a feedback report"), 0);
        return;
    }
    if (decideOutcome(a, dsn, own))
        return;
    // The refusing reply decides when it names a reason; failing all else, even as "other".
    const auto fromDecisive = [&] {
        setReason(a, decisive->reason,
            QStringLiteral("the %1%2 reply on line %3")
                .arg(decisive->code)
                .arg(decisive->enhanced.isEmpty() ? QString()
                                                  : QLatin1Char(' ') + decisive->enhanced)
                .arg(decisive->source.line),
            decisive->source.line);
    };
    if (decisive && decisive->reason != QLatin1String("other")) {
        fromDecisive();
        refineByReceiverVerdicts(a, *decisive);
        return;
    }
    if (group) {
        const Classification c = classifyReply(group->status, group->diagnosticText);
        if (c.reason != QLatin1String("other")) {
            const int line = group->diagnosticLine > 0 ? group->diagnosticLine : group->statusLine;
            setReason(a, c.reason,
                QStringLiteral("the DSN's Status: %1 and Diagnostic-Code on line %2")
                    .arg(group->status)
                    .arg(line),
                line);
            return;
        }
    }
    for (const auto &[line, t] : own) {
        const Classification c = classifyReply(QString(), t);
        if (c.reason != QLatin1String("other")) {
            setReason(a, c.reason, QStringLiteral("the bounce's words on line %1").arg(line), line);
            return;
        }
    }
    if (decisive) {
        fromDecisive();
        return;
    }
    // The enhanced code alone, when the catalogue knows what it means ("(#5.1.2)": the host).
    if (const Classification c = classifyReply(a.enhanced, QString());
        !a.enhanced.isEmpty() && c.reason != QLatin1String("other")) {
        setReason(a, c.reason, QStringLiteral("the enhanced status code %1").arg(a.enhanced), 0);
        return;
    }
    if (a.bounce || !a.groups.isEmpty()) {
        setReason(a, QStringLiteral("other"),
            QStringLiteral("the bounce names no reason the catalogue knows"), 0);
        return;
    }
    decideFromVerdicts(a);
}

QString replyMeaning(int code, const QString &enhanced, const QString &text, bool *spfRelated)
{
    const Classification c = classifyReply(enhanced, text);
    if (spfRelated)
        *spfRelated = isAuthenticationReason(c.reason);
    return meaningOf(code, enhanced, c);
}

// The envelope sender: every reading, best first (the DSN and the transaction first, the
// header From: last and only as a guess).
void Readers::readSenders(Analysis &a, const QList<const Field *> &messageFields,
    const QList<Field> &all, const MimeView &view)
{
    const auto envelopeField = [&](const char *name, const QString &reason) {
        for (const Field *f : std::as_const(messageFields)) {
            if ((f->origin == Section::Origin::Report || f->origin == Section::Origin::Paste)
                && is(*f, name)) {
                const QString v = stripAngles(f->value.section(QLatin1Char(';'), -1));
                addCandidate(a.senderCandidates, v, f->source(), reason, QStringLiteral("high"));
            }
        }
    };
    envelopeField("Original-Mail-From",
        QStringLiteral("the reported message's envelope sender (ARF Original-Mail-From)"));
    envelopeField("X-Postfix-Sender", QStringLiteral("the envelope sender, as Postfix reports it"));
    {
        static const QRegularExpression mailFrom(QStringLiteral("MAIL\\s+FROM:\\s*<([^<>\\s]*)>"),
            QRegularExpression::CaseInsensitiveOption);
        for (const Section &s : view.sections) {
            if (s.kind != Section::Kind::Text)
                continue;
            for (int i = 0; i < s.lines.size(); ++i) {
                const QRegularExpressionMatch m = mailFrom.match(s.lines[i]);
                if (m.hasMatch())
                    addCandidate(a.senderCandidates, m.captured(1),
                        Source {QStringLiteral("line"), s.lineOf(i), shorten(s.lines[i])},
                        m.captured(1).isEmpty()
                            ? QStringLiteral("null sender <> in the transaction: SPF then "
                                             "checks the HELO")
                            : QStringLiteral("the MAIL FROM of the refused transaction"),
                        QStringLiteral("high"));
            }
        }
    }
    for (const Field *f : std::as_const(messageFields)) {
        if (f->origin == Section::Origin::Report || !is(*f, "Return-Path"))
            continue;
        const QString v = stripAngles(f->value);
        if (isDaemon(v))
            continue; // a bounce's own Return-Path, pasted without its structure
        if (v.isEmpty()) {
            addCandidate(a.senderCandidates, v, f->source(),
                QStringLiteral("null sender <>: a bounce; SPF then checks the HELO"),
                a.bounce ? QStringLiteral("low") : QStringLiteral("medium"));
            continue;
        }
        addCandidate(a.senderCandidates, v, f->source(),
            QStringLiteral("the message's Return-Path (its envelope sender)"),
            QStringLiteral("high"));
    }
    for (const Verdict &v : std::as_const(a.verdicts)) {
        if (!v.envelopeFrom.isEmpty())
            addCandidate(a.senderCandidates, v.envelopeFrom, v.source,
                v.envelopeFrom.contains(QLatin1Char('@'))
                    ? QStringLiteral("from the receiver's SPF verdict")
                    : QStringLiteral("the envelope sender's domain, from the receiver's SPF "
                                     "verdict (the local part is not shown)"),
                QStringLiteral("high"));
    }
    // A bounce goes to the envelope sender (RFC 5321 §4.5.5): its own To: names it.
    for (const Field &f : std::as_const(all)) {
        if (view.bounce && a.format != QLatin1String("arf") && f.origin == Section::Origin::Own
            && is(f, "To")) {
            const QString to = addressIn(f.value);
            if (!to.isEmpty() && !isDaemon(to))
                addCandidate(a.senderCandidates, to, f.source(),
                    QStringLiteral("the bounce is addressed to the envelope sender (bounces go "
                                   "to the MAIL FROM address)"),
                    QStringLiteral("medium"));
            break;
        }
    }
    {
        static const QRegularExpression envelopeFrom(
            QStringLiteral("\\(envelope-from <?([^<>\\s()]+@[^<>\\s()]+)>?\\)"),
            QRegularExpression::CaseInsensitiveOption);
        for (const Hop &h : std::as_const(a.hops)) {
            const QRegularExpressionMatch m = envelopeFrom.match(h.source.excerpt);
            if (m.hasMatch())
                addCandidate(a.senderCandidates, m.captured(1), h.source,
                    QStringLiteral("the envelope sender a relay recorded (Exim's envelope-from)"),
                    QStringLiteral("medium"));
        }
    }
    // The header From: the author, not the envelope sender; DMARC's identifier.
    for (const Field *f : std::as_const(messageFields)) {
        if (!is(*f, "From") || f->origin == Section::Origin::Report)
            continue;
        const QString address = addressIn(f->value);
        if (address.isEmpty() || (f->origin == Section::Origin::Paste && isDaemon(address)))
            continue;
        a.headerFrom
            = Value {address, f->source(), QStringLiteral("the From: header (DMARC's identifier)")};
        break;
    }
    if (a.headerFrom)
        addCandidate(a.senderCandidates, a.headerFrom->value, a.headerFrom->source,
            QStringLiteral("the From: header, not the envelope sender: often different (a "
                           "mailing service's bounce address)"),
            QStringLiteral("low"));
    a.envelopeSender = answerOf(a.senderCandidates);
}

// The format, from the fingerprints each system leaves.
QString Readers::formatOf(const QString &text, const MimeView &view, bool anyField)
{
    const auto has
        = [&](const char *s) { return text.contains(QLatin1String(s), Qt::CaseInsensitive); };
    if (view.topType == QLatin1String("multipart/report") && has("feedback-report"))
        return QStringLiteral("arf");
    else if (has("mx.google.com") || has("gmail-smtp-in") || has("Google tried to deliver")
        || has("- gsmtp") || has("googlemail.") || has("X-Google-") || has("X-Gm-"))
        return QStringLiteral("gmail");
    else if (has("protection.outlook.com") || has("Microsoft SMTP Server")
        || has("Microsoft Outlook") || has("Remote Server returned"))
        return QStringLiteral("microsoft365");
    else if (has("psmtp.com") || has("Postini"))
        return QStringLiteral("postini");
    else if (has(".iphmx.") || has("IronPort") || has("x-conformance=sidf_compatible"))
        return QStringLiteral("ironport");
    else if (has(".pphosted.") || has("Proofpoint"))
        return QStringLiteral("proofpoint");
    else if (has("mimecast"))
        return QStringLiteral("mimecast");
    else if (has("barracudanetworks") || has("ess.barracuda") || has("Barracuda Reputation"))
        return QStringLiteral("barracuda");
    else if (has("Lotus Domino") || has("DELIVERY FAILURE: Error transferring"))
        return QStringLiteral("domino");
    else if (has(".yahoodns.") || has("yahoo.com") || has("yahooinc.") || has("X-YMailISG"))
        return QStringLiteral("yahoo");
    else if (has("qmail"))
        return QStringLiteral("qmail");
    else if (has("Postfix") || has("MAILER-DAEMON (Mail Delivery System)"))
        return QStringLiteral("postfix");
    else if (has("Exim") || has("X-Failed-Recipients") || has("esmtps (TLS"))
        return QStringLiteral("exim");
    else if (has("Transcript of session follows") || has("Sendmail"))
        return QStringLiteral("sendmail");
    else if (anyField)
        return QStringLiteral("headers");
    else
        return QStringLiteral("unknown");
}

void Readers::readReplies(Analysis &a, const MimeView &view)
{
    // SMTP replies: at the start of a line, or after "said:", "smtp;", "returned '", ": ". Wrapped
    // replies (indented continuation lines) are read joined, then line by line.
    const QRegularExpression &reply = replyPattern();
    struct Logical
    {
        QString text;
        int line;
        QString excerpt;
        QList<std::pair<int, int>> starts {}; // where each later physical line begins in text
        QStringList physical {};
        // The physical line holding `offset` of the joined text.
        int lineAt(qsizetype offset, QString *excerpt) const
        {
            int out = line;
            *excerpt = this->excerpt;
            for (int i = 0; i < starts.size(); ++i) {
                if (offset >= starts[i].first) {
                    out = starts[i].second;
                    *excerpt = physical.value(i);
                }
            }
            return out;
        }
    };
    QList<Logical> logical;
    // A multi-line SMTP reply ("550-5.7.26 ..." lines, then "550 5.7.26 ...") reads as one.
    static const QRegularExpression multiline(
        QStringLiteral("^([245][0-9][0-9])([- ])(?:[245]\\.[0-9]{1,3}\\.[0-9]{1,3}\\s+)?(.*)$"));
    for (const Section &s : view.sections) {
        if (s.kind != Section::Kind::Text && s.kind != Section::Kind::DeliveryStatus)
            continue;
        QString openReply; // the code of a reply whose last line had "code-"
        const qsizetype first = logical.size();
        for (int i = 0; i < s.lines.size(); ++i) {
            const QString t = s.lines[i].trimmed();
            if (t.isEmpty() && !openReply.isEmpty())
                continue; // DragonFly leaves a blank line between the lines of a reply
            const bool continuation = i > 0 && !s.lines[i].isEmpty()
                && (s.lines[i].front() == QLatin1Char(' ')
                    || s.lines[i].front() == QLatin1Char('\t'));
            const QRegularExpressionMatch m = multiline.match(t);
            if (m.hasMatch() && !openReply.isEmpty() && m.captured(1) == openReply
                && logical.size() > first) {
                logical.last().text += QLatin1Char(' ');
                logical.last().starts.append({int(logical.last().text.size()), s.lineOf(i)});
                logical.last().physical << t;
                logical.last().text += m.captured(3).trimmed();
            } else if (continuation && logical.size() > first
                && !s.lines[i - 1].trimmed().isEmpty()) {
                logical.last().text += QLatin1Char(' ');
                logical.last().starts.append({int(logical.last().text.size()), s.lineOf(i)});
                logical.last().physical << t;
                logical.last().text += t;
            } else {
                logical << Logical {t, s.lineOf(i), t};
            }
            openReply
                = m.hasMatch() && m.captured(2) == QLatin1String("-") ? m.captured(1) : QString();
        }
        for (int i = 0; i < s.lines.size(); ++i)
            logical << Logical {s.lines[i].trimmed(), s.lineOf(i), s.lines[i].trimmed()};
    }
    QSet<QString> seen;
    for (const Logical &l : std::as_const(logical)) {
        const QRegularExpressionMatch m = reply.match(l.text);
        if (!m.hasMatch())
            continue;
        Reply r = replyOf(m);
        const QString key = QStringLiteral("%1 %2").arg(r.code).arg(r.enhanced);
        if (seen.contains(key))
            continue; // the joined reading came first and is the complete one
        seen.insert(key);
        classify(r);
        // The line the reply itself starts on (a joined reading may begin lines earlier).
        QString excerpt;
        const int line = l.lineAt(m.capturedStart(1), &excerpt);
        r.source = Source {QStringLiteral("line"), line, shorten(excerpt)};
        a.replies << r;
    }
}

void Readers::readLookalikes(Analysis &a, const QStringList &lines)
{
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
}

Readers::Structure Readers::readStructure(Analysis &a, const QString &input)
{
    QString text = input;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    if (text.size() > 4 * 1024 * 1024)
        text.truncate(4 * 1024 * 1024); // a paste, not a mailbox
    a.text = text;
    Structure s;
    s.lines = text.split(QLatin1Char('\n'));
    s.view = mimeSections(text);
    s.dsn = readDsn(s.view.sections);
    a.groups = s.dsn.groups;
    for (const Section &section : std::as_const(s.view.sections)) {
        s.all << fields(section);
        if (s.view.mime)
            a.parts << QStringLiteral("%1, line %2").arg(section.label).arg(section.firstLine);
    }
    static const QRegularExpression bouncePhrases(
        QStringLiteral("could not be delivered|couldn't be delivered|undeliver|delivery status "
                       "notification|permanent (fatal )?error|returned mail|mail delivery "
                       "failed|this is the mail system|qmail-send program|remote server "
                       "returned|following address\\(es\\) failed|delivery has failed|transcript "
                       "of session"),
        QRegularExpression::CaseInsensitiveOption);
    a.bounce = s.view.bounce || bouncePhrases.match(text).hasMatch();
    a.format = formatOf(text, s.view, !s.all.isEmpty());
    return s;
}

namespace {

// Remote-MTA and Reporting-MTA, from the DSN's fields.
void serversFromFields(Analysis &a, const QList<Field> &all, Readers::Servers &out)
{
    for (const Field &f : all) {
        if (f.origin != Section::Origin::Report && f.origin != Section::Origin::Paste)
            continue;
        // "dns; mx.example.org. (203.0.113.1, the server for the domain example.org.)"
        const QString v
            = f.value.section(QLatin1Char(';'), 1).trimmed().section(QLatin1Char(' '), 0, 0);
        if (is(f, "Remote-MTA")) {
            static const QRegularExpression ipIn(
                QStringLiteral("[\\[(]([0-9A-Fa-f:.]{7,45})[\\],]"));
            auto it = ipIn.globalMatch(f.value);
            while (it.hasNext()) {
                if (const auto ip = Net::parseIp(it.next().captured(1)))
                    out.remoteIps.insert(Net::ipToString(*ip));
            }
            if (a.remoteMta.isEmpty())
                a.remoteMta = v.endsWith(QLatin1Char('.')) ? v.chopped(1) : v;
        } else if (is(f, "Reporting-MTA") && out.reportingMta.isEmpty()) {
            out.reportingMta = v;
            out.reportingSource = f.source();
        }
    }
}

// The receiver's server and the reporter, from the bounce's words ("host mx.example.org
// [192.0.2.1] said:", "This is the mail system at host ...").
void serversFromText(Analysis &a, const QStringList &lines, Readers::Servers &out)
{
    static const QRegularExpression remote(
        QStringLiteral("(?:\\b(?:host|recipient domain \\S+ "
                       "by)\\s+([A-Za-z0-9.-]+?)\\.?\\s*\\[([0-9A-Fa-f:.]+)\\]|while talking to "
                       "([A-Za-z0-9.-]+?)\\.?:|^([0-9A-Fa-f:.]+) does not like|Giving up on "
                       "([0-9A-Fa-f:.]+)|Connected to ([0-9A-Fa-f:.]+) but)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression reporter(
        QStringLiteral("(?:This is the mail system at host|This is the qmail-send program "
                       "at)\\s+([A-Za-z0-9.-]+?)\\.?$"),
        QRegularExpression::CaseInsensitiveOption);
    for (int i = 0; i < lines.size(); ++i) {
        const QString t = lines[i].trimmed();
        const QRegularExpressionMatch m = remote.match(t);
        if (m.hasMatch()) {
            for (int g : {2, 4, 5, 6}) {
                if (const auto ip = Net::parseIp(m.captured(g)))
                    out.remoteIps.insert(Net::ipToString(*ip));
            }
            const QString host = m.captured(1).isEmpty() ? m.captured(3) : m.captured(1);
            if (a.remoteMta.isEmpty() && !host.isEmpty())
                a.remoteMta = host;
        }
        if (out.reportingMta.isEmpty()) {
            const QRegularExpressionMatch r = reporter.match(t);
            if (r.hasMatch()) {
                out.reportingMta = r.captured(1);
                out.reportingSource = Source {QStringLiteral("line"), i + 1, shorten(t)};
            }
        }
    }
}

} // namespace

Readers::Servers Readers::readServers(
    Analysis &a, const QList<Field> &all, const QStringList &lines)
{
    Servers out;
    serversFromFields(a, all, out);
    serversFromText(a, lines, out);
    out.remoteOrg = orgOf(a.remoteMta);
    return out;
}

namespace {

// A DKIM-Signature's d=, s=, a=, i=.
void addSignature(Analysis &a, const Field &f)
{
    const QHash<QString, QString> tags = tagList(f.value);
    Signature s;
    s.domain = tags.value(QStringLiteral("d")).toLower();
    s.selector = tags.value(QStringLiteral("s"));
    s.algorithm = tags.value(QStringLiteral("a")).toLower();
    s.identity = tags.value(QStringLiteral("i"));
    s.source = f.source();
    if (!s.domain.isEmpty() && a.signatures.size() < 20)
        a.signatures << s;
}

// A receiver's dkim= result names a signature even when the paste lacks its header field.
void signaturesFromResults(Analysis &a)
{
    for (const AuthResult &r : std::as_const(a.authResults)) {
        if (r.method != QLatin1String("dkim") || r.arc)
            continue;
        QString d = r.properties.value(QStringLiteral("header.d"));
        if (d.isEmpty())
            d = r.properties.value(QStringLiteral("header.i")).section(QLatin1Char('@'), -1);
        d = d.toLower();
        if (d.isEmpty() || d == QLatin1String("none")
            || std::any_of(a.signatures.cbegin(), a.signatures.cend(),
                [&](const Signature &s) { return s.domain == d; }))
            continue;
        if (a.signatures.size() < 20)
            a.signatures << Signature {d, r.properties.value(QStringLiteral("header.s")),
                r.properties.value(QStringLiteral("header.a")), QString(), r.source};
    }
}

} // namespace

QList<const Field *> Readers::readMessageFields(Analysis &a, const QList<Field> &all)
{
    QList<const Field *> messageFields; // the message's, not the bounce's own
    for (const Field &f : all) {
        if (f.origin == Section::Origin::Own)
            continue;
        messageFields << &f;
        const QString name = f.name.toLower();
        if (name == QLatin1String("received")) {
            a.hops << parseReceived(f, int(a.hops.size()));
        } else if (name == QLatin1String("received-spf")) {
            a.verdicts << parseReceivedSpf(f);
        } else if (name == QLatin1String("authentication-results")
            || name == QLatin1String("arc-authentication-results")) {
            const QList<AuthResult> results
                = parseAuthResults(f, name == QLatin1String("arc-authentication-results"));
            for (const AuthResult &r : results) {
                if (r.method == QLatin1String("spf"))
                    a.verdicts << verdictOf(r);
            }
            a.authResults << results;
        } else if (name == QLatin1String("arc-seal")) {
            ++a.arcSets;
            a.arcChain = tagList(f.value).value(QStringLiteral("cv")).toLower();
        } else if (name == QLatin1String("dkim-signature")) {
            addSignature(a, f);
        }
    }
    // The receiver's own verdicts first; an intermediary's (ARC) only where the receiver's say
    // nothing.
    std::stable_partition(
        a.verdicts.begin(), a.verdicts.end(), [](const Verdict &v) { return !v.arc; });
    signaturesFromResults(a);
    return messageFields;
}

namespace {

// The IPs the reports and the receiver's verdicts name: ARF's Source-IP, the SPF check's ip.
void ipFromReports(
    Analysis &a, const Readers::Servers &servers, const QList<const Field *> &messageFields)
{
    for (const Field *f : messageFields) {
        if (f->origin != Section::Origin::Message && is(*f, "Source-IP")) {
            if (const auto ip = Net::parseIp(f->value.section(QLatin1Char(' '), 0, 0)))
                addCandidate(a.ipCandidates, Net::ipToString(*ip), f->source(),
                    QStringLiteral("the IP the reporter received the message from (ARF "
                                   "Source-IP)"),
                    QStringLiteral("high"));
        }
    }
    for (const Verdict &v : std::as_const(a.verdicts)) {
        if (const auto ip = Net::parseIp(v.ip);
            ip && !servers.remoteIps.contains(Net::ipToString(*ip)))
            addCandidate(a.ipCandidates, Net::ipToString(*ip), v.source,
                v.arc ? QStringLiteral("the IP an intermediary's SPF check saw (ARC): the hop "
                                       "before the last")
                      : QStringLiteral("the IP the receiver's SPF check evaluated"),
                v.arc ? QStringLiteral("low") : QStringLiteral("high"));
    }
}

// The IP a refusal names: "ip=192.0.2.1", "IP address 192.0.2.1", Gmail's "with ip:
// [203.0.113.22]", Exim's "Bad SPF records for [example.org:192.0.2.2]".
void ipFromReplies(Analysis &a, const Readers::Servers &servers, const QStringList &lines)
{
    static const QRegularExpression named(
        QStringLiteral(
            "(?:\\bip[=:/"
            "]\\s*\\[?|client-ip=|\\bIP\\s+(?:address\\s+)?(?:is\\s+)?|\\[(?:[^\\]\\s:]+:)?|"
            "^|\\s|\\()([0-9A-Fa-f:.]{7,45})(?=[\\s;,)\\]'&]|\\.?$)"),
        QRegularExpression::CaseInsensitiveOption);
    for (const Reply &r : std::as_const(a.replies)) {
        if (r.code < 400)
            continue;
        auto it = named.globalMatch(r.text);
        while (it.hasNext()) {
            const auto ip = Net::parseIp(it.next().captured(1));
            if (!ip || servers.remoteIps.contains(Net::ipToString(*ip)) || isInternal(*ip))
                continue;
            // The physical line that shows it (a wrapped reply starts lines earlier).
            Source where = r.source;
            for (int l = r.source.line; l > 0 && l < r.source.line + 12 && l <= lines.size(); ++l) {
                if (lines[l - 1].contains(Net::ipToString(*ip))) {
                    where.line = l;
                    where.excerpt = shorten(lines[l - 1]);
                    break;
                }
            }
            addCandidate(a.ipCandidates, Net::ipToString(*ip), where,
                QStringLiteral("named in the receiver's rejection"),
                r.spfRelated || r.reason == QLatin1String("blocklisted")
                        || r.reason == QLatin1String("rdns-missing")
                    ? QStringLiteral("high")
                    : QStringLiteral("medium"));
            break;
        }
    }
}

// The organization that received the message last: the newest hop that names its server
// (Gmail's newest hop names only an address).
QString receiverOrgOf(const Analysis &a)
{
    for (const Hop &h : a.hops) {
        const QString org = orgOf(h.by);
        if (!org.isEmpty())
            return org;
    }
    return {};
}

// A bounce that names no remote server and comes from outside the sender's organization: the
// receiver accepted the message, then could not deliver it. The reporter's organization when so,
// else "".
QString bouncedByReceiver(const Analysis &a, const Readers::Servers &servers,
    const QList<Field> &all, const QList<const Field *> &messageFields)
{
    // Who the sender is: a bounce written by the sender's own server is not one written by a
    // receiver that accepted the message first.
    QSet<QString> senderOrgs;
    for (const Field *f : messageFields) {
        if (is(*f, "From") || is(*f, "Return-Path") || is(*f, "X-Postfix-Sender")
            || is(*f, "Original-Mail-From")) {
            const QString org = orgOf(Net::domainOfAddress(addressIn(f->value)));
            if (!org.isEmpty())
                senderOrgs.insert(org);
        }
    }
    // The server that wrote the bounce: the DSN's Reporting-MTA, else its mailer daemon's.
    QString reporter = servers.reportingMta;
    for (const Field &f : all) {
        if (!reporter.isEmpty())
            break;
        if (f.origin == Section::Origin::Own && is(f, "From")
            && isDaemon(addressIn(f.value).section(QLatin1Char('@'), 0, 0) + QLatin1Char('@')))
            reporter = Net::domainOfAddress(addressIn(f.value));
    }
    const QString reportingOrg = orgOf(reporter);
    const bool bounced = a.bounce && !reportingOrg.isEmpty() && !senderOrgs.contains(reportingOrg)
        && a.remoteMta.isEmpty() && servers.remoteIps.isEmpty();
    return bounced ? reportingOrg : QString();
}

// The Received: hops as readings of the connecting IP; the hop the receiver wrote for the
// connection, when one is.
const Hop *ipFromHops(Analysis &a, const Readers::Servers &servers, const QString &receiverOrg,
    const QString &bouncedBy)
{
    QList<const Hop *> external;
    for (const Hop &h : std::as_const(a.hops)) {
        if (!h.ip.isEmpty() && !h.internal && !servers.remoteIps.contains(h.ip))
            external << &h;
    }
    // A header: the first hop, from the top, that came from outside the receiving organization
    // (its own relays hand the message on among themselves first).
    const auto fromOrg = [](const Hop *h) {
        return orgOf(h->reverseName.isEmpty() ? h->fromName : h->reverseName);
    };
    const Hop *firstOutside = nullptr;
    for (const Hop *h : std::as_const(external)) {
        if (receiverOrg.isEmpty() || fromOrg(h) != receiverOrg) {
            firstOutside = h;
            break;
        }
    }
    if (!firstOutside && !external.isEmpty())
        firstOutside = external.front(); // mail inside one organization
    for (const Hop *h : std::as_const(external)) {
        const QString byOrg = orgOf(h->by);
        const bool receivers = !servers.remoteOrg.isEmpty() && byOrg == servers.remoteOrg;
        const bool acceptedThenBounced
            = !bouncedBy.isEmpty() && byOrg == bouncedBy && !h->authenticated;
        if ((!a.bounce && h == firstOutside) || (a.bounce && (receivers || acceptedThenBounced))) {
            addCandidate(a.ipCandidates, h->ip, h->source,
                receivers ? QStringLiteral("the receiver's own Received: hop")
                    : acceptedThenBounced
                    ? QStringLiteral("the hop where the receiver (which wrote this bounce) "
                                     "accepted the message")
                    : QStringLiteral("the first Received: hop from outside the receiver"),
                QStringLiteral("medium"));
            return h;
        }
        if (a.bounce || h == firstOutside)
            addCandidate(a.ipCandidates, h->ip, h->source,
                h->authenticated ? QStringLiteral("a client submitting the message to its own "
                                                  "server (authenticated): not the server that "
                                                  "met the receiver")
                                 : QStringLiteral("a hop on the message's way out, before the "
                                                  "rejection: the IP the receiver saw is not "
                                                  "shown"),
                QStringLiteral("low"));
        else
            addCandidate(a.ipCandidates, h->ip, h->source,
                QStringLiteral("a relay inside the receiving organization"), QStringLiteral("low"));
    }
    return nullptr;
}

// The hop that carries the chosen IP; a note when the receiver names an IP no hop shows.
const Hop *connectingHop(Analysis &a, const Hop *connecting)
{
    if (!a.connectingIp)
        return connecting;
    for (const Hop &h : std::as_const(a.hops)) {
        if (h.ip == a.connectingIp->value)
            return &h;
    }
    if (connecting && connecting->ip != a.connectingIp->value) {
        a.notes << QStringLiteral("The receiver names %1, but no Received: hop shows it; the "
                                  "first external hop came from %2.")
                       .arg(a.connectingIp->value, connecting->ip);
        return nullptr;
    }
    return connecting;
}

} // namespace

const Hop *Readers::readIpCandidates(Analysis &a, const Structure &s, const Servers &servers,
    const QList<const Field *> &messageFields)
{
    ipFromReports(a, servers, messageFields);
    ipFromReplies(a, servers, s.lines);
    const Hop *connecting = ipFromHops(
        a, servers, receiverOrgOf(a), bouncedByReceiver(a, servers, s.all, messageFields));
    a.connectingIp = answerOf(a.ipCandidates);
    return connectingHop(a, connecting);
}

void Readers::readHelo(Analysis &a, const Hop *connecting, const Servers &servers)
{
    for (const Verdict &v : std::as_const(a.verdicts)) {
        if (!v.helo.isEmpty())
            addCandidate(a.heloCandidates, v.helo, v.source,
                v.arc ? QStringLiteral("the HELO an intermediary saw (ARC)")
                      : QStringLiteral("from the receiver's SPF verdict"),
                v.arc ? QStringLiteral("low") : QStringLiteral("high"));
    }
    if (connecting && !connecting->fromName.isEmpty())
        addCandidate(a.heloCandidates, connecting->fromName, connecting->source,
            connecting->fromName.startsWith(QLatin1Char('['))
                ? QStringLiteral("an address literal the sending server gave in HELO/EHLO: "
                                 "SPF has no HELO identity to check")
                : QStringLiteral("the name the sending server gave in HELO/EHLO"),
            QStringLiteral("high"));
    if (a.bounce && !servers.reportingMta.isEmpty())
        addCandidate(a.heloCandidates, servers.reportingMta, servers.reportingSource,
            QStringLiteral("the server that reported the failure: usually the one that "
                           "connected to the receiver, and its HELO name is often this"),
            QStringLiteral("low"));
    a.helo = answerOf(a.heloCandidates);
}

void Readers::readForwarding(
    Analysis &a, const QList<const Field *> &messageFields, const Servers &servers)
{
    a.forwardingEvidence
        = forwardingEvidence(a, messageFields, servers.remoteOrg, receiverOrgOf(a));
    for (const ForwardingEvidence &e : std::as_const(a.forwardingEvidence))
        a.forwarding << e.text;
}

// The receivers' verdicts disagree?
void Readers::noteDisagreements(Analysis &a)
{
    QStringList results;
    for (const Verdict &v : std::as_const(a.verdicts)) {
        if (!v.result.isEmpty() && !results.contains(v.result))
            results << v.result;
    }
    if (results.size() > 1)
        a.notes << QStringLiteral("The message carries different SPF verdicts: %1 (added by "
                                  "different servers or at different hops).")
                       .arg(results.join(QStringLiteral(", ")));
}

Analysis analyze(const QString &input)
{
    using namespace Readers;
    Analysis a;
    const Structure s = readStructure(a, input);
    const Servers servers = readServers(a, s.all, s.lines);
    const QList<const Field *> messageFields = readMessageFields(a, s.all);
    readReplies(a, s.view);
    completeFromGroups(a);
    readReceiverVerdicts(a, s.lines);
    const Hop *connecting = readIpCandidates(a, s, servers, messageFields);
    readSenders(a, messageFields, s.all, s.view);
    readHelo(a, connecting, servers);
    decide(a, s.view, s.dsn);
    readForwarding(a, messageFields, servers);
    readLookalikes(a, s.lines);
    noteDisagreements(a);
    return a;
}

QString binaryReason(const QByteArray &bytes)
{
    // The first 64 KiB decide. Text has no NUL bytes and few C0 controls; ESC is ISO-2022-JP's.
    const QByteArray sample = bytes.left(64 * 1024);
    qsizetype nul = 0;
    qsizetype control = 0;
    for (const char c : sample) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0)
            ++nul;
        else if (u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f' && u != '\v'
            && u != 0x1b)
            ++control;
    }
    const qsizetype size = std::max<qsizetype>(sample.size(), 1);
    if (nul > 16 && nul * 100 > size)
        return QStringLiteral("%1 NUL bytes in the first %2 bytes").arg(nul).arg(sample.size());
    if ((nul + control) > 32 && (nul + control) * 20 > size)
        return QStringLiteral("%1 control bytes in the first %2 bytes")
            .arg(nul + control)
            .arg(sample.size());
    return {};
}

QString textOf(const QByteArray &bytes)
{
    QByteArray clean = bytes;
    clean.replace('\0', QByteArray());
    const QString utf8 = QString::fromUtf8(clean);
    if (!utf8.contains(QChar::ReplacementCharacter))
        return utf8;
    return QString::fromLatin1(clean);
}

int srsScheme(const QString &address)
{
    static const QRegularExpression srs(
        QStringLiteral("^SRS([01])[=+-]"), QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = srs.match(address);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

} // namespace Paste
