#pragma once
// Reading a tenant's call sessions: the list (without transcripts) and one call in full.

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/pg.hpp"
#include "storage/record_filter.hpp"

namespace centralita::storage {

/// A call session; transcript and collected data (jsonb texts) only when read one by one.
struct call_record {
  int64_t id = 0;
  std::string provider_conversation_id;
  std::optional<std::string> agent_id;
  std::optional<int64_t> customer_id;
  std::optional<int64_t> conversation_id;
  std::optional<int64_t> ticket_id;
  std::string direction;
  std::string status;
  std::optional<std::string> phone;
  std::optional<std::string> started_at;
  std::optional<int64_t> duration_s;
  std::optional<std::string> summary;
  bool has_audio = false;
  std::optional<std::string> failure_reason;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> transcript_json;
  std::optional<std::string> collected_json;
};

/// Named queries over call_sessions, always within one tenant.
class call_query {
 public:
  /// Uses `db` for every statement; the connection must outlive the object.
  explicit call_query(pg_connection& db) : db_(db) {}

  /// Newest first.
  result<record_page<call_record>> list(int64_t tenant_id, const record_filter& f);
  /// One call with its transcript; errc::not_found when the tenant has no such call.
  result<call_record> find(int64_t tenant_id, int64_t id);
  /// Where the call's recording is; errc::not_found when there is no call or no recording.
  result<std::string> audio_path(int64_t tenant_id, int64_t id);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
