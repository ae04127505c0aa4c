#include "caseio/casefile.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include "common/netutil.h"
#include "common/safetext.h"
#include "dns/dnsjson.h"
#include "dns/memoryresolver.h"
#include "paste/bounce.h"
#include "spf/spfjson.h"

namespace CaseFile {

namespace {

using Sleuth::Unexpected;

QString modeName(Investigation::ResolverMode m)
{
    switch (m) {
    case Investigation::ResolverMode::System:
        return QStringLiteral("system");
    case Investigation::ResolverMode::Custom:
        return QStringLiteral("custom");
    case Investigation::ResolverMode::Authoritative:
        return QStringLiteral("authoritative");
    case Investigation::ResolverMode::ZoneFile:
        return QStringLiteral("zone");
    }
    return {};
}

// The resolver as saved: the servers of a custom choice, the zone file by its name only (a case
// leaves the machine; the folder it came from is nobody else's business).
QJsonObject resolverJson(const Investigation::ResolverChoice &r, const QString &description)
{
    QJsonObject o {{QStringLiteral("mode"), modeName(r.mode)},
        {QStringLiteral("server"), r.servers.value(0)}, {QStringLiteral("timeout_ms"), r.timeoutMs},
        {QStringLiteral("tries"), r.tries}, {QStringLiteral("description"), description}};
    if (r.servers.size() > 1)
        o.insert(QStringLiteral("servers"), QJsonArray::fromStringList(r.servers));
    if (r.mode == Investigation::ResolverMode::ZoneFile)
        o.insert(QStringLiteral("zone_file"), QFileInfo(r.zoneFile).fileName());
    return o;
}

QStringList answerLines(const Dns::Answer &a)
{
    if (!a)
        return {QStringLiteral("error: %1").arg(Dns::errorKindName(a.error().kind))};
    QStringList lines {Dns::rcodeName(a->rcode)};
    QStringList records;
    for (const Dns::Record &r : a->answers)
        records << QStringLiteral("%1 %2 %3").arg(r.name.toLower(), Dns::typeName(r.type), r.data);
    records.sort();
    return lines + records;
}

QString key(const Dns::Question &q)
{
    return Net::canonicalName(q.name) + QLatin1Char('/') + Dns::typeName(q.type);
}

} // namespace

QString kindName(Change::Kind kind)
{
    switch (kind) {
    case Change::Kind::Added:
        return QStringLiteral("added");
    case Change::Kind::Removed:
        return QStringLiteral("removed");
    case Change::Kind::Changed:
        return QStringLiteral("changed");
    }
    return {};
}

Case fromResult(const Investigation::Result &r, const QString &notes)
{
    Case c;
    c.saved = QDateTime::currentDateTimeUtc();
    c.app = QStringLiteral("spfsleuth %1").arg(QStringLiteral(SLEUTH_VERSION));
    c.target = r.request.target;
    c.ip = r.request.ip;
    c.helo = r.request.helo;
    c.dkimSelectors = r.request.dkimSelectors;
    c.blocklists = r.request.blocklists;
    c.resolver = r.request.resolver;
    c.resolverDescription = r.resolverDescription;
    c.evidence = r.evidence;
    c.notes = notes;
    c.drafts = r.request.drafts;
    if (r.request.paste)
        c.bounce = r.request.paste->text;
    if (r.bounce)
        c.results.insert(QStringLiteral("bounce"), Bounce::toJson(*r.bounce));
    if (r.audit)
        c.results.insert(QStringLiteral("audit"), Spf::Json::fromAudit(*r.audit));
    if (r.evaluation)
        c.results.insert(QStringLiteral("evaluation"), Spf::Json::fromEvaluation(*r.evaluation));
    if (r.reverse)
        c.results.insert(QStringLiteral("reverse"), Spf::Json::fromReverse(*r.reverse));
    if (r.nameservers)
        c.results.insert(QStringLiteral("nameservers"), NsCompare::toJson(*r.nameservers));
    if (r.receivers)
        c.results.insert(QStringLiteral("receivers"), MailPolicy::toJson(*r.receivers));
    if (!r.blocklists.isEmpty()) {
        QJsonArray checks;
        for (const Dnsbl::Check &check : r.blocklists)
            checks << Dnsbl::toJson(check);
        c.results.insert(QStringLiteral("blocklists"), checks);
    }
    c.results.insert(QStringLiteral("verdict"), verdictOf(r));
    return c;
}

QJsonObject toJson(const Case &c)
{
    QJsonArray evidence;
    for (const Dns::Exchange &e : c.evidence)
        evidence << Dns::Json::fromExchange(e);
    QJsonObject drafts;
    for (auto it = c.drafts.cbegin(); it != c.drafts.cend(); ++it)
        drafts.insert(it.key(), it.value());
    QJsonArray blocklists;
    for (const Investigation::BlocklistQuestion &q : c.blocklists)
        blocklists << QJsonObject {{QStringLiteral("ip"), q.ip},
            {QStringLiteral("lists"), QJsonArray::fromStringList(q.zones)}};
    return {{QStringLiteral("format"), QStringLiteral("spfsleuth-case")},
        {QStringLiteral("version"), currentVersion},
        {QStringLiteral("saved"), c.saved.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("app"), c.app},
        {QStringLiteral("inputs"),
            QJsonObject {{QStringLiteral("target"), c.target}, {QStringLiteral("ip"), c.ip},
                {QStringLiteral("helo"), c.helo},
                {QStringLiteral("dkim_selectors"), QJsonArray::fromStringList(c.dkimSelectors)},
                {QStringLiteral("blocklists"), blocklists},
                {QStringLiteral("resolver"), resolverJson(c.resolver, c.resolverDescription)}}},
        {QStringLiteral("evidence"), evidence}, {QStringLiteral("results"), c.results},
        {QStringLiteral("notes"), c.notes}, {QStringLiteral("drafts"), drafts},
        {QStringLiteral("bounce"), c.bounce}};
}

Sleuth::Expected<Case, QString> fromJson(const QJsonObject &o)
{
    if (o.value(QLatin1String("format")).toString() != QLatin1String("spfsleuth-case"))
        return Unexpected(QStringLiteral("this is not an SPF Sleuth case file"));
    const QJsonValue version = o.value(QLatin1String("version"));
    if (!version.isDouble())
        return Unexpected(QStringLiteral("the case file has no version"));
    if (version.toInt() > currentVersion)
        return Unexpected(QStringLiteral("the case file is version %1; this SPF Sleuth reads up to "
                                         "version %2: update SPF Sleuth")
                              .arg(version.toInt())
                              .arg(currentVersion));
    if (version.toInt() < 1)
        return Unexpected(
            QStringLiteral("the case file has an invalid version %1").arg(version.toInt()));
    Case c;
    c.saved = QDateTime::fromString(o.value(QLatin1String("saved")).toString(), Qt::ISODateWithMs);
    if (!c.saved.isValid())
        return Unexpected(QStringLiteral("the case file has no valid save time"));
    c.app = o.value(QLatin1String("app")).toString();
    const QJsonObject inputs = o.value(QLatin1String("inputs")).toObject();
    c.target = inputs.value(QLatin1String("target")).toString();
    if (c.target.isEmpty())
        return Unexpected(QStringLiteral("the case file names no target"));
    c.ip = inputs.value(QLatin1String("ip")).toString();
    c.helo = inputs.value(QLatin1String("helo")).toString();
    for (const QJsonValue &v : inputs.value(QLatin1String("dkim_selectors")).toArray())
        c.dkimSelectors << v.toString();
    for (const QJsonValue &v : inputs.value(QLatin1String("blocklists")).toArray()) {
        Investigation::BlocklistQuestion q;
        q.ip = v.toObject().value(QLatin1String("ip")).toString();
        for (const QJsonValue &zone : v.toObject().value(QLatin1String("lists")).toArray())
            q.zones << zone.toString();
        const bool zonesOk = std::all_of(q.zones.cbegin(), q.zones.cend(),
            [](const QString &zone) { return Dnsbl::zoneProblem(zone).isEmpty(); });
        if (!Net::parseIp(q.ip) || q.zones.isEmpty() || !zonesOk)
            return Unexpected(QStringLiteral("the case file has an unusable block-list check"));
        c.blocklists << q;
    }
    const QJsonObject resolver = inputs.value(QLatin1String("resolver")).toObject();
    const QString mode = resolver.value(QLatin1String("mode")).toString(QStringLiteral("system"));
    c.resolver.mode = mode == QLatin1String("custom") ? Investigation::ResolverMode::Custom
        : mode == QLatin1String("authoritative")      ? Investigation::ResolverMode::Authoritative
        : mode == QLatin1String("zone")               ? Investigation::ResolverMode::ZoneFile
                                                      : Investigation::ResolverMode::System;
    for (const QJsonValue &v : resolver.value(QLatin1String("servers")).toArray())
        c.resolver.servers << v.toString();
    if (c.resolver.servers.isEmpty()
        && !resolver.value(QLatin1String("server")).toString().isEmpty())
        c.resolver.servers << resolver.value(QLatin1String("server")).toString();
    c.resolver.zoneFile = resolver.value(QLatin1String("zone_file")).toString();
    c.resolver.timeoutMs
        = std::clamp(resolver.value(QLatin1String("timeout_ms")).toInt(3000), 100, 300000);
    c.resolver.tries = std::clamp(resolver.value(QLatin1String("tries")).toInt(2), 1, 10);
    c.resolverDescription = resolver.value(QLatin1String("description")).toString();
    const QJsonValue evidence = o.value(QLatin1String("evidence"));
    if (!evidence.isArray())
        return Unexpected(QStringLiteral("the case file has no evidence"));
    int index = 0;
    for (const QJsonValue &v : evidence.toArray()) {
        ++index;
        if (!v.isObject())
            return Unexpected(QStringLiteral("evidence entry %1 is not an object").arg(index));
        const auto e = Dns::Json::toExchange(v.toObject());
        if (!e)
            return Unexpected(QStringLiteral("evidence entry %1: %2").arg(index).arg(e.error()));
        c.evidence << *e;
    }
    c.results = o.value(QLatin1String("results")).toObject();
    c.notes = o.value(QLatin1String("notes")).toString();
    c.bounce = o.value(QLatin1String("bounce")).toString(); // absent in older cases
    const QJsonObject drafts = o.value(QLatin1String("drafts")).toObject();
    for (auto it = drafts.constBegin(); it != drafts.constEnd(); ++it)
        c.drafts.insert(it.key(), it.value().toString());
    return c;
}

Sleuth::Expected<void, QString> save(const Case &c, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Unexpected(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    const QByteArray data = QJsonDocument(toJson(c)).toJson(QJsonDocument::Indented);
    if (file.write(data) != data.size()) {
        const QString why = file.errorString();
        file.cancelWriting();
        return Unexpected(QStringLiteral("cannot write %1: %2").arg(path, why));
    }
    if (!file.commit())
        return Unexpected(QStringLiteral("cannot save %1: %2 (any earlier file is unchanged)")
                              .arg(path, file.errorString()));
    return {};
}

Sleuth::Expected<Case, QString> load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Unexpected(QStringLiteral("cannot open %1: %2").arg(path, file.errorString()));
    if (file.size() > 64 * 1024 * 1024)
        return Unexpected(QStringLiteral("%1 is larger than 64 MiB; not a case file").arg(path));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &err);
    if (err.error != QJsonParseError::NoError)
        return Unexpected(QStringLiteral("%1 is damaged or truncated (JSON error at offset %2: %3)")
                              .arg(path)
                              .arg(err.offset)
                              .arg(err.errorString()));
    if (!doc.isObject())
        return Unexpected(QStringLiteral("%1 is not an SPF Sleuth case file").arg(path));
    auto c = fromJson(doc.object());
    if (!c)
        return Unexpected(QStringLiteral("%1: %2").arg(path, c.error()));
    return c;
}

