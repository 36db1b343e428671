#include "actors/ai_lookups.hpp"

#include "actors/ai_outcome.hpp"

namespace centralita::actors {

namespace {
constexpr int invoices_per_draft = 3;
}  // namespace

bool read_shipments(autopilot_state& st, storage::pg_connection& db,
                    const std::function<bool(const ai_work&)>& wanted) {
  std::vector<size_t> items;
  std::vector<std::pair<int64_t, std::string>> numbers;
  for (size_t i = 0; i < st.work.size(); ++i) {
    if (!wanted(st.work[i])) continue;
    items.push_back(i);
    numbers.emplace_back(st.work[i].item.tenant_id, tracking_key(st.work[i].triage));
  }
  auto found = storage::ai_repo{db}.find_shipments(numbers);
  if (!found) {
    st.db->on_error(found.error());
    return false;
  }
  for (size_t j = 0; j < items.size(); ++j) {
    auto& w = st.work[items[j]];
    if ((*found)[j]) {
      w.shipment = tracking_facts_of(*(*found)[j]);
    } else {
      w.lookup = ai::number_lookup::unavailable;
    }
  }
  return true;
}

bool find_shipments(autopilot_state& st, storage::pg_connection& db) {
  return read_shipments(st, db, [](const ai_work& w) {
    return w.triage.category == "TRACKING" && !tracking_key(w.triage).empty();
  });
}

bool read_invoices(autopilot_state& st, storage::ai_repo& repo) {
  std::vector<size_t> items;
  std::vector<std::pair<int64_t, int64_t>> customers;
  for (size_t i = 0; i < st.work.size(); ++i) {
    if (st.work[i].triage.category != "BILLING") continue;
    items.push_back(i);
    customers.emplace_back(st.work[i].item.tenant_id, st.work[i].customer_id);
  }
  auto found = repo.recent_invoices(customers, invoices_per_draft);
  if (!found) {
    st.db->on_error(found.error());
    return false;
  }
  for (size_t j = 0; j < items.size(); ++j) {
    auto& w = st.work[items[j]];
    w.invoices.clear();
    for (auto& i : (*found)[j]) {
      w.invoices.push_back({i.number, i.status, i.currency, i.amount_cents, i.due_date});
    }
  }
  return true;
}

}  // namespace centralita::actors
