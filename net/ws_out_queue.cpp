#include "net/ws_out_queue.hpp"

namespace centralita::net {

ws_out ws_frame(uint8_t opcode, std::shared_ptr<const std::string> payload) {
  ws_out out;
  out.header = make_ws_frame_header(opcode, payload->size());
  out.data = *payload;
  out.owner = std::move(payload);
  return out;
}

ws_out ws_text_frame(std::string text) {
  return ws_frame(ws_text, std::make_shared<const std::string>(std::move(text)));
}

ws_out ws_batch_slice(live_batch_ptr batch, live_batch::slice slice) {
  ws_out out;
  out.owner = std::move(batch);
  out.data = slice.bytes;
  out.frames = slice.frames;
  return out;
}

void ws_out_queue::push(ws_out out) {
  frames_ += out.frames;
  queue_.push_back(std::move(out));
}

void ws_out_queue::clear() {
  queue_.clear();
  frames_ = 0;
}

std::vector<boost::asio::const_buffer>& ws_out_queue::take(size_t max_items) {
  in_flight_.clear();
  buffers_.clear();
  while (!queue_.empty() && in_flight_.size() < max_items) {
    frames_ -= queue_.front().frames;
    in_flight_.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  for (const auto& out : in_flight_) {
    if (out.header.size > 0) buffers_.emplace_back(out.header.bytes.data(), out.header.size);
    buffers_.emplace_back(out.data.data(), out.data.size());
  }
  return buffers_;
}

void ws_out_queue::drop_written(size_t n) {
  auto first = buffers_.begin();
  while (n > 0 && n >= first->size()) n -= (first++)->size();
  *first += n;
  buffers_.erase(buffers_.begin(), first);
}

void ws_out_queue::written() {
  in_flight_.clear();
  buffers_.clear();
}

}  // namespace centralita::net
