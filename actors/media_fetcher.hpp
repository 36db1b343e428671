#pragma once
// The media fetchers (docs/architecture.md §Media): detached actors (CENTRALITA_MEDIA_FETCHERS,
// supervised), each with its own PostgreSQL connection, that download the media of stored
// messages after the webhook was acknowledged. A fetcher claims one due row at a time under a
// lease (storage/media_repo.hpp), downloads it with timeouts (Builderbot's URL, or Graph with
// the account's token: providers/media_download.hpp), checks its type and size, stores it
// content-addressed (storage/media_files.hpp) and marks the row ready, or schedules another
// attempt with the outbox's backoff (providers/send_policy.hpp), or marks it failed with a
// reason an agent can read. Every end is a `media.updated` live event.
//
// It wakes on `wake_atom` (the message writer after a commit with media; the retry route) and
// on its own sweep every few seconds, which finds due retries and rows of a fetcher that died.

#include <caf/all.hpp>

#include <memory>
#include <random>

#include "actors/context.hpp"
#include "actors/db_session.hpp"

namespace centralita::actors {

/// The directory role of the fetchers.
inline constexpr const char* media_role = "media";

/// Wakes every media fetcher of the node; cheap, never blocks, safe from any thread.
void wake_media_fetchers(const node_context& ctx);

/// A fetcher's connection and random source (for the backoff's jitter).
struct media_fetcher_state {
  std::shared_ptr<node_context> ctx;
  std::unique_ptr<db_session> db;
  std::mt19937_64 random{std::random_device{}()};
  bool drain_scheduled = false;
};

/// Spawn with `caf::detached`.
caf::behavior media_fetcher(caf::stateful_actor<media_fetcher_state>* self,
                            std::shared_ptr<node_context> ctx);

}  // namespace centralita::actors
