// `centralita-bench seed-api`: a large inbox written by PostgreSQL itself (generate_series), one
// statement per table in one transaction: a million rows take seconds, not the minutes
// per-row inserts would.
#include "bench/api_seed.hpp"

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "storage/pg.hpp"
#include "storage/pg_connect.hpp"

namespace centralita::bench {

namespace {

// Serializes two seeders on one database (the check for an existing seed holds).
constexpr const char* lock_sql = "SELECT pg_advisory_xact_lock(4242077)";
constexpr const char* tenant_sql = "SELECT id FROM tenants WHERE slug = $1";
constexpr const char* existing_sql =
    "SELECT count(*) FROM customers WHERE tenant_id = $1 AND phone LIKE $2 || '%'";

// $1 tenant, $2 conversations, $3 the phone prefix. Names are first name and two
// surnames from small lists (48,000 combinations), so a partial name matches a few percent.
constexpr const char* customers_sql = R"sql(
INSERT INTO customers (tenant_id, phone, name, language, created_at, updated_at)
SELECT $1::bigint, $3::text || lpad(i::text, 8, '0'),
       (ARRAY['Ana','Luis','María','José','Carmen','Jorge','Lucía','Pedro','Sofía','Miguel',
              'Elena','Diego','Paula','Andrés','Laura','Carlos','Marta','Javier','Isabel',
              'Raúl','Valeria','Tomás','Daniela','Hugo','Camila','Iván','Renata','Óscar',
              'Gabriela','Emilio'])[1 + i % 30] || ' ' ||
       (ARRAY['García','Hernández','López','Martínez','González','Pérez','Rodríguez',
              'Sánchez','Ramírez','Cruz','Flores','Gómez','Morales','Vázquez','Reyes',
              'Jiménez','Torres','Díaz','Gutiérrez','Ruiz','Mendoza','Aguilar','Ortiz',
              'Moreno','Castillo','Romero','Álvarez','Méndez','Chávez','Rivera','Juárez',
              'Ramos','Domínguez','Herrera','Medina','Castro','Vargas','Guzmán','Velázquez',
              'Rojas'])[1 + (i / 30) % 40] || ' ' ||
       (ARRAY['Soto','Contreras','Luna','Ríos','Salazar','Cortés','Ibarra','Navarro',
              'Delgado','Campos','Guerrero','Cabrera','Estrada','Fuentes','Núñez','Peña',
              'Acosta','Sandoval','Lara','Molina','Espinoza','Vega','Rosas','Mejía','Cárdenas',
              'Pacheco','Figueroa','Miranda','Tapia','Ayala','Carrillo','Serrano','Bautista',
              'Ponce','Rangel','Solís','Zamora','Valencia','Orozco','Quintero'])[1 + (i / 1200) % 40],
       'es', now() - interval '30 days', now() - interval '30 days'
FROM generate_series(1, $2::bigint) AS i
)sql";

// Status 20% open, 10% pending, 70% resolved; half assigned round the tenant's users; last
// activity scattered over a week so that id order is not time order.
constexpr const char* conversations_sql = R"sql(
INSERT INTO conversations (tenant_id, customer_id, channel_account_id, status, assignee_id,
                           bot_active, last_message_at, created_at, updated_at)
SELECT $1::bigint, cu.id,
       (SELECT min(id) FROM channel_accounts WHERE tenant_id = $1 AND provider = 'builderbot'),
       CASE WHEN cu.k % 10 < 2 THEN 'open' WHEN cu.k % 10 = 2 THEN 'pending' ELSE 'resolved' END,
       CASE WHEN cu.k % 2 = 0 THEN u.ids[1 + (cu.k / 2) % cardinality(u.ids)] END,
       cu.k % 3 <> 0,
       now() - make_interval(secs => ((cu.k * 7919) % $2::bigint) * 6),
       now() - interval '30 days', now() - interval '1 day'
FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM customers
      WHERE tenant_id = $1 AND phone LIKE $3::text || '%') AS cu,
     (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE tenant_id = $1) AS u
)sql";

