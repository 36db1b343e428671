#include "providers/whatsapp_cloud_webhook.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/json_parse.hpp"
#include "providers/location_attachment.hpp"

namespace centralita::providers {

namespace {

using rapidjson::Value;
constexpr size_t max_id_bytes = 256;

error invalid(const std::string& field, const std::string& what,
              const char* detail = "invalid_field") {
  return make_error(errc::invalid_input, field + " " + what, detail);
}

std::string path(const std::string& at, const char* key) {
  return at.empty() ? std::string{key} : at + "." + key;
}

std::string text_of(const Value& v) { return {v.GetString(), v.GetStringLength()}; }

// A member of `obj` that must be present with the type `is` checks.
template <typename Is>
result<const Value*> member(const Value& obj, const char* key, const std::string& at, Is is,
                            const char* type_name) {
  auto it = obj.FindMember(key);
  std::string field = path(at, key);
  if (it == obj.MemberEnd() || it->value.IsNull()) {
    return invalid(field, "is required", "missing_field");
  }
  if (!is(it->value)) return invalid(field, std::string{"must be "} + type_name);
  return &it->value;
}

result<std::string> required_string(const Value& obj, const char* key, const std::string& at,
                                    size_t limit) {
  auto v = member(
      obj, key, at, [](const Value& x) { return x.IsString(); }, "a string");
  if (!v) return v.error();
  if ((*v)->GetStringLength() == 0 || (*v)->GetStringLength() > limit) {
    return invalid(path(at, key), "must have 1 to " + std::to_string(limit) + " bytes");
  }
  return text_of(**v);
}

// An optional string member: empty when absent or not a string (Meta adds fields freely).
std::string optional_string(const Value& obj, const char* key) {
  if (!obj.IsObject()) return {};
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsString()) return {};
  return text_of(it->value);
}

const Value* optional_object(const Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsObject()) return nullptr;
  return &it->value;
}

bool is_media(const std::string& type) {
  return type == "image" || type == "video" || type == "audio" || type == "document" ||
         type == "sticker";
}

// The media's id and kind as the message's attachment; fetching the file needs the Graph API.
std::string media_attachment(const std::string& type, const Value& media) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartArray();
  w.StartObject();
  w.Key("type");
  w.String(type.c_str());
  for (const char* key : {"id", "mime_type", "filename"}) {
    auto v = optional_string(media, key);
    if (v.empty()) continue;
    w.Key(std::string_view{key} == "id" ? "media_id" : key);
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  }
  w.EndObject();
  w.EndArray();
  return buf.GetString();
}

// A shared location as the message's attachment: coordinates, name and address, no download.
std::string location_attachment(const Value& location) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartArray();
  if (!write_location(w, location, {"name", "address"})) return "[]";
  w.EndArray();
  return buf.GetString();
}

// The text a message shows: its text, a caption, a reply's title, or "[type]" with what it has.
std::string message_text(const std::string& type, const Value& m, std::string& attachments) {
  attachments = "[]";
  const Value* body = optional_object(m, type.c_str());
  if (type == "text" && body) return optional_string(*body, "body");
  if (is_media(type) && body) {
    attachments = media_attachment(type, *body);
    auto caption = optional_string(*body, "caption");
    if (!caption.empty()) return caption;
    auto file = optional_string(*body, "filename");
    return "[" + type + "]" + (file.empty() ? "" : " " + file);
  }
  if (type == "button" && body) return optional_string(*body, "text");
  if (type == "interactive" && body) {
    for (const char* reply : {"button_reply", "list_reply"}) {
      if (const auto* r = optional_object(*body, reply)) return optional_string(*r, "title");
    }
  }
  if (type == "reaction" && body) {
    auto emoji = optional_string(*body, "emoji");
    if (!emoji.empty()) return emoji;
  }
  if (type == "location" && body) {
    attachments = location_attachment(*body);
    std::string out = "[location]";
    for (const char* key : {"latitude", "longitude"}) {
      auto it = body->FindMember(key);
      if (it != body->MemberEnd() && it->value.IsNumber()) {
        out += " " + std::to_string(it->value.GetDouble());
      }
    }
    for (const char* key : {"name", "address"}) {
      auto v = optional_string(*body, key);
      if (!v.empty()) out += " " + v;
    }
    return out;
  }
  return "[" + type + "]";
}

