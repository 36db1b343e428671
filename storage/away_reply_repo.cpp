#include "storage/away_reply_repo.hpp"

#include <array>
#include <ctime>
#include <map>

#include "storage/sla_repo.hpp"

namespace centralita::storage {

namespace {

// The first customer message of its conversation, in a tenant with away replies on; with the
// customer's language and the tenant's text for it (empty: the default). Each message is looked
// up by its keys (one table per LATERAL … LIMIT 1), tenant first: a batch of a tenant without
// away replies costs one probe per message, whatever the planner believes about the tables'
// sizes (a young database has no statistics yet, and a hash join over every customer cost 10 ms
// per batch). Prepared: it runs with every batch of messages.
constexpr const char* first_messages_sql = R"sql(
SELECT t.tenant_id, t.conv, v.customer_id, u.language,
       COALESCE(n.settings -> 'service' -> 'away_message' ->> u.language, '')
FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS t(tenant_id, conv, msg)
CROSS JOIN LATERAL (
  SELECT settings FROM tenants
  WHERE id = t.tenant_id AND settings -> 'service' -> 'away_enabled' = 'true'::jsonb LIMIT 1) n
CROSS JOIN LATERAL (
  SELECT customer_id FROM conversations WHERE tenant_id = t.tenant_id AND id = t.conv LIMIT 1) v
CROSS JOIN LATERAL (
  SELECT CASE WHEN lower(COALESCE(language, '')) LIKE 'en%' THEN 'en' ELSE 'es' END AS language
  FROM customers WHERE tenant_id = t.tenant_id AND id = v.customer_id LIMIT 1) u
WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.tenant_id = t.tenant_id
                  AND m.conversation_id = t.conv AND m.direction = 'in' AND m.id < t.msg)
)sql";

constexpr const char* claim_period_sql = R"sql(
INSERT INTO away_replies (tenant_id, customer_id, conversation_id, next_open_at)
VALUES ($1, $2, $3, to_timestamp($4::bigint / 1000000.0))
ON CONFLICT (tenant_id, customer_id, next_open_at) DO NOTHING
RETURNING id
)sql";

constexpr const char* set_message_sql =
    "UPDATE away_replies SET message_id = $3 WHERE tenant_id = $1 AND id = $2";

constexpr std::array<const char*, 7> days_es{"lunes",   "martes", "miércoles", "jueves",
                                             "viernes", "sábado", "domingo"};
constexpr std::array<const char*, 7> days_en{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday"};
constexpr std::array<const char*, 12> months_es{"enero",      "febrero", "marzo",     "abril",
                                                "mayo",       "junio",   "julio",     "agosto",
                                                "septiembre", "octubre", "noviembre", "diciembre"};
constexpr std::array<const char*, 12> months_en{"January",   "February", "March",    "April",
                                                "May",       "June",     "July",     "August",
                                                "September", "October",  "November", "December"};

}  // namespace

const std::string& default_away_text(const std::string& language) {
  static const std::string es =
      "¡Hola! Gracias por escribirnos. Ahora mismo estamos fuera de horario; una persona del "
      "equipo te responderá a partir del {{next_open}}.";
  static const std::string en =
      "Hi! Thanks for your message. We are closed right now; someone from the team will answer "
      "from {{next_open}}.";
  return language == "en" ? en : es;
}

std::string fill_away_text(const std::string& text, const std::string& language, sys_time opens,
                           int utc_offset_minutes) {
  const std::time_t local =
      std::chrono::system_clock::to_time_t(opens) + std::time_t{utc_offset_minutes} * 60;
  std::tm tm{};
  gmtime_r(&local, &tm);
  const size_t wday = static_cast<size_t>((tm.tm_wday + 6) % 7);  // Monday first
  const size_t month = static_cast<size_t>(tm.tm_mon);
  char hhmm[32];
  std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", tm.tm_hour, tm.tm_min);
  const std::string when = language == "en"
                               ? std::string{days_en[wday]} + ", " + months_en[month] + " " +
                                     std::to_string(tm.tm_mday) + " at " + hhmm
                               : std::string{days_es[wday]} + " " + std::to_string(tm.tm_mday) +
                                     " de " + months_es[month] + " a las " + hhmm;
  std::string out = text;
  const std::string var = "{{next_open}}";
  for (size_t at = out.find(var); at != std::string::npos; at = out.find(var, at + when.size())) {
    out.replace(at, var.size(), when);
  }
  return out;
}

result<std::vector<enqueued_reply>> away_reply_repo::reply_to_new(
    const std::vector<stored_customer_message>& messages) {
  std::vector<enqueued_reply> out;
  if (messages.empty()) return out;
  std::vector<int64_t> tenants, conversations, ids;
  for (const auto& m : messages) {
    tenants.push_back(m.tenant_id);
    conversations.push_back(m.conversation_id);
    ids.push_back(m.message_id);
  }
  auto first = db_.exec_prepared("away_first_messages", first_messages_sql,
                                 {int_array(tenants), int_array(conversations), int_array(ids)});
  if (!first) return first.error();
  // Whether each tenant is closed is asked once per call.
  std::map<int64_t, std::optional<std::pair<sys_time, int>>> closed;
  for (int i = 0; i < first->rows(); ++i) {
    const int64_t tenant_id = first->i64(i, 0);
    auto it = closed.find(tenant_id);
    if (it == closed.end()) {
      auto opens = sla_repo{db_}.next_opening_now(tenant_id);
      if (!opens) return opens.error();
      it = closed.emplace(tenant_id, *opens).first;
    }
    if (!it->second) continue;  // open now
    const sys_time opens = it->second->first;
    const int offset = it->second->second;
    const std::string language = first->str(i, 3);
    const std::string custom = first->str(i, 4);
    const std::string text = fill_away_text(custom.empty() ? default_away_text(language) : custom,
                                            language, opens, offset);
    const std::string tid = std::to_string(tenant_id);
    auto sent = in_transaction(db_, [&]() -> result<std::optional<enqueued_reply>> {
      auto claim = db_.exec(claim_period_sql, {tid, first->str(i, 2), first->str(i, 1),
                                               std::to_string(to_epoch_us(opens))});
      if (!claim) return claim.error();
      if (claim->rows() == 0) return std::optional<enqueued_reply>{};  // replied this period
      auto reply = outbound_repo{db_}.enqueue_reply_within(
          {tenant_id, first->i64(i, 1), "system", std::nullopt, text, std::nullopt});
      if (!reply) return reply.error();
      auto u =
          db_.exec(set_message_sql, {tid, claim->str(0, 0), std::to_string(reply->message.id)});
      if (!u) return u.error();
      return std::optional<enqueued_reply>{std::move(*reply)};
    });
    if (!sent) return sent.error();
    if (*sent) out.push_back(std::move(**sent));
  }
  return out;
}

}  // namespace centralita::storage
