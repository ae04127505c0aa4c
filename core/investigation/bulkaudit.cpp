#include "investigation/bulkaudit.h"

#include <optional>

#include <QElapsedTimer>
#include <QJsonArray>

#include "common/netutil.h"
#include "common/safetext.h"
#include "dns/cachingresolver.h"
#include "investigation/inputcheck.h"
#include "spf/auditor.h"

namespace Bulk {

namespace {

std::optional<Input> entryOf(int line, const QString &text)
{
    const QString t = text.section(QLatin1Char('#'), 0, 0).trimmed();
    if (t.isEmpty())
        return std::nullopt;
    return Input {line, t};
}

} // namespace

Source lineSource(QTextStream &in)
{
    auto line = std::make_shared<int>(0);
    return [&in, line](int max) {
        QList<Input> out;
        while (out.size() < max && !in.atEnd()) {
            if (const auto e = entryOf(++*line, in.readLine()))
                out << *e;
        }
        return out;
    };
}

int countEntries(QTextStream &in)
{
    int n = 0;
    while (!in.atEnd())
        n += entryOf(0, in.readLine()) ? 1 : 0;
    in.seek(0);
    return n;
}

QList<Input> parseList(const QString &text)
{
    QString copy = text;
    QTextStream in(&copy);
    const Source next = lineSource(in);
    QList<Input> all;
    for (QList<Input> chunk = next(1024); !chunk.isEmpty(); chunk = next(1024))
        all += chunk;
    return all;
}

Source rawLineSource(QTextStream &in)
{
    auto line = std::make_shared<int>(0);
    return [&in, line](int max) {
        QList<Input> out;
        while (out.size() < max && !in.atEnd()) {
            QString text = in.readLine();
            if (text.endsWith(QLatin1Char('\r')))
                text.chop(1);
            out << Input {++*line, text};
        }
        return out;
    };
}

Dns::Resolver &Through::asker() const
{
    if (cache)
        return *cache;
    return *resolver;
}

Row auditOne(
    Dns::Resolver &resolver, const Input &input, const std::shared_ptr<Dns::CachingResolver> &cache)
{
    Row row;
    row.line = input.line;
    row.domain = InputCheck::typedDomain(input.text);
    if (const QString problem = InputCheck::listEntryProblem(input.text); !problem.isEmpty()) {
        row.status = QStringLiteral("invalid-domain");
        row.problems << problem;
        return row;
    }
    Spf::AuditOptions options;
    options.cache = cache;
    Spf::Auditor auditor(resolver, options);
    const Spf::Audit a = auditor.run(Net::canonicalName(row.domain));
    const Spf::TraceNode &root = a.trace.nodes.front();
    row.record = root.recordText;
    row.lookups = a.lookups;
    row.voids = a.voidLookups;
    row.problems = a.problems + a.capsHit;
    for (const Spf::TraceNode &n : a.trace.nodes) {
        for (const Spf::Diagnostic &d : n.diagnostics) {
            QStringList &list = d.severity == Spf::Severity::Error ? row.errors : row.warnings;
            if (d.severity != Spf::Severity::Info && !list.contains(Spf::codeName(d.code)))
                list << Spf::codeName(d.code);
        }
    }
    if (a.crossingNode >= 0 && !row.errors.contains(QStringLiteral("too-many-lookups")))
        row.errors << QStringLiteral("too-many-lookups");
    if (a.voidCrossingNode >= 0)
        row.errors << QStringLiteral("too-many-void-lookups");
    if (!a.loops.isEmpty())
        row.errors << QStringLiteral("loop");
    if (root.hasResult && root.result == Spf::Result::TempError)
        row.status = QStringLiteral("dns-error");
    else if (root.hasResult && root.result == Spf::Result::None)
        row.status = QStringLiteral("no-record");
    else
        row.status = row.problems.isEmpty() ? QStringLiteral("ok") : QStringLiteral("problems");
    return row;
}

QString Summary::text() const
{
    QString s = QStringLiteral("%1 domains in %2 s: %3 ok, %4 with problems, %5 without SPF, %6 "
                               "DNS errors, %7 invalid")
                    .arg(domains)
                    .arg(double(elapsedMs) / 1000.0, 0, 'f', 1)
                    .arg(byStatus.value(QStringLiteral("ok")))
                    .arg(byStatus.value(QStringLiteral("problems")))
                    .arg(byStatus.value(QStringLiteral("no-record")))
                    .arg(byStatus.value(QStringLiteral("dns-error")))
                    .arg(byStatus.value(QStringLiteral("invalid-domain")));
    if (cacheHits + cacheMisses > 0)
        s += QStringLiteral("; shared cache %1 hits, %2 misses").arg(cacheHits).arg(cacheMisses);
    return s;
}

Summary run(const std::shared_ptr<Dns::Resolver> &resolver, const QList<Input> &inputs,
    const Options &options, const Work::Cancel &cancel,
    const std::function<void(const QList<Row> &)> &rowsDone)
{
    qsizetype next = 0;
    return run(
        resolver,
        [&](int max) {
            const QList<Input> chunk = inputs.mid(next, max);
            next += chunk.size();
            return chunk;
        },
        options, cancel, rowsDone);
}

Summary forEachChunk(const std::shared_ptr<Dns::Resolver> &resolver, const Source &source,
    const Options &options, const Work::Cancel &cancel, const ChunkWork &work)
{
    QElapsedTimer clock;
    clock.start();
    Summary summary;
    Through through {resolver, nullptr};
    if (options.sharedCache)
        through.cache = std::make_shared<Dns::CachingResolver>(resolver, options.cacheCapacity);
    const int chunkSize = std::max(1, options.chunkSize);
    while (!cancel.requested()) {
        const QList<Input> chunk = source(chunkSize);
        if (chunk.isEmpty())
            break;
        const Parallel parallel = [&](const std::function<void(int)> &fn) {
            Work::forEachIndex(int(chunk.size()), std::max(1, options.jobs), cancel, fn);
        };
        summary.domains += work(through, chunk, parallel);
    }
    if (through.cache) {
        summary.cacheHits = through.cache->sharedAnswers();
        summary.cacheMisses = through.cache->misses();
    }
    summary.elapsedMs = clock.elapsed();
    return summary;
}

Summary run(const std::shared_ptr<Dns::Resolver> &resolver, const Source &source,
    const Options &options, const Work::Cancel &cancel,
    const std::function<void(const QList<Row> &)> &rowsDone)
{
    QMap<QString, int> byStatus;
    Summary summary = forEach<Row>(
        resolver, source, options, cancel,
        [](const Through &through, const Input &in) {
            return auditOne(through.asker(), in, through.cache);
        },
        [&](const QList<Row> &rows) {
            for (const Row &r : rows)
                ++byStatus[r.status];
            if (rowsDone)
                rowsDone(rows);
        });
    summary.byStatus = byStatus;
    return summary;
}

QString csvField(const QString &s)
{
    // RFC 4180; a leading = + - @ is neutralised so spreadsheets do not run DNS text as formulas.
    QString v = Text::safeText(s);
    if (!v.isEmpty() && QStringLiteral("=+-@").contains(v.front()))
        v.prepend(QLatin1Char('\''));
    if (v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('"'))
        || v.contains(QLatin1Char('\n')) || v.contains(QLatin1Char('\'')))
        return QLatin1Char('"') + QString(v).replace(QLatin1Char('"'), QStringLiteral("\"\""))
            + QLatin1Char('"');
    return v;
}

