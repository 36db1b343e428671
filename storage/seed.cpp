#include "storage/seed.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <optional>
#include <string>

#include "common/log.hpp"
#include "common/password.hpp"
#include "storage/seed_data.hpp"

namespace centralita::storage {

namespace {

// Serializes two seeders started at once (run.sh twice), so the existence checks below hold.
constexpr const char* lock_sql = "SELECT pg_advisory_xact_lock(4242002)";

constexpr const char* insert_tenant_sql =
    "INSERT INTO tenants (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING";
constexpr const char* tenant_id_sql = "SELECT id FROM tenants WHERE slug = $1";

constexpr const char* user_by_email_sql = "SELECT id, tenant_id FROM users WHERE email = $1";
constexpr const char* insert_user_sql =
    "INSERT INTO users (tenant_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (email) DO NOTHING";

// Credentials are filled afterwards, sealed (seed_credentials.cpp).
constexpr const char* insert_account_sql =
    "INSERT INTO channel_accounts (tenant_id, provider, name, account_key) "
    "VALUES ($1, $2, $3, $3) ON CONFLICT (account_key) DO NOTHING";
constexpr const char* account_by_key_sql =
    "SELECT id, tenant_id FROM channel_accounts WHERE account_key = $1";

constexpr const char* insert_customer_sql =
    "INSERT INTO customers (tenant_id, phone, name, email, language) VALUES ($1, $2, $3, $4, 'es') "
    "ON CONFLICT (tenant_id, phone) DO NOTHING";
constexpr const char* customer_id_sql =
    "SELECT id FROM customers WHERE tenant_id = $1 AND phone = $2";

// A customer who already has any conversation (even resolved by an agent since) gets no new one.
constexpr const char* insert_conversation_sql =
    "INSERT INTO conversations (tenant_id, customer_id, channel_account_id, assignee_id, "
    " last_message_at, created_at) "
    "SELECT $1::bigint, $2::bigint, $3::bigint, $4::bigint, now() - make_interval(mins => "
    "$5::int), "
    " now() - make_interval(mins => $6::int) "
    "WHERE NOT EXISTS (SELECT 1 FROM conversations WHERE tenant_id = $1::bigint "
    " AND customer_id = $2::bigint) "
    "RETURNING id";
constexpr const char* conversation_id_sql =
    "SELECT id FROM conversations WHERE tenant_id = $1 AND customer_id = $2 "
    "ORDER BY status IN ('open', 'pending') DESC, id DESC LIMIT 1";
constexpr const char* insert_message_sql =
    "INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, sender_user_id, "
    " body, status, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, now() - make_interval(mins => $8::int))";

constexpr const char* insert_ticket_sql =
    "INSERT INTO tickets (tenant_id, subject, description, status, priority, category, "
    " customer_id, conversation_id, assignee_id, created_by_type, created_at, updated_at, "
    " first_response_due_at, resolution_due_at, first_responded_at, resolved_at) "
    "SELECT $1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text, $7::bigint, $8::bigint, "
    " $9::bigint, 'system', s.t0, s.t0, s.t0 + make_interval(mins => $11::int), "
    " s.t0 + make_interval(mins => $12::int), "
    " CASE WHEN $4::text <> 'NEW' THEN s.t0 + interval '10 minutes' END, "
    " CASE WHEN $4::text IN ('RESOLVED', 'CLOSED') THEN s.t0 + interval '2 hours' END "
    "FROM (SELECT now() - make_interval(mins => $10::int) AS t0) s "
    "WHERE NOT EXISTS (SELECT 1 FROM tickets WHERE tenant_id = $1::bigint AND subject = $2::text) "
    "RETURNING id";
constexpr const char* insert_ticket_created_sql =
    "INSERT INTO ticket_events (tenant_id, ticket_id, kind, actor_type, after, created_at) "
    "SELECT t.tenant_id, t.id, 'created', 'system', "
    " jsonb_build_object('subject', t.subject, 'status', 'NEW', 'priority', t.priority), "
    " t.created_at "
    "FROM tickets t WHERE t.tenant_id = $1 AND t.id = $2";
constexpr const char* insert_ticket_progress_sql =
    "INSERT INTO ticket_events (tenant_id, ticket_id, kind, actor_type, actor_user_id, before, "
    " after, created_at) "
    "SELECT t.tenant_id, t.id, 'status_changed', "
    " CASE WHEN t.assignee_id IS NULL THEN 'system' ELSE 'user' END, t.assignee_id, "
    " jsonb_build_object('status', 'NEW'), jsonb_build_object('status', t.status), "
    " coalesce(t.resolved_at, t.first_responded_at) "
    "FROM tickets t WHERE t.tenant_id = $1 AND t.id = $2 AND t.status <> 'NEW'";

constexpr const char* insert_article_sql =
    "INSERT INTO knowledge_articles (tenant_id, title, body, language, tags, status) "
    "SELECT $1::bigint, $2::text, $3::text, 'es', $4::text[], 'published' "
    "WHERE NOT EXISTS (SELECT 1 FROM knowledge_articles WHERE tenant_id = $1::bigint "
    " AND title = $2::text)";

constexpr const char* insert_shipment_sql =
    "INSERT INTO shipments (tenant_id, tracking_number, carrier, status, customer_id, "
    " conversation_id, order_number, eta, last_checked_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(days => $8::int), now()) "
    "ON CONFLICT (tenant_id, tracking_number) DO NOTHING RETURNING id";
constexpr const char* insert_checkpoint_sql =
    "INSERT INTO shipment_events (tenant_id, shipment_id, occurred_at, status, location, "
    " description) "
    "VALUES ($1, $2, now() - make_interval(hours => $3::int), $4, $5, $6) ON CONFLICT DO NOTHING";

constexpr const char* insert_invoice_sql =
    "INSERT INTO invoices (tenant_id, number, customer_id, status, currency, amount_cents, "
    " issued_at, due_date, paid_at) "
    "VALUES ($1, $2, $3, $4::text, 'MXN', $5, (current_date + $6::int - 30)::timestamptz, "
    " current_date + $6::int, "
    " CASE WHEN $4::text = 'paid' THEN (current_date + $6::int - 3)::timestamptz END) "
    "ON CONFLICT (tenant_id, number) DO NOTHING";
constexpr const char* insert_quote_sql =
    "INSERT INTO quotes (tenant_id, number, customer_id, status, lines, total_cents, currency, "
    " valid_until) "
    "VALUES ($1, $2, $3, $4, $5::jsonb, $6, 'MXN', current_date + $7::int) "
    "ON CONFLICT (tenant_id, number) DO NOTHING";

/// The first column of the first row as an id, or nothing when there is no row.
result<std::optional<int64_t>> first_id(result<pg_result> r) {
  if (!r) return r.error();
  if (r->rows() == 0) return std::optional<int64_t>{};
  return std::optional<int64_t>{r->i64(0, 0)};
}

param optional_id(const std::map<std::string, int64_t>& ids, const std::string& key) {
  auto it = ids.find(key);
  if (it == ids.end()) return std::nullopt;
  return std::to_string(it->second);
}

/// Seeds one demo tenant; ids of what it finds or creates are kept to link later rows.
class tenant_seeder {
 public:
  explicit tenant_seeder(pg_connection& db) : db_(db) {}

