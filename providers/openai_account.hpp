#pragma once
// A tenant's OpenAI-compatible LLM account (docs/protocols.md §5): its base_url, model and
// api_key make the client its triage and replies use; OPENAI_BASE_URL and OPENAI_CHAT_MODEL
// fill what the account leaves unset, and the timeouts come from the settings.

#include "common/result.hpp"
#include "config/settings.hpp"
#include "providers/openai_client.hpp"
#include "providers/outbound_sender.hpp"

namespace centralita::providers {

/// The client configuration of an "openai" account; errc::invalid_input when its base_url is
/// not a URL or it has no api_key.
result<openai_config> openai_config_for(const config::settings& s, const credentials& account);

}  // namespace centralita::providers
