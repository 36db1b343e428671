#include "tests/support/fake_builderbot.hpp"

#include <rapidjson/document.h>

namespace centralita::testkit {

fake_builderbot::fake_builderbot(std::string api_key, std::string bot_id)
    : api_key_(std::move(api_key)),
      bot_id_(std::move(bot_id)),
      server_("fake builderbot", [this](const fake_http_request& r) { return on_request(r); }) {}

std::vector<std::pair<std::string, std::string>> fake_builderbot::environment() const {
  return {{"BUILDERBOT_API_URL", url()},
          {"BUILDERBOT_API_KEY", api_key_},
          {"BUILDERBOT_BOT_ID", bot_id_}};
}

std::map<std::string, int> fake_builderbot::delivered() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return delivered_;
}

void fake_builderbot::check(fake_send& s) const {
  auto fail = [&](const std::string& why) {
    if (s.problem.empty()) s.problem = why;
  };
  const bool blacklist = s.target == "/api/v2/" + bot_id_ + "/blacklist";
  if (s.method != "POST") fail("method " + s.method);
  if (!blacklist && s.target != "/api/v2/" + bot_id_ + "/messages") fail("path " + s.target);
  if (s.headers["x-api-builderbot"] != api_key_) fail("x-api-builderbot header");
  if (s.headers["content-type"].rfind("application/json", 0) != 0) fail("content-type");
  rapidjson::Document d;
  d.Parse(s.body.c_str(), s.body.size());
  if (d.HasParseError() || !d.IsObject()) return fail("body is not a JSON object");
  if (!d.HasMember("number") || !d["number"].IsString()) return fail("number");
  s.number = d["number"].GetString();
  if (s.number.empty() || s.number.find_first_not_of("0123456789") != std::string::npos) {
    fail("number is not digits only");
  }
  if (blacklist) {
    if (!d.HasMember("intent") || !d["intent"].IsString()) return fail("intent");
    s.intent = d["intent"].GetString();
    if (s.intent != "add" && s.intent != "remove") fail("intent is not add or remove");
    return;
  }
  if (!d.HasMember("checkIfExists") || !d["checkIfExists"].IsBool()) fail("checkIfExists");
  if (!d.HasMember("messages") || !d["messages"].IsObject()) return fail("messages");
  const auto& m = d["messages"];
  if (!m.HasMember("content") || !m["content"].IsString()) return fail("messages.content");
  s.content = m["content"].GetString();
  if (m.HasMember("mediaUrl")) {
    if (!m["mediaUrl"].IsString()) return fail("messages.mediaUrl");
    s.media_url = m["mediaUrl"].GetString();
  }
}

void fake_builderbot::add_file(const std::string& name, const std::string& mime,
                               std::string bytes) {
  std::lock_guard<std::mutex> lock{mutex_};
  files_[name] = {mime, std::move(bytes)};
}

// GET /files/<name>: an attachment's bytes (404 when unknown), through the script too.
fake_answer fake_builderbot::file_answer(fake_send& s) {
  fake_answer answer = fake_answer::ok();
  std::lock_guard<std::mutex> lock{mutex_};
  s.nth = ++seen_[s.target];
  if (script_) answer = script_(s);
  received_.push_back(s);
  if (answer.what == fake_answer::kind::hold) return answer;
  auto file = files_.find(s.target.substr(7));
  if (file == files_.end()) answer.status = 404;
  if (!answer.is_2xx()) {
    answer.content_type = "text/plain";
    answer.body = "not found";
  } else {
    answer.content_type = file->second.first;
    answer.body = file->second.second;
  }
  answer.what = fake_answer::kind::respond;
  answer.headers.clear();
  answer.delay = {};
  return answer;
}

fake_answer fake_builderbot::on_request(const fake_http_request& request) {
  auto s = record_of<fake_send>(request);
  if (s.method == "GET" && s.target.rfind("/files/", 0) == 0) return file_answer(s);
  check(s);
  fake_answer answer = fake_answer::http(400);
  std::lock_guard<std::mutex> lock{mutex_};
  s.nth = ++seen_[s.content];
  if (s.problem.empty()) answer = script_ ? script_(s) : fake_answer::ok();
  int id = next_id_++;
  received_.push_back(s);
  if (answer.body.empty()) {
    answer.body = answer.is_2xx() ? R"({"id":"bb-)" + std::to_string(id) + R"("})"
                                  : R"({"error":"injected"})";
  }
  answer.on_delivered = [this, content = s.content] {
    std::lock_guard<std::mutex> lock{mutex_};
    ++delivered_[content];
  };
  return answer;
}

}  // namespace centralita::testkit
