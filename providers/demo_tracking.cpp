#include "providers/demo_tracking.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace centralita::providers {

namespace {

constexpr int64_t hour = 3600;

// FNV-1a: stable across runs and platforms, unlike std::hash.
uint64_t stable_hash(const std::string& text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

constexpr std::array<const char*, 6> cities = {"Guadalajara, JAL", "Monterrey, NL", "Puebla, PUE",
                                               "Querétaro, QRO",   "Mérida, YUC",   "León, GTO"};
constexpr std::array<const char*, 4> carriers = {"DHL", "Estafeta", "FedEx", "Redpack"};

// The seeded shipments go on from their seeded status (storage/seed_data.cpp).
bool seeded_timeline(const std::string& number, demo_timeline& t) {
  if (number == "CS1001") {
    t = {"Estafeta", "Delivered", {}};
    return true;
  }
  if (number == "CS1002") {
    t = {
        "DHL",
        "InTransit",
        {{1 * hour, "InTransit", "Querétaro, QRO", "Salió del centro de distribución"},
         {20 * hour, "OutForDelivery", "Ciudad de México, CDMX", "En ruta de entrega"},
         {26 * hour, "Delivered", "Ciudad de México, CDMX", "Entregado; recibió: María Fernanda"}}};
    return true;
  }
  if (number == "CS1003") {
    t = {"FedEx",
         "AttemptFail",
         {{4 * hour, "OutForDelivery", "Monterrey, NL", "En ruta de entrega (segundo intento)"},
          {7 * hour, "Delivered", "Monterrey, NL", "Entregado; recibió: Valentina Gómez"}}};
    return true;
  }
  return false;
}

}  // namespace

demo_timeline demo_timeline_for(const std::string& number) {
  demo_timeline t;
  if (seeded_timeline(number, t)) return t;
  auto h = stable_hash(number);
  const std::string origin = "Ciudad de México, CDMX";
  const std::string city = cities[h % cities.size()];
  t.carrier = carriers[(h >> 8) % carriers.size()];
  t.initial_status = "Pending";
  auto jitter = [&](int shift, int64_t span) { return static_cast<int64_t>((h >> shift) % span); };
  int64_t transit = (4 + jitter(16, 4)) * hour;
  int64_t hub = (20 + jitter(20, 8)) * hour;
  int64_t route = (40 + jitter(24, 6)) * hour;
  t.stages = {{0, "InfoReceived", origin, "Información de envío recibida"},
              {transit, "InTransit", origin, "Recolectado; en tránsito"},
              {hub, "InTransit", city, "Llegó al centro de distribución"},
              {route, "OutForDelivery", city, "En ruta de entrega"}};
  if ((h >> 28) % 5 == 0) {
    t.stages.push_back(
        {route + 6 * hour, "AttemptFail", city, "Intento de entrega fallido: domicilio cerrado"});
    t.stages.push_back({route + 24 * hour, "OutForDelivery", city, "En ruta de entrega"});
    t.stages.push_back({route + 28 * hour, "Delivered", city, "Entregado"});
  } else {
    t.stages.push_back({route + 5 * hour, "Delivered", city, "Entregado"});
  }
  return t;
}

bool demo_carrier_number(const std::string& n) {
  if (n.size() < 6 || n.size() > 12) return false;
  if (std::toupper(static_cast<unsigned char>(n[0])) != 'C' ||
      std::toupper(static_cast<unsigned char>(n[1])) != 'S') {
    return false;
  }
  return std::all_of(n.begin() + 2, n.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

result<tracking_info> demo_tracking::look_up(const tracking_ref& ref, bool /*may_register*/) {
  if (!demo_carrier_number(ref.tracking_number)) {
    return make_error(errc::not_found, "the demo carrier has no such number", "tracking_not_found");
  }
  return get(ref);
}

result<tracking_info> demo_tracking::create(const tracking_ref& ref) { return get(ref); }

result<tracking_info> demo_tracking::get(const tracking_ref& ref) {
  auto timeline = demo_timeline_for(ref.tracking_number);
  const int64_t now = clock_();
  tracking_info info;
  info.tracking_number = ref.tracking_number;
  info.carrier = ref.carrier.empty() ? timeline.carrier : ref.carrier;
  info.provider_ref = ref.tracking_number;
  info.order_number = ref.order_number;
  info.status = timeline.initial_status;
  for (const auto& s : timeline.stages) {
    const int64_t at = ref.created_at_s + s.offset_s;
    if (at > now) {
      // Still on its way: the timeline's last stage is the estimated delivery.
      if (!info.eta) info.eta = iso_utc(ref.created_at_s + timeline.stages.back().offset_s);
      break;
    }
    info.checkpoints.push_back({iso_utc(at), s.status, s.location, s.description});
    info.status = s.status;
    info.status_at = iso_utc(at);
  }
  return info;
}

}  // namespace centralita::providers
