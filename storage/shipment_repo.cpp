#include "storage/shipment_repo.hpp"

#include "storage/audit_repo.hpp"
#include "storage/outbound_repo.hpp"
#include "storage/rows.hpp"
#include "storage/service_window.hpp"

namespace centralita::storage {

namespace {

// Locks the event's row: a second processing of it waits, then sees it processed.
constexpr const char* lock_event_sql =
    "SELECT status FROM event_log WHERE event_id = $1 FOR UPDATE";
constexpr const char* mark_processed_sql =
    "WITH done AS ("
    "  UPDATE event_log SET status = 'processed', processed_at = now(), attempts = attempts + 1"
    "  WHERE event_id = $1 RETURNING seq) "
    "DELETE FROM event_queue WHERE seq IN (SELECT seq FROM done)";

constexpr const char* find_shipment_sql =
    "SELECT id, status, customer_id, conversation_id, ticket_id FROM shipments "
    "WHERE tenant_id = $1 AND tracking_number = $2 FOR UPDATE";

// Links, tried in order for a shipment that has none: the conversation that asked about it, the
// recipient's phone, then the latest message that mentions the tracking number, then another
// shipment of the same order.
constexpr const char* customer_by_phone_sql =
    "SELECT COALESCE(merged_into_id, id) FROM customers WHERE tenant_id = $1 AND phone = $2";
constexpr const char* mentioned_in_sql =
    "SELECT c.id, c.customer_id FROM messages m "
    "JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id "
    "WHERE m.tenant_id = $1 AND to_tsvector('simple', m.body) @@ plainto_tsquery('simple', $2) "
    "  AND strpos(lower(m.body), lower($2)) > 0 "
    "ORDER BY m.id DESC LIMIT 1";
constexpr const char* same_order_sql =
    "SELECT customer_id, conversation_id FROM shipments "
    "WHERE tenant_id = $1 AND order_number = $2 AND tracking_number <> $3 "
    "  AND customer_id IS NOT NULL ORDER BY id DESC LIMIT 1";
constexpr const char* conversation_of_customer_sql =
    "SELECT id FROM conversations WHERE tenant_id = $1 AND customer_id = $2 "
    "ORDER BY (status IN ('open', 'pending')) DESC, last_message_at DESC NULLS LAST, id DESC "
    "LIMIT 1";
constexpr const char* customer_of_conversation_sql =
    "SELECT customer_id FROM conversations WHERE tenant_id = $1 AND id = $2";
constexpr const char* open_ticket_sql =
    "SELECT id FROM tickets WHERE tenant_id = $1 "
    "  AND (conversation_id = $2 OR customer_id = $3) AND status IN ('NEW', 'IN_PROGRESS') "
    "ORDER BY (category = 'TRACKING') DESC NULLS LAST, (conversation_id = $2) DESC NULLS LAST, "
    "  id DESC LIMIT 1";

// A status applies unless it is older than the one stored (a late delivery of old news);
// links and the order number are only ever filled in, never replaced.
constexpr const char* upsert_sql = R"sql(
INSERT INTO shipments (tenant_id, tracking_number, carrier, status, customer_id, conversation_id,
                       ticket_id, order_number, eta, last_checked_at, provider, provider_ref,
                       status_at)
VALUES ($1, $2, $3, COALESCE(NULLIF($4::text, ''), 'Pending'), $5, $6, $7, NULLIF($8, ''),
        $9::timestamptz, COALESCE($10::timestamptz, now()), NULLIF($11, ''), NULLIF($12, ''),
        $13::timestamptz)
ON CONFLICT (tenant_id, tracking_number) DO UPDATE SET
  status = CASE WHEN $4::text <> '' AND ($13::timestamptz IS NULL OR shipments.status_at IS NULL
                    OR $13::timestamptz >= shipments.status_at)
                THEN $4::text ELSE shipments.status END,
  status_at = CASE WHEN $4::text <> '' AND ($13::timestamptz IS NULL
                       OR shipments.status_at IS NULL OR $13::timestamptz >= shipments.status_at)
                   THEN COALESCE($13::timestamptz, shipments.status_at)
                   ELSE shipments.status_at END,
  carrier = CASE WHEN shipments.carrier = '' THEN EXCLUDED.carrier ELSE shipments.carrier END,
  customer_id = COALESCE(shipments.customer_id, EXCLUDED.customer_id),
  conversation_id = COALESCE(shipments.conversation_id, EXCLUDED.conversation_id),
  ticket_id = COALESCE(shipments.ticket_id, EXCLUDED.ticket_id),
  order_number = COALESCE(shipments.order_number, EXCLUDED.order_number),
  eta = COALESCE(EXCLUDED.eta, shipments.eta),
  last_checked_at = EXCLUDED.last_checked_at,
  provider = COALESCE(EXCLUDED.provider, shipments.provider),
  provider_ref = COALESCE(EXCLUDED.provider_ref, shipments.provider_ref),
  updated_at = now()
RETURNING id, status, conversation_id, (xmax = 0)
)sql";

constexpr const char* insert_checkpoints_sql =
    "INSERT INTO shipment_events (tenant_id, shipment_id, occurred_at, status, location, "
    " description) "
    "SELECT $1::bigint, $2::bigint, t.at::timestamptz, t.st, t.loc, t.descr "
    "FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS t(at, st, loc, descr) "
    "ON CONFLICT DO NOTHING";

constexpr const char* shipment_json_sql =
    "SELECT jsonb_build_object('id', id, 'tracking_number', tracking_number, 'carrier', carrier, "
    " 'status', status, 'previous_status', NULLIF($3::text, ''), 'customer_id', customer_id, "
    " 'conversation_id', conversation_id, 'ticket_id', ticket_id, 'order_number', order_number, "
    " 'eta', rfc3339(eta), 'last_checked_at', rfc3339(last_checked_at))::text "
    "FROM shipments WHERE tenant_id = $1 AND id = $2";

// Off unless the tenant turned it on (PATCH /api/v1/settings {notify_shipment_updates}).
constexpr const char* notice_wanted_sql =
    "SELECT (t.settings -> 'notify_shipment_updates') = 'true'::jsonb, COALESCE(u.language, '') "
    "FROM tenants t "
    "JOIN conversations c ON c.tenant_id = t.id AND c.id = $2 "
    "JOIN customers u ON u.tenant_id = c.tenant_id AND u.id = c.customer_id "
    "WHERE t.id = $1";

constexpr const char* due_sql =
    "SELECT tenant_id, id, tracking_number, carrier, "
    " COALESCE(provider_ref, ''), COALESCE(order_number, ''), "
    " extract(epoch FROM created_at)::bigint, COALESCE(provider, '') "
    "FROM shipments WHERE status NOT IN ('Delivered', 'Expired') "
    " AND (last_checked_at IS NULL "
    "      OR last_checked_at <= $1::timestamptz - make_interval(secs => $2::int)) "
    "ORDER BY last_checked_at NULLS FIRST, id LIMIT $3";
constexpr const char* mark_checked_sql =
    "UPDATE shipments SET last_checked_at = $3::timestamptz WHERE tenant_id = $1 AND id = $2";

std::optional<int64_t> id_at(const pg_result& r, int col) {
  if (r.rows() == 0 || r.is_null(0, col)) return std::nullopt;
  return r.i64(0, col);
}

// The shipment's links.
struct links {
  std::optional<int64_t> customer, conversation, ticket;
};

}  // namespace

