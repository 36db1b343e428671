// The ElevenLabs post-call webhook from the outside: signatures, idempotency, bad input, and
// what a call becomes (customer, conversation, call session, follow-up suggestion, recording).
#include <catch2/catch.hpp>

#include "tests/server/calls_helpers.hpp"

using namespace centralita::testkit;

TEST_CASE("post-call signatures: valid, any part order, forged, stale, future, missing",
          "[server][calls][pg]") {
  calls_fixture f;
  auto body = [](const std::string& id) {
    return R"({"type":"post_call_transcription","event_timestamp":1739537297,"data":{"agent_id":"a","conversation_id":")" +
           id + R"(","status":"done"}})";
  };
  auto t = now_s();
  auto ok = f.post_call(body("sig_ok"), t);
  CHECK(ok.status == 200);
  CHECK(contains(ok.body, R"("status":"accepted")"));

  // The parts reversed, as the SDKs allow.
  auto signed_header = centralita::providers::sign_elevenlabs(body("sig_order"), f.secret, t);
  auto comma = signed_header.find(',');
  auto reversed = signed_header.substr(comma + 1) + "," + signed_header.substr(0, comma);
  CHECK(f.post_call(body("sig_order"), t, reversed).status == 200);

  auto refused = [&](const http_response& r) {
    CHECK(r.status == 401);
    CHECK(contains(r.body, R"({"error":{"code":")"));
  };
  // Signed for another body.
  refused(f.post_call(body("sig_forged"), t,
                      centralita::providers::sign_elevenlabs(body("other"), f.secret, t)));
  // Signed with another secret.
  refused(f.post_call(body("sig_secret"), t,
                      centralita::providers::sign_elevenlabs(body("sig_secret"), "nope", t)));
  refused(f.post_call(body("sig_stale"), t - 31 * 60));
  refused(f.post_call(body("sig_future"), t + 10 * 60));
  refused(
      f.gateway.request("POST", elevenlabs_path, body("sig_missing"),
                        {{"X-Account-Key", elevenlabs_key}, {"Content-Type", "application/json"}}));
  refused(f.post_call(body("sig_nokey"), t, {}, "no_such_account"));
  // A Builderbot account's key does not open the ElevenLabs webhook.
  refused(f.post_call(body("sig_builderbot"), t, {}, demo_account_key));
  CHECK(f.value("SELECT count(*) FROM event_log WHERE provider = 'elevenlabs'") == "2");
}

TEST_CASE("post-call redelivery is a duplicate, bad JSON 400, unknown type 422",
          "[server][calls][pg]") {
  calls_fixture f;
  auto body = transcription_body("conv_dup", "5215599990901", "Resumen.");
  auto first = f.post_call(body);
  CHECK(first.status == 200);
  CHECK(contains(first.body, "accepted"));
  // A redelivery is signed again, later: still the same event.
  auto second = f.post_call(body, now_s() + 1);
  CHECK(second.status == 200);
  CHECK(contains(second.body, R"("status":"duplicate")"));
  CHECK(contains(second.body, first.body.substr(first.body.find("event_id") + 11, 36)));

  auto bad = f.post_call(R"({"type":"post_call_transcription",)");
  CHECK(bad.status == 400);
  CHECK(contains(bad.body, "invalid_json"));
  auto missing = f.post_call(R"({"type":"post_call_transcription","data":{}})");
  CHECK(missing.status == 400);
  CHECK(contains(missing.body, "data.conversation_id"));
  auto unknown = f.post_call(R"({"type":"voice_removal_notice","data":{"conversation_id":"x"}})");
  CHECK(unknown.status == 422);
  CHECK(contains(unknown.body, "voice_removal_notice"));
  auto text =
      f.gateway.request("POST", elevenlabs_path, "hola",
                        {{"X-Account-Key", elevenlabs_key}, {"Content-Type", "text/plain"}});
  CHECK(text.status == 415);
  wait_for_value(
      f.sql, "SELECT count(*) FROM call_sessions WHERE provider_conversation_id = 'conv_dup'", "1");
  CHECK(f.value("SELECT count(*) FROM suggestions WHERE reason LIKE '%conv_dup'") == "1");
}

