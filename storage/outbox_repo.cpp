#include "storage/outbox_repo.hpp"

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

// A blacklist row has no message: its conversation is its own, its text empty.
constexpr const char* columns =
    "o.id, o.tenant_id, o.message_id, COALESCE(m.conversation_id, o.conversation_id), "
    "o.provider, o.status, o.attempts, "
    "CASE WHEN o.status IN ('pending', 'sending') THEN rfc3339(o.next_attempt_at) END, "
    "o.last_error, o.provider_message_id, rfc3339(o.sent_at), "
    "rfc3339(o.created_at), rfc3339(o.updated_at), COALESCE(m.body, ''), o.kind, "
    "o.payload->>'intent' "
    "FROM outbox o LEFT JOIN messages m ON m.tenant_id = o.tenant_id AND m.id = o.message_id ";

const std::string list_sql = std::string{"SELECT "} + columns +
                             "WHERE o.tenant_id = $1 AND ($2::text IS NULL OR o.status = $2) "
                             " AND ($3::bigint IS NULL OR o.id < $3) "
                             "ORDER BY o.id DESC LIMIT $4";
const std::string find_sql =
    std::string{"SELECT "} + columns + "WHERE o.tenant_id = $1 AND o.id = $2";

constexpr const char* lock_for_retry_sql =
    "SELECT status, jsonb_build_object('status', status, 'attempts', attempts)::text "
    "FROM outbox WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
constexpr const char* retry_row_sql =
    "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now(), "
    " lease_id = NULL, updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2 RETURNING message_id";
// A blacklist row has no message to move back.
constexpr const char* requeue_message_sql =
    "UPDATE messages SET status = 'queued' WHERE tenant_id = $1 AND id = $2";

// One statement, committed on its own: the claim must be durable before the send starts, so a
// process that dies mid-send leaves the row 'sending' until its lease ends, never 'pending'.
// A row waits while an earlier outgoing message of its conversation is still queued, so one
// conversation's replies reach the customer in the order they were written (a retrying reply
// holds back the ones after it until it is sent, failed or dead). Blacklist calls of one
// conversation keep their order the same way, among themselves.
constexpr const char* claim_sql =
    "UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1, "
    " lease_id = gen_random_uuid(), next_attempt_at = now() + $2::bigint * interval '1 ms', "
    " updated_at = now() "
    "FROM (SELECT x.id, COALESCE(m.conversation_id, x.conversation_id) AS conversation_id "
    "      FROM outbox x "
    "      LEFT JOIN messages m ON m.tenant_id = x.tenant_id AND m.id = x.message_id "
    "      WHERE x.status IN ('pending', 'sending') AND x.next_attempt_at <= now() "
    "        AND (m.id IS NULL OR NOT EXISTS (SELECT 1 FROM messages e "
    "          WHERE e.tenant_id = m.tenant_id AND e.conversation_id = m.conversation_id "
    "          AND e.id < m.id AND e.direction = 'out' AND e.status = 'queued')) "
    "        AND (x.kind = 'message' OR NOT EXISTS (SELECT 1 FROM outbox b "
    "          WHERE b.tenant_id = x.tenant_id AND b.conversation_id = x.conversation_id "
    "          AND b.id < x.id AND b.kind = 'blacklist' AND b.status IN ('pending', 'sending'))) "
    "      ORDER BY x.next_attempt_at LIMIT $1 FOR UPDATE OF x SKIP LOCKED) due "
    "WHERE o.id = due.id "
    "RETURNING o.id, o.tenant_id, o.message_id, due.conversation_id, o.provider, "
    " o.payload->>'number', o.payload->>'content', o.payload->>'media_url', o.attempts, "
    " o.lease_id::text, o.channel_account_id, (o.payload->>'media_id')::bigint, o.kind, "
    " o.payload->>'intent', o.payload->'template'";

// Only the holder of the lease records: a sender whose lease ran out (and whose row another
// sender claimed since) changes nothing.
constexpr const char* record_sql =
    "UPDATE outbox SET status = $3::text, "
    " provider_message_id = COALESCE($4::text, provider_message_id), "
    " sent_at = CASE WHEN $3::text = 'sent' THEN now() ELSE sent_at END, "
    " last_error = $5::text, "
    " next_attempt_at = CASE WHEN $3::text = 'pending' "
    "   THEN now() + $6::bigint * interval '1 ms' ELSE next_attempt_at END, "
    " lease_id = NULL, updated_at = now() "
    "WHERE id = $1 AND lease_id = $2::uuid AND status = 'sending' "
    "RETURNING tenant_id, message_id";
constexpr const char* message_status_sql =
    "UPDATE messages SET status = $3 WHERE tenant_id = $1 AND id = $2 AND status <> $3 "
    "RETURNING status";

