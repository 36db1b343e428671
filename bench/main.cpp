// centralita-bench: the load and correctness harness (docs/contract.md §Bench).
#include <CLI/CLI.hpp>

#include <cstdlib>

#include "bench/actors_bench.hpp"
#include "bench/api_bench.hpp"
#include "bench/api_seed.hpp"
#include "bench/ingest_bench.hpp"
#include "bench/search_bench.hpp"
#include "bench/soak_bench.hpp"
#include "bench/triage_bench.hpp"
#include "bench/ws_bench.hpp"

int main(int argc, char** argv) {
  using centralita::bench::ingest_options;
  CLI::App app{"centralita-bench: drive a running Centralita and check what it stored"};
  app.require_subcommand(1);

  ingest_options ingest;
  if (const char* url = std::getenv("DATABASE_URL")) ingest.database_url = url;
  auto* cmd = app.add_subcommand(
      "ingest", "POST Builderbot events to the webhook, then check the messages in PostgreSQL");
  cmd->add_option("--url", ingest.url, "gateway base URL")->capture_default_str();
  cmd->add_option("--account-key", ingest.account_key, "X-Account-Key of a builderbot account")
      ->capture_default_str();
  cmd->add_option("--connections", ingest.connections, "keep-alive connections, one thread each")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  cmd->add_option("--duration", ingest.duration_s, "seconds of load")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--duplicate-ratio", ingest.duplicate_ratio,
                  "share of requests that repeat an acknowledged event exactly")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--database-url", ingest.database_url,
                  "PostgreSQL to check afterwards (default: $DATABASE_URL)");
  cmd->add_option("--customers", ingest.customers, "customer phones the messages are spread over")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  cmd->add_option("--mix", ingest.mix,
                  "realistic: customers' messages drawn from the README's message mix; "
                  "template: one text of old")
      ->check(CLI::IsMember({"realistic", "template"}))
      ->capture_default_str();
  cmd->add_option("--rate", ingest.rate,
                  "webhooks per second over all connections (0: as fast as answers come)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--server-pid", ingest.server_pids,
                  "a Centralita process whose CPU counts as the server's (repeatable; default: "
                  "every process named centralita)");
  cmd->add_option("--media-share", ingest.media_share,
                  "share of new events carrying a photo the server downloads after the ack")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();

  int actor_count = 100000;
  auto* actors_cmd =
      app.add_subcommand("actors", "spawn idle conversation actors and print the memory they take");
  actors_cmd->add_option("--count", actor_count, "conversation actors")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();

  int triage_messages = 200000;
  std::string triage_model;
  auto* triage_cmd = app.add_subcommand(
      "triage",
      "classify messages with the local triage model on one thread; print msgs/s, p50/p99");
  triage_cmd->add_option("--messages", triage_messages, "messages to classify")
      ->check(CLI::Range(1, 100'000'000))
      ->capture_default_str();
  triage_cmd->add_option("--model", triage_model, "model file (default: the built-in model)");
  centralita::bench::search_options search;
  if (const char* url = std::getenv("DATABASE_URL")) search.database_url = url;
  auto* search_cmd = app.add_subcommand("search",
                                        "knowledge search: latency and recall at scale, recall@3 "
                                        "of the labelled, development and held-out sets");
  search_cmd->add_option("--chunks", search.chunks, "chunks in the tenant's index")
      ->check(CLI::Range(100, 5'000'000))
      ->capture_default_str();
  search_cmd->add_option("--queries", search.queries, "queries timed")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  search_cmd->add_option("--import-articles", search.import_articles, "articles imported")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  search_cmd->add_option("--database-url", search.database_url,
                         "PostgreSQL for the import (default: $DATABASE_URL; none: in memory)");
  search_cmd->add_option("--nprobe", search.nprobe, "IVF lists probed per query")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  search_cmd->add_option("--tenant", search.tenant, "tenant the import writes to (then removes)")
      ->capture_default_str();
  search_cmd->add_flag(
      "--recall-only", search.recall_only,
      "print the recall@3 of the labelled, development and held-out sets only (no index)");
  search_cmd->add_flag("--explain", search.explain,
                       "under each miss of the labelled and development sets: the question's "
                       "terms, the first articles and the expected one's rank");

  centralita::bench::ws_options ws;
  auto* ws_cmd = app.add_subcommand(
      "ws", "dashboard sockets of one tenant while webhooks arrive: delivery latency, losses");
  ws_cmd->add_option("--api-url", ws.api_url, "API base URL (login and /ws)")
      ->capture_default_str();
  ws_cmd->add_option("--gateway-url", ws.gateway_url, "webhook base URL")->capture_default_str();
  ws_cmd->add_option("--account-key", ws.account_key, "X-Account-Key of a builderbot account")
      ->capture_default_str();
  ws_cmd->add_option("--email", ws.email, "user whose token opens the sockets")
      ->capture_default_str();
  ws_cmd->add_option("--password", ws.password, "that user's password")->capture_default_str();
  ws_cmd->add_option("--sockets", ws.sockets, "concurrent sockets")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  ws_cmd->add_option("--events", ws.events, "webhooks sent")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  ws_cmd->add_option("--rate", ws.rate, "webhooks per second (each makes three live events)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  ws_cmd->add_option("--io-threads", ws.io_threads, "threads reading the sockets")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  ws_cmd->add_option("--senders", ws.senders, "webhook connections (one customer each)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  ws_cmd->add_option("--wait", ws.wait_s, "seconds frames may still arrive after the last send")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  ws_cmd
      ->add_option("--warmup", ws.warmup_s,
                   "seconds of the schedule whose webhooks are checked but not timed")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();

  centralita::bench::api_seed_options seed_api;
  if (const char* url = std::getenv("DATABASE_URL")) seed_api.database_url = url;
  auto* seed_api_cmd = app.add_subcommand(
      "seed-api", "fill a tenant with conversations, messages, tickets, suggestions and events");
  seed_api_cmd->add_option("--database-url", seed_api.database_url, "default: $DATABASE_URL");
  seed_api_cmd->add_option("--tenant", seed_api.tenant, "tenant slug")->capture_default_str();
  seed_api_cmd->add_option("--conversations", seed_api.conversations, "one customer each")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  seed_api_cmd->add_option("--messages", seed_api.messages, "spread over the conversations")
      ->check(CLI::Range(0, 100'000'000))
      ->capture_default_str();

  centralita::bench::api_options api;
  auto* api_cmd = app.add_subcommand(
      "api", "p50/p99 of the list routes on a tenant filled by seed-api (one keep-alive socket)");
  api_cmd->add_option("--url", api.url, "API base URL")->capture_default_str();
  api_cmd->add_option("--email", api.email, "user signed in")->capture_default_str();
  api_cmd->add_option("--password", api.password, "that user's password")->capture_default_str();
  api_cmd->add_option("--requests", api.requests, "timed requests per route")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  api_cmd
      ->add_option("--conversations", api.conversations,
                   "conversations seed-api wrote (the search terms are picked from them)")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();

  centralita::bench::soak_options soak;
  if (const char* url = std::getenv("DATABASE_URL")) soak.database_url = url;
  auto* soak_cmd = app.add_subcommand(
      "soak",
      "a steady mix of webhooks, API reads and writes and live sockets for minutes: "
      "server memory, files, database connections and latency at the start and the end");
  soak_cmd->add_option("--api-url", soak.api_url, "API base URL (login, API, /ws)")
      ->capture_default_str();
  soak_cmd->add_option("--gateway-url", soak.gateway_url, "webhook base URL")
      ->capture_default_str();
  soak_cmd->add_option("--account-key", soak.account_key, "X-Account-Key of a builderbot account")
      ->capture_default_str();
  soak_cmd->add_option("--email", soak.email, "the agent signed in")->capture_default_str();
  soak_cmd->add_option("--password", soak.password, "that user's password")->capture_default_str();
  soak_cmd->add_option("--database-url", soak.database_url,
                       "the server's database (default: $DATABASE_URL)");
  soak_cmd->add_option("--pid", soak.pid, "the server's process id (memory and open files)")
      ->required()
      ->check(CLI::PositiveNumber);
  soak_cmd->add_option("--minutes", soak.minutes, "minutes of load")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  soak_cmd->add_option("--rate", soak.rate, "webhooks per second")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  soak_cmd->add_option("--api-rate", soak.api_rate, "API requests per second")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  soak_cmd->add_option("--api-clients", soak.api_clients, "API connections (one request each)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  soak_cmd->add_option("--sockets", soak.sockets, "dashboard sockets of the tenant")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  soak_cmd->add_option("--customers", soak.customers, "customer phones the webhooks come from")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  soak_cmd->add_option("--senders", soak.senders, "webhook connections")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  soak_cmd->add_option("--io-threads", soak.io_threads, "threads reading the sockets")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  soak_cmd->add_option("--sample-s", soak.sample_s, "seconds between samples")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  soak_cmd
      ->add_option("--warmup-s", soak.warmup_s,
                   "the first sample at or after this is the baseline the end is compared with")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  soak_cmd->add_option("--wait", soak.wait_s, "seconds frames and rows may arrive after the load")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  CLI11_PARSE(app, argc, argv);
  if (cmd->parsed()) return centralita::bench::run_ingest(ingest);
  if (actors_cmd->parsed()) return centralita::bench::run_actors(actor_count);
  if (triage_cmd->parsed()) return centralita::bench::run_triage(triage_messages, triage_model);
  if (search_cmd->parsed()) return centralita::bench::run_search(search);
  if (ws_cmd->parsed()) return centralita::bench::run_ws(ws);
  if (seed_api_cmd->parsed()) return centralita::bench::run_api_seed(seed_api);
  if (api_cmd->parsed()) return centralita::bench::run_api(api);
  if (soak_cmd->parsed()) return centralita::bench::run_soak(soak);
  return 0;
}