// The profile name of `wa_id` among the change's contacts, and that contact.
const Value* contact_of(const Value& value, const std::string& wa_id, std::string& name) {
  auto it = value.FindMember("contacts");
  if (it == value.MemberEnd() || !it->value.IsArray()) return nullptr;
  for (const auto& c : it->value.GetArray()) {
    if (!c.IsObject() || optional_string(c, "wa_id") != wa_id) continue;
    if (const auto* profile = optional_object(c, "profile")) {
      name = optional_string(*profile, "name");
      if (name.size() > max_name_bytes) name.clear();
    }
    return &c;
  }
  return nullptr;
}

result<whatsapp_cloud_item> read_message(const Value& m, const Value& value, const std::string& at,
                                         const Value*& contact) {
  if (!m.IsObject()) return invalid(at, "must be an object");
  whatsapp_cloud_item item;
  auto id = required_string(m, "id", at, max_id_bytes);
  if (!id) return id.error();
  auto from = required_string(m, "from", at, 64);
  if (!from) return from.error();
  auto phone = normalize_phone(*from, at + ".from");
  if (!phone) return phone.error();
  auto type = required_string(m, "type", at, 64);
  if (!type) return type.error();
  item.id = *id;
  item.message.incoming = true;
  item.message.phone = *phone;
  item.message.text = message_text(*type, m, item.message.attachments);
  if (item.message.text.size() > max_text_bytes) {
    return invalid(at + "." + *type,
                   "is too long (at most " + std::to_string(max_text_bytes) + " bytes)");
  }
  contact = contact_of(value, *from, item.message.name);
  return item;
}

bool known_status(const std::string& s) {
  return s == "sent" || s == "delivered" || s == "read" || s == "failed";
}

// The first error's code and title, short: what an agent sees on a failed delivery.
std::string receipt_error(const Value& st) {
  auto it = st.FindMember("errors");
  if (it == st.MemberEnd() || !it->value.IsArray() || it->value.Empty()) return {};
  const Value& e = it->value[0];
  if (!e.IsObject()) return {};
  std::string out;
  if (auto c = e.FindMember("code"); c != e.MemberEnd() && c->value.IsInt64()) {
    out = std::to_string(c->value.GetInt64());
  }
  auto title = optional_string(e, "title");
  if (title.empty()) title = optional_string(e, "message");
  if (!title.empty()) out += (out.empty() ? "" : " ") + title;
  return out.substr(0, 300);
}

// Empty optional: a status we do not track (skipped).
result<std::optional<whatsapp_cloud_item>> read_receipt(const Value& st, const std::string& at) {
  if (!st.IsObject()) return invalid(at, "must be an object");
  auto id = required_string(st, "id", at, max_id_bytes);
  if (!id) return id.error();
  auto status = required_string(st, "status", at, 64);
  if (!status) return status.error();
  auto recipient = required_string(st, "recipient_id", at, 64);
  if (!recipient) return recipient.error();
  auto phone = normalize_phone(*recipient, at + ".recipient_id");
  if (!phone) return phone.error();
  if (!known_status(*status)) return std::optional<whatsapp_cloud_item>{};
  whatsapp_cloud_item item;
  item.kind = whatsapp_cloud_kind::receipt;
  item.id = *id;
  item.receipt = {*id, *status, *phone, *status == "failed" ? receipt_error(st) : std::string{}};
  return std::optional<whatsapp_cloud_item>{std::move(item)};
}

// Where an item sits in the document, to cut the webhook down to it.
struct item_source {
  const Value* entry;
  const Value* change;
  const Value* value;
  const Value* item;
  const Value* contact;  ///< may be null
  const char* list;      ///< "messages" | "statuses"
};

// The webhook with `src.item` as its only message or receipt (and only its own contact).
std::string single_item_payload(const Value& object, const item_source& src) {
  rapidjson::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  out.AddMember("object", Value(object, a), a);
  Value value(rapidjson::kObjectType);
  for (const auto& m : src.value->GetObject()) {
    std::string_view name{m.name.GetString(), m.name.GetStringLength()};
    if (name == "messages" || name == "statuses" || name == "contacts") continue;
    value.AddMember(Value(m.name, a), Value(m.value, a), a);
  }
  if (src.contact) {
    Value contacts(rapidjson::kArrayType);
    contacts.PushBack(Value(*src.contact, a), a);
    value.AddMember("contacts", contacts, a);
  }
  Value list(rapidjson::kArrayType);
  list.PushBack(Value(*src.item, a), a);
  value.AddMember(Value(src.list, a), list, a);
  Value change(rapidjson::kObjectType);
  change.AddMember("value", value, a);
  change.AddMember("field", Value((*src.change)["field"], a), a);
  Value changes(rapidjson::kArrayType);
  changes.PushBack(change, a);
  Value entry(rapidjson::kObjectType);
  if (auto id = src.entry->FindMember("id"); id != src.entry->MemberEnd()) {
    entry.AddMember("id", Value(id->value, a), a);
  }
  entry.AddMember("changes", changes, a);
  Value entries(rapidjson::kArrayType);
  entries.PushBack(entry, a);
  out.AddMember("entry", entries, a);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  out.Accept(w);
  return {buf.GetString(), buf.GetSize()};
}

