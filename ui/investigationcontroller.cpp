#include "investigationcontroller.h"

#include <QSettings>

#include "jobrunner.h"
#include "paste/bounce.h"
#include "report.h"

using namespace Investigation;

InvestigationController::InvestigationController(QObject *parent)
    : QObject(parent)
    , m_runner(new JobRunner(this))
{
    const QSettings settings;
    m_prefetch = settings.value(QStringLiteral("dns/prefetch"), true).toBool();
    m_compareNameservers = settings.value(QStringLiteral("dns/compareNameservers"), true).toBool();
    connect(m_runner, &JobRunner::laneBusyChanged, this, [this](JobRunner::Lane lane, bool busy) {
        switch (lane) {
        case JobRunner::Main:
            Q_EMIT busyChanged(busy);
            break;
        case JobRunner::Bulk:
            Q_EMIT bulkBusyChanged(busy);
            break;
        case JobRunner::Tools:
            Q_EMIT toolBusyChanged(busy);
            break;
        default:
            break;
        }
    });
}

void InvestigationController::setPrefetch(bool on)
{
    m_prefetch = on;
    QSettings().setValue(QStringLiteral("dns/prefetch"), on);
}

void InvestigationController::setCompareNameservers(bool on)
{
    m_compareNameservers = on;
    QSettings().setValue(QStringLiteral("dns/compareNameservers"), on);
}

InvestigationController::~InvestigationController()
{
    // No worker may outlive the objects it reports to.
    m_runner->cancelAll();
    m_runner->waitForDone();
}

void InvestigationController::setDnsSource(DnsSource from, const ResolverChoice &live)
{
    m_from = from;
    m_live = live;
}

ResolverSource InvestigationController::resolverSource() const
{
    return m_session.source(m_from, m_live);
}

QString InvestigationController::resolverProblem() const
{
    const ResolverSource s = resolverSource();
    if (!s.unusable.isEmpty())
        return s.unusable;
    return s.fixed ? QString() : validate(s.choice);
}

InputProblem InvestigationController::investigate(const QString &target, const QString &ip,
    const QString &helo, const std::optional<Paste::Analysis> &fromPaste)
{
    if (const ResolverSource source = resolverSource(); !source.unusable.isEmpty())
        return {InputField::Resolver, source.unusable}; // never falls back to live DNS
    Request request
        = m_session.request(target, ip, helo, m_from, m_live, m_prefetch ? 16 : 0, m_nsPort);
    if (const InputProblem problem = problemOf(request); !problem.isEmpty())
        return problem;
    m_fromPaste = fromPaste;
    if (fromPaste)
        request.paste = std::make_shared<const Paste::Analysis>(*fromPaste);
    run(request);
    return {};
}

void InvestigationController::run(const Request &request)
{
    m_session.begin();
    ++m_resultSerial;
    m_runner->cancel(JobRunner::Nameservers); // a comparison for the last result no longer matters
    Q_EMIT started(request);
    JobRunner *runner = m_runner;
    runner->start([this, runner, request](quint64 job, const Work::Cancel &cancel) {
        const Result result
            = Investigation::run(request, cancel, [this, runner, job](const Progress &p) {
                  runner->post(job, [this, p] { Q_EMIT progress(p); });
              });
        return [this, result] { onFinished(result); };
    });
}

QString InvestigationController::openCase(const QString &path)
{
    if (const QString error = m_session.openCase(path); !error.isEmpty())
        return error;
    m_from = DnsSource::Case;
    m_fromPaste.reset();
    run(*m_session.caseRequest());
    m_session.setDrafts(m_session.openedCase()->drafts);
    return {};
}

void InvestigationController::onFinished(const Result &result)
{
    m_session.finish(result);
    Q_EMIT finished(result);
    if (m_fromPaste) {
        Q_EMIT pasteCompared(m_session.pasteComparison(*m_fromPaste));
        m_fromPaste.reset();
    }
    if (result.bounce)
        Q_EMIT bounceDiagnosed(result.bounce->paste, result.bounce->why);
    if (!result.nameservers)
        compareNameservers();
    Q_EMIT changed();
}

