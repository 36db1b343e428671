#include "kb_import.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/knowledge_repo.hpp"
#include "storage/pg_connect.hpp"
#include "storage/tenant_repo.hpp"
#include "vectorindex/article_chunks.hpp"
#include "vectorindex/local_embedder.hpp"

namespace centralita::cli {

namespace {

namespace fs = std::filesystem;

// Articles per transaction: one commit (a few ms of fsync) is shared by many articles.
constexpr size_t batch_size = 200;

struct pending {
  std::string path;
  storage::article_input input;
  std::vector<storage::chunk_row> chunks;
};

std::vector<std::string> expand(const std::vector<std::string>& paths,
                                std::vector<std::string>& missing) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::recursive_directory_iterator{p, ec}) {
        if (e.is_regular_file() && e.path().extension() == ".md") found.push_back(e.path());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      missing.push_back(p);
    }
  }
  return files;
}

result<pending> read_article(const std::string& path, const vectorindex::embedder& e) {
  std::ifstream in{path, std::ios::binary};
  if (!in) return make_error(errc::not_found, "cannot read the file", "io");
  std::stringstream text;
  text << in.rdbuf();
  auto a = vectorindex::parse_markdown_article(text.str());
  if (!a) return a.error();
  pending p;
  p.path = path;
  p.input.title = a->title;
  p.input.body = a->body;
  p.input.language = a->language;
  if (auto s = storage::validate_article(p.input); !s) return s.error();
  auto prepared = vectorindex::prepare_chunks(a->title, a->body, e);
  if (!prepared) return prepared.error();
  for (auto& c : *prepared) p.chunks.push_back({c.ordinal, std::move(c.text), std::move(c.vector)});
  return p;
}

void draw_bar(size_t done, size_t total) {
  constexpr int width = 40;
  const int filled = total == 0 ? width : static_cast<int>(width * done / total);
  std::printf("\r[%s%s] %zu/%zu", std::string(static_cast<size_t>(filled), '#').c_str(),
              std::string(static_cast<size_t>(width - filled), ' ').c_str(), done, total);
  std::fflush(stdout);
}

}  // namespace

int kb_import(const kb_import_options& o) {
  const auto started = std::chrono::steady_clock::now();
  if (o.database_url.empty()) {
    std::fprintf(stderr, "kb import: configuration DATABASE_URL: is required\n");
    return 1;
  }
  auto db = storage::open_for_tool("kb import", o.database_url);
  if (!db) return 1;
  auto tenant = storage::tenant_repo{*db}.find_by_slug(o.tenant);
  if (!tenant) {
    std::fprintf(stderr, "kb import: no tenant '%s'\n", o.tenant.c_str());
    return 1;
  }
  std::vector<std::string> missing;
  const auto files = expand(o.paths, missing);
  size_t failed = 0;
  for (const auto& m : missing) {
    std::fprintf(stderr, "kb import: %s: no such file or directory\n", m.c_str());
    ++failed;
  }
  if (files.empty()) {
    std::fprintf(stderr, "kb import: no Markdown files to import\n");
    return 1;
  }

  const vectorindex::local_embedder embedder;
  const auto who = storage::actor{"system", std::nullopt};
  storage::knowledge_repo repo{*db};
  size_t imported = 0;
  size_t chunks = 0;
  size_t done = 0;
  std::vector<pending> batch;
  auto flush = [&]() -> bool {
    if (batch.empty()) return true;
    std::vector<storage::article_input> inputs;
    std::vector<std::vector<storage::chunk_row>> rows;
    for (auto& p : batch) {
      inputs.push_back(p.input);
      rows.push_back(std::move(p.chunks));
    }
    auto created = repo.create_many(tenant->id, who, inputs, rows, embedder.name());
    if (!created) {
      std::fprintf(stderr, "%skb import: storing %zu articles failed: %s\n",
                   o.progress_bar ? "\n" : "", batch.size(), created.error().message.c_str());
      return false;
    }
    for (size_t i = 0; i < created->size(); ++i) {
      chunks += rows[i].size();
      if (!o.progress_bar) {
        std::printf("kb import: %s: article %lld \"%s\" (%zu chunks)\n", batch[i].path.c_str(),
                    static_cast<long long>((*created)[i].id), (*created)[i].title.c_str(),
                    rows[i].size());
      }
    }
    imported += created->size();
    batch.clear();
    return true;
  };
  for (const auto& f : files) {
    auto p = read_article(f, embedder);
    ++done;
    if (!p) {
      std::fprintf(stderr, "%skb import: %s: %s\n", o.progress_bar ? "\n" : "", f.c_str(),
                   p.error().message.c_str());
      ++failed;
    } else {
      batch.push_back(std::move(*p));
      if (batch.size() >= batch_size && !flush()) return 1;
    }
    if (o.progress_bar) draw_bar(done, files.size());
  }
  if (!flush()) return 1;
  if (o.progress_bar) std::printf("\n");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("kb import: %zu imported, %zu failed, %zu chunks, %.2f s (%.0f articles/s)\n",
              imported, failed, chunks, seconds, seconds > 0 ? imported / seconds : 0.0);
  return failed == 0 ? 0 : 2;
}

}  // namespace centralita::cli
