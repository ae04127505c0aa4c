#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QStringList>
#include <QTextStream>

#include "common/work.h"

namespace Dns {
class CachingResolver;
class Resolver;
} // namespace Dns

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
// Every line of `in` as it is (a CR before the LF dropped), blank lines and '#' included: for
// lines with fields of their own (check --batch). `in` must outlive it.
Source rawLineSource(QTextStream &in);
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

// `cache`, when set, is an answer cache shared with the rest of the batch (see Through).
Row auditOne(Dns::Resolver &resolver, const Input &input,
    const std::shared_ptr<Dns::CachingResolver> &cache = {});

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

// What a batch's work asks: the resolver, and over it the batch's shared answer cache when
// Options::sharedCache (pass it to the walks' options so they count what they found there).
struct Through
{
    std::shared_ptr<Dns::Resolver> resolver;
    std::shared_ptr<Dns::CachingResolver> cache;
    Dns::Resolver &asker() const; // the cache, or the resolver
};

// The loop every batch runs (the bulk audit, check --batch): entries from `source` a chunk at a
// time, worked on up to options.jobs at once through one Through, results in input order on the
// calling thread. Stops between entries once *cancel is set. Blocking. The summary has the
// entries worked and the shared cache's figures; counting by status is the caller's.
//
// `parallel(fn)` runs fn(i) for every index of the chunk on the batch's threads and returns when
// all are done (entries not started before a cancel are skipped); ChunkWork returns how many
// entries of its chunk it worked.
using Parallel = std::function<void(const std::function<void(int index)> &fn)>;
using ChunkWork = std::function<int(
    const Through &through, const QList<Input> &chunk, const Parallel &parallel)>;
Summary forEachChunk(const std::shared_ptr<Dns::Resolver> &resolver, const Source &source,
    const Options &options, const Work::Cancel &cancel, const ChunkWork &work);

// forEachChunk with a result per entry: `work` on each, `done` with each chunk's results.
template<typename Out>
Summary forEach(const std::shared_ptr<Dns::Resolver> &resolver, const Source &source,
    const Options &options, const Work::Cancel &cancel,
    const std::function<Out(const Through &, const Input &)> &work,
    const std::function<void(const QList<Out> &)> &done)
{
    return forEachChunk(resolver, source, options, cancel,
        [&](const Through &through, const QList<Input> &chunk, const Parallel &parallel) {
            QList<std::optional<Out>> results(chunk.size());
            parallel([&](int i) { results[i] = work(through, chunk[i]); });
            QList<Out> out;
            out.reserve(chunk.size());
            for (std::optional<Out> &r : results) {
                if (r)
                    out << std::move(*r);
            }
            if (done && !out.isEmpty())
                done(out);
            return int(out.size());
        });
}

// Blocking. Audits what `source` gives with bounded concurrency through `resolver`; hands rows
// back in input order, a chunk at a time, on the calling thread. Stops between domains once
// *cancel is set.
Summary run(const std::shared_ptr<Dns::Resolver> &resolver, const Source &source,
    const Options &options, const Work::Cancel &cancel,
    const std::function<void(const QList<Row> &)> &rowsDone);
Summary run(const std::shared_ptr<Dns::Resolver> &resolver, const QList<Input> &inputs,
    const Options &options, const Work::Cancel &cancel,
    const std::function<void(const QList<Row> &)> &rowsDone);

// RFC 4180 CSV; cells starting with = + - @ are neutralised for spreadsheets.
QString csvField(const QString &s);
QString csvHeader(); // with the line end
QString csvLine(const Row &row); // with the line end
QJsonObject toJson(const Row &row);

} // namespace Bulk
