#pragma once
// What one live socket has to write (net/ws_session.cpp): control and replayed frames, and
// slices of live batches shared by every socket of a tenant, gathered into one write at a time.

#include <boost/asio/buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/live_batch.hpp"

namespace centralita::net {

/// The RFC 6455 opcodes a server sends.
enum ws_opcode : uint8_t { ws_text = 1, ws_close = 8, ws_ping = 9, ws_pong = 10 };

/// Bytes to send, kept alive by `owner`: one control or replayed frame (its header, then its
/// payload), or a slice of a live batch (frames already encoded, shared by every socket).
struct ws_out {
  ws_frame_header header;  ///< size 0 for a slice of a batch
  std::shared_ptr<const void> owner;
  std::string_view data;
  size_t frames = 1;
};

/// One frame with `opcode` carrying `payload`.
ws_out ws_frame(uint8_t opcode, std::shared_ptr<const std::string> payload);
/// One text frame carrying `text`.
ws_out ws_text_frame(std::string text);
/// The frames of `batch` that `slice` (one of its suffixes) holds.
ws_out ws_batch_slice(live_batch_ptr batch, live_batch::slice slice);

/// The frames waiting for one socket, and the buffers of the write in flight.
class ws_out_queue {
 public:
  void push(ws_out out);
  /// Frames queued and not yet in flight.
  size_t frames() const { return frames_; }
  bool empty() const { return queue_.empty(); }
  /// Drops what is queued; the write in flight keeps its bytes.
  void clear();
  /// Puts up to `max_items` queued items in flight: the buffers to write.
  std::vector<boost::asio::const_buffer>& take(size_t max_items);
  /// The first `n` bytes of the write in flight went out.
  void drop_written(size_t n);
  /// The write in flight is over: its bytes are released.
  void written();

 private:
  std::deque<ws_out> queue_;
  size_t frames_ = 0;  // frames in queue_
  std::vector<ws_out> in_flight_;
  std::vector<boost::asio::const_buffer> buffers_;
};

}  // namespace centralita::net
