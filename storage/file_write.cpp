#include "storage/file_write.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace centralita::storage {

namespace fs = std::filesystem;

status write_file_atomically(const fs::path& target, const fs::path& temp, std::string_view bytes,
                             const std::string& what) {
  std::error_code ec;
  {
    std::ofstream out{temp, std::ios::binary | std::ios::trunc};
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      const std::string why = std::strerror(errno);
      out.close();
      fs::remove(temp, ec);
      return make_error(errc::internal, "cannot write " + what + ": " + why);
    }
  }
  fs::rename(temp, target, ec);
  if (ec) {
    const auto why = ec.message();
    fs::remove(temp, ec);
    return make_error(errc::internal, "cannot store " + what + ": " + why);
  }
  return ok_status();
}

}  // namespace centralita::storage
