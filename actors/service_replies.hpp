#pragma once
// The two automatic exchanges of the message writer (docs/architecture.md §CSAT and §Business
// hours): a customer's reply to the satisfaction question, recorded as a rating instead of a
// new message to triage, and the away reply to a conversation opened outside business hours.

#include <vector>

#include "actors/event_bus.hpp"
#include "common/result.hpp"
#include "storage/csat_repo.hpp"
#include "storage/message_repo.hpp"
#include "storage/outbound_repo.hpp"

namespace centralita::actors {

/// Records the customer messages of `messages` that answer a waiting satisfaction question, and
/// takes them (and their events) out of `messages` and `event_ids`: they are stored, in the
/// conversation rated, and never triaged. Only texts that read as a rating are looked up.
result<std::vector<storage::recorded_rating>> take_csat_ratings(
    storage::pg_connection& db, std::vector<storage::inbound_message>& messages,
    std::vector<std::string>& event_ids);

/// The live events of recorded ratings: message.created and csat.rated for each.
std::vector<live_event> rating_events(const std::vector<storage::recorded_rating>& ratings);

/// Sends the away replies the stored customer messages call for (storage/away_reply_repo.hpp).
result<std::vector<storage::enqueued_reply>> send_away_replies(
    storage::pg_connection& db, const std::vector<storage::inbound_message>& messages,
    const std::vector<storage::stored_message>& stored);

/// The live event of an automatic message sent (message.created).
live_event sent_message_event(const storage::message_record& m);

}  // namespace centralita::actors
