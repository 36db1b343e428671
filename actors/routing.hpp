#pragma once
// Which conversation an event belongs to, from its provider and payload. Used when an event is
// accepted and again when recovery finds it in the log, so both route it the same way.

#include <cstdint>
#include <string>

namespace centralita::actors {

/// The key that orders processing: the customer's phone for messages, the line for status
/// events; empty when the payload cannot be read (the event is then marked failed).
std::string routing_key(const std::string& provider, const std::string& payload,
                        int64_t account_id);

}  // namespace centralita::actors
