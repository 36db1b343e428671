#include "net/channel_account_json.hpp"

#include <algorithm>
#include <cctype>

#include "net/api_json.hpp"
#include "providers/http_client.hpp"
#include "storage/channel_credentials.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_name = 100;
constexpr size_t max_credential = 4096;

bool valid_key(const std::string& k) {
  return k.size() >= 3 && k.size() <= 64 && std::all_of(k.begin(), k.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
         });
}

const storage::credential_field* field_of(const std::string& provider, const std::string& name) {
  for (const auto& f : storage::credential_fields(provider)) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

status check_credential(const std::string& name, const std::string& value) {
  const std::string where = "credentials." + name;
  if (value.size() > max_credential) return invalid_field(where, "is too long");
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20) return invalid_field(where, "has control characters");
  }
  if (value.empty()) return ok_status();
  if (name == "api_url" || name == "base_url") {
    if (!providers::parse_url(value)) return invalid_field(where, "must be an http(s):// URL");
  }
  if ((name == "bot_id" || name.find("_id") != std::string::npos) &&
      value.find_first_of("/?#% ") != std::string::npos) {
    return invalid_field(where, "must not contain '/', '?', '#', '%' or spaces");
  }
  return ok_status();
}

status read_credentials(const json_body& b, const std::string& provider,
                        channel_account_input& out) {
  const auto* creds = b.raw_member("credentials");
  if (creds == nullptr || creds->IsNull()) return ok_status();
  if (!creds->IsObject()) return invalid_field("credentials", "must be an object");
  for (auto& m : creds->GetObject()) {
    const std::string name{m.name.GetString(), m.name.GetStringLength()};
    if (field_of(provider, name) == nullptr) {
      return invalid_field("credentials." + name, "is not a field of a " + provider + " account");
    }
    if (!m.value.IsString()) return invalid_field("credentials." + name, "must be a string");
    std::string value{m.value.GetString(), m.value.GetStringLength()};
    if (auto s = check_credential(name, value); !s) return s;
    out.credentials[name] = std::move(value);
  }
  return ok_status();
}

status read_common(const json_body& b, channel_account_input& out) {
  auto name = b.optional_string("name");
  if (!name) return name.error();
  if (*name) {
    if (name->value().empty() || utf8_length(name->value()) > max_name) {
      return invalid_field("name", "must be 1 to 100 characters");
    }
    out.name = std::move(*name);
  }
  out.rate_given = b.any_of({"rate_per_s"});
  auto rate = b.optional_number("rate_per_s");
  if (!rate) return rate.error();
  if (*rate && **rate <= 0) return invalid_field("rate_per_s", "must be greater than 0");
  out.rate_per_s = *rate;
  auto enabled = b.optional_bool("enabled");
  if (!enabled) return enabled.error();
  out.enabled = *enabled;
  return ok_status();
}

}  // namespace

result<channel_account_input> parse_channel_account_create(const std::string& body) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"provider", "name", "account_key", "rate_per_s", "enabled", "credentials"});
      !s) {
    return s.error();
  }
  channel_account_input in;
  auto provider = b->required_string("provider");
  if (!provider) return provider.error();
  const auto& known = storage::channel_providers();
  if (std::find(known.begin(), known.end(), *provider) == known.end()) {
    return invalid_field("provider",
                         "must be builderbot, whatsapp_cloud, elevenlabs, aftership, 17track "
                         "or openai");
  }
  in.provider = *provider;
  if (auto s = read_common(*b, in); !s) return s.error();
  if (!in.name) return make_error(errc::invalid_input, "name is required", "missing_field");
  auto key = b->optional_string("account_key");
  if (!key) return key.error();
  if (*key) {
    if (!valid_key(**key)) {
      return invalid_field("account_key", "must be 3 to 64 letters, digits, '_' or '-'");
    }
    in.account_key = std::move(*key);
  }
  if (auto s = read_credentials(*b, *provider, in); !s) return s.error();
  return in;
}

result<channel_account_input> parse_channel_account_patch(const std::string& body,
                                                          const std::string& provider) {
  auto b = json_body::parse(body);
  if (!b) return b.error();
  if (auto s = b->only({"name", "rate_per_s", "enabled", "credentials"}); !s) return s.error();
  channel_account_input in;
  if (auto s = read_common(*b, in); !s) return s.error();
  if (in.name && in.name->empty()) return invalid_field("name", "must not be empty");
  if (auto s = read_credentials(*b, provider, in); !s) return s.error();
  return in;
}

std::string webhook_path(const storage::channel_account& a) {
  static const std::map<std::string, std::string> paths{
      {"builderbot", "/webhooks/builderbot/whatsapp"},
      {"whatsapp_cloud", "/webhooks/whatsapp/cloud"},
      {"elevenlabs", "/webhooks/elevenlabs/post-call"},
      {"aftership", "/webhooks/tracking/aftership"},
      {"17track", "/webhooks/tracking/17track"}};
  auto it = paths.find(a.provider);
  if (it == paths.end()) return {};
  return it->second + "?key=" + a.account_key;
}

std::string channel_account_json(const storage::channel_account& a,
                                 const std::string& webhook_base) {
  const auto config = storage::parse_config(a.config_json);
  const auto hints = storage::parse_config(a.secret_hints_json);
  json_builder j;
  j.begin_object()
      .field("id", a.id)
      .field("provider", a.provider)
      .field("name", a.name)
      .field("account_key", a.account_key)
      .field("enabled", a.enabled)
      .field("status", a.status);
  j.key("rate_per_s");
  if (a.rate_per_s) {
    j.value(*a.rate_per_s);
  } else {
    j.null();
  }
  j.key("config").begin_object();
  for (const auto& f : storage::credential_fields(a.provider)) {
    if (f.secret) continue;
    auto it = config.find(f.name);
    j.field(f.name, it == config.end() ? std::string{} : it->second);
  }
  j.end_object();
  // Only whether each secret is set and its last 4 characters: the API never returns one.
  j.key("secrets").begin_object();
  for (const auto& f : storage::credential_fields(a.provider)) {
    if (!f.secret) continue;
    auto it = hints.find(f.name);
    j.key(f.name).begin_object().field("set", it != hints.end());
    j.field("last4", it == hints.end() ? std::string{} : it->second).end_object();
  }
  j.end_object();
  const auto path = webhook_path(a);
  if (!webhook_base.empty()) {
    j.field("webhook_url", path.empty() ? std::optional<std::string>{}
                                        : std::optional<std::string>{webhook_base + path});
  }
  j.key("last_check")
      .raw(a.last_check_json.empty() ? std::optional<std::string>{}
                                     : std::optional<std::string>{a.last_check_json});
  j.field("created_at", a.created_at).field("updated_at", a.updated_at).end_object();
  return j.str();
}

}  // namespace centralita::net
