#include <cstdio>

#include "dns/ldnsutil_p.h"
#include "dns/memoryresolver.h"

namespace Dns {

Sleuth::Expected<QList<Record>, QString> parseZoneText(
    const QByteArray &text, const QString &origin)
{
    using namespace LdnsUtil;
    QByteArray data = text;
    if (!data.endsWith('\n'))
        data.append('\n');
    FILE *fp = ::fmemopen(data.data(), size_t(data.size()), "r");
    if (!fp)
        return Sleuth::Unexpected(QStringLiteral("cannot read the zone text"));
    RdfPtr originRdf = nameRdf(origin.isEmpty() ? QStringLiteral(".") : origin);
    ldns_zone *raw = nullptr;
    int line = 0;
    const ldns_status s
        = ldns_zone_new_frm_fp_l(&raw, fp, originRdf.get(), 3600, LDNS_RR_CLASS_IN, &line);
    std::fclose(fp);
    if (s != LDNS_STATUS_OK)
        return Sleuth::Unexpected(QStringLiteral("line %1: %2").arg(line).arg(statusText(s)));
    ZonePtr zone(raw);
    QList<Record> out;
    if (const ldns_rr *soa = ldns_zone_soa(zone.get()))
        out << recordFromRr(soa);
    const ldns_rr_list *rrs = ldns_zone_rrs(zone.get());
    for (size_t i = 0; rrs && i < ldns_rr_list_rr_count(rrs); ++i)
        out << recordFromRr(ldns_rr_list_rr(rrs, i));
    return out;
}

} // namespace Dns
