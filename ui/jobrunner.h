#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include <QObject>
#include <QThreadPool>

// Runs work off the GUI thread, one current job per lane. A window has one runner for all its DNS
// work; its lanes keep independent jobs apart (the investigation, a console query, the nameserver
// follow-up, a bulk audit). Starting a job cancels the previous job of its lane only; results of
// a job that is no longer current are dropped. Work gets a cancel flag; it must hand
// results back through post(), which runs them on the GUI thread only while the job is current
// (and never after the runner is destroyed). The destructor cancels and waits for every worker, so
// no worker outlives the objects it reports to.
//
// Work and results travel through the runner's own mutex-guarded queues; Qt only carries
// data-free wake-ups (a pool task, a queued signal). Every hand-off is thus visible to
// ThreadSanitizer even though Qt itself is not instrumented.
class JobRunner : public QObject
{
    Q_OBJECT

public:
    using CancelFlag = std::shared_ptr<std::atomic<bool>>;
    using Work = std::function<void(quint64 job, const CancelFlag &cancel)>;

    enum Lane : int { Main = 0, Tools, Nameservers, Bulk, LaneCount };

    explicit JobRunner(QObject *parent = nullptr);
    ~JobRunner() override;

    quint64 start(const QString &description, Work work, Lane lane = Main);
    void cancel(Lane lane = Main);
    void cancelAll();
    bool isBusy(Lane lane = Main) const { return m_lanes[lane].busy; }
    quint64 currentJob(Lane lane = Main) const { return m_lanes[lane].current; }
    // Thread-safe: queues `fn` to the GUI thread; it runs only if `job` is still current.
    void post(quint64 job, std::function<void()> fn);
    // Ends the current job (called by the work's last post()).
    void finish(quint64 job);
    void waitForDone();

Q_SIGNALS:
    void busyChanged(bool busy); // the Main lane
    void laneBusyChanged(JobRunner::Lane lane, bool busy);
    void resultsPosted(); // internal: wakes the GUI thread to run posted results

private:
    struct Task
    {
        quint64 job;
        CancelFlag cancel;
        Work work;
    };
    struct Posted
    {
        quint64 job;
        std::function<void()> fn;
    };
    void runOneTask();
    void runPosted();

    struct LaneState
    {
        CancelFlag cancel;
        std::atomic<quint64> current {0};
        bool busy = false;
    };
    static Lane laneOf(quint64 job) { return Lane(job % LaneCount); }
    void setBusy(Lane lane, bool busy);

    QThreadPool m_pool;
    quint64 m_counter = 0; // GUI thread only
    LaneState m_lanes[LaneCount];
    std::mutex m_mutex; // guards the two queues
    std::deque<Task> m_tasks;
    std::deque<Posted> m_posted;
};
