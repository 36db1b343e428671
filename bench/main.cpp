// centralita-bench: the load and correctness harness (CONTRACT.md, Bench).
#include <CLI/CLI.hpp>

#include <cstdlib>

#include "bench/actors_bench.hpp"
#include "bench/ingest_bench.hpp"
#include "bench/search_bench.hpp"
#include "bench/triage_bench.hpp"

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
  auto* search_cmd = app.add_subcommand(
      "search", "knowledge search: latency and recall at scale, recall@3 of the labelled set");
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

  CLI11_PARSE(app, argc, argv);
  if (cmd->parsed()) return centralita::bench::run_ingest(ingest);
  if (actors_cmd->parsed()) return centralita::bench::run_actors(actor_count);
  if (triage_cmd->parsed()) return centralita::bench::run_triage(triage_messages, triage_model);
  if (search_cmd->parsed()) return centralita::bench::run_search(search);
  return 0;
}