std::shared_ptr<Dns::MemoryResolver> replayResolver(const Case &c)
{
    auto r = std::make_shared<Dns::MemoryResolver>();
    r->addCaptured(c.evidence);
    r->setUncovered(Dns::MemoryResolver::Uncovered::Error);
    r->setDescription(QStringLiteral("answers captured on %1").arg(c.saved.toString(Qt::ISODate)));
    return r;
}

Investigation::Request request(const Case &c, std::shared_ptr<Dns::Resolver> resolver)
{
    Investigation::Request r;
    r.target = c.target;
    r.ip = c.ip;
    r.helo = c.helo;
    r.dkimSelectors = c.dkimSelectors;
    r.blocklists = c.blocklists;
    r.resolver = c.resolver;
    // Offline, the nameserver comparison made then is shown again (it cannot be repeated from
    // the captured answers); a live recheck leaves it out.
    if (!resolver && c.results.value(QLatin1String("nameservers")).isObject())
        r.knownNameservers
            = NsCompare::fromJson(c.results.value(QLatin1String("nameservers")).toObject());
    r.resolverOverride
        = resolver ? std::move(resolver) : std::shared_ptr<Dns::Resolver>(replayResolver(c));
    if (!c.bounce.isEmpty())
        r.paste = std::make_shared<const Paste::Analysis>(Paste::analyze(c.bounce));
    return r;
}

