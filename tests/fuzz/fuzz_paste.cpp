// The paste analyzer on arbitrary text (MIME included): every line it names must exist, and the
// whole verdict without DNS must not fail. Also the DKIM key reader on the same bytes.
#include <cstdint>
#include <cstdlib>

#include "dkim/dkim.h"
#include "paste/bounce.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const Paste::Analysis a = Paste::analyze(text);
    QString normalized = text;
    normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    const int lines
        = int(normalized.count(QLatin1Char('\n')) + normalized.count(QLatin1Char('\r')) + 1);
    const auto check = [&](const Paste::Source &s) {
        if (s.line < 0 || s.line > lines)
            std::abort();
    };
    for (const Paste::Lookalike &l : a.lookalikes) {
        if (l.source.line < 1)
            std::abort();
        check(l.source);
    }
    for (const auto *list : {&a.ipCandidates, &a.senderCandidates, &a.heloCandidates}) {
        for (const Paste::Candidate &c : *list)
            check(c.source);
    }
    for (const Paste::Reply &r : a.replies)
        check(r.source);
    const Bounce::Diagnosis d = Bounce::diagnose(a, nullptr);
    if (d.why.isEmpty())
        std::abort();
    Dkim::lintKey(text.left(4096));
    return 0;
}
