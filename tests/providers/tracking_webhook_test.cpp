// The tracking webhooks: both vendors' signatures against their test vectors
// (docs/protocols.md §4a, §4b), forged and malformed deliveries, and the one status mapping.
#include <catch2/catch.hpp>

#include "providers/aftership_tracking.hpp"
#include "providers/seventeentrack_tracking.hpp"
#include "providers/tracking_signature.hpp"
#include "providers/tracking_status.hpp"

using namespace centralita;
using namespace centralita::providers;

namespace {

// The AfterShip test vector (docs/protocols.md §4a): the 241-byte body and its header.
constexpr const char* aftership_secret = "as_webhook_secret_test";
constexpr const char* aftership_body =
    R"({"event":"tracking_update","event_id":"3f1b6a2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b","is_tracking_first_tag":true,"msg":{"id":"trk_test","tracking_number":"1Z999AA10123456784","slug":"ups","tag":"Delivered","subtag":"Delivered_001"},"ts":1739537297})";
constexpr const char* aftership_header = "a0lylvNJf40Mvxgn5EwYZWyhuMrTqN3BqfqoNoMm3LE=";

// The 17TRACK test vector (docs/protocols.md §4b): the 216-byte body and its sign.
constexpr const char* seventeen_key = "17track_key_test";
constexpr const char* seventeen_body =
    R"({"event":"TRACKING_UPDATED","data":{"number":"RR123456789CN","carrier":3011,"param":null,"tag":"ORD-1001","track_info":{"latest_status":{"status":"InTransit","sub_status":"InTransit_Other","sub_status_descr":null}}}})";
constexpr const char* seventeen_sign =
    "26015618b4fa8b0e498386440925d5c8b3fc7ade76d97b25f43d0e8d26a574a6";

std::string field_error(const error& e) { return e.message; }

}  // namespace

TEST_CASE("AfterShip's vector verifies, forged, re-keyed and missing signatures do not",
          "[providers][tracking]") {
  CHECK(std::string{aftership_body}.size() == 241);
  CHECK(sign_aftership(aftership_body, aftership_secret) == aftership_header);
  CHECK(verify_aftership_signature(aftership_header, aftership_body, aftership_secret));
  std::string tampered = aftership_body;
  tampered.replace(tampered.find("Delivered"), 9, "Exception");
  CHECK_FALSE(verify_aftership_signature(aftership_header, tampered, aftership_secret));
  CHECK_FALSE(verify_aftership_signature(aftership_header, aftership_body, "another_secret"));
  auto missing = verify_aftership_signature("", aftership_body, aftership_secret);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == errc::unauthorized);
  CHECK(field_error(missing.error()).find("aftership-hmac-sha256") != std::string::npos);
  CHECK_FALSE(verify_aftership_signature(aftership_header, aftership_body, ""));
}

TEST_CASE("17TRACK's vector verifies (either hex case), forged and missing signs do not",
          "[providers][tracking]") {
  CHECK(std::string{seventeen_body}.size() == 216);
  CHECK(sign_17track(seventeen_body, seventeen_key) == seventeen_sign);
  CHECK(verify_17track_signature(seventeen_sign, seventeen_body, seventeen_key));
  std::string upper = seventeen_sign;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(verify_17track_signature(upper, seventeen_body, seventeen_key));
  CHECK_FALSE(
      verify_17track_signature(seventeen_sign, std::string{seventeen_body} + " ", seventeen_key));
  CHECK_FALSE(verify_17track_signature(seventeen_sign, seventeen_body, "other_key"));
  // An HMAC in place of the plain hash is refused.
  CHECK_FALSE(verify_17track_signature(sign_aftership(seventeen_body, seventeen_key),
                                       seventeen_body, seventeen_key));
  CHECK_FALSE(verify_17track_signature("", seventeen_body, seventeen_key));
}

