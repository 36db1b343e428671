// The ElevenLabs post-call webhook: the signature against the test vector
// of docs/protocols.md §2b, and the payload parser.
#include <catch2/catch.hpp>

#include "providers/elevenlabs_signature.hpp"
#include "providers/elevenlabs_webhook.hpp"

using namespace centralita;
using namespace centralita::providers;

namespace {

// The vector the official SDK accepts: secret, timestamp, exact body bytes and header.
constexpr const char* vector_secret = "wsec_test_0123456789abcdef";
constexpr int64_t vector_t = 1739537297;
constexpr const char* vector_body =
    R"({"type":"post_call_transcription","event_timestamp":1739537297,"data":{"agent_id":"agent_test","conversation_id":"conv_test","status":"done"}})";
constexpr const char* vector_header =
    "t=1739537297,v0=85f3bc80b7091a32805e7f5217cda1fa0713cfa3a0e532f975b80d8bfafe3be8";

std::string refusal(const status& s) { return s ? std::string{} : s.error().message; }

}  // namespace

TEST_CASE("the published vector verifies, as the SDK's construct_event does",
          "[providers][elevenlabs]") {
  CHECK(std::string{vector_body}.size() == 142);
  CHECK(verify_elevenlabs_signature(vector_header, vector_body, vector_secret, vector_t + 60));
  CHECK(sign_elevenlabs(vector_body, vector_secret, vector_t) == vector_header);
  // The parts in the other order, with spaces, and with an unknown part.
  CHECK(verify_elevenlabs_signature(
      "v0=85f3bc80b7091a32805e7f5217cda1fa0713cfa3a0e532f975b80d8bfafe3be8,t=1739537297",
      vector_body, vector_secret, vector_t));
  CHECK(verify_elevenlabs_signature(
      "v1=abc, t=1739537297 , v0=85f3bc80b7091a32805e7f5217cda1fa0713cfa3a0e532f975b80d8bfafe3be8",
      vector_body, vector_secret, vector_t));
}

TEST_CASE("forged, stale, future and incomplete signatures are refused",
          "[providers][elevenlabs]") {
  const std::string body = vector_body;
  // One appended space changes the hash.
  CHECK(refusal(verify_elevenlabs_signature(vector_header, body + " ", vector_secret, vector_t))
            .find("does not match") != std::string::npos);
  CHECK_FALSE(verify_elevenlabs_signature(vector_header, body, "another_secret", vector_t));
  auto forged = std::string{vector_header};
  forged.back() = forged.back() == '8' ? '9' : '8';
  CHECK_FALSE(verify_elevenlabs_signature(forged, body, vector_secret, vector_t));
  CHECK_FALSE(verify_elevenlabs_signature("t=1739537297,v0=85f3", body, vector_secret, vector_t));
  // 30 minutes is the limit of age; 31 is too old.
  CHECK(verify_elevenlabs_signature(vector_header, body, vector_secret, vector_t + 30 * 60));
  CHECK(refusal(verify_elevenlabs_signature(vector_header, body, vector_secret, vector_t + 31 * 60))
            .find("too old") != std::string::npos);
  // The SDK accepts a future timestamp; we allow five minutes of skew and no more.
  CHECK(verify_elevenlabs_signature(vector_header, body, vector_secret, vector_t - 5 * 60));
  CHECK(refusal(verify_elevenlabs_signature(vector_header, body, vector_secret, vector_t - 3600))
            .find("future") != std::string::npos);
  CHECK_FALSE(verify_elevenlabs_signature("", body, vector_secret, vector_t));
  CHECK_FALSE(verify_elevenlabs_signature("t=1739537297", body, vector_secret, vector_t));
  CHECK_FALSE(verify_elevenlabs_signature(
      "v0=85f3bc80b7091a32805e7f5217cda1fa0713cfa3a0e532f975b80d8bfafe3be8", body, vector_secret,
      vector_t));
  CHECK_FALSE(verify_elevenlabs_signature(
      "t=abc,v0=85f3bc80b7091a32805e7f5217cda1fa0713cfa3a0e532f975b80d8bfafe3be8", body,
      vector_secret, vector_t));
  CHECK_FALSE(verify_elevenlabs_signature(vector_header, body, "", vector_t));
  auto e = verify_elevenlabs_signature(forged, body, vector_secret, vector_t);
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::unauthorized);
}

