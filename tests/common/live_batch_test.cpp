#include "common/live_batch.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

using centralita::join_live_batches;
using centralita::live_batch;
using centralita::make_live_batch;
using centralita::make_ws_frame_header;

namespace {

// The text of every frame in `wire` (server frames: FIN + text, never masked).
std::vector<std::string> read_frames(std::string_view wire) {
  std::vector<std::string> out;
  while (!wire.empty()) {
    REQUIRE(wire.size() >= 2);
    CHECK(static_cast<uint8_t>(wire[0]) == 0x81);
    uint64_t n = static_cast<uint8_t>(wire[1]);
    size_t at = 2;
    REQUIRE((n & 0x80) == 0);
    if (n == 126) {
      n = (uint64_t{static_cast<uint8_t>(wire[2])} << 8) | static_cast<uint8_t>(wire[3]);
      at = 4;
    } else if (n == 127) {
      n = 0;
      for (int i = 0; i < 8; ++i) n = (n << 8) | static_cast<uint8_t>(wire[2 + i]);
      at = 10;
    }
    REQUIRE(wire.size() >= at + n);
    out.emplace_back(wire.substr(at, n));
    wire.remove_prefix(at + n);
  }
  return out;
}

}  // namespace

TEST_CASE("frame headers use the shortest length form", "[common][ws]") {
  auto small = make_ws_frame_header(1, 125);
  CHECK(small.size == 2);
  CHECK(small.bytes[0] == 0x81);
  CHECK(small.bytes[1] == 125);
  auto medium = make_ws_frame_header(1, 126);
  CHECK(medium.size == 4);
  CHECK(medium.bytes[1] == 126);
  CHECK(medium.bytes[2] == 0);
  CHECK(medium.bytes[3] == 126);
  auto large = make_ws_frame_header(9, 70000);
  CHECK(large.size == 10);
  CHECK(large.bytes[0] == 0x89);
  CHECK(large.bytes[1] == 127);
  CHECK(large.bytes[7] == 0x01);
  CHECK(large.bytes[8] == 0x11);
  CHECK(large.bytes[9] == 0x70);
}

TEST_CASE("frame headers read back, masked or not, only once complete", "[common][ws]") {
  using centralita::read_ws_frame_header;
  for (uint64_t n : {uint64_t{5}, uint64_t{300}, uint64_t{70000}}) {
    auto h = make_ws_frame_header(9, n);
    auto read = read_ws_frame_header(h.bytes.data(), h.size);
    REQUIRE(read);
    CHECK(read->fin);
    CHECK(read->opcode == 9);
    CHECK_FALSE(read->masked);
    CHECK(read->payload_size == n);
    CHECK(read->header_size == h.size);
    CHECK_FALSE(read_ws_frame_header(h.bytes.data(), h.size - 1));
  }
  // A client's text frame "{}" (fragment, masked): the masking key belongs to the header.
  const uint8_t client[] = {0x01, 0x82, 1, 2, 3, 4, '{' ^ 1, '}' ^ 2};
  auto read = read_ws_frame_header(client, sizeof client);
  REQUIRE(read);
  CHECK_FALSE(read->fin);
  CHECK(read->opcode == 1);
  CHECK(read->masked);
  CHECK(read->payload_size == 2);
  CHECK(read->header_size == 6);
}

TEST_CASE("a masked header is incomplete until its masking key has arrived", "[common][ws]") {
  using centralita::read_ws_frame_header;
  // Found by fuzzing: a masked frame's header was returned with a header_size beyond the bytes
  // read, so a caller trusting it would read the masking key past the end of its buffer.
  const uint8_t client[] = {0x81, 0xFE, 0x01, 0x00, 1, 2, 3, 4};
  for (size_t size : {2, 4, 5, 7}) CHECK_FALSE(read_ws_frame_header(client, size));
  auto read = read_ws_frame_header(client, sizeof client);
  REQUIRE(read);
  CHECK(read->payload_size == 256);
  CHECK(read->header_size == 8);
  const uint8_t short_masked[] = {0x81, 0x85, 9, 9};
  CHECK_FALSE(read_ws_frame_header(short_masked, sizeof short_masked));
}

TEST_CASE("a live batch is its frames back to back, and any suffix by seq", "[common][ws]") {
  const std::string big(300, 'x');
  auto b = make_live_batch(
      {{7, R"({"seq":7})"}, {8, "{\"seq\":8,\"t\":\"" + big + "\"}"}, {9, R"({"seq":9})"}});
  CHECK(b.first_seq == 7);
  CHECK(b.last_seq == 9);
  CHECK(b.frames() == 3);
  auto frames = read_frames(b.wire);
  REQUIRE(frames.size() == 3);
  CHECK(frames[0] == R"({"seq":7})");
  CHECK(frames[1].size() == big.size() + 16);
  CHECK(frames[2] == R"({"seq":9})");

  CHECK(b.after(0).bytes == b.wire);
  CHECK(b.after(6).frames == 3);
  auto tail = b.after(7);
  CHECK(tail.frames == 2);
  CHECK(read_frames(tail.bytes) == std::vector<std::string>{frames[1], frames[2]});
  CHECK(read_frames(b.after(8).bytes) == std::vector<std::string>{frames[2]});
  CHECK(b.after(9).frames == 0);
  CHECK(b.after(9).bytes.empty());
  CHECK(make_live_batch({}).frames() == 0);
}

TEST_CASE("joined batches keep every frame in order", "[common][ws]") {
  auto one = std::make_shared<const live_batch>(make_live_batch({{1, "a"}, {2, "b"}}));
  auto two = std::make_shared<const live_batch>(make_live_batch({{3, "c"}}));
  auto none = std::make_shared<const live_batch>(make_live_batch({}));
  auto joined = join_live_batches({one, none, two});
  CHECK(joined.first_seq == 1);
  CHECK(joined.last_seq == 3);
  CHECK(read_frames(joined.wire) == std::vector<std::string>{"a", "b", "c"});
  CHECK(read_frames(joined.after(2).bytes) == std::vector<std::string>{"c"});
}
