#pragma once

#include <atomic>
#include <functional>

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QStringList>
#include <QTextStream>

namespace Dns {
class Resolver;
}

// Auditing many domains at once: the rows `spfsleuth-cli audit --domains` writes and the GUI's
// bulk tab shows. No GUI types.
namespace Bulk {

struct Input
{
    int line = 0; // 1-based line in the list
    QString text; // a domain, an address or an e-mail address, trimmed
};

// One entry a line; '#' starts a comment; blank lines are skipped.
QList<Input> parseList(const QString &text);

// Where a batch comes from, a chunk at a time: up to `max` inputs, fewer (none) at the end. Lets a
// list of any length run in bounded memory.
using Source = std::function<QList<Input>(int max)>;
// Reads lines from `in` as they are needed (same rules as parseList). `in` must outlive it.
Source lineSource(QTextStream &in);
// The entries in `in` (a cheap pass; for a progress total), and `in` back at its start.
int countEntries(QTextStream &in);

struct Row
{
    int line = 0;
    QString domain;
    QString status; // ok, problems, no-record, dns-error, invalid-domain
    QString record;
    int lookups = 0;
    int voids = 0;
    QStringList errors; // diagnostic codes over every record of the tree
    QStringList warnings;
    QStringList problems; // the audit's plain-language problems
};

Row auditOne(Dns::Resolver &resolver, const Input &input);

// Counts by status, and the shared cache's figures for the batch.
struct Summary
{
    int domains = 0;
    QMap<QString, int> byStatus;
    int cacheHits = 0; // answered from the cache, or by an identical question in flight
    int cacheMisses = 0; // sent to the resolver
    qint64 elapsedMs = 0;
    QString text() const; // "120 domains in 3.1 s: 80 ok, ..."
};

// Answers a batch's shared cache keeps at most: memory stays flat on lists of any length.
constexpr int batchCacheCapacity = 10000;

struct Options
{
    int jobs = 8; // domains audited at once
    int chunkSize = 128; // rows handed back together, in input order (bounds memory)
    bool sharedCache = true; // one TTL cache for the whole batch
    int cacheCapacity = batchCacheCapacity;
};

// Blocking. Audits what `source` gives with bounded concurrency through `resolver`; hands rows
// back in input order, a chunk at a time, on the calling thread. Stops between domains once
// *cancel is set.
Summary run(const std::shared_ptr<Dns::Resolver> &resolver, const Source &source,
    const Options &options, const std::atomic<bool> *cancel,
    const std::function<void(const QList<Row> &)> &rowsDone);
Summary run(const std::shared_ptr<Dns::Resolver> &resolver, const QList<Input> &inputs,
    const Options &options, const std::atomic<bool> *cancel,
    const std::function<void(const QList<Row> &)> &rowsDone);

// RFC 4180 CSV; cells starting with = + - @ are neutralised for spreadsheets.
QString csvField(const QString &s);
QString csvHeader(); // with the line end
QString csvLine(const Row &row); // with the line end
QJsonObject toJson(const Row &row);

} // namespace Bulk
