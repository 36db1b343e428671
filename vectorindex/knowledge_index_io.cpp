// Snapshots of a knowledge_index, so a large tenant starts without re-reading 100,000 vectors from
// PostgreSQL, re-analysing their text and retraining its cells. One binary file: a header (magic,
// format version, payload size, FNV-1a checksum of the payload) and the payload: the stamp (the
// embedder, the (article, version) pairs covered and the origin), the chunks with their vectors,
// the IVF centroids and lists, and the BM25 documents. Anything that does not add up is refused.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "vectorindex/chunker.hpp"
#include "vectorindex/knowledge_index.hpp"

namespace centralita::vectorindex {

namespace {

constexpr uint32_t magic = 0x58494b43;  // "CKIX"
// 3: the stamp names its origin (the database and tenant); older files are rebuilt once.
constexpr uint32_t format_version = 3;
constexpr uint64_t max_bytes = uint64_t{1} << 36;

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

class writer {
 public:
  template <class T>
  void pod(const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void bytes(const void* p, size_t n) {
    pod(static_cast<uint64_t>(n));
    out.append(static_cast<const char*>(p), n);
  }
  void str(const std::string& s) { bytes(s.data(), s.size()); }
  std::string out;
};

class reader {
 public:
  explicit reader(const std::string& in) : in_(in) {}
  template <class T>
  bool pod(T& v) {
    if (in_.size() - pos_ < sizeof v) return false;
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return true;
  }
  template <class Container>
  bool bytes(Container& c, size_t elem_size) {
    uint64_t n = 0;
    if (!pod(n) || n % elem_size != 0 || n > in_.size() - pos_) return false;
    c.resize(n / elem_size);
    if (n > 0) std::memcpy(reinterpret_cast<char*>(c.data()), in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool str(std::string& s) { return bytes(s, 1); }
  bool done() const { return pos_ == in_.size(); }

 private:
  const std::string& in_;
  size_t pos_ = 0;
};

error not_a_snapshot(const std::string& path, const std::string& why) {
  return make_error(errc::invalid_input, path + " is not a usable knowledge snapshot: " + why,
                    "bad_snapshot");
}

}  // namespace

status knowledge_index::save(const std::string& path, const snapshot_stamp& stamp) const {
  writer w;
  w.str(stamp.embedder);
  w.pod(static_cast<uint64_t>(stamp.articles.size()));
  for (const auto& [article, version] : stamp.articles) {
    w.pod(article);
    w.pod(static_cast<int32_t>(version));
  }
  w.pod(static_cast<uint64_t>(stamp.origin.size()));
  for (const auto& [part, value] : stamp.origin) {
    w.str(part);
    w.str(value);
  }
  w.pod(static_cast<int32_t>(dimension_));
  w.pod(static_cast<uint64_t>(trained_size_));
  // Only chunks their article owns; should the two maps ever disagree, the counts below no
  // longer add up and load() refuses the file, which means a rebuild rather than a crash.
  std::vector<std::pair<int64_t, const chunk_entry*>> owned;
  owned.reserve(chunks_.size());
  for (const auto& [article, ids] : article_chunks_) {
    for (auto id : ids) {
      auto c = chunks_.find(id);
      if (c != chunks_.end() && c->second.article_id == article) owned.emplace_back(id, &c->second);
    }
  }
  w.pod(static_cast<uint64_t>(owned.size()));
  for (const auto& [id, c] : owned) {
    w.pod(id);
    w.pod(c->article_id);
    w.pod(static_cast<uint8_t>(c->lang));
    w.str(c->title);
    w.str(c->text);
    w.bytes(c->vector.data(), c->vector.size() * sizeof(float));
  }
  const auto& centroids = dense_.centroids();
  w.bytes(centroids.data(), centroids.size() * sizeof(float));
  const auto lists = dense_.list_ids();
  w.pod(static_cast<uint64_t>(lists.size()));
  for (const auto& l : lists) w.bytes(l.data(), l.size() * sizeof(int64_t));
  const auto lexical = lexical_.save();
  w.pod(static_cast<uint64_t>(lexical.terms.size()));
  for (const auto& t : lexical.terms) w.str(t);
  w.pod(static_cast<uint64_t>(lexical.documents.size()));
  for (const auto& d : lexical.documents) {
    w.pod(d.id);
    w.pod(d.length);
    w.bytes(d.terms.data(), d.terms.size() * sizeof(d.terms[0]));
  }

  const std::string tmp = path + ".tmp";
  // What could not be finished is removed: on a full disk it would keep the space taken.
  auto failed = [&tmp](const std::string& what, int err) {
    std::remove(tmp.c_str());
    return make_error(errc::internal, what + ": " + std::strerror(err), "io");
  };
  {
    std::ofstream out{tmp, std::ios::binary | std::ios::trunc};
    if (!out) return failed("cannot write " + tmp, errno);
    writer header;
    header.pod(magic);
    header.pod(format_version);
    header.pod(static_cast<uint64_t>(w.out.size()));
    header.pod(fnv1a(w.out));
    out.write(header.out.data(), static_cast<std::streamsize>(header.out.size()));
    out.write(w.out.data(), static_cast<std::streamsize>(w.out.size()));
    if (!out.flush()) {
      const int err = errno;
      out.close();
      return failed("cannot write " + tmp, err);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return failed("cannot replace " + path, errno);
  return ok_status();
}

result<knowledge_index::loaded> knowledge_index::load(const std::string& path,
                                                      index_options options) {
  std::ifstream in{path, std::ios::binary};
  if (!in) return make_error(errc::not_found, "no snapshot at " + path, "no_snapshot");
  uint32_t m = 0;
  uint32_t version = 0;
  uint64_t size = 0;
  uint64_t checksum = 0;
  in.read(reinterpret_cast<char*>(&m), sizeof m);
  in.read(reinterpret_cast<char*>(&version), sizeof version);
  in.read(reinterpret_cast<char*>(&size), sizeof size);
  in.read(reinterpret_cast<char*>(&checksum), sizeof checksum);
  if (!in || m != magic) return not_a_snapshot(path, "no header");
  if (version != format_version) return not_a_snapshot(path, "another format version");
  if (size > max_bytes) return not_a_snapshot(path, "bad size");
  std::string payload(size, '\0');
  in.read(payload.data(), static_cast<std::streamsize>(size));
  if (!in || in.peek() != std::ifstream::traits_type::eof()) {
    return not_a_snapshot(path, "truncated or too long");
  }
  if (fnv1a(payload) != checksum) return not_a_snapshot(path, "checksum mismatch");

  reader r{payload};
  snapshot_stamp stamp;
  uint64_t count = 0;
  if (!r.str(stamp.embedder) || !r.pod(count) || count > size) {
    return not_a_snapshot(path, "bad stamp");
  }
  for (uint64_t i = 0; i < count; ++i) {
    int64_t article = 0;
    int32_t v = 0;
    if (!r.pod(article) || !r.pod(v)) return not_a_snapshot(path, "bad stamp");
    stamp.articles.emplace_back(article, v);
  }
  if (!r.pod(count) || count > size) return not_a_snapshot(path, "bad origin");
  for (uint64_t i = 0; i < count; ++i) {
    std::string part;
    std::string value;
    if (!r.str(part) || !r.str(value)) return not_a_snapshot(path, "bad origin");
    stamp.origin.emplace_back(std::move(part), std::move(value));
  }
  int32_t dimension = 0;
  uint64_t trained = 0;
  if (!r.pod(dimension) || dimension <= 0 || !r.pod(trained) || !r.pod(count) || count > size) {
    return not_a_snapshot(path, "bad chunks");
  }
  knowledge_index index{dimension, options};
  for (uint64_t i = 0; i < count; ++i) {
    int64_t id = 0;
    chunk_entry c;
    uint8_t lang = 0;
    if (!r.pod(id) || !r.pod(c.article_id) || !r.pod(lang) || !r.str(c.title) || !r.str(c.text) ||
        !r.bytes(c.vector, sizeof(float)) || static_cast<int>(c.vector.size()) != dimension ||
        index.chunks_.count(id) != 0) {
      return not_a_snapshot(path, "bad chunk");
    }
    c.lang = lang == static_cast<uint8_t>(language::en) ? language::en : language::es;
    c.search_text = chunk_search_text(c.title, c.text);
    index.article_chunks_[c.article_id].push_back(id);
    index.chunks_.emplace(id, std::move(c));
  }
  std::vector<float> centroids;
  uint64_t lists = 0;
  if (!r.bytes(centroids, sizeof(float)) || !r.pod(lists) || lists == 0 || lists > count + 1) {
    return not_a_snapshot(path, "bad cells");
  }
  std::vector<std::vector<int64_t>> list_ids(lists);
  size_t listed = 0;
  for (auto& l : list_ids) {
    if (!r.bytes(l, sizeof(int64_t))) return not_a_snapshot(path, "bad cells");
    listed += l.size();
  }
  auto vector_of = [&index](int64_t id) -> const float* {
    auto it = index.chunks_.find(id);
    return it == index.chunks_.end() ? nullptr : it->second.vector.data();
  };
  if (listed != count || !index.dense_.restore(std::move(centroids), list_ids, vector_of)) {
    return not_a_snapshot(path, "bad cells");
  }
  lexical_scorer::stored lexical;
  if (!r.pod(count) || count > size) return not_a_snapshot(path, "bad terms");
  lexical.terms.resize(count);
  for (auto& t : lexical.terms) {
    if (!r.str(t)) return not_a_snapshot(path, "bad terms");
  }
  if (!r.pod(count) || count != index.chunks_.size()) return not_a_snapshot(path, "bad terms");
  lexical.documents.resize(count);
  for (auto& d : lexical.documents) {
    if (!r.pod(d.id) || !r.pod(d.length) || !r.bytes(d.terms, sizeof(d.terms[0])) ||
        index.chunks_.count(d.id) == 0) {
      return not_a_snapshot(path, "bad terms");
    }
  }
  if (!r.done() || !lexical_scorer::restore(lexical, index.lexical_)) {
    return not_a_snapshot(path, "bad terms");
  }
  index.trained_size_ = trained;
  return loaded{std::move(index), std::move(stamp)};
}

}  // namespace centralita::vectorindex
