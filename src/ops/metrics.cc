#include "ops/metrics.h"

#include <cmath>
#include <cstdio>
#include <mutex>

namespace scimd::ops {
namespace {

std::string FormatDouble(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  return buf;
}

std::string LabelSet(const std::vector<std::string>& names, const std::vector<std::string>& values,
                     std::string_view extra_name = {}, std::string_view extra_value = {}) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!out.empty()) out += ',';
    out += names[i] + "=\"" + EscapeLabelValue(values[i]) + "\"";
  }
  if (!extra_name.empty()) {
    if (!out.empty()) out += ',';
    out += std::string(extra_name) + "=\"" + std::string(extra_value) + "\"";
  }
  return out.empty() ? out : "{" + out + "}";
}

std::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

void RenderSeries(const std::string& name, const std::vector<std::string>& labels,
                  const std::vector<std::string>& values, const Counter& c, std::string& out) {
  out += name + LabelSet(labels, values) + " " + std::to_string(c.value()) + "\n";
}

void RenderSeries(const std::string& name, const std::vector<std::string>& labels,
                  const std::vector<std::string>& values, const Gauge& g, std::string& out) {
  out += name + LabelSet(labels, values) + " " + std::to_string(g.value()) + "\n";
}

}  // namespace

const std::vector<double>& DefaultBuckets() {
  static const std::vector<double> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                               0.25,  0.5,    1,     2.5,  5,     10};
  return kBuckets;
}

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

Histogram::Histogram(const std::vector<double>& bounds)
    : bounds_(bounds), buckets_(new std::atomic<uint64_t>[bounds.size()]) {
  for (size_t i = 0; i < bounds.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double seconds) {
  if (!(seconds >= 0)) seconds = 0;  // also catches NaN
  for (size_t i = 0; i < bounds_.size(); ++i) {
    if (seconds <= bounds_[i]) {
      buckets_[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  sum_ns_.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<uint64_t> Histogram::Cumulative() const {
  std::vector<uint64_t> out;
  uint64_t running = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    out.push_back(running);
  }
  out.push_back(std::max(running, count()));
  return out;
}

namespace {

void RenderSeries(const std::string& name, const std::vector<std::string>& labels,
                  const std::vector<std::string>& values, const std::vector<double>& bounds,
                  const Histogram& h, std::string& out) {
  std::vector<uint64_t> cumulative = h.Cumulative();
  for (size_t i = 0; i < cumulative.size(); ++i) {
    std::string le = i < bounds.size() ? FormatDouble(bounds[i]) : "+Inf";
    out += name + "_bucket" + LabelSet(labels, values, "le", le) + " " +
           std::to_string(cumulative[i]) + "\n";
  }
  out += name + "_sum" + LabelSet(labels, values) + " " + FormatDouble(h.sum()) + "\n";
  out +=
      name + "_count" + LabelSet(labels, values) + " " + std::to_string(cumulative.back()) + "\n";
}

}  // namespace

template <class T>
Family<T>::Family(std::string name, std::string help, std::vector<std::string> labels,
                  std::vector<double> bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      labels_(std::move(labels)),
      bounds_(std::move(bounds)) {}

template <class T>
std::unique_ptr<T> Family<T>::Make() const {
  if constexpr (std::is_same_v<T, Histogram>) {
    return std::make_unique<Histogram>(bounds_);
  } else {
    return std::make_unique<T>();
  }
}

template <class T>
T& Family<T>::With(const std::vector<std::string>& values) {
  {
    std::shared_lock lock(mu_);
    auto it = series_.find(values);
    if (it != series_.end()) return *it->second;
  }
  std::unique_lock lock(mu_);
  auto it = series_.find(values);
  if (it != series_.end()) return *it->second;
  if (series_.size() >= kMaxSeries || values.size() != labels_.size()) {
    std::vector<std::string> other(labels_.size(), "_other");
    auto& slot = series_[other];
    if (!slot) slot = Make();
    return *slot;
  }
  auto& slot = series_[values];
  slot = Make();
  return *slot;
}

template <class T>
void Family<T>::Render(MetricType type, std::string& out) const {
  out += "# HELP " + name_ + " " + help_ + "\n";
  out += "# TYPE " + name_ + " " + std::string(TypeName(type)) + "\n";
  std::shared_lock lock(mu_);
  for (const auto& [values, series] : series_) {
    if constexpr (std::is_same_v<T, Histogram>) {
      RenderSeries(name_, labels_, values, bounds_, *series, out);
    } else {
      RenderSeries(name_, labels_, values, *series, out);
    }
  }
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

Family<Counter>& Registry::AddCounter(std::string name, std::string help,
                                      std::vector<std::string> labels) {
  std::unique_lock lock(mu_);
  counters_.push_back(
      std::make_unique<Family<Counter>>(std::move(name), std::move(help), std::move(labels)));
  order_.emplace_back(MetricType::kCounter, counters_.size() - 1);
  return *counters_.back();
}

Family<Gauge>& Registry::AddGauge(std::string name, std::string help,
                                  std::vector<std::string> labels) {
  std::unique_lock lock(mu_);
  gauges_.push_back(
      std::make_unique<Family<Gauge>>(std::move(name), std::move(help), std::move(labels)));
  order_.emplace_back(MetricType::kGauge, gauges_.size() - 1);
  return *gauges_.back();
}

Family<Histogram>& Registry::AddHistogram(std::string name, std::string help,
                                          std::vector<std::string> labels,
                                          std::vector<double> bounds) {
  std::unique_lock lock(mu_);
  histograms_.push_back(std::make_unique<Family<Histogram>>(std::move(name), std::move(help),
                                                            std::move(labels), std::move(bounds)));
  order_.emplace_back(MetricType::kHistogram, histograms_.size() - 1);
  return *histograms_.back();
}

std::string Registry::Render() const {
  std::string out;
  std::shared_lock lock(mu_);
  for (const auto& [type, index] : order_) {
    switch (type) {
      case MetricType::kCounter:
        counters_[index]->Render(type, out);
        break;
      case MetricType::kGauge:
        gauges_[index]->Render(type, out);
        break;
      case MetricType::kHistogram:
        histograms_[index]->Render(type, out);
        break;
    }
  }
  return out;
}

}  // namespace scimd::ops
