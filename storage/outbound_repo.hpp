#pragma once
// Messages the tenant sends. Every outgoing message is written together with its outbox row in
// one transaction (docs/architecture.md §Invariants 4), whoever wrote it: an agent's reply, an
// approved suggestion or an autopilot reply. The outbox sender delivers it afterwards; callers
// wake it after the commit (actors/outbox_sender.hpp), and its sweep finds the row anyway.

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/message_query.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One reply to send to the customer of a conversation.
struct outgoing_reply {
  int64_t tenant_id = 0;
  int64_t conversation_id = 0;
  std::string sender_type =
      "agent";  ///< "agent" (a user wrote it) | "ai" (stored as 'bot') | "system"
  std::optional<int64_t> user_id;  ///< the agent, or the user who approved an AI text
  std::string text;
  std::optional<std::string> media_url;            ///< a public URL sent along (image, pdf, audio)
  std::optional<int64_t> media_id = std::nullopt;  ///< an uploaded file sent along (media_repo)
  /// Graph's `template` object (name, language, components) for a WhatsApp Cloud template
  /// send; `text` is then the rendered body, for the timeline. Without one, the send is free
  /// text, refused outside the service window (storage/service_window.hpp).
  std::optional<std::string> template_json = std::nullopt;
};

/// What enqueue_reply wrote: the message (status queued) and its outbox row's id.
struct enqueued_reply {
  message_record message;
  int64_t outbox_id = 0;
};

/// Writes outgoing messages within one tenant.
class outbound_repo {
 public:
  /// Uses `db` for every statement; the connection must outlive the repository.
  explicit outbound_repo(pg_connection& db) : db_(db) {}

  /// In its own transaction: stores the reply (direction out, status queued), its outbox row
  /// (status pending, due now) and moves the conversation's last activity. errc::not_found when
  /// the conversation is not the tenant's; errc::invalid_input for an unknown sender_type;
  /// errc::conflict `window_closed` for free text outside the WhatsApp Cloud window.
  result<enqueued_reply> enqueue_reply(const outgoing_reply& reply);
  /// The same inside the caller's open transaction (e.g. approving a suggestion): no
  /// BEGIN/COMMIT here, and on error the caller rolls back.
  result<enqueued_reply> enqueue_reply_within(const outgoing_reply& reply);

  /// An agent's reply: enqueue_reply with sender "agent".
  result<message_record> queue_agent_reply(int64_t tenant_id, int64_t conversation_id,
                                           int64_t user_id, const std::string& text);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
