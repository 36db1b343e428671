#include "net/media_handlers.hpp"

#include <chrono>

#include "net/api_codecs.hpp"
#include "net/api_routes.hpp"
#include "net/conversation_handlers.hpp"
#include "providers/media_link.hpp"
#include "providers/media_policy.hpp"
#include "storage/media_files.hpp"
#include "storage/media_repo.hpp"
#include "storage/outbound_repo.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_caption_chars = 1024;  // WhatsApp's caption limit

error no_such_media() { return make_error(errc::not_found, "no such media", "not_found"); }

// The stored file of a ready row, with headers that keep a browser from running it: its own
// type and nosniff; documents as downloads with their name; nothing inline may load anything.
result<response> file_response(const std::string& data_dir, const storage::media_row& row) {
  if (row.status != "ready" || row.sha256.empty()) {
    return make_error(errc::not_found, "the media is not available", "media_not_ready");
  }
  auto bytes = storage::load_media(data_dir, row.sha256);
  if (!bytes) return bytes.error();
  response r;
  r.content_type = row.mime;
  r.body = std::move(*bytes);
  const bool download = row.kind == "document";
  const auto name =
      providers::safe_filename(row.filename, providers::default_filename(row.kind, row.mime));
  r.headers = {{"X-Content-Type-Options", "nosniff"},
               {"Content-Security-Policy", "default-src 'none'; sandbox"},
               {"Content-Disposition", providers::content_disposition(download, name)}};
  return r;
}

// The upload's checks, before anything is written: type and size (the same allow-list and cap
// as inbound media), file name and caption.
struct upload {
  std::string mime, kind, filename, caption;
  std::string bytes;
};

result<upload> check_upload(const request& req, size_t max_bytes) {
  upload u;
  u.mime = providers::bare_mime(req.header("content-type"));
  if (auto s = providers::check_media(u.mime, req.body.size(), max_bytes); !s) return s.error();
  u.kind = providers::kind_for_mime(u.mime);
  u.filename = providers::safe_filename(req.query_param("filename"),
                                        providers::default_filename(u.kind, u.mime));
  u.caption = req.query_param("caption");
  if (utf8_length(u.caption) > max_caption_chars) {
    return make_error(
        errc::invalid_input,
        "caption must have at most " + std::to_string(max_caption_chars) + " characters",
        "invalid_query");
  }
  u.bytes = req.body;
  return u;
}

int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void add_media_routes(router& routes, const std::shared_ptr<const api_env>& env,
                      const config::settings& settings) {
  const std::string data_dir = settings.data_dir;
  const auto max_bytes = static_cast<size_t>(settings.media_max_bytes);

  // Another tenant's id is a 404 like a missing one (docs/architecture.md §Invariants 5). The
  // file is read on the database worker, never on the I/O thread.
  routes.add("GET", "/api/v1/media/{id}",
             id_route(authenticated, env, no_such_media(),
                      [data_dir](storage::pg_connection& db, const principal& who,
                                 int64_t id) -> result<response> {
                        auto row = storage::media_repo{db}.find(who.tenant_id, id);
                        if (!row) return row.error();
                        return file_response(data_dir, *row);
                      }));

  routes.add(
      "POST", "/api/v1/media/{id}/retry",
      id_route(
          authenticated, env, no_such_media(),
          [env](storage::pg_connection& db, const principal& who, int64_t id) -> result<response> {
            auto row = storage::media_repo{db}.find(who.tenant_id, id);
            if (!row) return row.error();
            auto descriptor = storage::media_repo{db}.retry(who.tenant_id, id, who.user_id);
            if (!descriptor) return descriptor.error();
            env->node.wake_media();
            env->node.publish(who.tenant_id, "media.updated",
                              "{\"conversation_id\":" + std::to_string(row->conversation_id) +
                                  ",\"media\":" + *descriptor + "}");
            return json_response(200, *descriptor);
          }));

  // The file is the raw body (its Content-Type its type), ?filename= and ?caption= name and
  // describe it. It is stored first, then the media row, the message and its outbox row are one
  // transaction (docs/architecture.md §Invariants 4); a file left without a row is harmless.
  routes.add(
      "POST", "/api/v1/conversations/{id}/attachments",
      id_input_route(
          authenticated, env, no_such_conversation(),
          [max_bytes](const request& req) { return check_upload(req, max_bytes); },
          [env, data_dir](storage::pg_connection& db, const principal& who, int64_t id,
                          const upload& u) -> result<response> {
            auto digest = storage::save_media(data_dir, u.bytes);
            if (!digest) return digest.error();
            auto out = storage::in_transaction(db, [&]() -> result<storage::message_record> {
              storage::media_repo media{db};
              auto media_id =
                  media.insert_upload({who.tenant_id, u.kind, u.mime,
                                       static_cast<int64_t>(u.bytes.size()), *digest, u.filename});
              if (!media_id) return media_id.error();
              const auto text = u.caption.empty() ? "[" + u.kind + "] " + u.filename : u.caption;
              auto sent = storage::outbound_repo{db}.enqueue_reply_within(
                  {who.tenant_id, id, "agent", who.user_id, text, std::nullopt, *media_id});
              if (!sent) return sent.error();
              if (auto s = media.attach(who.tenant_id, *media_id, sent->message.id); !s) {
                return s.error();
              }
              auto descriptors = media.descriptors(who.tenant_id, sent->message.id);
              if (!descriptors) return descriptors.error();
              sent->message.media_json = *descriptors;
              return sent->message;
            });
            if (!out) return out.error();
            return answer_queued(env->node, *out, /*with_media=*/true);
          }));
}

void add_media_link_route(router& gateway, actors::node& node, const config::settings& settings) {
  const std::string data_dir = settings.data_dir;
  gateway.add("GET", "/media/{id}", [&node, data_dir](const request& req, respond_fn respond) {
    auto id = parse_id(req.params.at("id"));
    auto tenant = parse_id(req.query_param("tenant"));
    auto expires = parse_id(req.query_param("expires"));
    if (!id || !tenant || !expires) return respond(error_response(no_such_media()));
    auto key = node.secrets().derive("media-link");
    if (!providers::verify_media_link(key, *tenant, *id, *expires, req.query_param("sig"),
                                      now_unix())) {
      return respond(error_response(no_such_media()));
    }
    node.run_db([respond, tenant = *tenant, id = *id, data_dir](const std::optional<error>& failed,
                                                                storage::pg_connection* db) {
      if (failed || db == nullptr) {
        return respond(sanitized(failed.value_or(make_error(errc::unavailable, "no database"))));
      }
      auto row = storage::media_repo{*db}.find(tenant, id);
      if (!row)
        return respond(row.error().code == errc::not_found ? error_response(no_such_media())
                                                           : sanitized(row.error()));
      auto r = file_response(data_dir, *row);
      respond(r ? std::move(*r) : sanitized(r.error()));
    });
  });
}

}  // namespace centralita::net
