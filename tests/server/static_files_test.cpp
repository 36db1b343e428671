// The dashboard's files on the API port: the index, content types, the single-page app's
// fallback, conditional requests, and refusal of paths that leave the web directory.
#include "net/static_files.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/support/server_fixture.hpp"
#include "tests/support/text.hpp"

using namespace centralita;
using namespace centralita::testkit;
namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream{p, std::ios::binary} << text;
}

// A web directory with an index, a module, a stylesheet and an image, next to a secret that
// lies outside it and a symlink inside it that points at the secret.
struct web_tree {
  fs::path base;
  fs::path root;

  web_tree() {
    std::string tmpl = (fs::temp_directory_path() / "centralita-web-XXXXXX").string();
    base = ::mkdtemp(tmpl.data());
    root = base / "web";
    write_file(root / "index.html", "<!doctype html><title>index</title>");
    write_file(root / "js" / "app.js", "export const x = 1;");
    write_file(root / "css" / "app.css", "body{}");
    write_file(root / "favicon.svg", "<svg/>");
    write_file(base / "secret.txt", "top secret");
    fs::create_symlink(base / "secret.txt", root / "leak.txt");
  }
  ~web_tree() {
    std::error_code ec;
    fs::remove_all(base, ec);
  }
};

net::response get(const web_tree& w, const std::string& path, const std::string& method = "GET",
                  std::map<std::string, std::string> headers = {}) {
  net::request req;
  req.method = method;
  req.path = path;
  req.headers = std::move(headers);
  return net::serve_static(net::static_site{w.root.string()}, req);
}

std::string header(const net::response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

}  // namespace

TEST_CASE("static: the index, assets with their content types, and cache validators",
          "[server][static]") {
  web_tree w;
  auto index = get(w, "/");
  CHECK(index.status == 200);
  CHECK(index.content_type == "text/html; charset=utf-8");
  CHECK(contains(index.body, "<title>index</title>"));
  CHECK(header(index, "Cache-Control") == "no-cache");
  CHECK_FALSE(header(index, "ETag").empty());

  CHECK(get(w, "/js/app.js").content_type == "text/javascript; charset=utf-8");
  CHECK(get(w, "/js/app.js").body == "export const x = 1;");
  CHECK(get(w, "/css/app.css").content_type == "text/css; charset=utf-8");
  CHECK(get(w, "/favicon.svg").content_type == "image/svg+xml");
  CHECK(get(w, "/index.html").status == 200);
  CHECK(net::content_type_for("x.WOFF2") == "font/woff2");
  CHECK(net::content_type_for("x.bin") == "application/octet-stream");

  auto etag = header(get(w, "/js/app.js"), "ETag");
  auto again = get(w, "/js/app.js", "GET", {{"if-none-match", etag}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
}

TEST_CASE("static: app routes fall back to the index, missing assets are 404", "[server][static]") {
  web_tree w;
  for (auto path : {"/inbox", "/inbox/42", "/tickets/7", "/settings/"}) {
    INFO(path);
    auto r = get(w, path);
    CHECK(r.status == 200);
    CHECK(contains(r.body, "<title>index</title>"));
  }
  CHECK(get(w, "/js/missing.js").status == 404);
  CHECK(get(w, "/missing.png").status == 404);
  // The API's namespace never falls back to the dashboard.
  auto api = get(w, "/api/v1/nothing");
  CHECK(api.status == 404);
  CHECK(api.content_type == "application/json");
  CHECK(get(w, "/", "POST").status == 405);
}

TEST_CASE("static: paths that leave the web directory are refused", "[server][static]") {
  web_tree w;
  for (auto path : {"/../secret.txt", "/js/../../secret.txt", "/%2e%2e/secret.txt",
                    "/js/%2E%2E/%2e%2e/secret.txt", "/..%2fsecret.txt", "/.hidden",
                    "/js\\..\\..\\secret.txt", "/bad%zz", "/nul%00.js"}) {
    INFO(path);
    auto r = get(w, path);
    CHECK(r.status >= 400);
    CHECK_FALSE(contains(r.body, "top secret"));
  }
  // A symlink inside that points outside is not followed.
  auto leak = get(w, "/leak.txt");
  CHECK(leak.status == 404);
  CHECK_FALSE(contains(leak.body, "top secret"));
}

TEST_CASE("static: the server serves the dashboard on the API port with its policy",
          "[server][static][pg]") {
  web_tree w;
  test_database db{db_contents::migrated};
  server_process server{db.url(), {{"CENTRALITA_WEB_DIR", w.root.string()}}};
  http_connection conn{"127.0.0.1", server.api_port()};

  auto index = conn.request("GET", "/");
  CHECK(index.status == 200);
  CHECK(contains(index.body, "<title>index</title>"));
  CHECK(index.header("content-type") == "text/html; charset=utf-8");
  auto csp = index.header("content-security-policy");
  CHECK(contains(csp, "script-src 'self'"));
  CHECK(contains(csp, "connect-src 'self'"));
  CHECK_FALSE(contains(csp, "unsafe-inline"));

  auto head = conn.request("HEAD", "/js/app.js");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("content-length") == "19");

  CHECK(conn.request("GET", "/inbox/3").status == 200);
  CHECK(conn.request("GET", "/nope.js").status == 404);
  CHECK(conn.request("GET", "/%2e%2e/secret.txt").status == 400);
  auto api = conn.request("GET", "/api/v1/nothing");
  CHECK(api.status == 404);
  CHECK(contains(api.body, R"("code":"not_found")"));
  CHECK(conn.request("GET", "/healthz").status == 200);
}
