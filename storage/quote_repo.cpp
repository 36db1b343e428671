#include "storage/quote_repo.hpp"

#include <cstdio>
#include <unordered_map>

#include "common/json_text.hpp"
#include "storage/outbound_repo.hpp"
#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

// Each quote's identity is reserved first, so its number can be made from it in the insert.
constexpr const char* reserve_ids_sql =
    "SELECT nextval(pg_get_serial_sequence('quotes', 'id')) FROM generate_series(1, $1::int)";

// An input whose conversation is not its tenant's inserts nothing, and neither does one whose
// message was drafted from before; the caller tells the two apart by the identities returned.
// Numbers count per tenant (migration 013): each tenant's counter moves on by its inputs, in
// tenant order, as every batch does, so that two batches never wait for each other in a cycle.
constexpr const char* create_sql = R"sql(
WITH i AS (
  SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[],
                       $6::bigint[], $7::text[], $8::text[]) WITH ORDINALITY
    AS i(id, tenant_id, conversation_id, source_message_id, lines, total_cents, currency,
         valid_until, n)
), wanted AS (
  SELECT tenant_id, count(*) AS n FROM i GROUP BY tenant_id
), taken AS (
  INSERT INTO tenant_counters (tenant_id, counter, last_value)
  SELECT tenant_id, 'quote', n FROM wanted ORDER BY tenant_id
  ON CONFLICT (tenant_id, counter)
    DO UPDATE SET last_value = tenant_counters.last_value + EXCLUDED.last_value
  RETURNING tenant_id, last_value
), numbered AS (
  SELECT i.*, t.last_value - w.n + row_number() OVER (PARTITION BY i.tenant_id ORDER BY i.n)
           AS number
  FROM i JOIN wanted w USING (tenant_id) JOIN taken t USING (tenant_id)
)
INSERT INTO quotes (id, tenant_id, number, customer_id, conversation_id, source_message_id,
                    status, lines, total_cents, currency, valid_until) OVERRIDING SYSTEM VALUE
SELECT i.id, i.tenant_id, 'Q-' || i.number, c.customer_id, i.conversation_id,
       i.source_message_id, 'draft', i.lines::jsonb, i.total_cents, i.currency,
       COALESCE(i.valid_until::date, current_date + 15)
FROM numbered i
JOIN conversations c ON c.tenant_id = i.tenant_id AND c.id = i.conversation_id
ORDER BY i.n
ON CONFLICT (tenant_id, source_message_id) WHERE source_message_id IS NOT NULL DO NOTHING
RETURNING )sql" CENTRALITA_QUOTE_COLUMNS;

constexpr const char* by_source_sql =
    "SELECT " CENTRALITA_QUOTE_COLUMNS
    " FROM quotes WHERE tenant_id = $1 AND source_message_id = $2";

constexpr const char* find_sql =
    "SELECT " CENTRALITA_QUOTE_COLUMNS " FROM quotes WHERE tenant_id = $1 AND id = $2";

constexpr const char* lock_sql =
    "SELECT " CENTRALITA_QUOTE_COLUMNS " FROM quotes WHERE tenant_id = $1 AND id = $2 FOR UPDATE";

constexpr const char* past_sql = "SELECT $1::date < current_date";

constexpr const char* update_sql =
    "UPDATE quotes SET lines = COALESCE($3::jsonb, lines), "
    " total_cents = COALESCE($4::bigint, total_cents), "
    " valid_until = CASE WHEN $5::boolean THEN $6::date ELSE valid_until END, updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2 RETURNING " CENTRALITA_QUOTE_COLUMNS;

constexpr const char* lines_sql =
    "SELECT coalesce(l.value->>'description', ''), coalesce((l.value->>'quantity')::bigint, 0), "
    " coalesce((l.value->>'unit_price_cents')::bigint, 0) "
    "FROM quotes q, jsonb_array_elements(q.lines) WITH ORDINALITY l "
    "WHERE q.tenant_id = $1 AND q.id = $2 ORDER BY l.ordinality";

constexpr const char* mark_sent_sql =
    "UPDATE quotes SET status = 'sent', sent_at = now(), sent_message_id = $3, updated_at = now() "
    "WHERE tenant_id = $1 AND id = $2 RETURNING " CENTRALITA_QUOTE_COLUMNS;

error no_such_quote() { return make_error(errc::not_found, "no such quote", "quote_not_found"); }

error no_such_conversation() {
  return make_error(errc::not_found, "no such conversation", "not_found");
}

// The audit row of a change to `q`, which is its state after.
audit_entry quote_audit(int64_t tenant_id, const actor& who, const quote_record& q,
                        const char* action, std::optional<std::string> before) {
  return {tenant_id, who, "quote", std::to_string(q.id), action, std::move(before), quote_json(q)};
}

