#include "actors/context.hpp"

#include <algorithm>
#include <functional>

#include "common/ids.hpp"
#include "common/log.hpp"

namespace centralita::actors {

std::shared_ptr<const account_directory> account_holder::get() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return accounts_;
}

void account_holder::set(std::shared_ptr<const account_directory> a) {
  std::lock_guard<std::mutex> lock{mutex_};
  accounts_ = std::move(a);
}

void directory::set(const std::string& role, size_t index, caf::actor handle) {
  std::lock_guard<std::mutex> lock{mutex_};
  auto& list = handles_[role];
  if (list.size() <= index) list.resize(index + 1);
  list[index] = std::move(handle);
}

caf::actor directory::get(const std::string& role, size_t index) const {
  std::lock_guard<std::mutex> lock{mutex_};
  auto it = handles_.find(role);
  if (it == handles_.end() || index >= it->second.size()) return {};
  return it->second[index];
}

size_t directory::size(const std::string& role) const {
  std::lock_guard<std::mutex> lock{mutex_};
  auto it = handles_.find(role);
  return it == handles_.end() ? 0 : it->second.size();
}

void directory::clear() {
  std::lock_guard<std::mutex> lock{mutex_};
  handles_.clear();
}

bool degraded_roles::add(const std::string& role) {
  std::lock_guard<std::mutex> lock{mutex_};
  if (std::find(roles_.begin(), roles_.end(), role) != roles_.end()) return false;
  roles_.insert(std::upper_bound(roles_.begin(), roles_.end(), role), role);
  return true;
}

std::vector<std::string> degraded_roles::list() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return roles_;
}

metrics::gauge& degraded_gauge(const std::string& role) {
  return metrics::registry::global().get_gauge(
      "centralita_actor_degraded", "1 while a supervised actor runs its safe path after crashing",
      "actor=\"" + role + "\"");
}

void mark_degraded(node_context& ctx, const std::string& role, const std::string& why) {
  degraded_gauge(role).set(1);
  if (ctx.degraded.add(role)) log::error("{} runs degraded from now on: {}", role, why);
}

namespace {
metrics::counter& events(const char* outcome) {
  return metrics::registry::global().get_counter("centralita_events_total",
                                                 "Webhook events by outcome",
                                                 std::string{"outcome=\""} + outcome + "\"");
}
}  // namespace

node_context::node_context(config::settings s)
    : settings(std::move(s)),
      node_id(new_uuid()),
      counters{
          events("accepted"),
          events("duplicate"),
          events("ignored"),
          events("processed"),
          events("failed"),
          metrics::registry::global().get_counter("centralita_ai_decisions_total",
                                                  "Inbound messages decided by the AI pipeline"),
          metrics::registry::global().get_counter(
              "centralita_ai_batches_total", "Batches the AI pipeline decided its messages in"),
          events("unavailable"),
          metrics::registry::global().get_histogram("centralita_ingest_commit_seconds",
                                                    "Group commit time of one ingest batch"),
          metrics::registry::global().get_histogram(
              "centralita_process_batch_seconds", "Store time of one batch of processed events")} {}

size_t shard_of(const std::string& key, size_t shards) {
  return shards == 0 ? 0 : std::hash<std::string>{}(key) % shards;
}

}  // namespace centralita::actors
