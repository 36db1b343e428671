#include "storage/channel_credentials.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/json_parse.hpp"
#include "common/secret_box.hpp"

namespace centralita::storage {

namespace {

// Rows with plaintext left in the intake columns, locked so two starting nodes seal once.
constexpr const char* plaintext_rows_sql =
    "SELECT id, provider, account_key, webhook_secret, verify_token, coalesce(secrets, '') "
    "FROM channel_accounts WHERE webhook_secret IS NOT NULL OR verify_token IS NOT NULL "
    "ORDER BY id FOR UPDATE";
constexpr const char* sealed_rows_sql =
    "SELECT id, provider, account_key, NULL, NULL, secrets FROM channel_accounts "
    "WHERE secrets IS NOT NULL ORDER BY id FOR UPDATE";
constexpr const char* store_sealed_sql =
    "UPDATE channel_accounts SET secrets = NULLIF($2, ''), secret_hints = $3::jsonb, "
    " webhook_secret = NULL, verify_token = NULL, updated_at = now() WHERE id = $1";
constexpr const char* reseal_sql = "UPDATE channel_accounts SET secrets = $2 WHERE id = $1";

std::string write_object(const credential_map& values, bool hints) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  w.StartObject();
  for (const auto& [k, v] : values) {
    w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
    const std::string out = hints ? secret_hint(v) : v;
    w.String(out.c_str(), static_cast<rapidjson::SizeType>(out.size()));
  }
  w.EndObject();
  return buf.GetString();
}

// The secret field a plaintext webhook_secret belongs in: Meta calls it the app secret.
const char* webhook_field(const std::string& provider) {
  return provider == "whatsapp_cloud" ? "app_secret" : "webhook_secret";
}

error naming(const std::string& account_key, const error& e) {
  return make_error(errc::internal,
                    "channel account " + account_key + ": its secrets do not open (" + e.message +
                        "); set CENTRALITA_SECRET_KEY (or CENTRALITA_SECRET_KEY_PREVIOUS) to "
                        "the key that sealed them",
                    e.detail);
}

}  // namespace

const std::vector<std::string>& channel_providers() {
  static const std::vector<std::string> all{"builderbot", "whatsapp_cloud", "elevenlabs",
                                            "aftership",  "17track",        "openai"};
  return all;
}

const std::vector<credential_field>& credential_fields(std::string_view provider) {
  static const std::map<std::string, std::vector<credential_field>, std::less<>> fields{
      {"builderbot", {{"api_url", false}, {"bot_id", false}, {"api_key", true}}},
      {"whatsapp_cloud",
       {{"phone_number_id", false},
        {"business_account_id", false},
        {"access_token", true},
        {"app_secret", true},
        {"verify_token", true}}},
      {"elevenlabs",
       {{"api_url", false},
        {"agent_id", false},
        {"phone_number_id", false},
        {"api_key", true},
        {"webhook_secret", true}}},
      {"aftership", {{"api_url", false}, {"api_key", true}, {"webhook_secret", true}}},
      {"17track", {{"api_url", false}, {"api_key", true}, {"webhook_secret", true}}},
      {"openai", {{"base_url", false}, {"model", false}, {"api_key", true}}},
  };
  static const std::vector<credential_field> none;
  auto it = fields.find(provider);
  return it == fields.end() ? none : it->second;
}

std::string seal_secrets(const keyring& ring, const credential_map& secrets,
                         std::string_view account_key) {
  if (secrets.empty()) return {};
  return ring.seal(write_object(secrets, false), account_key);
}

result<credential_map> open_secrets(const keyring& ring, std::string_view sealed,
                                    std::string_view account_key) {
  credential_map out;
  if (sealed.empty()) return out;
  auto text = ring.open(sealed, account_key);
  if (!text) return text.error();
  rapidjson::Document doc;
  if (!parse_json(doc, *text) || !doc.IsObject()) {
    return make_error(errc::internal, "sealed secrets are not a JSON object", "bad_secret");
  }
  for (auto& m : doc.GetObject()) {
    if (m.value.IsString()) out[m.name.GetString()] = m.value.GetString();
  }
  return out;
}

std::string hints_json(const credential_map& secrets) { return write_object(secrets, true); }

credential_map parse_config(const std::string& json) {
  credential_map out;
  rapidjson::Document doc;
  if (!parse_json(doc, json) || !doc.IsObject()) return out;
  for (auto& m : doc.GetObject()) {
    if (m.value.IsString()) out[m.name.GetString()] = m.value.GetString();
  }
  return out;
}

std::string config_json(const credential_map& values) { return write_object(values, false); }

result<int> seal_plaintext_secrets(pg_connection& db, const keyring& ring) {
  return in_transaction(db, [&]() -> result<int> {
    auto rows = db.exec(plaintext_rows_sql);
    if (!rows) return rows.error();
    for (int i = 0; i < rows->rows(); ++i) {
      const std::string provider = rows->str(i, 1);
      const std::string key = rows->str(i, 2);
      auto secrets = open_secrets(ring, rows->str(i, 5), key);
      if (!secrets) return naming(key, secrets.error());
      if (!rows->is_null(i, 3)) (*secrets)[webhook_field(provider)] = rows->str(i, 3);
      if (!rows->is_null(i, 4)) (*secrets)["verify_token"] = rows->str(i, 4);
      auto r = db.exec(store_sealed_sql,
                       {rows->str(i, 0), seal_secrets(ring, *secrets, key), hints_json(*secrets)});
      if (!r) return r.error();
    }
    return rows->rows();
  });
}

result<int> rotate_secrets(pg_connection& db, const keyring& ring) {
  return in_transaction(db, [&]() -> result<int> {
    auto rows = db.exec(sealed_rows_sql);
    if (!rows) return rows.error();
    int changed = 0;
    for (int i = 0; i < rows->rows(); ++i) {
      const std::string sealed = rows->str(i, 5);
      if (ring.is_current(sealed)) continue;
      const std::string key = rows->str(i, 2);
      auto secrets = open_secrets(ring, sealed, key);
      if (!secrets) return naming(key, secrets.error());
      auto r = db.exec(reseal_sql, {rows->str(i, 0), seal_secrets(ring, *secrets, key)});
      if (!r) return r.error();
      ++changed;
    }
    return changed;
  });
}

}  // namespace centralita::storage
