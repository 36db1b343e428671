#include "common/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace centralita::log {

void init(std::string_view level) {
  auto logger = spdlog::stderr_color_mt("centralita");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(std::string{level}));
  spdlog::flush_on(spdlog::level::warn);
}

}  // namespace centralita::log
