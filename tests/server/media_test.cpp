// Media in and out, from the outside (docs/architecture.md §Media): photos, voice notes, videos,
// documents, stickers and locations from Builderbot (attachment URLs on a fake Builderbot) and
// WhatsApp Cloud (media ids resolved through a fake Graph API) are stored with their message,
// fetched after the acknowledgment, checked, and served only to the tenant's users; a file too
// large or of a refused type fails visibly with the message kept, and comes back with a retry;
// a download that times out is tried again; agents' files reach Builderbot as a signed link that
// serves only its tenant's file, and WhatsApp Cloud as an upload.
#include <catch2/catch.hpp>

#include "providers/whatsapp_cloud_signature.hpp"
#include "tests/server/api_helpers.hpp"
#include "tests/support/fake_graph.hpp"
#include "tests/support/json_compact.hpp"

using namespace centralita::testkit;

namespace {

constexpr const char* cloud_key = "whatsapp_cloud_main";
constexpr const char* app_secret = "dev_whatsapp_app_secret";
constexpr const char* graph_token = "EAAG-media-token";
constexpr const char* phone_number_id = "106540352242922";

const std::string jpeg = std::string{"\xff\xd8\xff\xe0"} + std::string(600, 'j');
const std::string ogg = "OggS" + std::string(400, 'o');
const std::string mp4 =
    std::string{
        "\0\0\0\x18"
        "ftypmp42",
        12} +
    std::string(500, 'v');
const std::string pdf = "%PDF-1.4\n" + std::string(300, 'p');
const std::string webp = "RIFF\x10\0\0\0WEBP" + std::string(200, 'w');

// A Builderbot media message: the framework's placeholder body and the temporary URL.
std::string media_body(const std::string& from, const std::string& placeholder,
                       const std::string& url) {
  return R"({"eventName":"message.incoming","data":{"body":")" + placeholder +
         R"(","name":"Cliente","from":")" + from + R"(","attachment":[],"urlTempFile":")" + url +
         R"(","projectId":"p1"}})";
}

// A WhatsApp Cloud webhook with one message of `type` whose object is `object`.
std::string cloud_body(const std::string& from, const std::string& wamid, const std::string& type,
                       const std::string& object) {
  return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{)"
         R"("messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},)"
         R"("contacts":[{"profile":{"name":"Ana"},"wa_id":")" +
         from + R"("}],"messages":[{"from":")" + from + R"(","id":")" + wamid +
         R"(","timestamp":"1739537297","type":")" + type + R"(",")" + type + R"(":)" + object +
         R"(}]},"field":"messages"}]}]})";
}

// A seeded server whose providers are fakes, retrying quickly.
struct media_fixture {
  fake_builderbot bot{"bb-media-key", "bot-media"};
  fake_graph graph{graph_token, phone_number_id};
  test_database db{db_contents::seeded};
  centralita::storage::pg_connection sql = db.connect();
  server_process server;
  http_connection gateway;
  http_connection api;
  std::string agent, admin;

  explicit media_fixture(environment_vars extra = {})
      : server{db.url(), environment(bot, graph, std::move(extra))},
        gateway{"127.0.0.1", server.gateway_port()},
        api{"127.0.0.1", server.api_port()},
        agent{login(server.api_port(), "agent@demo.com")},
        admin{login(server.api_port(), "admin@admin.com")} {}

  static environment_vars environment(const fake_builderbot& b, const fake_graph& g,
                                      environment_vars extra) {
    environment_vars env = b.environment();
    auto cloud = g.environment();
    env.insert(env.end(), cloud.begin(), cloud.end());
    env.insert(env.end(), {{"CENTRALITA_OUTBOX_BACKOFF_MS", "50"},
                           {"CENTRALITA_OUTBOX_BACKOFF_MAX_MS", "200"},
                           {"CENTRALITA_OUTBOX_SWEEP_MS", "100"},
                           {"CENTRALITA_MEDIA_BACKOFF_MS", "50"},
                           {"CENTRALITA_MEDIA_FETCH_TIMEOUT_MS", "800"}});
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
  }

  std::string value(const std::string& q) { return query_value(sql, q); }
  std::string wait(const std::string& q, const std::string& want) {
    return wait_for_value(sql, q, want);
  }

