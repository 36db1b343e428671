#pragma once
// The media a channel message announces (docs/protocols.md §1a, §3), read from its attachments:
// Builderbot's attachment URLs (their kind guessed from the body's placeholder or the URL, and
// settled by the downloaded type), WhatsApp Cloud's media ids with their type, and locations.

#include <string>
#include <string_view>
#include <vector>

#include "providers/channel_message.hpp"
#include "storage/media_repo.hpp"

namespace centralita::providers {

/// Most media rows one message makes (a payload listing more keeps only these).
constexpr size_t max_media_per_message = 10;

/// The message's media, in order; empty when it has none.
std::vector<storage::media_item> media_of(const channel_message& message);

/// The kind a Builderbot placeholder body names (`_event_voice_note__…` is audio,
/// `_event_document__…` a document, `_event_media__…` an image until its type says otherwise,
/// `_event_location__…` a location), or the text we show instead ("[audio]", "[media]"…);
/// empty for a text.
std::string_view placeholder_kind(std::string_view body);

/// What a message with a Builderbot placeholder body shows: "[audio]", "[document]",
/// "[location]" or "[media]"; any other body unchanged.
std::string placeholder_text(std::string_view body);

}  // namespace centralita::providers