QString csvHeader()
{
    return QStringLiteral("domain,status,lookups,void_lookups,errors,warnings,record,problems\n");
}

QString csvLine(const Row &r)
{
    return csvField(r.domain) + QLatin1Char(',') + r.status + QLatin1Char(',')
        + QString::number(r.lookups) + QLatin1Char(',') + QString::number(r.voids)
        + QLatin1Char(',') + csvField(r.errors.join(QLatin1Char(';'))) + QLatin1Char(',')
        + csvField(r.warnings.join(QLatin1Char(';'))) + QLatin1Char(',') + csvField(r.record)
        + QLatin1Char(',') + csvField(r.problems.join(QStringLiteral("; "))) + QLatin1Char('\n');
}

QJsonObject toJson(const Row &r)
{
    return QJsonObject {{QStringLiteral("line"), r.line}, {QStringLiteral("domain"), r.domain},
        {QStringLiteral("domain_unicode"), Net::toUnicode(r.domain)},
        {QStringLiteral("status"), r.status},
        {QStringLiteral("record"),
            r.record.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.record)},
        {QStringLiteral("lookups"), r.lookups}, {QStringLiteral("void_lookups"), r.voids},
        {QStringLiteral("errors"), QJsonArray::fromStringList(r.errors)},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(r.warnings)},
        {QStringLiteral("problems"), QJsonArray::fromStringList(r.problems)}};
}

} // namespace Bulk
