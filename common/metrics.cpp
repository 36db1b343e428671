#include "common/metrics.hpp"

#include <cmath>
#include <sstream>

namespace centralita::metrics {

namespace {
std::string braces(const std::string& labels) {
  return labels.empty() ? std::string{} : "{" + labels + "}";
}

std::string with_label(const std::string& labels, const std::string& extra) {
  return "{" + (labels.empty() ? extra : labels + "," + extra) + "}";
}

std::string format_number(double v) {
  std::ostringstream out;
  out.precision(12);
  out << v;
  return out.str();
}
}  // namespace

histogram::histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void histogram::observe(double seconds) {
  size_t i = 0;
  while (i < bounds_.size() && seconds > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<uint64_t>(std::llround(seconds * 1e6)),
                        std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::string histogram::render(const std::string& name, const std::string& labels) const {
  std::ostringstream out;
  uint64_t cumulative = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    out << name << "_bucket" << with_label(labels, "le=\"" + format_number(bounds_[i]) + "\"")
        << ' ' << cumulative << '\n';
  }
  cumulative += counts_[bounds_.size()].load(std::memory_order_relaxed);
  out << name << "_bucket" << with_label(labels, "le=\"+Inf\"") << ' ' << cumulative << '\n';
  out << name << "_sum" << braces(labels) << ' '
      << format_number(static_cast<double>(sum_micros_.load()) / 1e6) << '\n';
  out << name << "_count" << braces(labels) << ' ' << count_.load() << '\n';
  return out.str();
}

std::vector<double> latency_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

registry::family& registry::family_for(const std::string& name, const std::string& help,
                                       const char* type) {
  auto& f = families_[name];
  if (f.type.empty()) {
    f.help = help;
    f.type = type;
  }
  return f;
}

counter& registry::get_counter(const std::string& name, const std::string& help,
                               const std::string& labels) {
  std::lock_guard<std::mutex> lock{mutex_};
  auto& slot = family_for(name, help, "counter").counters[labels];
  if (!slot) slot = std::make_unique<counter>();
  return *slot;
}

gauge& registry::get_gauge(const std::string& name, const std::string& help,
                           const std::string& labels) {
  std::lock_guard<std::mutex> lock{mutex_};
  auto& slot = family_for(name, help, "gauge").gauges[labels];
  if (!slot) slot = std::make_unique<gauge>();
  return *slot;
}

histogram& registry::get_histogram(const std::string& name, const std::string& help,
                                   const std::string& labels) {
  std::lock_guard<std::mutex> lock{mutex_};
  auto& slot = family_for(name, help, "histogram").histograms[labels];
  if (!slot) slot = std::make_unique<histogram>(latency_buckets());
  return *slot;
}

void registry::gauge_fn(const std::string& name, const std::string& help, const std::string& labels,
                        std::function<double()> fn) {
  std::lock_guard<std::mutex> lock{mutex_};
  family_for(name, help, "gauge").fns[labels] = std::move(fn);
}

std::string registry::render() const {
  std::lock_guard<std::mutex> lock{mutex_};
  std::ostringstream out;
  for (const auto& [name, f] : families_) {
    out << "# HELP " << name << ' ' << f.help << '\n' << "# TYPE " << name << ' ' << f.type << '\n';
    for (const auto& [labels, c] : f.counters)
      out << name << braces(labels) << ' ' << c->value() << '\n';
    for (const auto& [labels, g] : f.gauges)
      out << name << braces(labels) << ' ' << g->value() << '\n';
    for (const auto& [labels, fn] : f.fns)
      out << name << braces(labels) << ' ' << format_number(fn()) << '\n';
    for (const auto& [labels, h] : f.histograms) out << h->render(name, labels);
  }
  return out.str();
}

registry& registry::global() {
  static registry instance;
  return instance;
}

}  // namespace centralita::metrics