  // The media row of the last message of the customer `phone`: "id|kind|status".
  std::string media_of(const std::string& phone) {
    return value(
        "SELECT d.id || '|' || d.kind || '|' || d.status FROM media d "
        "JOIN messages m ON m.id = d.message_id JOIN conversations c ON c.id = m.conversation_id "
        "JOIN customers u ON u.id = c.customer_id WHERE u.phone = '" +
        phone + "' ORDER BY d.id DESC LIMIT 1");
  }
  std::string wait_status(const std::string& phone, const std::string& status) {
    return wait_for_value(
        sql,
        "SELECT d.status FROM media d JOIN messages m ON m.id = d.message_id "
        "JOIN conversations c ON c.id = m.conversation_id JOIN customers u ON u.id = "
        "c.customer_id WHERE u.phone = '" +
            phone + "' ORDER BY d.id DESC LIMIT 1",
        status);
  }
  std::string media_id(const std::string& phone) {
    auto row = media_of(phone);
    return row.substr(0, row.find('|'));
  }

  http_response get_media(const std::string& id, const std::string& token) {
    return api.request("GET", "/api/v1/media/" + id, {}, bearer(token));
  }

  http_response post_cloud(const std::string& body) {
    return gateway.request(
        "POST", std::string{"/webhooks/whatsapp/cloud?key="} + cloud_key, body,
        {{"Content-Type", "application/json"},
         {"X-Hub-Signature-256", centralita::providers::sign_whatsapp_cloud(body, app_secret)}});
  }

  std::string conversation_of(const std::string& phone) {
    return value(
        "SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id "
        "WHERE u.phone = '" +
        phone + "' AND c.status IN ('open', 'pending')");
  }

  http_response upload(const std::string& conversation, const std::string& type,
                       const std::string& bytes, const std::string& query = "") {
    auto h = bearer(agent);
    h.push_back({"Content-Type", type});
    return api.request("POST", "/api/v1/conversations/" + conversation + "/attachments" + query,
                       bytes, h);
  }
};

}  // namespace

TEST_CASE("Builderbot media of every kind are fetched after the ack and served to the tenant only",
          "[server][media][pg]") {
  media_fixture t;
  t.bot.add_file("photo.jpg", "image/jpeg", jpeg);
  t.bot.add_file("voice.ogg", "audio/ogg; codecs=opus", ogg);
  t.bot.add_file("clip.mp4", "video/mp4", mp4);
  t.bot.add_file("factura.pdf", "application/pdf", pdf);
  struct sent {
    const char* phone;
    const char* placeholder;
    const char* file;
    const char* kind;
    const char* mime;
    const std::string* bytes;
  };
  const sent all[] = {
      {"5215500000001", "_event_media__a1", "photo.jpg", "image", "image/jpeg", &jpeg},
      {"5215500000002", "_event_voice_note__a2", "voice.ogg", "audio", "audio/ogg", &ogg},
      {"5215500000003", "_event_media__a3", "clip.mp4", "video", "video/mp4", &mp4},
      {"5215500000004", "_event_document__a4", "factura.pdf", "document", "application/pdf", &pdf},
  };
  for (const auto& s : all) {
    auto r = post_builderbot(t.gateway, media_body(s.phone, s.placeholder, t.bot.file_url(s.file)));
    CHECK(r.status == 200);
    CHECK(contains(r.body, "accepted"));
  }
  for (const auto& s : all) {
    CAPTURE(s.file);
    CHECK(t.wait_status(s.phone, "ready") == "ready");
    auto id = t.media_id(s.phone);
    CHECK(t.media_of(s.phone) == id + "|" + s.kind + "|ready");
    auto file = t.get_media(id, t.agent);
    CHECK(file.status == 200);
    CHECK(file.header("content-type") == s.mime);
    CHECK(file.header("x-content-type-options") == "nosniff");
    CHECK(file.body == *s.bytes);
    const bool document = std::string{s.kind} == "document";
    CHECK(file.header("content-disposition").rfind(document ? "attachment" : "inline", 0) == 0);
    // Another tenant's user: the same id is a 404 that says nothing more.
    auto other = t.get_media(id, t.admin);
    CHECK(other.status == 404);
    CHECK_FALSE(contains(other.body, s.file));
    // The conversation carries the descriptor; the placeholder body is not shown as such.
    auto detail = t.api.request("GET", "/api/v1/conversations/" + t.conversation_of(s.phone), {},
                                bearer(t.agent));
    detail.body = compact_json(detail.body);
    CHECK(contains(detail.body, R"("kind":")" + std::string{s.kind} + R"(")"));
    CHECK(contains(detail.body, "/api/v1/media/" + id));
    CHECK_FALSE(contains(detail.body, "_event_"));
  }
  // A location keeps its coordinates and is never downloaded.
  auto loc = R"({"eventName":"message.incoming","data":{"body":"_event_location__a5",)"
             R"("name":"Cliente","from":"5215500000005","latitude":19.4326,"longitude":-99.1332}})";
  CHECK(post_builderbot(t.gateway, loc).status == 200);
  CHECK(t.wait_status("5215500000005", "ready") == "ready");
  CHECK(t.value("SELECT kind || ' ' || round(latitude::numeric, 4) || ' ' || "
                "round(longitude::numeric, 4) FROM media WHERE kind = 'location'") ==
        "location 19.4326 -99.1332");
  // A malformed id and a missing one are 404s too; without a token, 401.
  CHECK(t.get_media("abc", t.agent).status == 404);
  CHECK(t.get_media("999999", t.agent).status == 404);
  CHECK(t.api.request("GET", "/api/v1/media/" + t.media_id("5215500000001")).status == 401);
}

