// How many threads a piece of work gets (1, or the configured maximum: 2 by default), and the parallel
// loop that runs it, with a guard against another process holding the second core.
//
// A parallel region waits for its slowest thread. When another process holds the second core, the
// worker runs only when the scheduler gives it a slice, and a 1 ms kernel can take 10 ms. So every
// parallel loop times when each thread starts and finishes its share; when a worker starts late or
// finishes well after the calling thread (the signature of a busy core, independent of the kernel's
// shape) in two regions running, all work runs on one thread for a while (16 parallel-sized calls,
// doubling while the core stays busy), then tries again.
// Not the first few regions, which are slow to start for other reasons (threads being created).
#pragma once
#include <omp.h>

#include <cstdint>
#include <algorithm>
#include <exception>
#include <vector>

namespace onednn_kernels {

// Threads for `work` units (multiply-adds; `scale` converts other units, e.g. 0.1 for floats copied).
int PlanThreads(double work, double scale = 1.0);

// Called by ParallelFor with the calling thread's busy time and the worst worker lag (seconds).
void ObserveLag(double busy, double lag);

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

// body(i) for i < count on `threads` threads (a static split); the first exception is rethrown after.
template <typename Body>
void ParallelFor(int threads, int64_t count, const Body& body) {
  if (threads <= 1 || count <= 1) {
    for (int64_t i = 0; i < count; ++i) body(i);
    return;
  }
  std::exception_ptr error = nullptr;
  std::vector<double> begin(threads, 0.0);
  std::vector<double> end(threads, 0.0);
  const double start = Now();
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    begin[t] = Now();
#pragma omp for schedule(static) nowait
    for (int64_t i = 0; i < count; ++i) {
      try {
        body(i);
      } catch (...) {
#pragma omp critical
        if (error == nullptr) error = std::current_exception();
      }
    }
    end[t] = Now();
  }
  double lag = 0;
  for (int t = 1; t < static_cast<int>(begin.size()); ++t) {
    if (end[t] == 0) continue;  // the team had fewer threads than asked
    lag = std::max(lag, std::max(begin[t] - start, end[t] - end[0]));
  }
  ObserveLag(end[0] - start, lag);
  if (error != nullptr) std::rethrow_exception(error);
}

}  // namespace onednn_kernels
