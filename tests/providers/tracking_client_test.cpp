// The tracking providers' clients against fake AfterShip and 17TRACK servers on loopback that
// speak the vendors' formats, and the demo provider's timeline under an injected clock.
#include <catch2/catch.hpp>

#include "providers/aftership_tracking.hpp"
#include "providers/demo_tracking.hpp"
#include "providers/seventeentrack_tracking.hpp"
#include "tests/support/fake_tracking.hpp"

using namespace centralita;
using namespace centralita::providers;
using centralita::testkit::fake_tracking_api;
using centralita::testkit::fake_vendor;

namespace {

aftership_tracking aftership_client(const fake_tracking_api& fake, const std::string& key) {
  auto base = parse_url(fake.url());
  REQUIRE(base);
  return aftership_tracking{{*base, key}};
}

seventeentrack_tracking seventeen_client(const fake_tracking_api& fake, const std::string& key) {
  auto base = parse_url(fake.url());
  REQUIRE(base);
  return seventeentrack_tracking{{*base, key}};
}

}  // namespace

TEST_CASE("AfterShip: create, get by number, get by id, with as-api-key", "[providers][tracking]") {
  fake_tracking_api fake{fake_vendor::aftership, "as_key"};
  auto client = aftership_client(fake, "as_key");
  tracking_ref ref{"CS3001", "", "", "3001", 0};

  // Unknown: the search finds nothing.
  auto none = client.get(ref);
  REQUIRE_FALSE(none);
  CHECK(none.error().code == errc::not_found);

  auto created = client.create(ref);
  REQUIRE(created);
  CHECK(created->provider_ref == "as-CS3001");
  CHECK(created->status == "Pending");
  CHECK(fake.created() == std::vector<std::string>{"CS3001"});

  fake.set("CS3001", {"as-CS3001",
                      "InTransit",
                      {{"2025-02-14T08:00:00Z", "InfoReceived", "CDMX", "Label created"},
                       {"2025-02-14T12:00:00Z", "InTransit", "Querétaro", "Departed"}}});
  ref.provider_ref = created->provider_ref;
  auto got = client.get(ref);
  REQUIRE(got);
  CHECK(got->status == "InTransit");
  REQUIRE(got->checkpoints.size() == 2);
  CHECK(got->checkpoints[1].description == "Departed");
  CHECK(got->status_at == "2025-02-14T12:00:00Z");

  auto requests = fake.received();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].method == "GET");
  CHECK(requests[0].target == "/tracking/2025-01/trackings?tracking_numbers=CS3001");
  CHECK(requests[1].method == "POST");
  CHECK(requests[1].target == "/tracking/2025-01/trackings");
  CHECK(requests[1].body == R"({"tracking_number":"CS3001","order_number":"3001"})");
  CHECK(requests[1].headers["content-type"] == "application/json");
  CHECK(requests[2].target == "/tracking/2025-01/trackings/as-CS3001");
  for (auto& r : requests) CHECK(r.headers["as-api-key"] == "as_key");

  auto refused = aftership_client(fake, "wrong").get(ref);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == errc::unauthorized);
  // A tracking id that would change the path is not sent.
  ref.provider_ref = "../x";
  CHECK_FALSE(client.get(ref));
  CHECK(fake.received().size() == 4);
}

TEST_CASE("A customer's number is looked up, registered only when it is a tracking number",
          "[providers][tracking]") {
  fake_tracking_api fake{fake_vendor::aftership, "as_key"};
  auto client = aftership_client(fake, "as_key");

  // Known to the provider: found by the search, nothing registered.
  fake.set("CS4001", {"as-CS4001", "InTransit", {}});
  auto known = client.look_up({"CS4001", "", "", "", 0}, true);
  REQUIRE(known);
  CHECK(known->status == "InTransit");
  CHECK(fake.created().empty());

  // Unknown: registered, as AfterShip tracks only registered numbers.
  auto fresh = client.look_up({"1Z999AA10123456784", "", "", "", 0}, true);
  REQUIRE(fresh);
  CHECK(fresh->status == "Pending");
  CHECK(fake.created() == std::vector<std::string>{"1Z999AA10123456784"});

  // An order number is never registered as a tracking number.
  auto order = client.look_up({"98765", "", "", "98765", 0}, false);
  REQUIRE_FALSE(order);
  CHECK(order.error().code == errc::not_found);
  CHECK(fake.created().size() == 1);

  // A number no courier matches is refused by AfterShip: nobody can track it.
  auto refused = client.look_up({"NOCOURIER42", "", "", "", 0}, true);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == errc::not_found);
}

