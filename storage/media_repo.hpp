#pragma once
// Media rows (storage/migrations/025_media.sql, docs/architecture.md §Media): created with their
// message (message_repo), downloaded by the media fetchers, uploaded by agents, served to the
// tenant's users and through signed links. Every statement filters by tenant except the
// fetcher's claim, which hands each row to the fetcher with its tenant.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// One attachment of a message as a provider announced it, before anything is downloaded.
struct media_item {
  std::string kind;             ///< image | audio | video | document | sticker | location
  std::string source_url;       ///< Builderbot: where to download it
  std::string source_media_id;  ///< WhatsApp Cloud: the Graph media id
  std::string mime;             ///< as announced; the download's type decides
  std::string filename;
  std::optional<double> latitude, longitude;  ///< locations only
  std::string place_name;
};

/// A row as the fetcher, the sender and the routes need it.
struct media_row {
  int64_t id = 0;
  int64_t tenant_id = 0;
  std::optional<int64_t> message_id;
  int64_t conversation_id = 0;  ///< 0 when the row has no message yet
  std::optional<int64_t> channel_account_id;
  std::string direction;
  std::string kind;
  std::string source_url;
  std::string source_media_id;
  std::string mime;
  int64_t size = 0;
  std::string sha256;
  std::string filename;
  std::string status;  ///< fetching | ready | failed
  int attempts = 0;
};

/// A file an agent uploaded, already stored (media_files).
struct uploaded_media {
  int64_t tenant_id = 0;
  std::string kind;
  std::string mime;
  int64_t size = 0;
  std::string sha256;
  std::string filename;
};

/// Named statements over `media`.
class media_repo {
 public:
  explicit media_repo(pg_connection& db) : db_(db) {}

  /// Claims up to `limit` rows due for a download: their next attempt moves `lease` ahead (so
  /// a fetcher that dies frees them then) and their attempts count up.
  result<std::vector<media_row>> claim_due(int limit, std::chrono::milliseconds lease);
  /// A downloaded file: status ready, its type, size, digest and (when the row had none) kind
  /// refined from the type. Returns the row's descriptor (JSON), empty when the row is gone.
  result<std::string> mark_ready(const media_row& row, const std::string& kind,
                                 const std::string& mime, int64_t size, const std::string& sha256);
  /// A failed attempt to try again after `delay`, or (`final`) the row failed for good.
  /// Returns the descriptor when the row failed for good, else empty.
  result<std::string> mark_attempt_failed(const media_row& row, const std::string& error,
                                          std::chrono::milliseconds delay, bool final);
  /// A failed row of the tenant back to fetching, due now, with an audit row by `user_id`;
  /// errc::not_found for another tenant's, errc::conflict when it is not failed. Returns the
  /// descriptor.
  result<std::string> retry(int64_t tenant_id, int64_t id, int64_t user_id);
  /// The tenant's row; errc::not_found otherwise.
  result<media_row> find(int64_t tenant_id, int64_t id);
  /// Stores an uploaded file's row (status ready, direction out, no message yet); its id.
  result<int64_t> insert_upload(const uploaded_media& m);
  /// Links an uploaded row to the message that carries it.
  status attach(int64_t tenant_id, int64_t media_id, int64_t message_id);
  /// The descriptors of a message's media as a JSON array.
  result<std::string> descriptors(int64_t tenant_id, int64_t message_id);

 private:
  pg_connection& db_;
};

}  // namespace centralita::storage