constexpr const char* numbered_sql = R"sql(
CREATE TEMP TABLE seeded_conversations ON COMMIT DROP AS
SELECT c.id, row_number() OVER (ORDER BY c.id) AS k, c.last_message_at, c.customer_id
FROM conversations c JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
WHERE c.tenant_id = $1 AND cu.phone LIKE $2::text || '%'
)sql";

// Message j goes to conversation j % n; each conversation's last message is at its
// last_message_at, the earlier ones a minute apart. Every third one is the agent's answer. Each
// body names the conversation's order number (CS + 100000 + k), so a search for one finds few.
constexpr const char* messages_sql = R"sql(
INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, body, status,
                      created_at)
SELECT $1::bigint, sc.id,
       CASE WHEN p % 3 = 1 THEN 'out' ELSE 'in' END,
       CASE WHEN p % 3 = 1 THEN 'agent' ELSE 'customer' END,
       format((ARRAY['Hola, ¿dónde está mi pedido %s?',
                     'Te confirmo que el pedido %s salió hoy del almacén.',
                     'Quiero cambiar la dirección de entrega del pedido %s',
                     'La factura del pedido %s tiene un error en el RFC',
                     'Gracias, ya recibí el pedido %s',
                     'El paquete %s llegó dañado, quiero una devolución',
                     'Hi, can you tell me when order %s will arrive?',
                     '¿Cuánto cuesta el envío express para el pedido %s?',
                     'Necesito hablar con una persona sobre el pedido %s',
                     'Tu reembolso del pedido %s se procesa en 5 días hábiles',
                     'El repartidor no encontró el domicilio del pedido %s',
                     'Olá, o pedido %s ainda não chegou'])[1 + (j * 7) % 12],
              'CS' || (100000 + sc.k)),
       CASE WHEN p % 3 = 1 THEN 'sent' ELSE 'received' END,
       sc.last_message_at - make_interval(mins => (g.count - 1 - g.p)::int)
FROM (SELECT j, j % $2::bigint + 1 AS k, j / $2::bigint AS p,
             $3::bigint / $2::bigint
               + CASE WHEN j % $2::bigint < $3::bigint % $2::bigint THEN 1 ELSE 0 END AS count
      FROM generate_series(0, $3::bigint - 1) AS j) AS g
JOIN seeded_conversations sc ON sc.k = g.k
)sql";

// One ticket per five conversations, spread over the statuses and priorities.
constexpr const char* tickets_sql = R"sql(
INSERT INTO tickets (tenant_id, subject, status, priority, category, customer_id,
                     conversation_id, created_by_type, created_at, updated_at)
SELECT $1::bigint, 'Pedido CS' || (100000 + sc.k),
       (ARRAY['NEW','IN_PROGRESS','RESOLVED','CLOSED'])[1 + (sc.k / 5) % 4],
       (ARRAY['low','normal','high','urgent'])[1 + (sc.k / 20) % 4],
       (ARRAY['TRACKING','BILLING','COMPLAINT','HUMAN'])[1 + (sc.k / 80) % 4],
       sc.customer_id, sc.id, 'ai', sc.last_message_at, sc.last_message_at
FROM seeded_conversations sc WHERE sc.k % 5 = 0
)sql";

// One suggestion per two conversations; one in five of them still pending.
constexpr const char* suggestions_sql = R"sql(
INSERT INTO suggestions (tenant_id, conversation_id, text, status, category, confidence,
                         decided_at, created_at)
SELECT $1::bigint, sc.id, 'Tu pedido CS' || (100000 + sc.k) || ' va en camino.',
       CASE WHEN sc.k % 10 = 0 THEN 'pending' WHEN sc.k % 10 < 6 THEN 'approved'
            ELSE 'rejected' END,
       'TRACKING', 0.8,
       CASE WHEN sc.k % 10 <> 0 THEN sc.last_message_at END, sc.last_message_at
FROM seeded_conversations sc WHERE sc.k % 2 = 0
)sql";

// One webhook event per conversation; one in a hundred failed.
constexpr const char* events_sql = R"sql(
INSERT INTO event_log (event_id, tenant_id, channel_account_id, provider, event_name,
                       idempotency_key, payload, status, attempts, last_error, received_at,
                       processed_at)
