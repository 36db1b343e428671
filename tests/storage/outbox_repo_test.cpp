// The outbox in PostgreSQL: a reply and its outbox row in one transaction, claiming under a
// lease (SKIP LOCKED, expired leases claimed again, outcomes fenced by the lease), recording
// outcomes with the message's status, and retrying dead letters.
#include "storage/outbox_repo.hpp"

#include <catch2/catch.hpp>

#include <set>

#include "storage/migrations.hpp"

#include "storage/outbound_repo.hpp"
#include "storage/tenant_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using namespace std::chrono_literals;
using centralita::testkit::query_value;
using centralita::testkit::test_database;
using kind = storage::send_outcome_record::kind;

namespace {

struct outbox_fixture : testkit::db_fixture {
  int64_t conversation = std::stoll(
      value("SELECT min(id) FROM conversations WHERE tenant_id = " + std::to_string(demo)));
  int64_t other_conversation = std::stoll(
      value("SELECT max(id) FROM conversations WHERE tenant_id = " + std::to_string(demo)));
  int64_t agent = std::stoll(value("SELECT id FROM users WHERE email = 'agent@demo.com'"));

  std::string value(const std::string& sql) { return query_value(db, sql); }

  storage::enqueued_reply enqueue(const std::string& text, const std::string& sender = "agent",
                                  std::optional<int64_t> in = std::nullopt) {
    auto r = storage::outbound_repo{db}.enqueue_reply(
        {demo, in.value_or(conversation), sender, agent, text, std::nullopt});
    REQUIRE(r);
    return *r;
  }
};

}  // namespace

TEST_CASE("a reply is stored with its outbox row in one transaction", "[storage][pg][outbox]") {
  outbox_fixture f;
  auto r = f.enqueue("Hola, ya va en camino");
  CHECK(r.message.status == "queued");
  CHECK(r.message.direction == "out");
  CHECK(r.message.sender_type == "agent");
  auto phone = f.value(
      "SELECT u.phone FROM conversations c JOIN customers u ON u.id = c.customer_id WHERE c.id = " +
      std::to_string(f.conversation));
  CHECK(f.value("SELECT status || ' ' || attempts || ' ' || provider || ' ' || "
                "(payload->>'number') || ' ' || (payload->>'content') FROM outbox WHERE id = " +
                std::to_string(r.outbox_id)) ==
        "pending 0 builderbot " + phone + " Hola, ya va en camino");
  CHECK(f.value("SELECT message_id FROM outbox WHERE id = " + std::to_string(r.outbox_id)) ==
        std::to_string(r.message.id));

  // An AI reply is stored with sender 'bot'.
  CHECK(f.enqueue("Respuesta automática", "ai").message.sender_type == "bot");

  // Another tenant's conversation, or an unknown sender, writes nothing at all.
  const auto before =
      f.value("SELECT count(*) FROM messages") + "/" + f.value("SELECT count(*) FROM outbox");
  auto foreign = storage::outbound_repo{f.db}.enqueue_reply(
      {f.admin, f.conversation, "agent", std::nullopt, "x", std::nullopt});
  REQUIRE_FALSE(foreign);
  CHECK(foreign.error().code == errc::not_found);
  auto odd = storage::outbound_repo{f.db}.enqueue_reply(
      {f.demo, f.conversation, "robot", std::nullopt, "x", std::nullopt});
  REQUIRE_FALSE(odd);
  CHECK(odd.error().code == errc::invalid_input);
  CHECK(f.value("SELECT count(*) FROM messages") + "/" + f.value("SELECT count(*) FROM outbox") ==
        before);

  // Inside a caller's transaction, a rollback takes both rows away.
  REQUIRE(f.db.begin());
  REQUIRE(storage::outbound_repo{f.db}.enqueue_reply_within(
      {f.demo, f.conversation, "ai", f.agent, "aprobada", std::nullopt}));
  f.db.rollback();
  CHECK(f.value("SELECT count(*) FROM messages") + "/" + f.value("SELECT count(*) FROM outbox") ==
        before);
}