status audit(pg_connection& db, int64_t tenant_id, const actor& who, const quote_record& q,
             const char* action, std::optional<std::string> before) {
  return audit_repo{db}.append(quote_audit(tenant_id, who, q, action, std::move(before)));
}

result<quote_record> locked(pg_connection& db, int64_t tenant_id, int64_t id) {
  auto r = db.exec(lock_sql, {std::to_string(tenant_id), std::to_string(id)});
  if (!r) return r.error();
  if (r->rows() == 0) return no_such_quote();
  auto q = read_quote(*r, 0);
  if (q.status != "draft") {
    return make_error(
        errc::conflict,
        "quote " + q.number + " is " + q.status + "; only a draft can be changed or sent",
        "quote_not_draft");
  }
  return q;
}

}  // namespace

std::string quote_json(const quote_record& q) {
  auto id = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "null"; };
  auto text = [](const std::optional<std::string>& v) { return v ? json_string(*v) : "null"; };
  return "{\"id\":" + std::to_string(q.id) + ",\"number\":" + json_string(q.number) +
         ",\"customer_id\":" + id(q.customer_id) + ",\"conversation_id\":" + id(q.conversation_id) +
         ",\"status\":" + json_string(q.status) + ",\"lines\":" + q.lines_json +
         ",\"total_cents\":" + std::to_string(q.total_cents) +
         ",\"currency\":" + json_string(q.currency) + ",\"valid_until\":" + text(q.valid_until) +
         ",\"created_at\":" + json_string(q.created_at) + ",\"sent_at\":" + text(q.sent_at) + "}";
}

std::string quote_lines_json(const std::vector<quote_line>& lines) {
  std::string out = "[";
  for (const auto& l : lines) {
    if (out.size() > 1) out += ',';
    out += "{\"description\":" + json_string(l.description) +
           ",\"quantity\":" + std::to_string(l.quantity) +
           ",\"unit_price_cents\":" + std::to_string(l.unit_price_cents) + "}";
  }
  return out + "]";
}

result<int64_t> quote_total(const std::vector<quote_line>& lines) {
  int64_t total = 0;
  for (const auto& l : lines) {
    int64_t line = 0;
    if (__builtin_mul_overflow(l.quantity, l.unit_price_cents, &line) ||
        __builtin_add_overflow(total, line, &total)) {
      return make_error(errc::invalid_input, "the quote's total is too large", "invalid_field");
    }
  }
  return total;
}

std::string format_cents(int64_t cents) {
  std::string units = std::to_string(cents / 100);
  std::string grouped;
  for (size_t i = 0; i < units.size(); ++i) {
    if (i > 0 && (units.size() - i) % 3 == 0) grouped += ',';
    grouped += units[i];
  }
  char frac[4];
  std::snprintf(frac, sizeof frac, "%02d", static_cast<int>(cents % 100));
  return "$" + grouped + "." + frac;
}

std::string quote_summary_text(const quote_record& q, const std::vector<quote_line>& lines) {
  std::string s = "Cotización " + q.number + "\n";
  for (const auto& l : lines) {
    s += "• " + std::to_string(l.quantity) + " × " + l.description + ": " +
         format_cents(l.quantity * l.unit_price_cents) + "\n";
  }
  s += "Total: " + format_cents(q.total_cents) + " " + q.currency;
  if (q.valid_until) s += "\nVálida hasta el " + *q.valid_until + ".";
  return s;
}

