#include "dns/reverselookup.h"

#include "common/netutil.h"

namespace Dns {

bool ReverseResult::hasConfirmedName() const
{
    return std::any_of(
        names.cbegin(), names.cend(), [](const ReverseName &n) { return n.confirmed; });
}

ReverseResult reverseLookup(Resolver &resolver, const QHostAddress &ip, int maxNames)
{
    ReverseResult out;
    const QHostAddress address = Net::normalized(ip);
    out.ip = Net::ipToString(address);
    out.ptrName = Net::reverseName(address);
    out.rangeNotes = Net::specialRangeNotes(ip);
    const Question ptrQuestion {out.ptrName, Type::PTR};
    auto ask = [&](const Question &q) {
        const QDateTime when = QDateTime::currentDateTimeUtc();
        Answer a = resolver.resolve(q);
        out.exchanges << Exchange {q, a, when};
        return a;
    };
    out.ptrAnswer = ask(ptrQuestion);
    if (!out.ptrAnswer || out.ptrAnswer->rcode != Rcode::NoError)
        return out;
    const QList<Record> ptrs = out.ptrAnswer->recordsOfType(Type::PTR);
    const quint16 forwardType
        = address.protocol() == QAbstractSocket::IPv4Protocol ? Type::A : Type::AAAA;
    for (const Record &ptr : ptrs) {
        if (out.names.size() >= maxNames) {
            ++out.namesIgnored;
            continue;
        }
        ReverseName n;
        n.name = ptr.target;
        const Answer fwd = ask(Question {ptr.target, forwardType});
        if (!fwd) {
            n.error = fwd.error().message;
        } else if (fwd->rcode != Rcode::NoError) {
            n.error = rcodeName(fwd->rcode);
        } else {
            for (const Record &r : fwd->recordsOfType(forwardType)) {
                n.addresses << r.target;
                const auto parsed = Net::parseIp(r.target);
                if (parsed && *parsed == address)
                    n.confirmed = true;
            }
            if (n.addresses.isEmpty())
                n.error = QStringLiteral("no %1 record").arg(typeName(forwardType));
        }
        out.names << n;
    }
    return out;
}

} // namespace Dns
