#include "dns/ldnsutil_p.h"

#include <cstdlib>

#include "common/netutil.h"

namespace Dns::LdnsUtil {

QString takeString(char *s)
{
    if (!s)
        return {};
    QString out = QString::fromLatin1(s);
    std::free(s);
    return out;
}

QString rdfToString(const ldns_rdf *rdf)
{
    return rdf ? takeString(ldns_rdf2str(rdf)) : QString();
}

QString stripDot(const QString &name)
{
    if (name.size() > 1 && name.endsWith(QLatin1Char('.')))
        return name.left(name.size() - 1);
    return name;
}

RdfPtr nameRdf(const QString &name)
{
    // Built from raw labels rather than parsed as presentation text, so that any octet (spaces
    // from %_ macros, say) goes on the wire as is.
    QString n = name;
    if (n.endsWith(QLatin1Char('.')) && n.size() > 1)
        n.chop(1);
    QByteArray wire;
    if (n != QLatin1String(".") && !n.isEmpty()) {
        for (const QString &label : n.split(QLatin1Char('.'))) {
            const QByteArray octets = label.toLatin1();
            if (octets.isEmpty() || octets.size() > 63)
                return {};
            wire.append(char(octets.size()));
            wire.append(octets);
        }
    }
    wire.append('\0');
    if (wire.size() > 255)
        return {};
    return RdfPtr(
        ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, size_t(wire.size()), wire.constData()));
}

QString nameToString(const ldns_rdf *rdf)
{
    if (!rdf || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME)
        return stripDot(rdfToString(rdf));
    const uint8_t *data = ldns_rdf_data(rdf);
    const size_t size = ldns_rdf_size(rdf);
    QStringList labels;
    for (size_t at = 0; at < size && data[at] != 0;) {
        const size_t len = data[at];
        if (at + 1 + len > size)
            break;
        labels << QString::fromLatin1(
            reinterpret_cast<const char *>(data + at + 1), qsizetype(len));
        at += 1 + len;
    }
    return labels.isEmpty() ? QStringLiteral(".") : labels.join(QLatin1Char('.'));
}

Record recordFromRr(const ldns_rr *rr)
{
    Record r;
    r.name = nameToString(ldns_rr_owner(rr));
    r.type = quint16(ldns_rr_get_type(rr));
    r.ttl = ldns_rr_ttl(rr);
    QStringList parts;
    for (size_t i = 0; i < ldns_rr_rd_count(rr); ++i)
        parts << rdfToString(ldns_rr_rdf(rr, i));
    r.data = parts.join(QLatin1Char(' '));
    switch (r.type) {
    case Type::TXT:
    case Type::SPF:
        for (size_t i = 0; i < ldns_rr_rd_count(rr); ++i) {
            const ldns_rdf *rdf = ldns_rr_rdf(rr, i);
            const uint8_t *data = ldns_rdf_data(rdf);
            const size_t size = ldns_rdf_size(rdf);
            if (size == 0)
                continue;
            const size_t len = std::min<size_t>(data[0], size - 1);
            r.strings << QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(len));
        }
        break;
    case Type::A:
    case Type::AAAA:
        r.target = parts.value(0);
        break;
    case Type::MX:
        if (ldns_rr_rd_count(rr) >= 2) {
            r.preference = ldns_rdf2native_int16(ldns_rr_rdf(rr, 0));
            r.target = nameToString(ldns_rr_rdf(rr, 1));
        }
        break;
    case Type::PTR:
    case Type::CNAME:
    case Type::NS:
        r.target = nameToString(ldns_rr_rdf(rr, 0));
        break;
    default:
        break;
    }
    return r;
}

RrPtr rrFromRecord(const Record &record, QString *error)
{
    RrPtr rr(ldns_rr_new());
    RdfPtr owner = nameRdf(record.name);
    if (!owner) {
        *error = QStringLiteral("cannot encode owner name '%1'").arg(record.name);
        return {};
    }
    ldns_rr_set_owner(rr.get(), owner.release());
    ldns_rr_set_type(rr.get(), ldns_rr_type(record.type));
    ldns_rr_set_class(rr.get(), LDNS_RR_CLASS_IN);
    ldns_rr_set_ttl(rr.get(), record.ttl);
    auto push = [&](ldns_rdf *rdf, const QString &what) {
        if (!rdf) {
            *error = QStringLiteral("cannot encode %1 of %2 %3")
                         .arg(what, record.name, typeName(record.type));
            return false;
        }
        ldns_rr_push_rdf(rr.get(), rdf);
        return true;
    };
    switch (record.type) {
    case Type::TXT:
    case Type::SPF: {
        QList<QByteArray> chunks;
        for (const QByteArray &s : record.strings) {
            for (qsizetype at = 0; at < s.size() || (at == 0 && s.isEmpty()); at += 255) {
                chunks << s.mid(at, 255);
                if (s.isEmpty())
                    break;
            }
        }
        if (chunks.isEmpty())
            chunks << QByteArray();
        for (const QByteArray &chunk : std::as_const(chunks)) {
            QByteArray buf;
            buf.append(char(chunk.size()));
            buf.append(chunk);
            if (!push(ldns_rdf_new_frm_data(LDNS_RDF_TYPE_STR, size_t(buf.size()), buf.constData()),
                    QStringLiteral("a character-string")))
                return {};
        }
        break;
    }
    case Type::A:
    case Type::AAAA: {
        const QByteArray text = record.target.toLatin1();
        if (!push(
                ldns_rdf_new_frm_str(record.type == Type::A ? LDNS_RDF_TYPE_A : LDNS_RDF_TYPE_AAAA,
                    text.constData()),
                QStringLiteral("the address")))
            return {};
        break;
    }
    case Type::MX:
        ldns_rr_push_rdf(rr.get(), ldns_native2rdf_int16(LDNS_RDF_TYPE_INT16, record.preference));
        if (!push(nameRdf(record.target.isEmpty() ? QStringLiteral(".") : record.target).release(),
                QStringLiteral("the exchange")))
            return {};
        break;
    case Type::PTR:
    case Type::CNAME:
    case Type::NS:
        if (!push(nameRdf(record.target).release(), QStringLiteral("the target")))
            return {};
        break;
    default: {
        const QByteArray text = QStringLiteral("%1. %2 IN %3 %4")
                                    .arg(stripDot(record.name))
                                    .arg(record.ttl)
                                    .arg(typeName(record.type), record.data)
                                    .toLatin1();
        ldns_rr *parsed = nullptr;
        const ldns_status s = ldns_rr_new_frm_str(&parsed, text.constData(), 0, nullptr, nullptr);
        if (s != LDNS_STATUS_OK) {
            *error = QStringLiteral("cannot encode %1 %2: %3")
                         .arg(record.name, typeName(record.type), statusText(s));
            return {};
        }
        return RrPtr(parsed);
    }
    }
    return rr;
}

