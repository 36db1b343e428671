#include "net/webhook_handlers.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <vector>

#include "actors/routing.hpp"
#include "common/crypto.hpp"
#include "common/metrics.hpp"
#include "net/json_reply.hpp"
#include "providers/aftership_tracking.hpp"
#include "providers/builderbot_webhook.hpp"
#include "providers/elevenlabs_signature.hpp"
#include "providers/elevenlabs_webhook.hpp"
#include "providers/seventeentrack_tracking.hpp"
#include "providers/tracking_signature.hpp"
#include "providers/whatsapp_cloud_signature.hpp"
#include "providers/whatsapp_cloud_webhook.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_idempotency_key = 255;

bool is_json(const std::string& content_type) {
  auto semi = content_type.find(';');
  std::string media = content_type.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media == "application/json";
}

const char* status_text(actors::ingest_status s) {
  switch (s) {
    case actors::ingest_status::accepted:
      return "accepted";
    case actors::ingest_status::duplicate:
      return "duplicate";
    case actors::ingest_status::ignored:
      return "ignored";
    default:
      return "unavailable";
  }
}

response outcome_response(const actors::ingest_outcome& out) {
  if (out.status == actors::ingest_status::unavailable) {
    return error_response(errc::unavailable, "the event could not be stored; retry later",
                          "database_unavailable");
  }
  if (out.status == actors::ingest_status::overloaded) {
    return error_response(errc::unavailable, "too many events queued; retry later", "overloaded");
  }
  if (out.status == actors::ingest_status::rejected) {
    return error_response(errc::invalid_input, "the event cannot be stored", "invalid_event");
  }
  response r;
  r.body = std::string{"{\"status\":\""} + status_text(out.status) + "\",\"event_id\":\"" +
           out.event_id + "\"}";
  return r;
}

// `account`, or nullptr and a 403 when its tenant is suspended (docs/architecture.md,
// invariant 12): a suspended company's providers are refused, its data kept.
const actors::account* unless_suspended(const actors::account* account,
                                        const access_control& access,
                                        std::optional<response>& refusal) {
  if (account != nullptr && access.suspended(account->tenant_id)) {
    refusal =
        error_response(errc::forbidden, "this account's company is suspended", "tenant_suspended");
    return nullptr;
  }
  return account;
}

// The account key a webhook names: the X-Account-Key header, or ?key= for providers that cannot
// set headers.
std::string account_key(const request& req) {
  auto key = req.header("x-account-key");
  return key.empty() ? req.query_param("key") : key;
}

// False, with a 429 in `refusal`, when the account is over its webhook rate.
bool within_rate(const actors::account& account, rate_limiter& limits,
                 std::optional<response>& refusal) {
  int retry_after = 1;
  if (limits.try_take(account.id, account.rate_per_s.value_or(limits.default_rate()),
                      retry_after)) {
    return true;
  }
  auto r = error_response(errc::rate_limited, "over the account's webhook rate");
  r.headers = {{"Retry-After", std::to_string(retry_after)}};
  refusal = std::move(r);
  return false;
}

// The event every webhook submits: its account, provider and raw body.
actors::inbound_event event_of(const actors::account& account, const char* provider,
                               const request& req) {
  actors::inbound_event ev;
  ev.tenant_id = account.tenant_id;
  ev.account_id = account.id;
  ev.provider = provider;
  ev.payload = req.body;
  return ev;
}

// What checking a webhook's caller leaves behind: the directory that keeps the caller's account
// alive, and the refusal to answer with when the check failed.
struct caller_check {
  std::shared_ptr<const actors::account_directory> dir;
  std::optional<response> refusal;
};

// The account named by X-Account-Key (or ?key=) of `provider`; a 401 otherwise.
const actors::account* find_account(const request& req, actors::node& node,
                                    const access_control& access, const std::string& provider,
                                    caller_check& check) {
  const auto key = account_key(req);
  check.dir = node.accounts();
  const auto* account = check.dir->find(key);
  if (account == nullptr || account->provider != provider) {
    check.refusal = error_response(errc::unauthorized,
                                   key.empty() ? "missing X-Account-Key" : "unknown account key");
    return nullptr;
  }
  return unless_suspended(account, access, check.refusal);
}