  status run(const demo::tenant& t) {
    if (auto r = db_.exec(insert_tenant_sql, {t.slug, t.name}); !r) return r.error();
    auto id = first_id(db_.exec(tenant_id_sql, {t.slug}));
    if (!id) return id.error();
    if (!*id) return make_error(errc::internal, "seed: tenant " + t.slug + " vanished");
    tenant_ = std::to_string(**id);
    for (const auto& u : t.users) {
      if (auto s = user(u); !s) return s;
    }
    for (const auto& a : t.accounts) {
      if (auto s = account(a); !s) return s;
    }
    for (const auto& c : t.conversations) {
      if (auto s = conversation(c); !s) return s;
    }
    for (const auto& k : t.tickets) {
      if (auto s = ticket(k); !s) return s;
    }
    for (const auto& a : t.articles) {
      auto r = db_.exec(insert_article_sql, {tenant_, a.title, a.body, text_array(a.tags)});
      if (!r) return r.error();
    }
    for (const auto& s : t.shipments) {
      if (auto st = shipment(s); !st) return st;
    }
    for (const auto& i : t.invoices) {
      auto r = db_.exec(insert_invoice_sql,
                        {tenant_, i.number, optional_id(customers_, i.customer_phone), i.status,
                         std::to_string(i.amount_cents), std::to_string(i.due_in_days)});
      if (!r) return r.error();
    }
    for (const auto& q : t.quotes) {
      auto r =
          db_.exec(insert_quote_sql,
                   {tenant_, q.number, optional_id(customers_, q.customer_phone), q.status,
                    q.lines_json, std::to_string(q.total_cents), std::to_string(q.valid_days)});
      if (!r) return r.error();
    }
    return ok_status();
  }

 private:
  // Hashing is slow on purpose (Argon2id), so it only happens for a user that is missing.
  status user(const demo::user& u) {
    auto found = db_.exec(user_by_email_sql, {u.email});
    if (!found) return found.error();
    if (found->rows() == 0) {
      std::string hash;
      try {
        hash = hash_password(demo::password);
      } catch (const std::exception& e) {
        // hash_password throws only when memory runs out; the transaction rolls back instead.
        return make_error(errc::internal,
                          std::string{"seed: password hashing failed: "} + e.what());
      }
      auto r = db_.exec(insert_user_sql, {tenant_, u.email, u.name, u.role, std::move(hash)});
      if (!r) return r.error();
      found = db_.exec(user_by_email_sql, {u.email});
      if (!found) return found.error();
    }
    if (found->rows() == 0 || found->str(0, 1) != tenant_) {
      return make_error(errc::conflict, "seed: " + u.email + " belongs to another tenant");
    }
    users_[u.email] = found->i64(0, 0);
    return ok_status();
  }