TEST_CASE("WhatsApp Cloud media are resolved and downloaded through Graph with the account token",
          "[server][media][whatsapp_cloud][pg]") {
  media_fixture t;
  t.graph.add_media({"MID-IMG", "image/jpeg", "", jpeg});
  t.graph.add_media({"MID-VOICE", "audio/ogg; codecs=opus", "", ogg});
  t.graph.add_media({"MID-STICKER", "image/webp", "", webp});
  t.graph.add_media({"MID-DOC", "application/pdf", "", pdf});
  t.graph.add_media({"MID-VIDEO", "video/mp4", "", mp4});
  struct sent {
    const char* phone;
    const char* type;
    const char* object;
    const char* kind;
    const std::string* bytes;
  };
  const sent all[] = {
      {"5215510000001", "image", R"({"id":"MID-IMG","mime_type":"image/jpeg","caption":"mira"})",
       "image", &jpeg},
      {"5215510000002", "audio", R"({"id":"MID-VOICE","mime_type":"audio/ogg; codecs=opus"})",
       "audio", &ogg},
      {"5215510000003", "sticker", R"({"id":"MID-STICKER","mime_type":"image/webp"})", "sticker",
       &webp},
      {"5215510000004", "document",
       R"({"id":"MID-DOC","mime_type":"application/pdf","filename":"guia.pdf"})", "document", &pdf},
      {"5215510000005", "video", R"({"id":"MID-VIDEO","mime_type":"video/mp4"})", "video", &mp4},
  };
  int n = 0;
  for (const auto& s : all) {
    auto r = t.post_cloud(cloud_body(s.phone, "wamid.M" + std::to_string(++n), s.type, s.object));
    CHECK(r.status == 200);
  }
  for (const auto& s : all) {
    CAPTURE(s.type);
    CHECK(t.wait_status(s.phone, "ready") == "ready");
    auto id = t.media_id(s.phone);
    CHECK(t.media_of(s.phone) == id + "|" + s.kind + "|ready");
    auto file = t.get_media(id, t.agent);
    CHECK(file.status == 200);
    CHECK(file.body == *s.bytes);
  }
  CHECK(t.value("SELECT filename FROM media WHERE kind = 'document'") == "guia.pdf");
  auto loc = cloud_body("5215510000006", "wamid.M9", "location",
                        R"({"latitude":-34.6037,"longitude":-58.3816,"name":"Obelisco"})");
  CHECK(t.post_cloud(loc).status == 200);
  CHECK(t.wait_status("5215510000006", "ready") == "ready");
  CHECK(t.value("SELECT place_name FROM media WHERE kind = 'location'") == "Obelisco");
  // Every look-up and download carried the account's token (the fake answers 401 otherwise).
  int lookups = 0;
  for (const auto& r : t.graph.received()) {
    if (r.method != "GET") continue;
    ++lookups;
    CHECK(r.headers.at("authorization") == std::string{"Bearer "} + graph_token);
  }
  CHECK(lookups == 10);
}

