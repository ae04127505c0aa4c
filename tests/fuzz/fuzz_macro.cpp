// Macro parsing and expansion with arbitrary macro strings, IPs, senders and HELO names.
#include <cstdint>

#include <QHostAddress>

#include "spf/macro.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 17)
        return 0;
    // 1 byte: v4 or v6; 16 bytes: the address; the rest: macro \0 sender \0 helo \0 domain.
    QHostAddress ip;
    if (data[0] & 1) {
        Q_IPV6ADDR a;
        for (int i = 0; i < 16; ++i)
            a[i] = data[1 + i];
        ip = QHostAddress(a);
    } else {
        ip = QHostAddress((quint32(data[1]) << 24) | (quint32(data[2]) << 16)
            | (quint32(data[3]) << 8) | data[4]);
    }
    const QList<QByteArray> parts
        = QByteArray(reinterpret_cast<const char *>(data + 17), qsizetype(size - 17)).split('\0');
    const QString macro = QString::fromLatin1(parts.value(0));
    Spf::MacroContext c;
    c.ip = ip;
    c.sender = QString::fromLatin1(parts.value(1));
    c.localPart = c.sender.section(QLatin1Char('@'), 0, 0);
    c.senderDomain = c.sender.section(QLatin1Char('@'), 1);
    c.helo = QString::fromLatin1(parts.value(2));
    c.domain = QString::fromLatin1(parts.value(3));
    c.timestamp = 1732700000;
    c.validatedName = [] { return QStringLiteral("mail.example.com"); };
    for (Spf::MacroMode mode :
        {Spf::MacroMode::DomainSpec, Spf::MacroMode::Explanation, Spf::MacroMode::Any}) {
        const auto tokens = Spf::parseMacroString(macro, mode);
        if (!tokens)
            continue;
        QList<Spf::MacroExpansion> expansions;
        const QString out = Spf::expandMacros(*tokens, c, mode, &expansions);
        if (mode == Spf::MacroMode::DomainSpec && out.size() > 253)
            __builtin_trap(); // RFC 7208 §7.3: cut to 253
    }
    return 0;
}
