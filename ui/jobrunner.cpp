#include "jobrunner.h"

JobRunner::JobRunner(QObject *parent)
    : QObject(parent)
{
    connect(this, &JobRunner::resultsPosted, this, &JobRunner::runPosted, Qt::QueuedConnection);
}

JobRunner::~JobRunner()
{
    cancelAll();
    for (LaneState &lane : m_lanes)
        lane.current = 0;
    waitForDone();
    // The jobs are done; empty the queue under the mutex they used, before it is destroyed.
    std::lock_guard lock(m_mutex);
    m_posted.clear();
}

quint64 JobRunner::start(Job work, Lane lane)
{
    LaneState &state = m_lanes[lane];
    state.cancel.request(); // the old job stops at its next query; its results are dropped
    state.cancel = Work::Cancel();
    const quint64 job = ++m_counter * LaneCount + lane;
    state.current = job;
    {
        std::lock_guard lock(m_mutex);
        ++m_running;
    }
    Work::start([this, job, cancel = state.cancel, work = std::move(work)]() mutable {
        std::function<void()> last = work(job, cancel);
        work = nullptr; // what the job holds goes before the runner may
        post(job, [this, job, last = std::move(last)] {
            finish(job);
            if (last)
                last();
        });
        std::lock_guard lock(m_mutex);
        --m_running;
        m_done.notify_all();
    });
    setBusy(lane, true);
    return job;
}

void JobRunner::setBusy(Lane lane, bool busy)
{
    if (m_lanes[lane].busy == busy)
        return;
    m_lanes[lane].busy = busy;
    Q_EMIT laneBusyChanged(lane, busy);
    if (lane == Main)
        Q_EMIT busyChanged(busy);
}

void JobRunner::cancel(Lane lane)
{
    m_lanes[lane].cancel.request();
}

void JobRunner::cancelAll()
{
    for (int lane = 0; lane < LaneCount; ++lane)
        cancel(Lane(lane));
}

void JobRunner::post(quint64 job, std::function<void()> fn)
{
    {
        std::lock_guard lock(m_mutex);
        m_posted.push_back(Posted {job, std::move(fn)});
    }
    Q_EMIT resultsPosted(); // queued to the runner's (GUI) thread
}

void JobRunner::runPosted()
{
    std::deque<Posted> ready;
    {
        std::lock_guard lock(m_mutex);
        ready.swap(m_posted);
    }
    for (Posted &p : ready) {
        if (p.job == m_lanes[laneOf(p.job)].current)
            p.fn();
    }
}

void JobRunner::finish(quint64 job)
{
    const Lane lane = laneOf(job);
    if (job != m_lanes[lane].current)
        return;
    setBusy(lane, false);
}

void JobRunner::waitForDone()
{
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_running == 0; });
}
