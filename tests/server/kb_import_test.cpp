// `centralita kb import`: Markdown files become articles of the tenant, bad files are reported
// without stopping the import, and a running server finds the new articles.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/server/api_helpers.hpp"
#include "tests/support/test_env.hpp"

using namespace centralita::testkit;
namespace fs = std::filesystem;

namespace {

struct temp_dir {
  fs::path path = fs::temp_directory_path() / ("kb_import_" + std::to_string(getpid()));
  temp_dir() { fs::create_directories(path / "more"); }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream{path / name, std::ios::binary} << text;
  }
};

int run_import(const std::string& database_url, const std::vector<std::string>& args,
               std::string& output) {
  std::vector<std::string> argv{"kb", "import"};
  argv.insert(argv.end(), args.begin(), args.end());
  child_process cli{server_binary(), argv, {{"DATABASE_URL", database_url}}};
  const int status = cli.wait();
  output = cli.log();
  return status;
}

}  // namespace

TEST_CASE("kb import stores Markdown files as articles and reports bad ones", "[server][cli][pg]") {
  api_fixture t;
  temp_dir dir;
  dir.write("gift-cards.md",
            "# Gift cards\n\nWe sell gift cards from $200 MXN, sent by e-mail with a code.\n");
  dir.write("more/mayoreo.md",
            "# Ventas al mayoreo\n\n## Descuentos\n\nDescuentos por volumen desde 20 piezas.\n");
  dir.write("more/notes.txt", "not Markdown: skipped when a directory is walked");
  dir.write("bad.md", "no title line here\n\njust text\n");

  std::string out;
  const int status =
      run_import(t.f.db.url(),
                 {(dir.path / "gift-cards.md").string(), (dir.path / "more").string(),
                  (dir.path / "bad.md").string(), "--tenant", "demo"},
                 out);
  INFO(out);
  CHECK(status == 2);  // some files were rejected; the others are in
  CHECK(contains(out, "bad.md: the first line must be a '# ' heading"));
  CHECK(contains(out, "kb import: 2 imported, 1 failed"));
  CHECK(contains(out, "gift-cards.md: article "));  // a line per file when not on a terminal
  CHECK(t.value("SELECT count(*) FROM knowledge_articles a JOIN tenants t ON t.id = a.tenant_id "
                "WHERE t.slug = 'demo' AND a.title IN ('Gift cards', 'Ventas al mayoreo') AND "
                "a.status = 'published'") == "2");
  CHECK(t.value("SELECT language FROM knowledge_articles WHERE title = 'Gift cards'") == "en");
  CHECK(t.value("SELECT count(*) FROM knowledge_chunks c JOIN knowledge_articles a ON a.id = "
                "c.article_id WHERE a.title = 'Ventas al mayoreo' AND c.embedding IS NOT NULL") ==
        "1");
  CHECK(t.value("SELECT count(*) FROM audit_log WHERE action = 'knowledge_article.created' AND "
                "actor_type = 'system'") == "2");

  // The running server picks the imported articles up by itself.
  std::string found;
  for (int i = 0; i < 200 && found.find("Gift cards") == std::string::npos; ++i) {
    found = t.call("GET", "/api/v1/knowledge/search?q=gift%20card&k=1", t.agent).body;
    if (found.find("Gift cards") == std::string::npos) usleep(100 * 1000);
  }
  CHECK(contains(found, "Gift cards"));

  CHECK(run_import(t.f.db.url(), {(dir.path / "gift-cards.md").string(), "--tenant", "nope"},
                   out) == 1);
  CHECK(contains(out, "no tenant 'nope'"));
  CHECK(run_import(t.f.db.url(), {(dir.path / "missing.md").string()}, out) == 1);
}
