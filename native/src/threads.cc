#include "threads.h"

#include <algorithm>
#include <chrono>

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
int max_threads = 2;
// Measured on 2 cores: two threads double a 1.3e7-multiply-add GEMM and gain nothing at 4e6.
double parallel_threshold = 1e7;
bool guard = true;
int demoted_calls_left = 0;
int demotion_length = kMinDemotedCalls;
int late_in_a_row = 0;
int on_time_in_a_row = 0;
ThreadStats stats{0, 0};
}  // namespace

ThreadStats Stats() { return stats; }

double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

void SetMaxThreads(int threads) { max_threads = threads < 1 ? 1 : threads; }
int MaxThreads() { return max_threads; }
void SetParallelThreshold(double multiply_adds) { parallel_threshold = multiply_adds; }
double ParallelThreshold() { return parallel_threshold; }
void SetGuard(bool enabled) {
  guard = enabled;
  demoted_calls_left = 0;
}

int PlanThreads(double work, double scale) {
  if (max_threads == 1 || work * scale < parallel_threshold) return 1;
  if (guard && demoted_calls_left > 0) {
    --demoted_calls_left;
    return 1;
  }
  return max_threads;
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
    }
  } else {
    late_in_a_row = 0;
    if (++on_time_in_a_row >= kOnTimeStreak) demotion_length = kMinDemotedCalls;
  }
}

}  // namespace onednn_kernels
