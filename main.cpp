// The centralita command: serve, migrate, seed, secrets rotate, triage and kb import.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "ai/triage.hpp"
#include "common/log.hpp"
#include "config/secret_keys.hpp"
#include "config/settings.hpp"
#include "kb_import.hpp"
#include "net/server.hpp"
#include "storage/channel_credentials.hpp"
#include "storage/migrations.hpp"
#include "storage/seed.hpp"
#include "triage_cli.hpp"

namespace {

using namespace centralita;

int fail(const error& e) {
  std::fprintf(stderr, "centralita: %s\n", e.message.c_str());
  return 1;
}

result<storage::pg_connection> connect(const config::settings& s) {
  if (s.database_url.empty()) {
    return make_error(errc::invalid_input, "configuration DATABASE_URL: is required");
  }
  return storage::pg_connection::open(s.database_url);
}

int run_migrate(const config::settings& s) {
  auto db = connect(s);
  if (!db) return fail(db.error());
  auto n = storage::migrate(*db);
  if (!n) return fail(n.error());
  std::printf("migrate: %d migration(s) applied\n", *n);
  // Plaintext secrets that an older version left are sealed now (SQL cannot seal them).
  auto ring = config::load_keyring(s);
  if (!ring) return fail(ring.error());
  auto sealed = storage::seal_plaintext_secrets(*db, *ring);
  if (!sealed) return fail(sealed.error());
  if (*sealed > 0) std::printf("migrate: sealed the plaintext secrets of %d account(s)\n", *sealed);
  return 0;
}

int run_seed(const config::settings& s) {
  auto db = connect(s);
  if (!db) return fail(db.error());
  auto ring = config::load_keyring(s);
  if (!ring) return fail(ring.error());
  if (auto st = storage::seed_demo(*db, s, *ring); !st) return fail(st.error());
  std::printf("seed: demo data is in place\n");
  return 0;
}

// Re-seals every channel secret with CENTRALITA_SECRET_KEY, opening the old ones with it or a
// key of CENTRALITA_SECRET_KEY_PREVIOUS; one transaction, so a node reads all old or all new.
int run_rotate(const config::settings& s) {
  if (s.secret_key.empty()) {
    return fail(make_error(errc::invalid_input,
                           "secrets rotate: set CENTRALITA_SECRET_KEY to the new key and "
                           "CENTRALITA_SECRET_KEY_PREVIOUS to the old one"));
  }
  auto db = connect(s);
  if (!db) return fail(db.error());
  auto ring = config::load_keyring(s);
  if (!ring) return fail(ring.error());
  auto sealed = storage::seal_plaintext_secrets(*db, *ring);
  if (!sealed) return fail(sealed.error());
  auto n = storage::rotate_secrets(*db, *ring);
  if (!n) return fail(n.error());
  std::printf("secrets rotate: %d account(s) re-sealed with key %s\n", *n + *sealed,
              ring->current_id().c_str());
  return 0;
}

// Triage needs no database or configuration: it runs the local model over stdin.
int run_triage(const std::string& model_path) {
  auto model = model_path.empty() ? result<ai::triage_model>{ai::triage_model::builtin()}
                                  : ai::triage_model::load_file(model_path);
  if (!model) return fail(model.error());
  std::ios::sync_with_stdio(false);
  run_triage_lines(*model, std::cin, std::cout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Centralita: AI-assisted customer service over WhatsApp and voice"};
  app.set_version_flag("--version", std::string{"centralita "} + CENTRALITA_VERSION);
  app.require_subcommand(1);
  auto* serve = app.add_subcommand("serve", "serve the API (:8080) and the webhooks (:8081)");
  auto* migrate = app.add_subcommand("migrate", "apply the pending database migrations");
  auto* seed = app.add_subcommand("seed", "insert the demo data (idempotent)");
  auto* triage = app.add_subcommand(
      "triage", "classify JSON lines {\"text\":...} from stdin with the local triage model");
  std::string model_path;
  triage->add_option("--model", model_path, "triage model file (default: the built-in model)");
  auto* secrets = app.add_subcommand("secrets", "the channel accounts' sealed secrets");
  secrets->require_subcommand(1);
  auto* rotate = secrets->add_subcommand(
      "rotate", "re-seal every secret with CENTRALITA_SECRET_KEY (old keys in _PREVIOUS)");
  auto* kb = app.add_subcommand("kb", "the knowledge base");
  kb->require_subcommand(1);
  auto* kb_import = kb->add_subcommand(
      "import", "import Markdown files as articles (first '# ' heading = title, rest = body)");
  cli::kb_import_options import_options;
  kb_import->add_option("paths", import_options.paths, "Markdown files or directories")->required();
  kb_import->add_option("--tenant", import_options.tenant, "the tenant's slug")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (triage->parsed()) return run_triage(model_path);

  auto settings = config::load(config::environment());
  if (!settings) return fail(settings.error());
  log::init(settings->log_level);

  if (migrate->parsed()) return run_migrate(*settings);
  if (seed->parsed()) return run_seed(*settings);
  if (rotate->parsed()) return run_rotate(*settings);
  if (serve->parsed()) return net::serve(*settings);
  if (kb_import->parsed()) {
    import_options.database_url = settings->database_url;
    import_options.progress_bar = isatty(STDOUT_FILENO) != 0;
    return cli::kb_import(import_options);
  }
  return 0;
}