QString verdictOf(const Investigation::Result &r)
{
    if (!r.error.isEmpty())
        return QStringLiteral("error: %1").arg(r.error);
    if (r.evaluation)
        return QStringLiteral("%1 (%2)").arg(Spf::resultName(r.evaluation->result),
            Text::counted(r.evaluation->lookups, "lookup", "lookups"));
    if (r.audit)
        return QStringLiteral("tree: %1, %2 void, %3")
            .arg(Text::counted(r.audit->lookups, "lookup", "lookups"))
            .arg(r.audit->voidLookups)
            .arg(Text::counted(r.audit->problems.size(), "problem", "problems"));
    if (r.reverse)
        return QStringLiteral("reverse: %1")
            .arg(r.reverse->hasConfirmedName() ? QStringLiteral("FCrDNS pass")
                                               : QStringLiteral("FCrDNS fail"));
    return {};
}

Diff compare(const Investigation::Result &then, const Investigation::Result &now)
{
    Diff d;
    d.verdictThen = verdictOf(then);
    d.verdictNow = verdictOf(now);
    d.lookupsThen = then.evaluation ? then.evaluation->lookups
        : then.audit                ? then.audit->lookups
                                    : -1;
    d.lookupsNow = now.evaluation ? now.evaluation->lookups : now.audit ? now.audit->lookups : -1;
    // The last answer to each question counts (a question may be asked more than once).
    QHash<QString, const Dns::Exchange *> before;
    QHash<QString, const Dns::Exchange *> after;
    QStringList order;
    for (const Dns::Exchange &e : then.evidence) {
        if (!before.contains(key(e.question)) && !order.contains(key(e.question)))
            order << key(e.question);
        before.insert(key(e.question), &e);
    }
    for (const Dns::Exchange &e : now.evidence) {
        if (!before.contains(key(e.question)) && !after.contains(key(e.question)))
            order << key(e.question);
        after.insert(key(e.question), &e);
    }
    for (const QString &k : std::as_const(order)) {
        const Dns::Exchange *b = before.value(k);
        const Dns::Exchange *a = after.value(k);
        Change c;
        c.question = (a ? a : b)->question;
        if (b)
            c.before = answerLines(b->answer);
        if (a)
            c.after = answerLines(a->answer);
        if (!b)
            c.kind = Change::Kind::Added;
        else if (!a)
            c.kind = Change::Kind::Removed;
        else if (c.before != c.after)
            c.kind = Change::Kind::Changed;
        else
            continue;
        d.changes << c;
    }
    return d;
}

} // namespace CaseFile