Response responseFromPacket(const ldns_pkt *pkt, const Question &question)
{
    Response resp;
    resp.question = question;
    resp.rcode = int(ldns_pkt_get_rcode(pkt));
    resp.truncated = ldns_pkt_tc(pkt);
    resp.authoritative = ldns_pkt_aa(pkt);
    const ldns_rr_list *answer = ldns_pkt_answer(pkt);
    for (size_t i = 0; answer && i < ldns_rr_list_rr_count(answer); ++i)
        resp.answers << recordFromRr(ldns_rr_list_rr(answer, i));
    const ldns_rr_list *authority = ldns_pkt_authority(pkt);
    for (size_t i = 0; authority && i < ldns_rr_list_rr_count(authority); ++i)
        resp.authority << recordFromRr(ldns_rr_list_rr(authority, i));
    return resp;
}

std::optional<ParsedQuery> parseQuery(const QByteArray &wire)
{
    ldns_pkt *raw = nullptr;
    if (ldns_wire2pkt(
            &raw, reinterpret_cast<const uint8_t *>(wire.constData()), size_t(wire.size()))
        != LDNS_STATUS_OK)
        return std::nullopt;
    PktPtr pkt(raw);
    const ldns_rr_list *q = ldns_pkt_question(pkt.get());
    if (!q || ldns_rr_list_rr_count(q) != 1 || ldns_pkt_qr(pkt.get()))
        return std::nullopt;
    const ldns_rr *rr = ldns_rr_list_rr(q, 0);
    ParsedQuery out;
    out.question.name = nameToString(ldns_rr_owner(rr));
    out.question.type = quint16(ldns_rr_get_type(rr));
    out.id = ldns_pkt_id(pkt.get());
    out.recursionDesired = ldns_pkt_rd(pkt.get());
    if (ldns_pkt_edns(pkt.get())) {
        out.edns = true;
        out.udpSize = std::max<quint16>(512, ldns_pkt_edns_udp_size(pkt.get()));
    }
    return out;
}

QByteArray encodeResponse(const Response &response, const ParsedQuery &query, int maxSize)
{
    auto build = [&](bool withAnswers) -> QByteArray {
        PktPtr pkt(ldns_pkt_new());
        ldns_pkt_set_id(pkt.get(), query.id);
        ldns_pkt_set_qr(pkt.get(), true);
        ldns_pkt_set_aa(pkt.get(), true);
        ldns_pkt_set_rd(pkt.get(), query.recursionDesired);
        ldns_pkt_set_ra(pkt.get(), true);
        ldns_pkt_set_rcode(pkt.get(), uint8_t(response.rcode));
        ldns_pkt_set_tc(pkt.get(), !withAnswers);
        RrPtr q(ldns_rr_new());
        RdfPtr owner = nameRdf(query.question.name);
        if (!owner)
            return {};
        ldns_rr_set_owner(q.get(), owner.release());
        ldns_rr_set_type(q.get(), ldns_rr_type(query.question.type));
        ldns_rr_set_class(q.get(), LDNS_RR_CLASS_IN);
        ldns_rr_set_question(q.get(), true);
        ldns_pkt_push_rr(pkt.get(), LDNS_SECTION_QUESTION, q.release());
        if (withAnswers) {
            QString error;
            for (const Record &r : response.answers) {
                if (RrPtr rr = rrFromRecord(r, &error))
                    ldns_pkt_push_rr(pkt.get(), LDNS_SECTION_ANSWER, rr.release());
            }
            for (const Record &r : response.authority) {
                if (RrPtr rr = rrFromRecord(r, &error))
                    ldns_pkt_push_rr(pkt.get(), LDNS_SECTION_AUTHORITY, rr.release());
            }
        }
        uint8_t *wire = nullptr;
        size_t size = 0;
        if (ldns_pkt2wire(&wire, pkt.get(), &size) != LDNS_STATUS_OK)
            return {};
        QByteArray out(reinterpret_cast<const char *>(wire), qsizetype(size));
        std::free(wire);
        return out;
    };
    QByteArray full = build(true);
    if (full.size() <= maxSize)
        return full;
    return build(false);
}

QString statusText(ldns_status status)
{
    return QString::fromLatin1(ldns_get_errorstr_by_id(status));
}

} // namespace Dns::LdnsUtil
