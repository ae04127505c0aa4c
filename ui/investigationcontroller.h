#pragma once

#include <functional>
#include <optional>

#include <QObject>

#include "investigation/bulkaudit.h"
#include "mailpolicy/dnsbl.h"
#include "paste/pasteanalyzer.h"
#include "workflow/session.h"

class JobRunner;

// The workbench's workflow, with no widgets: it owns the session (what the case is) and the one
// JobRunner that does all of a window's DNS work, off the GUI thread, each kind of job in its
// lane (the investigation, its draft and recheck; console and reverse lookups; the nameserver
// follow-up; bulk audits). Panes call it and listen to its signals; MainWindow only connects.
class InvestigationController : public QObject
{
    Q_OBJECT

public:
    explicit InvestigationController(QObject *parent = nullptr);
    ~InvestigationController() override; // cancels and waits for every job

    Investigation::Session &session() { return m_session; }
    const Investigation::Session &session() const { return m_session; }

    // ---- where DNS comes from: held here, for every job of the window (the investigation, its
    // draft and recheck, the tools, bulk audits). The investigation bar announces each change of
    // it (InvestigationBar::resolverChanged); opening a case picks the case.
    void setDnsSource(Investigation::DnsSource from, const Investigation::ResolverChoice &live);
    Investigation::DnsSource dnsSource() const { return m_from; }
    const Investigation::ResolverChoice &liveChoice() const { return m_live; }
    Investigation::ResolverSource resolverSource() const;
    // Why the current choice cannot be used (a bad custom server), empty when it can.
    QString resolverProblem() const;
    // Both remembered in the settings.
    void setPrefetch(bool on);
    bool prefetches() const { return m_prefetch; }
    void setCompareNameservers(bool on);
    bool comparesNameservers() const { return m_compareNameservers; }
    void setNsPort(quint16 port) { m_nsPort = port; }

    // ---- the investigation
    // Validates the inputs and starts; the input error when it cannot (nothing starts then).
    // `fromPaste`: the analysis the inputs came from, compared with the result when it is in.
    Investigation::InputProblem investigate(const QString &target, const QString &ip,
        const QString &helo, const std::optional<Paste::Analysis> &fromPaste = std::nullopt);
    void run(const Investigation::Request &request);
    // Opens a case file and re-runs it from its captured answers. The error, or empty.
    QString openCase(const QString &path);
    void cancel();
    bool isBusy() const;
    bool isComparingNameservers() const;
    const std::optional<Investigation::Result> &result() const { return m_session.result(); }

    // ---- drafts, recheck, saving
    void setDraft(const QString &domain, const QString &text, bool isDraft);
    void evaluateDraft(const QString &domain, const QString &text);
    const std::optional<Investigation::Result> &draftResult() const
    {
        return m_session.draftResult();
    }
    // Rechecks the open case against DNS now; false (and `recheckFinished` with the reason) when
    // there is no case or an investigation is running.
    bool recheckLive();
    const std::optional<CaseFile::Diff> &recheckDiff() const { return m_session.recheckDiff(); }
    // Each returns an error message, empty on success.
    QString saveCase(const QString &path, const QString &notes);
    QString exportReport(const QString &path, const QString &notes) const; // .pdf or .html

    // ---- tools and batches, with the current resolver
    // Runs `work` on the Tools lane (a new tool job replaces the last); `done` gets its text on
    // the GUI thread.
    void runTool(
        std::function<QString(Dns::Resolver &)> work, std::function<void(const QString &)> done);
    // Asks block lists about `ip` in a lane of its own (a console query or reverse lookup meanwhile
    // leaves it running); the callbacks run on the GUI thread. cancelBlocklists() stops it:
    // `done` then gets what was asked, cancelled.
    // A complete check made through the open case's own DNS source joins the case (its evidence,
    // case file and report: Session::addBlocklists); `done`'s `kept` says whether it did, or why
    // not.
    struct BlocklistCallbacks
    {
        std::function<void(int done, int total)> progress;
        std::function<void(const Dnsbl::Check &, bool cancelled, const QString &kept)> done;
        std::function<void(const QString &)> failed; // the resolver could not be made
    };
    void checkBlocklists(
        const QHostAddress &ip, const QList<Dnsbl::List> &lists, BlocklistCallbacks callbacks);
    void cancelBlocklists();
    struct BulkCallbacks
    {
        std::function<void(const QList<Bulk::Row> &)> rows;
        std::function<void(const Bulk::Summary &, bool cancelled)> done;
        std::function<void(const QString &)> failed; // the resolver could not be made
    };
    void runBulk(
        const QList<Bulk::Input> &inputs, const Bulk::Options &options, BulkCallbacks callbacks);
    void cancelBulk();
    bool isBulkBusy() const;

Q_SIGNALS:
    void started(const Investigation::Request &request);
    void progress(const Investigation::Progress &progress);
    void finished(const Investigation::Result &result);
    void busyChanged(bool busy);
    void cancelling();
    void draftEdited(); // the draft record's text changed (not saved in a case yet)
    void draftStarted();
    void draftFinished(const Investigation::Result &result);
    void recheckStarted();
    void recheckFinished(const QString &text); // the comparison, or why there is none
    void nameserversStarted(const QString &domain);
    void nameserversCompared(); // the follow-up is in: read result()->nameservers
    void pasteCompared(const QString &comparison);
    // The bounce's whole verdict (DMARC, DKIM keys, forwarding), in plain sentences.
    // `pasted`: the bounce it came from (a reopened case brings its own).
    void bounceDiagnosed(const Paste::Analysis &pasted, const QStringList &why);
    void bulkBusyChanged(bool busy);
    void toolBusyChanged(bool busy);
    void changed(); // something worth autosaving (a result, a draft, a comparison)

private:
    void onFinished(const Investigation::Result &result);
    // Why a block-list check made now could not join the case; empty when it can.
    QString blocklistsOutsideCase() const;
    // Adds a finished check to the case when it can; says whether it did, or why not.
    QString keepBlocklists(const Investigation::BlocklistQuestion &question,
        const Dnsbl::Check &check, bool cancelled, quint64 resultSerial);
    void compareNameservers();

    Investigation::Session m_session;
    JobRunner *m_runner;
    Investigation::DnsSource m_from = Investigation::DnsSource::Live;
    Investigation::ResolverChoice m_live;
    bool m_prefetch = true;
    bool m_compareNameservers = true;
    quint16 m_nsPort = 53;
    std::optional<Paste::Analysis> m_fromPaste;
    quint64 m_resultSerial = 0; // which result it is (counted)
};
