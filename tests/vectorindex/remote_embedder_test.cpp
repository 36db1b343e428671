// The remote embedder over a stand-in provider function: the dimension comes from the first
// answer, vectors are normalised, another dimension later is refused, and failures pass through.
#include "vectorindex/remote_embedder.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace centralita;
using namespace centralita::vectorindex;

namespace {
// Each text becomes (length, 1, 0, ...) of `dim`.
embed_function provider(int& dim, int& calls) {
  return [&dim, &calls](const std::vector<std::string>& texts) -> result<std::vector<embedding>> {
    ++calls;
    if (dim == 0) return make_error(errc::unavailable, "down", "down");
    std::vector<embedding> out;
    for (const auto& t : texts) {
      embedding v(static_cast<size_t>(dim), 0.0f);
      v[0] = static_cast<float>(t.size());
      v[1] = 1.0f;
      out.push_back(v);
    }
    return out;
  };
}
}  // namespace

TEST_CASE("the remote embedder learns its dimension and normalises", "[vectorindex]") {
  int dim = 0;
  int calls = 0;
  remote_embedder e{"openai:test-model", provider(dim, calls)};
  CHECK(e.name() == "openai:test-model");
  CHECK(e.dimension() == 0);  // unreachable: unknown, asked again next time
  auto down = e.embed({"a"});
  REQUIRE_FALSE(down);
  CHECK(down.error().code == errc::unavailable);

  dim = 3;
  CHECK(e.dimension() == 3);
  auto v = e.embed({"abc", "abcd"});
  REQUIRE(v);
  REQUIRE(v->size() == 2);
  for (const auto& x : *v) {
    double norm = 0;
    for (float f : x) norm += static_cast<double>(f) * f;
    CHECK(std::sqrt(norm) == Approx(1.0));
  }
  CHECK((*v)[0][0] == Approx(3.0 / std::sqrt(10.0)));
  auto q = e.embed_query("ab");
  REQUIRE(q);
  CHECK(q->size() == 3);

  const int before = calls;
  CHECK(e.dimension() == 3);  // known: no probe
  CHECK(calls == before);
  dim = 4;
  auto other = e.embed({"x"});
  REQUIRE_FALSE(other);
  CHECK(other.error().message.find("dimension 4 instead of 3") != std::string::npos);
}
