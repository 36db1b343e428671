#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "ai/linear_model.hpp"
#include "ai/triage.hpp"

using namespace centralita::ai;

namespace {

// A tiny model: a few non-zero buckets, enough to exercise the format.
linear_model tiny_model() {
  linear_model m;
  m.features.buckets_log2 = 10;
  m.weights.assign((std::size_t{1} << 10) * class_count, 0.0F);
  m.weights[3 * class_count + 1] = 0.5F;
  m.weights[700 * class_count + 6] = -1.25F;
  m.bias = {0.1F, 0.2F, 0.3F, 0.4F, 0.5F, 0.6F, 0.7F};
  m.temperature = 1.5;
  return m;
}

std::string replace_line(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a model survives serialize and parse unchanged", "[ai]") {
  auto m = tiny_model();
  auto text = serialize_model(m);
  CHECK(text.rfind(std::string{model_header} + "\n", 0) == 0);
  auto back = parse_model(text);
  REQUIRE(back.ok());
  CHECK(back->weights == m.weights);
  CHECK(back->bias == m.bias);
  CHECK(back->temperature == Approx(1.5));
  CHECK(serialize_model(*back) == text);
}

TEST_CASE("the built-in model parses and re-serializes to the same text", "[ai]") {
  const auto& w = triage_model::builtin().weights();
  auto again = parse_model(serialize_model(w));
  REQUIRE(again.ok());
  CHECK(serialize_model(*again) == serialize_model(w));
  CHECK(w.temperature > 0);
}

TEST_CASE("a wrong version or a corrupt file is a clear error", "[ai]") {
  auto good = serialize_model(tiny_model());
  auto check_error = [](const std::string& text, const std::string& expected) {
    auto r = triage_model::parse(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == centralita::errc::invalid_input);
    INFO(r.error().message);
    CHECK(r.error().message.find(expected) != std::string::npos);
  };
  check_error(replace_line(good, "model v1", "model v2"), "version");
  check_error("", "version");
  check_error(
      "\x7f"
      "ELF binary garbage",
      "version");
  check_error(good.substr(0, good.size() / 2), "line");  // truncated
  check_error(good.substr(0, good.size() - 4), "end");   // no "end"
  check_error(replace_line(good, "features 10", "features 99"), "feature");
  check_error(replace_line(good, "HUMAN OTHER", "OTHER HUMAN"), "classes");
  check_error(replace_line(good, "temperature 1.5", "temperature -1"), "temperature");
  check_error(replace_line(good, "\n3 ", "\n99999 "), "weight row");
  check_error(replace_line(good, "\n3 0 0.5", "\n3 0 zero"), "bad weight");
  check_error(replace_line(good, "bias 0.1", "bias x"), "bias");
  check_error(replace_line(good, "rows 2", "rows 5"), "line");
}

TEST_CASE("load_file reads a model and names a missing file", "[ai]") {
  auto path = std::string{"triage_model_test.tmp"};
  {
    std::ofstream out{path};
    out << serialize_model(tiny_model());
  }
  auto m = triage_model::load_file(path);
  REQUIRE(m.ok());
  CHECK(m->weights().temperature == Approx(1.5));
  CHECK_FALSE(m->classify("hola").category.empty());
  std::remove(path.c_str());

  auto missing = triage_model::load_file("no/such/triage.model");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("no/such/triage.model") != std::string::npos);
}
