#pragma once
// How long an idle message writer or autopilot shard waits for more work before it starts a
// batch: each batch costs its statements once, whatever its size, so at moderate rates a few
// milliseconds of waiting turn many one-message batches into fewer larger ones (README, "Cost per
// message"). Under load the actor is busy and its mailbox fills meanwhile anyway.
#include <chrono>

namespace centralita::actors {

inline constexpr std::chrono::milliseconds batch_linger{10};

}  // namespace centralita::actors
