#include "cli/dnsblcommand.h"

#include "common/netutil.h"
#include "common/safetext.h"
#include "mailpolicy/dnsbl.h"

namespace Cli {

namespace {

void printText(QTextStream &out, const Dnsbl::Check &check)
{
    out << QStringLiteral("Block lists for %1").arg(check.ip) << Qt::endl;
    for (const Dnsbl::ListResult &r : check.lists) {
        out << QStringLiteral("  %1: %2 - %3")
                   .arg(r.list.zone, Dnsbl::statusWords(r.status), Text::shortSafe(r.meaning, 300))
            << Qt::endl;
        for (const QString &t : r.txt)
            out << QStringLiteral("    the list says: ") << Text::shortSafe(t, 300) << Qt::endl;
    }
    for (const QString &s : check.skipped)
        out << QStringLiteral("  not asked: ") << s << Qt::endl;
    out << Dnsbl::verdict(check) << Qt::endl;
}

} // namespace

int dnsblCommand(const QStringList &args, Context &c)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("IP"), QStringLiteral("An IPv4 or IPv6 address."));
    p.addOption({QStringLiteral("list"),
        QStringLiteral("Ask this block list zone (repeatable); replaces the default lists."),
        QStringLiteral("ZONE")});
    addDnsOptions(p);
    int code = Ok;
    QStringList zones;
    for (const Dnsbl::List &l : Dnsbl::defaultLists())
        zones << l.zone;
    const HelpText usage {QStringLiteral("dnsbl"),
        QStringLiteral("dnsbl IP [--list ZONE]... [--json] [--server ...|--zone FILE]"),
        QStringLiteral("  spfsleuth-cli dnsbl 192.0.2.25\n"
                       "  spfsleuth-cli dnsbl 2001:db8::25 --list zen.spamhaus.org --json\n\n"
                       "Default lists (resources/dnsbl.json):\n  ")
            + zones.join(QStringLiteral(", "))
            + QStringLiteral("\n\nExit codes: 0 listed nowhere, 1 listed on a list, 2 bad "
                             "arguments, 3 listed nowhere but a list refused the query or did "
                             "not answer (cannot tell).\n")};
    if (!parse(p, args, c, usage, &code))
        return code;
    QHostAddress ip;
    if (const int bad = takeIpArgument(p, c, &ip); bad != Ok)
        return bad;
    if (const QString error = Dnsbl::catalogueError(); !error.isEmpty()) {
        c.err << QStringLiteral("spfsleuth-cli dnsbl: ") << error << Qt::endl;
        return IoError;
    }
    QList<Dnsbl::List> lists;
    for (const QString &zone : p.values(QStringLiteral("list"))) {
        if (const QString problem = Dnsbl::zoneProblem(zone); !problem.isEmpty())
            return c.usageError(
                QStringLiteral("--list %1: %2").arg(Text::shortSafe(zone), problem));
        lists << Dnsbl::listFor(zone);
    }
    if (lists.isEmpty())
        lists = Dnsbl::defaultLists();
    if (std::none_of(lists.cbegin(), lists.cend(),
            [&](const Dnsbl::List &l) { return l.lists(Net::normalized(ip)); }))
        return c.usageError(QStringLiteral("none of these lists holds %1 addresses")
                                .arg(Net::normalized(ip).protocol() == QAbstractSocket::IPv6Protocol
                                        ? QStringLiteral("IPv6")
                                        : QStringLiteral("IPv4")));
    auto resolver = makeResolver(p, c, &code);
    if (!resolver)
        return code;
    const Dnsbl::Check check = Dnsbl::check(*resolver, ip, lists);
    if (p.isSet(QStringLiteral("json")))
        writeJson(c.out, Dnsbl::toJson(check));
    else
        printText(c.out, check);
    if (check.anyListed())
        return Findings;
    return check.anyUndecided() ? DnsFailure : Ok;
}

} // namespace Cli