TEST_CASE("an oversized and a wrong-type file fail with a clear error and a retry fetches again",
          "[server][media][pg]") {
  media_fixture t{{{"CENTRALITA_MEDIA_MAX_BYTES", "2048"}}};
  t.bot.add_file("big.jpg", "image/jpeg", std::string(4096, 'b'));
  t.bot.add_file("page.jpg", "text/html", "<script>alert(1)</script>");
  CHECK(post_builderbot(t.gateway,
                        media_body("5215520000001", "_event_media__b1", t.bot.file_url("big.jpg")))
            .status == 200);
  CHECK(post_builderbot(t.gateway,
                        media_body("5215520000002", "_event_media__b2", t.bot.file_url("page.jpg")))
            .status == 200);
  CHECK(t.wait_status("5215520000001", "failed") == "failed");
  CHECK(t.wait_status("5215520000002", "failed") == "failed");
  auto big = t.media_id("5215520000001");
  CHECK(contains(t.value("SELECT error FROM media WHERE id = " + big), "larger than the 2048"));
  CHECK(contains(t.value("SELECT error FROM media WHERE id = " + t.media_id("5215520000002")),
                 "media type text/html is not accepted"));
  // The messages are kept, with the failed media in their JSON.
  auto detail = t.api.request("GET", "/api/v1/conversations/" + t.conversation_of("5215520000001"),
                              {}, bearer(t.agent));
  detail.body = compact_json(detail.body);
  CHECK(contains(detail.body, R"("status":"failed")"));
  CHECK(contains(detail.body, "[media]"));
  CHECK(t.get_media(big, t.agent).status == 404);
  // Another tenant cannot retry it; a retry of a file that was fixed fetches it.
  CHECK(t.api.request("POST", "/api/v1/media/" + big + "/retry", "{}", bearer(t.admin)).status ==
        404);
  t.bot.add_file("big.jpg", "image/jpeg", jpeg.substr(0, 1000));
  auto retry = t.api.request("POST", "/api/v1/media/" + big + "/retry", "{}", bearer(t.agent));
  CHECK(retry.status == 200);
  CHECK(contains(compact_json(retry.body), R"("status":"fetching")"));
  CHECK(t.wait_status("5215520000001", "ready") == "ready");
  CHECK(t.api.request("POST", "/api/v1/media/" + big + "/retry", "{}", bearer(t.agent)).status ==
        409);
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'media.retried'") == "1");
}

TEST_CASE("an attachment URL on this machine or a private network is never fetched",
          "[server][media][pg]") {
  media_fixture t{{{"CENTRALITA_MEDIA_ALLOW_PRIVATE", "0"}}};
  t.bot.add_file("inside.jpg", "image/jpeg", jpeg);
  CHECK(post_builderbot(t.gateway, media_body("5215520000021", "_event_media__s1",
                                              t.bot.file_url("inside.jpg")))
            .status == 200);
  CHECK(post_builderbot(t.gateway, media_body("5215520000022", "_event_media__s2",
                                              "http://169.254.169.254/latest/meta-data/x.jpg"))
            .status == 200);
  CHECK(t.wait_status("5215520000021", "failed") == "failed");
  CHECK(t.wait_status("5215520000022", "failed") == "failed");
  for (const char* phone : {"5215520000021", "5215520000022"}) {
    CHECK(t.value("SELECT error FROM media WHERE id = " + t.media_id(phone)) ==
          "the media URL does not point to a public address");
    // Refused for good: one attempt, never retried.
    CHECK(t.value("SELECT attempts FROM media WHERE id = " + t.media_id(phone)) == "1");
  }
  // The fake server never saw a request for the file.
  for (const auto& r : t.bot.received()) CHECK(r.target != "/files/inside.jpg");
}

TEST_CASE("a media download that times out is tried again and then stored", "[server][media][pg]") {
  media_fixture t;
  t.bot.add_file("slow.jpg", "image/jpeg", jpeg);
  // The first download never answers: the fetcher's timeout ends it, and a later attempt works.
  t.bot.set_script([](const fake_send& s) {
    return s.method == "GET" && s.nth == 1 ? fake_answer::hold() : fake_answer::ok();
  });
  CHECK(post_builderbot(t.gateway,
                        media_body("5215530000001", "_event_media__c1", t.bot.file_url("slow.jpg")))
            .status == 200);
  CHECK(t.wait_status("5215530000001", "ready") == "ready");
  CHECK(t.value("SELECT attempts FROM media WHERE id = " + t.media_id("5215530000001")) == "2");
  int gets = 0;
  for (const auto& r : t.bot.received()) gets += r.method == "GET" ? 1 : 0;
  CHECK(gets == 2);
}

