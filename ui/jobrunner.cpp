#include "jobrunner.h"

JobRunner::JobRunner(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(8); // a job per lane, and room for cancelled ones finishing a query
    connect(this, &JobRunner::resultsPosted, this, &JobRunner::runPosted, Qt::QueuedConnection);
}

JobRunner::~JobRunner()
{
    cancelAll();
    for (LaneState &lane : m_lanes)
        lane.current = 0;
    m_pool.waitForDone();
    // The workers are done; empty the queues under the mutex they used, before they are destroyed.
    std::lock_guard lock(m_mutex);
    m_tasks.clear();
    m_posted.clear();
}

quint64 JobRunner::start(const QString &description, Work work, Lane lane)
{
    Q_UNUSED(description);
    LaneState &state = m_lanes[lane];
    if (state.cancel)
        state.cancel->store(true); // the old job stops at its next query; its results are dropped
    state.cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 job = ++m_counter * LaneCount + lane;
    state.current = job;
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(Task {job, state.cancel, std::move(work)});
    }
    m_pool.start([this] { runOneTask(); });
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

void JobRunner::runOneTask()
{
    Task task;
    {
        std::lock_guard lock(m_mutex);
        if (m_tasks.empty())
            return;
        task = std::move(m_tasks.front());
        m_tasks.pop_front();
    }
    task.work(task.job, task.cancel);
}

void JobRunner::cancel(Lane lane)
{
    if (m_lanes[lane].cancel)
        m_lanes[lane].cancel->store(true);
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
    m_pool.waitForDone();
}
