#include "jobrunner.h"

#include <QMetaObject>

JobRunner::JobRunner(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(4);
}

JobRunner::~JobRunner()
{
    if (m_cancel)
        m_cancel->store(true);
    m_current = 0;
    m_pool.waitForDone();
}

quint64 JobRunner::start(const QString &description, Work work)
{
    Q_UNUSED(description);
    if (m_cancel)
        m_cancel->store(true); // the old job stops at its next query; its results are dropped
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 job = ++m_current;
    CancelFlag flag = m_cancel;
    m_pool.start([work = std::move(work), job, flag] { work(job, flag); });
    if (!m_busy) {
        m_busy = true;
        Q_EMIT busyChanged(true);
    }
    return job;
}

void JobRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void JobRunner::post(quint64 job, std::function<void()> fn)
{
    QMetaObject::invokeMethod(
        this,
        [this, job, fn = std::move(fn)] {
            if (job == m_current)
                fn();
        },
        Qt::QueuedConnection);
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
