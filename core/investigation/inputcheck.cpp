#include "investigation/inputcheck.h"

#include "common/netutil.h"
#include "text/safetext.h"

#include <QRegularExpression>

namespace InputCheck {

namespace {

bool isQuoted(const QString &localPart)
{
    return localPart.size() >= 2 && localPart.startsWith(QLatin1Char('"'))
        && localPart.endsWith(QLatin1Char('"'));
}

} // namespace

QString senderProblem(const QString &sender)
{
    for (QChar ch : sender) {
        if (ch.unicode() < 0x20 || ch.unicode() == 0x7f)
            return QStringLiteral("the sender contains a control character");
    }
    const int at = int(sender.lastIndexOf(QLatin1Char('@')));
    const QString local = at < 0 ? QString() : sender.left(at);
    const QString domain = at < 0 ? sender : sender.mid(at + 1);
    if (!isQuoted(local)) {
        if (local.contains(QLatin1Char('@')))
            return QStringLiteral("'%1' has more than one '@' (a local part that holds one must "
                                  "be quoted)")
                .arg(Text::shortSafe(sender));
    }
    if (domain.contains(QLatin1Char(' ')))
        return QStringLiteral("the sender's domain '%1' contains a space")
            .arg(Text::shortSafe(domain));
    // A single-label domain ("user@localhost") is a well-formed name: check_host() answers
    // "none" for it (RFC 7208 §4.3), which is what the user should see, not a refusal.
    const QString problem = Net::domainProblem(domain, true);
    return problem.isEmpty() ? QString()
                             : QStringLiteral("'%1' is not a valid sender domain: %2")
                                   .arg(Text::shortSafe(domain), problem);
}

QString heloProblem(const QString &helo)
{
    for (QChar ch : helo) {
        if (ch.unicode() <= 0x20 || ch.unicode() >= 0x7f)
            return QStringLiteral(
                "the HELO name contains a space, a control or a non-ASCII character");
    }
    if (helo.size() > 255)
        return QStringLiteral("the HELO name is longer than 255 characters");
    return {};
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

QString listEntryProblem(const QString &entry)
{
    if (entry.contains(QLatin1Char('@')))
        return senderProblem(entry.trimmed());
    return Net::domainProblem(Net::domainOfAddress(entry));
}

QString sentence(const QString &problem)
{
    return problem.isEmpty() ? problem : problem.at(0).toUpper() + problem.mid(1) + u'.';
}

} // namespace InputCheck