std::string shipment_notice_text(const std::string& language, const std::string& number,
                                 const std::string& status) {
  const bool en = language.substr(0, 2) == "en";
  struct phrase {
    const char* status;
    const char* es;
    const char* en;
  };
  static const phrase phrases[] = {
      {"Pending", "está registrado y pronto tendrá movimiento", "is registered and will move soon"},
      {"InfoReceived", "ya fue registrado por la paquetería", "was registered by the carrier"},
      {"InTransit", "va en camino", "is on its way"},
      {"OutForDelivery", "salió a reparto y llega hoy", "is out for delivery today"},
      {"AttemptFail", "tuvo un intento de entrega fallido; la paquetería lo intentará de nuevo",
       "had a failed delivery attempt; the carrier will try again"},
      {"Delivered", "fue entregado. ¡Gracias por tu compra!",
       "was delivered. Thank you for your order!"},
      {"AvailableForPickup", "está listo para recoger en la sucursal",
       "is ready for pickup at the branch"},
      {"Exception", "tiene una incidencia; te ayudamos a resolverla por aquí",
       "has an issue; we will help you sort it out here"},
      {"Expired", "dejó de tener actualizaciones de la paquetería",
       "no longer gets carrier updates"},
  };
  // A sentence ends with one stop: phrases ending in "!" bring their own.
  auto sentence = [](std::string s) { return s.back() == '!' ? s : s + "."; };
  for (const auto& p : phrases) {
    if (status != p.status) continue;
    return en ? sentence("Update on your shipment " + number + ": it " + p.en)
              : sentence("Novedades de tu envío " + number + ": " + p.es);
  }
  return en ? "Update on your shipment " + number + ": " + status + "."
            : "Novedades de tu envío " + number + ": " + status + ".";
}

