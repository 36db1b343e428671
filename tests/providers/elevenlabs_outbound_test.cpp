// The outbound-call wire format (docs/protocols.md §2c) and how ElevenLabs' answers read.
#include "providers/elevenlabs_outbound.hpp"

#include <catch2/catch.hpp>

using namespace centralita::providers;

TEST_CASE("outbound call body: agent, number id, E.164 number, dynamic variables",
          "[providers][calls]") {
  outbound_call call;
  call.to_number = "+5215512345678";
  call.dynamic_variables = {{"customer_name", "Juan \"J\""}, {"order_number", "1001"}};
  CHECK(outbound_call_body("agent_1", "phnum_1", call) ==
        R"({"agent_id":"agent_1","agent_phone_number_id":"phnum_1","to_number":"+5215512345678",)"
        R"("conversation_initiation_client_data":{"dynamic_variables":)"
        R"({"customer_name":"Juan \"J\"","order_number":"1001"}}})");
}

TEST_CASE("outbound call answers: started, refused, failed", "[providers][calls]") {
  auto ok = read_outbound_answer(
      200, R"({"success":true,"message":"ok","conversation_id":"conv_1","callSid":"CA1"})");
  CHECK(ok.status == call_start_status::started);
  CHECK(ok.conversation_id == "conv_1");
  CHECK(ok.call_sid == "CA1");

  auto sid_only =
      read_outbound_answer(200, R"({"success":true,"conversation_id":null,"callSid":"CA2"})");
  CHECK(sid_only.status == call_start_status::started);
  CHECK(sid_only.conversation_id.empty());

  auto invalid = read_outbound_answer(
      422, R"({"detail":[{"loc":["body","to_number"],"msg":"bad number","type":"x"}]})");
  CHECK(invalid.status == call_start_status::refused);
  CHECK(invalid.message == "ElevenLabs refused the call (HTTP 422): to_number: bad number");

  auto unauthorized = read_outbound_answer(401, R"({"detail":{"message":"Invalid API key"}})");
  CHECK(unauthorized.status == call_start_status::refused);
  CHECK(unauthorized.message.find("Invalid API key") != std::string::npos);

  CHECK(read_outbound_answer(200, R"({"success":false,"message":"busy"})").status ==
        call_start_status::refused);
  CHECK(read_outbound_answer(500, "oops").status == call_start_status::failed);
  CHECK(read_outbound_answer(200, "not json").status == call_start_status::failed);
  CHECK(read_outbound_answer(200, R"({"success":true})").status == call_start_status::failed);
}
