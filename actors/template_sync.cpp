#include "actors/template_sync.hpp"

#include "common/log.hpp"
#include "providers/whatsapp_templates.hpp"
#include "storage/template_repo.hpp"

namespace centralita::actors {

result<template_sync_report> sync_templates(storage::pg_connection& db,
                                            const config::settings& settings,
                                            const account_directory& accounts,
                                            std::optional<int64_t> tenant_id) {
  template_sync_report report;
  for (const auto* a : accounts.of_provider("whatsapp_cloud")) {
    if (tenant_id && a->tenant_id != *tenant_id) continue;
    const auto& waba = a->credential("business_account_id");
    if (a->credential("access_token").empty() || waba.empty()) continue;
    ++report.accounts;
    auto config = providers::whatsapp_cloud_config_from(settings, a->credentials);
    auto listed = providers::fetch_whatsapp_templates(config, waba);
    if (!listed) {
      ++report.failed;
      report.last_error = listed.error().message;
      log::warn("templates: account {} of tenant {} not synced: {}", a->id, a->tenant_id,
                listed.error().message);
      continue;
    }
    auto stored = storage::template_repo{db}.replace(a->tenant_id, a->id, *listed);
    if (!stored) return stored.error();
    report.templates += static_cast<int>(*stored);
  }
  return report;
}

}  // namespace centralita::actors
