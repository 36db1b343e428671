// Snapshots of a knowledge_index: a small binary file with the chunks, their vectors and the
// serialized FAISS index, so a large tenant starts without retraining its IVF index.
#include <faiss/IndexIVF.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>

#include <cstdio>
#include <fstream>

#include "vectorindex/knowledge_index.hpp"

namespace centralita::vectorindex {

namespace {

constexpr uint32_t magic = 0x58494b43;  // "CKIX"
constexpr uint32_t format_version = 1;

class writer {
 public:
  explicit writer(std::ofstream& out) : out_(out) {}
  template <class T>
  void pod(const T& v) {
    out_.write(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void bytes(const void* p, size_t n) {
    pod(static_cast<uint64_t>(n));
    out_.write(static_cast<const char*>(p), static_cast<std::streamsize>(n));
  }
  void str(const std::string& s) { bytes(s.data(), s.size()); }

 private:
  std::ofstream& out_;
};

class reader {
 public:
  explicit reader(std::ifstream& in) : in_(in) {}
  template <class T>
  bool pod(T& v) {
    return static_cast<bool>(in_.read(reinterpret_cast<char*>(&v), sizeof v));
  }
  template <class Container>
  bool bytes(Container& c, size_t elem_size) {
    uint64_t n = 0;
    if (!pod(n) || n % elem_size != 0 || n > (uint64_t{1} << 34)) return false;
    c.resize(n / elem_size);
    return static_cast<bool>(
        in_.read(reinterpret_cast<char*>(c.data()), static_cast<std::streamsize>(n)));
  }
  bool str(std::string& s) { return bytes(s, 1); }

 private:
  std::ifstream& in_;
};

error not_a_snapshot(const std::string& path) {
  return make_error(errc::invalid_input, path + " is not a knowledge index snapshot",
                    "bad_snapshot");
}

}  // namespace

status knowledge_index::save(const std::string& path) const {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out{tmp, std::ios::binary | std::ios::trunc};
    if (!out) return make_error(errc::internal, "cannot write " + tmp, "io");
    writer w{out};
    w.pod(magic);
    w.pod(format_version);
    w.pod(static_cast<int32_t>(dimension_));
    w.pod(static_cast<uint64_t>(chunks_.size()));
    for (const auto& [id, c] : chunks_) {
      w.pod(id);
      w.pod(c.article_id);
      w.pod(static_cast<uint8_t>(c.lang));
      w.str(c.title);
      w.str(c.text);
      w.str(c.search_text);
      w.bytes(c.vector.data(), c.vector.size() * sizeof(float));
    }
    w.pod(static_cast<uint64_t>(ivf_trained_size_));
    faiss::VectorIOWriter faiss_out;
    try {
      faiss::write_index(dense_.get(), &faiss_out);
    } catch (const faiss::FaissException& e) {
      return make_error(errc::internal, std::string{"faiss: "} + e.what(), "faiss");
    }
    w.bytes(faiss_out.data.data(), faiss_out.data.size());
    if (!out.flush()) return make_error(errc::internal, "cannot write " + tmp, "io");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return make_error(errc::internal, "cannot replace " + path, "io");
  }
  return ok_status();
}

result<knowledge_index> knowledge_index::load(const std::string& path, index_options options) {
  std::ifstream in{path, std::ios::binary};
  if (!in) return make_error(errc::not_found, "no snapshot at " + path, "no_snapshot");
  reader r{in};
  uint32_t m = 0;
  uint32_t version = 0;
  int32_t dimension = 0;
  uint64_t count = 0;
  if (!r.pod(m) || m != magic || !r.pod(version) || version != format_version ||
      !r.pod(dimension) || dimension <= 0 || !r.pod(count)) {
    return not_a_snapshot(path);
  }
  knowledge_index index{dimension, options};
  for (uint64_t i = 0; i < count; ++i) {
    int64_t id = 0;
    chunk_entry c;
    uint8_t lang = 0;
    if (!r.pod(id) || !r.pod(c.article_id) || !r.pod(lang) || !r.str(c.title) || !r.str(c.text) ||
        !r.str(c.search_text) || !r.bytes(c.vector, sizeof(float)) ||
        static_cast<int>(c.vector.size()) != dimension) {
      return not_a_snapshot(path);
    }
    c.lang = lang == static_cast<uint8_t>(language::en) ? language::en : language::es;
    index.lexical_.add(id, index.terms_of(c.search_text, c.lang));
    index.article_chunks_[c.article_id].push_back(id);
    index.chunks_.emplace(id, std::move(c));
  }
  uint64_t trained = 0;
  faiss::VectorIOReader faiss_in;
  if (!r.pod(trained) || !r.bytes(faiss_in.data, 1)) return not_a_snapshot(path);
  try {
    index.dense_.reset(faiss::read_index(&faiss_in));
  } catch (const faiss::FaissException& e) {
    return not_a_snapshot(path);
  }
  if (index.dense_->ntotal != static_cast<faiss::Index::idx_t>(count) ||
      index.dense_->d != dimension) {
    return not_a_snapshot(path);
  }
  index.ivf_trained_size_ = trained;
  if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(index.dense_.get())) {
    ivf->nprobe = static_cast<size_t>(options.nprobe);
  }
  return index;
}

}  // namespace centralita::vectorindex
