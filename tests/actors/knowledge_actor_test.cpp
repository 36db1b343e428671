#include "actors/knowledge_actor.hpp"

#include <catch2/catch.hpp>

#include "actors/messages.hpp"
#include "tests/support/test_database.hpp"
#include "vectorindex/chunker.hpp"
#include "vectorindex/local_embedder.hpp"

using namespace centralita;
using namespace centralita::actors;

namespace {

std::vector<vectorindex::search_hit> ask(caf::scoped_actor& self, const caf::actor& knowledge,
                                         int64_t tenant, const std::string& q) {
  std::vector<vectorindex::search_hit> hits;
  self->request(knowledge, std::chrono::seconds(10), knowledge_search_atom::value, tenant, q,
                int32_t{3})
      .receive([&](std::vector<vectorindex::search_hit>& h) { hits = std::move(h); },
               [&](caf::error&) {});
  return hits;
}

}  // namespace

TEST_CASE("the knowledge actor answers knowledge_search_atom from the rebuilt index",
          "[actors][pg]") {
  testkit::test_database tdb;
  auto db = tdb.connect();
  auto demo = db.exec("SELECT id FROM tenants WHERE slug = 'demo'");
  REQUIRE(demo.ok());
  const int64_t tenant = demo->i64(0, 0);

  config::settings s;
  s.database_url = tdb.url();
  auto ctx = std::make_shared<node_context>(s);
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto embedder = std::make_shared<const vectorindex::local_embedder>();
  auto knowledge = sys.spawn<caf::detached>(knowledge_actor, ctx, embedder);
  caf::scoped_actor self{sys};

  auto hits = ask(self, knowledge, tenant, "quiero devolver un producto que llegó roto");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].title == "Cambios y devoluciones");
  CHECK(hits[0].chunk_id > 0);
  CHECK(ask(self, knowledge, tenant + 1000, "devolver").empty());

  // A change applied through the mailbox is visible to the next search.
  storage::knowledge_article a;
  a.tenant_id = tenant;
  a.id = 424242;
  a.version = 1;
  a.status = "published";
  a.title = "Mascotas";
  a.language = "es";
  storage::stored_chunk c;
  c.id = 99999;
  c.text = "Se admiten perros pequeños en la tienda.";
  c.embedding = embedder->embed_one(vectorindex::chunk_search_text(a.title, c.text));
  self->send(knowledge, change_of(a, {c}));
  hits = ask(self, knowledge, tenant, "puedo ir con mi perro");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].article_id == 424242);
  self->send(knowledge, removal_of(a));
  for (const auto& h : ask(self, knowledge, tenant, "puedo ir con mi perro")) {
    CHECK(h.article_id != 424242);
  }
  self->send_exit(knowledge, caf::exit_reason::user_shutdown);
}
