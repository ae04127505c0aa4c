#include "common/work.h"

#include <condition_variable>
#include <deque>
#include <mutex>

#include <QThreadPool>

namespace Work {

Cancel::Cancel()
    : m_flag(std::make_shared<std::atomic<bool>>(false))
{ }

QThreadPool &pool()
{
    static QThreadPool *const instance = [] {
        auto *p = new QThreadPool; // never destroyed: workers may outlive static destruction
        // Crews nest (a bulk audit's domains, each with a prefetcher), and each thread mostly
        // waits on a DNS answer; a bound above what nesting asks for keeps runaway fan-out out.
        p->setMaxThreadCount(512);
        p->setExpiryTimeout(10000);
        return p;
    }();
    return *instance;
}

namespace {

// Work travels through this mutex-guarded queue; the pool only gets a data-free call to take the
// next piece. Every hand-off is thus visible to ThreadSanitizer, though Qt is not instrumented.
struct Handoff
{
    std::mutex mutex;
    std::deque<std::function<void()>> queue;
};

Handoff &handoff()
{
    static Handoff *const instance = new Handoff; // never destroyed, as the pool
    return *instance;
}

void runNext()
{
    std::function<void()> fn;
    {
        std::lock_guard lock(handoff().mutex);
        if (handoff().queue.empty())
            return;
        fn = std::move(handoff().queue.front());
        handoff().queue.pop_front();
    }
    fn();
}

} // namespace

void start(std::function<void()> fn)
{
    {
        std::lock_guard lock(handoff().mutex);
        handoff().queue.push_back(std::move(fn));
    }
    pool().start(&runNext);
}

// Shared with the crew's workers, which may start (late) after the crew is gone.
struct Crew::State
{
    std::mutex mutex;
    std::condition_variable changed; // a job added, or a running job done
    std::deque<std::function<void()>> jobs;
    int width = 1;
    int workers = 0; // asked of the pool and not yet left
    int running = 0; // jobs running now (workers' and the waiting caller's)
    bool closed = false;
    Cancel cancel;

    // Runs queued jobs until none is left (or the crew is closed). Called with the lock held.
    void drain(std::unique_lock<std::mutex> &lock)
    {
        while (!closed && !jobs.empty()) {
            std::function<void()> job = std::move(jobs.front());
            jobs.pop_front();
            ++running;
            lock.unlock();
            if (!cancel.requested())
                job();
            job = nullptr; // what the job holds goes before the crew learns it is done
            lock.lock();
            --running;
            changed.notify_all();
        }
    }
};

Crew::Crew(int width, Cancel cancel)
    : m_state(std::make_shared<State>())
{
    m_state->width = std::max(0, width);
    m_state->cancel = std::move(cancel);
}

Crew::~Crew()
{
    stop();
}

void Crew::add(std::function<void()> job)
{
    const std::shared_ptr<State> state = m_state;
    std::lock_guard lock(state->mutex);
    if (state->closed)
        return;
    state->jobs.push_back(std::move(job));
    state->changed.notify_all(); // a waiting caller takes it if no worker does
    if (state->workers >= state->width)
        return;
    ++state->workers;
    start([state] {
        std::unique_lock lock(state->mutex);
        state->drain(lock);
        --state->workers;
    });
}

void Crew::wait()
{
    std::unique_lock lock(m_state->mutex);
    for (;;) {
        m_state->drain(lock);
        if (m_state->running == 0 && (m_state->jobs.empty() || m_state->closed))
            return;
        m_state->changed.wait(lock);
    }
}

void Crew::stop()
{
    std::deque<std::function<void()>> dropped; // destroyed after the lock is let go
    std::unique_lock lock(m_state->mutex);
    m_state->closed = true;
    dropped.swap(m_state->jobs);
    m_state->changed.wait(lock, [this] { return m_state->running == 0; });
}

void forEachIndex(int count, int width, const Cancel &cancel, const std::function<void(int)> &fn)
{
    Crew crew(width - 1, cancel); // the calling thread is the last of `width`
    for (int i = 0; i < count; ++i)
        crew.add([&fn, i] { fn(i); });
    crew.wait();
}

} // namespace Work