TEST_CASE("claims skip rows locked by another sender and take expired leases again",
          "[storage][pg][outbox]") {
  outbox_fixture f;
  auto a = f.enqueue("uno");
  auto b = f.enqueue("dos", "agent", f.other_conversation);
  auto other = f.tdb.connect();

  // A sender holding a row locked (mid-claim) does not block the other; it takes the next one.
  REQUIRE(other.begin());
  REQUIRE(other.exec(
      ("SELECT 1 FROM outbox WHERE id = " + std::to_string(a.outbox_id) + " FOR UPDATE").c_str()));
  auto first = storage::outbox_repo{f.db}.claim_due(10, 60s);
  REQUIRE(first);
  REQUIRE(first->size() == 1);
  CHECK((*first)[0].id == b.outbox_id);
  other.rollback();

  auto second = storage::outbox_repo{f.db}.claim_due(10, 60s);
  REQUIRE(second);
  REQUIRE(second->size() == 1);
  const auto claimed = (*second)[0];
  CHECK(claimed.id == a.outbox_id);
  CHECK(claimed.attempt == 1);
  CHECK(claimed.content == "uno");
  CHECK(claimed.conversation_id == f.conversation);
  CHECK((*first)[0].conversation_id == f.other_conversation);
  // Both are 'sending' under a lease now: nothing is due.
  CHECK(storage::outbox_repo{f.db}.claim_due(10, 60s)->empty());

  // A lease that ran out (its sender died) is claimed again, as attempt 2 with a new lease.
  f.value("UPDATE outbox SET next_attempt_at = now() - interval '1 s' WHERE id = " +
          std::to_string(a.outbox_id) + " RETURNING id");
  auto again = storage::outbox_repo{f.db}.claim_due(10, 60s);
  REQUIRE(again);
  REQUIRE(again->size() == 1);
  CHECK((*again)[0].attempt == 2);
  CHECK((*again)[0].lease_id != claimed.lease_id);

  // The first sender's late outcome changes nothing; the lease holder's is recorded.
  storage::send_outcome_record sent{kind::sent, std::string{"bb-1"}, {}, 0ms};
  auto late = storage::outbox_repo{f.db}.record(claimed, sent);
  REQUIRE(late);
  CHECK_FALSE(late->has_value());
  CHECK(f.value("SELECT status FROM outbox WHERE id = " + std::to_string(a.outbox_id)) ==
        "sending");
  auto done = storage::outbox_repo{f.db}.record((*again)[0], sent);
  REQUIRE(done);
  REQUIRE(done->has_value());
  CHECK((*done)->row_status == "sent");
  CHECK((*done)->message_changed);
  CHECK(f.value("SELECT o.status || ' ' || o.provider_message_id || ' ' || m.status || ' ' || "
                "(o.sent_at IS NOT NULL) FROM outbox o JOIN messages m ON m.id = o.message_id "
                "WHERE o.id = " +
                std::to_string(a.outbox_id)) == "sent bb-1 sent true");
}

TEST_CASE("outcomes move the row and its message, and dead letters can be retried once",
          "[storage][pg][outbox]") {
  outbox_fixture f;
  auto r = f.enqueue("reintento");
  storage::outbox_repo repo{f.db};
  auto id = std::to_string(r.outbox_id);

  auto c = repo.claim_due(1, 60s);
  REQUIRE(c->size() == 1);
  auto retried = repo.record((*c)[0], {kind::retry, std::nullopt, "HTTP 503", 60000ms});
  REQUIRE(retried->has_value());
  CHECK_FALSE((*retried)->message_changed);
  CHECK(f.value("SELECT status || ' ' || last_error || ' ' || "
                "(next_attempt_at > now() + interval '50 s') FROM outbox WHERE id = " +
                id) == "pending HTTP 503 true");
  CHECK(repo.claim_due(1, 60s)->empty());  // not due yet

  f.value("UPDATE outbox SET next_attempt_at = now() WHERE id = " + id + " RETURNING id");
  c = repo.claim_due(1, 60s);
  REQUIRE(c->size() == 1);
  CHECK((*c)[0].attempt == 2);
  auto dead = repo.record((*c)[0], {kind::dead, std::nullopt, "HTTP 503", 0ms});
  REQUIRE(dead->has_value());
  CHECK((*dead)->message_status == "dead");
  CHECK(f.value("SELECT o.status || ' ' || m.status FROM outbox o JOIN messages m ON "
                "m.id = o.message_id WHERE o.id = " +
                id) == "dead dead");

  // Listed by status, within the tenant only.
  storage::outbox_filter only_dead;
  only_dead.status = "dead";
  auto page = repo.list(f.demo, only_dead);
  REQUIRE(page);
  REQUIRE(page->items.size() == 1);
  CHECK(page->items[0].attempts == 2);
  CHECK_FALSE(page->items[0].next_attempt_at);  // nothing is due for a dead letter
  CHECK(page->items[0].conversation_id == f.conversation);
  CHECK(repo.list(f.admin, {})->items.empty());

  // Retry: another tenant's row is not found; a dead row goes back to pending with a fresh
  // budget and an audit row; retrying it again is a conflict.
  auto who = storage::actor::user(f.agent);
  CHECK(repo.retry(f.admin, r.outbox_id, who).error().code == errc::not_found);
  auto back = repo.retry(f.demo, r.outbox_id, who);
  REQUIRE(back);
  CHECK(back->status == "pending");
  CHECK(back->attempts == 0);
  CHECK(back->next_attempt_at);
  CHECK(f.value("SELECT status FROM messages WHERE id = " + std::to_string(r.message.id)) ==
        "queued");
  CHECK(f.value("SELECT actor_user_id || ' ' || action || ' ' || (before->>'status') || '>' || "
                "(after->>'status') FROM audit_log WHERE entity_type = 'outbox' AND "
                "entity_id = '" +
                id + "'") == std::to_string(f.agent) + " outbox.retried dead>pending");
  auto twice = repo.retry(f.demo, r.outbox_id, who);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code == errc::conflict);
  CHECK(repo.claim_due(5, 60s)->size() == 1);
}

