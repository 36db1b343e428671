#include "net/openapi.hpp"

#include <map>

#include "net/api_json.hpp"

namespace centralita::net {

namespace {

const char* const text_body =
    R"({"type":"object","required":["text"],"properties":{"text":{"type":"string","maxLength":4096}}})";

const char* const channel_account_body =
    R"({"type":"object","properties":{"provider":{"enum":["builderbot","whatsapp_cloud","elevenlabs","aftership","17track","openai"]},"name":{"type":"string","maxLength":100},"account_key":{"type":"string","pattern":"^[A-Za-z0-9_-]{3,64}$"},"rate_per_s":{"type":"number","nullable":true},"enabled":{"type":"boolean"},"credentials":{"type":"object","additionalProperties":{"type":"string"}}}})";

// The request body of an upload: the raw file (write_operation).
const char* const binary_body = "binary";

std::vector<api_operation> table() {
  return {
      {"GET", "/healthz", "ops", "The process is up", "public", ""},
      {"GET", "/readyz", "ops", "The database answers", "public", ""},
      {"GET", "/metrics", "ops", "Prometheus metrics", "public", ""},
      {"GET", "/api/v1/openapi.json", "ops", "This document", "public", ""},
      {"POST", "/webhooks/builderbot/whatsapp", "webhooks", "Builderbot Cloud event (gateway port)",
       "account_key",
       R"({"type":"object","required":["eventName","data"],"properties":{"eventName":{"type":"string"},"data":{"type":"object"}}})"},
      {"GET", "/webhooks/whatsapp/cloud", "webhooks",
       "WhatsApp Cloud subscription handshake: hub.mode=subscribe, hub.verify_token, "
       "hub.challenge echoed as text/plain (gateway port)",
       "account_key", ""},
      {"POST", "/webhooks/whatsapp/cloud", "webhooks",
       "WhatsApp Cloud messages and delivery statuses, signed with X-Hub-Signature-256; one "
       "event per message or status (gateway port)",
       "account_key",
       R"({"type":"object","required":["object","entry"],"properties":{"object":{"enum":["whatsapp_business_account"]},"entry":{"type":"array"}}})"},
      {"POST", "/webhooks/elevenlabs/post-call", "webhooks",
       "ElevenLabs post-call event, signed with ElevenLabs-Signature (gateway port)", "account_key",
       R"({"type":"object","required":["type","data"],"properties":{"type":{"enum":["post_call_transcription","post_call_audio","call_initiation_failure"]},"event_timestamp":{"type":"integer"},"data":{"type":"object","required":["conversation_id"]}}})"},
      {"POST", "/webhooks/tracking/aftership", "webhooks",
       "AfterShip tracking webhook, signed with aftership-hmac-sha256 (gateway port)", "signature",
       R"({"type":"object","required":["event","event_id"],"properties":{"event":{"type":"string"},"event_id":{"type":"string"},"ts":{"type":"integer"},"msg":{"type":"object","required":["tracking_number"]}}})"},
      {"POST", "/webhooks/tracking/17track", "webhooks",
       "17TRACK tracking webhook, signed with sign (gateway port)", "signature",
       R"({"type":"object","required":["event","data"],"properties":{"event":{"type":"string"},"data":{"type":"object","required":["number"]}}})"},
      {"GET", "/ws", "live",
       "WebSocket of live events (?token=JWT&after=N, or send {type:resume,after:N} first)",
       "token_query", ""},
      {"POST", "/api/v1/auth/login", "auth", "Sign in: a JWT and the user", "public",
       R"({"type":"object","required":["email","password"],"properties":{"email":{"type":"string"},"password":{"type":"string"}}})"},
      {"GET", "/api/v1/me", "auth", "The signed-in user", "user", ""},
      {"PATCH", "/api/v1/me", "auth", "Set one's availability for new conversations", "user",
       R"({"type":"object","properties":{"online":{"type":"boolean"}}})"},
      {"GET", "/api/v1/users", "auth", "The tenant's users", "user", ""},
      {"POST", "/api/v1/users", "users",
       "Invite a user: the user and a one-time set_password_url (72 h), shown once; 409 for an "
       "e-mail in use",
       "admin",
       R"({"type":"object","required":["name","email","role"],"properties":{"name":{"type":"string"},"email":{"type":"string"},"role":{"enum":["agent","supervisor","admin"]}}})"},
      {"PATCH", "/api/v1/users/{id}", "users",
       "Change a user's name, role or capacity; deactivate (tokens and sockets end at once) or "
       "reactivate",
       "admin",
       R"({"type":"object","properties":{"name":{"type":"string"},"role":{"enum":["agent","supervisor","admin"]},"active":{"type":"boolean"},"max_open_conversations":{"type":"integer","minimum":1,"maximum":1000}}})"},
      {"POST", "/api/v1/users/{id}/set-password-link", "users",
       "A new one-time set_password_url for an invited user with no password yet; the old link "
       "stops working (409 once a password is set)",
       "admin", ""},
      {"POST", "/api/v1/auth/set-password", "users",
       "Set a password with the token of a one-time link (ends the user's other sessions)",
       "public",
       R"({"type":"object","required":["token","password"],"properties":{"token":{"type":"string"},"password":{"type":"string","minLength":8}}})"},
      {"POST", "/api/v1/me/password", "users", "Change one's own password (the current one first)",
       "user",
       R"({"type":"object","required":["current","new"],"properties":{"current":{"type":"string"},"new":{"type":"string","minLength":8}}})"},
      {"POST", "/api/v1/auth/logout-all", "users",
       "Sign out everywhere: every token of the user stops, its sockets close", "user", ""},
      {"GET", "/api/v1/tenants", "tenants", "Every tenant (platform operator)", "platform", ""},
      {"POST", "/api/v1/tenants", "tenants",
       "Create a tenant and its first admin: a one-time set_password_url (platform operator)",
       "platform",
       R"({"type":"object","required":["slug","name","admin"],"properties":{"slug":{"type":"string","pattern":"^[a-z0-9][a-z0-9_-]{0,62}$"},"name":{"type":"string"},"admin":{"type":"object","required":["name","email"],"properties":{"name":{"type":"string"},"email":{"type":"string"}}}}})"},
      {"PATCH", "/api/v1/tenants/{id}", "tenants",
       "Suspend (sign-in refused, tokens and sockets end, webhooks 403; nothing deleted) or "
       "reinstate a tenant, or rename it (platform operator)",
       "platform",
       R"({"type":"object","properties":{"suspended":{"type":"boolean"},"name":{"type":"string"}}})"},
      {"GET", "/api/v1/conversations", "conversations",
       "List (status, assignee=me|none|ID, label=ID, q full-text, cursor, limit)", "user", ""},
      {"GET", "/api/v1/conversations/{id}", "conversations",
       "Customer and timeline (messages, AI decisions, calls, tickets, shipments, quotes; invoices "
       "after a BILLING message)",
       "user", ""},
      {"PATCH", "/api/v1/conversations/{id}", "conversations",
       "Change status, assignee, or bot_active (false hands it to people, true back to the bot; "
       "a Builderbot conversation's number goes on or off the bot's blacklist through the "
       "outbox)",
       "user",
       R"({"type":"object","properties":{"status":{"enum":["open","pending","resolved"]},"assignee_id":{"type":"integer","nullable":true},"bot_active":{"type":"boolean"}}})"},
      {"POST", "/api/v1/conversations/{id}/messages", "conversations",
       "Agent reply, sent through the outbox", "user", text_body},
      {"GET", "/api/v1/suggestions", "suggestions",
       "List (status: one or a comma-separated list of pending, approved, rejected, superseded; "
       "conversation_id, cursor); each with its reason_code and reason_params",
       "user", ""},
      {"GET", "/api/v1/suggestions/{id}", "suggestions", "One suggestion", "user", ""},
      {"POST", "/api/v1/suggestions/{id}/approve", "suggestions",
       "Approve as drafted, or edited with text; a superseded draft answers 409 superseded "
       "unless confirm is true",
       "user",
       R"({"type":"object","properties":{"text":{"type":"string","maxLength":4096},"confirm":{"type":"boolean"}}})"},
      {"POST", "/api/v1/suggestions/{id}/reject", "suggestions", "Reject with a reason", "user",
       R"({"type":"object","properties":{"reason":{"type":"string","maxLength":500}}})"},
      {"GET", "/api/v1/outbox", "outbox",
       "Outgoing sends by status (pending, sent, dead, ...): replies (kind message) and "
       "Builderbot blacklist calls of hand-offs (kind blacklist, intent add or remove)",
       "user", ""},
      {"POST", "/api/v1/outbox/{id}/retry", "outbox", "Send a dead or failed row again", "user",
       ""},
      {"GET", "/api/v1/channel-accounts", "channel-accounts",
       "The tenant's channel accounts; secrets only as set and last 4 (admin)", "admin", ""},
      {"POST", "/api/v1/channel-accounts", "channel-accounts",
       "Add an account; credentials are checked against the provider's fields (admin)", "admin",
       channel_account_body},
      {"GET", "/api/v1/channel-accounts/{id}", "channel-accounts", "One account (admin)", "admin",
       ""},
      {"PATCH", "/api/v1/channel-accounts/{id}", "channel-accounts",
       "Rename, set credentials (\"\" clears one), or disable with enabled:false (admin)", "admin",
       channel_account_body},
      {"POST", "/api/v1/channel-accounts/{id}/test", "channel-accounts",
       "Try the credentials with one harmless call to the provider (admin)", "admin", ""},
      {"GET", "/api/v1/tickets", "tickets",
       "List (status, priority, category, assignee, label, q: id, subject, description or "
       "customer; cursor)",
       "user", ""},
      {"POST", "/api/v1/tickets", "tickets", "Open a ticket", "user",
       R"({"type":"object","required":["subject"],"properties":{"subject":{"type":"string"},"description":{"type":"string"},"priority":{"enum":["low","normal","high","urgent"]},"category":{"type":"string"},"conversation_id":{"type":"integer"},"customer_id":{"type":"integer"},"assignee_id":{"type":"integer"}}})"},
      {"GET", "/api/v1/tickets/{id}", "tickets", "One ticket", "user", ""},
      {"PATCH", "/api/v1/tickets/{id}", "tickets",
       "Change status (NEW→IN_PROGRESS→RESOLVED→CLOSED, reopen), priority, assignee", "user",
       R"({"type":"object","properties":{"status":{"enum":["NEW","IN_PROGRESS","RESOLVED","CLOSED"]},"priority":{"enum":["low","normal","high","urgent"]},"assignee_id":{"type":"integer","nullable":true}}})"},
      {"GET", "/api/v1/tickets/{id}/events", "tickets", "The ticket's history", "user", ""},
      {"GET", "/api/v1/knowledge/search", "knowledge",
       "Search passages (q, k): {results:[{article_id,title,chunk,score}]}", "user", ""},
      {"GET", "/api/v1/knowledge/articles", "knowledge", "List articles", "user", ""},
      {"POST", "/api/v1/knowledge/articles", "knowledge",
       "Create an article (Markdown)", "admin", R"({"type":"object","required":["title","body"],"properties":{"title":{"type":"string"},"body":{"type":"string"},"language":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"status":{"enum":["draft","published","archived"]}}})"},
      {"GET", "/api/v1/knowledge/articles/{id}", "knowledge", "One article", "user", ""},
      {"PUT", "/api/v1/knowledge/articles/{id}", "knowledge", "Replace an article", "admin",
       R"({"type":"object","required":["title","body"],"properties":{"title":{"type":"string"},"body":{"type":"string"},"language":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"status":{"enum":["draft","published","archived"]}}})"},
      {"DELETE", "/api/v1/knowledge/articles/{id}", "knowledge", "Delete an article", "admin", ""},
      {"POST", "/api/v1/triage", "ai", "Classify a text: category, confidence, risk, entities",
       "user", text_body},
      {"GET", "/api/v1/settings", "settings", "The tenant's AI settings", "user", ""},
      {"PATCH", "/api/v1/settings", "settings", "Change AI mode, threshold, categories", "admin",
       R"({"type":"object","properties":{"ai_mode":{"enum":["ASSISTED","AUTOPILOT"]},"confidence_threshold":{"type":"number","minimum":0,"maximum":1},"autopilot_categories":{"type":"array","items":{"type":"string"}},"high_risk_categories":{"type":"array","items":{"type":"string"}},"notify_shipment_updates":{"type":"boolean"}}})"},
      {"GET", "/api/v1/events", "logs",
       "The webhook event log (status incl. duplicate, provider, conversation_id, cursor)", "user",
       ""},
      {"GET", "/api/v1/events/{id}", "logs", "One event with its raw payload", "user", ""},
      {"GET", "/api/v1/conversations/{id}/templates", "conversations",
       "The conversation's WhatsApp Cloud window and its account's templates, with variables "
       "suggested from the customer and the case",
       "user", ""},
      {"POST", "/api/v1/conversations/{id}/template", "conversations",
       "Send an approved WhatsApp Cloud template through the outbox (the only send outside the "
       "24-hour window); 409 no_service_window for a conversation without one",
       "user",
       R"({"type":"object","required":["template","language"],"properties":{"template":{"type":"string","maxLength":512},"language":{"type":"string","maxLength":15},"variables":{"type":"array","maxItems":20,"items":{"type":"string","maxLength":1024}}}})"},
      {"POST", "/api/v1/templates/sync", "channels",
       "Sync the tenant's WhatsApp Cloud templates from Graph now (also hourly by itself)", "admin",
       ""},
      {"GET", "/api/v1/presence", "auth",
       "Who of the team is available for assignment: switched on with a dashboard open", "user",
       ""},
      {"POST", "/api/v1/events/{id}/replay", "logs", "Process a failed event again", "admin", ""},
      {"GET", "/api/v1/audit", "logs", "Who changed what (entity_type, entity_id, actor_type)",
       "user", ""},
      {"GET", "/api/v1/calls", "records",
       "Voice calls (customer_id, status, q: phone, summary or customer; cursor, limit)", "user",
       ""},
      {"GET", "/api/v1/calls/{id}", "records", "One call with its transcript and collected data",
       "user", ""},
      {"GET", "/api/v1/calls/{id}/audio", "records", "The call's recording (audio/mpeg)", "user",
       ""},
      {"GET", "/api/v1/media/{id}", "media",
       "A message's media file with its own Content-Type (nosniff; documents as attachments)",
       "user", ""},
      {"POST", "/api/v1/media/{id}/retry", "media", "Download a failed inbound media again", "user",
       ""},
      {"POST", "/api/v1/conversations/{id}/attachments", "media",
       "Send a file as a reply: the raw body, its Content-Type its media type (allow-list, "
       "CENTRALITA_MEDIA_MAX_BYTES); ?filename= and ?caption= optional",
       "user", binary_body},
      {"GET", "/media/{id}", "media",
       "A signed, expiring link to an agent's attachment, for Builderbot: ?tenant=, ?expires=, "
       "?sig= (gateway port)",
       "token_query", ""},
      {"GET", "/api/v1/shipments", "records",
       "Shipments (customer_id, status, q: tracking or order number, carrier, customer; cursor, "
       "limit)",
       "user", ""},
      {"GET", "/api/v1/shipments/{id}", "records", "One shipment with its checkpoints", "user", ""},
      {"GET", "/api/v1/invoices", "records",
       "Invoices (customer_id, status, q: number or customer; cursor, limit)", "user", ""},
      {"GET", "/api/v1/quotes", "records",
       "Quotes with their lines (customer_id, status, q: number or customer; cursor)", "user", ""},
      {"GET", "/api/v1/stats", "stats", "The home page's figures (hours)", "user", ""},
      {"POST", "/api/v1/quotes", "billing", "Draft a quote in a conversation", "user",
       R"({"type":"object","required":["conversation_id"],"properties":{"conversation_id":{"type":"integer"},"lines":{"type":"array","maxItems":50,"items":{"type":"object"}},"valid_until":{"type":"string","format":"date","nullable":true}}})"},
      {"PATCH", "/api/v1/quotes/{id}", "billing",
       "Edit a draft's lines or validity (totals computed by the server)", "user",
       R"({"type":"object","properties":{"lines":{"type":"array","maxItems":50,"items":{"type":"object","properties":{"description":{"type":"string","maxLength":200},"quantity":{"type":"integer","minimum":1},"unit_price_cents":{"type":"integer","minimum":0}}}},"valid_until":{"type":"string","format":"date","nullable":true}}})"},
      {"POST", "/api/v1/quotes/{id}/send", "billing",
       "Send a draft to the customer on WhatsApp (through the outbox); 409 unless a draft", "user",
       ""},
      {"GET", "/api/v1/canned-responses", "toolkit",
       "The tenant's canned replies (the composer lists them after /)", "user", ""},
      {"POST", "/api/v1/canned-responses", "toolkit",
       "Add a canned reply; variables {{first_name}}, {{order_number}}, {{agent_name}} (400 for "
       "any other)",
       "supervisor",
       R"({"type":"object","required":["shortcut","text"],"properties":{"shortcut":{"type":"string","pattern":"^/?[A-Za-z0-9_-]{1,40}$"},"text":{"type":"string","maxLength":4096}}})"},
      {"PATCH", "/api/v1/canned-responses/{id}", "toolkit", "Change a canned reply", "supervisor",
       R"({"type":"object","properties":{"shortcut":{"type":"string","pattern":"^/?[A-Za-z0-9_-]{1,40}$"},"text":{"type":"string","maxLength":4096}}})"},
      {"DELETE", "/api/v1/canned-responses/{id}", "toolkit", "Delete a canned reply", "supervisor",
       ""},
      {"POST", "/api/v1/conversations/{id}/notes", "toolkit",
       "A private note (never sent to the customer; shown among the messages with private: "
       "true); @name mentions notify those named",
       "user", text_body},
      {"POST", "/api/v1/tickets/{id}/notes", "toolkit",
       "A private note on a ticket (also in the ticket's conversation, when it has one); @name "
       "mentions notify those named",
       "user", text_body},
      {"GET", "/api/v1/tickets/{id}/notes", "toolkit", "The ticket's notes, oldest first", "user",
       ""},
      {"GET", "/api/v1/notifications", "toolkit", "The signed-in user's notifications (mentions)",
       "user", ""},
      {"POST", "/api/v1/notifications/read", "toolkit",
       "Mark notifications read (all of them without ids)", "user",
       R"({"type":"object","properties":{"ids":{"type":"array","maxItems":200,"items":{"type":"integer"}}}})"},
      {"GET", "/api/v1/labels", "toolkit", "The tenant's labels and the ai_labels setting", "user",
       ""},
      {"POST", "/api/v1/labels", "toolkit", "Add a label", "supervisor",
       R"({"type":"object","required":["name"],"properties":{"name":{"type":"string","maxLength":40},"color":{"type":"string","pattern":"^#[0-9A-Fa-f]{6}$"}}})"},
      {"DELETE", "/api/v1/labels/{id}", "toolkit", "Delete a label (and take it off everywhere)",
       "supervisor", ""},
      {"PATCH", "/api/v1/labels/settings", "toolkit",
       "Whether the AI puts the label named like the category on the conversations it triages",
       "supervisor",
       R"({"type":"object","required":["ai_labels"],"properties":{"ai_labels":{"type":"boolean"}}})"},
      {"PUT", "/api/v1/conversations/{id}/labels", "toolkit",
       "Set a conversation's labels (404 for a label of no such id in the tenant)", "user",
       R"({"type":"object","required":["labels"],"properties":{"labels":{"type":"array","maxItems":20,"items":{"type":"integer"}}}})"},
      {"GET", "/api/v1/exports/{file}", "toolkit",
       "CSV export streamed in chunks: conversations.csv, tickets.csv, messages.csv or csat.csv, "
       "from=YYYY-MM-DD&to=YYYY-MM-DD (both included, at most 3650 days)",
       "supervisor", ""},
      {"POST", "/api/v1/conversations/{id}/calls", "calls",
       "Call the customer through the tenant's own ElevenLabs account with the conversation's "
       "context; 422 no_call_account without an enabled one, 502 refused, 504 timed out",
       "user", ""},
      {"GET", "/api/v1/customers", "contacts",
       "Contacts: search by name, e-mail or phone (q), cursor, limit; merged ones left out", "user",
       ""},
      {"GET", "/api/v1/customers/{id}", "contacts",
       "One contact with their conversations, tickets, calls, shipments, invoices and quotes",
       "user", ""},
      {"PATCH", "/api/v1/customers/{id}", "contacts",
       "Edit a contact's name, e-mail, notes and custom attributes (audited)", "user", R"({"type":"object","properties":{"name":{"type":"string","maxLength":200},"email":{"type":"string","maxLength":254},"notes":{"type":"string","maxLength":4000},"attributes":{"type":"object","maxProperties":50,"additionalProperties":{"type":"string","maxLength":500}}}})"},
      {"POST", "/api/v1/customers/{id}/merge", "contacts",
       "Merge contact `from` into this one: all their rows move, in one transaction (audited); "
       "422 for itself, 404 for another tenant's",
       "user",
       R"({"type":"object","required":["from"],"properties":{"from":{"type":"integer","minimum":1}}})"},
      {"GET", "/api/v1/csat", "csat",
       "Satisfaction ratings from..to (YYYY-MM-DD, last 7 days by default, at most 366): "
       "average, distribution, per agent, and the previous period for the trend",
       "user", ""},
      {"GET", "/api/v1/settings/service", "settings",
       "Automatic messages: CSAT question on or off, away reply outside business hours", "user",
       ""},
      {"PATCH", "/api/v1/settings/service", "settings",
       "Change the automatic messages; away texts may use {{next_open}}", "admin",
       R"({"type":"object","properties":{"csat_enabled":{"type":"boolean"},"away_enabled":{"type":"boolean"},"away_message":{"type":"object","properties":{"es":{"type":"string","maxLength":1000},"en":{"type":"string","maxLength":1000}}}}})"},
  };
}

void write_operation(json_builder& j, const api_operation& op) {
  j.key(op.method == "GET"     ? "get"
        : op.method == "POST"  ? "post"
        : op.method == "PATCH" ? "patch"
        : op.method == "PUT"   ? "put"
                               : "delete")
      .begin_object()
      .field("summary", op.summary)
      .key("tags")
      .begin_array()
      .value(op.tag)
      .end_array()
      .field("x-access", op.access);
  if (op.access == "user" || op.access == "supervisor" || op.access == "admin" ||
      op.access == "platform") {
    j.key("security").begin_array().begin_object().key("bearer").begin_array().end_array();
    j.end_object().end_array();
  }
  if (op.path.find('{') != std::string::npos) {
    j.key("parameters").begin_array();
    for (size_t at = op.path.find('{'); at != std::string::npos; at = op.path.find('{', at + 1)) {
      const auto end = op.path.find('}', at);
      j.begin_object();
      j.field("name", op.path.substr(at + 1, end - at - 1)).field("in", "path");
      j.field("required", true);
      j.key("schema").begin_object().field("type", "string").end_object();
      j.end_object();
    }
    j.end_array();
  }
  if (op.request_body == binary_body) {
    // A raw file whose own media type is its Content-Type.
    j.key("requestBody").begin_object().field("required", true).key("content").begin_object();
    j.key("*/*").begin_object().key("schema").begin_object();
    j.field("type", "string").field("format", "binary").end_object();
    j.end_object().end_object().end_object();
  } else if (!op.request_body.empty()) {
    j.key("requestBody").begin_object().field("required", true).key("content").begin_object();
    j.key("application/json").begin_object().key("schema").raw(op.request_body);
    j.end_object().end_object().end_object();
  }
  j.key("responses").begin_object();
  j.key("200").begin_object().field("description", "OK").end_object();
  j.key("default")
      .begin_object()
      .field("description", R"(Error: {"error":{"code","message"}})")
      .end_object();
  j.end_object().end_object();
}

}  // namespace

const std::vector<api_operation>& api_operations() {
  static const std::vector<api_operation> ops = table();
  return ops;
}

std::string openapi_document() {
  std::map<std::string, std::vector<const api_operation*>> by_path;
  std::vector<std::string> order;
  for (const auto& op : api_operations()) {
    if (by_path.find(op.path) == by_path.end()) order.push_back(op.path);
    by_path[op.path].push_back(&op);
  }
  json_builder j;
  j.begin_object().field("openapi", "3.0.3");
  j.key("info")
      .begin_object()
      .field("title", "Centralita API")
      .field("version", "1")
      .field("description",
             "Agents' API (port 8080) and provider webhooks (port 8081). Errors are "
             R"({"error":{"code","message"}}; 401 without a valid token, 403 for a role that )"
             "may not, 404 for another tenant's object.")
      .end_object();
  j.key("components").begin_object().key("securitySchemes").begin_object();
  j.key("bearer").begin_object().field("type", "http").field("scheme", "bearer");
  j.field("bearerFormat", "JWT").end_object().end_object().end_object();
  j.key("paths").begin_object();
  for (const auto& path : order) {
    j.key(path).begin_object();
    for (const auto* op : by_path[path]) write_operation(j, *op);
    j.end_object();
  }
  j.end_object().end_object();
  return j.str();
}

void add_openapi_routes(router& routes) {
  auto doc = std::make_shared<const std::string>(openapi_document());
  routes.add("GET", "/api/v1/openapi.json",
             [doc](const request&, respond_fn respond) { respond(json_response(200, *doc)); });
}

}  // namespace centralita::net
