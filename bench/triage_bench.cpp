#include "bench/triage_bench.hpp"

#include <chrono>
#include <cstdio>
#include <vector>

#include "ai/triage.hpp"
#include "bench/stats.hpp"

namespace centralita::bench {

namespace {

// A mix of what customers write: short and long, both languages, with numbers and typos.
const std::vector<std::string>& sample_messages() {
  static const std::vector<std::string> list = {
      "hola buenas tardes, donde esta mi pedido 48213? ya pasaron 5 dias",
      "CS1001",
      "me cobraron dos veces $1,250.00 MXN en la tarjeta, necesito la factura F-2024-001",
      "cuanto cuesta la licuadora y hacen envios a Monterrey?",
      "pesimo servicio!!! me llego roto el celular, voy a ir a PROFECO 😡",
      "quiero hablar con un asesor porfa",
      "no quiero hablar con una persona, solo dime cuando llega mi paquete",
      "gracias!! 🙏",
      "a q hora abren el sabado? xfa",
      "Where is my order? It was supposed to arrive yesterday",
      "I was charged twice for order 551203, please send the invoice to ana@example.com",
      "how much is a pedicure?",
      "I want to talk to a real person",
      "the tv in my room is broken and nobody answers the phone",
      "what payment methods do you accept?",
      "tell me a joke",
  };
  return list;
}

}  // namespace

int run_triage(int messages, const std::string& model_path) {
  auto loaded = model_path.empty() ? result<ai::triage_model>{ai::triage_model::builtin()}
                                   : ai::triage_model::load_file(model_path);
  if (!loaded) {
    std::fprintf(stderr, "centralita-bench: %s\n", loaded.error().message.c_str());
    return 1;
  }
  const auto& model = *loaded;
  const auto& texts = sample_messages();
  // Warm up: page in the weights and the thread-local buffers.
  for (const auto& t : texts) (void)model.classify(t);

  std::vector<double> latency_us;
  latency_us.reserve(static_cast<std::size_t>(messages));
  std::size_t checksum = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < messages; ++i) {
    const auto& text = texts[static_cast<std::size_t>(i) % texts.size()];
    auto t0 = std::chrono::steady_clock::now();
    auto r = model.classify(text);
    auto t1 = std::chrono::steady_clock::now();
    checksum += r.category.size();
    latency_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto p = summarize(std::move(latency_us));
  std::printf(
      "{\"mode\":\"triage\",\"messages\":%d,\"threads\":1,\"messages_per_s\":%.0f,"
      "\"p50_us\":%.3f,\"p99_us\":%.3f,\"p999_us\":%.3f,\"checksum\":%zu}\n",
      messages, seconds > 0 ? messages / seconds : 0.0, round3(p.p50), round3(p.p99),
      round3(p.p999), checksum);
  return 0;
}

}  // namespace centralita::bench
