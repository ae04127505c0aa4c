#pragma once

#include <atomic>
#include <functional>
#include <memory>

class QThreadPool;

// Background work, one way. Every thread SPF Sleuth runs comes from Work::pool(); work that can
// be stopped takes a Work::Cancel; work that fans out (a bulk audit, a nameserver comparison, the
// tree prefetcher) runs as a Work::Crew on that pool. The window's JobRunner is only the GUI
// side of it: one current job per lane, results handed back on the GUI thread.
namespace Work {

// A cancel token. Copies share one flag: keep a copy, hand copies to the work, and request()
// from any thread; the work checks requested() before each step (each DNS query).
class Cancel
{
public:
    Cancel();
    void request() const { m_flag->store(true, std::memory_order_relaxed); }
    bool requested() const { return m_flag->load(std::memory_order_relaxed); }

private:
    std::shared_ptr<std::atomic<bool>> m_flag;
};

// The one thread pool. DNS work mostly waits on the network, so it has far more threads than
// cores; they start on demand and end when idle.
QThreadPool &pool();

// Runs `fn` on the pool.
void start(std::function<void()> fn);

// At most `width` workers from the pool draining a queue of jobs; a job may add more. Jobs not
// started before `cancel` is requested are skipped. A crew never waits for a worker the pool has
// not started yet (such a worker finds nothing left and leaves), so crews nest inside work that
// runs on the pool without deadlock.
class Crew
{
public:
    explicit Crew(int width, Cancel cancel = {});
    ~Crew(); // stop()
    Crew(const Crew &) = delete;
    Crew &operator=(const Crew &) = delete;

    void add(std::function<void()> job);
    // Blocking: the calling thread works too, until no job is left and none is running.
    void wait();
    // Blocking: drops the jobs not started and waits for the running ones. Later add()s are
    // ignored.
    void stop();

private:
    struct State;
    std::shared_ptr<State> m_state;
};

// fn(i) for every i in [0, count), at most `width` at once, the calling thread among them.
// Blocking. Indexes not started before `cancel` is requested are skipped.
void forEachIndex(int count, int width, const Cancel &cancel, const std::function<void(int)> &fn);

} // namespace Work
