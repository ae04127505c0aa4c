#include "investigation/nscompare.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QMap>

#include "common/netutil.h"
#include "common/work.h"
#include "spf/auditor.h"
#include "spf/parser.h"

namespace NsCompare {

namespace {

// Names inside the zone go to one server; everything else to the bootstrap resolver.
class PinnedResolver final : public Dns::Resolver
{
public:
    PinnedResolver(QString zone, Dns::Resolver &server, Dns::Resolver &others)
        : m_zone(std::move(zone))
        , m_server(server)
        , m_others(others)
    { }
    Dns::Answer resolve(const Dns::Question &q) override
    {
        const QString n = Net::canonicalName(q.name);
        const bool inZone = n == m_zone || n.endsWith(QLatin1Char('.') + m_zone);
        return inZone ? m_server.resolve(q) : m_others.resolve(q);
    }
    QString description() const override { return m_server.description(); }

private:
    QString m_zone;
    Dns::Resolver &m_server;
    Dns::Resolver &m_others;
};

QString describe(const Dns::Answer &a)
{
    if (!a)
        return a.error().message;
    return Dns::rcodeName(a->rcode);
}

// Every (server, address) pair, in name order; the no-address ones stand out at once.
struct Target
{
    QString ns;
    QString address;
};

// The zone: the closest enclosing name with NS records, and its nameservers (sorted). Sets
// out.error when there is none.
QStringList findNameservers(Dns::Resolver &bootstrap, Result &out)
{
    QStringList nsNames;
    for (QString candidate = out.domain; !candidate.isEmpty();
         candidate = candidate.section(QLatin1Char('.'), 1)) {
        const Dns::Answer ns = bootstrap.resolve(Dns::Question {candidate, Dns::Type::NS});
        if (!ns) {
            out.error
                = QStringLiteral("NS lookup for %1 failed: %2").arg(candidate, ns.error().message);
            return {};
        }
        for (const Dns::Record &r : ns->recordsOfType(Dns::Type::NS))
            nsNames << Net::canonicalName(r.target);
        if (!nsNames.isEmpty()) {
            out.zone = candidate;
            break;
        }
        if (!candidate.contains(QLatin1Char('.')))
            break;
    }
    if (nsNames.isEmpty())
        out.error = QStringLiteral("no zone with nameservers encloses %1").arg(out.domain);
    nsNames.removeDuplicates();
    nsNames.sort();
    return nsNames;
}

QList<Target> addressesOf(Dns::Resolver &bootstrap, const QStringList &nsNames)
{
    QList<Target> targets;
    for (const QString &ns : nsNames) {
        QStringList addresses;
        for (quint16 type : {Dns::Type::A, Dns::Type::AAAA}) {
            const Dns::Answer a = bootstrap.resolve(Dns::Question {ns, type});
            if (a) {
                for (const Dns::Record &r : a->recordsOfType(type))
                    addresses << r.target;
            }
        }
        addresses.removeDuplicates();
        if (addresses.isEmpty())
            targets << Target {ns, QString()};
        for (const QString &address : std::as_const(addresses))
            targets << Target {ns, address};
    }
    return targets;
}

// Asks one server directly (no recursion) for the zone's SOA and the domain's TXT, over UDP and
// then over TCP, and audits the domain's tree with that server's answers for the zone.
ServerRow askServer(const Target &t, const QString &zone, const QString &domain,
    Dns::Resolver &bootstrap, const Dns::NetworkConfig &base, quint16 nsPort)
{
    ServerRow row;
    row.nsName = t.ns;
    row.address = t.address;
    if (t.address.isEmpty()) {
        row.error = QStringLiteral("no address for this nameserver");
        return row;
    }
    if (base.cancel.requested()) {
        row.error = QStringLiteral("cancelled");
        return row;
    }
    QElapsedTimer clock;
    clock.start();
    Dns::NetworkConfig config = base;
    config.recursionDesired = false;
    config.servers = QStringList {t.address.contains(QLatin1Char(':'))
            ? QStringLiteral("[%1]:%2").arg(t.address).arg(nsPort)
            : QStringLiteral("%1:%2").arg(t.address).arg(nsPort)};
    auto server = Dns::LdnsResolver::create(config);
    if (!server) {
        row.error = server.error();
        return row;
    }
    const Dns::Answer soa = (*server)->resolve(Dns::Question {zone, Dns::Type::SOA});
    if (soa && soa->rcode == Dns::Rcode::NoError && !soa->recordsOfType(Dns::Type::SOA).isEmpty())
        row.serial
            = soa->recordsOfType(Dns::Type::SOA).front().data.section(QLatin1Char(' '), 2, 2);
    else
        row.error = QStringLiteral("SOA: %1").arg(describe(soa));
    const Dns::Answer txt = (*server)->resolve(Dns::Question {domain, Dns::Type::TXT});
    const QList<Dns::WireStep> &wire = txt ? txt->wire : txt.error().wire;
    for (const Dns::WireStep &step : wire) {
        if (!step.tcp && step.outcome == Dns::WireStep::Outcome::Answer) {
            row.txtSize = step.size;
            row.txtTruncated = step.truncated;
        }
    }
    // Does it answer over TCP at all? Answers larger than UDP carries need it (RFC 7766).
    Dns::NetworkConfig tcpConfig = config;
    tcpConfig.tcpOnly = true;
    tcpConfig.tries = 1;
    if (auto tcp = Dns::LdnsResolver::create(tcpConfig)) {
        const Dns::Answer viaTcp = (*tcp)->resolve(Dns::Question {zone, Dns::Type::SOA});
        row.answersTcp = viaTcp && viaTcp->isSuccess() ? 1 : 0;
        if (!viaTcp)
            row.tcpProblem = viaTcp.error().message;
    }
    if (!txt || !txt->isSuccess()) {
        row.error = QStringLiteral("TXT: %1").arg(describe(txt));
    } else {
        for (const Dns::Record &r : txt->recordsOfType(Dns::Type::TXT)) {
            if (Spf::isSpfRecord(r.joinedText()))
                row.spfRecords << Spf::recordTextFromOctets(r.joinedText());
        }
    }
    if (row.error.isEmpty()) {
        PinnedResolver pinned(zone, **server, bootstrap);
        Spf::Auditor auditor(pinned);
        const Spf::Audit a = auditor.run(domain);
        row.lookups = a.lookups;
        row.problems = a.problems;
        row.problems.removeDuplicates();
    }
    row.elapsedMs = clock.elapsed();
    return row;
}

// The record most servers agree on; every other answer (or failure) stands out.
void markDifferences(Result &out)
{
    QMap<QString, int> votes;
    for (const ServerRow &r : std::as_const(out.rows)) {
        if (r.error.isEmpty())
            ++votes[r.spfRecords.join(QStringLiteral(" | "))];
    }
    int best = 0;
    bool tie = false;
    for (auto it = votes.cbegin(); it != votes.cend(); ++it) {
        if (it.value() > best) {
            best = it.value();
            out.majorityRecord = it.key();
            tie = false;
        } else if (it.value() == best) {
            tie = true;
        }
    }
    if (tie) // no record most servers agree on: none of them can be taken as the reference
        out.majorityRecord.clear();
    // A server that does not answer over TCP where others do behaves differently too: answers
    // that need TCP fail through it alone.
    const bool someTcp = std::any_of(
        out.rows.cbegin(), out.rows.cend(), [](const ServerRow &r) { return r.answersTcp == 1; });
    for (ServerRow &r : out.rows) {
        r.differs = !r.error.isEmpty() || tie
            || r.spfRecords.join(QStringLiteral(" | ")) != out.majorityRecord;
        if (someTcp && r.answersTcp == 0) {
            r.differs = true;
            r.problems << QStringLiteral("does not answer over TCP (%1), where the other servers "
                                         "do: answers larger than UDP carries fail through it")
                              .arg(r.tcpProblem);
        }
    }
}

} // namespace

bool Result::consistent() const
{
    return error.isEmpty()
        && std::none_of(rows.cbegin(), rows.cend(), [](const ServerRow &r) { return r.differs; });
}

Result run(Dns::Resolver &bootstrap, const QString &domain, const Dns::NetworkConfig &base,
    quint16 nsPort, int parallel)
{
    Result out;
    out.domain = Net::canonicalName(domain);
    const QStringList nsNames = findNameservers(bootstrap, out);
    if (!out.error.isEmpty())
        return out;
    const QList<Target> targets = addressesOf(bootstrap, nsNames);
    out.rows.resize(targets.size());
    // Every row is filled, also once cancelled (askServer says so in the row).
    Work::forEachIndex(int(targets.size()), std::max(1, parallel), Work::Cancel(), [&](int i) {
        out.rows[i] = askServer(targets[i], out.zone, out.domain, bootstrap, base, nsPort);
    });
    markDifferences(out);
    return out;
}

QJsonObject toJson(const Result &r)
{
    QJsonArray rows;
    for (const ServerRow &row : r.rows) {
        const auto orNull
            = [](int v, QJsonValue value) { return v < 0 ? QJsonValue(QJsonValue::Null) : value; };
        rows << QJsonObject {{QStringLiteral("ns"), row.nsName},
            {QStringLiteral("answers_tcp"), orNull(row.answersTcp, row.answersTcp == 1)},
            {QStringLiteral("txt_size"), orNull(row.txtSize, row.txtSize)},
            {QStringLiteral("tc"), row.txtTruncated}, {QStringLiteral("address"), row.address},
            {QStringLiteral("serial"), row.serial},
            {QStringLiteral("records"), QJsonArray::fromStringList(row.spfRecords)},
            {QStringLiteral("lookups"), row.lookups},
            {QStringLiteral("problems"), QJsonArray::fromStringList(row.problems)},
            {QStringLiteral("error"),
                row.error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(row.error)},
            {QStringLiteral("ms"), row.elapsedMs}, {QStringLiteral("differs"), row.differs}};
    }
    return QJsonObject {{QStringLiteral("domain"), r.domain}, {QStringLiteral("zone"), r.zone},
        {QStringLiteral("consistent"), r.consistent()},
        {QStringLiteral("majority_record"), r.majorityRecord}, {QStringLiteral("servers"), rows},
        {QStringLiteral("error"),
            r.error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.error)}};
}

