// Outbound calls from a conversation, against a fake ElevenLabs on loopback: the wire format
// (path, xi-api-key, agent, phone number id, E.164 number, the conversation's context as
// dynamic variables), the session the post-call webhook later completes, ElevenLabs' 422 as a
// 502 and its silence as a 504 with nothing stored, and the demo mode without a key.
#include <rapidjson/document.h>

#include <catch2/catch.hpp>

#include "tests/server/calls_helpers.hpp"
#include "tests/support/account_secrets.hpp"
#include "tests/support/fake_elevenlabs.hpp"

using namespace centralita::testkit;

namespace {

struct outbound_fixture {
  fake_elevenlabs eleven;
  temp_dir data;
  test_database db{db_contents::seeded};
  server_process server{db.url(), [this] {
                          auto env = eleven.environment();
                          env.emplace_back("CENTRALITA_DATA_DIR", data.path.string());
                          return env;
                        }()};
  centralita::storage::pg_connection sql = db.connect();
  http_connection api{"127.0.0.1", server.api_port()};
  std::string agent = login(server.api_port(), "agent@demo.com");
  std::string admin = login(server.api_port(), "admin@admin.com");
  // The seeded conversation of 5215511110001, whose shipment is CS1002 (order 1002).
  std::string conv =
      query_value(sql,
                  "SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id "
                  "WHERE cu.phone = '5215511110001' ORDER BY c.id DESC LIMIT 1");

  http_response start(const std::string& token, const std::string& id) {
    return api.request("POST", "/api/v1/conversations/" + id + "/calls", {}, bearer(token));
  }
  std::string value(const std::string& q) { return query_value(sql, q); }
};

std::string member(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

TEST_CASE("an outbound call goes to ElevenLabs in its wire format and is stored",
          "[server][calls][pg]") {
  outbound_fixture t;
  auto r = t.start(t.agent, t.conv);
  REQUIRE(r.status == 201);
  auto received = t.eleven.received();
  REQUIRE(received.size() == 1);
  const auto& req = received[0];
  CHECK(req.method == "POST");
  CHECK(req.target == "/v1/convai/twilio/outbound-call");
  CHECK(req.headers.at("xi-api-key") == "xi_test_key");
  CHECK(req.headers.at("content-type").rfind("application/json", 0) == 0);
  rapidjson::Document d;
  d.Parse(req.body.c_str());
  REQUIRE(d.IsObject());
  CHECK(member(d, "agent_id") == "agent_test");
  CHECK(member(d, "agent_phone_number_id") == "phnum_test");
  CHECK(member(d, "to_number") == "+5215511110001");
  REQUIRE(d["conversation_initiation_client_data"].IsObject());
  const auto& vars = d["conversation_initiation_client_data"]["dynamic_variables"];
  REQUIRE(vars.IsObject());
  CHECK_FALSE(member(vars, "customer_name").empty());
  CHECK(member(vars, "conversation_id") == t.conv);
  CHECK(member(vars, "tracking_number") == "CS1002");
  CHECK(member(vars, "order_number") == "1002");
  CHECK(member(vars, "tracking_status") == "InTransit");
  for (const auto& v : vars.GetObject()) {
    INFO(v.name.GetString());
    CHECK(std::string{v.name.GetString()}.rfind("system__", 0) == std::string::npos);
    CHECK((v.value.IsString() || v.value.IsNumber() || v.value.IsBool()));
  }

  // The session: outbound, initiated, ElevenLabs' ids, linked to the conversation; audited.
  auto answer = parse_json(r.body);
  REQUIRE(answer.IsObject());
  CHECK(member(answer, "direction") == "outbound");
  CHECK(member(answer, "provider_conversation_id") == "conv_out_1");
  CHECK(t.value("SELECT direction || ' ' || status || ' ' || provider_call_sid || ' ' || "
                "conversation_id FROM call_sessions WHERE provider_conversation_id = "
                "'conv_out_1'") == "outbound initiated CA0001 " + t.conv);
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'call.started'") == "1");

  // The post-call webhook for that conversation id completes the same session.
  auto secret =
      centralita::testkit::account_secret(t.sql, "elevenlabs_calls_main", "webhook_secret");
  http_connection gateway{"127.0.0.1", t.server.gateway_port()};
  std::string body =
      R"({"type":"post_call_transcription","event_timestamp":1,"data":{"conversation_id":"conv_out_1","status":"done","metadata":{"call_duration_secs":30,"phone_call":{"direction":"outbound","external_number":"+5215511110001"}},"analysis":{"transcript_summary":"Confirmó la entrega."}}})";
  auto sig = centralita::providers::sign_elevenlabs(body, secret, now_s());
  REQUIRE(gateway
              .request("POST", elevenlabs_path, body,
                       {{"X-Account-Key", elevenlabs_key},
                        {"Content-Type", "application/json"},
                        {"ElevenLabs-Signature", sig}})
              .status == 200);
  auto done = "SELECT status FROM call_sessions WHERE provider_conversation_id = 'conv_out_1'";
  CHECK(wait_for_value(t.sql, done, "done") == "done");
  CHECK(t.value("SELECT count(*) FROM call_sessions") == "1");
  CHECK(t.value("SELECT conversation_id FROM call_sessions") == t.conv);

  // Another tenant's conversation is a 404, and ElevenLabs never hears of it.
  CHECK(t.start(t.admin, t.conv).status == 404);
  CHECK(t.eleven.received().size() == 1);
}

TEST_CASE("ElevenLabs' 422 is a 502 and its silence a 504, with nothing stored",
          "[server][calls][pg]") {
  outbound_fixture t;
  t.eleven.answer(
      422,
      R"({"detail":[{"loc":["body","to_number"],"msg":"invalid phone number","type":"value_error"}]})");
  auto refused = t.start(t.agent, t.conv);
  CHECK(refused.status == 502);
  CHECK(contains(refused.body, R"("code":"provider_refused")"));
  CHECK(contains(refused.body, "to_number: invalid phone number"));
  CHECK_FALSE(contains(refused.body, "xi_test_key"));

  t.eleven.answer(
      200,
      R"({"success":false,"message":"Agent not found","conversation_id":null,"callSid":null})");
  auto unsuccessful = t.start(t.agent, t.conv);
  CHECK(unsuccessful.status == 502);
  CHECK(contains(unsuccessful.body, "Agent not found"));

  t.eleven.hold();
  auto silent = t.start(t.agent, t.conv);
  CHECK(silent.status == 504);
  CHECK(contains(silent.body, R"("code":"provider_timeout")"));

  CHECK(t.eleven.received().size() == 3);
  CHECK(t.value("SELECT count(*) FROM call_sessions") == "0");
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE entity_type = 'call'") == "0");
}

TEST_CASE("without an ElevenLabs key the demo mode records the call without a network",
          "[server][calls][pg]") {
  calls_fixture f;
  auto conv = f.value(
      "SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id "
      "WHERE cu.phone = '5215511110001' ORDER BY c.id DESC LIMIT 1");
  auto r = f.api.request("POST", "/api/v1/conversations/" + conv + "/calls", {}, bearer(f.agent));
  REQUIRE(r.status == 201);
  CHECK(f.value("SELECT provider_conversation_id LIKE 'demo-call-%' FROM call_sessions "
                "WHERE conversation_id = " +
                conv) == "t");
  CHECK(f.api.request("POST", "/api/v1/conversations/999999/calls", {}, bearer(f.agent)).status ==
        404);
}
