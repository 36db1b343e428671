#pragma once
// The autopilot: a detached actor (one per shard of conversations) that runs the AI pipeline
// for each stored inbound message, in order: triage, the tenant's decision policy, knowledge
// search and tracking look-ups, then one transaction that records the decision and carries it
// out (suggestion, ticket, hand-off, reply through the outbox). The database keeps one decision
// per message, so a message seen twice (recovery after a crash) is answered once.

#include <caf/all.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/batch_linger.hpp"
#include "actors/context.hpp"
#include "actors/db_session.hpp"
#include "actors/llm_assist.hpp"
#include "actors/messages.hpp"
#include "ai/policy.hpp"
#include "ai/reply.hpp"

namespace centralita::actors {

/// The directory role of the autopilot shards.
inline constexpr const char* autopilot_role = "autopilot";

/// The shard that decides for a conversation: always the same one, so its order holds.
inline size_t autopilot_shard(int64_t conversation_id, size_t shards) {
  return shards == 0 ? 0 : static_cast<size_t>(conversation_id) % shards;
}

/// One message on its way through the pipeline, with what was found for it.
struct ai_work {
  ai_item item;
  ai::triage_result triage;
  ai::decision decision;
  ai::policy_settings settings;
  int64_t customer_id = 0;
  std::string customer_name;
  bool bot_active = true;
  std::vector<ai::knowledge_passage> passages;
  std::optional<std::string> llm_answer;    ///< an INFO answer the LLM wrote, validated and cited
  std::string llm_note;                     ///< what the LLM did, or why not, for the reason
  std::vector<std::string> llm_codes;       ///< the same as codes (llm.triage, llm.reply, ...)
  std::vector<ai::invoice_facts> invoices;  ///< the customer's latest, for a BILLING draft
  std::optional<ai::tracking_facts> shipment;  ///< the stored shipment a TRACKING message names
  ai::number_lookup lookup = ai::number_lookup::none;  ///< when none matched its number
  bool reread_shipment = false;  ///< the tracking adapter found and stored it meanwhile
};

/// Batches in arrival order; the front one is being worked on while `busy`.
struct autopilot_state {
  std::shared_ptr<node_context> ctx;
  std::unique_ptr<db_session> db;
  size_t shard = 0;
  std::deque<ai_batch> queue;
  bool busy = false;
  bool start_scheduled = false;  ///< a flush to self is on its way
  batch_pacer pacer;
  std::vector<ai_work> work;  ///< the front batch, prepared
  size_t waiting = 0;         ///< searches and tracking look-ups not answered yet
  int failures = 0;
  std::chrono::steady_clock::time_point stage_at;  ///< when the front batch's stage began
  /// A tenant's LLM client, built from its OpenAI-compatible account (llm_for), with this
  /// shard's view of that account's health.
  struct account_llm {
    std::string fingerprint;
    std::unique_ptr<providers::openai_client> client;
    llm_breaker breaker;
  };
  std::map<int64_t, account_llm> llms;  ///< by channel account id
};

/// The LLM of a tenant: its enabled "openai" account with an API key (lowest id first), never
/// another tenant's; null when it has none (the local model alone answers then).
autopilot_state::account_llm* llm_for(autopilot_state& st, int64_t tenant_id);

/// Spawn with `caf::detached`; `shard` is its index among the autopilot shards.
caf::behavior autopilot(caf::stateful_actor<autopilot_state>* self,
                        std::shared_ptr<node_context> ctx, size_t shard);

}  // namespace centralita::actors
