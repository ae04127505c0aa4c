#pragma once

#include <atomic>

#include <QJsonObject>

#include "dns/ldnsresolver.h"

// Per-nameserver comparison: ask every authoritative server of a domain's zone directly (no
// recursion) for the SOA serial and the SPF record, expand the SPF tree through each one, and
// show which servers serve something different or fail.
namespace NsCompare {

struct ServerRow
{
    QString nsName;
    QString address;
    QString error; // the server could not be asked, or failed
    QString serial;
    QStringList spfRecords; // SPF records it serves for the domain
    int lookups = -1; // the tree's DNS lookups when expanded through this server
    QStringList problems;
    qint64 elapsedMs = 0;
    bool differs = false; // serves another record than most servers, or failed
    // On the wire (why a server gives temperrors where others do not):
    int txtSize = -1; // octets of its UDP reply to the TXT question, -1 when none came
    bool txtTruncated = false; // that reply had TC set: the answer needs TCP
    int answersTcp = -1; // 1 it answers over TCP, 0 it does not, -1 not asked
    QString tcpProblem; // what happened over TCP, when it did not answer
};

struct Result
{
    QString domain;
    QString zone;
    QString error; // no zone or no nameserver found
    QList<ServerRow> rows;
    QString majorityRecord;
    bool consistent() const;
};

// Blocking. `bootstrap` finds the zone, its NS names and their addresses; `base` sets timeouts and
// the cancel flag; `nsPort` is 53 except in labs and tests. Up to `parallel` server addresses are
// asked at once; rows come back sorted by name and address whatever the order of the answers.
Result run(Dns::Resolver &bootstrap, const QString &domain, const Dns::NetworkConfig &base,
    quint16 nsPort = 53, int parallel = 8);

// The JSON of `spfsleuth-cli ns-compare --json` (also kept in case files).
QJsonObject toJson(const Result &result);
Result fromJson(const QJsonObject &object);

} // namespace NsCompare
