// The conversations routes from the outside: list and filters, one conversation with its
// timeline, status and assignee changes (audited), agent replies, and tenant isolation.
#include <catch2/catch.hpp>

#include "tests/server/api_helpers.hpp"

using namespace centralita::testkit;

namespace {

std::vector<std::string> names(const std::string& body) {
  auto d = parse_json(body);
  std::vector<std::string> out;
  for (const auto& c : d["items"].GetArray()) out.emplace_back(c["customer"]["name"].GetString());
  return out;
}

// The customers' names of the conversations listed to `token`'s user for `query` ("" or "?…").
std::vector<std::string> listed(api_fixture& t, const std::string& query,
                                const std::string& token) {
  return names(t.call("GET", "/api/v1/conversations" + query, token).body);
}

// The demo conversation of a customer, by the customer's phone.
std::string conversation_of(api_fixture& t, const std::string& phone) {
  return t.value(
      "SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id "
      "WHERE u.phone = '" +
      phone + "'");
}

constexpr const char* valentina = "5215511110003";
constexpr const char* jose_luis = "5215511110002";

}  // namespace

TEST_CASE("the conversation list pages and filters within the caller's tenant",
          "[server][api][pg]") {
  api_fixture t;
  using list = std::vector<std::string>;
  auto all = t.call("GET", "/api/v1/conversations", t.agent);
  REQUIRE(all.status == 200);
  CHECK(names(all.body) ==
        list{"Valentina Gómez Ruiz", "María Fernanda López", "José Luis Hernández"});
  auto d = parse_json(all.body);
  const auto& first = d["items"][0];
  CHECK(std::string{first["status"].GetString()} == "open");
  CHECK(first["assignee_id"].IsNull());
  CHECK(first["bot_active"].GetBool());
  CHECK(std::string{first["customer"]["phone"].GetString()} == valentina);
  CHECK(contains(first["last_message_preview"].GetString(), "transferencia"));
  CHECK(first["last_message_at"].IsString());
  CHECK(d["next_cursor"].IsNull());

  CHECK(listed(t, "", t.admin) == list{"Ricardo Morales Paredes"});

  // Pages of one, following the cursor.
  list paged;
  std::string cursor;
  for (int i = 0; i < 5; ++i) {
    auto page = parse_json(
        t.call("GET", "/api/v1/conversations?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor),
               t.agent)
            .body);
    for (const auto& c : page["items"].GetArray())
      paged.emplace_back(c["customer"]["name"].GetString());
    if (page["next_cursor"].IsNull()) break;
    cursor = page["next_cursor"].GetString();
  }
  CHECK(paged == names(all.body));

  CHECK(listed(t, "?assignee=me", t.agent) == list{"María Fernanda López", "José Luis Hernández"});
  CHECK(listed(t, "?assignee=none", t.agent) == list{"Valentina Gómez Ruiz"});
  CHECK(listed(t, "?assignee=me", t.supervisor).empty());
  CHECK(listed(t, "?status=resolved", t.agent).empty());
  // q finds message text, not only names; and never another tenant's messages.
  CHECK(listed(t, "?q=licuadora", t.agent) == list{"José Luis Hernández"});
  CHECK(listed(t, "?q=valentina", t.agent) == list{"Valentina Gómez Ruiz"});
  CHECK(listed(t, "?q=Paola", t.agent).empty());
  CHECK(listed(t, "?q=Paola", t.admin) == list{"Ricardo Morales Paredes"});
  CHECK(listed(t, "?q=%25", t.agent).empty());
  // Part of a name (any case, across words) or of a phone is enough.
  CHECK(listed(t, "?q=NTINA%20G%C3%B3m", t.agent) == list{"Valentina Gómez Ruiz"});
  CHECK(listed(t, "?q=fernan", t.agent) == list{"María Fernanda López"});
  CHECK(listed(t, "?q=11110002", t.agent) == list{"José Luis Hernández"});
  // A search pages like the whole list, and keeps the other filters.
  list found;
  cursor.clear();
  for (int i = 0; i < 5; ++i) {
    auto page = parse_json(t.call("GET",
                                  "/api/v1/conversations?q=55111100&limit=1" +
                                      (cursor.empty() ? "" : "&cursor=" + cursor),
                                  t.agent)
                               .body);
    for (const auto& c : page["items"].GetArray())
      found.emplace_back(c["customer"]["name"].GetString());
    if (page["next_cursor"].IsNull()) break;
    cursor = page["next_cursor"].GetString();
  }
  CHECK(found == names(all.body));
  CHECK(listed(t, "?q=55111100&assignee=me", t.agent) ==
        list{"María Fernanda López", "José Luis Hernández"});
  CHECK(listed(t, "?q=licuadora&assignee=none", t.agent).empty());

  for (const char* bad :
       {"status=closed", "assignee=someone", "limit=0", "limit=201", "limit=x", "cursor=garbage"}) {
    auto r = t.call("GET", std::string{"/api/v1/conversations?"} + bad, t.agent);
    CAPTURE(bad, r.body);
    CHECK(r.status == 400);
    CHECK(contains(r.body, std::string{bad}.substr(0, std::string{bad}.find('='))));
  }
}

