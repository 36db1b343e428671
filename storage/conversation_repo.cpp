#include "storage/conversation_repo.hpp"

#include <algorithm>
#include <cctype>

#include "common/calendar.hpp"
#include "storage/blacklist_outbox.hpp"
#include "storage/csat_repo.hpp"
#include "storage/record_filter.hpp"
#include "storage/user_repo.hpp"

namespace centralita::storage {

namespace {

// The conversation's labels as a JSON array, by name.
#define CENTRALITA_CONVERSATION_LABELS                                                         \
  "(SELECT coalesce(json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) " \
  " ORDER BY lower(l.name)), '[]')::text FROM conversation_labels cl JOIN labels l "           \
  " ON l.tenant_id = cl.tenant_id AND l.id = cl.label_id "                                     \
  " WHERE cl.tenant_id = c.tenant_id AND cl.conversation_id = c.id)"

// The columns read_conversation() reads, one conversation a row with its customer.
#define CENTRALITA_CONVERSATION_SELECT                                                            \
  "SELECT c.id, c.tenant_id, c.customer_id, c.channel_account_id, c.status, c.assignee_id, "      \
  " c.bot_active, rfc3339(c.last_message_at), rfc3339(c.created_at), rfc3339(c.updated_at), "     \
  " cu.name, cu.phone, "                                                                          \
  " (SELECT left(m.body, 200) FROM messages m "                                                   \
  "   WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id ORDER BY m.id DESC LIMIT 1), " \
  " rfc3339(c.first_response_due_at), rfc3339(c.resolution_due_at), "                             \
  " rfc3339(c.first_responded_at), " CENTRALITA_CONVERSATION_LABELS                               \
  " "                                                                                             \
  "FROM conversations c JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = "             \
  "c.customer_id "

constexpr const char* find_sql =
    CENTRALITA_CONVERSATION_SELECT "WHERE c.tenant_id = $1 AND c.id = $2";

// $5/$6 are the cursor (id, last_message_at). The order is the index's: last_message_at DESC
// puts NULLs first, so after a NULL-timestamp cursor come the remaining NULLs and then all rows
// with a timestamp, and after a timestamped one only rows strictly below it.
const std::string filters =
    "c.tenant_id = $1 "
    " AND ($2::text IS NULL OR c.status = $2) "
    " AND ($3::bigint IS NULL OR c.assignee_id = $3) "
    " AND (NOT $9::boolean OR c.assignee_id IS NULL) "
    " AND ($11::bigint IS NULL OR EXISTS (SELECT 1 FROM conversation_labels cl "
    "   WHERE cl.tenant_id = c.tenant_id AND cl.conversation_id = c.id AND cl.label_id = $11)) "
    " AND ($5::bigint IS NULL "
    "   OR ($6::timestamptz IS NOT NULL AND (c.last_message_at, c.id) < ($6::timestamptz, $5)) "
    "   OR ($6::timestamptz IS NULL AND (c.last_message_at IS NOT NULL OR c.id < $5))) ";
const std::string page_order = "ORDER BY c.last_message_at DESC, c.id DESC LIMIT $7";
const std::string list_columns = CENTRALITA_CONVERSATION_SELECT;

// Without q: one walk down conversations_tenant_recent. $4, $8 and $10 are not used.
const std::string list_sql = list_columns + "WHERE " + filters + " AND $4::text IS NULL " +
                             " AND $8::boolean IS NOT NULL AND $10::text IS NOT NULL " + page_order;

// With q ($4, LIKE-escaped): the best page of each way to match, merged. An OR of the matches
// in one WHERE left the planner one plan: test every conversation of the tenant (~1 s at
// 100,000). Apart, the name or phone match ($4) uses the trigram indexes (or the recency index
// when matches are plenty), and the message match ($10, a prefix tsquery, only when $8) the
// full-text index, collected once into an array: as a join, the planner (which guesses 2% of
// all messages for any prefix query) scanned every conversation to meet a handful of matches.
const std::string search_sql =
    list_columns +
    "WHERE c.tenant_id = $1 AND c.id IN ("
    "(SELECT c.id FROM conversations c JOIN customers cu ON cu.tenant_id = c.tenant_id "
    "  AND cu.id = c.customer_id WHERE " +
    filters + "  AND (cu.name ILIKE '%' || $4 || '%' OR cu.phone LIKE '%' || $4 || '%') " +
    page_order + ") UNION ALL (SELECT c.id FROM conversations c WHERE " + filters +
    "  AND $8::boolean AND $10::text <> '' AND c.id = ANY (ARRAY(SELECT m.conversation_id "
    "    FROM messages m WHERE m.tenant_id = $1 "
    "    AND to_tsvector('simple', m.body) @@ to_tsquery('simple', $10))) " +
    page_order + ")) " + page_order;

constexpr const char* lock_sql =
    "SELECT status, assignee_id, bot_active FROM conversations "
    "WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
constexpr const char* update_sql =
    "UPDATE conversations SET status = $3, assignee_id = $4, bot_active = $5, updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2";
constexpr const char* insert_audit_sql =
    "INSERT INTO audit_log (tenant_id, actor_type, actor_user_id, entity_type, entity_id, action, "
    " before, after) "
    "VALUES ($1, $2, $3, 'conversation', $4, 'conversation.updated', "
    " jsonb_build_object('status', $5::text, 'assignee_id', $6::bigint, 'bot_active', "
    "$9::boolean), "
    " jsonb_build_object('status', $7::text, 'assignee_id', $8::bigint, 'bot_active', "
    "   $10::boolean))";

conversation read_conversation(const pg_result& r, int row) {
  conversation c;
  read_columns(r, row, c.id, c.tenant_id, c.customer_id, c.channel_account_id, c.status,
               c.assignee_id, c.bot_active, c.last_message_at, c.created_at, c.updated_at,
               c.customer_name, c.customer_phone, c.last_message_preview, c.first_response_due_at,
               c.resolution_due_at, c.first_responded_at, c.labels_json);
  return c;
}

}  // namespace

std::string prefix_tsquery(std::string_view text) {
  std::string out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += " & ";
    out += word + ":*";
    word.clear();
  };
  for (char ch : text) {
    auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) || u >= 0x80) {
      word += static_cast<char>(std::tolower(u));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

bool is_conversation_status(std::string_view s) {
  return s == "open" || s == "pending" || s == "resolved";
}

std::string encode_cursor(const conversation_cursor& cursor) {
  return std::to_string(cursor.id) + ":" + cursor.last_message_at.value_or("");
}

result<conversation_cursor> decode_cursor(std::string_view text) {
  auto bad = make_error(errc::invalid_input, "cursor is not valid", "invalid_cursor");
  auto colon = text.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 18) return bad;
  conversation_cursor out;
  for (char ch : text.substr(0, colon)) {
    if (std::isdigit(static_cast<unsigned char>(ch)) == 0) return bad;
    out.id = out.id * 10 + (ch - '0');
  }
  auto time = text.substr(colon + 1);
  if (!time.empty()) {
    if (!is_utc_timestamp_micros(time)) return bad;
    out.last_message_at = std::string{time};
  }
  return out;
}

