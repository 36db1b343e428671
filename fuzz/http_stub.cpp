// The tracking parsers share their files with the vendors' HTTP clients. The fuzz targets only
// parse, so they link this instead of the Beast client: no call ever goes out.

#include "providers/http_client.hpp"

namespace centralita::providers {

result<url_parts> parse_url(const std::string& /*url*/) {
  return make_error(errc::unavailable, "no HTTP in the fuzz targets", "fuzz");
}

result<http_answer> http_send(const http_call& /*call*/) {
  return make_error(errc::unavailable, "no HTTP in the fuzz targets", "fuzz");
}

}  // namespace centralita::providers
