#include "storage/template_repo.hpp"

#include "storage/rows.hpp"

namespace centralita::storage {

namespace {

constexpr const char* delete_sql =
    "DELETE FROM message_templates WHERE tenant_id = $1 AND channel_account_id = $2";
constexpr const char* insert_sql = R"sql(
INSERT INTO message_templates (tenant_id, channel_account_id, name, language, status, category,
                               body, variables, components)
SELECT $1, $2, n, l, s, c, b, v, j::jsonb
FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[])
  AS t(n, l, s, c, b, v, j)
ON CONFLICT (tenant_id, channel_account_id, name, language) DO NOTHING
)sql";
constexpr const char* columns =
    "name, language, status, category, body, variables, components::text, rfc3339(synced_at) ";
const std::string list_sql = std::string{"SELECT "} + columns +
                             "FROM message_templates WHERE tenant_id = $1 AND "
                             "channel_account_id = $2 "
                             "ORDER BY status <> 'APPROVED', name, language LIMIT 500";
const std::string approved_sql = std::string{"SELECT "} + columns +
                                 "FROM message_templates WHERE tenant_id = $1 AND "
                                 "channel_account_id = $2 AND name = $3 AND language = $4 "
                                 "AND status = 'APPROVED'";

constexpr const char* facts_sql = R"sql(
SELECT u.name,
       (SELECT t.id FROM tickets t WHERE t.tenant_id = c.tenant_id AND t.conversation_id = c.id
          AND t.status IN ('NEW', 'IN_PROGRESS') ORDER BY t.id DESC LIMIT 1),
       s.tracking_number, s.order_number
FROM conversations c
JOIN customers u ON u.tenant_id = c.tenant_id AND u.id = c.customer_id
LEFT JOIN LATERAL (SELECT tracking_number, order_number FROM shipments x
                   WHERE x.tenant_id = c.tenant_id AND x.customer_id = c.customer_id
                   ORDER BY x.updated_at DESC LIMIT 1) s ON true
WHERE c.tenant_id = $1 AND c.id = $2
)sql";

message_template read(const pg_result& r, int i) {
  return {r.str(i, 0), r.str(i, 1), r.str(i, 2),
          r.str(i, 3), r.str(i, 4), static_cast<int>(r.i64(i, 5)),
          r.str(i, 6), r.str(i, 7)};
}

}  // namespace

result<size_t> template_repo::replace(int64_t tenant_id, int64_t account_id,
                                      const std::vector<message_template>& all) {
  const std::string tid = std::to_string(tenant_id);
  const std::string aid = std::to_string(account_id);
  std::vector<std::string> names, languages, statuses, categories, bodies, variables, components;
  for (const auto& t : all) {
    names.push_back(t.name);
    languages.push_back(t.language);
    statuses.push_back(t.status);
    categories.push_back(t.category);
    bodies.push_back(t.body);
    variables.push_back(std::to_string(t.variables));
    components.push_back(t.components_json);
  }
  auto done = in_transaction(db_, [&]() -> status {
    if (auto d = db_.exec(delete_sql, {tid, aid}); !d) return d.error();
    auto r = db_.exec(insert_sql, {tid, aid, text_array(names), text_array(languages),
                                   text_array(statuses), text_array(categories), text_array(bodies),
                                   text_array(variables), text_array(components)});
    if (!r) return r.error();
    return ok_status();
  });
  if (!done) return done.error();
  return all.size();
}

result<std::vector<message_template>> template_repo::list(int64_t tenant_id, int64_t account_id) {
  return read_rows(
      db_.exec(list_sql.c_str(), {std::to_string(tenant_id), std::to_string(account_id)}), read);
}

result<message_template> template_repo::approved(int64_t tenant_id, int64_t account_id,
                                                 const std::string& name,
                                                 const std::string& language) {
  auto r = db_.exec(approved_sql.c_str(),
                    {std::to_string(tenant_id), std::to_string(account_id), name, language});
  if (!r) return r.error();
  if (r->rows() == 0) {
    return make_error(errc::not_found, "no approved template " + name + " in " + language,
                      "template_not_found");
  }
  return read(*r, 0);
}

result<case_facts> case_facts_of(pg_connection& db, int64_t tenant_id, int64_t conversation_id) {
  auto r = db.exec(facts_sql, {std::to_string(tenant_id), std::to_string(conversation_id)});
  if (!r) return r.error();
  if (r->rows() == 0) {
    return make_error(errc::not_found, "no such conversation", "conversation_not_found");
  }
  case_facts f;
  f.customer_name = r->str(0, 0);
  if (!r->is_null(0, 1)) f.ticket_id = r->i64(0, 1);
  if (!r->is_null(0, 2)) f.tracking_number = r->str(0, 2);
  if (!r->is_null(0, 3)) f.order_number = r->str(0, 3);
  return f;
}

std::vector<std::string> suggested_variables(const case_facts& facts, int variables) {
  std::vector<std::string> out;
  if (variables <= 0) return out;
  out.push_back(facts.customer_name);
  std::string reference = facts.tracking_number ? *facts.tracking_number
                          : facts.order_number  ? *facts.order_number
                          : facts.ticket_id     ? "#" + std::to_string(*facts.ticket_id)
                                                : std::string{};
  if (variables >= 2) out.push_back(reference);
  while (out.size() < static_cast<size_t>(variables)) out.emplace_back();
  return out;
}

std::string render_template_body(const std::string& body, const std::vector<std::string>& values) {
  std::string out;
  size_t i = 0;
  while (i < body.size()) {
    auto open = body.find("{{", i);
    if (open == std::string::npos) break;
    auto close = body.find("}}", open + 2);
    if (close == std::string::npos) break;
    out += body.substr(i, open - i);
    const std::string inner = body.substr(open + 2, close - open - 2);
    size_t n = 0;
    bool digits = !inner.empty() && inner.size() <= 3 &&
                  inner.find_first_not_of("0123456789") == std::string::npos;
    if (digits) n = std::stoul(inner);
    out += digits && n >= 1 && n <= values.size() ? values[n - 1]
                                                  : body.substr(open, close + 2 - open);
    i = close + 2;
  }
  return out + body.substr(i);
}

}  // namespace centralita::storage
