#include "spf/trace.h"

#include "spf/parser.h"

namespace Spf {

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::None:
        return QStringLiteral("none");
    case Outcome::Match:
        return QStringLiteral("match");
    case Outcome::NoMatch:
        return QStringLiteral("no-match");
    case Outcome::Error:
        return QStringLiteral("error");
    case Outcome::NotReached:
        return QStringLiteral("not-reached");
    case Outcome::Ignored:
        return QStringLiteral("ignored");
    }
    return {};
}

QString nodeKindName(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Check:
        return QStringLiteral("record");
    case NodeKind::Term:
        return QStringLiteral("term");
    case NodeKind::Query:
        return QStringLiteral("query");
    case NodeKind::Note:
        return QStringLiteral("note");
    }
    return {};
}

int Trace::add(TraceNode node)
{
    const int index = int(nodes.size());
    if (node.parent >= 0)
        nodes[node.parent].children << index;
    nodes << std::move(node);
    return index;
}

int Trace::addQuery(int parent, const Dns::Question &question, const Dns::Answer &answer,
    const QDateTime &when, qint64 offsetUs)
{
    TraceNode qn;
    qn.kind = NodeKind::Query;
    qn.parent = parent;
    qn.exchange = int(exchanges.size());
    qn.message = answerSummary(answer, question.type);
    qn.voidLookup = answer && answer->isVoid();
    exchanges << Dns::Exchange {question, answer, when};
    exchangeOffsetsUs << offsetUs;
    return add(qn);
}

void Trace::markPath(int node)
{
    for (int n = node; n >= 0; n = nodes[n].parent)
        nodes[n].onDecidingPath = true;
}

QString answerSummary(const Dns::Answer &answer, quint16 type)
{
    if (!answer)
        return QStringLiteral("%1: %2").arg(
            Dns::errorKindName(answer.error().kind), answer.error().message);
    const int count = int(answer->recordsOfType(type).size());
    if (answer->rcode != Dns::Rcode::NoError)
        return Dns::rcodeName(answer->rcode);
    if (count == 0)
        return QStringLiteral("NOERROR, no %1 record").arg(Dns::typeName(type));
    return QStringLiteral("NOERROR, %1 %2 record%3")
        .arg(count)
        .arg(Dns::typeName(type), count == 1 ? QString() : QStringLiteral("s"));
}

RecordLookup lookupRecord(
    Dns::Resolver &resolver, const QString &domain, Trace &trace, int node, qint64 offsetUs)
{
    RecordLookup out;
    const Dns::Question q {domain, Dns::Type::TXT};
    const QDateTime when = QDateTime::currentDateTimeUtc();
    const Dns::Answer a = resolver.resolve(q);
    out.exchange = int(trace.exchanges.size());
    trace.addQuery(node, q, a, when, offsetUs);
    // RFC 7208 §4.4: a DNS error or timeout -> temperror; NXDOMAIN -> none.
    if (!a) {
        out.status = RecordLookup::Status::TempError;
        out.message = QStringLiteral("the TXT lookup for %1 failed (%2)")
                          .arg(domain, answerSummary(a, q.type));
        return out;
    }
    if (a->rcode == Dns::Rcode::NxDomain) {
        out.status = RecordLookup::Status::None;
        out.message = QStringLiteral("%1 does not exist (NXDOMAIN)").arg(domain);
        return out;
    }
    if (a->rcode != Dns::Rcode::NoError) {
        out.status = RecordLookup::Status::TempError;
        out.message = QStringLiteral("the TXT lookup for %1 returned %2")
                          .arg(domain, Dns::rcodeName(a->rcode));
        return out;
    }
    QList<Dns::Record> spf;
    for (const Dns::Record &r : a->recordsOfType(Dns::Type::TXT)) {
        if (isSpfRecord(r.joinedText()))
            spf << r;
    }
    if (spf.isEmpty()) {
        out.status = RecordLookup::Status::None;
        out.message = QStringLiteral("%1 has no SPF record (no TXT record starts with 'v=spf1')")
                          .arg(domain);
        return out;
    }
    if (spf.size() > 1) { // RFC 7208 §4.5
        out.status = RecordLookup::Status::PermError;
        out.message = QStringLiteral(
            "%1 publishes %2 SPF records; there must be exactly one (RFC 7208 §4.5)")
                          .arg(domain)
                          .arg(spf.size());
        return out;
    }
    out.status = RecordLookup::Status::Found;
    out.text = recordTextFromOctets(spf.front().joinedText());
    for (const QByteArray &s : spf.front().strings)
        out.stringLengths << int(s.size());
    return out;
}

} // namespace Spf