TEST_CASE("the vectors' bodies parse into one unified update", "[providers][tracking]") {
  auto a = parse_aftership_webhook(aftership_body);
  REQUIRE(a);
  CHECK(a->event == "tracking_update");
  CHECK(a->event_id == "3f1b6a2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
  CHECK(a->applies);
  CHECK(a->ts == 1739537297);
  CHECK(a->info.tracking_number == "1Z999AA10123456784");
  CHECK(a->info.carrier == "ups");
  CHECK(a->info.provider_ref == "trk_test");
  CHECK(a->info.status == "Delivered");
  // No checkpoint dates it: the delivery's time does.
  CHECK(a->info.status_at == "2025-02-14T12:48:17Z");

  auto s = parse_17track_webhook(seventeen_body);
  REQUIRE(s);
  CHECK(s->event == "TRACKING_UPDATED");
  CHECK(s->applies);
  CHECK(s->info.tracking_number == "RR123456789CN");
  CHECK(s->info.carrier == "3011");
  CHECK(s->info.order_number == "ORD-1001");
  CHECK(s->info.status == "InTransit");
  CHECK(s->info.checkpoints.empty());
}

TEST_CASE("AfterShip checkpoints: unified tags, readable times only, customer's phone",
          "[providers][tracking]") {
  auto w = parse_aftership_webhook(
      R"({"ts":1739537297,"event":"tracking_update","event_id":"e-1","msg":{"id":"t1",)"
      R"("tracking_number":"CS2001","slug":"dhl","tag":"OutForDelivery","order_number":"2001",)"
      R"("customers":[{"role":"buyer","phone_number":"+52 55 1111 0002"}],)"
      R"("aftership_estimated_delivery_date":{"estimated_delivery_date":"2025-02-16"},)"
      R"("checkpoints":[{"checkpoint_time":"2025-02-14T08:00:00-06:00","city":"Austin",)"
      R"("state":"TX","country_region":"USA","message":"Picked up","tag":"InTransit"},)"
      R"({"checkpoint_time":"yesterday","message":"no time","tag":"InTransit"},)"
      R"({"checkpoint_time":"2025-02-15T07:10:00","location":"Dallas, TX","message":"On the van",)"
      R"("tag":"OutForDelivery"}]}})");
  REQUIRE(w);
  REQUIRE(w->info.checkpoints.size() == 2);
  CHECK(w->info.checkpoints[0].status == "InTransit");
  CHECK(w->info.checkpoints[0].location == "Austin, TX, USA");
  CHECK(w->info.checkpoints[1].location == "Dallas, TX");
  CHECK(w->info.status_at == "2025-02-15T07:10:00");
  CHECK(w->info.phone == "525511110002");
  CHECK(w->info.order_number == "2001");
  REQUIRE(w->info.eta);
  CHECK(*w->info.eta == "2025-02-16");
}

TEST_CASE("malformed tracking webhooks are refused naming the field", "[providers][tracking]") {
  auto named = [](const auto& r, const std::string& field) {
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::invalid_input);
    CHECK(r.error().message.rfind(field, 0) == 0);
  };
  auto not_json = parse_aftership_webhook(R"({"event":)");
  REQUIRE_FALSE(not_json);
  CHECK(not_json.error().detail == "invalid_json");
  named(parse_aftership_webhook(R"([1,2])"), "the body");
  named(parse_aftership_webhook(R"({"event_id":"x","msg":{}})"), "event");
  named(parse_aftership_webhook(R"({"event":"tracking_update","msg":{}})"), "event_id");
  named(parse_aftership_webhook(R"({"event":"tracking_update","event_id":"x"})"), "msg");
  named(parse_aftership_webhook(
            R"({"event":"tracking_update","event_id":"x","msg":{"tag":"Delivered"}})"),
        "msg.tracking_number");
  named(parse_aftership_webhook(
            R"({"event":"tracking_update","event_id":"x","msg":{"tracking_number":"a b'c"}})"),
        "msg.tracking_number");
  // An event it does not apply needs no tracking.
  auto pending = parse_aftership_webhook(R"({"event":"tracking_pending_time","event_id":"x"})");
  REQUIRE(pending);
  CHECK_FALSE(pending->applies);

  named(parse_17track_webhook(R"({"data":{"number":"RR1"}})"), "event");
  named(parse_17track_webhook(R"({"event":"TRACKING_UPDATED"})"), "data");
  named(parse_17track_webhook(R"({"event":"TRACKING_UPDATED","data":{"carrier":1}})"),
        "data.number");
  named(parse_17track_webhook(R"({"event":"TRACKING_UPDATED","data":{"number":"RR123"}})"),
        "data.track_info.latest_status.status");
  named(
      parse_17track_webhook(
          R"({"event":"TRACKING_UPDATED","data":{"number":"RR123","track_info":{"latest_status":{"status":"Teleported"}}}})"),
      "data.track_info.latest_status.status");
  auto stopped = parse_17track_webhook(R"({"event":"TRACKING_STOPPED","data":{"number":"RR123"}})");
  REQUIRE(stopped);
  CHECK_FALSE(stopped->applies);
}

TEST_CASE("every vendor status maps to the one set", "[providers][tracking]") {
  // AfterShip's nine tags are the unified set itself; 17TRACK shares seven of them by name.
  const std::vector<std::string> shared = {
      "InfoReceived", "InTransit", "OutForDelivery", "AvailableForPickup",
      "Delivered",    "Exception", "Expired"};
  for (const auto& status : shared) {
    CHECK(unified_shipment_status(tracking_vendor::aftership, status) == status);
    CHECK(unified_shipment_status(tracking_vendor::seventeentrack, status) == status);
    CHECK(is_shipment_status(status));
  }
  for (const std::string status : {"Pending", "AttemptFail"}) {
    CHECK(unified_shipment_status(tracking_vendor::aftership, status) == status);
    CHECK(is_shipment_status(status));
  }
  // 17TRACK's two other main statuses are renamed; a sub-status maps as its main status.
  const std::vector<std::pair<std::string, std::string>> renamed = {
      {"NotFound", "Pending"},
      {"DeliveryFailure", "AttemptFail"},
      {"InTransit_PickedUp", "InTransit"},
      {"DeliveryFailure_NoBody", "AttemptFail"},
      {"Exception_Returned", "Exception"},
      {"NotFound_InvalidCode", "Pending"}};
  for (const auto& [from, to] : renamed) {
    CHECK(unified_shipment_status(tracking_vendor::seventeentrack, from) == to);
  }
  CHECK(unified_shipment_status(tracking_vendor::aftership, "NotFound").empty());
  CHECK(unified_shipment_status(tracking_vendor::aftership, "delivered").empty());
  CHECK(unified_shipment_status(tracking_vendor::seventeentrack, "AttemptFail").empty());
  CHECK(unified_shipment_status(tracking_vendor::seventeentrack, "").empty());
  CHECK_FALSE(is_shipment_status("NotFound"));
}

TEST_CASE("ISO date-times PostgreSQL can read, and nothing else", "[providers][tracking]") {
  for (const char* ok : {"2025-02-14T14:22:00", "2025-02-14T14:22:00Z", "2025-02-14T14:22:00-06:00",
                         "2025-02-14T14:22:00.123+0530", "2025-02-14 14:22:00+08"}) {
    CHECK(is_iso_datetime(ok));
  }
  for (const char* bad : {"", "2025-02-14", "14/02/2025 14:22", "2025-02-14T14:22:00Zulu",
                          "2025-02-14T14:22:00+6", "2025-02-14T14:22:00.;DROP"}) {
    CHECK_FALSE(is_iso_datetime(bad));
  }
  CHECK(iso_utc(1739537297) == "2025-02-14T12:48:17Z");
}