TEST_CASE("a transcription yields the caller, summary, transcript and collected data",
          "[providers][elevenlabs]") {
  auto ev = parse_elevenlabs_webhook(R"({
    "type": "post_call_transcription", "event_timestamp": 1739537297, "extra": {"x": 1},
    "data": {
      "agent_id": "agent_1", "conversation_id": "conv_1", "status": "done", "user_id": null,
      "transcript": [
        {"role": "agent", "message": "Hola", "time_in_call_secs": 0, "tool_calls": null},
        {"role": "user", "message": "Mi pedido 1001", "time_in_call_secs": 4, "unknown": [1]}
      ],
      "metadata": {"start_time_unix_secs": 1739537200, "call_duration_secs": 97,
                   "phone_call": {"type": "twilio", "direction": "inbound",
                                  "external_number": "+52 1 55 1234 5678"}},
      "analysis": {"transcript_summary": "Preguntó por el pedido 1001.",
                   "data_collection_results": {
                     "order_number": {"data_collection_id": "order_number", "value": "1001"}}},
      "conversation_initiation_client_data": {
        "conversation_config_override": {"agent": {"language": "es"}},
        "dynamic_variables": {"system__caller_id": "+5215500000000"}}
    }})");
  REQUIRE(ev);
  CHECK(ev->kind == elevenlabs_kind::transcription);
  CHECK(ev->conversation_id == "conv_1");
  CHECK(ev->phone == "5215512345678");
  CHECK(ev->direction == "inbound");
  CHECK(ev->duration_s == 97);
  CHECK(ev->started_at_s == 1739537200);
  CHECK(ev->summary == "Preguntó por el pedido 1001.");
  CHECK(ev->language == "es");
  CHECK(ev->collected_json == R"({"order_number":"1001"})");
  CHECK(ev->transcript_json ==
        R"([{"role":"agent","message":"Hola","time_in_call_secs":0},)"
        R"({"role":"user","message":"Mi pedido 1001","time_in_call_secs":4}])");
}

TEST_CASE("numbers beyond int64 are no value, fractions are cut", "[providers][elevenlabs]") {
  // Found by fuzzing: a huge duration was cast from double to int64, which is undefined.
  auto ev = parse_elevenlabs_webhook(
      R"({"type":"post_call_transcription","data":{"conversation_id":"c","metadata":)"
      R"({"start_time_unix_secs":-1e300,"call_duration_secs":4.3e59}}})");
  REQUIRE(ev);
  CHECK_FALSE(ev->started_at_s);
  CHECK_FALSE(ev->duration_s);
  ev = parse_elevenlabs_webhook(
      R"({"type":"post_call_transcription","data":{"conversation_id":"c","metadata":)"
      R"({"start_time_unix_secs":1739537200.5,"call_duration_secs":9223372036854775807}}})");
  REQUIRE(ev);
  CHECK(ev->started_at_s == 1739537200);
  CHECK(ev->duration_s == INT64_MAX);
}

TEST_CASE("the caller falls back to system__caller_id", "[providers][elevenlabs]") {
  auto ev = parse_elevenlabs_webhook(
      R"({"type":"post_call_transcription","data":{"conversation_id":"c","metadata":{},)"
      R"("conversation_initiation_client_data":{"dynamic_variables":{"system__caller_id":"+5215511110001"}}}})");
  REQUIRE(ev);
  CHECK(ev->phone == "5215511110001");
  CHECK(ev->status == "done");
  CHECK(ev->transcript_json == "[]");
  CHECK(ev->collected_json == "{}");
}

TEST_CASE("audio is decoded and failures keep a reason", "[providers][elevenlabs]") {
  auto audio = parse_elevenlabs_webhook(
      R"({"type":"post_call_audio","event_timestamp":1,"data":{"agent_id":"a","conversation_id":"c","full_audio":"SUQzBAAAAAAA"}})");
  REQUIRE(audio);
  CHECK(audio->kind == elevenlabs_kind::audio);
  CHECK(audio->audio == std::string("ID3\x04\0\0\0\0\0", 9));
  auto failure = parse_elevenlabs_webhook(
      R"({"type":"call_initiation_failure","data":{"conversation_id":"c","failure_reason":"busy"}})");
  REQUIRE(failure);
  CHECK(failure->status == "failed");
  CHECK(failure->failure_reason == "busy");
  CHECK(decode_base64("aGVsbG8=").value() == "hello");
  CHECK(decode_base64("aGVsbG8").value() == "hello");
  CHECK_FALSE(decode_base64("a*bc"));
}

TEST_CASE("bad payloads name the field, an unknown type is unprocessable",
          "[providers][elevenlabs]") {
  auto code = [](const std::string& body) {
    auto r = parse_elevenlabs_webhook(body);
    return r ? std::string{"ok"} : r.error().detail;
  };
  CHECK(code(R"({"type":)") == "invalid_json");
  CHECK(code(R"({"data":{}})") == "missing_field");
  CHECK(code(R"({"type":"post_call_transcription"})") == "missing_field");
  CHECK(code(R"({"type":"post_call_transcription","data":{}})") == "missing_field");
  CHECK(code(R"({"type":"post_call_transcription","data":{"conversation_id":7}})") ==
        "invalid_field");
  CHECK(code(R"({"type":"post_call_audio","data":{"conversation_id":"c"}})") == "missing_field");
  CHECK(code(R"({"type":"post_call_audio","data":{"conversation_id":"c","full_audio":"@@"}})") ==
        "invalid_field");
  auto unknown = parse_elevenlabs_webhook(R"({"type":"voice_removal_notice","data":{}})");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == errc::unprocessable);
}
