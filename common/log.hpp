#pragma once
// The logging facade: one line per event, with the component first. Never log secrets or whole
// bodies. Debian's CAF has its own logging compiled out, so everything logs through here.

#include <spdlog/spdlog.h>

#include <string_view>

namespace centralita::log {

/// Sets the process-wide level from a name (trace, debug, info, warn, error, off).
void init(std::string_view level);

using spdlog::debug;
using spdlog::error;
using spdlog::info;
using spdlog::warn;

}  // namespace centralita::log
