#include "tests/support/fake_graph.hpp"

#include <rapidjson/document.h>

namespace centralita::testkit {

namespace {

constexpr const char* bad_token =
    R"({"error":{"message":"Invalid OAuth access token","code":190}})";

std::string string_at(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject() || !obj.HasMember(key) || !obj[key].IsString()) return {};
  return obj[key].GetString();
}

}  // namespace

fake_graph::fake_graph(std::string access_token, std::string phone_number_id, std::string version)
    : token_(std::move(access_token)),
      phone_number_id_(std::move(phone_number_id)),
      version_(std::move(version)),
      server_("fake graph", [this](const fake_http_request& r) { return on_request(r); }) {}

std::vector<std::pair<std::string, std::string>> fake_graph::environment() const {
  return {{"WHATSAPP_CLOUD_API_URL", url()},
          {"WHATSAPP_CLOUD_API_VERSION", version_},
          {"WHATSAPP_CLOUD_ACCESS_TOKEN", token_},
          {"WHATSAPP_CLOUD_PHONE_NUMBER_ID", phone_number_id_}};
}

void fake_graph::set_templates(std::string business_account_id, std::string templates_json) {
  std::lock_guard<std::mutex> lock{mutex_};
  waba_id_ = std::move(business_account_id);
  templates_json_ = std::move(templates_json);
}

std::pair<int, std::string> fake_graph::templates_answer(const fake_send& s) const {
  const std::string path = "/" + version_ + "/" + waba_id_ + "/message_templates";
  if (s.method != "GET" || s.target.rfind(path, 0) != 0) return {0, {}};
  auto auth = s.headers.find("authorization");
  if (auth == s.headers.end() || auth->second != "Bearer " + token_) return {401, bad_token};
  return {200, R"({"data":)" + templates_json_ + R"(,"paging":{"cursors":{}}})"};
}

std::map<std::string, std::string> fake_graph::wamids() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return wamids_;
}

void fake_graph::check(fake_send& s) const {
  auto fail = [&](const std::string& why) {
    if (s.problem.empty()) s.problem = why;
  };
  if (s.method != "POST") fail("method " + s.method);
  if (s.target != "/" + version_ + "/" + phone_number_id_ + "/messages") fail("path " + s.target);
  if (s.headers["authorization"] != "Bearer " + token_) fail("authorization header");
  if (s.headers["content-type"].rfind("application/json", 0) != 0) fail("content-type");
  rapidjson::Document d;
  d.Parse(s.body.c_str(), s.body.size());
  if (d.HasParseError() || !d.IsObject()) return fail("body is not a JSON object");
  if (string_at(d, "messaging_product") != "whatsapp") fail("messaging_product");
  if (string_at(d, "recipient_type") != "individual") fail("recipient_type");
  s.number = string_at(d, "to");
  if (s.number.empty() || s.number.find_first_not_of("0123456789") != std::string::npos) {
    fail("to is not digits only");
  }
  auto type = string_at(d, "type");
  if (type.empty() || !d.HasMember(type.c_str()) || !d[type.c_str()].IsObject()) {
    return fail("type and its object");
  }
  const auto& body = d[type.c_str()];
  if (type == "template") {
    const auto name = string_at(body, "name");
    const auto language =
        body.HasMember("language") ? string_at(body["language"], "code") : std::string{};
    if (name.empty() || language.empty()) return fail("template.name and template.language.code");
    s.content = "template:" + name + ":" + language + ":";
    if (!body.HasMember("components")) return;
    if (!body["components"].IsArray()) return fail("template.components");
    for (const auto& c : body["components"].GetArray()) {
      if (string_at(c, "type") != "body" || !c.HasMember("parameters") ||
          !c["parameters"].IsArray()) {
        return fail("template component");
      }
      bool first = true;
      for (const auto& p : c["parameters"].GetArray()) {
        if (string_at(p, "type") != "text") return fail("template parameter type");
        s.content += (first ? "" : "|") + string_at(p, "text");
        first = false;
      }
    }
    return;
  }
  if (type == "text") {
    if (!body.HasMember("body") || !body["body"].IsString()) return fail("text.body");
    if (!body.HasMember("preview_url") || !body["preview_url"].IsBool()) fail("text.preview_url");
    s.content = body["body"].GetString();
    return;
  }
  s.media_url = string_at(body, "link");
  if (s.media_url->empty()) {
    auto id = string_at(body, "id");
    if (id.empty()) fail(type + ".link or " + type + ".id");
    s.media_url = "id:" + id;
  }
  s.content = string_at(body, "caption");
}

void fake_graph::add_media(fake_media media) {
  std::lock_guard<std::mutex> lock{mutex_};
  auto id = media.id;
  media_[id] = std::move(media);
}

std::vector<fake_media> fake_graph::uploads() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return uploads_;
}

