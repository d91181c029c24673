// How many threads a piece of work gets (1, or the configured maximum: 2 by default), and the parallel
// loop that runs it on workers of our own, with a guard against another process holding the second core.
//
// Our own workers, not OpenMP's, so that how long a worker waits awake for the next loop is ours to
// decide: asleep, waking it costs tens of microseconds on a virtual machine, twice per PGD step; awake
// (spinning) for good, it takes the second core from V8's garbage collector and from a second process.
// A worker polls for a short window after each loop (kSpinSeconds, threads.cc), yielding the core to
// any other runnable thread, and only while the guard below finds the second core free.
//
// A parallel region waits for its slowest thread. When another process holds the second core, the
// worker runs only when the scheduler gives it a slice, and a 1 ms kernel can take 10 ms. So every
// parallel loop times when each thread starts and finishes its share; when a worker starts late or
// finishes well after the calling thread (the signature of a busy core, independent of the kernel's
// shape) in two regions running, all work runs on one thread for a while (16 parallel-sized calls,
// doubling while the core stays busy), then tries again.
// Not the first few regions, which are slow to start for other reasons (threads being created).
#pragma once
#include <cstdint>

namespace onednn_kernels {

// Threads for `work` units (multiply-adds; `scale` converts other units, e.g. 0.1 for floats copied).
int PlanThreads(double work, double scale = 1.0);

double Now();  // monotonic, seconds

void SetMaxThreads(int threads);
int MaxThreads();
// Work (multiply-adds) from which a second thread pays off.
void SetParallelThreshold(double multiply_adds);
double ParallelThreshold();
// Without the guard, parallel-sized work always gets the maximum (tests use it to force threads).
void SetGuard(bool enabled);
// Counters since load: parallel regions run, and times the guard found a worker late.
struct ThreadStats {
  double parallel_regions, late_workers;
};
ThreadStats Stats();

// Around a call that runs OpenMP threads of its own (oneDNN's primitives): our workers stop polling while
// it runs, so the second core is OpenMP's.
struct OtherTeamScope {
  OtherTeamScope();
  ~OtherTeamScope();
};

// The calling thread's index in the running parallel loop: 0 outside one and on the caller, t on worker t.
int ThreadIndex();

// body(i) for i < count on `threads` threads: the caller and threads - 1 workers of our own, each a
// contiguous block of ceil(count / threads) indices. The first exception is rethrown after.
void RunParallel(int threads, int64_t count, void (*call)(const void* body, int64_t i), const void* body);

template <typename Body>
void ParallelFor(int threads, int64_t count, const Body& body) {
  if (threads <= 1 || count <= 1) {
    for (int64_t i = 0; i < count; ++i) body(i);
    return;
  }
  RunParallel(threads, count, [](const void* b, int64_t i) { (*static_cast<const Body*>(b))(i); }, &body);
}

}  // namespace onednn_kernels
