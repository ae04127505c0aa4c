// DNS answer packets from the wire into our records (what a hostile server can send us), and
// queries into the loopback server's parser.
#include <cstdint>

#include "dns/ldnsutil_p.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Dns::LdnsUtil;
    ldns_pkt *raw = nullptr;
    if (ldns_wire2pkt(&raw, data, size) == LDNS_STATUS_OK) {
        PktPtr pkt(raw);
        const Dns::Response r = responseFromPacket(
            pkt.get(), Dns::Question {QStringLiteral("example.com"), Dns::Type::TXT});
        for (const Dns::Record &rec : r.answers) {
            (void)rec.joinedText();
            (void)Dns::recordLine(rec);
        }
        (void)r.isVoid();
        // And back to the wire, as the loopback server would.
        QString error;
        for (const Dns::Record &rec : r.answers)
            (void)rrFromRecord(rec, &error);
    }
    const auto q = parseQuery(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (q) {
        Dns::Response resp;
        resp.question = q->question;
        (void)encodeResponse(resp, *q, 512);
    }
    return 0;
}