  status account(const demo::account& a) {
    if (auto r = db_.exec(insert_account_sql, {tenant_, a.provider, a.key}); !r) {
      return r.error();
    }
    auto found = db_.exec(account_by_key_sql, {a.key});
    if (!found) return found.error();
    if (found->rows() == 0 || found->str(0, 1) != tenant_) {
      return make_error(errc::conflict, "seed: account " + a.key + " belongs to another tenant");
    }
    if (!first_account_) first_account_ = found->i64(0, 0);
    return ok_status();
  }

  status conversation(const demo::conversation& c) {
    auto r = db_.exec(insert_customer_sql, {tenant_, c.phone, c.name, c.email});
    if (!r) return r.error();
    auto customer = first_id(db_.exec(customer_id_sql, {tenant_, c.phone}));
    if (!customer) return customer.error();
    if (!*customer) return make_error(errc::internal, "seed: customer " + c.phone + " vanished");
    const std::string customer_id = std::to_string(**customer);
    customers_[c.phone] = **customer;

    // The conversation spans its messages: created just before the first, last active at the last.
    int newest = c.messages.empty() ? 0 : c.messages.front().minutes_ago;
    int oldest = 0;
    for (const auto& m : c.messages) {
      newest = std::min(newest, m.minutes_ago);
      oldest = std::max(oldest, m.minutes_ago);
    }
    param account;
    if (first_account_) account = std::to_string(*first_account_);
    const param assignee = optional_id(users_, c.assignee_email);
    auto created = first_id(
        db_.exec(insert_conversation_sql, {tenant_, customer_id, account, assignee,
                                           std::to_string(newest), std::to_string(oldest + 1)}));
    if (!created) return created.error();
    auto id = *created;
    if (id) {
      // The messages belong to the conversation just created; an existing one keeps its own.
      for (const auto& m : c.messages) {
        const param sender = m.sender_type == "agent" ? assignee : std::nullopt;
        const char* status = m.direction == "in" ? "received" : "read";
        auto ins = db_.exec(insert_message_sql,
                            {tenant_, std::to_string(*id), m.direction, m.sender_type, sender,
                             m.body, std::string{status}, std::to_string(m.minutes_ago)});
        if (!ins) return ins.error();
      }
    } else {
      auto existing = first_id(db_.exec(conversation_id_sql, {tenant_, customer_id}));
      if (!existing) return existing.error();
      id = *existing;
    }
    if (id) conversations_[c.phone] = *id;
    return ok_status();
  }

  status ticket(const demo::ticket& k) {
    auto id = first_id(db_.exec(
        insert_ticket_sql,
        {tenant_, k.subject, k.description, k.status, k.priority, k.category,
         optional_id(customers_, k.customer_phone), optional_id(conversations_, k.customer_phone),
         optional_id(users_, k.assignee_email), std::to_string(k.created_minutes_ago),
         std::to_string(k.first_response_minutes), std::to_string(k.resolution_minutes)}));
    if (!id) return id.error();
    if (!*id) return ok_status();
    const std::string ticket_id = std::to_string(**id);
    if (auto r = db_.exec(insert_ticket_created_sql, {tenant_, ticket_id}); !r) return r.error();
    if (auto r = db_.exec(insert_ticket_progress_sql, {tenant_, ticket_id}); !r) return r.error();
    return ok_status();
  }

  status shipment(const demo::shipment& s) {
    auto id =
        first_id(db_.exec(insert_shipment_sql, {tenant_, s.tracking_number, s.carrier, s.status,
                                                optional_id(customers_, s.customer_phone),
                                                optional_id(conversations_, s.customer_phone),
                                                s.order_number, std::to_string(s.eta_days)}));
    if (!id) return id.error();
    // Checkpoint times are relative to now, so they are written only with a new shipment.
    if (!*id) return ok_status();
    for (const auto& c : s.checkpoints) {
      auto r = db_.exec(insert_checkpoint_sql,
                        {tenant_, std::to_string(**id), std::to_string(c.hours_ago), c.status,
                         c.location, c.description});
      if (!r) return r.error();
    }
    return ok_status();
  }

  pg_connection& db_;
  std::string tenant_;
  std::optional<int64_t> first_account_;
  std::map<std::string, int64_t> users_;          // by email
  std::map<std::string, int64_t> customers_;      // by phone
  std::map<std::string, int64_t> conversations_;  // by customer phone
};

}  // namespace

status seed_demo(pg_connection& db, const config::settings& settings, const keyring& ring) {
  auto out = in_transaction(db, [&]() -> status {
    if (auto r = db.exec(lock_sql); !r) return r.error();
    for (const auto& t : demo::tenants()) {
      tenant_seeder seeder{db};
      if (auto s = seeder.run(t); !s) return s;
    }
    return ok_status();
  });
  if (out) out = seed_demo_credentials(db, settings, ring);
  if (out) log::info("storage: demo data seeded (tenants admin, demo)");
  return out;
}

}  // namespace centralita::storage