TEST_CASE("a transcription becomes a call of the customer's open conversation, with a follow-up",
          "[server][calls][pg]") {
  calls_fixture f;
  // A seeded customer with an open conversation and an open ticket.
  const std::string phone = "5215511110002";
  auto customer = f.value("SELECT id FROM customers WHERE phone = '" + phone + "'");
  auto conversation = f.value("SELECT id FROM conversations WHERE customer_id = " + customer +
                              " AND status IN ('open', 'pending')");
  REQUIRE_FALSE(conversation.empty());
  auto r = f.post_call(transcription_body("conv_known", phone, "Preguntó por el pedido 1001."));
  REQUIRE(r.status == 200);
  auto call = wait_for_value(
      f.sql, "SELECT count(*) FROM call_sessions WHERE provider_conversation_id = 'conv_known'",
      "1");
  REQUIRE(call == "1");
  auto id = f.value("SELECT id FROM call_sessions WHERE provider_conversation_id = 'conv_known'");
  CHECK(f.value("SELECT customer_id FROM call_sessions WHERE id = " + id) == customer);
  CHECK(f.value("SELECT conversation_id FROM call_sessions WHERE id = " + id) == conversation);
  CHECK(f.value("SELECT duration_s || ' ' || status || ' ' || direction FROM call_sessions "
                "WHERE id = " +
                id) == "97 done inbound");
  CHECK(f.value("SELECT collected_data->>'order_number' FROM call_sessions WHERE id = " + id) ==
        "1001");
  auto ticket = f.value("SELECT id FROM tickets WHERE customer_id = " + customer +
                        " AND status IN ('NEW', 'IN_PROGRESS')");
  REQUIRE_FALSE(ticket.empty());
  CHECK(f.value("SELECT ticket_id FROM call_sessions WHERE id = " + id) == ticket);
  CHECK(f.value("SELECT status FROM event_log WHERE provider = 'elevenlabs'") == "processed");

  // The dashboard heard of the call and of the suggestion.
  CHECK(wait_live_event(f.sql, "call.created", "(data->>'id') = '" + id + "'"));
  // The bus stores its frames in batches: the second may land in the next one.
  CHECK(wait_live_event(f.sql, "suggestion.created",
                        "(data->>'conversation_id') = '" + conversation + "'"));

  // The follow-up waits for an agent, in Spanish, audited as the AI's.
  CHECK(f.value("SELECT text FROM suggestions WHERE status = 'pending' AND conversation_id = " +
                conversation + " AND reason LIKE '%conv_known'") ==
        "Gracias por tu llamada. Resumen: Preguntó por el pedido 1001.");
  CHECK(f.value("SELECT count(*) FROM audit_log a JOIN suggestions s ON a.entity_id = s.id::text "
                "WHERE a.entity_type = 'suggestion' AND a.actor_type = 'ai' "
                "AND s.reason LIKE '%conv_known'") == "1");

  // The conversation's detail and the calls API show it.
  auto detail = f.get("/api/v1/conversations/" + conversation, f.agent);
  REQUIRE(detail.status == 200);
  CHECK(contains(detail.body, "Preguntó por el pedido 1001."));
  auto one = f.get("/api/v1/calls/" + id, f.agent);
  REQUIRE(one.status == 200);
  auto d = parse_json(one.body);
  CHECK(d["transcript"].Size() == 2);
  CHECK(std::string{d["transcript"][1]["message"].GetString()} == "¿Dónde está mi pedido 1001?");
  CHECK(d["conversation_id"].GetInt64() == std::stoll(conversation));
  CHECK(f.get("/api/v1/calls/" + id, f.admin).status == 404);
  CHECK(f.get("/api/v1/calls/" + id, "").status == 401);
  auto list = parse_json(f.get("/api/v1/calls?customer_id=" + customer, f.agent).body);
  REQUIRE(list["items"].Size() == 1);
  CHECK(list["items"][0]["id"].GetInt64() == std::stoll(id));
}

TEST_CASE("a call from a new number creates the customer and opens a conversation",
          "[server][calls][pg]") {
  calls_fixture f;
  const std::string phone = "5215599990902";
  REQUIRE(f.post_call(transcription_body("conv_new", phone, "Quiere una cotización.")).status ==
          200);
  REQUIRE(wait_for_value(f.sql,
                         "SELECT count(*) FROM call_sessions WHERE provider_conversation_id = "
                         "'conv_new' AND conversation_id IS NOT NULL",
                         "1") == "1");
  auto customer = f.value("SELECT id FROM customers WHERE phone = '" + phone + "'");
  REQUIRE_FALSE(customer.empty());
  CHECK(f.value("SELECT customer_id FROM call_sessions WHERE provider_conversation_id = "
                "'conv_new'") == customer);
  CHECK(f.value("SELECT count(*) FROM conversations WHERE customer_id = " + customer +
                " AND status = 'open'") == "1");
  CHECK(f.value("SELECT count(*) FROM suggestions s JOIN conversations c ON c.id = "
                "s.conversation_id WHERE c.customer_id = " +
                customer + " AND s.status = 'pending'") == "1");
}