TEST_CASE("one conversation comes with its customer, messages in order and tickets",
          "[server][api][pg]") {
  api_fixture t;
  auto id = conversation_of(t, jose_luis);
  auto r = t.call("GET", "/api/v1/conversations/" + id, t.agent);
  REQUIRE(r.status == 200);
  auto d = parse_json(r.body);
  CHECK(std::to_string(d["id"].GetInt64()) == id);
  CHECK(std::string{d["customer"]["name"].GetString()} == "José Luis Hernández");
  CHECK(std::string{d["customer"]["email"].GetString()} == "jl.hernandez@example.com");
  const auto& messages = d["messages"];
  REQUIRE(messages.Size() == 4);
  CHECK(contains(messages[0]["text"].GetString(), "jarra estrellada"));
  CHECK(std::string{messages[0]["direction"].GetString()} == "in");
  CHECK(std::string{messages[3]["sender_type"].GetString()} == "agent");
  for (rapidjson::SizeType i = 1; i < messages.Size(); ++i) {
    CHECK(messages[i]["id"].GetInt64() > messages[i - 1]["id"].GetInt64());
  }
  REQUIRE(d["tickets"].Size() == 1);
  CHECK(std::string{d["tickets"][0]["status"].GetString()} == "IN_PROGRESS");
}

TEST_CASE("a conversation's status and assignee change with an audit row", "[server][api][pg]") {
  api_fixture t;
  auto id = conversation_of(t, valentina);
  auto path = "/api/v1/conversations/" + id;
  auto agent_id = t.user_id("agent@demo.com");
  auto r = t.call("PATCH", path, t.agent, R"({"status":"pending","assignee_id":)" + agent_id + "}");
  REQUIRE(r.status == 200);
  auto d = parse_json(r.body);
  CHECK(std::string{d["status"].GetString()} == "pending");
  CHECK(std::to_string(d["assignee_id"].GetInt64()) == agent_id);
  CHECK(t.value("SELECT status || '/' || assignee_id FROM conversations WHERE id = " + id) ==
        "pending/" + agent_id);
  CHECK(t.value("SELECT actor_type || ' ' || actor_user_id || ' ' || action || ' ' || "
                "(before->>'status') || '>' || (after->>'status') || ' ' || "
                "coalesce(before->>'assignee_id', 'null') || '>' || (after->>'assignee_id') "
                "FROM audit_log WHERE entity_type = 'conversation' AND entity_id = '" +
                id + "'") ==
        "user " + agent_id + " conversation.updated open>pending null>" + agent_id);

  // Unassigning with null; the same values again write no audit row.
  CHECK(t.call("PATCH", path, t.agent, R"({"assignee_id":null})").status == 200);
  CHECK(t.value("SELECT assignee_id IS NULL FROM conversations WHERE id = " + id) == "t");
  CHECK(t.call("PATCH", path, t.agent, R"({"status":"pending"})").status == 200);
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE entity_type = 'conversation'") == "2");

  // Values refused with 422, shapes with 400 naming the field; nothing written.
  auto admin_id = t.user_id("admin@admin.com");
  auto refused = t.call("PATCH", path, t.agent, R"({"assignee_id":)" + admin_id + "}");
  CHECK(refused.status == 422);
  CHECK(contains(refused.body, "assignee_id"));
  CHECK(t.call("PATCH", path, t.agent, R"({"assignee_id":999999})").status == 422);
  auto closed = t.call("PATCH", path, t.agent, R"({"status":"closed"})");
  CHECK(closed.status == 422);
  CHECK(contains(closed.body, "status"));
  for (auto [body, field] :
       {std::pair{R"({"status":1})", "status"}, std::pair{R"({"assignee_id":"2"})", "assignee_id"},
        std::pair{R"({"assignee_id":-1})", "assignee_id"},
        std::pair{R"({"tenant_id":1})", "tenant_id"}, std::pair{"{}", "status"},
        std::pair{"{", "JSON"}}) {
    auto bad = t.call("PATCH", path, t.agent, body);
    CAPTURE(body, bad.body);
    CHECK(bad.status == 400);
    CHECK(contains(bad.body, field));
  }
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE entity_type = 'conversation'") == "2");
}

