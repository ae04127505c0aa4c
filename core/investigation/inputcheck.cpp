#include "investigation/inputcheck.h"

#include "common/netutil.h"
#include "common/safetext.h"

#include <QRegularExpression>

namespace InputCheck {

Sleuth::Expected<Question, QString> checkQuestion(
    const QString &ip, const QString &sender, const QString &helo)
{
    Question q;
    const QString typedIp = ip.trimmed();
    if (typedIp.isEmpty())
        return Sleuth::Unexpected(QStringLiteral("no IP address"));
    const auto address = Net::parseIp(typedIp);
    if (!address)
        return Sleuth::Unexpected(ipProblem(typedIp));
    q.ip = *address;
    q.sender = withoutAngles(sender);
    q.helo = helo.trimmed();
    if (q.sender != sender.trimmed()) {
        q.notes << QStringLiteral("the angle brackets around the sender were left out (the "
                                  "sender is what MAIL FROM:<...> holds)");
    }
    const bool nullSender = q.sender.isEmpty() || q.sender == QLatin1String("<>");
    if (nullSender && q.helo.isEmpty())
        return Sleuth::Unexpected(QStringLiteral(
            "neither a sender nor a HELO name (a null sender is checked as postmaster@HELO)"));
    if (!nullSender) {
        if (const QString note = Net::aceNote(Net::domainOfAddress(q.sender)); !note.isEmpty())
            q.notes << note;
    }
    if (const QString note = Net::aceNote(q.helo); !note.isEmpty())
        q.notes << QStringLiteral("HELO: ") + note;
    return q;
}

QString ipProblem(const QString &ip)
{
    if (Net::parseIp(ip))
        return {};
    if (looksLikeIp(ip))
        return QStringLiteral("'%1' is not an IP address (an IPv4 address has exactly four decimal "
                              "parts, 0-255, no leading zeros)")
            .arg(Text::shortSafe(ip));
    return QStringLiteral("'%1' is not an IP address").arg(Text::shortSafe(ip));
}

bool looksLikeIp(const QString &text)
{
    // Dotted decimals at the start ("1.2.3", "2.6.32.54-0.3-default"), or hex digits and colons.
    static const QRegularExpression ipLike(
        QStringLiteral("^([0-9]+\\.[0-9]+|[0-9.:]+[0-9a-fA-F.:-]*$)"));
    return ipLike.match(text).hasMatch();
}

QString withoutAngles(const QString &text)
{
    const QString s = text.trimmed();
    if (s.size() > 2 && s.startsWith(QLatin1Char('<')) && s.endsWith(QLatin1Char('>')))
        return s.mid(1, s.size() - 2).trimmed();
    return s;
}

QString typedDomain(const QString &text)
{
    return Net::toAce(Net::domainOfAddress(withoutAngles(text)));
}

QString listEntryProblem(const QString &entry)
{
    const QString domain = typedDomain(entry);
    const QString problem = Net::domainProblem(domain, entry.contains(QLatin1Char('@')));
    if (problem.isEmpty())
        return {};
    return QStringLiteral("'%1' is not a valid domain (%2): check_host() answers none for it "
                          "(RFC 7208 §4.3)")
        .arg(Text::shortSafe(domain), problem);
}

QString sentence(const QString &problem)
{
    return problem.isEmpty() ? problem : problem.at(0).toUpper() + problem.mid(1) + u'.';
}

} // namespace InputCheck
