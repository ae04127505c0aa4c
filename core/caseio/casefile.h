#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>

#include "dns/memoryresolver.h"
#include "investigation/investigation.h"

// Case files: an investigation saved with every DNS question and answer it saw, so that it can be
// reopened offline (re-evaluated from the captured answers) and rechecked live later.
namespace CaseFile {

constexpr int currentVersion = 1;
constexpr const char *fileSuffix = "spfcase";

struct Case
{
    QDateTime saved; // UTC
    QString app; // "spfsleuth 0.1.0"
    QString target;
    QString ip;
    QString helo;
    QStringList dkimSelectors; // typed for the receivers' check
    QList<Investigation::BlocklistQuestion> blocklists; // asked during the case
    Investigation::ResolverChoice resolver;
    QString resolverDescription;
    QList<Dns::Exchange> evidence;
    QJsonObject results; // what was concluded then (audit, evaluation, reverse), for reading
    QString notes; // the user's own notes
    QHash<QString, QString> drafts; // record edits not published yet, by domain
    QString bounce; // the bounce the case started from, as pasted ("" when none)
    friend bool operator==(const Case &, const Case &) = default;
};

Case fromResult(const Investigation::Result &result, const QString &notes = {});
QJsonObject toJson(const Case &c);
// Refuses anything that is not a complete case of a version this program reads.
Sleuth::Expected<Case, QString> fromJson(const QJsonObject &object);

// Atomic (QSaveFile): on any error the file on disk is left as it was.
Sleuth::Expected<void, QString> save(const Case &c, const QString &path);
Sleuth::Expected<Case, QString> load(const QString &path);

// A resolver that replays exactly the captured answers, and refuses anything else.
std::shared_ptr<Dns::MemoryResolver> replayResolver(const Case &c);
// The request to re-run the case: offline from the captured answers, or live when `live` is set.
Investigation::Request request(const Case &c, std::shared_ptr<Dns::Resolver> resolver);

// What changed between two runs of the same case: "then" (the case) and "now" (a recheck).
struct Change
{
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Changed;
    Dns::Question question;
    QStringList before; // "RCODE" then one line per record (no TTL)
    QStringList after;
};

struct Diff
{
    QList<Change> changes;
    QString verdictThen;
    QString verdictNow;
    int lookupsThen = -1;
    int lookupsNow = -1;
    bool verdictChanged() const { return verdictThen != verdictNow; }
};

Diff compare(const Investigation::Result &then, const Investigation::Result &now);
// One-line verdict of a result: "permerror (0 lookups)", "tree: 13 lookups, 1 problem"...
QString verdictOf(const Investigation::Result &result);
QString kindName(Change::Kind kind);

} // namespace CaseFile
