#include "actors/call_events.hpp"

#include <filesystem>

#include "common/json_text.hpp"
#include "common/log.hpp"
#include "providers/elevenlabs_webhook.hpp"
#include "storage/call_audio.hpp"
#include "storage/call_repo.hpp"

namespace centralita::actors {

namespace {

using providers::elevenlabs_kind;

const char* kind_name(elevenlabs_kind k) {
  switch (k) {
    case elevenlabs_kind::transcription:
      return "transcription";
    case elevenlabs_kind::audio:
      return "audio";
    case elevenlabs_kind::initiation_failure:
      return "failure";
  }
  return "failure";
}

}  // namespace

std::string call_audio_dir(const std::string& data_dir) {
  return (std::filesystem::path{data_dir} / "call_audio").string();
}

status store_call_event(storage::pg_connection& db, const std::string& data_dir,
                        const storage::pending_event& ev, std::vector<live_event>& announce) {
  auto parsed = providers::parse_elevenlabs_webhook(ev.payload);
  if (!parsed) return make_error(errc::invalid_input, "payload cannot be read");
  storage::call_event call;
  call.event_id = ev.event_id;
  call.tenant_id = ev.tenant_id;
  call.account_id = ev.account_id;
  call.kind = kind_name(parsed->kind);
  call.provider_conversation_id = parsed->conversation_id;
  call.agent_id = parsed->agent_id;
  call.direction = parsed->direction.empty() ? "inbound" : parsed->direction;
  call.status = parsed->status.empty() ? "processing" : parsed->status;
  call.phone = parsed->phone;
  call.started_at_s = parsed->started_at_s;
  call.duration_s = parsed->duration_s;
  call.summary = parsed->summary;
  call.transcript_json = parsed->transcript_json;
  call.collected_json = parsed->collected_json;
  call.language = parsed->language;
  call.failure_reason = parsed->failure_reason;
  if (parsed->kind == elevenlabs_kind::audio) {
    // Written before the row names it; a retry writes the same file again.
    auto path = storage::save_call_audio(call_audio_dir(data_dir), ev.tenant_id,
                                         parsed->conversation_id, parsed->audio);
    if (!path) return path.error();
    call.audio_path = std::move(*path);
  }
  auto stored = storage::call_repo{db}.store(call);
  if (!stored) return stored.error();
  if (!stored->applied) return ok_status();
  log::info("calls: event {} stored call {} ({})", ev.event_id, stored->call_id, call.kind);
  announce.push_back(
      {ev.tenant_id, stored->created ? "call.created" : "call.updated", stored->call_json});
  if (stored->suggestion_id && stored->conversation_id) {
    announce.push_back({ev.tenant_id, "suggestion.created",
                        "{\"id\":" + std::to_string(*stored->suggestion_id) +
                            ",\"conversation_id\":" + std::to_string(*stored->conversation_id) +
                            ",\"message_id\":null,\"status\":\"pending\",\"text\":" +
                            json_string(stored->suggestion_text) + "}"});
  }
  return ok_status();
}

}  // namespace centralita::actors