SELECT gen_random_uuid(), $1::bigint,
       (SELECT min(id) FROM channel_accounts WHERE tenant_id = $1 AND provider = 'builderbot'),
       'builderbot', 'message.incoming', 'seed-api-' || sc.k,
       '{"eventName":"message.incoming","data":{"body":"seed","from":"' || sc.k || '"}}',
       CASE WHEN sc.k % 100 = 0 THEN 'failed' ELSE 'processed' END, 1,
       CASE WHEN sc.k % 100 = 0 THEN 'seeded failure' END,
       sc.last_message_at, sc.last_message_at
FROM seeded_conversations sc
)sql";

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Runs the inserts in one transaction; prints each step's time on stderr.
status seed(storage::pg_connection& db, const std::string& tenant_id, const api_seed_options& o) {
  const std::string n = std::to_string(o.conversations);
  const std::vector<storage::param> people{tenant_id, n, api_seed_phone_prefix};
  const std::vector<storage::param> texts{tenant_id, n, std::to_string(o.messages)};
  const std::vector<storage::param> numbered{tenant_id, api_seed_phone_prefix};
  const std::vector<storage::param> tenant_only{tenant_id};
  // Each step analyzes what it wrote: the next one joins it, and without statistics the planner
  // takes a hundred thousand fresh rows for a handful (a nested loop of 10^10 comparisons).
  struct step {
    const char* table;
    const char* sql;
    const std::vector<storage::param>* params;
  };
  const step steps[] = {{"customers", customers_sql, &people},
                        {"conversations", conversations_sql, &people},
                        {"seeded_conversations", numbered_sql, &numbered},
                        {"messages", messages_sql, &texts},
                        {"tickets", tickets_sql, &tenant_only},
                        {"suggestions", suggestions_sql, &tenant_only},
                        {"event_log", events_sql, &tenant_only}};
  for (const auto& s : steps) {
    auto t = std::chrono::steady_clock::now();
    auto r = db.exec(s.sql, *s.params);
    if (!r) return r.error();
    if (auto a = db.exec_script(std::string{"ANALYZE "} + s.table); !a) return a;
    std::fprintf(stderr, "seed-api: %-20s %8lld rows in %.1f s\n", s.table,
                 static_cast<long long>(r->affected()), seconds_since(t));
  }
  return ok_status();
}

}  // namespace

int run_api_seed(const api_seed_options& o) {
  if (o.database_url.empty()) {
    std::fprintf(stderr, "seed-api: --database-url or DATABASE_URL is required\n");
    return 2;
  }
  auto db = storage::open_for_tool("seed-api", o.database_url);
  if (!db) return 2;
  const auto start = std::chrono::steady_clock::now();
  bool already = false;
  auto done = storage::in_transaction(*db, [&]() -> result<std::string> {
    if (auto l = db->exec(lock_sql); !l) return l.error();
    auto t = db->exec(tenant_sql, {o.tenant});
    if (!t) return t.error();
    if (t->rows() == 0) return make_error(errc::not_found, "no tenant " + o.tenant);
    std::string tenant_id = t->str(0, 0);
    auto n = db->exec(existing_sql, {tenant_id, std::string{api_seed_phone_prefix}});
    if (!n) return n.error();
    if (n->i64(0, 0) > 0) {
      already = true;
      return tenant_id;
    }
    if (auto s = seed(*db, tenant_id, o); !s) return s.error();
    return tenant_id;
  });
  if (!done) {
    std::fprintf(stderr, "seed-api: %s\n", done.error().message.c_str());
    return 2;
  }
  auto counts = db->exec(
      "SELECT (SELECT count(*) FROM conversations WHERE tenant_id = $1), "
      " (SELECT count(*) FROM messages WHERE tenant_id = $1)",
      {*done});
  if (!counts) {
    std::fprintf(stderr, "seed-api: %s\n", counts.error().message.c_str());
    return 2;
  }
  std::printf(
      "{\"mode\":\"seed-api\",\"tenant\":\"%s\",\"seeded\":%s,\"conversations\":%lld,"
      "\"messages\":%lld,\"seconds\":%.1f}\n",
      o.tenant.c_str(), already ? "false" : "true", static_cast<long long>(counts->i64(0, 0)),
      static_cast<long long>(counts->i64(0, 1)), seconds_since(start));
  return 0;
}

}  // namespace centralita::bench