TEST_CASE("reopening while the customer has another open conversation is a 409",
          "[server][api][pg]") {
  api_fixture t;
  auto old_id = conversation_of(t, valentina);
  CHECK(t.call("PATCH", "/api/v1/conversations/" + old_id, t.agent, R"({"status":"resolved"})")
            .status == 200);
  t.value(
      "INSERT INTO conversations (tenant_id, customer_id) SELECT tenant_id, customer_id "
      "FROM conversations WHERE id = " +
      old_id + " RETURNING id");
  auto r = t.call("PATCH", "/api/v1/conversations/" + old_id, t.agent, R"({"status":"open"})");
  CHECK(r.status == 409);
  CHECK(contains(r.body, "another open conversation"));
  CHECK(t.value("SELECT status FROM conversations WHERE id = " + old_id) == "resolved");
}

TEST_CASE("an agent's reply is stored queued, and the text is checked", "[server][api][pg]") {
  api_fixture t;
  auto id = conversation_of(t, valentina);
  auto path = "/api/v1/conversations/" + id + "/messages";
  auto r = t.call("POST", path, t.agent, R"({"text":"Claro, Valentina: ya te envío la factura."})");
  REQUIRE(r.status == 201);
  auto d = parse_json(r.body);
  CHECK(std::string{d["direction"].GetString()} == "out");
  CHECK(std::string{d["sender_type"].GetString()} == "agent");
  CHECK(std::string{d["status"].GetString()} == "queued");
  CHECK(std::to_string(d["sender_user_id"].GetInt64()) == t.user_id("agent@demo.com"));
  CHECK(std::string{d["text"].GetString()} == "Claro, Valentina: ya te envío la factura.");
  CHECK(t.value("SELECT body FROM messages WHERE id = " + std::to_string(d["id"].GetInt64()) +
                " AND conversation_id = " + id) == "Claro, Valentina: ya te envío la factura.");
  // It is the conversation's latest message now.
  auto list = parse_json(t.call("GET", "/api/v1/conversations", t.agent).body);
  CHECK(std::to_string(list["items"][0]["id"].GetInt64()) == id);
  CHECK(contains(list["items"][0]["last_message_preview"].GetString(), "ya te envío"));

  // 4096 characters (two bytes each here) pass; one more does not.
  std::string longest;
  for (int i = 0; i < 4096; ++i) longest += "é";
  CHECK(t.call("POST", path, t.agent, R"({"text":")" + longest + R"("})").status == 201);
  const auto count = t.value("SELECT count(*) FROM messages WHERE conversation_id = " + id);
  for (auto [body, code] : {std::pair{R"({"text":")" + longest + R"(é"})", "invalid_field"},
                            std::pair{std::string{R"({"text":"   "})"}, "invalid_field"},
                            std::pair{std::string{R"({"text":""})"}, "invalid_field"},
                            std::pair{std::string{R"({"text":42})"}, "invalid_field"},
                            std::pair{std::string{"{}"}, "missing_field"},
                            std::pair{std::string{R"({"text":null})"}, "missing_field"}}) {
    auto bad = t.call("POST", path, t.agent, body);
    CAPTURE(bad.body);
    CHECK(bad.status == 400);
    CHECK(contains(bad.body, code));
    CHECK(contains(bad.body, "text"));
  }
  CHECK(t.value("SELECT count(*) FROM messages WHERE conversation_id = " + id) == count);
}

TEST_CASE("another tenant's conversation is a 404 through every route, both ways",
          "[server][api][pg]") {
  api_fixture t;
  auto admin_conv = t.first_id("conversations", "admin");
  auto demo_conv = t.first_id("conversations", "demo");
  auto before =
      t.value("SELECT count(*) FROM messages") + "/" + t.value("SELECT count(*) FROM audit_log");
  for (auto [token, id] : {std::pair{t.agent, admin_conv}, std::pair{t.supervisor, admin_conv},
                           std::pair{t.admin, demo_conv}}) {
    auto path = "/api/v1/conversations/" + id;
    for (auto r :
         {t.call("GET", path, token), t.call("PATCH", path, token, R"({"status":"resolved"})"),
          t.call("POST", path + "/messages", token, R"({"text":"hola"})")}) {
      CAPTURE(path, r.body);
      CHECK(r.status == 404);
      CHECK(contains(r.body, "conversation_not_found"));
      CHECK_FALSE(contains(r.body, "Ricardo"));
    }
  }
  // Ids that cannot exist are 404 too.
  for (const char* id : {"abc", "0", "-1", "99999999999999999999", "1.5"}) {
    CHECK(t.call("GET", std::string{"/api/v1/conversations/"} + id, t.agent).status == 404);
  }
  CHECK(t.value("SELECT count(*) FROM messages") + "/" +
            t.value("SELECT count(*) FROM audit_log") ==
        before);
}
