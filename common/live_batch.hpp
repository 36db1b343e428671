#pragma once
// A batch of numbered dashboard events as their WebSocket sockets send it: the frames of one
// tenant in seq order, encoded once as RFC 6455 text frames back to back, so that every socket
// of the tenant writes the same bytes (one buffer per socket, nothing copied per socket).

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace centralita {

/// The header of an unmasked RFC 6455 frame with FIN set (a server's frame): 2 to 10 bytes.
struct ws_frame_header {
  std::array<uint8_t, 10> bytes{};
  uint8_t size = 0;
};

/// The header of a frame with `opcode` (1 text, 8 close, 9 ping, 10 pong) and `payload_size`.
ws_frame_header make_ws_frame_header(uint8_t opcode, uint64_t payload_size);

/// A frame's header as read off the wire (a client's or a server's).
struct ws_frame_info {
  bool fin = false;
  uint8_t opcode = 0;
  bool masked = false;
  uint64_t payload_size = 0;
  size_t header_size = 0;  ///< 2 to 14 bytes, the masking key included
};

/// The header at the start of `bytes`, or nullopt while `size` bytes do not hold all of it.
std::optional<ws_frame_info> read_ws_frame_header(const uint8_t* bytes, size_t size);

/// Numbered events of one tenant, in seq order, ready for the wire.
struct live_batch {
  int64_t first_seq = 0;
  int64_t last_seq = 0;
  /// Every event as a text frame (header + `{"seq":N,...}`), back to back.
  std::string wire;
  /// Each frame's seq and where its header starts in `wire`.
  std::vector<std::pair<int64_t, size_t>> index;

  size_t frames() const { return index.size(); }

  /// Some of the frames, as a slice of `wire`.
  struct slice {
    std::string_view bytes;
    size_t frames = 0;
  };
  /// The frames with seq > `after_seq` (a suffix; empty when there are none).
  slice after(int64_t after_seq) const;
};

using live_batch_ptr = std::shared_ptr<const live_batch>;

/// A subscriber of a tenant's batches: must only enqueue `batch` (it runs on the publishing
/// thread), then drop `taken`, a token the publisher waits on before the tenant's next batch.
using live_batch_sink =
    std::function<void(const live_batch_ptr& batch, const std::shared_ptr<void>& taken)>;

/// Encodes `frames` (seq, frame text), given in increasing seq order.
live_batch make_live_batch(const std::vector<std::pair<int64_t, std::string>>& frames);

/// One batch of `batches` (consecutive batches of one tenant, in order).
live_batch join_live_batches(const std::vector<live_batch_ptr>& batches);

}  // namespace centralita
