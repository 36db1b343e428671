#include "actors/service_replies.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "common/csat_rating.hpp"
#include "common/json_text.hpp"
#include "storage/away_reply_repo.hpp"

namespace centralita::actors {

namespace {

std::string message_json(int64_t id, int64_t conversation_id, const std::string& direction,
                         const std::string& sender_type, const std::string& text) {
  return "{\"id\":" + std::to_string(id) +
         ",\"conversation_id\":" + std::to_string(conversation_id) +
         ",\"direction\":" + json_string(direction) +
         ",\"sender_type\":" + json_string(sender_type) + ",\"text\":" + json_string(text) + "}";
}

}  // namespace

result<std::vector<storage::recorded_rating>> take_csat_ratings(
    storage::pg_connection& db, std::vector<storage::inbound_message>& messages,
    std::vector<std::string>& event_ids) {
  std::vector<storage::csat_reply> replies;
  for (const auto& m : messages) {
    if (m.direction != "in" || (!m.attachments_json.empty() && m.attachments_json != "[]")) {
      continue;
    }
    if (auto rating = parse_csat_rating(m.body)) {
      replies.push_back({m.event_id, m.tenant_id, m.phone, m.body, *rating});
    }
  }
  if (replies.empty()) return std::vector<storage::recorded_rating>{};
  auto recorded = storage::csat_repo{db}.record(replies);
  if (!recorded) return recorded.error();
  const auto& consumed = recorded->consumed_events;
  std::unordered_set<std::string> taken(consumed.begin(), consumed.end());
  messages.erase(std::remove_if(messages.begin(), messages.end(),
                                [&](const auto& m) { return taken.count(m.event_id) > 0; }),
                 messages.end());
  event_ids.erase(std::remove_if(event_ids.begin(), event_ids.end(),
                                 [&](const auto& id) { return taken.count(id) > 0; }),
                  event_ids.end());
  return std::move(recorded->rated);
}

std::vector<live_event> rating_events(const std::vector<storage::recorded_rating>& ratings) {
  std::vector<live_event> out;
  for (const auto& r : ratings) {
    out.push_back({r.tenant_id, "message.created",
                   message_json(r.message_id, r.conversation_id, "in", "customer", r.body)});
    out.push_back({r.tenant_id, "csat.rated",
                   "{\"conversation_id\":" + std::to_string(r.conversation_id) +
                       ",\"message_id\":" + std::to_string(r.message_id) +
                       ",\"rating\":" + std::to_string(r.rating) + ",\"agent_id\":" +
                       (r.agent_id ? std::to_string(*r.agent_id) : "null") + "}"});
  }
  return out;
}

result<std::vector<storage::enqueued_reply>> send_away_replies(
    storage::pg_connection& db, const std::vector<storage::inbound_message>& messages,
    const std::vector<storage::stored_message>& stored) {
  std::unordered_map<std::string, const storage::inbound_message*> by_event;
  for (const auto& m : messages) {
    if (m.direction == "in") by_event.emplace(m.event_id, &m);
  }
  std::vector<storage::stored_customer_message> customer;
  for (const auto& s : stored) {
    auto it = by_event.find(s.event_id);
    if (it != by_event.end())
      customer.push_back({it->second->tenant_id, s.conversation_id, s.message_id});
  }
  return storage::away_reply_repo{db}.reply_to_new(customer);
}

live_event sent_message_event(const storage::message_record& m) {
  return {m.tenant_id, "message.created",
          message_json(m.id, m.conversation_id, m.direction, m.sender_type, m.body)};
}

}  // namespace centralita::actors
