#pragma once
// The demo data of docs/contract.md: tenants `admin` and `demo`, their users, channel accounts,
// customers, conversations, tickets, articles, shipments, invoices and quotes. Idempotent.

#include "common/result.hpp"
#include "config/settings.hpp"
#include "storage/pg.hpp"

namespace centralita::storage {

/// Inserts whatever of the demo data is missing; running it again changes nothing.
status seed_demo(pg_connection& db, const config::settings& settings);

}  // namespace centralita::storage
