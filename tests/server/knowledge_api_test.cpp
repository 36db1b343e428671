// The knowledge API from the outside: articles (roles, validation, tenants, audit) and search
// (the seeded articles found by paraphrases, the index following every write).
#include <catch2/catch.hpp>

#include <cstdio>

#include "tests/server/api_helpers.hpp"

using namespace centralita::testkit;

namespace {

std::string url_encode(const std::string& s) {
  std::string out;
  char buf[4];
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string search_path(const std::string& q, int k = 3) {
  return "/api/v1/knowledge/search?q=" + url_encode(q) + "&k=" + std::to_string(k);
}

// The titles of a search's results, in order.
std::vector<std::string> titles(const http_response& r) {
  std::vector<std::string> out;
  auto d = parse_json(r.body);
  if (d.HasParseError() || !d.HasMember("results")) return out;
  for (const auto& hit : d["results"].GetArray()) out.emplace_back(hit["title"].GetString());
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("knowledge search finds the seeded article for a paraphrase", "[server][api][pg]") {
  api_fixture t;
  auto r =
      t.call("GET", search_path("me llegó roto el producto, me devuelven mi dinero?"), t.agent);
  REQUIRE(r.status == 200);
  auto d = parse_json(r.body);
  REQUIRE(d["results"].IsArray());
  REQUIRE(d["results"].Size() >= 1);
  const auto& top = d["results"][0];
  CHECK(std::string{top["title"].GetString()} == "Cambios y devoluciones");
  CHECK(top["article_id"].IsInt64());
  CHECK(top["score"].GetDouble() > 0);
  CHECK_FALSE(std::string{top["chunk"].GetString()}.empty());
  CHECK(titles(t.call("GET", search_path("how much is shipping", 1), t.agent))[0] ==
        "Tiempos y costos de envío");
  CHECK(titles(t.call("GET", search_path("necesito factura", 1), t.supervisor))[0] ==
        "Formas de pago y facturación");
  // The seeded chunks were embedded and stored at start-up.
  CHECK(t.value("SELECT count(DISTINCT article_id) FROM knowledge_chunks WHERE embedding IS NOT "
                "NULL AND tenant_id = (SELECT id FROM tenants WHERE slug = 'demo')") == "3");

  // The other tenant has no articles: nothing of demo's shows.
  auto other = t.call("GET", search_path("devoluciones"), t.admin);
  REQUIRE(other.status == 200);
  CHECK(other.body == R"({"results":[]})");

  CHECK(t.call("GET", search_path("envio"), "").status == 401);
  for (const char* bad :
       {"/api/v1/knowledge/search", "/api/v1/knowledge/search?q=%20%20",
        "/api/v1/knowledge/search?q=envio&k=0", "/api/v1/knowledge/search?q=envio&k=51",
        "/api/v1/knowledge/search?q=envio&k=abc"}) {
    auto e = t.call("GET", bad, t.agent);
    CHECK(e.status == 400);
    CHECK(contains(e.body, R"({"error":{"code":)"));
  }
}

TEST_CASE("knowledge articles: reads for all, writes for admins, audited, indexed",
          "[server][api][pg]") {
  api_fixture t;
  auto list = t.call("GET", "/api/v1/knowledge/articles", t.agent);
  REQUIRE(list.status == 200);
  CHECK(parse_json(list.body)["items"].Size() == 3);
  CHECK(parse_json(t.call("GET", "/api/v1/knowledge/articles", t.admin).body)["items"].Size() == 0);

  const std::string body =
      R"({"title":"Tarjetas de regalo","body":"## Comprar\n\nVendemos tarjetas de regalo )"
      R"(desde $200 MXN con un código y un NIP.","language":"es","tags":["regalos"]})";
  auto forbidden = t.call("POST", "/api/v1/knowledge/articles", t.agent, body);
  CHECK(forbidden.status == 403);
  CHECK(t.call("POST", "/api/v1/knowledge/articles", "", body).status == 401);

  auto created = t.call("POST", "/api/v1/knowledge/articles", t.supervisor, body);
  REQUIRE(created.status == 201);
  auto a = parse_json(created.body);
  const auto id = std::to_string(a["id"].GetInt64());
  CHECK(std::string{a["status"].GetString()} == "published");
  CHECK(a["version"].GetInt64() == 1);
  CHECK(a["tags"][0] == "regalos");
  for (const char* member : {"title", "body", "language", "created_at", "updated_at"}) {
    CHECK(a.HasMember(member));
  }
  // Searchable as soon as the write is answered.
  CHECK(titles(t.call("GET", search_path("do you sell gift cards?", 1), t.agent))[0] ==
        "Tarjetas de regalo");

  auto read = t.call("GET", "/api/v1/knowledge/articles/" + id, t.agent);
  REQUIRE(read.status == 200);
  CHECK(read.body == created.body);
  // Another tenant's id, a malformed id: 404 both ways.
  CHECK(t.call("GET", "/api/v1/knowledge/articles/" + id, t.admin).status == 404);
  CHECK(t.call("PUT", "/api/v1/knowledge/articles/" + id, t.admin, body).status == 404);
  CHECK(t.call("DELETE", "/api/v1/knowledge/articles/" + id, t.admin).status == 404);
  CHECK(t.call("GET", "/api/v1/knowledge/articles/abc", t.agent).status == 404);
  const auto seeded = t.first_id("knowledge_articles", "demo");
  CHECK(t.call("GET", "/api/v1/knowledge/articles/" + seeded, t.admin).status == 404);
  CHECK(t.call("GET", "/api/v1/knowledge/articles/" + seeded, t.agent).status == 200);

  // An admin of the other tenant writes there, and demo's search does not see it.
  auto theirs = t.call("POST", "/api/v1/knowledge/articles", t.admin,
                       R"({"title":"Política de mascotas","body":"Se admiten perros pequeños."})");
  REQUIRE(theirs.status == 201);
  CHECK_FALSE(
      has(titles(t.call("GET", search_path("perros mascotas"), t.agent)), "Política de mascotas"));
  CHECK(
      has(titles(t.call("GET", search_path("perros mascotas"), t.admin)), "Política de mascotas"));

  // An update re-indexes: the new content is found, the old title is gone.
  auto updated = t.call("PUT", "/api/v1/knowledge/articles/" + id, t.supervisor,
                        R"({"title":"Monedero electrónico","body":"Acumula puntos de lealtad )"
                        R"(en tu monedero con cada compra."})");
  REQUIRE(updated.status == 200);
  auto u = parse_json(updated.body);
  CHECK(u["version"].GetInt64() == 2);
  CHECK(u["tags"][0] == "regalos");  // PUT keeps what it does not give
  auto after = titles(t.call("GET", search_path("loyalty points"), t.agent));
  CHECK(has(after, "Monedero electrónico"));
  CHECK_FALSE(has(after, "Tarjetas de regalo"));
  CHECK(t.call("PUT", "/api/v1/knowledge/articles/" + id, t.agent, body).status == 403);

  // Unpublished articles are not searchable.
  REQUIRE(t.call("PUT", "/api/v1/knowledge/articles/" + id, t.supervisor,
                 R"({"title":"Monedero electrónico","body":"Acumula puntos.","status":"draft"})")
              .status == 200);
  CHECK_FALSE(
      has(titles(t.call("GET", search_path("monedero puntos"), t.agent)), "Monedero electrónico"));

  CHECK(t.call("DELETE", "/api/v1/knowledge/articles/" + id, t.agent).status == 403);
  auto removed = t.call("DELETE", "/api/v1/knowledge/articles/" + id, t.supervisor);
  CHECK(removed.status == 200);
  CHECK(t.call("GET", "/api/v1/knowledge/articles/" + id, t.agent).status == 404);
  CHECK(t.call("DELETE", "/api/v1/knowledge/articles/" + id, t.supervisor).status == 404);

  CHECK(t.value("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE entity_type = "
                "'knowledge_article' AND entity_id = '" +
                id + "' AND actor_user_id = " + t.user_id("supervisor@demo.com")) ==
        "knowledge_article.created,knowledge_article.updated,knowledge_article.updated,"
        "knowledge_article.deleted");
}

