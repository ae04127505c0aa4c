#pragma once

// Private to core/dns/ldns*.cpp: the one place where ldns types meet ours. Never include this
// header anywhere else.

#include <memory>
#include <optional>

// Our headers (and with them <optional>, Qt) first: ldns's headers define bool/true/false macros
// that break the standard library when it is included after them.
#include "common/expected.h"
#include "dns/dnstypes.h"

#include <ldns/ldns.h>

namespace Dns::LdnsUtil {

struct PktDeleter
{
    void operator()(ldns_pkt *p) const { ldns_pkt_free(p); }
};
struct RdfDeleter
{
    void operator()(ldns_rdf *r) const { ldns_rdf_deep_free(r); }
};
struct RrDeleter
{
    void operator()(ldns_rr *r) const { ldns_rr_free(r); }
};
struct ResolverDeleter
{
    void operator()(ldns_resolver *r) const { ldns_resolver_deep_free(r); }
};
struct ZoneDeleter
{
    void operator()(ldns_zone *z) const { ldns_zone_deep_free(z); }
};
using PktPtr = std::unique_ptr<ldns_pkt, PktDeleter>;
using RdfPtr = std::unique_ptr<ldns_rdf, RdfDeleter>;
using RrPtr = std::unique_ptr<ldns_rr, RrDeleter>;
using ResolverPtr = std::unique_ptr<ldns_resolver, ResolverDeleter>;
using ZonePtr = std::unique_ptr<ldns_zone, ZoneDeleter>;

// ldns_rdf2str and friends return malloc'd text; this takes ownership and frees it.
QString takeString(char *s);
QString rdfToString(const ldns_rdf *rdf);
// Drops one trailing dot, but leaves the root name "." alone.
QString stripDot(const QString &name);
// A domain-name rdf from text; nullptr when the name cannot be encoded (label > 63...).
RdfPtr nameRdf(const QString &name);
// Raw labels joined with dots (no presentation escapes); "." for the root.
QString nameToString(const ldns_rdf *rdf);

Record recordFromRr(const ldns_rr *rr);
// nullptr (and *error set) when the record cannot be encoded.
RrPtr rrFromRecord(const Record &record, QString *error);
Response responseFromPacket(const ldns_pkt *pkt, const Question &question);

struct ParsedQuery
{
    Question question;
    quint16 id = 0;
    bool recursionDesired = false;
    quint16 udpSize = 512; // from EDNS, or 512 without it
    bool edns = false; // the query carried an OPT record
};
std::optional<ParsedQuery> parseQuery(const QByteArray &wire);

// Wire form of `response` as an answer to `query`. When it does not fit in `maxSize` octets,
// the answer is emptied and TC set (RFC 1035 §4.1.1).
QByteArray encodeResponse(const Response &response, const ParsedQuery &query, int maxSize);

QString statusText(ldns_status status);

} // namespace Dns::LdnsUtil
