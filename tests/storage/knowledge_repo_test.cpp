#include "storage/knowledge_repo.hpp"

#include <catch2/catch.hpp>

#include "storage/tenant_repo.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/test_database.hpp"

using namespace centralita;
using centralita::testkit::db_fixture;
using centralita::testkit::query_value;
using centralita::testkit::test_database;

namespace {
std::vector<storage::chunk_row> two_chunks() {
  return {{0, "primero", {0.5f, -0.25f, 1e-3f}}, {1, "segundo", {1.0f, 0.0f, -2.5f}}};
}
}  // namespace

TEST_CASE("real and text array literals round-trip", "[storage]") {
  const std::vector<float> v{0.1f, -2.5f, 3e-5f, 0.0f};
  CHECK(storage::parse_real_array(storage::real_array(v)) == v);
  CHECK(storage::parse_real_array("{}").empty());
  CHECK(storage::parse_real_array("nonsense").empty());
  CHECK(storage::parse_text_array("{}").empty());
  CHECK(storage::parse_text_array(R"({a,"b c","d\"e",""})") ==
        std::vector<std::string>{"a", "b c", "d\"e", ""});
}

TEST_CASE("validate_article names the field it refuses", "[storage]") {
  storage::article_input a{"Título", "Cuerpo", "es", {"envios"}, "published"};
  CHECK(storage::validate_article(a));
  auto bad = a;
  bad.title = "  ";
  CHECK(storage::validate_article(bad).error().message.rfind("title", 0) == 0);
  bad = a;
  bad.language = "spanish";
  CHECK(storage::validate_article(bad).error().code == errc::unprocessable);
  bad = a;
  bad.status = "live";
  CHECK(storage::validate_article(bad).error().message.rfind("status", 0) == 0);
  bad = a;
  bad.tags = {""};
  CHECK_FALSE(storage::validate_article(bad));
}

TEST_CASE_METHOD(db_fixture, "knowledge_repo writes articles, chunks and audit rows together",
                 "[storage][pg]") {
  auto user = db.exec("SELECT id FROM users WHERE email = 'supervisor@demo.com'");
  REQUIRE(user.ok());
  const auto who = storage::actor::user(user->i64(0, 0));
  storage::knowledge_repo repo{db};

  storage::article_input in{
      "Envíos \"rápidos\"", "# Envíos\n\nTexto.", "es", {"a b", "c"}, "published"};
  auto created = repo.create(demo, who, in, two_chunks(), "test-embedder");
  REQUIRE(created);
  CHECK(created->version == 1);
  CHECK(created->tags == std::vector<std::string>{"a b", "c"});
  CHECK(created->title == "Envíos \"rápidos\"");
  const auto id = std::to_string(created->id);

  auto chunks = repo.chunks(demo, created->id);
  REQUIRE(chunks);
  REQUIRE(chunks->size() == 2);
  CHECK((*chunks)[1].text == "segundo");
  CHECK((*chunks)[1].embedding == std::vector<float>{1.0f, 0.0f, -2.5f});
  CHECK((*chunks)[0].embedder == "test-embedder");
  CHECK(query_value(db,
                    "SELECT count(*) FROM audit_log WHERE entity_type = 'knowledge_article' "
                    "AND action = 'knowledge_article.created' AND entity_id = '" +
                        id + "' AND actor_user_id IS NOT NULL AND after->>'title' IS NOT NULL") ==
        "1");

  // Another tenant sees nothing of it.
  CHECK(repo.find(admin, created->id).error().code == errc::not_found);
  CHECK(repo.update(admin, created->id, who, in, {}, "x").error().code == errc::not_found);
  CHECK(repo.remove(admin, created->id, who).error().code == errc::not_found);

  in.title = "Envíos nuevos";
  in.status = "draft";
  auto updated = repo.update(demo, created->id, who, in, {{0, "único", {1, 2, 3}}}, "e2");
  REQUIRE(updated);
  CHECK(updated->version == 2);
  CHECK(updated->status == "draft");
  CHECK(repo.chunks(demo, created->id)->size() == 1);
  CHECK(query_value(db,
                    "SELECT before->>'title' || '|' || (after->>'title') FROM audit_log "
                    "WHERE action = 'knowledge_article.updated' AND entity_id = '" +
                        id + "'") == "Envíos \"rápidos\"|Envíos nuevos");

  // A stale version is refused when chunks are replaced.
  CHECK(repo.replace_chunks(demo, created->id, 1, two_chunks(), "e3").error().code ==
        errc::conflict);
  CHECK(repo.replace_chunks(demo, created->id, 2, two_chunks(), "e3"));

  auto page = repo.list(demo, storage::article_filter{std::string{"draft"}, {}, 10});
  REQUIRE(page);
  REQUIRE(page->items.size() == 1);
  CHECK(page->items[0].id == created->id);

  // Published articles of the demo tenant: the three seeded ones (the draft is not).
  auto published = repo.published(demo);
  REQUIRE(published);
  CHECK(published->size() == 3);
  auto signatures = repo.signatures();
  REQUIRE(signatures);

  auto removed = repo.remove(demo, created->id, who);
  REQUIRE(removed);
  CHECK(repo.find(demo, created->id).error().code == errc::not_found);
  CHECK(query_value(db, "SELECT count(*) FROM knowledge_chunks WHERE article_id = " + id) == "0");
  CHECK(query_value(db,
                    "SELECT count(*) FROM audit_log WHERE action = "
                    "'knowledge_article.deleted' AND entity_id = '" +
                        id + "' AND after IS NULL AND before IS NOT NULL") == "1");
}