outbox_row read_row(const pg_result& r, int i) {
  outbox_row o;
  read_columns(r, i, o.id, o.tenant_id, o.message_id, o.conversation_id, o.provider, o.status,
               o.attempts, o.next_attempt_at, o.last_error, o.provider_message_id, o.sent_at,
               o.created_at, o.updated_at, o.text, o.kind, o.intent);
  return o;
}

error no_such_row() {
  return make_error(errc::not_found, "no such outbox row", "outbox_not_found");
}

const char* row_status(send_outcome_record::kind k) {
  switch (k) {
    case send_outcome_record::kind::sent:
      return "sent";
    case send_outcome_record::kind::retry:
      return "pending";
    case send_outcome_record::kind::failed:
      return "failed";
    case send_outcome_record::kind::dead:
      return "dead";
  }
  return "pending";
}

}  // namespace

bool is_outbox_status(std::string_view s) {
  return s == "pending" || s == "sending" || s == "sent" || s == "failed" || s == "dead";
}

result<outbox_page> outbox_repo::list(int64_t tenant_id, const outbox_filter& f) {
  param before;
  if (f.before_id) before = std::to_string(*f.before_id);
  auto r = db_.exec(list_sql.c_str(),
                    {std::to_string(tenant_id), f.status, before, std::to_string(f.limit + 1)});
  return read_page<outbox_page>(r, f.limit, read_row);
}

result<outbox_row> outbox_repo::find(int64_t tenant_id, int64_t id) {
  return read_one(db_.exec(find_sql.c_str(), {std::to_string(tenant_id), std::to_string(id)}),
                  read_row, no_such_row());
}

result<outbox_row> outbox_repo::retry(int64_t tenant_id, int64_t id, const actor& who) {
  const std::string tid = std::to_string(tenant_id);
  const std::string oid = std::to_string(id);
  return in_transaction(db_, [&]() -> result<outbox_row> {
    auto locked = db_.exec(lock_for_retry_sql, {tid, oid});
    if (!locked) return locked.error();
    if (locked->rows() == 0) return no_such_row();
    auto status = locked->str(0, 0);
    if (status != "failed" && status != "dead") {
      return make_error(errc::conflict,
                        "only a failed or dead send can be retried (this one is " + status + ")",
                        "not_retryable");
    }
    auto moved = db_.exec(retry_row_sql, {tid, oid});
    if (!moved) return moved.error();
    if (!moved->is_null(0, 0)) {
      if (auto m = db_.exec(requeue_message_sql, {tid, moved->str(0, 0)}); !m) return m.error();
    }
    audit_entry entry{tenant_id,
                      who,
                      "outbox",
                      oid,
                      "outbox.retried",
                      locked->str(0, 1),
                      std::string{R"({"status":"pending","attempts":0})"}};
    if (auto a = audit_repo{db_}.append(entry); !a) return a.error();
    return find(tenant_id, id);
  });
}

result<std::vector<claimed_send>> outbox_repo::claim_due(int limit,
                                                         std::chrono::milliseconds lease) {
  return read_rows(db_.exec_prepared("outbox_claim", claim_sql,
                                     {std::to_string(limit), std::to_string(lease.count())}),
                   [](const pg_result& r, int i) {
                     claimed_send c;
                     read_columns(r, i, c.id, c.tenant_id, c.message_id, c.conversation_id,
                                  c.provider, c.number, c.content, c.media_url, c.attempt,
                                  c.lease_id, c.channel_account_id, c.media_id, c.kind, c.intent,
                                  c.template_json);
                     return c;
                   });
}

result<std::optional<recorded_outcome>> outbox_repo::record(const claimed_send& send,
                                                            const send_outcome_record& outcome) {
  using kind = send_outcome_record::kind;
  const std::string status = row_status(outcome.what);
  param error;
  if (outcome.what != kind::sent) error = outcome.error;
  return in_transaction(db_, [&]() -> result<std::optional<recorded_outcome>> {
    auto r = db_.exec_prepared(
        "outbox_record", record_sql,
        {std::to_string(send.id), send.lease_id, status, outcome.provider_message_id, error,
         std::to_string(outcome.retry_in.count())});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<recorded_outcome>{};
    recorded_outcome out{status, "queued", false};
    if (outcome.what != kind::retry && !r->is_null(0, 1)) {
      auto m = db_.exec_prepared("outbox_message_status", message_status_sql,
                                 {r->str(0, 0), r->str(0, 1), status});
      if (!m) return m.error();
      out.message_status = status;
      out.message_changed = m->rows() > 0;
    }
    return std::optional<recorded_outcome>{out};
  });
}

}  // namespace centralita::storage
