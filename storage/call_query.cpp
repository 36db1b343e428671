#include "storage/call_query.hpp"

namespace centralita::storage {

namespace {

#define CENTRALITA_CALL_COLUMNS                                                                  \
  "id, provider_conversation_id, agent_id, customer_id, conversation_id, ticket_id, "            \
  "direction, status, phone, rfc3339(started_at), duration_s, summary, audio_path IS NOT NULL, " \
  "failure_reason, rfc3339(created_at), rfc3339(updated_at)"

constexpr const char* list_sql = "SELECT " CENTRALITA_CALL_COLUMNS
                                 " FROM call_sessions" CENTRALITA_RECORD_WHERE("phone, summary");

constexpr const char* find_sql = "SELECT " CENTRALITA_CALL_COLUMNS
                                 ", transcript::text, collected_data::text FROM call_sessions "
                                 "WHERE tenant_id = $1 AND id = $2";

constexpr const char* audio_sql =
    "SELECT audio_path FROM call_sessions WHERE tenant_id = $1 AND id = $2";

call_record read_row(const pg_result& r, int i) {
  call_record c;
  read_columns(r, i, c.id, c.provider_conversation_id, c.agent_id, c.customer_id, c.conversation_id,
               c.ticket_id, c.direction, c.status, c.phone, c.started_at, c.duration_s, c.summary,
               c.has_audio, c.failure_reason, c.created_at, c.updated_at);
  return c;
}

error no_such_call() { return make_error(errc::not_found, "no such call", "call_not_found"); }

}  // namespace

result<record_page<call_record>> call_query::list(int64_t tenant_id, const record_filter& f) {
  return record_page_of(db_.exec(list_sql, filter_params(tenant_id, f)), f, read_row);
}

result<call_record> call_query::find(int64_t tenant_id, int64_t id) {
  auto r = db_.exec(find_sql, {std::to_string(tenant_id), std::to_string(id)});
  if (!r) return r.error();
  if (r->rows() == 0) return no_such_call();
  auto c = read_row(*r, 0);
  c.transcript_json = r->str(0, 16);
  c.collected_json = r->str(0, 17);
  return c;
}

result<std::string> call_query::audio_path(int64_t tenant_id, int64_t id) {
  auto r = db_.exec(audio_sql, {std::to_string(tenant_id), std::to_string(id)});
  if (!r) return r.error();
  if (r->rows() == 0) return no_such_call();
  if (r->is_null(0, 0)) {
    return make_error(errc::not_found, "the call has no recording", "audio_not_found");
  }
  return r->str(0, 0);
}

}  // namespace centralita::storage
