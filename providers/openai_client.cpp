#include "providers/openai_client.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <optional>
#include <thread>

#include "common/backoff.hpp"
#include "common/json_parse.hpp"
#include "providers/send_policy.hpp"

namespace centralita::providers {

namespace {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
// Embeddings answers are long (1536 floats as text per input); chat answers are short.
constexpr size_t max_answer_bytes = size_t{32} << 20;
constexpr auto min_attempt_time = milliseconds(50);

error failure(errc code, std::string message) {
  return make_error(code, "LLM: " + std::move(message), "llm_failed");
}

// A short machine code from an error body (`error.code` or `error.type`), when it is one:
// the provider's message is never repeated, it may quote part of the key.
std::string error_code_of(const std::string& body) {
  rapidjson::Document d;
  if (!parse_json(d, body) || !d.IsObject()) return {};
  auto e = d.FindMember("error");
  if (e == d.MemberEnd() || !e->value.IsObject()) return {};
  for (const char* key : {"code", "type"}) {
    auto it = e->value.FindMember(key);
    if (it == e->value.MemberEnd() || !it->value.IsString()) continue;
    std::string code{it->value.GetString(), it->value.GetStringLength()};
    bool plain = !code.empty() && code.size() <= 40 &&
                 std::all_of(code.begin(), code.end(), [](unsigned char c) {
                   return std::isalnum(c) || c == '_' || c == '-' || c == '.';
                 });
    if (plain) return code;
  }
  return {};
}

std::string attempts_text(int n) {
  return n == 1 ? std::string{"1 attempt"} : std::to_string(n) + " attempts";
}

void write_string(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::string& s) {
  w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace

openai_client::openai_client(openai_config config) : config_(std::move(config)) {
  if (!config_.sleep) config_.sleep = [](milliseconds d) { std::this_thread::sleep_for(d); };
  config_.max_attempts = std::max(config_.max_attempts, 1);
  config_.embedding_batch = std::max(config_.embedding_batch, 1);
}

result<std::string> openai_client::post(const std::string& path, const std::string& body) const {
  const auto deadline = clock::now() + config_.timeout;
  auto left = [&] { return std::chrono::duration_cast<milliseconds>(deadline - clock::now()); };
  std::string last = "no attempt";
  int attempt = 0;
  while (attempt < config_.max_attempts && left() >= min_attempt_time) {
    ++attempt;
    http_call call;
    call.target = config_.base;
    call.path = config_.base.path + path;
    call.headers = {{"Content-Type", "application/json"},
                    {"Authorization", "Bearer " + config_.api_key}};
    call.body = body;
    call.connect_timeout = std::min(left(), milliseconds(3000));
    call.timeout = left();
    call.max_answer_bytes = max_answer_bytes;
    auto answer = http_send(call);
    std::optional<std::chrono::seconds> retry_after;
    if (!answer) {
      last = answer.error().message;  // transport only: never holds the key or a body
    } else if (answer->status >= 200 && answer->status < 300) {
      return std::move(answer->body);
    } else {
      auto code = error_code_of(answer->body);
      last = "HTTP " + std::to_string(answer->status) + (code.empty() ? "" : " (" + code + ")");
      if (answer->status == 401 || answer->status == 403) {
        return failure(errc::unauthorized, last + ": the API key was refused");
      }
      if (classify_http_status(answer->status) != send_status::retryable) {
        return failure(errc::invalid_input, last);
      }
      if (auto it = answer->headers.find("retry-after"); it != answer->headers.end()) {
        retry_after = parse_retry_after(it->second, std::time(nullptr));
      }
    }
    if (attempt == config_.max_attempts) break;
    auto wait = exponential_backoff(config_.backoff, config_.backoff * 1024, attempt);
    if (retry_after) wait = std::max<milliseconds>(wait, *retry_after);
    // A wait that would leave no time for the next attempt ends the call now.
    if (wait + min_attempt_time > left()) {
      last += retry_after ? ", Retry-After beyond the time budget" : "";
      break;
    }
    config_.sleep(wait);
  }
  return failure(errc::unavailable, last + " after " + attempts_text(attempt));
}

std::string chat_request_body(const std::string& model, const chat_request& r) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartObject();
  w.Key("model");
  write_string(w, model);
  w.Key("messages");
  w.StartArray();
  for (const auto& m : r.messages) {
    w.StartObject();
    w.Key("role");
    write_string(w, m.role);
    w.Key("content");
    write_string(w, m.content);
    w.EndObject();
  }
  w.EndArray();
  w.Key("temperature");
  w.Double(r.temperature);
  w.Key("max_tokens");
  w.Int(r.max_tokens);
  w.Key("response_format");
  w.StartObject();
  if (r.schema_name.empty()) {
    w.Key("type");
    w.String("json_object");
  } else {
    w.Key("type");
    w.String("json_schema");
    w.Key("json_schema");
    w.StartObject();
    w.Key("name");
    write_string(w, r.schema_name);
    w.Key("schema");
    w.RawValue(r.schema_json.c_str(), r.schema_json.size(), rapidjson::kObjectType);
    w.Key("strict");
    w.Bool(true);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

result<std::string> parse_chat_answer(const std::string& body) {
  auto malformed = [](const std::string& what) {
    return failure(errc::unprocessable, "malformed completion (" + what + ")");
  };
  rapidjson::Document d;
  if (!parse_json(d, body) || !d.IsObject()) return malformed("not a JSON object");
  auto choices = d.FindMember("choices");
  if (choices == d.MemberEnd() || !choices->value.IsArray() || choices->value.Empty()) {
    return malformed("no choices");
  }
  const auto& choice = choices->value[0];
  if (!choice.IsObject()) return malformed("choice");
  auto finish = choice.FindMember("finish_reason");
  std::string reason =
      finish != choice.MemberEnd() && finish->value.IsString() ? finish->value.GetString() : "";
  // Checked before the content: a truncated answer may still parse by accident.
  if (reason != "stop") {
    return failure(errc::unprocessable, reason == "length"
                                            ? "the answer was cut off (finish_reason length)"
                                            : "finish_reason '" + reason.substr(0, 30) + "'");
  }
  auto message = choice.FindMember("message");
  if (message == choice.MemberEnd() || !message->value.IsObject()) return malformed("message");
  const auto& m = message->value;
  if (auto refusal = m.FindMember("refusal");
      refusal != m.MemberEnd() && refusal->value.IsString()) {
    return failure(errc::unprocessable, "the model refused");
  }
  auto content = m.FindMember("content");
  if (content == m.MemberEnd() || !content->value.IsString()) return malformed("content");
  std::string text{content->value.GetString(), content->value.GetStringLength()};
  rapidjson::Document inner;
  if (auto parsed = parse_json(inner, text); !parsed) {
    return failure(errc::unprocessable,
                   "the answer is not a JSON object: " + parsed.error().message);
  }
  if (!inner.IsObject()) return failure(errc::unprocessable, "the answer is not a JSON object");
  return text;
}

result<std::vector<std::vector<float>>> parse_embeddings_answer(const std::string& body,
                                                                size_t expected) {
  auto malformed = [](const std::string& what) {
    return failure(errc::unprocessable, "malformed embeddings (" + what + ")");
  };
  rapidjson::Document d;
  if (!parse_json(d, body) || !d.IsObject()) return malformed("not a JSON object");
  auto data = d.FindMember("data");
  if (data == d.MemberEnd() || !data->value.IsArray()) return malformed("no data");
  if (data->value.Size() != expected) return malformed("wrong count");
  std::vector<std::vector<float>> out(expected);
  for (const auto& item : data->value.GetArray()) {
    if (!item.IsObject()) return malformed("item");
    auto index = item.FindMember("index");
    auto vec = item.FindMember("embedding");
    if (index == item.MemberEnd() || !index->value.IsUint() || vec == item.MemberEnd() ||
        !vec->value.IsArray() || vec->value.Empty()) {
      return malformed("item");
    }
    auto i = index->value.GetUint();
    if (i >= expected || !out[i].empty()) return malformed("index");
    out[i].reserve(vec->value.Size());
    for (const auto& x : vec->value.GetArray()) {
      if (!x.IsNumber()) return malformed("not a number");
      out[i].push_back(static_cast<float>(x.GetDouble()));
    }
    if (out[i].size() != out.front().size() && !out.front().empty()) {
      return malformed("dimensions differ");
    }
  }
  for (const auto& v : out) {
    if (v.size() != out.front().size()) return malformed("dimensions differ");
  }
  return out;
}

result<std::string> openai_client::chat_json(const chat_request& request) const {
  auto body = post("/chat/completions", chat_request_body(config_.chat_model, request));
  if (!body) return body.error();
  return parse_chat_answer(*body);
}

result<std::vector<std::vector<float>>> openai_client::embed_batch(
    const std::vector<std::string>& texts) const {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartObject();
  w.Key("model");
  write_string(w, config_.embedding_model);
  w.Key("input");
  w.StartArray();
  // The API refuses empty strings.
  for (const auto& t : texts) write_string(w, t.empty() ? std::string{" "} : t);
  w.EndArray();
  w.Key("encoding_format");
  w.String("float");
  w.EndObject();
  auto body = post("/embeddings", std::string{buf.GetString(), buf.GetSize()});
  if (!body) return body.error();
  return parse_embeddings_answer(*body, texts.size());
}

result<std::vector<std::vector<float>>> openai_client::embed(
    const std::vector<std::string>& texts) const {
  std::vector<std::vector<float>> out;
  out.reserve(texts.size());
  const auto batch = static_cast<size_t>(config_.embedding_batch);
  for (size_t at = 0; at < texts.size(); at += batch) {
    std::vector<std::string> part(
        texts.begin() + static_cast<std::ptrdiff_t>(at),
        texts.begin() + static_cast<std::ptrdiff_t>(std::min(texts.size(), at + batch)));
    auto vectors = embed_batch(part);
    if (!vectors) return vectors.error();
    if (!out.empty() && !vectors->empty() && vectors->front().size() != out.front().size()) {
      return failure(errc::unprocessable, "malformed embeddings (dimensions differ)");
    }
    for (auto& v : *vectors) out.push_back(std::move(v));
  }
  return out;
}

}  // namespace centralita::providers