TEST_CASE("an agent's file reaches Builderbot as a signed link and WhatsApp Cloud as an upload",
          "[server][media][outbox][pg]") {
  media_fixture t;
  // A Builderbot conversation (the seeded demo account) and a WhatsApp Cloud one.
  CHECK(post_builderbot(t.gateway, incoming_body("5215540000001", "hola")).status == 200);
  CHECK(
      t.post_cloud(cloud_body("5215540000002", "wamid.X1", "text", R"({"body":"hola"})")).status ==
      200);
  CHECK(wait_for_value(t.sql,
                       "SELECT count(*) FROM conversations c JOIN customers u ON "
                       "u.id = c.customer_id WHERE u.phone LIKE '52155400000%'",
                       "2") == "2");
  auto bb_conv = t.conversation_of("5215540000001");
  auto cloud_conv = t.conversation_of("5215540000002");

  // Refused before anything is stored: a wrong type, a file too large, another tenant's id.
  auto wrong = t.upload(bb_conv, "text/html", "<b>x</b>");
  CHECK(wrong.status == 415);
  CHECK(contains(wrong.body, "media type text/html is not accepted"));
  auto other = t.api.request(
      "POST",
      "/api/v1/conversations/" +
          query_value(t.sql,
                      "SELECT min(id) FROM conversations WHERE tenant_id = "
                      "(SELECT id FROM tenants WHERE slug = 'admin')") +
          "/attachments",
      pdf, {{"Authorization", "Bearer " + t.agent}, {"Content-Type", "application/pdf"}});
  CHECK(other.status == 404);
  CHECK(t.value("SELECT count(*) FROM media") == "0");

  // Builderbot: a signed link of ours, which serves the file and nothing else.
  auto sent =
      t.upload(bb_conv, "application/pdf", pdf, "?filename=cotizacion.pdf&caption=Su%20cotizacion");
  REQUIRE(sent.status == 201);
  CHECK(contains(compact_json(sent.body), R"("kind":"document")"));
  CHECK(contains(compact_json(sent.body), R"("filename":"cotizacion.pdf")"));
  std::optional<std::string> link;
  for (int i = 0; i < 200 && !link; ++i) {
    for (const auto& r : t.bot.received()) {
      if (r.method == "POST" && r.media_url) link = r.media_url;
    }
    if (!link) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(link);
  CHECK(t.wait("SELECT status FROM messages WHERE body = 'Su cotizacion'", "sent") == "sent");
  const std::string prefix = "http://127.0.0.1:" + std::to_string(t.server.gateway_port());
  REQUIRE(link->rfind(prefix + "/media/", 0) == 0);
  auto target = link->substr(prefix.size());
  auto fetched = t.gateway.request("GET", target);
  CHECK(fetched.status == 200);
  CHECK(fetched.body == pdf);
  CHECK(fetched.header("content-disposition") == R"(attachment; filename="cotizacion.pdf")");
  // The same link naming the other tenant, or with its expiry moved, serves nothing.
  auto admin_tenant = t.value("SELECT id FROM tenants WHERE slug = 'admin'");
  auto tenant_at = target.find("tenant=") + 7;
  auto forged =
      target.substr(0, tenant_at) + admin_tenant + target.substr(target.find('&', tenant_at));
  CHECK(t.gateway.request("GET", forged).status == 404);
  auto expires_at = target.find("expires=") + 8;
  auto later = target.substr(0, expires_at) + "9" + target.substr(expires_at);
  CHECK(t.gateway.request("GET", later).status == 404);

  // WhatsApp Cloud: the file is uploaded, then sent by its media id; a failed upload is retried
  // by the outbox like any send.
  t.graph.set_script([](const fake_send& s) {
    return s.target.find("/media") != std::string::npos && s.nth == 1 ? fake_answer::http(500)
                                                                      : fake_answer::ok();
  });
  auto message = created_id(t.upload(cloud_conv, "image/jpeg", jpeg, "?filename=foto.jpg"));
  CHECK(t.wait("SELECT status FROM messages WHERE id = " + message, "sent") == "sent");
  auto uploads = t.graph.uploads();
  REQUIRE(uploads.size() == 1);
  CHECK(uploads[0].bytes == jpeg);
  CHECK(uploads[0].mime == "image/jpeg");
  CHECK(uploads[0].filename == "foto.jpg");
  bool by_id = false;
  for (const auto& r : t.graph.received()) {
    by_id = by_id || (r.media_url && *r.media_url == "id:" + uploads[0].id);
  }
  CHECK(by_id);
  CHECK(t.value("SELECT attempts FROM outbox WHERE message_id = " + message) == "2");
}
