#pragma once
// The WhatsApp Cloud customer-service window (docs/protocols.md §3): Meta takes free text only
// within 24 hours of the customer's last message; after that only an approved template may
// start the conversation again. Builderbot lines and calls have no window.

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// The window of one conversation, as of now.
struct service_window {
  bool applies = false;  ///< the conversation's channel is WhatsApp Cloud
  bool open = true;      ///< free text may be sent (always true where the window does not apply)
  std::optional<std::string> closes_at;  ///< RFC 3339: the last customer message + 24 h
  std::optional<int64_t> channel_account_id;
};

/// The window of the tenant's conversation; errc::not_found for another tenant's.
result<service_window> service_window_of(pg_connection& db, int64_t tenant_id,
                                         int64_t conversation_id);

/// The error a free-text send outside the window gets: 409 `window_closed`.
error window_closed_error(const service_window& w);

}  // namespace centralita::storage
