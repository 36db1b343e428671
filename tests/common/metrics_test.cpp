#include "common/metrics.hpp"

#include <catch2/catch.hpp>

using namespace centralita::metrics;

TEST_CASE("metrics render in the Prometheus text format", "[common]") {
  registry reg;
  reg.get_counter("x_total", "Things", "kind=\"a\"").inc(3);
  reg.get_gauge("depth", "Depth").set(-2);
  reg.gauge_fn("live", "Live", "", [] { return 5.0; });
  auto& h = reg.get_histogram("lat_seconds", "Latency");
  h.observe(0.0004);
  h.observe(0.02);
  h.observe(20);
  auto text = reg.render();
  CHECK(text.find("# HELP x_total Things\n# TYPE x_total counter\nx_total{kind=\"a\"} 3\n") !=
        std::string::npos);
  CHECK(text.find("depth -2\n") != std::string::npos);
  CHECK(text.find("live 5\n") != std::string::npos);
  CHECK(text.find("# TYPE lat_seconds histogram") != std::string::npos);
  CHECK(text.find("lat_seconds_bucket{le=\"0.0005\"} 1\n") != std::string::npos);
  CHECK(text.find("lat_seconds_bucket{le=\"0.025\"} 2\n") != std::string::npos);
  CHECK(text.find("lat_seconds_bucket{le=\"+Inf\"} 3\n") != std::string::npos);
  CHECK(text.find("lat_seconds_count 3\n") != std::string::npos);
}

TEST_CASE("the same name and labels give the same counter", "[common]") {
  registry reg;
  reg.get_counter("n_total", "N").inc();
  reg.get_counter("n_total", "N").inc();
  CHECK(reg.get_counter("n_total", "N").value() == 2);
}
