// The zone-file, snapshot and case-file loaders on arbitrary bytes: refuse or load, never crash.
#include <cstdint>

#include <QJsonDocument>
#include <QJsonObject>

#include "caseio/casefile.h"
#include "dns/memoryresolver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    {
        Dns::MemoryResolver zone;
        if (zone.loadZoneText(bytes).has_value()) {
            for (const Dns::Record &r : zone.records())
                (void)zone.resolve(Dns::Question {r.name, r.type});
        }
    }
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (doc.isObject()) {
        Dns::MemoryResolver snapshot;
        if (snapshot.loadSnapshot(doc.object()).has_value())
            (void)snapshot.toSnapshot();
        const auto c = CaseFile::fromJson(doc.object());
        if (c) {
            (void)CaseFile::toJson(*c);
            (void)CaseFile::replayResolver(*c);
        }
    }
    return 0;
}
