#include "providers/tracking_status.hpp"

#include <array>
#include <utility>

namespace centralita::providers {

namespace {

constexpr std::array<std::string_view, 9> unified = {
    "Pending",   "InfoReceived",       "InTransit", "OutForDelivery", "AttemptFail",
    "Delivered", "AvailableForPickup", "Exception", "Expired"};

// 17TRACK's nine main statuses (help center, "Main Status").
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> seventeentrack = {{
    {"NotFound", "Pending"},
    {"InfoReceived", "InfoReceived"},
    {"InTransit", "InTransit"},
    {"Expired", "Expired"},
    {"AvailableForPickup", "AvailableForPickup"},
    {"OutForDelivery", "OutForDelivery"},
    {"DeliveryFailure", "AttemptFail"},
    {"Delivered", "Delivered"},
    {"Exception", "Exception"},
}};

}  // namespace

std::string unified_shipment_status(tracking_vendor vendor, std::string_view value) {
  if (vendor == tracking_vendor::aftership) {
    return is_shipment_status(value) ? std::string{value} : std::string{};
  }
  auto main = value.substr(0, value.find('_'));
  for (const auto& [from, to] : seventeentrack) {
    if (from == main) return std::string{to};
  }
  return {};
}

bool is_shipment_status(std::string_view status) {
  for (auto s : unified) {
    if (s == status) return true;
  }
  return false;
}

}  // namespace centralita::providers
