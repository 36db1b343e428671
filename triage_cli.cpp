#include "triage_cli.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <istream>
#include <ostream>
#include <string>

#include "common/json_parse.hpp"

namespace centralita {

namespace {

using rapidjson::Value;

void set_member(rapidjson::Document& doc, Value& obj, const char* key, Value value) {
  auto& alloc = doc.GetAllocator();
  if (auto it = obj.FindMember(key); it != obj.MemberEnd()) {
    it->value = std::move(value);
  } else {
    obj.AddMember(Value{key, alloc}, std::move(value), alloc);
  }
}

Value string_or_null(const std::string& s, rapidjson::Document::AllocatorType& alloc) {
  if (s.empty()) return Value{rapidjson::kNullType};
  return Value{s.c_str(), static_cast<rapidjson::SizeType>(s.size()), alloc};
}

void add_triage(rapidjson::Document& doc, const ai::triage_result& t) {
  auto& alloc = doc.GetAllocator();
  set_member(doc, doc, "category", Value{t.category.c_str(), alloc});
  set_member(doc, doc, "confidence", Value{std::round(t.confidence * 10000) / 10000});
  set_member(doc, doc, "risk", Value{std::string{ai::to_string(t.risk)}.c_str(), alloc});
  Value entities{rapidjson::kObjectType};
  entities.AddMember("order_number", string_or_null(t.entities.order_number, alloc), alloc);
  entities.AddMember("tracking_number", string_or_null(t.entities.tracking_number, alloc), alloc);
  entities.AddMember("invoice_number", string_or_null(t.entities.invoice_number, alloc), alloc);
  entities.AddMember("email", string_or_null(t.entities.email, alloc), alloc);
  entities.AddMember("amount", string_or_null(t.entities.amount, alloc), alloc);
  set_member(doc, doc, "entities", std::move(entities));
  set_member(doc, doc, "language", Value{t.language.c_str(), alloc});
  set_member(doc, doc, "rule", Value{t.rule.c_str(), alloc});
  set_member(doc, doc, "reason", Value{t.reason.c_str(), alloc});
}

void write(std::ostream& out, const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> writer{buf};
  v.Accept(writer);
  out << buf.GetString() << '\n';
}

}  // namespace

int run_triage_lines(const ai::triage_model& model, std::istream& in, std::ostream& out) {
  std::string line;
  int errors = 0;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    rapidjson::Document doc;
    auto parsed = parse_json(doc, line);
    if (!parsed || !doc.IsObject()) {
      ++errors;
      rapidjson::Document err{rapidjson::kObjectType};
      std::string message =
          !parsed ? "invalid JSON: " + parsed.error().message : "expected a JSON object";
      err.AddMember("error", Value{message.c_str(), err.GetAllocator()}, err.GetAllocator());
      err.AddMember("line", Value{static_cast<int64_t>(number)}, err.GetAllocator());
      write(out, err);
      continue;
    }
    auto text = doc.FindMember("text");
    if (text == doc.MemberEnd() || !text->value.IsString()) {
      ++errors;
      set_member(doc, doc, "error", Value{"missing string field \"text\"", doc.GetAllocator()});
    } else {
      std::string_view s{text->value.GetString(), text->value.GetStringLength()};
      add_triage(doc, model.classify(s));
    }
    write(out, doc);
  }
  out.flush();
  return errors;
}

}  // namespace centralita
