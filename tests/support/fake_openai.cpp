#include "tests/support/fake_openai.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>
#include <regex>

#include "tests/support/text.hpp"

namespace centralita::testkit {

namespace {

using writer = rapidjson::Writer<rapidjson::StringBuffer>;

std::string error_body(const std::string& message, const std::string& type) {
  rapidjson::StringBuffer buf;
  writer w{buf};
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("message");
  w.String(message.c_str());
  w.Key("type");
  w.String(type.c_str());
  w.Key("param");
  w.Null();
  w.Key("code");
  w.Null();
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

void check_chat(const rapidjson::Document& d, openai_request& r) {
  auto fail = [&](const std::string& why) {
    if (r.problem.empty()) r.problem = why;
  };
  if (!d.HasMember("messages") || !d["messages"].IsArray() || d["messages"].Empty()) {
    return fail("messages");
  }
  std::string all_text;
  for (const auto& m : d["messages"].GetArray()) {
    if (!m.IsObject() || !m.HasMember("role") || !m["role"].IsString() || !m.HasMember("content") ||
        !m["content"].IsString()) {
      return fail("a message without role or content");
    }
    std::string role = m["role"].GetString();
    if (role != "system" && role != "user" && role != "assistant" && role != "tool") {
      return fail("role " + role);
    }
    std::string content = m["content"].GetString();
    all_text += lower(content);
    if (role == "system") r.system = content;
    if (role == "user") r.user = content;
  }
  if (!d.HasMember("response_format")) return;
  const auto& f = d["response_format"];
  if (!f.IsObject() || !f.HasMember("type") || !f["type"].IsString()) {
    return fail("response_format");
  }
  std::string type = f["type"].GetString();
  if (type == "json_object") {
    r.schema = type;
  } else if (type == "json_schema") {
    if (!f.HasMember("json_schema") || !f["json_schema"].IsObject()) return fail("json_schema");
    const auto& s = f["json_schema"];
    if (!s.HasMember("name") || !s["name"].IsString() ||
        !std::regex_match(std::string{s["name"].GetString()}, std::regex{"[a-zA-Z0-9_-]{1,64}"})) {
      return fail("json_schema.name");
    }
    if (!s.HasMember("schema") || !s["schema"].IsObject()) return fail("json_schema.schema");
    r.schema = s["name"].GetString();
  } else {
    return fail("response_format.type " + type);
  }
  // The API's own rule: JSON mode must be asked for in a message.
  if (all_text.find("json") == std::string::npos) {
    fail("'messages' must contain the word 'json' in some form");
  }
}

void check_embeddings(const rapidjson::Document& d, openai_request& r) {
  auto fail = [&](const std::string& why) {
    if (r.problem.empty()) r.problem = why;
  };
  if (!d.HasMember("input")) return fail("input");
  const auto& in = d["input"];
  if (in.IsString()) {
    r.inputs.emplace_back(in.GetString());
  } else if (in.IsArray() && !in.Empty()) {
    for (const auto& t : in.GetArray()) {
      if (!t.IsString()) return fail("input item");
      r.inputs.emplace_back(t.GetString());
    }
  } else {
    return fail("input");
  }
  for (const auto& t : r.inputs) {
    if (t.empty()) fail("empty input");
  }
  if (d.HasMember("encoding_format") &&
      (!d["encoding_format"].IsString() ||
       std::string{d["encoding_format"].GetString()} != "float")) {
    fail("encoding_format");
  }
}

}  // namespace

fake_openai::fake_openai(std::string api_key, int dimension)
    : api_key_(std::move(api_key)),
      dimension_(dimension),
      server_("fake openai", [this](const fake_http_request& r) { return on_request(r); }) {}

std::string fake_openai::base_url() const { return server_.url() + "/v1"; }

std::vector<std::pair<std::string, std::string>> fake_openai::environment() const {
  return {{"OPENAI_API_KEY", api_key_}, {"OPENAI_BASE_URL", base_url()}};
}

std::vector<float> fake_openai::vector_of(const std::string& text) const {
  std::vector<float> v(static_cast<size_t>(dimension_), 0.0f);
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    v[std::hash<std::string>{}(word) % v.size()] += 1.0f;
    word.clear();
  };
  for (char c : lower(text)) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  v[0] += 0.01f;  // never the zero vector
  return v;
}

void fake_openai::check(openai_request& r) const {
  auto fail = [&](const std::string& why) {
    if (r.problem.empty()) r.problem = why;
  };
  if (r.target == "/v1/chat/completions") r.endpoint = "chat";
  if (r.target == "/v1/embeddings") r.endpoint = "embeddings";
  if (r.method != "POST") fail("method " + r.method);
  if (r.endpoint.empty()) fail("path " + r.target);
  if (r.headers["content-type"].rfind("application/json", 0) != 0) fail("content-type");
  rapidjson::Document d;
  d.Parse(r.body.c_str(), r.body.size());
  if (d.HasParseError() || !d.IsObject()) return fail("body is not a JSON object");
  if (!d.HasMember("model") || !d["model"].IsString() || d["model"].GetStringLength() == 0) {
    return fail("model");
  }
  r.model = d["model"].GetString();
  if (r.endpoint == "chat") check_chat(d, r);
  if (r.endpoint == "embeddings") check_embeddings(d, r);
}

std::string fake_openai::answer_body(const openai_request& r, const openai_answer& a) const {
  rapidjson::StringBuffer buf;
  writer w{buf};
  w.StartObject();
  if (a.what == openai_answer::kind::embeddings) {
    w.Key("object");
    w.String("list");
    w.Key("data");
    w.StartArray();
    // Last index first: clients must order by `index`, not by position.
    for (size_t i = r.inputs.size(); i-- > 0;) {
      w.StartObject();
      w.Key("object");
      w.String("embedding");
      w.Key("index");
      w.Uint(static_cast<unsigned>(i));
      w.Key("embedding");
      w.StartArray();
      for (float x : vector_of(r.inputs[i])) w.Double(x);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  } else {
    w.Key("id");
    w.String("chatcmpl-fake");
    w.Key("object");
    w.String("chat.completion");
    w.Key("created");
    w.Int64(1700000000);
    w.Key("choices");
    w.StartArray();
    w.StartObject();
    w.Key("index");
    w.Int(0);
    w.Key("message");
    w.StartObject();
    w.Key("role");
    w.String("assistant");
    w.Key("content");
    w.String(a.content.c_str(), static_cast<rapidjson::SizeType>(a.content.size()));
    w.Key("refusal");
    w.Null();
    w.EndObject();
    w.Key("finish_reason");
    w.String(a.finish_reason.c_str());
    w.EndObject();
    w.EndArray();
  }
  w.Key("model");
  w.String(r.model.c_str());
  w.Key("usage");
  w.StartObject();
  w.Key("prompt_tokens");
  w.Int(10);
  w.Key("total_tokens");
  w.Int(20);
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

fake_answer fake_openai::on_request(const fake_http_request& request) {
  auto r = record_of<openai_request>(request);
  openai_answer a = openai_answer::http(400);
  if (r.headers["authorization"] != "Bearer " + api_key_) {
    a = openai_answer::http(401);
    a.body = error_body(
        "Incorrect API key provided: " + r.headers["authorization"].substr(0, 12) + "***",
        "invalid_request_error");
  } else {
    check(r);
    if (!r.problem.empty()) {
      a.body = error_body(r.problem, "invalid_request_error");
    }
  }
  {
    std::lock_guard<std::mutex> lock{mutex_};
    if (r.problem.empty() && a.status != 401) {
      if (script_) {
        a = script_(r);
      } else {
        a = r.endpoint == "embeddings" ? openai_answer::embeddings() : openai_answer::chat("{}");
      }
    }
    received_.push_back(r);
  }
  fake_answer out =
      fake_answer::http(a.what == openai_answer::kind::http ? a.status : 200, std::move(a.headers));
  out.delay = a.delay;
  if (a.what != openai_answer::kind::http) {
    out.body = answer_body(r, a);
  } else if (!a.body.empty()) {
    out.body = std::move(a.body);
  } else {
    out.body =
        error_body("injected failure", out.status == 429 ? "rate_limit_exceeded" : "server_error");
  }
  return out;
}

}  // namespace centralita::testkit
