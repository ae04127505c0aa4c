#include "mailpolicy/dnsbl.h"

#include <mutex>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include "common/netutil.h"
#include "common/resources.h"

namespace Dnsbl {

namespace {

struct Catalogue
{
    QList<List> lists;
    List allLists; // read for every list after its own codes; alone for an unknown zone
    QString error;
};

Status kindFromName(const QString &name)
{
    return name == QLatin1String("refused") ? Status::Refused : Status::Listed;
}

List readList(const QJsonObject &o)
{
    List l;
    l.zone = Net::canonicalName(o.value(QLatin1String("zone")).toString());
    l.keyedZones = Net::canonicalName(o.value(QLatin1String("keyedZones")).toString());
    l.name = o.value(QLatin1String("name")).toString();
    l.website = o.value(QLatin1String("website")).toString();
    for (const QJsonValue &f : o.value(QLatin1String("families")).toArray())
        l.families << f.toString();
    const QJsonObject codes = o.value(QLatin1String("codes")).toObject();
    for (auto it = codes.begin(); it != codes.end(); ++it) {
        const QJsonObject c = it.value().toObject();
        l.codes.insert(it.key(),
            CodeMeaning {kindFromName(c.value(QLatin1String("kind")).toString()),
                c.value(QLatin1String("meaning")).toString()});
    }
    for (const QJsonValue &r : o.value(QLatin1String("refusedRanges")).toArray())
        l.refusedRanges << qMakePair(r.toObject().value(QLatin1String("range")).toString(),
            r.toObject().value(QLatin1String("meaning")).toString());
    l.other = kindFromName(o.value(QLatin1String("other")).toString());
    l.unverified = o.value(QLatin1String("unverified")).toString();
    l.known = true;
    return l;
}

Catalogue load()
{
    Catalogue c;
    const auto read = Resources::readCatalogue(
        QStringLiteral(":/sleuth/dnsbl.json"), QStringLiteral("the block list catalogue"));
    if (!read) {
        c.error = read.error();
        return c;
    }
    const QJsonObject &root = *read;
    for (const QJsonValue &v : root.value(QLatin1String("lists")).toArray()) {
        const List l = readList(v.toObject());
        if (l.zone.isEmpty() || l.name.isEmpty() || l.families.isEmpty() || l.codes.isEmpty())
            c.error = QStringLiteral("the block list catalogue has an incomplete list: %1")
                          .arg(l.zone.left(80));
        for (const auto &range : l.refusedRanges) {
            if (QHostAddress::parseSubnet(range.first).second < 0)
                c.error = QStringLiteral("the block list catalogue has a bad range: %1")
                              .arg(range.first.left(80));
        }
        c.lists << l;
    }
    c.allLists = readList(root.value(QLatin1String("allLists")).toObject());
    c.allLists.known = false;
    c.allLists.families = {QStringLiteral("ipv4"), QStringLiteral("ipv6")};
    if (c.lists.isEmpty() && c.error.isEmpty())
        c.error = QStringLiteral("the block list catalogue holds no list");
    return c;
}

const Catalogue &catalogue()
{
    static const Catalogue c = load();
    return c;
}

const QHostAddress &loopbackNet()
{
    static const QHostAddress net(QStringLiteral("127.0.0.0"));
    return net;
}

// What one A answer means on `list`.
CodeReading readCode(const List &list, const QString &code)
{
    CodeReading r {code, Status::Listed, {}};
    const QHostAddress a(code);
    // RFC 5782 §2.1: a listing is an A record in 127.0.0.0/8. Anything else is no listing:
    // most often a resolver that rewrites NXDOMAIN into an address of its own.
    if (a.protocol() != QAbstractSocket::IPv4Protocol || !a.isInSubnet(loopbackNet(), 8)) {
        r.kind = Status::Refused;
        r.meaning = QStringLiteral("%1 is outside 127.0.0.0/8, so it is no listing: the resolver "
                                   "may rewrite answers (cannot tell from this resolver)")
                        .arg(code);
        return r;
    }
    if (const auto it = list.codes.constFind(code); it != list.codes.cend()) {
        r.kind = it->kind;
        r.meaning = it->meaning;
        return r;
    }
    for (const auto &range : list.refusedRanges + catalogue().allLists.refusedRanges) {
        const auto subnet = QHostAddress::parseSubnet(range.first);
        if (a.isInSubnet(subnet)) {
            r.kind = Status::Refused;
            r.meaning = range.second;
            return r;
        }
    }
    // RFC 5782 §5: an IPv4 DNSxL must not list 127.0.0.1; some lists answer it to every query
    // when they want to be asked no more.
    if (code == QLatin1String("127.0.0.1")) {
        r.kind = Status::Refused;
        r.meaning = QStringLiteral("127.0.0.1 is never a listing (RFC 5782 section 5): the list "
                                   "answers everything alike (cannot tell)");
        return r;
    }
    r.kind = list.other;
    r.meaning = list.known
        ? QStringLiteral("listed (code %1, which %2 does not document)").arg(code, list.name)
        : QStringLiteral("listed (code %1)").arg(code);
    return r;
}

QString joinedMeaning(const QList<CodeReading> &codes, Status status)
{
    QStringList parts;
    for (const CodeReading &c : codes) {
        if (c.kind == status && !parts.contains(c.meaning))
            parts << c.meaning;
    }
    return parts.join(QStringLiteral("; "));
}

void readAnswer(ListResult &r, const Dns::Answer &answer)
{
    if (!answer) {
        r.status = Status::Unknown;
        r.meaning
            = QStringLiteral("no answer (%1): cannot tell")
                  .arg(answer.error().message.isEmpty() ? Dns::errorKindName(answer.error().kind)
                                                        : answer.error().message);
        return;
    }
    if (answer->rcode == Dns::Rcode::NxDomain) {
        r.status = Status::NotListed;
        r.meaning = QStringLiteral("not listed (NXDOMAIN)");
        return;
    }
    if (answer->rcode != Dns::Rcode::NoError) {
        r.status = Status::Unknown;
        r.meaning = QStringLiteral("the resolver answered %1: cannot tell")
                        .arg(Dns::rcodeName(answer->rcode));
        return;
    }
    for (const Dns::Record &a : answer->recordsOfType(Dns::Type::A))
        r.codes << readCode(r.list, a.target);
    if (r.codes.isEmpty()) {
        r.status = Status::NotListed;
        r.meaning = QStringLiteral("not listed (no address at the name)");
        return;
    }
    const bool listed = std::any_of(r.codes.cbegin(), r.codes.cend(),
        [](const CodeReading &c) { return c.kind == Status::Listed; });
    r.status = listed ? Status::Listed : Status::Refused;
    r.meaning = joinedMeaning(r.codes, r.status);
}

ListResult askOne(Dns::Resolver &resolver, const QHostAddress &ip, const List &list,
    const Work::Cancel &cancel, QList<Dns::Exchange> &exchanges)
{
    ListResult r;
    r.list = list;
    r.query = queryName(ip, list.zone);
    auto ask = [&](const Dns::Question &q) {
        const QDateTime when = QDateTime::currentDateTimeUtc();
        Dns::Answer a = resolver.resolve(q);
        exchanges << Dns::Exchange {q, a, when};
        return a;
    };
    if (cancel.requested()) {
        r.meaning = QStringLiteral("not asked: cancelled");
        return r;
    }
    // A zone file or snapshot without the list answers NXDOMAIN for it all the same: that is
    // no "not listed". Only the list's own zone can say that.
    if (!resolver.holdsDataFor(list.zone)) {
        r.meaning = QStringLiteral("not asked: the zone data or captured answers hold nothing "
                                   "for %1, so they cannot tell (ask live DNS)")
                        .arg(list.zone);
        return r;
    }
    readAnswer(r, ask(Dns::Question {r.query, Dns::Type::A}));
    // RFC 5782 §2.1: the TXT record at the same name holds the list's reason.
    if (r.status == Status::Listed && !cancel.requested()) {
        const Dns::Answer txt = ask(Dns::Question {r.query, Dns::Type::TXT});
        if (txt && txt->rcode == Dns::Rcode::NoError) {
            for (const Dns::Record &t : txt->recordsOfType(Dns::Type::TXT))
                r.txt << QString::fromUtf8(t.joinedText());
        }
    }
    return r;
}

} // namespace

QString statusName(Status status)
{
    switch (status) {
    case Status::Listed:
        return QStringLiteral("listed");
    case Status::NotListed:
        return QStringLiteral("not-listed");
    case Status::Refused:
        return QStringLiteral("refused");
    case Status::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString statusWords(Status status)
{
    switch (status) {
    case Status::Listed:
        return QStringLiteral("listed");
    case Status::NotListed:
        return QStringLiteral("not listed");
    case Status::Refused:
        return QStringLiteral("refused: cannot tell");
    case Status::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString verdict(const Check &check)
{
    int listed = 0;
    int refused = 0;
    int unknown = 0;
    for (const ListResult &r : check.lists) {
        listed += r.status == Status::Listed;
        refused += r.status == Status::Refused;
        unknown += r.status == Status::Unknown;
    }
    const auto lists = [](qsizetype n) {
        return n == 1 ? QStringLiteral("1 list") : QStringLiteral("%1 lists").arg(n);
    };
    const int answered = int(check.lists.size()) - refused - unknown;
    QString out;
    if (listed > 0)
        out = QStringLiteral("%1 is listed on %2 of %3.")
                  .arg(check.ip)
                  .arg(listed)
                  .arg(lists(check.lists.size()));
    else if (answered > 0)
        out = QStringLiteral("%1 is listed on none of the %2 that answered.")
                  .arg(check.ip, lists(answered));
    else
        out = QStringLiteral("No list could tell about %1.").arg(check.ip);
    if (refused > 0)
        out += QStringLiteral(" %1 refused the query: no listing, but no answer either (Spamhaus "
                              "refuses public resolvers); ask through your own resolver.")
                   .arg(lists(refused));
    if (unknown > 0)
        out += QStringLiteral(" %1 could not tell (no answer, or not asked): not the same as not "
                              "listed.")
                   .arg(lists(unknown));
    if (!check.skipped.isEmpty())
        out += QStringLiteral(" %1 not asked: they hold no addresses of this kind.")
                   .arg(lists(check.skipped.size()));
    return out;
}

bool List::lists(const QHostAddress &ip) const
{
    return families.contains(ip.protocol() == QAbstractSocket::IPv6Protocol
            ? QLatin1String("ipv6")
            : QLatin1String("ipv4"));
}

QList<List> defaultLists()
{
    return catalogue().lists;
}

List listFor(const QString &zone)
{
    const QString canonical = Net::canonicalName(zone);
    for (const List &l : catalogue().lists) {
        if (l.zone == canonical)
            return l;
        if (!l.keyedZones.isEmpty() && canonical.endsWith(QLatin1Char('.') + l.keyedZones)) {
            List keyed = l; // Spamhaus DQS: KEY.zen.dq.spamhaus.net answers like zen
            keyed.zone = canonical;
            keyed.name = QStringLiteral("%1 (%2)").arg(l.name, l.keyedZones);
            return keyed;
        }
    }
    List l = catalogue().allLists;
    l.zone = canonical;
    l.name = canonical;
    return l;
}

QString zoneProblem(const QString &zone)
{
    const QString canonical = Net::canonicalName(zone);
    if (Net::parseIp(canonical))
        return QStringLiteral("an address, not a block list zone");
    return Net::domainProblem(canonical);
}

QString catalogueError()
{
    return catalogue().error;
}

QString queryName(const QHostAddress &ip, const QString &zone)
{
    // The reverse-lookup name without its suffix: the same reversal (RFC 5782 §2.1, §2.4).
    QString name = Net::reverseName(Net::normalized(ip));
    for (const QLatin1String suffix : {QLatin1String(".in-addr.arpa"), QLatin1String(".ip6.arpa")})
        if (name.endsWith(suffix))
            name.chop(suffix.size());
    return name + QLatin1Char('.') + Net::canonicalName(zone);
}

bool Check::anyListed() const
{
    return std::any_of(lists.cbegin(), lists.cend(),
        [](const ListResult &r) { return r.status == Status::Listed; });
}

bool Check::anyUndecided() const
{
    return std::any_of(lists.cbegin(), lists.cend(), [](const ListResult &r) {
        return r.status == Status::Refused || r.status == Status::Unknown;
    });
}

Check check(Dns::Resolver &resolver, const QHostAddress &ip, const QList<List> &lists,
    const Work::Cancel &cancel, const Progress &progress)
{
    Check out;
    const QHostAddress address = Net::normalized(ip);
    out.ip = Net::ipToString(address);
    QList<List> asked;
    for (const List &l : lists) {
        if (l.lists(address))
            asked << l;
        else
            out.skipped << QStringLiteral("%1: lists %2 only")
                               .arg(l.zone, l.families.join(QStringLiteral(", ")));
    }
    QList<ListResult> results(asked.size());
    QList<QList<Dns::Exchange>> exchanges(asked.size());
    std::mutex mutex;
    int done = 0;
    Work::forEachIndex(int(asked.size()), 8, cancel, [&](int i) {
        results[i] = askOne(resolver, address, asked[i], cancel, exchanges[i]);
        if (progress) {
            const std::lock_guard<std::mutex> lock(mutex);
            progress(++done, int(asked.size()));
        }
    });
    for (qsizetype i = 0; i < asked.size(); ++i) {
        if (results[i].list.zone.isEmpty()) { // skipped by the cancel: never started
            results[i].list = asked[i];
            results[i].query = queryName(address, asked[i].zone);
            results[i].meaning = QStringLiteral("not asked: cancelled");
        }
        out.exchanges << exchanges[i];
    }
    out.lists = results;
    return out;
}

QStringList zonesNamedIn(const QString &text)
{
    static const QRegularExpression phrase(
        QStringLiteral("(?:blocked using|(?:listed|found) (?:in|at|on|by))\\s+"
                       "(?:the\\s+)?([A-Za-z0-9][A-Za-z0-9-]*(?:\\.[A-Za-z0-9-]+)+)"),
        QRegularExpression::CaseInsensitiveOption);
    QList<QPair<qsizetype, QString>> found;
    for (auto it = phrase.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QString zone = Net::canonicalName(m.captured(1));
        // A web address ("listed at www.spamhaus.org/query/...") names a page, not a zone.
        const bool page = text.mid(m.capturedEnd(1), 1) == QLatin1String("/")
            || zone.startsWith(QLatin1String("www."));
        if (!page && zoneProblem(zone).isEmpty())
            found << qMakePair(m.capturedStart(1), zone);
    }
    for (const List &l : catalogue().lists) {
        const qsizetype at = text.indexOf(l.zone, 0, Qt::CaseInsensitive);
        if (at >= 0)
            found << qMakePair(at, l.zone);
    }
    std::stable_sort(
        found.begin(), found.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QStringList zones;
    for (const auto &f : found) {
        if (!zones.contains(f.second))
            zones << f.second;
    }
    return zones;
}

namespace {

QString conclusionOf(const Check &c)
{
    QStringList parts;
    for (const ListResult &r : c.lists) {
        switch (r.status) {
        case Status::Listed:
            parts << QStringLiteral("listed on %1 now (%2)").arg(r.list.zone, r.meaning);
            break;
        case Status::NotListed:
            parts << QStringLiteral("not listed on %1 now (it may have been delisted since)")
                         .arg(r.list.zone);
            break;
        case Status::Refused:
            parts << QStringLiteral("%1 refused the query, so it cannot tell from this resolver "
                                    "(%2)")
                         .arg(r.list.zone, r.meaning);
            break;
        case Status::Unknown:
            parts << QStringLiteral("%1 is unknown (%2)").arg(r.list.zone, r.meaning);
            break;
        }
    }
    return QStringLiteral("Checked now: %1 is %2.").arg(c.ip, parts.join(QStringLiteral("; ")));
}

} // namespace

BounceFinding checkRefusals(
    const QList<Refusal> &refusals, const QString &ipText, Dns::Resolver *resolver)
{
    BounceFinding f;
    for (const Refusal &refusal : refusals) {
        for (const QString &zone : zonesNamedIn(refusal.text)) {
            if (f.zones.isEmpty())
                f.line = refusal.line;
            if (!f.zones.contains(zone))
                f.zones << zone;
        }
    }
    if (f.zones.isEmpty())
        return f;
    const auto ip = Net::parseIp(ipText);
    if (!resolver)
        f.skipped = QStringLiteral("no DNS asked (--no-dns)");
    else if (!ip)
        f.skipped = QStringLiteral("the paste names no sending IP");
    if (!f.skipped.isEmpty()) {
        f.conclusion = QStringLiteral("The refusal names %1; not checked: %2.")
                           .arg(f.zones.join(QStringLiteral(", ")), f.skipped);
        return f;
    }
    QList<List> lists;
    for (const QString &zone : std::as_const(f.zones))
        lists << listFor(zone);
    f.check = check(*resolver, *ip, lists);
    f.conclusion = conclusionOf(*f.check);
    return f;
}

QString summary(const BounceFinding &f)
{
    if (!f.check)
        return QStringLiteral("%1 (not checked: %2)")
            .arg(f.zones.join(QStringLiteral(", ")), f.skipped);
    QStringList parts;
    for (const ListResult &r : f.check->lists) {
        QStringList codes;
        for (const CodeReading &c : r.codes)
            codes << c.code;
        parts << QStringLiteral("%1: %2%3")
                     .arg(r.list.zone,
                         r.status == Status::NotListed    ? QStringLiteral("not listed now")
                             : r.status == Status::Listed ? QStringLiteral("listed now")
                                                          : statusName(r.status),
                         codes.isEmpty()
                             ? QString()
                             : QStringLiteral(" (%1)").arg(codes.join(QStringLiteral(", "))));
    }
    return parts.join(QStringLiteral(", "));
}

QJsonObject toJson(const ListResult &r)
{
    QJsonArray codes;
    QJsonArray readings;
    for (const CodeReading &c : r.codes) {
        codes << c.code;
        readings << QJsonObject {{QStringLiteral("code"), c.code},
            {QStringLiteral("status"), statusName(c.kind)}, {QStringLiteral("meaning"), c.meaning}};
    }
    return {{QStringLiteral("zone"), r.list.zone}, {QStringLiteral("name"), r.list.name},
        {QStringLiteral("status"), statusName(r.status)}, {QStringLiteral("codes"), codes},
        {QStringLiteral("meaning"), r.meaning}, {QStringLiteral("query"), r.query},
        {QStringLiteral("readings"), readings},
        {QStringLiteral("txt"), QJsonArray::fromStringList(r.txt)},
        {QStringLiteral("website"), r.list.website},
        {QStringLiteral("unverified"),
            r.list.unverified.isEmpty() ? QJsonValue(QJsonValue::Null)
                                        : QJsonValue(r.list.unverified)}};
}

QJsonObject toJson(const Check &c)
{
    QJsonArray lists;
    for (const ListResult &r : c.lists)
        lists << toJson(r);
    return {{QStringLiteral("ip"), c.ip}, {QStringLiteral("lists"), lists},
        {QStringLiteral("skipped"), QJsonArray::fromStringList(c.skipped)},
        {QStringLiteral("listed"), c.anyListed()}, {QStringLiteral("undecided"), c.anyUndecided()}};
}

QJsonObject toJson(const BounceFinding &f)
{
    QJsonObject o {{QStringLiteral("zones"), QJsonArray::fromStringList(f.zones)},
        {QStringLiteral("line"), f.line > 0 ? QJsonValue(f.line) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("checked"), f.check.has_value()},
        {QStringLiteral("skipped"),
            f.skipped.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(f.skipped)},
        {QStringLiteral("conclusion"), f.conclusion}};
    QJsonArray lists;
    if (f.check) {
        for (const ListResult &r : f.check->lists)
            lists << toJson(r);
    }
    o.insert(QStringLiteral("lists"), lists);
    return o;
}

} // namespace Dnsbl