TEST_CASE("knowledge article bodies are validated", "[server][api][pg]") {
  api_fixture t;
  for (auto [body, status, what] : {
           std::tuple{"nope", 400, "JSON"},
           std::tuple{R"({"body":"x"})", 400, "title"},
           std::tuple{R"({"title":"x"})", 400, "body"},
           std::tuple{R"({"title":"x","body":"y","color":"red"})", 400, "color"},
           std::tuple{R"({"title":5,"body":"y"})", 400, "title"},
           std::tuple{R"({"title":"x","body":"y","tags":"a"})", 400, "tags"},
           std::tuple{R"({"title":"  ","body":"y"})", 422, "title"},
           std::tuple{R"({"title":"x","body":"y","language":"spanish"})", 422, "language"},
           std::tuple{R"({"title":"x","body":"y","status":"live"})", 422, "status"},
       }) {
    auto r = t.call("POST", "/api/v1/knowledge/articles", t.supervisor, body);
    INFO(body);
    CHECK(r.status == status);
    CHECK(contains(r.body, what));
    CHECK(contains(r.body, R"({"error":{"code":)"));
  }
  CHECK(t.value("SELECT count(*) FROM knowledge_articles") == "3");
  CHECK(t.call("GET", "/api/v1/knowledge/articles?status=nope", t.agent).status == 400);
}