Result fromJson(const QJsonObject &o)
{
    const auto strings = [](const QJsonValue &v) {
        QStringList out;
        for (const QJsonValue &s : v.toArray())
            out << s.toString();
        return out;
    };
    Result r;
    r.domain = o.value(QLatin1String("domain")).toString();
    r.zone = o.value(QLatin1String("zone")).toString();
    r.error = o.value(QLatin1String("error")).toString();
    r.majorityRecord = o.value(QLatin1String("majority_record")).toString();
    for (const QJsonValue &v : o.value(QLatin1String("servers")).toArray()) {
        const QJsonObject s = v.toObject();
        ServerRow row;
        row.nsName = s.value(QLatin1String("ns")).toString();
        row.address = s.value(QLatin1String("address")).toString();
        row.serial = s.value(QLatin1String("serial")).toString();
        row.spfRecords = strings(s.value(QLatin1String("records")));
        row.lookups = s.value(QLatin1String("lookups")).toInt(-1);
        row.problems = strings(s.value(QLatin1String("problems")));
        row.error = s.value(QLatin1String("error")).toString();
        row.elapsedMs = s.value(QLatin1String("ms")).toInteger();
        row.differs = s.value(QLatin1String("differs")).toBool();
        const QJsonValue tcp = s.value(QLatin1String("answers_tcp"));
        row.answersTcp = tcp.isBool() ? (tcp.toBool() ? 1 : 0) : -1;
        row.txtSize = s.value(QLatin1String("txt_size")).toInt(-1);
        row.txtTruncated = s.value(QLatin1String("tc")).toBool();
        r.rows << row;
    }
    return r;
}

} // namespace NsCompare
