#pragma once
// `centralita-bench actors`: the memory of idle conversation actors (issue target: 100,000 in
// at most 300 MiB of RSS).

namespace centralita::bench {

/// Spawns `count` conversation actors, lets them go idle, and prints one JSON object with the
/// RSS before and after. Returns 0.
int run_actors(int count);

}  // namespace centralita::bench
