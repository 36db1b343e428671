// Replays a fuzz target's corpus without libFuzzer: every file of every directory (or file)
// named on the command line goes through LLVMFuzzerTestOneInput once, then the empty input.
// A crash, a sanitizer report or an abort fails the test; ctest runs this on the committed
// corpora, so inputs that once broke a parser keep being checked with the normal compiler.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void run_file(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  const std::string bytes{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  size_t inputs = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg{argv[i]};
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::directory_iterator{arg}) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else if (std::filesystem::is_regular_file(arg)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "replay: %s is neither a file nor a directory\n", argv[i]);
      return 2;
    }
    // Sorted, so a failure names the same input on every run.
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      run_file(f);
      ++inputs;
    }
  }
  // A target must survive empty input too; a corpus rarely holds it.
  LLVMFuzzerTestOneInput(nullptr, 0);
  std::printf("replay: %zu inputs passed\n", inputs + 1);
  return 0;
}
