#pragma once
// Call recordings as files under the data directory (`<dir>/<tenant>/<call id>.<ext>`): written
// by the message writer before the call's row names them, read back for signed-in agents.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace centralita::storage {

/// Writes `bytes` for the call `provider_conversation_id` of `tenant_id` under `dir` (created
/// when missing), through a temporary file and a rename so a reader never sees half a file.
/// Writing the same call again replaces it. Returns the file's path.
result<std::string> save_call_audio(const std::string& dir, int64_t tenant_id,
                                    const std::string& provider_conversation_id,
                                    std::string_view bytes);

/// The whole file at `path`; errc::not_found when it is gone.
result<std::string> load_call_audio(const std::string& path);

/// The media type of audio bytes by their signature: audio/wav, audio/ogg, else audio/mpeg
/// (what ElevenLabs sends).
std::string audio_content_type(std::string_view bytes);

}  // namespace centralita::storage
