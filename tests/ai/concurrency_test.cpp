#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "ai/triage.hpp"

using centralita::ai::triage_model;

TEST_CASE("classify gives the same answers from several threads at once", "[ai]") {
  const auto& model = triage_model::builtin();
  const std::vector<std::string> texts = {"donde esta mi pedido 48213?",
                                          "me cobraron dos veces $300",
                                          "cuanto cuesta el envio?",
                                          "quiero hablar con un asesor",
                                          "pesimo servicio!!!",
                                          "gracias",
                                          "CS1001",
                                          "I was charged twice",
                                          "how much is a massage?",
                                          "the wifi is broken"};
  std::vector<std::string> expected;
  for (const auto& t : texts) expected.push_back(model.classify(t).category);

  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < got.size(); ++k) {
    threads.emplace_back([&, k] {
      for (int round = 0; round < 50; ++round) {
        for (const auto& t : texts) got[k].push_back(model.classify(t).category);
      }
    });
  }
  for (auto& th : threads) th.join();
  int mismatches = 0;
  for (const auto& g : got) {
    REQUIRE(g.size() == texts.size() * 50);
    for (std::size_t i = 0; i < g.size(); ++i) mismatches += g[i] != expected[i % texts.size()];
  }
  CHECK(mismatches == 0);
}
