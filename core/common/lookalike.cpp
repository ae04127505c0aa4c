#include "common/lookalike.h"

#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

#include "common/netutil.h"

namespace Lookalike {

namespace {

QString tr(const char *text)
{
    return QString::fromUtf8(text);
}

// `last` prints at most 16 characters of the host column.
constexpr int lastHostWidth = 16;

const QRegularExpression &kernelPattern()
{
    // A release with a local version: 2.6.32.54-0.3-default, 5.15.0-91-generic,
    // 3.10.0-1160.el7.x86_64, 6.1.0-13-amd64.
    static const QRegularExpression re(
        QStringLiteral("^[0-9]{1,2}\\.[0-9]{1,3}(\\.[0-9]{1,4}){0,2}-[0-9A-Za-z_.+~-]*$"));
    return re;
}

Reading reading(Kind kind, const QString &token, const QString &name, const QString &why)
{
    return {kind, token, name, why};
}

std::optional<Reading> kernel(const QString &token)
{
    if (!kernelPattern().match(token).hasMatch())
        return std::nullopt;
    const QString release = token.section(QLatin1Char('-'), 0, 0);
    // Cut at `last`'s 16 characters: the flavour ("default", "generic") ends in mid-word.
    static const QRegularExpression wholeFlavour(
        QStringLiteral("-(default|generic|amd64|arm64|lowpae|pae|smp|xen|rt|azure|aws|gcp|kvm|lpae|"
                       "[0-9]+|el[0-9][0-9A-Za-z_.]*|x86_64|aarch64|i[3-6]86|fc[0-9]+|rc[0-9]+|"
                       "[A-Za-z0-9_.]*\\.x86_64)$"));
    const bool cut = token.size() == lastHostWidth && !wholeFlavour.match(token).hasMatch();
    if (cut)
        return reading(Kind::KernelVersionCut, token,
            tr("a Linux kernel version cut off by `last`"),
            tr("'%1' is a Linux kernel release (%2…) as `last` prints it on its \"reboot … "
               "system boot\" lines, cut to 16 characters; other lines show the login host "
               "there. Its first four numbers are not an IP address.")
                .arg(token, release));
    return reading(Kind::KernelVersion, token, tr("a Linux kernel version"),
        tr("'%1' is a Linux kernel release (version %2), which `last` prints on its \"reboot … "
           "system boot\" lines where other lines show the login host. Its first four numbers "
           "are not an IP address.")
            .arg(token, release));
}

std::optional<Reading> codes(const QString &token)
{
    static const QRegularExpression smtp(
        QStringLiteral("^([245][0-9][0-9])[- ]([245])\\.([0-9]{1,3})\\.([0-9]{1,3})$"));
    static const QRegularExpression enhanced(
        QStringLiteral("^([245])\\.([0-9]{1,3})\\.([0-9]{1,3})$"));
    if (const auto m = smtp.match(token); m.hasMatch())
        return reading(Kind::SmtpReply, token, tr("an SMTP reply code with its status code"),
            tr("'%1' is an SMTP reply (%2) with the enhanced status code %3.%4.%5 (RFC 5321, "
               "RFC 3463): what the receiving server said, not an address.")
                .arg(token, m.captured(1), m.captured(2), m.captured(3), m.captured(4)));
    if (const auto m = enhanced.match(token); m.hasMatch())
        return reading(Kind::EnhancedStatus, token, tr("an enhanced mail status code"),
            tr("'%1' is an enhanced mail status code (RFC 3463: %2 is a %3 failure), as in "
               "\"550 5.7.1\"; not an address (an IPv4 address has four parts).")
                .arg(token, m.captured(1),
                    m.captured(1) == QLatin1String("5")       ? tr("permanent")
                        : m.captured(1) == QLatin1String("4") ? tr("temporary")
                                                              : tr("non-")));
    return std::nullopt;
}

std::optional<Reading> oidOrVersion(const QString &token)
{
    static const QRegularExpression dotted(
        QStringLiteral("^[vV]?[0-9]+(\\.[0-9]+)+([-+~][0-9A-Za-z.+~-]*)?$"));
    if (!dotted.match(token).hasMatch())
        return std::nullopt;
    const QStringList parts = token.split(QLatin1Char('.'));
    // Two to four plain numbers up to 255 may be a mistyped address: not named here.
    const bool small
        = parts.size() <= 4 && std::all_of(parts.cbegin(), parts.cend(), [](const QString &p) {
              bool ok = false;
              return p.toInt(&ok) <= 255 && ok;
          });
    if (small)
        return std::nullopt;
    // RFC 2578 / X.660: an object identifier starts with arc 0, 1 or 2 and usually runs deep.
    static const QRegularExpression oid(QStringLiteral("^[012](\\.[0-9]+){4,}$"));
    if (oid.match(token).hasMatch())
        return reading(Kind::Oid, token, tr("an OID (object identifier)"),
            tr("'%1' is an object identifier (as in SNMP, LDAP or certificates), not an "
               "address: an IPv4 address has exactly four parts.")
                .arg(token));
    return reading(Kind::VersionString, token, tr("a version string"),
        tr("'%1' is a version or build number (%2 parts), not an address: an IPv4 address has "
           "exactly four decimal parts, 0-255.")
            .arg(token)
            .arg(parts.size()));
}

} // namespace

std::optional<Reading> classify(const QString &raw)
{
    const QString token = raw.trimmed();
    if (token.isEmpty() || token.size() > 200 || Net::parseIp(token))
        return std::nullopt;
    if (auto k = kernel(token))
        return k;
    if (auto c = codes(token))
        return c;
    return oidOrVersion(token);
}

QString contextOf(const QString &address, const QString &line)
{
    if (address.isEmpty())
        return {};
    // The token the address sits in, from whitespace to whitespace.
    for (int at = int(line.indexOf(address)); at >= 0; at = int(line.indexOf(address, at + 1))) {
        int from = at;
        while (from > 0 && !line.at(from - 1).isSpace())
            --from;
        int to = at + int(address.size());
        while (to < line.size() && !line.at(to).isSpace())
            ++to;
        const QString token = line.mid(from, to - from);
        if (token == address)
            continue;
        if (const auto r = classify(token)) {
            const bool start = from == at;
            return QStringLiteral("%1 %2: %3")
                .arg(start ? tr("the start of") : tr("part of"), r->name, token);
        }
    }
    return {};
}

int LastListing::hostLines() const
{
    return int(std::count_if(lines.cbegin(), lines.cend(),
        [](const LastLine &l) { return !l.reboot && !l.host.isEmpty(); }));
}

int LastListing::kernelLines() const
{
    return int(
        std::count_if(lines.cbegin(), lines.cend(), [](const LastLine &l) { return l.reboot; }));
}

QString LastListing::summary() const
{
    QStringList hosts;
    QStringList kernels;
    for (const LastLine &l : lines) {
        if (l.reboot)
            kernels << QString::number(l.line);
        else if (!l.host.isEmpty())
            hosts << QString::number(l.line);
    }
    auto listed = [](const QStringList &numbers) {
        return numbers.size() <= 12
            ? numbers.join(QStringLiteral(", "))
            : numbers.mid(0, 12).join(QStringLiteral(", ")) + QStringLiteral(", …");
    };
    QString text = tr("This is `last` output (logins and reboots), not a bounce.");
    if (!hosts.isEmpty())
        text += QLatin1Char(' ')
            + tr("Lines with the host a user logged in from: %1.").arg(listed(hosts));
    if (!kernels.isEmpty())
        text += QLatin1Char(' ')
            + tr("Lines with a kernel version in that column (\"reboot … system boot\"), not a "
                 "host: %1.")
                  .arg(listed(kernels));
    return text;
}

std::optional<LastListing> readLast(const QString &text)
{
    static const QRegularExpression row(
        QStringLiteral("^(\\S+)\\s+(system boot|system down|\\S+)\\s+(?:(\\S+)\\s+)??"
                       "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|"
                       "Oct|Nov|Dec)\\s+[0-9]{1,2}\\s+[0-9]{1,2}:[0-9]{2}"));
    LastListing out;
    int candidates = 0;
    bool anyReboot = false;
    const QStringList all = text.split(QLatin1Char('\n'));
    for (int i = 0; i < all.size(); ++i) {
        const QString line = all[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1String("wtmp begins"))
            || line.startsWith(QLatin1String("btmp begins")))
            continue;
        ++candidates;
        const auto m = row.match(line);
        if (!m.hasMatch())
            continue;
        LastLine l;
        l.line = i + 1;
        l.user = m.captured(1);
        l.host = m.captured(3);
        l.reboot = m.captured(2).startsWith(QLatin1String("system "));
        anyReboot = anyReboot || l.reboot;
        out.lines << l;
    }
    // Two thirds of the lines in the shape, and at least two of them (or one reboot line): a
    // bounce that quotes one such line is still a bounce.
    if (out.lines.isEmpty() || out.lines.size() * 3 < candidates * 2
        || (out.lines.size() < 2 && !anyReboot))
        return std::nullopt;
    return out;
}

} // namespace Lookalike
