#include "threads.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace onednn_kernels {
namespace {
// Calls on one thread after a demotion: doubling while the core stays busy, back to the minimum once
// kOnTimeStreak regions in a row ran on time again.
constexpr int kMinDemotedCalls = 16;
constexpr int kMaxDemotedCalls = 2048;
// The first regions start threads, grow their scratch buffers and let oneDNN set up: late, but not
// because of another process.
constexpr int kWarmupRegions = 8;
// A worker lagging the caller by more than the caller's whole share (and by at least 0.5 ms) made the
// region no faster than one thread would have been: it was waiting for a core.
constexpr double kLateSeconds = 5e-4;
constexpr double kLateFraction = 1.0;
// Demote after this many late regions in a row: a busy core stays busy, while a one-off delay (a
// halted virtual CPU waking up, a garbage-collector thread) is not worth giving up threads for.
constexpr int kLateStreak = 2;
constexpr int kOnTimeStreak = 8;
// How long a worker stays awake for the next loop: longer than the wasm kernels between the GEMMs of one
// PGD or training step (tens to a few hundred microseconds). Bench, batch 128, median ms (sleeping at
// once -> 0.3 ms -> 1 ms): MLP step 2.3 -> 2.1 -> 2.0, MLP PGD-10 L∞ 14.3 -> 12.7 -> 11.9; two bench
// processes side by side were no slower than with sleeping workers.
constexpr double kSpinSeconds = 1e-3;
int max_threads = 2;
// Measured on 2 cores: two threads double a 1.3e7-multiply-add GEMM and gain nothing at 4e6.
double parallel_threshold = 1e7;
bool guard = true;
int demoted_calls_left = 0;
int demotion_length = kMinDemotedCalls;
int late_in_a_row = 0;
int on_time_in_a_row = 0;
ThreadStats stats{0, 0};
// Workers spin only while the guard finds the second core free (read by the workers).
std::atomic<bool> core_free{true};
// OpenMP teams running now (OtherTeamScope): our workers do not poll meanwhile.
std::atomic<int> other_teams{0};
thread_local int thread_index = 0;

void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

void ObserveLag(double busy, double lag) {
  if (++stats.parallel_regions <= kWarmupRegions) return;
  if (!guard) return;
  if (lag > std::max(kLateSeconds, kLateFraction * busy)) {
    ++stats.late_workers;
    on_time_in_a_row = 0;
    if (++late_in_a_row >= kLateStreak) {
      demoted_calls_left = demotion_length;
      demotion_length = std::min(2 * demotion_length, kMaxDemotedCalls);
      late_in_a_row = 0;
      core_free.store(false, std::memory_order_relaxed);
    }
  } else {
    late_in_a_row = 0;
    if (++on_time_in_a_row >= kOnTimeStreak) demotion_length = kMinDemotedCalls;
  }
}

// The workers and the loop they share. One loop at a time: the caller (the JavaScript thread) returns
// only when every worker has acknowledged it.
class Pool {
 public:
  void Run(int threads, int64_t count, void (*call)(const void*, int64_t), const void* body) {
    Grow(threads - 1);
    const int team = static_cast<int>(workers_) + 1;
    call_ = call;
    body_ = body;
    count_ = count;
    threads_ = threads;
    block_ = (count + threads - 1) / threads;
    error_ = nullptr;
    std::fill(begin_.begin(), begin_.end(), 0.0);
    std::fill(end_.begin(), end_.end(), 0.0);
    pending_.store(team - 1, std::memory_order_relaxed);
    const double start = Now();
    {
      // Under the lock, so that a worker about to sleep either sees the new loop or is woken for it.
      std::lock_guard<std::mutex> lock(mutex_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    begin_[0] = start;
    Share(0);
    end_[0] = Now();
    for (int spins = 0; pending_.load(std::memory_order_acquire) != 0; ++spins) Relax(spins);
    double lag = 0;
    for (int t = 1; t < threads; ++t) lag = std::max(lag, std::max(begin_[t] - start, end_[t] - end_[0]));
    ObserveLag(end_[0] - start, lag);
    if (error_ != nullptr) std::rethrow_exception(error_);
  }

 private:
  static void Relax(int spins) {
    CpuRelax();
    // Now and then let another runnable thread on this core go first.
    if (spins % 64 == 63) sched_yield();
  }

  void Grow(int workers) {
    if (workers <= static_cast<int>(workers_)) return;
    begin_.resize(workers + 1);
    end_.resize(workers + 1);
    for (int w = static_cast<int>(workers_) + 1; w <= workers; ++w) {
      // Detached, and the pool is never destroyed: a worker asleep on the condition variable at process
      // exit must not find it destroyed under it.
      std::thread([this, w, seen = generation_.load()] { Work(w, seen); }).detach();
    }
    workers_ = workers;
  }

  // This thread's block of the loop.
  void Share(int t) {
    thread_index = t;
    const int64_t first = std::min(count_, t * block_);
    const int64_t last = t < threads_ ? std::min(count_, first + block_) : first;
    for (int64_t i = first; i < last; ++i) {
      try {
        call_(body_, i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex_);
        if (error_ == nullptr) error_ = std::current_exception();
      }
    }
    thread_index = 0;
  }

  [[noreturn]] void Work(int t, uint64_t seen) {
    for (;;) {
      seen = NextLoop(seen);
      begin_[t] = Now();
      Share(t);
      end_[t] = Now();
      pending_.fetch_sub(1, std::memory_order_release);
    }
  }

  // Polls for the next loop for kSpinSeconds (not at all while the core is busy), then sleeps.
  uint64_t NextLoop(uint64_t seen) {
    const double deadline = Now() + (core_free.load(std::memory_order_relaxed) ? kSpinSeconds : 0.0);
    for (int spins = 0;; ++spins) {
      const uint64_t g = generation_.load(std::memory_order_acquire);
      if (g != seen) return g;
      if (spins % 16 == 15 && (Now() > deadline || other_teams.load(std::memory_order_relaxed) > 0)) break;
      Relax(spins);
    }
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
    return generation_.load(std::memory_order_acquire);
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> pending_{0};
  std::atomic<int> workers_{0};
  void (*call_)(const void*, int64_t) = nullptr;
  const void* body_ = nullptr;
  int64_t count_ = 0, block_ = 0;
  int threads_ = 0;
  std::vector<double> begin_{0.0}, end_{0.0};
  std::mutex error_mutex_;
  std::exception_ptr error_ = nullptr;
};

Pool& ThePool() {
  static Pool* pool = new Pool();  // never destroyed: see Grow
  return *pool;
}
}  // namespace

ThreadStats Stats() { return stats; }

double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

int ThreadIndex() { return thread_index; }

OtherTeamScope::OtherTeamScope() { other_teams.fetch_add(1, std::memory_order_relaxed); }
OtherTeamScope::~OtherTeamScope() { other_teams.fetch_sub(1, std::memory_order_relaxed); }

void SetMaxThreads(int threads) { max_threads = threads < 1 ? 1 : threads; }
int MaxThreads() { return max_threads; }
void SetParallelThreshold(double multiply_adds) { parallel_threshold = multiply_adds; }
double ParallelThreshold() { return parallel_threshold; }
void SetGuard(bool enabled) {
  guard = enabled;
  demoted_calls_left = 0;
  core_free.store(true, std::memory_order_relaxed);
}

int PlanThreads(double work, double scale) {
  if (max_threads == 1 || work * scale < parallel_threshold) return 1;
  if (guard && demoted_calls_left > 0) {
    if (--demoted_calls_left == 0) core_free.store(true, std::memory_order_relaxed);
    return 1;
  }
  return max_threads;
}

void RunParallel(int threads, int64_t count, void (*call)(const void*, int64_t), const void* body) {
  ThePool().Run(threads, count, call, body);
}

}  // namespace onednn_kernels
