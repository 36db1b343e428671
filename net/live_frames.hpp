#pragma once
// The live feed's own frames (docs/contract.md, `GET /ws`): what a server frame's seq is, a
// client's first `{"type":"resume","after":N}`, and the resync notice of a resume from before
// the replay window.

#include <cstdint>
#include <optional>
#include <string>

namespace centralita::net {

/// The seq of a frame `{"seq":N,...}`; 0 when it has none.
int64_t frame_seq(const std::string& frame);

/// `after` of a message `{"type":"resume","after":N}`, or nullopt.
std::optional<int64_t> resume_after(const std::string& text);

/// Tells a resuming client that the events after its seq `after` are no longer kept.
std::string resync_frame(int64_t after);

}  // namespace centralita::net