result<conversation> conversation_repo::find(int64_t tenant_id, int64_t id) {
  auto r = db_.exec(find_sql, {std::to_string(tenant_id), std::to_string(id)});
  if (!r) return r.error();
  if (r->rows() == 0) {
    return make_error(errc::not_found, "no such conversation", "conversation_not_found");
  }
  return read_conversation(*r, 0);
}

result<conversation_page> conversation_repo::list(int64_t tenant_id,
                                                  const conversation_filter& filter) {
  if (filter.status && *filter.status != "open" && *filter.status != "pending" &&
      *filter.status != "resolved") {
    return make_error(errc::invalid_input, "status must be open, pending or resolved",
                      "invalid_status");
  }
  const int limit = std::clamp(filter.limit, 1, 200);
  param assignee;
  param query;
  param after_id;
  param after_time;
  if (filter.assignee_id) assignee = std::to_string(*filter.assignee_id);
  param label;
  if (filter.label_id) label = std::to_string(*filter.label_id);
  if (filter.query && !filter.query->empty()) query = escape_like(*filter.query);
  if (filter.after) {
    after_id = std::to_string(filter.after->id);
    after_time = filter.after->last_message_at;
  }
  // One row more than asked tells whether there is a next page.
  auto r =
      db_.exec((query ? search_sql : list_sql).c_str(),
               {std::to_string(tenant_id), filter.status, assignee, query, after_id, after_time,
                std::to_string(limit + 1), std::string{filter.query_messages ? "true" : "false"},
                std::string{filter.unassigned ? "true" : "false"},
                prefix_tsquery(filter.query.value_or("")), label});
  if (!r) return r.error();
  conversation_page page;
  const int rows = std::min(r->rows(), limit);
  page.items.reserve(rows);
  for (int i = 0; i < rows; ++i) page.items.push_back(read_conversation(*r, i));
  if (r->rows() > limit) {
    const auto& last = page.items.back();
    page.next = conversation_cursor{last.last_message_at, last.id};
  }
  return page;
}

