#pragma once
// A real `centralita serve` process on free ports over a throwaway database, for the tests that
// drive the server from the outside, as providers and browsers do.

#include <cstdint>
#include <memory>
#include <string>

#include "tests/support/child_process.hpp"
#include "tests/support/db_fixture.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_database.hpp"

namespace centralita::testkit {

/// One server process; the database may be shared with another server_process.
class server_process {
 public:
  /// Starts the server on `database_url` with `extra` environment and waits for /readyz.
  explicit server_process(std::string database_url, const environment_vars& extra = {});
  ~server_process();

  uint16_t api_port() const { return api_port_; }
  uint16_t gateway_port() const { return gateway_port_; }
  child_process& process() { return *process_; }
  /// Starts it again on the same ports (after a kill), waiting for /readyz.
  void restart();

 private:
  void launch();
  std::string database_url_;
  environment_vars env_;
  uint16_t api_port_;
  uint16_t gateway_port_;
  std::unique_ptr<child_process> process_;
};

/// A seeded throwaway database and one server on it.
struct server_fixture {
  test_database db{db_contents::seeded};
  server_process server{db.url()};
};

/// The path of the Builderbot webhook.
inline constexpr const char* builderbot_path = "/webhooks/builderbot/whatsapp";
/// The demo tenant's Builderbot account key.
inline constexpr const char* demo_account_key = "builderbot_whatsapp_main";

/// A Builderbot `message.incoming` body.
std::string incoming_body(const std::string& from, const std::string& text,
                          const std::string& name = "Cliente");

/// POSTs a Builderbot webhook with the demo account key on `conn`.
http_response post_builderbot(http_connection& conn, const std::string& body,
                              const http_headers& extra = {});

}  // namespace centralita::testkit
