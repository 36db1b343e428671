#pragma once
// The processing of accepted ElevenLabs post-call events, for the message writer: recordings
// written to the data directory, call sessions stored (storage/call_repo), and what the
// dashboard should hear about them.

#include <string>
#include <vector>

#include "actors/event_bus.hpp"
#include "common/result.hpp"
#include "storage/event_log_repo.hpp"
#include "storage/pg.hpp"

namespace centralita::actors {

/// Where a node keeps call recordings: `<data_dir>/call_audio`.
std::string call_audio_dir(const std::string& data_dir);

/// Stores one accepted ElevenLabs event (one transaction) and appends its live events
/// (`call.created` or `call.updated`, and `suggestion.created`) to `announce`. A payload that
/// cannot be read is errc::invalid_input: the caller marks the event failed.
status store_call_event(storage::pg_connection& db, const std::string& data_dir,
                        const storage::pending_event& ev, std::vector<live_event>& announce);

}  // namespace centralita::actors