TEST_CASE("a recording is stored under the data directory and served to the tenant only",
          "[server][calls][pg]") {
  calls_fixture f;
  // "ID3" and a few bytes: what an MP3 file starts with.
  const std::string audio_b64 = "SUQzBAAAAAAAI1RTU0UAAAAPAAADTGF2ZjU4Ljc2LjEwMAAAAAAAAAAAAAAA";
  REQUIRE(f.post_call(transcription_body("conv_audio", "5215599990903", "Llamada breve.")).status ==
          200);
  auto audio = f.post_call(
      R"({"type":"post_call_audio","event_timestamp":1739537319,"data":{"agent_id":"agent_demo",)"
      R"("conversation_id":"conv_audio","full_audio":")" +
      audio_b64 + R"("}})");
  REQUIRE(audio.status == 200);
  CHECK(contains(audio.body, "accepted"));
  REQUIRE(wait_for_value(f.sql,
                         "SELECT count(*) FROM call_sessions WHERE provider_conversation_id = "
                         "'conv_audio' AND audio_path IS NOT NULL AND summary IS NOT NULL",
                         "1") == "1");
  auto path =
      f.value("SELECT audio_path FROM call_sessions WHERE provider_conversation_id = 'conv_audio'");
  CHECK(path.rfind(f.data.path.string(), 0) == 0);
  CHECK(std::filesystem::exists(path));
  auto id = f.value("SELECT id FROM call_sessions WHERE provider_conversation_id = 'conv_audio'");
  auto served = f.get("/api/v1/calls/" + id + "/audio", f.agent);
  REQUIRE(served.status == 200);
  CHECK(served.header("content-type") == "audio/mpeg");
  CHECK(served.body.substr(0, 3) == "ID3");
  CHECK(served.body.size() == 45);
  CHECK(f.get("/api/v1/calls/" + id + "/audio", f.admin).status == 404);
  CHECK(f.get("/api/v1/calls/" + id + "/audio", "").status == 401);
  CHECK(f.get("/api/v1/calls/999999999/audio", f.agent).status == 404);
  auto one = parse_json(f.get("/api/v1/calls/" + id, f.agent).body);
  CHECK(one["has_audio"].GetBool());
  CHECK(wait_live_event(f.sql, "call.updated",
                        "(data->>'id') = '" + id + "' AND (data->>'has_audio')::bool"));
}

TEST_CASE("an initiation failure records a failed call", "[server][calls][pg]") {
  calls_fixture f;
  auto r = f.post_call(
      R"({"type":"call_initiation_failure","event_timestamp":1739537319,"data":{"agent_id":"a",)"
      R"("conversation_id":"conv_failed","failure_reason":"busy","metadata":{"phone_call":)"
      R"({"direction":"outbound","external_number":"+5215599990904"}}}})");
  REQUIRE(r.status == 200);
  REQUIRE(wait_for_value(f.sql,
                         "SELECT status || ' ' || direction || ' ' || failure_reason FROM "
                         "call_sessions WHERE provider_conversation_id = 'conv_failed'",
                         "failed outbound busy") == "failed outbound busy");
  auto list = parse_json(f.get("/api/v1/calls?status=failed", f.agent).body);
  REQUIRE(list["items"].Size() == 1);
  CHECK(std::string{list["items"][0]["failure_reason"].GetString()} == "busy");
  CHECK(f.get("/api/v1/calls?status=nope", f.agent).status == 400);
}

TEST_CASE("a recording larger than the usual 1 MiB body limit is taken", "[server][calls][pg]") {
  calls_fixture f;
  // 1.5 MB of audio is 2 MB of base64: over the listener's limit, under the route's.
  std::string audio = "ID3" + std::string(1500000 - 3, '\x01');
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  for (size_t i = 0; i < audio.size(); i += 3) {
    uint32_t n = static_cast<unsigned char>(audio[i]) << 16;
    if (i + 1 < audio.size()) n |= static_cast<unsigned char>(audio[i + 1]) << 8;
    if (i + 2 < audio.size()) n |= static_cast<unsigned char>(audio[i + 2]);
    b64 += alphabet[(n >> 18) & 63];
    b64 += alphabet[(n >> 12) & 63];
    b64 += i + 1 < audio.size() ? alphabet[(n >> 6) & 63] : '=';
    b64 += i + 2 < audio.size() ? alphabet[n & 63] : '=';
  }
  auto r = f.post_call(
      R"({"type":"post_call_audio","event_timestamp":1,"data":{"conversation_id":"conv_big",)"
      R"("full_audio":")" +
      b64 + R"("}})");
  CHECK(r.status == 200);
  REQUIRE(wait_for_value(f.sql,
                         "SELECT count(*) FROM call_sessions WHERE provider_conversation_id = "
                         "'conv_big' AND audio_path IS NOT NULL",
                         "1") == "1");
  auto id = f.value("SELECT id FROM call_sessions WHERE provider_conversation_id = 'conv_big'");
  auto served = f.get("/api/v1/calls/" + id + "/audio", f.agent);
  CHECK(served.status == 200);
  CHECK(served.body == audio);
}