result<conversation> conversation_repo::update(int64_t tenant_id, int64_t id, const actor& who,
                                               const conversation_patch& patch,
                                               std::optional<enqueued_reply>* asked) {
  auto out =
      in_transaction(db_, [&] { return update_in_transaction(tenant_id, id, who, patch, asked); });
  // The partial unique index allows one open or pending conversation per customer.
  if (!out && out.error().detail == "unique_violation") {
    return make_error(errc::conflict,
                      "the customer already has another open conversation; resolve it first",
                      "conversation_conflict");
  }
  return out;
}

result<conversation> conversation_repo::update_in_transaction(
    int64_t tenant_id, int64_t id, const actor& who, const conversation_patch& patch,
    std::optional<enqueued_reply>* asked) {
  const std::string tid = std::to_string(tenant_id);
  const std::string cid = std::to_string(id);
  auto locked = db_.exec(lock_sql, {tid, cid});
  if (!locked) return locked.error();
  if (locked->rows() == 0) {
    return make_error(errc::not_found, "no such conversation", "conversation_not_found");
  }
  const std::string old_status = locked->str(0, 0);
  const auto old_assignee = nullable_int(*locked, 0, 1);
  const bool old_bot = locked->boolean(0, 2);
  if (patch.status && !is_conversation_status(*patch.status)) {
    return make_error(errc::unprocessable, "status must be open, pending or resolved",
                      "invalid_value");
  }
  const std::string to_status = patch.status.value_or(old_status);
  const auto to_assignee = patch.set_assignee ? patch.assignee_id : old_assignee;
  const bool to_bot = patch.bot_active.value_or(old_bot);
  if (to_assignee && to_assignee != old_assignee) {
    auto found = user_repo{db_}.exists(tenant_id, *to_assignee);
    if (!found) return found.error();
    if (!*found) {
      return make_error(errc::unprocessable, "assignee_id is not a user of this tenant",
                        "invalid_value");
    }
  }
  if (to_status != old_status || to_assignee != old_assignee || to_bot != old_bot) {
    const std::string bot_text = to_bot ? "true" : "false";
    auto r = db_.exec(update_sql, {tid, cid, to_status, nullable_param(to_assignee), bot_text});
    if (!r) return r.error();
    param user;
    if (who.user_id) user = std::to_string(*who.user_id);
    auto a =
        db_.exec(insert_audit_sql,
                 {tid, who.type, user, cid, old_status, nullable_param(old_assignee), to_status,
                  nullable_param(to_assignee), std::string{old_bot ? "true" : "false"}, bot_text});
    if (!a) return a.error();
    if (to_bot != old_bot) {
      if (auto q = enqueue_blacklist(db_, tenant_id, id, to_bot); !q) return q.error();
    }
  }
  if (to_status == "resolved" && old_status != "resolved") {
    auto question = csat_repo{db_}.ask_within(tenant_id, id);
    if (!question) return question.error();
    if (asked) *asked = std::move(*question);
  }
  return find(tenant_id, id);
}

}  // namespace centralita::storage