TEST_CASE_METHOD(db_fixture, "knowledge_repo creates many articles in one transaction, all or none",
                 "[storage][pg]") {
  storage::knowledge_repo repo{db};
  const storage::actor system{"system", std::nullopt};
  storage::article_input one;
  one.title = "T";
  one.body = "B";
  std::vector<storage::article_input> good(3, one);
  auto created = repo.create_many(demo, system, good, {two_chunks(), {}, two_chunks()}, "e");
  REQUIRE(created);
  CHECK(created->size() == 3);
  // Each article got its own chunks, vectors intact, and its audit row.
  for (size_t i = 0; i < 3; ++i) {
    const auto& a = (*created)[i];
    CHECK(a.version == 1);
    CHECK_FALSE(a.created_at.empty());
    auto chunks = repo.chunks(demo, a.id);
    REQUIRE(chunks);
    CHECK(chunks->size() == (i == 1 ? 0U : 2U));
    if (i != 1) CHECK(chunks->at(1).embedding == two_chunks()[1].embedding);
    CHECK(query_value(db,
                      "SELECT count(*) FROM audit_log WHERE action = 'knowledge_article.created' "
                      "AND entity_id = '" +
                          std::to_string(a.id) + "' AND after->>'title' = 'T'") == "1");
  }
  CHECK((*created)[0].id < (*created)[1].id);
  // The manifest lists published articles with their chunk ids and whether they are embedded.
  auto manifest = repo.manifest(demo, "e", 3);
  REQUIRE(manifest);
  size_t seen = 0;
  for (const auto& m : *manifest) {
    for (size_t i = 0; i < 3; ++i) {
      if (m.article_id != (*created)[i].id) continue;
      ++seen;
      CHECK(m.chunk_ids.size() == (i == 1 ? 0U : 2U));
      CHECK(m.embedded == (i != 1));
    }
  }
  CHECK(seen == 3);
  auto other = repo.manifest(demo, "another-embedder", 3);
  REQUIRE(other);
  for (const auto& m : *other) CHECK_FALSE(m.embedded);
  const auto before = query_value(db, "SELECT count(*) FROM knowledge_articles");
  auto bad = good;
  bad[2].language = "xx-yy";
  CHECK_FALSE(repo.create_many(demo, system, bad, {{}, {}, {}}, "e"));
  CHECK(query_value(db, "SELECT count(*) FROM knowledge_articles") == before);
}
