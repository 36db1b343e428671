#pragma once
// The demo data of docs/contract.md: tenants `admin` and `demo`, their users, channel accounts,
// customers, conversations, tickets, articles, shipments, invoices and quotes. Idempotent.

#include "common/result.hpp"
#include "common/secret_box.hpp"
#include "config/settings.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// Inserts whatever of the demo data is missing; running it again changes nothing. The demo
/// accounts' credentials come from the environment's settings, sealed with `ring`.
status seed_demo(pg_connection& db, const config::settings& settings, const keyring& ring);

/// Fills the credentials of the demo accounts that are still empty from the settings (the
/// environment variables of docs/contract.md), sealed with `ring`; other accounts, and fields an
/// admin has set, are left alone. `serve` runs it at start, so a variable set later still seeds.
status seed_demo_credentials(pg_connection& db, const config::settings& settings,
                             const keyring& ring);

}  // namespace centralita::storage