// Checks shared by every webhook: the account (401), the media type (415) and the rate (429).
const actors::account* authenticate(const request& req, actors::node& node, rate_limiter& limits,
                                    const access_control& access, const std::string& provider,
                                    caller_check& check) {
  const auto* account = find_account(req, node, access, provider, check);
  if (account == nullptr) return nullptr;
  if (!is_json(req.header("content-type"))) {
    check.refusal =
        error_response(errc::unsupported_media, "Content-Type must be application/json");
    return nullptr;
  }
  return within_rate(*account, limits, check.refusal) ? account : nullptr;
}

// The Idempotency-Key header of an unsigned webhook: at most 255 printable ASCII characters,
// empty when absent. Signed providers never read it: no signature covers a header, so it could
// make a captured request count as new; their own ids decide.
std::optional<std::string> idempotency_header(const request& req,
                                              std::optional<response>& refusal) {
  auto idem = req.header("idempotency-key");
  bool printable =
      std::all_of(idem.begin(), idem.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  if (idem.size() > max_idempotency_key || !printable) {
    refusal = error_response(errc::invalid_input,
                             "Idempotency-Key must be at most 255 printable ASCII characters",
                             "invalid_header");
    return std::nullopt;
  }
  return idem;
}

int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Makes the event durable and answers with the outcome.
void observe_ack(std::chrono::steady_clock::time_point started) {
  static auto& ack = metrics::registry::global().get_histogram(
      "centralita_ingest_ack_seconds", "From a webhook's arrival to its durable acknowledgment");
  ack.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

void submit_and_answer(actors::inbound_event ev, respond_fn respond, actors::node& node) {
  auto started = std::chrono::steady_clock::now();
  node.submit(std::move(ev), [respond = std::move(respond), started](actors::ingest_outcome out) {
    observe_ack(started);
    respond(outcome_response(out));
  });
}

void builderbot_webhook(const request& req, respond_fn respond, actors::node& node,
                        rate_limiter& limits, const access_control& access) {
  caller_check check;
  const auto* account = authenticate(req, node, limits, access, "builderbot", check);
  if (!account) return respond(std::move(*check.refusal));

  auto parsed = providers::parse_builderbot_webhook(req.body);
  if (!parsed) return respond(error_response(parsed.error()));

  auto ev = event_of(*account, "builderbot", req);
  ev.event_name = parsed->event_name;
  ev.ignored = parsed->kind == providers::builderbot_kind::unknown;
  ev.conversation_key = actors::routing_key(*parsed, account->id);
  if (auto m = providers::channel_message_of(*parsed)) {
    ev.message = std::make_shared<const providers::channel_message>(std::move(*m));
  }
  auto idem = idempotency_header(req, check.refusal);
  if (!idem) return respond(std::move(*check.refusal));
  // The message's own id when it has one, else the header, else the same body from the same
  // sender within the (short) window: a provider's quick retry, not a person writing again.
  if (!parsed->provider_id.empty()) {
    ev.idempotency_key = "id:builderbot:" + parsed->provider_id;
  } else if (!idem->empty()) {
    ev.idempotency_key = "key:" + *idem;
  } else {
    ev.idempotency_key = "sha256:" + sha256_hex(req.body);
    ev.key_expires = true;
  }
  submit_and_answer(std::move(ev), std::move(respond), node);
}

// Signed by ElevenLabs with the account's secret; the provider's id (conversation and type)
// makes the idempotency key, so a redelivery is a duplicate whatever its signature time or
// headers.
void elevenlabs_webhook(const request& req, respond_fn respond, actors::node& node,
                        rate_limiter& limits, const access_control& access) {
  caller_check check;
  const auto* account = authenticate(req, node, limits, access, "elevenlabs", check);
  if (!account) return respond(std::move(*check.refusal));
  if (auto s = providers::verify_elevenlabs_signature(req.header("elevenlabs-signature"), req.body,
                                                      account->webhook_secret, unix_seconds());
      !s) {
    return respond(error_response(s.error()));
  }
  auto parsed = providers::parse_elevenlabs_webhook(req.body);
  if (!parsed) return respond(error_response(parsed.error()));

  auto ev = event_of(*account, "elevenlabs", req);
  ev.event_name = parsed->type;
  ev.conversation_key = actors::routing_key(*parsed);
  ev.idempotency_key = "id:elevenlabs:" + parsed->conversation_id + ":" + parsed->type;
  submit_and_answer(std::move(ev), std::move(respond), node);
}

// Tracking webhooks: the account named by X-Account-Key (or ?key=) and its secret; with no
// key, the one account of the provider whose secret verifies the signature, since AfterShip
// and 17TRACK sign but send no account name (a URL with ?key= works with both).
using tracking_verifier = status (*)(std::string_view, std::string_view, std::string_view);

const actors::account* authenticate_tracking(const request& req, actors::node& node,
                                             rate_limiter& limits, const access_control& access,
                                             const std::string& provider,
                                             const std::string& signature, tracking_verifier verify,
                                             caller_check& check) {
  const auto key = account_key(req);
  check.dir = node.accounts();
  const actors::account* account = nullptr;
  if (!key.empty()) {
    account = check.dir->find(key);
    if (account == nullptr || account->provider != provider) {
      check.refusal = error_response(errc::unauthorized, "unknown account key");
      return nullptr;
    }
  }
  if (!is_json(req.header("content-type"))) {
    check.refusal =
        error_response(errc::unsupported_media, "Content-Type must be application/json");
    return nullptr;
  }
  if (account != nullptr) {
    if (auto s = verify(signature, req.body, account->webhook_secret); !s) {
      check.refusal = error_response(s.error());
      return nullptr;
    }
  } else {
    status last = make_error(errc::unauthorized, "no " + provider + " account to verify with",
                             "invalid_signature");
    for (const auto* candidate : check.dir->of_provider(provider)) {
      last = verify(signature, req.body, candidate->webhook_secret);
      if (last) {
        account = candidate;
        break;
      }
    }
    if (account == nullptr) {
      check.refusal = error_response(last.error());
      return nullptr;
    }
  }
  if (unless_suspended(account, access, check.refusal) == nullptr) return nullptr;
  return within_rate(*account, limits, check.refusal) ? account : nullptr;
}

// What both tracking webhooks do: authenticate and verify, parse, record the vendor's event
// (ignored unless it applies) and submit; `keys` sets the conversation and idempotency keys
// from what the vendor sent.
template <class Parse, class Keys>
void tracking_webhook(const request& req, respond_fn respond, actors::node& node,
                      rate_limiter& limits, const access_control& access, const char* provider,
                      const std::string& signature, tracking_verifier verify, Parse parse,
                      Keys keys) {
  caller_check check;
  const auto* account =
      authenticate_tracking(req, node, limits, access, provider, signature, verify, check);
  if (!account) return respond(std::move(*check.refusal));
  auto parsed = parse(req.body);
  if (!parsed) return respond(error_response(parsed.error()));
  auto ev = event_of(*account, provider, req);
  ev.event_name = parsed->event;
  ev.ignored = !parsed->applies;
  keys(*account, *parsed, ev);
  submit_and_answer(std::move(ev), std::move(respond), node);
}

// Idempotent on AfterShip's event_id; events other than tracking_update and edd_revise are
// recorded and ignored.
void aftership_webhook(const request& req, respond_fn respond, actors::node& node,
                       rate_limiter& limits, const access_control& access) {
  tracking_webhook(req, std::move(respond), node, limits, access, "aftership",
                   req.header("aftership-hmac-sha256"), providers::verify_aftership_signature,
                   providers::parse_aftership_webhook,
                   [](const actors::account& account, const providers::aftership_webhook& w,
                      actors::inbound_event& ev) {
                     ev.conversation_key = w.applies ? "shipment:" + w.info.tracking_number
                                                     : "line:" + std::to_string(account.id);
                     ev.idempotency_key = "id:aftership:" + w.event_id;
                   });
}

// 17TRACK sends no event id: the number, status and time of its latest event identify an
// update; without a time, the body's hash within the window does.
void seventeentrack_webhook(const request& req, respond_fn respond, actors::node& node,
                            rate_limiter& limits, const access_control& access) {
  tracking_webhook(req, std::move(respond), node, limits, access, "17track", req.header("sign"),
                   providers::verify_17track_signature, providers::parse_17track_webhook,
                   [&req](const actors::account&, const providers::seventeentrack_webhook& w,
                          actors::inbound_event& ev) {
                     const auto& info = w.info;
                     ev.conversation_key = "shipment:" + info.tracking_number;
                     if (w.applies && !info.status_at.empty()) {
                       ev.idempotency_key = "id:17track:" + info.tracking_number + ":" +
                                            info.status + ":" + info.status_at;
                     } else {
                       ev.idempotency_key = "sha256:" + sha256_hex(req.body);
                       ev.key_expires = true;
                     }
                   });
}

// Meta's subscription handshake (docs/protocols.md §3): the challenge back as plain text when the
// mode is subscribe and the token is the account's verify token (compared in constant time).
void whatsapp_cloud_verify(const request& req, respond_fn respond, actors::node& node,
                           const access_control& access) {
  caller_check check;
  const auto* account = find_account(req, node, access, "whatsapp_cloud", check);
  if (!account) return respond(std::move(*check.refusal));
  auto token = req.query_param("hub.verify_token");
  if (req.query_param("hub.mode") != "subscribe" || account->verify_token.empty() ||
      !constant_time_equal(token, account->verify_token)) {
    return respond(error_response(errc::forbidden, "hub.mode or hub.verify_token is wrong",
                                  "verification_failed"));
  }
  auto challenge = req.query_param("hub.challenge");
  bool printable =
      std::all_of(challenge.begin(), challenge.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (challenge.empty() || challenge.size() > 512 || !printable) {
    return respond(error_response(errc::invalid_input,
                                  "hub.challenge must be 1 to 512 printable characters",
                                  "invalid_field"));
  }
  response r;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(challenge);
  respond(std::move(r));
}

// The answers of a webhook split into several events, combined into one once all are known:
// a 503 when any could not be stored (the provider redelivers; what was stored is then a
// duplicate), else accepted when any is new, else duplicate.
class combined_answer {
 public:
  combined_answer(size_t n, respond_fn respond)
      : outcomes_(n), left_(n), respond_(std::move(respond)) {}

  void set(size_t i, actors::ingest_outcome out) {
    {
      std::lock_guard<std::mutex> lock{mutex_};
      outcomes_[i] = std::move(out);
      if (--left_ > 0) return;
    }
    observe_ack(started_);
    respond_(answer());
  }

 private:
  response answer() const {
    bool any_new = false, all_rejected = true;
    for (const auto& o : outcomes_) {
      if (o.status == actors::ingest_status::unavailable ||
          o.status == actors::ingest_status::overloaded) {
        return outcome_response(o);
      }
      any_new = any_new || o.status == actors::ingest_status::accepted;
      all_rejected = all_rejected && o.status == actors::ingest_status::rejected;
    }
    // A refused item fails alone (its id is empty); the others stand.
    if (all_rejected) return outcome_response(outcomes_.front());
    actors::ingest_outcome first = outcomes_.front();
    first.status = any_new ? actors::ingest_status::accepted : actors::ingest_status::duplicate;
    auto r = outcome_response(first);
    r.body.pop_back();
    r.body += ",\"event_ids\":[";
    for (size_t i = 0; i < outcomes_.size(); ++i) {
      r.body += (i ? ",\"" : "\"") + outcomes_[i].event_id + "\"";
    }
    r.body += "]}";
    return r;
  }

  std::mutex mutex_;
  std::vector<actors::ingest_outcome> outcomes_;
  size_t left_;
  respond_fn respond_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

// Signed with the Meta app secret (the account's webhook secret). Each message and receipt is
// an event of its own, keyed by its wamid (and status), so a redelivered webhook is a duplicate
// and one whose items were partly stored before a 503 stores only the rest.
void whatsapp_cloud_webhook(const request& req, respond_fn respond, actors::node& node,
                            rate_limiter& limits, const access_control& access) {
  caller_check check;
  const auto* account = authenticate(req, node, limits, access, "whatsapp_cloud", check);
  if (!account) return respond(std::move(*check.refusal));
  if (auto s = providers::verify_whatsapp_cloud_signature(req.header("x-hub-signature-256"),
                                                          req.body, account->webhook_secret);
      !s) {
    return respond(error_response(s.error()));
  }
  auto parsed = providers::parse_whatsapp_cloud_webhook(req.body);
  if (!parsed) return respond(error_response(parsed.error()));
  auto base = event_of(*account, "whatsapp_cloud", req);
  if (parsed->items.empty()) {
    // Account, template and other updates: recorded and acknowledged, never processed.
    base.event_name = parsed->field.empty() ? "unknown" : parsed->field;
    base.ignored = true;
    base.idempotency_key = "sha256:" + sha256_hex(req.body);
    base.key_expires = true;
    base.conversation_key = "line:" + std::to_string(account->id);
    return submit_and_answer(std::move(base), std::move(respond), node);
  }
  const size_t n = parsed->items.size();
  std::vector<actors::inbound_event> events;
  for (size_t i = 0; i < n; ++i) {
    auto& item = parsed->items[i];
    actors::inbound_event ev = base;
    ev.event_name = providers::whatsapp_cloud_event_name(item);
    ev.conversation_key = actors::routing_key(item);
    ev.idempotency_key = "id:whatsapp_cloud:" + providers::whatsapp_cloud_provider_id(item);
    ev.payload = std::move(item.payload);
    if (item.kind == providers::whatsapp_cloud_kind::message) {
      ev.message = std::make_shared<const providers::channel_message>(std::move(item.message));
    }
    events.push_back(std::move(ev));
  }
  if (n == 1) return submit_and_answer(std::move(events.front()), std::move(respond), node);
  auto combined = std::make_shared<combined_answer>(n, std::move(respond));
  for (size_t i = 0; i < n; ++i) {
    node.submit(std::move(events[i]),
                [combined, i](actors::ingest_outcome out) { combined->set(i, std::move(out)); });
  }
}

// A webhook route: `fn` with the node, the rate limits and the access control.
using webhook_fn = void (*)(const request&, respond_fn, actors::node&, rate_limiter&,
                            const access_control&);

handler webhook(webhook_fn fn, actors::node& node, std::shared_ptr<rate_limiter> limits,
                std::shared_ptr<const access_control> access) {
  return [fn, &node, limits = std::move(limits), access = std::move(access)](const request& req,
                                                                             respond_fn respond) {
    fn(req, std::move(respond), node, *limits, *access);
  };
}

}  // namespace

void add_webhook_routes(router& routes, actors::node& node, std::shared_ptr<rate_limiter> limits,
                        std::shared_ptr<const access_control> access) {
  routes.add("POST", "/webhooks/builderbot/whatsapp",
             webhook(builderbot_webhook, node, limits, access));
  routes.add("GET", "/webhooks/whatsapp/cloud",
             [&node, access](const request& req, respond_fn respond) {
               whatsapp_cloud_verify(req, std::move(respond), node, *access);
             });
  routes.add("POST", "/webhooks/whatsapp/cloud",
             webhook(whatsapp_cloud_webhook, node, limits, access));
  routes.add("POST", "/webhooks/elevenlabs/post-call",
             webhook(elevenlabs_webhook, node, limits, access));
  routes.add("POST", "/webhooks/tracking/aftership",
             webhook(aftership_webhook, node, limits, access));
  routes.add("POST", "/webhooks/tracking/17track",
             webhook(seventeentrack_webhook, node, limits, access));
}

}  // namespace centralita::net