// GET /{version}/{id}: the media's URL and type; GET /files/{id}: its bytes.
fake_answer fake_graph::media_answer(fake_send& s) {
  const std::string lookup = "/" + version_ + "/", files = "/files/";
  const bool is_file = s.target.rfind(files, 0) == 0;
  std::string id = s.target.substr(is_file ? files.size() : lookup.size());
  fake_answer answer = fake_answer::ok();
  fake_media media;
  bool known = false;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    s.nth = ++seen_[s.target];
    if (script_) answer = script_(s);
    received_.push_back(s);
    if (auto it = media_.find(id); it != media_.end()) {
      media = it->second;
      known = true;
    }
  }
  if (answer.what == fake_answer::kind::hold) return answer;
  if (s.headers["authorization"] != "Bearer " + token_) return fake_answer::json(401, bad_token);
  if (!known) {
    return fake_answer::json(404, R"({"error":{"message":"Unsupported get request","code":100}})");
  }
  if (!answer.is_2xx())
    return fake_answer::json(answer.status, R"({"error":{"message":"injected","code":1}})");
  fake_answer found = fake_answer::json(answer.status, media.bytes);
  if (is_file) {
    found.content_type = media.mime;
  } else {
    found.body = R"({"messaging_product":"whatsapp","url":")" + url() + files + id +
                 R"(","mime_type":")" + media.mime + R"(","sha256":"x","file_size":)" +
                 std::to_string(media.bytes.size()) + R"(,"id":")" + id + R"("})";
  }
  return found;
}

// POST /{version}/{phone number id}/media, multipart/form-data: messaging_product, type, file.
fake_answer fake_graph::upload_answer(fake_send& s) {
  auto field = [&](const std::string& name) -> std::string {
    auto at = s.body.find("name=\"" + name + "\"");
    if (at == std::string::npos) return {};
    auto start = s.body.find("\r\n\r\n", at);
    auto boundary_at = s.body.find("\r\n--", start + 4);
    if (start == std::string::npos || boundary_at == std::string::npos) return {};
    return s.body.substr(start + 4, boundary_at - start - 4);
  };
  fake_media up;
  up.mime = field("type");
  up.bytes = field("file");
  auto fn = s.body.find("filename=\"");
  if (fn != std::string::npos)
    up.filename = s.body.substr(fn + 10, s.body.find('"', fn + 10) - fn - 10);
  bool ok = s.headers["authorization"] == "Bearer " + token_ &&
            s.headers["content-type"].rfind("multipart/form-data; boundary=", 0) == 0 &&
            field("messaging_product") == "whatsapp" && !up.mime.empty() && !up.bytes.empty();
  fake_answer answer = fake_answer::http(400);
  std::lock_guard<std::mutex> lock{mutex_};
  s.nth = ++seen_[s.target];
  if (ok) answer = script_ ? script_(s) : fake_answer::ok();
  received_.push_back(s);
  if (!ok || !answer.is_2xx()) {
    return fake_answer::json(ok ? answer.status : 400,
                             R"({"error":{"message":"bad upload","code":100}})");
  }
  up.id = "UP" + std::to_string(next_id_++);
  uploads_.push_back(up);
  return fake_answer::json(200, R"({"id":")" + up.id + R"("})");
}

fake_answer fake_graph::send_answer(fake_send& s) {
  check(s);
  fake_answer answer = fake_answer::http(400);
  std::lock_guard<std::mutex> lock{mutex_};
  s.nth = ++seen_[s.content];
  if (s.problem.empty()) answer = script_ ? script_(s) : fake_answer::ok();
  std::string wamid = "wamid.OUT" + std::to_string(next_id_++);
  received_.push_back(s);
  if (answer.body.empty()) {
    answer.body =
        answer.is_2xx()
            ? R"({"messaging_product":"whatsapp","contacts":[{"input":")" + s.number +
                  R"(","wa_id":")" + s.number + R"("}],"messages":[{"id":")" + wamid + R"("}]})"
            : R"({"error":{"message":"(#131000) Something went wrong","type":"OAuthException",)"
              R"("code":131000,"fbtrace_id":"fake"}})";
  }
  answer.on_delivered = [this, content = s.content, wamid] {
    std::lock_guard<std::mutex> lock{mutex_};
    wamids_[content] = wamid;
  };
  return answer;
}

fake_answer fake_graph::on_request(const fake_http_request& request) {
  auto s = record_of<fake_send>(request);
  std::pair<int, std::string> listed;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    listed = templates_answer(s);
  }
  if (listed.first != 0) return fake_answer::json(listed.first, listed.second);
  // After the template list, whose path a media look-up (GET /{version}/{id}) would also take.
  if (s.method == "GET" &&
      (s.target.rfind("/files/", 0) == 0 || s.target.rfind("/" + version_ + "/", 0) == 0)) {
    return media_answer(s);
  }
  if (s.method == "POST" && s.target == "/" + version_ + "/" + phone_number_id_ + "/media") {
    return upload_answer(s);
  }
  return send_answer(s);
}

}  // namespace centralita::testkit
