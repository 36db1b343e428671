// The live event registry: batches reach every subscriber of their tenant only, one fan-out
// of a tenant at a time, and batches published meanwhile arrive joined, in order; each seq goes
// out once, with no gap (docs/architecture.md, "Cluster").
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "actors/event_bus.hpp"

using namespace centralita;
using centralita::actors::subscriber_registry;

namespace {

live_batch_ptr batch_of(std::vector<int64_t> seqs) {
  std::vector<std::pair<int64_t, std::string>> frames;
  for (auto s : seqs) frames.emplace_back(s, "{\"seq\":" + std::to_string(s) + "}");
  return std::make_shared<const live_batch>(make_live_batch(frames));
}

// What a subscriber received; it keeps the tokens until told to let them go.
struct recorder {
  std::vector<live_batch_ptr> batches;
  std::vector<std::shared_ptr<void>> held;
  bool hold = false;

  live_batch_sink sink() {
    return [this](const live_batch_ptr& batch, const std::shared_ptr<void>& taken) {
      batches.push_back(batch);
      if (hold) held.push_back(taken);
    };
  }
  std::vector<int64_t> seqs() const {
    std::vector<int64_t> out;
    for (const auto& b : batches)
      for (const auto& [seq, at] : b->index) out.push_back(seq);
    return out;
  }
};

}  // namespace

TEST_CASE("a batch reaches every subscriber of its tenant and no other", "[actors][events]") {
  auto registry = std::make_shared<subscriber_registry>();
  recorder a, b, other;
  registry->add(1, a.sink());
  auto b_id = registry->add(1, b.sink());
  registry->add(2, other.sink());

  registry->publish(1, batch_of({1, 2}));
  CHECK(a.seqs() == std::vector<int64_t>{1, 2});
  CHECK(b.seqs() == std::vector<int64_t>{1, 2});
  CHECK(other.batches.empty());
  CHECK(a.batches[0] == b.batches[0]);  // the same bytes, not a copy per subscriber

  registry->remove(b_id);
  registry->publish(1, batch_of({3}));
  CHECK(a.seqs() == std::vector<int64_t>{1, 2, 3});
  CHECK(b.seqs() == std::vector<int64_t>{1, 2});

  // One that joins later gets the batches from then on, and none after it is removed.
  recorder late;
  auto late_id = registry->add(2, late.sink());
  registry->publish(2, batch_of({1}));
  CHECK(late.seqs() == std::vector<int64_t>{1});
  CHECK(other.seqs() == std::vector<int64_t>{1});
  registry->remove(late_id);
  registry->remove(late_id);  // twice is harmless
  recorder again;
  registry->add(2, again.sink());
  registry->publish(2, batch_of({2}));
  CHECK(again.seqs() == std::vector<int64_t>{2});
  CHECK(late.seqs() == std::vector<int64_t>{1});
}

TEST_CASE("a tenant's next batch waits for the fan-out under way, then goes joined",
          "[actors][events]") {
  auto registry = std::make_shared<subscriber_registry>();
  recorder slow, quick, other;
  slow.hold = true;
  registry->add(1, slow.sink());
  registry->add(1, quick.sink());
  registry->add(2, other.sink());

  registry->publish(1, batch_of({1}));
  REQUIRE(slow.held.size() == 1);
  registry->publish(1, batch_of({2}));
  registry->publish(1, batch_of({3, 4}));
  CHECK(quick.seqs() == std::vector<int64_t>{1});  // still waiting on the slow subscriber
  registry->publish(2, batch_of({1}));
  CHECK(other.seqs() == std::vector<int64_t>{1});  // another tenant is not held up

  slow.hold = false;
  slow.held.clear();  // the slow subscriber has queued its batch
  CHECK(quick.batches.size() == 2);
  CHECK(quick.seqs() == std::vector<int64_t>{1, 2, 3, 4});
  CHECK(slow.seqs() == std::vector<int64_t>{1, 2, 3, 4});

  registry->publish(1, batch_of({5}));  // nothing under way: at once
  CHECK(quick.seqs() == std::vector<int64_t>{1, 2, 3, 4, 5});
}

TEST_CASE("a tenant without subscribers does not block its later ones", "[actors][events]") {
  auto registry = std::make_shared<subscriber_registry>();
  registry->publish(1, batch_of({1}));
  recorder late;
  registry->add(1, late.sink());
  registry->publish(1, batch_of({2}));
  CHECK(late.seqs() == std::vector<int64_t>{2});
}

TEST_CASE("each seq goes out once and in order, whoever hands it over", "[actors][events]") {
  auto registry = std::make_shared<subscriber_registry>();
  recorder sub;
  registry->add(1, sub.sink());
  registry->publish(1, batch_of({1, 2}));
  // This node's next batch comes after another node's events: it waits for the read-back.
  registry->publish(1, batch_of({5, 6}));
  CHECK(sub.seqs() == std::vector<int64_t>{1, 2});
  CHECK(registry->behind({{1, 6}}) == std::vector<std::pair<int64_t, int64_t>>{{1, 2}});
  // The read-back from the store overlaps what went out already: only the rest goes.
  registry->publish(1, batch_of({2, 3, 4, 5, 6}), true);
  CHECK(sub.seqs() == std::vector<int64_t>{1, 2, 3, 4, 5, 6});
  // A late copy of this node's own batch is not sent again.
  registry->publish(1, batch_of({5, 6}));
  CHECK(sub.seqs() == std::vector<int64_t>{1, 2, 3, 4, 5, 6});
  CHECK(registry->behind({{1, 6}}).empty());
  // A tenant without subscribers has nothing to read back: it is simply counted as sent.
  CHECK(registry->behind({{2, 9}}).empty());
  recorder late;
  registry->add(2, late.sink());
  registry->publish(2, batch_of({10}));
  CHECK(late.seqs() == std::vector<int64_t>{10});
}
