#include "tests/support/fake_elevenlabs.hpp"

namespace centralita::testkit {

fake_elevenlabs::fake_elevenlabs()
    : server_("fake elevenlabs", [this](const fake_http_request& r) { return on_request(r); }) {}

std::vector<std::pair<std::string, std::string>> fake_elevenlabs::environment() const {
  return {{"ELEVENLABS_API_URL", url()},
          {"ELEVENLABS_API_KEY", "xi_test_key"},
          {"ELEVENLABS_AGENT_ID", "agent_test"},
          {"ELEVENLABS_PHONE_NUMBER_ID", "phnum_test"},
          {"ELEVENLABS_TIMEOUT_MS", "700"}};
}

void fake_elevenlabs::answer(int status, std::string body) {
  std::lock_guard<std::mutex> lock{mutex_};
  answer_ = fake_answer::json(status, std::move(body));
}

void fake_elevenlabs::hold() {
  std::lock_guard<std::mutex> lock{mutex_};
  answer_ = fake_answer::hold();
}

std::vector<fake_call_request> fake_elevenlabs::received() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return received_;
}

fake_answer fake_elevenlabs::on_request(const fake_http_request& request) {
  std::lock_guard<std::mutex> lock{mutex_};
  received_.push_back(request);
  return answer_;
}

}  // namespace centralita::testkit
