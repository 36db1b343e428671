// The disk that holds the data directory fills up, from the outside: knowledge snapshots and call
// recordings fail cleanly (logged, no partial file left behind, no crash) while WhatsApp messages,
// which live in PostgreSQL only, keep being stored and processed; once space is back, a replay of
// the failed recording stores it. The data directory is a 128 KiB tmpfs, which needs root (or
// CAP_SYS_ADMIN): without it the test warns and skips.
#include <catch2/catch.hpp>

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "providers/elevenlabs_signature.hpp"
#include "tests/server/api_helpers.hpp"
#include "tests/support/account_secrets.hpp"
#include "tests/support/eventually.hpp"

using namespace centralita::testkit;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

/// A 128 KiB tmpfs mounted on a fresh directory; unmounted and removed on destruction.
class tiny_tmpfs {
 public:
  tiny_tmpfs() {
    std::string pattern = (fs::temp_directory_path() / "centralita-full-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
    if (::mount("tmpfs", path_.c_str(), "tmpfs", 0, "size=128k,mode=0755") == 0) {
      mounted_ = true;
    } else {
      why_ = std::strerror(errno);
    }
  }
  ~tiny_tmpfs() {
    if (mounted_ && ::umount2(path_.c_str(), 0) != 0) ::umount2(path_.c_str(), MNT_DETACH);
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  tiny_tmpfs(const tiny_tmpfs&) = delete;
  tiny_tmpfs& operator=(const tiny_tmpfs&) = delete;

  bool mounted() const { return mounted_; }
  /// Why mount(2) failed.
  const std::string& why() const { return why_; }
  const std::string& path() const { return path_; }

  /// Writes a filler file until the file system refuses more; true when it is full.
  bool fill() {
    std::ofstream out{path_ + "/filler", std::ios::binary};
    const std::string block(4096, 'x');
    for (int i = 0; i < 1024 && out; ++i) {
      out.write(block.data(), static_cast<std::streamsize>(block.size()));
      out.flush();
    }
    return !out;
  }
  /// Removes the filler.
  void free_space() { fs::remove(path_ + "/filler"); }

 private:
  std::string path_;
  bool mounted_ = false;
  std::string why_;
};

/// Files under `dir` whose names end in .part or .tmp: what a failed write left behind.
std::vector<std::string> leftovers(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator{dir, ec}) {
    const auto ext = e.path().extension().string();
    if (ext == ".part" || ext == ".tmp") out.push_back(e.path().string());
  }
  return out;
}

/// A signed ElevenLabs post_call_audio of call `id` on `gateway`.
http_response post_audio(http_connection& gateway, const std::string& secret,
                         const std::string& id) {
  // An MP3 header and a few KiB of frames, base64: more than a full disk can take.
  std::string audio = "SUQzBAAAAAAAI1RTU0UAAAAPAAADTGF2ZjU4Ljc2LjEwMAAAAAAAAAAAAAAA";
  audio += std::string(8192, 'A');
  const std::string body =
      R"({"type":"post_call_audio","event_timestamp":1739537319,"data":{"agent_id":"agent_demo",)"
      R"("conversation_id":")" +
      id + R"(","full_audio":")" + audio + R"("}})";
  const auto t = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  return gateway.request(
      "POST", "/webhooks/elevenlabs/post-call", body,
      {{"X-Account-Key", "elevenlabs_calls_main"},
       {"Content-Type", "application/json"},
       {"ElevenLabs-Signature", centralita::providers::sign_elevenlabs(body, secret, t)}});
}

}  // namespace

TEST_CASE(
    "faults: with the data directory's disk full, snapshots and recordings fail cleanly "
    "and messages flow",
    "[server][faults][pg]") {
  tiny_tmpfs disk;
  if (!disk.mounted()) {
    WARN("cannot mount a tmpfs (" << disk.why() << "): the full-disk test needs root; skipped");
    return;
  }
  REQUIRE(disk.fill());
  test_database database{db_contents::seeded};
  server_process server{database.url(), {{"CENTRALITA_DATA_DIR", disk.path()}}};
  auto sql = database.connect();
  http_connection gateway{"127.0.0.1", server.gateway_port()};
  const auto secret = account_secret(sql, "elevenlabs_calls_main", "webhook_secret");

  // The index of the seeded articles was built at start; its snapshot could not be written.
  CHECK(eventually([&] { return contains(server.process().log(), "not written"); }));

  auto audio = post_audio(gateway, secret, "conv_full_disk");
  REQUIRE(audio.status == 200);
  const std::string event_id = parse_json(audio.body)["event_id"].GetString();
  std::vector<std::string> bodies;
  for (int i = 0; i < 10; ++i) {
    bodies.push_back("lleno-" + std::to_string(i));
    auto r = post_builderbot(gateway, incoming_body("5215550000301", bodies.back()));
    CHECK(contains(r.body, R"("status":"accepted")"));
  }

  // The recording's event fails on its own and says why; the messages around it are stored.
  const std::string audio_event =
      "SELECT status FROM event_log WHERE event_id = '" + event_id + "'";
  CHECK(wait_for_value(sql, audio_event, "failed") == "failed");
  CHECK(wait_for_value(sql, "SELECT count(*) FROM messages WHERE body LIKE 'lleno-%'", "10") ==
        "10");
  CHECK(wait_for_value(sql,
                       "SELECT count(*) FROM event_log WHERE status = 'processed' AND payload LIKE "
                       "'%lleno-%'",
                       "10") == "10");
  INFO("server log:\n" << server.process().log());
  CHECK(contains(
      query_value(sql, "SELECT last_error FROM event_log WHERE event_id = '" + event_id + "'"),
      "cannot write"));
  // Nothing half-written stays behind to keep the disk full.
  CHECK(leftovers(disk.path()).empty());
  REQUIRE(server.process().running());
  CHECK(http_request(server.api_port(), "GET", "/healthz").status == 200);

  // Space is back: a replay of the failed event stores the recording.
  disk.free_space();
  const auto admin = login(server.api_port(), "supervisor@demo.com");
  auto replay = http_request(server.api_port(), "POST", "/api/v1/events/" + event_id + "/replay",
                             {}, bearer(admin));
  CHECK(replay.status == 202);
  CHECK(wait_for_value(sql, audio_event, "processed") == "processed");
  auto path = query_value(sql,
                          "SELECT coalesce(audio_path, '') FROM call_sessions WHERE "
                          "provider_conversation_id = 'conv_full_disk'");
  CHECK(path.rfind(disk.path(), 0) == 0);
  CHECK(fs::exists(path));
  CHECK(leftovers(disk.path()).empty());
  CHECK(server.process().running());
}
