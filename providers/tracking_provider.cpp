#include "providers/tracking_provider.hpp"

#include <ctime>

#include "providers/aftership_tracking.hpp"
#include "providers/demo_tracking.hpp"
#include "providers/seventeentrack_tracking.hpp"

namespace centralita::providers {

std::unique_ptr<tracking_provider> make_tracking_provider(const config::settings& s,
                                                          const std::string& provider,
                                                          const credentials& account,
                                                          clock_fn clock) {
  const auto key = field_or(account, "api_key", "");
  if (provider == "aftership") {
    auto base = parse_url(field_or(account, "api_url", s.aftership_api_url));
    if (base) return std::make_unique<aftership_tracking>(tracking_api_config{*base, key});
  }
  if (provider == "17track") {
    auto base = parse_url(field_or(account, "api_url", s.seventeentrack_api_url));
    if (base) return std::make_unique<seventeentrack_tracking>(tracking_api_config{*base, key});
  }
  // Demo, and the fallback for a URL that no longer parses (the API validated it already).
  return std::make_unique<demo_tracking>(std::move(clock));
}

result<tracking_info> tracking_provider::look_up(const tracking_ref& ref, bool may_register) {
  auto found = get(ref);
  if (found || found.error().code != errc::not_found || !may_register) return found;
  auto created = create(ref);
  if (created || created.error().code != errc::invalid_input) return created;
  // A number the provider refuses (no carrier matches it) is one nobody can track.
  return make_error(errc::not_found, created.error().message, "tracking_not_found");
}

std::string iso_utc(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool is_iso_datetime(const std::string& s) {
  // YYYY-MM-DDTHH:MM:SS
  static constexpr const char* shape = "dddd-dd-ddTdd:dd:dd";
  if (s.size() < 19) return false;
  for (size_t i = 0; i < 19; ++i) {
    char want = shape[i];
    bool ok =
        want == 'd' ? (s[i] >= '0' && s[i] <= '9') : (s[i] == want || (i == 10 && s[i] == ' '));
    if (!ok) return false;
  }
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start || i - start > 9) return false;
  }
  if (i == s.size()) return true;
  if (s[i] == 'Z') return i + 1 == s.size();
  if (s[i] != '+' && s[i] != '-') return false;
  auto rest = s.substr(i + 1);
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (rest.size() == 5)
    return digit(rest[0]) && digit(rest[1]) && rest[2] == ':' && digit(rest[3]) && digit(rest[4]);
  if (rest.size() == 4) return digit(rest[0]) && digit(rest[1]) && digit(rest[2]) && digit(rest[3]);
  if (rest.size() == 2) return digit(rest[0]) && digit(rest[1]);
  return false;
}

}  // namespace centralita::providers
