#include "tests/support/server_fixture.hpp"

#include <stdexcept>
#include <thread>

#include "tests/support/test_env.hpp"

namespace centralita::testkit {

server_process::server_process(std::string database_url, const environment_vars& extra)
    : database_url_(std::move(database_url)),
      env_(extra),
      api_port_(free_port()),
      gateway_port_(free_port_except(api_port_)) {
  env_.insert(env_.begin(), {{"DATABASE_URL", database_url_},
                             {"CENTRALITA_API_PORT", std::to_string(api_port_)},
                             {"CENTRALITA_GATEWAY_PORT", std::to_string(gateway_port_)},
                             {"JWT_SECRET", "test_secret_0123456789abcdef"},
                             {"LOG_LEVEL", "info"}});
  // The demo timeline follows the clock: tests that want shipments refreshed ask for it, the
  // others keep the seeded statuses however old the template database is.
  bool refresh_given = false;
  bool key_given = false;
  bool private_given = false;
  for (const auto& [k, v] : extra) {
    refresh_given = refresh_given || k == "CENTRALITA_TRACKING_REFRESH_S";
    key_given = key_given || k == "CENTRALITA_SECRET_KEY";
    private_given = private_given || k == "CENTRALITA_MEDIA_ALLOW_PRIVATE";
  }
  // The fake providers' media live on loopback.
  if (!private_given) env_.emplace_back("CENTRALITA_MEDIA_ALLOW_PRIVATE", "1");
  if (!refresh_given) env_.emplace_back("CENTRALITA_TRACKING_REFRESH_S", "604800");
  // The key the test databases were seeded with, unless a test means to start with another.
  if (!key_given) env_.emplace_back("CENTRALITA_SECRET_KEY", test_secret_key);
  launch();
}

server_process::~server_process() {
  if (process_) process_->stop();
}

void server_process::launch() {
  process_ =
      std::make_unique<child_process>(server_binary(), std::vector<std::string>{"serve"}, env_);
  if (!wait_for_http_ok(api_port_, "/readyz", std::chrono::seconds(30))) {
    throw std::runtime_error("server not ready; its log:\n" + process_->log());
  }
}

void server_process::restart() {
  if (process_ && process_->running()) process_->stop();
  launch();
}

std::string incoming_body(const std::string& from, const std::string& text,
                          const std::string& name) {
  return R"({"eventName":"message.incoming","data":{"body":")" + text + R"(","name":")" + name +
         R"(","from":")" + from + R"(","attachment":[],"projectId":"p1"}})";
}

http_response post_builderbot(http_connection& conn, const std::string& body,
                              const http_headers& extra) {
  http_headers headers{{"X-Account-Key", demo_account_key}, {"Content-Type", "application/json"}};
  headers.insert(headers.end(), extra.begin(), extra.end());
  return conn.request("POST", builderbot_path, body, headers);
}

}  // namespace centralita::testkit