result<std::vector<quote_record>> quote_repo::create_all_within(const std::vector<new_quote>& qs) {
  if (qs.empty()) return std::vector<quote_record>{};
  std::vector<int64_t> tenants, conversations;
  std::vector<std::optional<std::string>> sources, valid_until;
  std::vector<std::string> lines, totals, currencies;
  for (const auto& q : qs) {
    std::vector<quote_line> ls = q.lines;
    if (ls.empty()) ls.push_back(quote_line{});
    auto total = quote_total(ls);
    if (!total) return total.error();
    tenants.push_back(q.tenant_id);
    conversations.push_back(q.conversation_id);
    sources.push_back(q.source_message_id ? std::optional(std::to_string(*q.source_message_id))
                                          : std::nullopt);
    lines.push_back(quote_lines_json(ls));
    totals.push_back(std::to_string(*total));
    currencies.push_back(q.currency);
    valid_until.push_back(q.valid_until);
  }
  auto ids = db_.exec_prepared("quote_reserve_ids", reserve_ids_sql, {std::to_string(qs.size())});
  if (!ids) return ids.error();
  std::vector<int64_t> reserved;
  std::unordered_map<int64_t, size_t> position;
  for (int i = 0; i < ids->rows(); ++i) {
    reserved.push_back(ids->i64(i, 0));
    position[reserved.back()] = static_cast<size_t>(i);
  }
  auto r = db_.exec_prepared("quote_create", create_sql,
                             {int_array(reserved), int_array(tenants), int_array(conversations),
                              nullable_text_array(sources), text_array(lines), text_array(totals),
                              text_array(currencies), nullable_text_array(valid_until)});
  if (!r) return r.error();
  std::vector<std::optional<quote_record>> created(qs.size());
  for (int i = 0; i < r->rows(); ++i) {
    auto q = read_quote(*r, i);
    auto at = position.find(q.id);
    if (at == position.end()) return make_error(errc::internal, "a quote came back unreserved");
    created[at->second] = std::move(q);
  }
  std::vector<quote_record> out;
  std::vector<audit_entry> audits;
  for (size_t k = 0; k < qs.size(); ++k) {
    const auto& q = qs[k];
    if (created[k]) {
      out.push_back(std::move(*created[k]));
      audits.push_back(
          quote_audit(q.tenant_id, q.actor, out.back(), "quote.created", std::nullopt));
      continue;
    }
    // Drafted from this message before (a redelivery): that quote, if it is this conversation's.
    std::optional<quote_record> drafted;
    if (sources[k]) {
      auto again = db_.exec(by_source_sql, {std::to_string(q.tenant_id), *sources[k]});
      if (!again) return again.error();
      if (again->rows() > 0) drafted = read_quote(*again, 0);
    }
    if (!drafted || drafted->conversation_id != q.conversation_id) return no_such_conversation();
    out.push_back(std::move(*drafted));
  }
  if (auto a = audit_repo{db_}.append_all(audits); !a) return a.error();
  return out;
}

result<quote_record> quote_repo::find(int64_t tenant_id, int64_t id) {
  return read_one(db_.exec(find_sql, {std::to_string(tenant_id), std::to_string(id)}), read_quote,
                  no_such_quote());
}

result<quote_record> quote_repo::update(int64_t tenant_id, int64_t id, const quote_patch& p,
                                        const actor& who) {
  return in_transaction(db_, [&]() -> result<quote_record> {
    auto before = locked(db_, tenant_id, id);
    if (!before) return before.error();
    if (p.set_valid_until && p.valid_until) {
      auto past = db_.exec(past_sql, {*p.valid_until});
      if (!past) return past.error();
      if (past->boolean(0, 0)) {
        return make_error(errc::unprocessable, "valid_until is in the past", "invalid_field");
      }
    }
    param lines, total;
    if (p.lines) {
      auto t = quote_total(*p.lines);
      if (!t) return t.error();
      lines = quote_lines_json(*p.lines);
      total = std::to_string(*t);
    }
    auto r = db_.exec(update_sql, {std::to_string(tenant_id), std::to_string(id), lines, total,
                                   p.set_valid_until ? "true" : "false", p.valid_until});
    if (!r) return r.error();
    auto after = read_quote(*r, 0);
    if (auto a = audit(db_, tenant_id, who, after, "quote.updated", quote_json(*before)); !a)
      return a.error();
    return after;
  });
}

result<sent_quote> quote_repo::send(int64_t tenant_id, int64_t id, const actor& who) {
  return in_transaction(db_, [&]() -> result<sent_quote> {
    auto before = locked(db_, tenant_id, id);
    if (!before) return before.error();
    if (!before->conversation_id) {
      return make_error(errc::unprocessable, "the quote belongs to no conversation",
                        "quote_without_conversation");
    }
    auto r = db_.exec(lines_sql, {std::to_string(tenant_id), std::to_string(id)});
    if (!r) return r.error();
    std::vector<quote_line> lines;
    for (int i = 0; i < r->rows(); ++i) lines.push_back({r->str(i, 0), r->i64(i, 1), r->i64(i, 2)});
    bool described = !lines.empty();
    for (const auto& l : lines)
      described = described && l.description.find_first_not_of(" \t\r\n") != std::string::npos;
    if (!described) {
      return make_error(errc::unprocessable, "every line of the quote needs a description",
                        "quote_incomplete");
    }
    auto queued = outbound_repo{db_}.enqueue_reply_within(
        {tenant_id, *before->conversation_id, "agent", who.user_id,
         quote_summary_text(*before, lines), std::nullopt, std::nullopt});
    if (!queued) return queued.error();
    auto m = db_.exec(mark_sent_sql, {std::to_string(tenant_id), std::to_string(id),
                                      std::to_string(queued->message.id)});
    if (!m) return m.error();
    sent_quote out{read_quote(*m, 0), queued->message};
    if (auto a = audit(db_, tenant_id, who, out.quote, "quote.sent", quote_json(*before)); !a)
      return a.error();
    return out;
  });
}

}  // namespace centralita::storage
