#pragma once
// Turning accepted events into customers, conversations and messages, set-based: one
// transaction for a batch of events across many conversations, in the order given.

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/media_repo.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// A message carried by an event, ready to store.
struct inbound_message {
  std::string event_id;
  int64_t tenant_id = 0;
  int64_t account_id = 0;
  std::string phone;          ///< the customer's phone, digits only
  std::string customer_name;  ///< empty keeps the name already known
  std::string direction;      ///< "in" | "out"
  std::string sender_type;    ///< "customer" | "bot" | "agent"
  std::string body;
  std::string attachments_json;        ///< a JSON array
  std::vector<media_item> media = {};  ///< rows to create with the message (fetched later)
};

/// A channel line that connected or disconnected.
struct line_status_change {
  std::string event_id;
  int64_t tenant_id = 0;
  int64_t account_id = 0;
  std::string status;  ///< "ready" | "disconnect"
};

/// Where a message landed.
struct stored_message {
  std::string event_id;
  int64_t message_id = 0;
  int64_t conversation_id = 0;
  std::string media_json = "[]";  ///< the descriptors of its media rows
  bool media_to_fetch = false;    ///< some of them wait for the media fetcher
};

/// Named statements for the processing side of ingestion.
class message_repo {
 public:
  explicit message_repo(pg_connection& db) : db_(db) {}

  /// In one transaction: upserts the customers, opens a conversation for each customer without
  /// an open one (reusing it otherwise), inserts the messages in order (a message already stored
  /// for its event is skipped), applies line status changes and marks every event of
  /// `event_ids` processed; the media rows of the messages inserted now, 'fetching' (a location
  /// 'ready'). Returns the messages inserted now.
  result<std::vector<stored_message>> store_batch(const std::vector<inbound_message>& messages,
                                                  const std::vector<line_status_change>& lines,
                                                  const std::vector<std::string>& event_ids);
  /// Marks the events processed and takes them off the queue, in the caller's transaction.
  status mark_processed(const std::vector<std::string>& event_ids);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
