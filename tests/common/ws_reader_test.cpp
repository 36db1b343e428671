#include "common/ws_reader.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using centralita::ws_read;
using centralita::ws_reader;

namespace {

// A client's frame: masked (the key 1 2 3 4), FIN as given; sizes over 125 use the longer forms.
std::string client_frame(uint8_t opcode, const std::string& payload, bool fin = true) {
  std::string out;
  out += static_cast<char>((fin ? 0x80 : 0) | opcode);
  if (payload.size() < 126) {
    out += static_cast<char>(0x80 | payload.size());
  } else if (payload.size() < 65536) {
    out += static_cast<char>(0x80 | 126);
    out += static_cast<char>(payload.size() >> 8);
    out += static_cast<char>(payload.size() & 0xFF);
  } else {
    out += static_cast<char>(0x80 | 127);
    for (int i = 7; i >= 0; --i)
      out += static_cast<char>((uint64_t{payload.size()} >> (8 * i)) & 0xFF);
  }
  const char key[4] = {1, 2, 3, 4};
  out.append(key, 4);
  for (size_t i = 0; i < payload.size(); ++i) out += static_cast<char>(payload[i] ^ key[i % 4]);
  return out;
}

// Everything `wire` reads to, handed over in pieces of `step` bytes (what is not used stays).
std::vector<ws_read> read_all(const std::string& wire, size_t step, size_t max_message = 1024) {
  ws_reader reader{max_message};
  std::vector<ws_read> out;
  std::string buffer;
  for (size_t at = 0; at < wire.size(); at += step) {
    buffer += wire.substr(at, step);
    for (;;) {
      size_t used = 0;
      auto r = reader.next(reinterpret_cast<const uint8_t*>(buffer.data()), buffer.size(), used);
      REQUIRE(used <= buffer.size());
      buffer.erase(0, used);
      if (r.what == ws_read::kind::need_more) break;
      out.push_back(r);
      if (r.what == ws_read::kind::failed) return out;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the reader takes messages whole, however the bytes arrive", "[common][ws]") {
  const std::string wire = client_frame(1, R"({"type":"resume","after":7})") +
                           client_frame(9, "hola?") + client_frame(2, std::string(300, 'x'));
  for (size_t step : {size_t{1}, size_t{3}, size_t{7}, wire.size()}) {
    CAPTURE(step);
    auto got = read_all(wire, step);
    REQUIRE(got.size() == 3);
    CHECK(got[0].what == ws_read::kind::message);
    CHECK(got[0].text);
    CHECK(got[0].payload == R"({"type":"resume","after":7})");
    CHECK(got[1].what == ws_read::kind::ping);
    CHECK(got[1].payload == "hola?");
    CHECK(got[2].what == ws_read::kind::message);
    CHECK_FALSE(got[2].text);
    CHECK(got[2].payload == std::string(300, 'x'));
  }
}

TEST_CASE("a fragmented message is put together, with a control frame between its fragments",
          "[common][ws]") {
  const std::string wire = client_frame(1, "{\"type\":", false) + client_frame(9, "") +
                           client_frame(0, "\"live\"", false) + client_frame(0, "}");
  for (size_t step : {size_t{1}, wire.size()}) {
    auto got = read_all(wire, step);
    REQUIRE(got.size() == 2);
    CHECK(got[0].what == ws_read::kind::ping);
    CHECK(got[1].what == ws_read::kind::message);
    CHECK(got[1].payload == R"({"type":"live"})");
  }
}

TEST_CASE("a close frame is read with its code and reason, and a bad one fails", "[common][ws]") {
  auto got = read_all(client_frame(8, std::string{"\x03\xe8", 2} + "bye"), 100);
  REQUIRE(got.size() == 1);
  CHECK(got[0].what == ws_read::kind::close);
  CHECK(got[0].payload == std::string{"\x03\xe8", 2} + "bye");
  CHECK(read_all(client_frame(8, ""), 100)[0].what == ws_read::kind::close);

  for (const std::string& bad : {std::string{"\x03"}, std::string{"\x03\xed", 2},  // 1005
                                 std::string{"\x03\xe8\xff", 3}}) {                // not UTF-8
    auto r = read_all(client_frame(8, bad), 100);
    REQUIRE(r.size() == 1);
    CHECK(r[0].what == ws_read::kind::failed);
    CHECK(r[0].fail_code == centralita::ws_protocol_error);
  }
}

TEST_CASE("frames a client may not send fail the connection with the right code", "[common][ws]") {
  auto fails_with = [](const std::string& wire, uint16_t code, size_t max = 1024) {
    auto got = read_all(wire, wire.size(), max);
    REQUIRE_FALSE(got.empty());
    CHECK(got.back().what == ws_read::kind::failed);
    CHECK(got.back().fail_code == code);
  };
  std::string unmasked = client_frame(1, "hi");
  unmasked[1] = static_cast<char>(unmasked[1] & 0x7F);
  fails_with(unmasked, centralita::ws_protocol_error);
  std::string rsv = client_frame(1, "hi");
  rsv[0] = static_cast<char>(rsv[0] | 0x40);
  fails_with(rsv, centralita::ws_protocol_error);
  fails_with(client_frame(3, "x"), centralita::ws_protocol_error);         // reserved opcode
  fails_with(client_frame(9, "x", false), centralita::ws_protocol_error);  // fragmented ping
  fails_with(client_frame(9, std::string(126, 'p')), centralita::ws_protocol_error);
  fails_with(client_frame(0, "x"), centralita::ws_protocol_error);  // continuation of nothing
  fails_with(client_frame(1, "a", false) + client_frame(1, "b"), centralita::ws_protocol_error);
  fails_with(client_frame(1, "\xc3\x28"), centralita::ws_bad_payload);
  fails_with(client_frame(1, std::string(2000, 'x')), centralita::ws_too_big);
  // Fragments that add up to more than a message may hold fail as well.
  fails_with(client_frame(1, std::string(600, 'x'), false) + client_frame(0, std::string(600, 'y')),
             centralita::ws_too_big);
}

TEST_CASE("a frame longer than any message may be is refused from its header alone",
          "[common][ws]") {
  ws_reader reader{1024};
  std::string head = client_frame(1, std::string(70000, 'x')).substr(0, 14);
  size_t used = 0;
  auto r = reader.next(reinterpret_cast<const uint8_t*>(head.data()), head.size(), used);
  CHECK(r.what == ws_read::kind::failed);
  CHECK(r.fail_code == centralita::ws_too_big);
}
