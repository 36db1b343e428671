#pragma once
// The ElevenLabs post-call webhook (docs/protocols.md §2a): `{"type": ..., "event_timestamp": ...,
// "data": {...}}`. Strict about the type and the ids we key on, lenient about the rest: unknown
// fields are ignored and optional ones may be missing or null.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace centralita::providers {

/// The post-call event types Centralita handles; any other is refused (422).
enum class elevenlabs_kind {
  transcription,       ///< `post_call_transcription`: the whole call, analysed
  audio,               ///< `post_call_audio`: the recording, base64 MP3
  initiation_failure,  ///< `call_initiation_failure`: an outbound call that never connected
};

/// A validated post-call event.
struct elevenlabs_event {
  elevenlabs_kind kind = elevenlabs_kind::transcription;
  std::string type;             ///< as sent
  std::string conversation_id;  ///< ElevenLabs' id of the call
  std::string agent_id;
  std::string status;     ///< initiated | in-progress | processing | done | failed
  std::string direction;  ///< inbound | outbound
  std::string phone;      ///< the customer's number, digits only; empty when unknown
  std::optional<int64_t> started_at_s;
  std::optional<int64_t> duration_s;
  std::string summary;
  std::string transcript_json = "[]";  ///< [{role, message, time_in_call_secs}]
  std::string collected_json = "{}";   ///< data-collection id -> value
  std::string language;                ///< e.g. "es"; empty when unknown
  std::string failure_reason;          ///< initiation failures only
  std::string audio;                   ///< decoded audio bytes (audio events only)
};

/// Longest conversation id accepted, in bytes.
constexpr size_t max_conversation_id_bytes = 128;

/// Validates and extracts; errors are errc::invalid_input naming the field, or
/// errc::unprocessable for a `type` we do not handle.
result<elevenlabs_event> parse_elevenlabs_webhook(std::string_view body);

/// Standard base64 (padding optional, no whitespace); errc::invalid_input otherwise.
result<std::string> decode_base64(std::string_view text);

}  // namespace centralita::providers