TEST_CASE("one conversation's replies are claimed in order, one at a time",
          "[storage][pg][outbox]") {
  outbox_fixture f;
  auto first = f.enqueue("primero");
  auto second = f.enqueue("segundo");
  auto elsewhere = f.enqueue("otra conversación", "agent", f.other_conversation);
  storage::outbox_repo repo{f.db};

  // The second waits behind the first; another conversation does not.
  auto claimed = repo.claim_due(10, 60s);
  REQUIRE(claimed);
  REQUIRE(claimed->size() == 2);
  std::set<int64_t> ids{(*claimed)[0].id, (*claimed)[1].id};
  CHECK(ids == std::set<int64_t>{first.outbox_id, elsewhere.outbox_id});
  const auto head = (*claimed)[0].id == first.outbox_id ? (*claimed)[0] : (*claimed)[1];

  // A retry of the first still holds the second back, even once the second is due.
  REQUIRE(repo.record(head, {kind::retry, std::nullopt, "HTTP 500", 0ms})->has_value());
  auto next = repo.claim_due(10, 60s);
  REQUIRE(next->size() == 1);
  CHECK((*next)[0].id == first.outbox_id);
  CHECK(repo.claim_due(10, 60s)->empty());

  // Once the first is done (here: failed for good), the second goes.
  REQUIRE(repo.record((*next)[0], {kind::failed, std::nullopt, "HTTP 400", 0ms})->has_value());
  auto last = repo.claim_due(10, 60s);
  REQUIRE(last->size() == 1);
  CHECK((*last)[0].id == second.outbox_id);
}

TEST_CASE("replies stored before the outbox existed become retryable failed sends",
          "[storage][pg][outbox]") {
  test_database tdb{centralita::testkit::db_contents::empty};
  auto db = tdb.connect();
  // Apply 001 and 002 only, store an old-style queued reply, then migrate the rest.
  REQUIRE(
      db.exec_script("CREATE TABLE schema_migrations (name text PRIMARY KEY, "
                     "applied_at timestamptz NOT NULL DEFAULT now())"));
  for (const auto& m : storage::all_migrations()) {
    if (m.name >= "003") break;
    REQUIRE(db.exec_script(m.sql));
    REQUIRE(db.exec("INSERT INTO schema_migrations (name) VALUES ($1)", {m.name}));
  }
  query_value(db,
              "WITH t AS (INSERT INTO tenants (slug, name) VALUES ('t', 'T') RETURNING id), "
              "u AS (INSERT INTO customers (tenant_id, phone) SELECT id, '5215500000001' FROM t "
              "RETURNING tenant_id, id), "
              "c AS (INSERT INTO conversations (tenant_id, customer_id) SELECT tenant_id, id "
              "FROM u RETURNING tenant_id, id) "
              "INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, body, "
              "status) SELECT tenant_id, id, 'out', 'agent', 'vieja', 'queued' FROM c "
              "RETURNING id");
  REQUIRE(storage::migrate(db));
  CHECK(query_value(db,
                    "SELECT o.status || ' ' || m.status || ' ' || (o.payload->>'number') || "
                    "' ' || (o.payload->>'content') FROM outbox o JOIN messages m ON "
                    "m.id = o.message_id") == "failed failed 5215500000001 vieja");
}
