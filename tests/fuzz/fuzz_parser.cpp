// The SPF parser and linter on arbitrary record text: every range must lie inside the text, and
// applying the fixes must give a text the parser accepts again without crashing.
#include <cstdint>
#include <cstdlib>

#include "spf/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromLatin1(reinterpret_cast<const char *>(data), qsizetype(size));
    const Spf::Record r = Spf::parseRecord(text, {int(size)});
    for (const Spf::Diagnostic &d : r.diagnostics) {
        if (d.range.offset < 0 || d.range.length < 0 || d.range.end() > text.size())
            std::abort();
    }
    for (const Spf::Term &t : r.terms) {
        if (t.range.offset < 0 || t.range.end() > text.size()
            || text.mid(t.range.offset, t.range.length) != t.text)
            std::abort();
    }
    (void)Spf::parseRecord(Spf::correctedRecord(r));
    (void)Spf::isSpfRecord(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    return 0;
}
