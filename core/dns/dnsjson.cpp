#include "dns/dnsjson.h"

#include <QJsonArray>

namespace Dns::Json {

namespace {

using Sleuth::Unexpected;

QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

Sleuth::Expected<quint16, QString> typeField(const QJsonObject &o)
{
    const QJsonValue v = o.value(QLatin1String("type"));
    if (v.isDouble() && v.toInt() >= 0 && v.toInt() <= 65535)
        return quint16(v.toInt());
    if (const auto t = typeFromName(v.toString()))
        return *t;
    return Unexpected(QStringLiteral("unknown record type '%1'").arg(v.toString()));
}

ErrorKind kindFromName(const QString &name)
{
    for (ErrorKind k : {ErrorKind::Timeout, ErrorKind::Network, ErrorKind::Malformed,
             ErrorKind::NotCaptured, ErrorKind::Cancelled, ErrorKind::Invalid}) {
        if (errorKindName(k) == name)
            return k;
    }
    return ErrorKind::Network;
}

} // namespace

QJsonObject fromQuestion(const Question &question)
{
    return {
        {QStringLiteral("name"), question.name}, {QStringLiteral("type"), typeName(question.type)}};
}

Sleuth::Expected<Question, QString> toQuestion(const QJsonObject &object)
{
    const QString name = object.value(QLatin1String("name")).toString();
    if (name.isEmpty())
        return Unexpected(QStringLiteral("a question has no name"));
    const auto type = typeField(object);
    if (!type)
        return Unexpected(type.error());
    return Question {name, *type};
}

QJsonObject fromRecord(const Record &record)
{
    QJsonObject o {{QStringLiteral("name"), record.name},
        {QStringLiteral("type"), typeName(record.type)},
        {QStringLiteral("ttl"), qint64(record.ttl)}, {QStringLiteral("data"), record.data}};
    if (!record.strings.isEmpty() || record.type == Type::TXT || record.type == Type::SPF) {
        QJsonArray strings;
        for (const QByteArray &s : record.strings)
            strings << QString::fromLatin1(s);
        o.insert(QStringLiteral("strings"), strings);
    }
    if (record.type == Type::MX)
        o.insert(QStringLiteral("preference"), record.preference);
    if (!record.target.isEmpty())
        o.insert(QStringLiteral("target"), record.target);
    return o;
}

Sleuth::Expected<Record, QString> toRecord(const QJsonObject &object)
{
    const QString name = object.value(QLatin1String("name")).toString();
    if (name.isEmpty())
        return Unexpected(QStringLiteral("a record has no name"));
    const auto type = typeField(object);
    if (!type)
        return Unexpected(type.error());
    const qint64 ttl = object.value(QLatin1String("ttl")).toInteger(3600);
    if (ttl < 0 || ttl > 0x7fffffff)
        return Unexpected(QStringLiteral("record %1 has an invalid TTL").arg(name));
    const QString data = object.value(QLatin1String("data")).toString();
    const QString target = object.value(QLatin1String("target")).toString();
    auto keepData = [&data](Record r) {
        if (!data.isEmpty())
            r.data = data; // the presentation text as captured
        return r;
    };
    switch (*type) {
    case Type::TXT:
    case Type::SPF: {
        QList<QByteArray> strings;
        const QJsonValue sv = object.value(QLatin1String("strings"));
        if (sv.isString()) {
            strings << sv.toString().toLatin1();
        } else {
            for (const QJsonValue &s : sv.toArray())
                strings << s.toString().toLatin1();
        }
        return keepData(Record::makeTxt(name, strings, quint32(ttl), *type));
    }
    case Type::A:
    case Type::AAAA: {
        Record r = Record::makeA(name, target.isEmpty() ? data : target, quint32(ttl));
        r.type = *type;
        return r;
    }
    case Type::MX: {
        QString exchange = target;
        int pref = object.value(QLatin1String("preference")).toInt(-1);
        if (!object.contains(QLatin1String("target")) || pref < 0) { // "10 mx.example.com."
            const QStringList parts = data.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (parts.size() != 2)
                return Unexpected(
                    QStringLiteral("MX record %1 needs preference and exchange").arg(name));
            pref = parts[0].toInt();
            exchange = parts[1];
        }
        if (exchange.size() > 1 && exchange.endsWith(QLatin1Char('.')))
            exchange.chop(1);
        return keepData(
            Record::makeMx(name, quint16(std::clamp(pref, 0, 65535)), exchange, quint32(ttl)));
    }
    case Type::PTR:
    case Type::CNAME:
    case Type::NS: {
        QString t = target.isEmpty() ? data : target;
        if (t.size() > 1 && t.endsWith(QLatin1Char('.')))
            t.chop(1);
        if (t.isEmpty())
            return Unexpected(
                QStringLiteral("%1 record %2 has no target").arg(typeName(*type), name));
        return keepData(Record::makeName(name, *type, t, quint32(ttl)));
    }
    default:
        return Record::makeGeneric(name, *type, data, quint32(ttl));
    }
}

namespace {

QJsonArray fromWire(const QList<WireStep> &wire)
{
    QJsonArray out;
    for (const WireStep &s : wire) {
        QJsonObject o {{QStringLiteral("server"), s.server}, {QStringLiteral("try"), s.attempt},
            {QStringLiteral("transport"), s.tcp ? QStringLiteral("tcp") : QStringLiteral("udp")},
            {QStringLiteral("outcome"), outcomeName(s.outcome)}, {QStringLiteral("size"), s.size},
            {QStringLiteral("tc"), s.truncated}, {QStringLiteral("edns_offered"), s.ednsOffered},
            {QStringLiteral("edns_answered"), s.ednsAnswered},
            {QStringLiteral("elapsed_ms"), double(s.elapsedUs) / 1000.0}};
        if (s.rcode >= 0)
            o.insert(QStringLiteral("rcode"), rcodeName(s.rcode));
        if (!s.detail.isEmpty())
            o.insert(QStringLiteral("detail"), s.detail);
        out << o;
    }
    return out;
}

QList<WireStep> toWire(const QJsonArray &array)
{
    QList<WireStep> out;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        WireStep s;
        s.server = o.value(QLatin1String("server")).toString();
        s.attempt = o.value(QLatin1String("try")).toInt(1);
        s.tcp = o.value(QLatin1String("transport")).toString() == QLatin1String("tcp");
        const QString outcome = o.value(QLatin1String("outcome")).toString();
        for (WireStep::Outcome k : {WireStep::Outcome::Answer, WireStep::Outcome::Timeout,
                 WireStep::Outcome::Refused, WireStep::Outcome::Closed, WireStep::Outcome::Unusable,
                 WireStep::Outcome::Error, WireStep::Outcome::Cancelled}) {
            if (outcomeName(k) == outcome)
                s.outcome = k;
        }
        s.rcode = o.contains(QLatin1String("rcode"))
            ? rcodeFromName(o.value(QLatin1String("rcode")).toString()).value_or(-1)
            : -1;
        s.size = o.value(QLatin1String("size")).toInt();
        s.truncated = o.value(QLatin1String("tc")).toBool();
        s.ednsOffered = o.value(QLatin1String("edns_offered")).toInt();
        s.ednsAnswered = o.value(QLatin1String("edns_answered")).toBool();
        s.elapsedUs = qRound64(o.value(QLatin1String("elapsed_ms")).toDouble() * 1000.0);
        s.detail = o.value(QLatin1String("detail")).toString();
        out << s;
    }
    return out;
}

} // namespace