TEST_CASE("The demo carrier finds only numbers of its own shape", "[providers][tracking]") {
  demo_tracking demo{[] { return int64_t{1'700'000'000}; }};
  CHECK(demo_carrier_number("CS1001"));
  CHECK(demo_carrier_number("cs20417"));
  CHECK_FALSE(demo_carrier_number("CS12"));
  CHECK_FALSE(demo_carrier_number("CS12AB34"));
  CHECK_FALSE(demo_carrier_number("ZX99887766"));
  auto found = demo.look_up({"CS20417", "", "", "", 1'700'000'000}, true);
  REQUIRE(found);
  CHECK(found->status == "InfoReceived");
  auto unknown = demo.look_up({"ZX99887766", "", "", "", 1'700'000'000}, true);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == errc::not_found);
  // Registration (an agent's, through the API) still takes any number.
  CHECK(demo.create({"ZX99887766", "", "", "", 1'700'000'000}));
}

TEST_CASE("17TRACK: register and gettrackinfo with 17token and array bodies",
          "[providers][tracking]") {
  fake_tracking_api fake{fake_vendor::seventeentrack, "17_key"};
  auto client = seventeen_client(fake, "17_key");
  tracking_ref ref{"RR123456789CN", "3011", "", "ORD-1001", 0};

  auto none = client.get(ref);
  REQUIRE_FALSE(none);
  CHECK(none.error().code == errc::not_found);
  CHECK(none.error().message.find("-18019902") != std::string::npos);

  auto registered = client.create(ref);
  REQUIRE(registered);
  CHECK(registered->tracking_number == "RR123456789CN");
  CHECK(registered->carrier == "3011");

  fake.set("RR123456789CN",
           {"",
            "DeliveryFailure",
            {{"2025-02-14T08:00:00Z", "InTransit", "Shanghai", "Departed"},
             {"2025-02-16T10:00:00Z", "DeliveryFailure", "Madrid", "Nobody home"}}});
  auto got = client.get(ref);
  REQUIRE(got);
  CHECK(got->status == "AttemptFail");
  REQUIRE(got->checkpoints.size() == 2);
  // 17TRACK lists newest first; checkpoints come oldest first.
  CHECK(got->checkpoints[0].location == "Shanghai");
  CHECK(got->checkpoints[0].status == "InTransit");
  CHECK(got->checkpoints[1].status == "AttemptFail");
  CHECK(got->status_at == "2025-02-16T10:00:00Z");

  auto requests = fake.received();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].target == "/track/v2.2/gettrackinfo");
  CHECK(requests[0].body == R"([{"number":"RR123456789CN","carrier":3011}])");
  CHECK(requests[1].target == "/track/v2.2/register");
  CHECK(requests[1].body == R"([{"number":"RR123456789CN","carrier":3011,"tag":"ORD-1001"}])");
  for (auto& r : requests) {
    CHECK(r.method == "POST");
    CHECK(r.headers["17token"] == "17_key");
  }
  // A carrier name is left to auto-detection.
  CHECK(seventeentrack_body({"CS1002", "DHL", "", "", 0}, true) ==
        R"([{"number":"CS1002","auto_detection":true}])");
  CHECK_FALSE(seventeen_client(fake, "wrong").get(ref));
}

TEST_CASE("the demo timeline advances with the injected clock, the same for the same number",
          "[providers][tracking]") {
  int64_t now = 0;
  demo_tracking demo{[&now] { return now; }};
  const int64_t created = 1739537297;
  const int64_t hour = 3600;

  // CS1002 goes on from the seeded InTransit: out for delivery, then delivered.
  tracking_ref cs1002{"CS1002", "DHL", "", "1002", created};
  now = created;
  auto at_start = demo.get(cs1002);
  REQUIRE(at_start);
  CHECK(at_start->status == "InTransit");
  CHECK(at_start->checkpoints.empty());
  REQUIRE(at_start->eta);
  now = created + 21 * hour;
  auto later = demo.get(cs1002);
  REQUIRE(later);
  CHECK(later->status == "OutForDelivery");
  CHECK(later->checkpoints.size() == 2);
  CHECK(later->checkpoints.back().occurred_at == iso_utc(created + 20 * hour));
  now = created + 30 * hour;
  CHECK(demo.get(cs1002)->status == "Delivered");
  CHECK_FALSE(demo.get(cs1002)->eta);

  // CS1003 gets its second attempt; CS1001 was delivered already.
  now = created + 5 * hour;
  CHECK(demo.get({"CS1003", "", "", "", created})->status == "OutForDelivery");
  CHECK(demo.get({"CS1001", "", "", "", created})->status == "Delivered");

  // Any other number: information received at creation, delivered within three days.
  tracking_ref other{"ZX900001", "", "", "", created};
  now = created;
  auto first = demo.get(other);
  REQUIRE(first);
  CHECK(first->status == "InfoReceived");
  CHECK(first->checkpoints.size() == 1);
  now = created + 4 * 24 * hour;
  auto done = demo.get(other);
  CHECK(done->status == "Delivered");
  CHECK(done->checkpoints.size() >= 5);
  auto a = demo_timeline_for("ZX900001");
  auto b = demo_timeline_for("ZX900001");
  for (size_t i = 0; i < a.stages.size(); ++i) {
    CHECK(a.stages[i].offset_s == b.stages[i].offset_s);
    CHECK(a.stages[i].location == b.stages[i].location);
  }
  // Times only go forward.
  for (size_t i = 1; i < done->checkpoints.size(); ++i) {
    CHECK(done->checkpoints[i - 1].occurred_at <= done->checkpoints[i].occurred_at);
  }
}
