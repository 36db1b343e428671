#pragma once
// Testing a channel account's credentials with one harmless call to its provider: a read that
// changes nothing (WhatsApp Cloud's phone number, ElevenLabs' agent, AfterShip's couriers,
// 17TRACK's quota, the LLM's model list). Builderbot documents no read-only call, so its check
// is a GET of the send path: only a 401 or 403 there says the key is wrong.

#include <map>
#include <string>

#include "config/settings.hpp"

namespace centralita::providers {

/// How a check ended; `message` is safe to show (no keys, a short excerpt of an answer).
struct credential_check {
  bool ok = false;
  std::string message;
};

/// Checks `credentials` (every field of the account, secret ones opened) of `provider`.
/// Blocking, bounded by the provider's timeouts in the settings.
credential_check check_credentials(const config::settings& settings, const std::string& provider,
                                   const std::map<std::string, std::string>& credentials);

}  // namespace centralita::providers
