#pragma once
// JSON of the read-only records: calls, shipments, invoices and quotes.

#include "net/api_json.hpp"
#include "storage/call_query.hpp"
#include "storage/invoice_query.hpp"
#include "storage/quote_query.hpp"
#include "storage/shipment_query.hpp"

namespace centralita::net {

/// A call; with its transcript and collected data when they were read.
void write_call(json_builder& j, const storage::call_record& c);
/// A shipment; with its checkpoints when `with_checkpoints`.
void write_shipment(json_builder& j, const storage::shipment_record& s, bool with_checkpoints);
/// An invoice.
void write_invoice(json_builder& j, const storage::invoice_record& v);
/// A quote with its lines.
void write_quote(json_builder& j, const storage::quote_record& q);

}  // namespace centralita::net
