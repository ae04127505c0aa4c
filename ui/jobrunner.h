#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

#include <QObject>

#include "common/work.h"

// The GUI side of background work (Work, in core): one current job per lane, results handed back
// on the GUI thread. A window has one runner for all its DNS work; its lanes keep independent
// jobs apart (the investigation, a console query, the nameserver follow-up, a bulk audit, a
// block-list check).
// Starting a job cancels the previous job of its lane only; results of a job that is no longer
// current are dropped. A job runs on Work::pool() with a Work::Cancel; it hands results back
// through post(), which runs them on the GUI thread only while the job is current (and never after
// the runner is destroyed). A job cannot forget to end: what it returns is its last result, run
// after the lane is free again. The destructor cancels and waits for every job, so no job outlives
// the objects it reports to.
//
// Results travel through the runner's own mutex-guarded queue; Qt only carries data-free
// wake-ups (a queued signal). Every hand-off is thus visible to ThreadSanitizer even though Qt
// itself is not instrumented.
class JobRunner : public QObject
{
    Q_OBJECT

public:
    // Runs on the pool; returns its last result, which runs on the GUI thread (if the job is still
    // current) once the lane is free again. Earlier results go through post().
    using Job = std::function<std::function<void()>(quint64 job, const Work::Cancel &cancel)>;

    enum Lane : int { Main = 0, Tools, Nameservers, Bulk, Blocklists, LaneCount };

    explicit JobRunner(QObject *parent = nullptr);
    ~JobRunner() override;

    quint64 start(Job work, Lane lane = Main);
    void cancel(Lane lane = Main);
    void cancelAll();
    bool isBusy(Lane lane = Main) const { return m_lanes[lane].busy; }
    quint64 currentJob(Lane lane = Main) const { return m_lanes[lane].current; }
    // Thread-safe: queues `fn` to the GUI thread; it runs only if `job` is still current.
    void post(quint64 job, std::function<void()> fn);
    void waitForDone();

Q_SIGNALS:
    void busyChanged(bool busy); // the Main lane
    void laneBusyChanged(JobRunner::Lane lane, bool busy);
    void resultsPosted(); // internal: wakes the GUI thread to run posted results

private:
    struct Posted
    {
        quint64 job;
        std::function<void()> fn;
    };
    void runPosted();
    void finish(quint64 job);

    struct LaneState
    {
        Work::Cancel cancel;
        std::atomic<quint64> current {0};
        bool busy = false;
    };
    static Lane laneOf(quint64 job) { return Lane(job % LaneCount); }
    void setBusy(Lane lane, bool busy);

    quint64 m_counter = 0; // GUI thread only
    LaneState m_lanes[LaneCount];
    std::mutex m_mutex; // guards m_posted and m_running
    std::condition_variable m_done; // a job returned
    int m_running = 0; // jobs started and not yet returned
    std::deque<Posted> m_posted;
};
