#pragma once
// Syncing the WhatsApp Cloud message templates of the channel accounts from Graph into
// message_templates (storage/template_repo.hpp): the scheduler's `template_sync` job (at
// start-up, then every CENTRALITA_TEMPLATE_SYNC_S) and the admins' manual sync
// (`POST /api/v1/templates/sync`). Blocking: Graph is called once per account.

#include <cstdint>
#include <optional>
#include <string>

#include "actors/account_directory.hpp"
#include "common/result.hpp"
#include "config/settings.hpp"
#include "storage/pg.hpp"

namespace centralita::actors {

/// What one sync did.
struct template_sync_report {
  int accounts = 0;   ///< accounts asked
  int templates = 0;  ///< templates stored
  int failed = 0;     ///< accounts whose list could not be read (logged with the reason)
  std::string last_error;
};

/// Syncs every enabled whatsapp_cloud account (of `tenant_id` only, when given) that has an
/// access token and a business account id; the others are skipped.
result<template_sync_report> sync_templates(storage::pg_connection& db,
                                            const config::settings& settings,
                                            const account_directory& accounts,
                                            std::optional<int64_t> tenant_id);

}  // namespace centralita::actors
