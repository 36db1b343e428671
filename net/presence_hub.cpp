#include "net/presence_hub.hpp"

#include <rapidjson/document.h>

#include <vector>

#include "common/json_parse.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_client_frame = 200;

}  // namespace

std::optional<std::string> presence_frame(std::string_view client_text, int64_t user_id) {
  if (client_text.size() > max_client_frame) return std::nullopt;
  rapidjson::Document doc;
  if (!parse_json(doc, client_text) || !doc.IsObject() || doc.MemberCount() != 2) {
    return std::nullopt;
  }
  auto type = doc.FindMember("type");
  auto id = doc.FindMember("conversation_id");
  if (type == doc.MemberEnd() || !type->value.IsString() || id == doc.MemberEnd()) {
    return std::nullopt;
  }
  const std::string_view kind{type->value.GetString(), type->value.GetStringLength()};
  if (kind != "viewing" && kind != "typing") return std::nullopt;
  std::string conversation;
  if (id->value.IsInt64() && id->value.GetInt64() > 0) {
    conversation = std::to_string(id->value.GetInt64());
  } else if (id->value.IsNull() && kind == "viewing") {
    conversation = "null";
  } else {
    return std::nullopt;
  }
  return "{\"type\":\"presence\",\"data\":{\"kind\":\"" + std::string{kind} +
         "\",\"conversation_id\":" + conversation + ",\"user_id\":" + std::to_string(user_id) +
         "}}";
}

std::string presence_left_frame(int64_t user_id) {
  return "{\"type\":\"presence\",\"data\":{\"kind\":\"left\",\"conversation_id\":null,"
         "\"user_id\":" +
         std::to_string(user_id) + "}}";
}

bool presence_rate::allow(std::chrono::steady_clock::time_point now) {
  if (now - started_ >= window_) {
    started_ = now;
    count_ = 0;
  }
  return ++count_ <= burst_;
}

uint64_t presence_hub::join(int64_t tenant_id, deliver_fn deliver) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t id = next_id_++;
  tenant_of_.emplace(id, tenant_id);
  by_tenant_[tenant_id].emplace(id, std::make_shared<deliver_fn>(std::move(deliver)));
  return id;
}

void presence_hub::leave(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = tenant_of_.find(id);
  if (it == tenant_of_.end()) return;
  auto t = by_tenant_.find(it->second);
  if (t != by_tenant_.end()) {
    t->second.erase(id);
    if (t->second.empty()) by_tenant_.erase(t);
  }
  tenant_of_.erase(it);
}

namespace {

void deliver_all(const std::vector<std::shared_ptr<presence_hub::deliver_fn>>& targets,
                 const std::string& frame) {
  auto shared = std::make_shared<const std::string>(frame);
  for (const auto& d : targets) (*d)(shared);
}

}  // namespace

void presence_hub::relay(uint64_t from, const std::string& frame) {
  std::vector<std::shared_ptr<deliver_fn>> targets;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = tenant_of_.find(from);
    if (it == tenant_of_.end()) return;
    for (const auto& [id, deliver] : by_tenant_[it->second]) {
      if (id != from) targets.push_back(deliver);
    }
  }
  deliver_all(targets, frame);
}

void presence_hub::relay_to_tenant(int64_t tenant_id, const std::string& frame) {
  std::vector<std::shared_ptr<deliver_fn>> targets;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = by_tenant_.find(tenant_id);
    if (it == by_tenant_.end()) return;
    for (const auto& [id, deliver] : it->second) targets.push_back(deliver);
  }
  deliver_all(targets, frame);
}

void presence_member::join(presence_hub& hub, share_fn share, int64_t tenant_id, int64_t user_id,
                           presence_hub::deliver_fn deliver) {
  if (joined()) return;
  hub_ = &hub;
  share_ = std::move(share);
  tenant_id_ = tenant_id;
  user_id_ = user_id;
  id_ = hub.join(tenant_id, std::move(deliver));
}

void presence_member::from_client(std::string_view text,
                                  std::chrono::steady_clock::time_point now) {
  if (!joined() || !rate_.allow(now)) return;
  if (auto frame = presence_frame(text, user_id_)) relay(*frame);
}

void presence_member::leave() {
  if (!joined()) return;
  relay(presence_left_frame(user_id_));
  hub_->leave(id_);
  id_ = 0;
}

void presence_member::relay(const std::string& frame) {
  hub_->relay(id_, frame);
  if (share_) share_(tenant_id_, frame);
}

}  // namespace centralita::net
