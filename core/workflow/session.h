#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <QHash>

#include "caseio/casefile.h"
#include "investigation/investigation.h"
#include "investigation/resolverchoice.h"

namespace Paste {
struct Analysis;
}

namespace Investigation {

// Where a session's answers come from, as the user picked it.
enum class DnsSource {
    Live, // the live resolver choice
    Zone, // the zone file loaded at start (offline)
    Case, // the open case's captured answers (offline)
};

// "Then vs now": a case's captured answers against DNS now.
struct Recheck
{
    Result then;
    std::optional<Result> now; // empty when DNS now could not be asked: `error` says why
    QString error;
    std::optional<CaseFile::Diff> diff;
};

// The work a session hands out, the same for the window and the CLI. Each blocks: run it on a
// worker thread. Values in, values out.

// The published investigation again, with `drafts` (record text by domain) standing in for what
// DNS publishes: the answers seen then, plus `live` for anything the drafts ask anew.
Result evaluateDraft(const Result &published, const QHash<QString, QString> &drafts,
    const ResolverSource &live, const Work::Cancel &cancel);
// A case re-run from its captured answers and against `live`, and what changed.
Recheck recheck(const CaseFile::Case &c, const ResolverSource &live, const Work::Cancel &cancel);
// Every authoritative nameserver of `domain` asked directly, the way the request's live
// resolver choice asks.
NsCompare::Result compareNameserversLive(
    const Request &request, const QString &domain, const Work::Cancel &cancel);

// What a case is: where DNS comes from (a zone file loaded once, the open case's captured
// answers, or a live choice), the investigation, its what-if drafts, the recheck, the nameserver
// follow-up and the paste comparison. The workbench's controller holds one; the CLI's report
// command uses the same work. Not thread-safe: one owner, on one thread. Anything that asks DNS
// is handed out as a function over copied values, to be run on a worker thread.
class Session
{
public:
    // ---- where DNS comes from
    // Loads a zone file or JSON snapshot to answer from (offline). The error, or empty; after an
    // error the zone stays asked for but unusable: DnsSource::Zone then refuses (never live DNS).
    QString loadZone(const QString &path);
    bool hasZone() const { return m_zone != nullptr; }
    QString zoneFile() const { return m_zoneFile; }
    // Opens a case file: it becomes the session's case, with its drafts. The error, or empty
    // (then nothing changed).
    QString openCase(const QString &path);
    const std::optional<CaseFile::Case> &openedCase() const { return m_case; }
    QString casePath() const { return m_casePath; }
    void setCasePath(const QString &path) { m_casePath = path; }
    // The resolver for `from`; `live` is the user's choice for live DNS.
    ResolverSource source(DnsSource from, const ResolverChoice &live) const;
    // What a live recheck asks: the user's live choice, or (when the answers come from the case)
    // the resolver the case was captured with; the zone when the zone is picked.
    ResolverSource recheckSource(DnsSource from, const ResolverChoice &live) const;

    // ---- the investigation
    // The request the inputs stand for. Live DNS prefetches with `prefetchThreads`; the
    // nameserver comparison is left to the follow-up (a dead nameserver never holds the verdict).
    Request request(const QString &target, const QString &ip, const QString &helo, DnsSource from,
        const ResolverChoice &live, int prefetchThreads, quint16 nsPort) const;
    // The request of the open case, from its captured answers (with its drafts).
    std::optional<Request> caseRequest() const;
    // A new investigation starts: the last result, draft and drafts go.
    void begin();
    void finish(const Result &result) { m_result = result; }
    const std::optional<Result> &result() const { return m_result; }
    bool hasResult() const { return m_result && m_result->error.isEmpty(); }
    // Keeps a block-list check made during the case (asked through the result's own DNS source)
    // in the result: its question (re-asked when the case is re-run), the check and its answers
    // as evidence. The same question asked again replaces the earlier check. False without a
    // result.
    bool addBlocklists(const BlocklistQuestion &question, const Dnsbl::Check &check);
    // Whether `source` answers as the result's answers came: the same zone or case resolver, or
    // the same live choice. False without a result.
    bool resultCameFrom(const ResolverSource &source) const;

    // ---- what-if drafts
    const QHash<QString, QString> &drafts() const { return m_drafts; }
    void setDrafts(const QHash<QString, QString> &drafts) { m_drafts = drafts; }
    void setDraft(const QString &domain, const QString &text);
    void removeDraft(const QString &domain) { m_drafts.remove(domain); }
    // The work that evaluates the result with `text` for `domain` (and the other drafts).
    std::function<Result(const Work::Cancel &)> draftWork(const QString &domain,
        const QString &text, DnsSource from, const ResolverChoice &live) const;
    void finishDraft(const Result &result) { m_draftResult = result; }
    const std::optional<Result> &draftResult() const { return m_draftResult; }

    // ---- recheck
    std::function<Recheck(const Work::Cancel &)> recheckWork(
        DnsSource from, const ResolverChoice &live) const;
    void finishRecheck(const Recheck &r) { m_recheck = r.diff; }
    const std::optional<CaseFile::Diff> &recheckDiff() const { return m_recheck; }
    // The comparison as text for the Then-vs-now view (DNS text made safe).
    QString recheckText() const;

    // ---- nameserver follow-up after a live investigation of a domain
    // Why the result gets no comparison (empty when it gets one): offline, an IP target...
    QString nameserverSkipReason(bool enabled) const;
    std::function<NsCompare::Result(const Work::Cancel &)> nameserverWork() const;
    // Keeps a comparison for `domain`; false when the result moved on meanwhile.
    bool acceptNameservers(const QString &domain, const NsCompare::Result &r);

    // ---- the paste
    // "The receiver said then: ... DNS says now: ..." for a result that came from a paste.
    QString pasteComparison(const Paste::Analysis &paste) const;

    // ---- saving
    // The case to save: the result, the notes and the drafts; a case re-run offline keeps the
    // resolver its answers were first captured with. Nothing without a result.
    std::optional<CaseFile::Case> toCase(const QString &notes, DnsSource from) const;

    // What an autosave keeps: the case to save, or (before any result) the inputs, notes and
    // drafts. Nothing when there is nothing to keep.
    std::optional<CaseFile::Case> snapshot(const QString &target, const QString &ip,
        const QString &helo, const QString &notes, DnsSource from) const;

private:
    std::shared_ptr<Dns::Resolver> m_zone;
    QString m_zoneFile;
    QString m_zoneError; // the zone file asked for could not be read
    std::optional<CaseFile::Case> m_case;
    QString m_casePath;
    std::optional<Result> m_result;
    std::optional<Result> m_draftResult;
    QHash<QString, QString> m_drafts; // unsaved record edits, by domain
    std::optional<CaseFile::Diff> m_recheck;
};

} // namespace Investigation
