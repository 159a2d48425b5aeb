// A small metrics registry rendered in the Prometheus text exposition format
// 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/).
// Hand-written: Debian ships no C++ Prometheus client worth the dependency.
//
// Counters, gauges and histograms are plain atomics: recording a value never
// takes a lock. Looking up a labelled series takes a shared lock (an
// exclusive one only the first time a label set is seen). Every family caps
// its number of series (kMaxSeries); past the cap, new label sets are all
// recorded under the label values "_other", so a hostile client cannot grow
// memory or the scrape without bound.
//
// Thread-safety: everything may be called concurrently from any thread.
// Families live as long as their Registry; references to series stay valid.
#ifndef SCIMD_OPS_METRICS_H_
#define SCIMD_OPS_METRICS_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace scimd::ops {

inline constexpr size_t kMaxSeries = 2000;

class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Add(int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void Set(int64_t n) { value_.store(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Buckets are upper bounds in seconds, ascending; +Inf is implied.
class Histogram {
 public:
  explicit Histogram(const std::vector<double>& bounds);
  void Observe(double seconds);
  // Cumulative counts per bound, then +Inf (== count()).
  std::vector<uint64_t> Cumulative() const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9; }

 private:
  const std::vector<double>& bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // one per bound, not cumulative
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_ns_{0};
};

// Request-latency buckets: 1 ms to 10 s.
const std::vector<double>& DefaultBuckets();

enum class MetricType { kCounter, kGauge, kHistogram };

// One metric name with its label names; series by label values.
template <class T>
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> labels,
         std::vector<double> bounds = {});
  // The series for `values` (one per label name, in order).
  T& With(const std::vector<std::string>& values);
  void Render(MetricType type, std::string& out) const;

 private:
  std::unique_ptr<T> Make() const;

  const std::string name_;
  const std::string help_;
  const std::vector<std::string> labels_;
  const std::vector<double> bounds_;
  mutable std::shared_mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<T>> series_;  // GUARDED_BY(mu_)
};

class Registry {
 public:
  Family<Counter>& AddCounter(std::string name, std::string help,
                              std::vector<std::string> labels = {});
  Family<Gauge>& AddGauge(std::string name, std::string help, std::vector<std::string> labels = {});
  Family<Histogram>& AddHistogram(std::string name, std::string help,
                                  std::vector<std::string> labels,
                                  std::vector<double> bounds = DefaultBuckets());
  // The whole registry in text format 0.0.4, families in registration order.
  std::string Render() const;

 private:
  std::vector<std::unique_ptr<Family<Counter>>> counters_;
  std::vector<std::unique_ptr<Family<Gauge>>> gauges_;
  std::vector<std::unique_ptr<Family<Histogram>>> histograms_;
  std::vector<std::pair<MetricType, size_t>> order_;
  mutable std::shared_mutex mu_;
};

// `value` escaped for a label value: backslash, double quote and newline.
std::string EscapeLabelValue(std::string_view value);

}  // namespace scimd::ops

#endif  // SCIMD_OPS_METRICS_H_
