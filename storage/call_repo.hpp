#pragma once
// Turning an accepted ElevenLabs post-call event into a call session: the customer by phone
// (created when new), their open conversation (opened when none) and open ticket, the call's
// row, and after a transcription a follow-up suggestion, all in one transaction that also marks
// the event processed, so an event is applied once even when it is processed twice.

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// What one post-call event says about a call.
struct call_event {
  std::string event_id;
  int64_t tenant_id = 0;
  int64_t account_id = 0;
  std::string kind;  ///< "transcription" | "audio" | "failure"
  std::string provider_conversation_id;
  std::string agent_id;
  std::string direction = "inbound";
  std::string status = "done";
  std::string phone;  ///< digits; empty when unknown (the call is then linked to no one)
  std::optional<int64_t> started_at_s;
  std::optional<int64_t> duration_s;
  std::string summary;
  std::string transcript_json = "[]";
  std::string collected_json = "{}";
  std::string language;
  std::string failure_reason;
  std::string audio_path;  ///< audio events: where the recording was written
};

/// What storing it did.
struct stored_call {
  bool applied = false;  ///< false: the event was processed before, nothing changed
  bool created = false;  ///< a new call session (else an update of one)
  int64_t call_id = 0;
  std::optional<int64_t> conversation_id;
  std::string call_json;  ///< the session as the live event shows it
  std::optional<int64_t> suggestion_id;
  std::string suggestion_text;
};

/// Named statements for the processing of call events.
class call_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit call_repo(pg_connection& db) : db_(db) {}

  /// Applies `ev` in one transaction (see the file comment).
  result<stored_call> store(const call_event& ev);

 private:
  pg_connection& db_;
};

/// The follow-up drafted after a call: thanks and the summary, in `language` ("en", "pt",
/// else Spanish).
std::string call_follow_up_text(const std::string& language, const std::string& summary);

}  // namespace centralita::storage