void InvestigationController::compareNameservers()
{
    if (!m_session.nameserverSkipReason(m_compareNameservers).isEmpty())
        return;
    const QString domain = m_session.result()->target.domain;
    const auto work = m_session.nameserverWork();
    Q_EMIT nameserversStarted(domain);
    m_runner->start(
        [this, work, domain](quint64, const Work::Cancel &cancel) -> std::function<void()> {
            const NsCompare::Result r = work(cancel);
            // A new investigation cancels this job; its answer is then not wanted.
            if (cancel.requested())
                return {};
            return [this, r, domain] {
                if (!m_session.acceptNameservers(domain, r))
                    return;
                Q_EMIT nameserversCompared();
                Q_EMIT changed();
            };
        },
        JobRunner::Nameservers);
}

void InvestigationController::cancel()
{
    if (!m_runner->isBusy())
        return;
    m_runner->cancel();
    Q_EMIT cancelling();
}

bool InvestigationController::isBusy() const
{
    return m_runner->isBusy();
}

bool InvestigationController::isComparingNameservers() const
{
    return m_runner->isBusy(JobRunner::Nameservers);
}

void InvestigationController::setDraft(const QString &domain, const QString &text, bool isDraft)
{
    if (domain.isEmpty())
        return;
    const auto before = m_session.drafts().value(domain);
    if (isDraft)
        m_session.setDraft(domain, text);
    else
        m_session.removeDraft(domain);
    if (m_session.drafts().value(domain) != before)
        Q_EMIT draftEdited();
    Q_EMIT changed();
}

void InvestigationController::evaluateDraft(const QString &domain, const QString &text)
{
    if (!m_session.result() || domain.isEmpty() || m_runner->isBusy())
        return;
    const auto work = m_session.draftWork(domain, text, m_from, m_live);
    Q_EMIT draftStarted();
    m_runner->start([this, work](quint64, const Work::Cancel &cancel) {
        const Result result = work(cancel);
        return [this, result] {
            m_session.finishDraft(result);
            Q_EMIT draftFinished(result);
        };
    });
}

bool InvestigationController::recheckLive()
{
    if (!m_session.openedCase()) {
        Q_EMIT recheckFinished(
            tr("Open a case file first: a recheck compares its captured answers with DNS now."));
        return false;
    }
    if (m_runner->isBusy())
        return false;
    const auto work = m_session.recheckWork(m_from, m_live);
    Q_EMIT recheckStarted();
    m_runner->start([this, work](quint64, const Work::Cancel &cancel) {
        const Recheck r = work(cancel);
        return [this, r] {
            if (r.now) {
                m_session.finishRecheck(r);
                onFinished(*r.now);
            }
            Q_EMIT recheckFinished(r.now ? m_session.recheckText() : r.error);
        };
    });
    return true;
}

QString InvestigationController::saveCase(const QString &path, const QString &notes)
{
    const auto c = m_session.toCase(notes, m_from);
    if (!c)
        return tr("There is no investigation to save yet.");
    if (const auto saved = CaseFile::save(*c, path); !saved)
        return saved.error();
    m_session.setCasePath(path);
    return {};
}

QString InvestigationController::exportReport(const QString &path, const QString &notes) const
{
    if (!m_session.hasResult())
        return tr("There is no investigation to report yet.");
    Report::Options options;
    options.notes = notes;
    const auto written = path.endsWith(QLatin1String(".html"), Qt::CaseInsensitive)
        ? Report::writeHtml(*m_session.result(), path, options)
        : Report::writePdf(*m_session.result(), path, options);
    return written ? QString() : written.error();
}

