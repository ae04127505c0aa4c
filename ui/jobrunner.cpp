#include "jobrunner.h"

JobRunner::JobRunner(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(4);
    connect(this, &JobRunner::resultsPosted, this, &JobRunner::runPosted, Qt::QueuedConnection);
}

JobRunner::~JobRunner()
{
    if (m_cancel)
        m_cancel->store(true);
    m_current = 0;
    m_pool.waitForDone();
    // The workers are done; empty the queues under the mutex they used, before they are destroyed.
    std::lock_guard lock(m_mutex);
    m_tasks.clear();
    m_posted.clear();
}

quint64 JobRunner::start(const QString &description, Work work)
{
    Q_UNUSED(description);
    if (m_cancel)
        m_cancel->store(true); // the old job stops at its next query; its results are dropped
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 job = ++m_current;
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(Task {job, m_cancel, std::move(work)});
    }
    m_pool.start([this] { runOneTask(); });
    if (!m_busy) {
        m_busy = true;
        Q_EMIT busyChanged(true);
    }
    return job;
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

void JobRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
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
        if (p.job == m_current)
            p.fn();
    }
}

void JobRunner::finish(quint64 job)
{
    if (job != m_current || !m_busy)
        return;
    m_busy = false;
    Q_EMIT busyChanged(false);
}

void JobRunner::waitForDone()
{
    m_pool.waitForDone();
}
