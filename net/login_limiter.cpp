#include "net/login_limiter.hpp"

#include "common/crypto.hpp"
#include "common/log.hpp"
#include "net/json_reply.hpp"
#include "storage/login_attempt_repo.hpp"

namespace centralita::net {

namespace {

// An e-mail is kept as its digest: a stranger's address is never stored.
std::string email_key(const std::string& email) { return "e:" + sha256_hex(email); }

}  // namespace

result<login_limiter::attempt> login_limiter::begin(storage::pg_connection& db,
                                                    const std::string& email,
                                                    const std::string& ip) const {
  auto taken = storage::login_attempt_repo{db}.take(
      {{email_key(email), per_email_}, {"i:" + ip.substr(0, 64), per_ip_}},
      static_cast<int>(window_.count()));
  if (!taken) return taken.error();
  return attempt{taken->wait_s, std::move(taken->ids)};
}

void login_limiter::succeeded(storage::pg_connection& db, const std::string& email,
                              const attempt& a) const {
  // The e-mail's key is forgotten whole; of the slots only the address's is left to return.
  if (auto s = storage::login_attempt_repo{db}.forget(email_key(email), a.slots); !s) {
    log::warn("auth: login attempts not cleared: {}", s.error().message);
  }
}

void login_limiter::abandoned(storage::pg_connection& db, const attempt& a) const {
  if (auto s = storage::login_attempt_repo{db}.give_back(a.slots); !s) {
    log::warn("auth: login attempts not returned: {}", s.error().message);
  }
}

response too_many_attempts(int wait_s, const std::string& what) {
  auto r = error_response(errc::rate_limited,
                          "too many " + what + "; retry in " + std::to_string(wait_s) + " s");
  r.headers = {{"Retry-After", std::to_string(wait_s)}};
  return r;
}

}  // namespace centralita::net
