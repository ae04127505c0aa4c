// The paste analyzer on arbitrary text: every source line must exist.
#include <cstdint>
#include <cstdlib>

#include "paste/pasteanalyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const Paste::Analysis a = Paste::analyze(text);
    const int lines = int(text.count(QLatin1Char('\n')) + text.count(QLatin1Char('\r')) + 1);
    for (const Paste::Lookalike &l : a.lookalikes) {
        if (l.source.line < 1 || l.source.line > lines)
            std::abort();
    }
    return 0;
}