// Reads one `messages` change's items into `out`.
status read_change(const Value& entry, const Value& change, const std::string& at,
                   whatsapp_cloud_webhook& out, std::vector<item_source>& sources) {
  auto value = member(
      change, "value", at, [](const Value& x) { return x.IsObject(); }, "an object");
  if (!value) return value.error();
  const Value& v = **value;
  for (const char* list : {"messages", "statuses"}) {
    auto it = v.FindMember(list);
    if (it == v.MemberEnd() || it->value.IsNull()) continue;
    std::string list_at = at + ".value." + list;
    if (!it->value.IsArray()) return invalid(list_at, "must be an array");
    for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
      if (out.items.size() >= max_whatsapp_cloud_items) {
        return invalid(list_at, "holds too many items (at most " +
                                    std::to_string(max_whatsapp_cloud_items) + " per webhook)");
      }
      std::string item_at = list_at + "[" + std::to_string(i) + "]";
      const Value& raw = it->value[i];
      const Value* contact = nullptr;
      if (std::string_view{list} == "messages") {
        auto item = read_message(raw, v, item_at, contact);
        if (!item) return item.error();
        out.items.push_back(std::move(*item));
      } else {
        auto item = read_receipt(raw, item_at);
        if (!item) return item.error();
        if (!*item) continue;
        out.items.push_back(std::move(**item));
      }
      sources.push_back({&entry, &change, &v, &raw, contact, list});
    }
  }
  return ok_status();
}

}  // namespace

result<whatsapp_cloud_webhook> parse_whatsapp_cloud_webhook(std::string_view body) {
  rapidjson::Document doc;
  if (auto s = parse_json(doc, body); !s) return s.error();
  if (!doc.IsObject()) return invalid("body", "must be a JSON object");
  auto object = required_string(doc, "object", "", 64);
  if (!object) return object.error();
  if (*object != "whatsapp_business_account") {
    return invalid("object", "must be whatsapp_business_account");
  }
  auto entries = member(
      doc, "entry", "", [](const Value& x) { return x.IsArray(); }, "an array");
  if (!entries) return entries.error();

  whatsapp_cloud_webhook out;
  std::vector<item_source> sources;
  for (rapidjson::SizeType e = 0; e < (*entries)->Size(); ++e) {
    const Value& entry = (**entries)[e];
    std::string entry_at = "entry[" + std::to_string(e) + "]";
    if (!entry.IsObject()) return invalid(entry_at, "must be an object");
    auto changes = member(
        entry, "changes", entry_at, [](const Value& x) { return x.IsArray(); }, "an array");
    if (!changes) return changes.error();
    for (rapidjson::SizeType c = 0; c < (*changes)->Size(); ++c) {
      const Value& change = (**changes)[c];
      std::string at = entry_at + ".changes[" + std::to_string(c) + "]";
      if (!change.IsObject()) return invalid(at, "must be an object");
      auto field = required_string(change, "field", at, 100);
      if (!field) return field.error();
      if (out.field.empty()) out.field = *field;
      if (*field != "messages") continue;  // account, template and other updates: not ours
      if (auto s = read_change(entry, change, at, out, sources); !s) return s.error();
    }
  }
  if (out.items.size() == 1) {
    out.items[0].payload = std::string{body};
  } else {
    for (size_t i = 0; i < out.items.size(); ++i) {
      out.items[i].payload = single_item_payload(doc["object"], sources[i]);
    }
  }
  return out;
}

std::string whatsapp_cloud_event_name(const whatsapp_cloud_item& item) {
  if (item.kind == whatsapp_cloud_kind::message) return "message";
  return "status." + item.receipt.status;
}

std::string whatsapp_cloud_provider_id(const whatsapp_cloud_item& item) {
  if (item.kind == whatsapp_cloud_kind::message) return "message:" + item.id;
  return "status:" + item.id + ":" + item.receipt.status;
}

}  // namespace centralita::providers
