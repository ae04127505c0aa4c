#include "dns/memoryresolver.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include "common/netutil.h"
#include "dns/dnsjson.h"

namespace Dns {

namespace {

constexpr int maxCnameChain = 16;

QString faultName(MemoryResolver::Fault f)
{
    switch (f) {
    case MemoryResolver::Fault::Timeout:
        return QStringLiteral("timeout");
    case MemoryResolver::Fault::ServFail:
        return QStringLiteral("servfail");
    case MemoryResolver::Fault::Refused:
        return QStringLiteral("refused");
    case MemoryResolver::Fault::Malformed:
        return QStringLiteral("malformed");
    }
    return {};
}

std::optional<MemoryResolver::Fault> faultFromName(const QString &name)
{
    for (auto f : {MemoryResolver::Fault::Timeout, MemoryResolver::Fault::ServFail,
             MemoryResolver::Fault::Refused, MemoryResolver::Fault::Malformed}) {
        if (faultName(f) == name.toLower())
            return f;
    }
    return std::nullopt;
}

} // namespace

void MemoryResolver::noteName(const QString &canonical)
{
    QString n = canonical;
    while (!n.isEmpty() && !m_existing.contains(n)) {
        m_existing.insert(n);
        const int dot = n.indexOf(QLatin1Char('.'));
        if (dot < 0)
            break;
        n = n.mid(dot + 1);
    }
}

void MemoryResolver::addRecord(const Record &record)
{
    const QString key = Net::canonicalName(record.name);
    m_records[key] << record;
    noteName(key);
}

void MemoryResolver::addRecords(const QList<Record> &records)
{
    for (const Record &r : records)
        addRecord(r);
}

void MemoryResolver::removeRecords(const QString &name, quint16 type)
{
    const QString key = Net::canonicalName(name);
    auto it = m_records.find(key);
    if (it == m_records.end())
        return;
    it->removeIf([type](const Record &r) { return r.type == type; });
}

void MemoryResolver::addFault(const QString &name, quint16 type, Fault fault)
{
    const QString key = Net::canonicalName(name);
    m_faults.insert(Key {key, type}, fault);
    noteName(key);
}

void MemoryResolver::addCaptured(const Question &question, const Answer &answer)
{
    const QString key = Net::canonicalName(question.name);
    m_captured.insert(Key {key, question.type}, answer);
    noteName(key);
}

void MemoryResolver::addCaptured(const QList<Exchange> &exchanges)
{
    for (const Exchange &e : exchanges)
        addCaptured(e.question, e.answer);
}

Answer MemoryResolver::faultAnswer(const Question &question, Fault fault) const
{
    Response r;
    r.question = question;
    r.server = m_description;
    r.zoneFile = true;
    r.when = QDateTime::currentDateTimeUtc();
    switch (fault) {
    case Fault::Timeout:
        return Answer(Sleuth::Unexpected(Error {ErrorKind::Timeout,
            QStringLiteral("no answer (simulated timeout)"), m_description, 0}));
    case Fault::Malformed:
        return Answer(Sleuth::Unexpected(Error {ErrorKind::Malformed,
            QStringLiteral("unusable answer (simulated)"), m_description, 0}));
    case Fault::ServFail:
        r.rcode = Rcode::ServFail;
        return r;
    case Fault::Refused:
        r.rcode = Rcode::Refused;
        return r;
    }
    return r;
}

Answer MemoryResolver::resolve(const Question &question)
{
    const QString asked = Net::canonicalName(question.name);
    if (const auto it = m_captured.constFind(Key {asked, question.type}); it != m_captured.cend())
        return *it;
    if (m_uncovered == Uncovered::Error && m_records.isEmpty()) {
        return Answer(Sleuth::Unexpected(Error {ErrorKind::NotCaptured,
            QStringLiteral("%1 %2 was not captured in this snapshot")
                .arg(question.name, typeName(question.type)),
            m_description, 0}));
    }

    Response resp;
    resp.question = question;
    resp.server = m_description;
    resp.zoneFile = true;
    resp.authoritative = true;
    resp.when = QDateTime::currentDateTimeUtc();
    QString name = asked;
    QSet<QString> seen;
    for (int hop = 0; hop <= maxCnameChain; ++hop) {
        if (const auto f = m_faults.constFind(Key {name, question.type}); f != m_faults.cend())
            return faultAnswer(question, *f);
        QList<Record> here = m_records.value(name);
        if (!m_existing.contains(name)) {
            // RFC 4592: "*.<closest encloser>" answers for names that do not exist, with the
            // owner name rewritten to the name asked.
            QString encloser = name;
            while (!encloser.isEmpty() && !m_existing.contains(encloser)) {
                const int dot = int(encloser.indexOf(QLatin1Char('.')));
                encloser = dot < 0 ? QString() : encloser.mid(dot + 1);
            }
            const QString wildcard
                = encloser.isEmpty() ? QStringLiteral("*") : QStringLiteral("*.") + encloser;
            if (const auto w = m_records.constFind(wildcard);
                w != m_records.cend() && !w->isEmpty()) {
                here = *w;
                for (Record &r : here)
                    r.name = name;
                if (const auto f = m_faults.constFind(Key {wildcard, question.type});
                    f != m_faults.cend())
                    return faultAnswer(question, *f);
            }
        }
        bool any = false;
        for (const Record &r : here) {
            if (r.type == question.type || question.type == Type::ANY) {
                resp.answers << r;
                any = true;
            }
        }
        if (any)
            return resp;
        // RFC 1034 §3.6.2: follow a CNAME unless the CNAME itself was asked for.
        const auto cname = std::find_if(
            here.cbegin(), here.cend(), [](const Record &r) { return r.type == Type::CNAME; });
        if (cname != here.cend() && question.type != Type::CNAME) {
            resp.answers << *cname;
            seen.insert(name);
            name = Net::canonicalName(cname->target);
            if (seen.contains(name)) { // a CNAME loop: what a recursive resolver reports
                resp.rcode = Rcode::ServFail;
                resp.answers.clear();
                return resp;
            }
            continue;
        }
        if (const auto f = m_faults.constFind(Key {name, 0}); f != m_faults.cend())
            return faultAnswer(question, *f);
        resp.rcode
            = m_existing.contains(name) || !here.isEmpty() ? Rcode::NoError : Rcode::NxDomain;
        return resp;
    }
    resp.rcode = Rcode::ServFail; // chain too long
    resp.answers.clear();
    return resp;
}

bool MemoryResolver::covers(const Question &question) const
{
    const QString name = Net::canonicalName(question.name);
    return m_captured.contains(Key {name, question.type}) || m_records.contains(name);
}

bool MemoryResolver::holdsDataFor(const QString &zone) const
{
    QString name = Net::canonicalName(zone);
    if (m_existing.contains(name))
        return true;
    while (!name.isEmpty()) {
        const QList<Record> here = m_records.value(name);
        if (std::any_of(
                here.cbegin(), here.cend(), [](const Record &r) { return r.type == Type::SOA; }))
            return true;
        const int dot = int(name.indexOf(QLatin1Char('.')));
        name = dot < 0 ? QString() : name.mid(dot + 1);
    }
    return false;
}

QList<Record> MemoryResolver::records() const
{
    QList<Record> out;
    QStringList names = m_records.keys();
    names.sort();
    for (const QString &n : std::as_const(names))
        out << m_records.value(n);
    return out;
}

Sleuth::Expected<void, QString> MemoryResolver::loadZoneText(
    const QByteArray &text, const QString &origin)
{
    const auto records = parseZoneText(text, origin);
    if (!records)
        return Sleuth::Unexpected(records.error());
    addRecords(*records);
    return {};
}

Sleuth::Expected<void, QString> MemoryResolver::loadSnapshot(const QJsonObject &snapshot)
{
    if (snapshot.value(QLatin1String("format")).toString() != QLatin1String("spfsleuth-dns"))
        return Sleuth::Unexpected(
            QStringLiteral("not an SPF Sleuth DNS snapshot (format is not 'spfsleuth-dns')"));
    if (snapshot.value(QLatin1String("version")).toInt() != 1)
        return Sleuth::Unexpected(QStringLiteral("unsupported snapshot version %1")
                                      .arg(snapshot.value(QLatin1String("version")).toInt()));
    QList<Record> records;
    for (const QJsonValue &v : snapshot.value(QLatin1String("records")).toArray()) {
        const auto r = Json::toRecord(v.toObject());
        if (!r)
            return Sleuth::Unexpected(r.error());
        records << *r;
    }
    QList<Exchange> captured;
    for (const QJsonValue &v : snapshot.value(QLatin1String("answers")).toArray()) {
        const auto e = Json::toExchange(v.toObject());
        if (!e)
            return Sleuth::Unexpected(e.error());
        captured << *e;
    }
    struct PendingFault
    {
        QString name;
        quint16 type;
        Fault fault;
    };
    QList<PendingFault> faults;
    for (const QJsonValue &v : snapshot.value(QLatin1String("faults")).toArray()) {
        const QJsonObject o = v.toObject();
        const QString name = o.value(QLatin1String("name")).toString();
        const QString typeText = o.value(QLatin1String("type")).toString(QStringLiteral("ANY"));
        const auto type = typeText.compare(QLatin1String("ANY"), Qt::CaseInsensitive) == 0
            ? std::optional<quint16>(0)
            : typeFromName(typeText);
        const auto fault = faultFromName(o.value(QLatin1String("fault")).toString());
        if (name.isEmpty() || !type || !fault)
            return Sleuth::Unexpected(QStringLiteral("invalid fault entry for '%1'").arg(name));
        faults << PendingFault {name, *type, *fault};
    }
    // Only now that everything parsed: a bad file leaves the resolver as it was.
    addRecords(records);
    addCaptured(captured);
    for (const PendingFault &f : std::as_const(faults))
        addFault(f.name, f.type, f.fault);
    if (records.isEmpty() && !captured.isEmpty())
        m_uncovered = Uncovered::Error;
    return {};
}

Sleuth::Expected<void, QString> MemoryResolver::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Sleuth::Unexpected(
            QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() > 64 * 1024 * 1024)
        return Sleuth::Unexpected(QStringLiteral("%1 is larger than 64 MiB").arg(path));
    const QByteArray data = file.readAll();
    // Named by its file only: the description goes into evidence, case files and reports that
    // leave this machine.
    m_description = QStringLiteral("zone file %1").arg(QFileInfo(path).fileName());
    if (data.trimmed().startsWith('{')) {
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(data, &err);
        if (err.error != QJsonParseError::NoError || !doc.isObject())
            return Sleuth::Unexpected(QStringLiteral("%1: invalid JSON at offset %2: %3")
                                          .arg(path)
                                          .arg(err.offset)
                                          .arg(err.errorString()));
        m_description = QStringLiteral("snapshot %1").arg(path);
        const auto r = loadSnapshot(doc.object());
        if (!r)
            return Sleuth::Unexpected(QStringLiteral("%1: %2").arg(path, r.error()));
        return {};
    }
    const auto r = loadZoneText(data);
    if (!r)
        return Sleuth::Unexpected(QStringLiteral("%1: %2").arg(path, r.error()));
    if (isEmpty())
        return Sleuth::Unexpected(QStringLiteral("%1: the zone holds no records").arg(path));
    return {};
}

QJsonObject MemoryResolver::toSnapshot() const
{
    QJsonArray records;
    for (const Record &r : this->records())
        records << Json::fromRecord(r);
    QJsonArray answers;
    for (auto it = m_captured.cbegin(); it != m_captured.cend(); ++it)
        answers << Json::fromExchange(
            Exchange {Question {it.key().name, it.key().type}, it.value(), {}});
    QJsonArray faults;
    for (auto it = m_faults.cbegin(); it != m_faults.cend(); ++it) {
        faults << QJsonObject {{QStringLiteral("name"), it.key().name},
            {QStringLiteral("type"),
                it.key().type ? typeName(it.key().type) : QStringLiteral("ANY")},
            {QStringLiteral("fault"), faultName(it.value())}};
    }
    return {{QStringLiteral("format"), QStringLiteral("spfsleuth-dns")},
        {QStringLiteral("version"), 1}, {QStringLiteral("records"), records},
        {QStringLiteral("answers"), answers}, {QStringLiteral("faults"), faults}};
}

} // namespace Dns