QJsonObject fromResponse(const Response &response)
{
    QJsonArray answers;
    for (const Record &r : response.answers)
        answers << fromRecord(r);
    QJsonObject o {{QStringLiteral("question"), fromQuestion(response.question)},
        {QStringLiteral("rcode"), rcodeName(response.rcode)}, {QStringLiteral("answers"), answers},
        {QStringLiteral("server"), response.server},
        {QStringLiteral("elapsed_ms"), double(response.elapsedUs) / 1000.0},
        {QStringLiteral("tcp"), response.tcp}, {QStringLiteral("truncated"), response.truncated},
        {QStringLiteral("transport"), response.transportName()},
        {QStringLiteral("authoritative"), response.authoritative}};
    if (!response.authority.isEmpty()) {
        QJsonArray authority;
        for (const Record &r : response.authority)
            authority << fromRecord(r);
        o.insert(QStringLiteral("authority"), authority);
    }
    if (response.when.isValid())
        o.insert(QStringLiteral("time"), isoTime(response.when));
    if (!response.wire.isEmpty())
        o.insert(QStringLiteral("wire"), fromWire(response.wire));
    return o;
}

Sleuth::Expected<Response, QString> toResponse(const QJsonObject &object)
{
    Response r;
    const auto q = toQuestion(object.value(QLatin1String("question")).toObject());
    if (!q)
        return Unexpected(q.error());
    r.question = *q;
    const auto rcode
        = rcodeFromName(object.value(QLatin1String("rcode")).toString(QStringLiteral("NOERROR")));
    if (!rcode)
        return Unexpected(QStringLiteral("unknown rcode in answer to %1").arg(q->name));
    r.rcode = *rcode;
    for (const char *section : {"answers", "authority"}) {
        for (const QJsonValue &v : object.value(QLatin1String(section)).toArray()) {
            const auto rec = toRecord(v.toObject());
            if (!rec)
                return Unexpected(rec.error());
            (qstrcmp(section, "answers") == 0 ? r.answers : r.authority) << *rec;
        }
    }
    r.server = object.value(QLatin1String("server")).toString();
    r.elapsedUs = qRound64(object.value(QLatin1String("elapsed_ms")).toDouble() * 1000.0);
    r.tcp = object.value(QLatin1String("tcp")).toBool();
    r.zoneFile = object.value(QLatin1String("transport")).toString() == QLatin1String("zone file");
    r.truncated = object.value(QLatin1String("truncated")).toBool();
    r.authoritative = object.value(QLatin1String("authoritative")).toBool();
    r.when
        = QDateTime::fromString(object.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
    r.wire = toWire(object.value(QLatin1String("wire")).toArray());
    return r;
}

QJsonObject fromAnswer(const Answer &answer)
{
    if (answer)
        return {{QStringLiteral("response"), fromResponse(*answer)}};
    QJsonObject e {{QStringLiteral("kind"), errorKindName(answer.error().kind)},
        {QStringLiteral("message"), answer.error().message},
        {QStringLiteral("server"), answer.error().server},
        {QStringLiteral("elapsed_ms"), double(answer.error().elapsedUs) / 1000.0}};
    if (!answer.error().wire.isEmpty())
        e.insert(QStringLiteral("wire"), fromWire(answer.error().wire));
    return {{QStringLiteral("error"), e}};
}

Sleuth::Expected<Answer, QString> toAnswer(const QJsonObject &object)
{
    if (object.contains(QLatin1String("error"))) {
        const QJsonObject e = object.value(QLatin1String("error")).toObject();
        return Answer(Unexpected(Error {kindFromName(e.value(QLatin1String("kind")).toString()),
            e.value(QLatin1String("message")).toString(),
            e.value(QLatin1String("server")).toString(),
            qRound64(e.value(QLatin1String("elapsed_ms")).toDouble() * 1000.0),
            toWire(e.value(QLatin1String("wire")).toArray())}));
    }
    const auto r = toResponse(object.value(QLatin1String("response")).toObject());
    if (!r)
        return Unexpected(r.error());
    return Answer(*r);
}

QJsonObject fromExchange(const Exchange &exchange)
{
    QJsonObject o = fromAnswer(exchange.answer);
    o.insert(QStringLiteral("question"), fromQuestion(exchange.question));
    if (exchange.when.isValid())
        o.insert(QStringLiteral("time"), isoTime(exchange.when));
    if (exchange.shared)
        o.insert(QStringLiteral("cached"), true);
    return o;
}

Sleuth::Expected<Exchange, QString> toExchange(const QJsonObject &object)
{
    const auto q = toQuestion(object.value(QLatin1String("question")).toObject());
    if (!q)
        return Unexpected(q.error());
    const auto a = toAnswer(object);
    if (!a)
        return Unexpected(a.error());
    return Exchange {*q, *a,
        QDateTime::fromString(object.value(QLatin1String("time")).toString(), Qt::ISODateWithMs),
        object.value(QLatin1String("cached")).toBool()};
}

} // namespace Dns::Json