result<applied_shipment> shipment_repo::apply(const shipment_update& u) {
  return in_transaction(db_, [&]() -> result<applied_shipment> {
    applied_shipment out;
    if (!u.event_id.empty()) {
      auto locked = db_.exec_prepared("ship_lock_event", lock_event_sql, {u.event_id});
      if (!locked) return locked.error();
      if (locked->rows() == 1 && locked->str(0, 0) != "accepted") return out;
    }
    const auto tid = std::to_string(u.tenant_id);
    auto found = db_.exec_prepared("ship_find", find_shipment_sql, {tid, u.tracking_number});
    if (!found) return found.error();
    if (found->rows() == 0 && !u.create_missing) {
      return make_error(errc::not_found, "no such shipment", "shipment_not_found");
    }
    links l;
    if (found->rows() > 0) {
      out.previous_status = found->str(0, 1);
      l = {id_at(*found, 2), id_at(*found, 3), id_at(*found, 4)};
    }
    auto query = [&](const char* name, const char* sql, std::vector<param> params) {
      return db_.exec_prepared(name, sql, params);
    };
    if (!l.customer && !l.conversation) l.conversation = u.conversation_id;
    if (!l.customer && !l.conversation) {
      if (!u.phone.empty()) {
        auto c = query("ship_customer_phone", customer_by_phone_sql, {tid, u.phone});
        if (!c) return c.error();
        l.customer = id_at(*c, 0);
      }
      if (!l.customer) {
        auto m = query("ship_mentioned", mentioned_in_sql, {tid, u.tracking_number});
        if (!m) return m.error();
        l.conversation = id_at(*m, 0);
        l.customer = id_at(*m, 1);
      }
      if (!l.customer && !u.order_number.empty()) {
        auto o = query("ship_same_order", same_order_sql, {tid, u.order_number, u.tracking_number});
        if (!o) return o.error();
        l.customer = id_at(*o, 0);
        l.conversation = id_at(*o, 1);
      }
    }
    if (l.customer && !l.conversation) {
      auto c = query("ship_conv_of_customer", conversation_of_customer_sql,
                     {tid, std::to_string(*l.customer)});
      if (!c) return c.error();
      l.conversation = id_at(*c, 0);
    }
    if (l.conversation && !l.customer) {
      auto c = query("ship_customer_of_conv", customer_of_conversation_sql,
                     {tid, std::to_string(*l.conversation)});
      if (!c) return c.error();
      l.customer = id_at(*c, 0);
    }
    if (!l.ticket && l.customer) {
      auto t = query("ship_ticket", open_ticket_sql,
                     {tid, nullable_param(l.conversation), nullable_param(l.customer)});
      if (!t) return t.error();
      l.ticket = id_at(*t, 0);
    }
    param eta, checked, status_at;
    if (u.eta) eta = *u.eta;
    if (u.checked_at) checked = *u.checked_at;
    if (!u.status_at.empty()) status_at = u.status_at;
    auto up = query("ship_upsert", upsert_sql,
                    {tid, u.tracking_number, u.carrier, u.status, nullable_param(l.customer),
                     nullable_param(l.conversation), nullable_param(l.ticket), u.order_number, eta,
                     checked, u.provider, u.provider_ref, status_at});
    if (!up) return up.error();
    out.applied = true;
    out.shipment_id = up->i64(0, 0);
    out.status = up->str(0, 1);
    out.conversation_id = id_at(*up, 2);
    out.created = up->boolean(0, 3);
    const auto sid = std::to_string(out.shipment_id);

    std::vector<std::string> at, st, loc, descr;
    for (const auto& c : u.checkpoints) {
      at.push_back(c.occurred_at);
      st.push_back(c.status.empty() ? out.status : c.status);
      loc.push_back(c.location);
      descr.push_back(c.description);
    }
    if (!at.empty()) {
      auto ins =
          query("ship_checkpoints", insert_checkpoints_sql,
                {tid, sid, text_array(at), text_array(st), text_array(loc), text_array(descr)});
      if (!ins) return ins.error();
      out.new_checkpoints = static_cast<int>(ins->affected());
    }
    const bool status_changed = !out.created && out.previous_status != out.status;
    out.changed = out.created || status_changed || out.new_checkpoints > 0;
    auto json = query("ship_json", shipment_json_sql, {tid, sid, out.previous_status});
    if (!json) return json.error();
    out.shipment_json = json->str(0, 0);
    if (out.created || status_changed) {
      auto before =
          out.created ? std::optional<std::string>{}
                      : std::optional<std::string>{R"({"status":")" + out.previous_status + "\"}"};
      auto a = audit_repo{db_}.append({u.tenant_id, actor{"system", std::nullopt}, "shipment", sid,
                                       out.created ? "shipment.created" : "shipment.updated",
                                       before, out.shipment_json});
      if (!a) return a.error();
    }
    if (status_changed && out.conversation_id) {
      auto wanted = query("ship_notice_wanted", notice_wanted_sql,
                          {tid, std::to_string(*out.conversation_id)});
      if (!wanted) return wanted.error();
      // Outside the WhatsApp Cloud window a notice would be refused: it is not sent.
      auto window = service_window_of(db_, u.tenant_id, *out.conversation_id);
      if (!window) return window.error();
      if (wanted->rows() > 0 && wanted->boolean(0, 0) && window->open) {
        out.notice_text = shipment_notice_text(wanted->str(0, 1), u.tracking_number, out.status);
        auto q = outbound_repo{db_}.enqueue_reply_within({u.tenant_id, *out.conversation_id, "ai",
                                                          std::nullopt, out.notice_text,
                                                          std::nullopt, std::nullopt});
        if (!q) return q.error();
        out.notice_message_id = q->message.id;
      }
    }
    if (!u.event_id.empty()) {
      if (auto m = query("ship_mark_processed", mark_processed_sql, {u.event_id}); !m) {
        return m.error();
      }
    }
    return out;
  });
}

result<std::vector<due_shipment>> shipment_repo::due(const std::string& now_iso, int min_age_s,
                                                     int limit) {
  auto r = db_.exec(due_sql, {now_iso, std::to_string(min_age_s), std::to_string(limit)});
  if (!r) return r.error();
  std::vector<due_shipment> out;
  for (int i = 0; i < r->rows(); ++i) {
    out.push_back({r->i64(i, 0), r->i64(i, 1), r->str(i, 2), r->str(i, 3), r->str(i, 4),
                   r->str(i, 7), r->str(i, 5), r->i64(i, 6)});
  }
  return out;
}

status shipment_repo::mark_checked(int64_t tenant_id, int64_t id, const std::string& now_iso) {
  auto r = db_.exec(mark_checked_sql, {std::to_string(tenant_id), std::to_string(id), now_iso});
  if (!r) return r.error();
  return ok_status();
}

}  // namespace centralita::storage
