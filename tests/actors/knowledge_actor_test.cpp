#include "actors/knowledge_actor.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "actors/messages.hpp"
#include "common/metrics.hpp"
#include "storage/knowledge_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"
#include "vectorindex/article_chunks.hpp"
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

TEST_CASE_METHOD(testkit::db_fixture,
                 "the knowledge actor answers knowledge_search_atom from the rebuilt index",
                 "[actors][pg]") {
  config::settings s;
  s.database_url = tdb.url();
  auto ctx = std::make_shared<node_context>(s);
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto embedder = std::make_shared<const vectorindex::local_embedder>();
  auto knowledge = sys.spawn<caf::detached>(knowledge_actor, ctx, embedder);
  caf::scoped_actor self{sys};

  auto hits = ask(self, knowledge, demo, "quiero devolver un producto que llegó roto");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].title == "Cambios y devoluciones");
  CHECK(hits[0].chunk_id > 0);
  CHECK(ask(self, knowledge, demo + 1000, "devolver").empty());

  // A change applied through the mailbox is visible to the next search.
  storage::knowledge_article a;
  a.tenant_id = demo;
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
  hits = ask(self, knowledge, demo, "puedo ir con mi perro");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].article_id == 424242);
  self->send(knowledge, removal_of(a));
  for (const auto& h : ask(self, knowledge, demo, "puedo ir con mi perro")) {
    CHECK(h.article_id != 424242);
  }
  self->send_exit(knowledge, caf::exit_reason::user_shutdown);
}

namespace {

uint64_t index_loads(const std::string& source) {
  return metrics::registry::global()
      .get_counter("centralita_knowledge_index_loads_total",
                   "Tenant knowledge indexes brought up at start, by where from",
                   "source=\"" + source + "\"")
      .value();
}

// Writes an article with its chunks as the API does (the actor is not told); its id.
int64_t create_article(storage::pg_connection& db, int64_t tenant, const std::string& title,
                       const std::string& body) {
  const vectorindex::local_embedder e;
  storage::article_input a;
  a.title = title;
  a.body = body;
  auto prepared = vectorindex::prepare_chunks(a.title, a.body, e);
  REQUIRE(prepared);
  std::vector<storage::chunk_row> rows;
  for (auto& p : *prepared) rows.push_back({p.ordinal, p.text, p.vector});
  auto created =
      storage::knowledge_repo{db}.create(tenant, {"system", std::nullopt}, a, rows, e.name());
  REQUIRE(created);
  return created->id;
}

// One life of the knowledge actor: it loads, answers `q`, and stops.
std::vector<vectorindex::search_hit> run_once(const config::settings& s, int64_t tenant,
                                              const std::string& q) {
  auto ctx = std::make_shared<node_context>(s);
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto knowledge = sys.spawn<caf::detached>(knowledge_actor, ctx,
                                            std::make_shared<const vectorindex::local_embedder>());
  caf::scoped_actor self{sys};
  auto hits = ask(self, knowledge, tenant, q);
  self->send_exit(knowledge, caf::exit_reason::user_shutdown);
  return hits;
}

}  // namespace

TEST_CASE_METHOD(
    testkit::db_fixture,
    "the knowledge actor starts from its snapshot, patches it, and rebuilds a corrupt one",
    "[actors][pg]") {
  const auto dir = std::filesystem::temp_directory_path() / ("kb_snapshot_" + tdb.name());
  std::filesystem::remove_all(dir);
  config::settings s;
  s.database_url = tdb.url();
  s.data_dir = dir.string();
  const auto file = snapshot_path(s.data_dir, demo);
  const std::string returns = "quiero devolver un producto que llegó roto";
  const auto rebuilt = index_loads("rebuilt");
  const auto from_snapshot = index_loads("snapshot");
  const auto patched = index_loads("patched");

  // First start: nothing on disk, so the index is rebuilt and its snapshot written.
  auto hits = run_once(s, demo, returns);
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].title == "Cambios y devoluciones");
  CHECK(index_loads("rebuilt") == rebuilt + 1);
  REQUIRE(std::filesystem::exists(file));

  // Second start: the snapshot matches the database and is used as it is.
  hits = run_once(s, demo, returns);
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].title == "Cambios y devoluciones");
  CHECK(index_loads("snapshot") == from_snapshot + 1);
  CHECK(index_loads("rebuilt") == rebuilt + 1);

  // An article written while the server is down: the snapshot is patched with it.
  const auto created =
      create_article(db, demo, "Mascotas", "Se admiten perros pequeños en la tienda con correa.");
  hits = run_once(s, demo, "puedo ir con mi perro a la tienda");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].article_id == created);
  CHECK(index_loads("patched") == patched + 1);
  CHECK(index_loads("rebuilt") == rebuilt + 1);

  // A damaged file is refused and the index rebuilt from PostgreSQL.
  {
    std::fstream f{file, std::ios::in | std::ios::out | std::ios::binary};
    const auto middle = static_cast<std::streamoff>(std::filesystem::file_size(file) / 2);
    f.seekg(middle);
    const char byte = static_cast<char>(f.get());
    f.seekp(middle);
    f.put(static_cast<char>(byte ^ 0x55));
  }
  hits = run_once(s, demo, "puedo ir con mi perro a la tienda");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].article_id == created);
  CHECK(index_loads("rebuilt") == rebuilt + 2);

  // And the fresh snapshot written then is good again.
  run_once(s, demo, returns);
  CHECK(index_loads("snapshot") == from_snapshot + 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a snapshot written for another database is not used: the index is rebuilt",
          "[actors][pg][knowledge]") {
  // Two databases from the same template: the same tenants and articles, and the same chunk
  // ids handed out next. The first one's snapshot names the second's chunk ids under other
  // articles, which is what a restore or a recreated database leaves in the data directory.
  testkit::test_database first;
  testkit::test_database second;
  auto db = second.connect();
  const int64_t tenant = testkit::tenant_id(db, "demo");
  const auto dir = std::filesystem::temp_directory_path() / ("kb_foreign_" + second.name());
  std::filesystem::remove_all(dir);
  config::settings s;
  s.data_dir = dir.string();
  s.database_url = first.url();
  REQUIRE_FALSE(run_once(s, tenant, "devolver un producto").empty());
  REQUIRE(std::filesystem::exists(snapshot_path(s.data_dir, tenant)));

  const auto created =
      create_article(db, tenant, "Garantía extendida",
                     "Todos los productos tienen garantía de un año contra defectos de fábrica.");

  const auto rebuilt = index_loads("rebuilt");
  const auto from_snapshot = index_loads("snapshot") + index_loads("patched");
  s.database_url = second.url();
  auto hits = run_once(s, tenant, "garantía contra defectos de fábrica");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].article_id == created);
  CHECK(hits[0].title == "Garantía extendida");
  CHECK(index_loads("rebuilt") == rebuilt + 1);
  CHECK(index_loads("snapshot") + index_loads("patched") == from_snapshot);

  // The snapshot written then belongs to the second database, which now starts from it.
  const auto snapshots = index_loads("snapshot");
  hits = run_once(s, tenant, "garantía contra defectos de fábrica");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].article_id == created);
  CHECK(index_loads("snapshot") == snapshots + 1);
  std::filesystem::remove_all(dir);
}