void InvestigationController::runTool(
    std::function<QString(Dns::Resolver &)> work, std::function<void(const QString &)> done)
{
    const ResolverSource source = resolverSource();
    m_runner->start(
        [source, work = std::move(work), done = std::move(done)](
            quint64, const Work::Cancel &cancel) {
            auto made = source.make(cancel);
            const QString text = made ? work(*made->resolver) : made.error();
            return [done, text] { done(text); };
        },
        JobRunner::Tools);
}

void InvestigationController::checkBlocklists(
    const QHostAddress &ip, const QList<Dnsbl::List> &lists, BlocklistCallbacks callbacks)
{
    const ResolverSource source = resolverSource();
    const BlocklistQuestion question = blocklistQuestion(ip, lists);
    const quint64 serial = m_resultSerial;
    JobRunner *runner = m_runner;
    runner->start(
        [this, runner, source, question, serial, callbacks](
            quint64 job, const Work::Cancel &cancel) -> std::function<void()> {
            auto made = source.make(cancel);
            if (!made)
                return [callbacks, error = made.error()] { callbacks.failed(error); };
            const Dnsbl::Check check
                = askBlocklists(*made->resolver, question, cancel, [&](int done, int total) {
                      runner->post(
                          job, [callbacks, done, total] { callbacks.progress(done, total); });
                  });
            return [this, callbacks, question, check, serial, cancelled = cancel.requested()] {
                const QString kept = keepBlocklists(question, check, cancelled, serial);
                callbacks.done(check, cancelled, kept);
            };
        },
        JobRunner::Blocklists);
}

QString InvestigationController::blocklistsOutsideCase() const
{
    if (isBusy())
        return tr("Not added to the case: an investigation is running.");
    if (!m_session.hasResult())
        return tr("Not part of a case: investigate a domain or an address first to keep checks "
                  "with it.");
    if (m_from == DnsSource::Case)
        return tr("Answered from the case's captured answers, so nothing new is added to the case "
                  "(recheck live to ask the lists now).");
    if (!m_session.resultCameFrom(resolverSource()))
        return tr("Not added to the case: the DNS source changed since the investigation.");
    return {};
}

QString InvestigationController::keepBlocklists(const BlocklistQuestion &question,
    const Dnsbl::Check &check, bool cancelled, quint64 resultSerial)
{
    if (cancelled)
        return tr("Not added to the case: cancelled.");
    if (resultSerial != m_resultSerial)
        return tr("Not added to the case: a new investigation started meanwhile.");
    // (addBlocklists needs a result, which blocklistsOutsideCase has made sure of.)
    if (const QString why = blocklistsOutsideCase();
        !why.isEmpty() || !m_session.addBlocklists(question, check))
        return why;
    Q_EMIT changed();
    return tr("Kept in the case: saved with it, replayed offline and in the report.");
}

void InvestigationController::cancelBlocklists()
{
    m_runner->cancel(JobRunner::Blocklists);
}

void InvestigationController::runBulk(
    const QList<Bulk::Input> &inputs, const Bulk::Options &options, BulkCallbacks callbacks)
{
    const ResolverSource source = resolverSource();
    JobRunner *runner = m_runner;
    runner->start(
        [runner, source, inputs, options, callbacks](
            quint64 job, const Work::Cancel &cancel) -> std::function<void()> {
            auto made = source.make(cancel);
            if (!made)
                return [callbacks, error = made.error()] { callbacks.failed(error); };
            const Bulk::Summary summary = Bulk::run(
                made->resolver, inputs, options, cancel, [&](const QList<Bulk::Row> &rows) {
                    runner->post(job, [callbacks, rows] { callbacks.rows(rows); });
                });
            return [callbacks, summary, cancelled = cancel.requested()] {
                callbacks.done(summary, cancelled);
            };
        },
        JobRunner::Bulk);
}

void InvestigationController::cancelBulk()
{
    m_runner->cancel(JobRunner::Bulk);
}

bool InvestigationController::isBulkBusy() const
{
    return m_runner->isBusy(JobRunner::Bulk);
}
