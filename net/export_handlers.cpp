#include "net/export_handlers.hpp"

#include <chrono>

#include "common/calendar.hpp"
#include "common/log.hpp"
#include "net/api_routes.hpp"
#include "net/csv_writer.hpp"
#include "storage/export_query.hpp"

namespace centralita::net {

namespace {

// Rows per database trip and per chunk: ~100 KB of CSV, so memory stays flat at any size.
constexpr int page_rows = 1000;

// Days since 1970-01-01 of a real YYYY-MM-DD (H. Hinnant's days_from_civil).
int64_t day_number(std::string_view date) {
  auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (date[i] - '0');
    return v;
  };
  int y = num(0, 4);
  const int m = num(5, 2);
  const int d = num(8, 2);
  y -= m <= 2 ? 1 : 0;
  const int era = y / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return int64_t{era} * 146097 + doe - 719468;
}

int64_t today_number() {
  using namespace std::chrono;
  return duration_cast<hours>(system_clock::now().time_since_epoch()).count() / 24;
}

// The rows of `from` through `to` (both days included, UTC). A `to` after today counts as
// today, as nothing exists later; the range left must be at most max_export_days.
result<storage::export_range> parse_range(const request& req, int64_t tenant_id) {
  const auto from = req.query_param("from");
  const auto to = req.query_param("to");
  if (from.empty() || to.empty()) {
    return make_error(errc::invalid_input, "from and to are required (YYYY-MM-DD)",
                      "invalid_query");
  }
  if (!is_calendar_date(from)) {
    return make_error(errc::invalid_input, "from must be a date YYYY-MM-DD", "invalid_query");
  }
  if (!is_calendar_date(to)) {
    return make_error(errc::invalid_input, "to must be a date YYYY-MM-DD", "invalid_query");
  }
  const int64_t first = day_number(from);
  const int64_t last = std::min(day_number(to), today_number());
  if (day_number(to) < first) {
    return make_error(errc::invalid_input, "to must not be before from", "invalid_range");
  }
  if (last - first + 1 > max_export_days) {
    return make_error(errc::invalid_input,
                      "the range covers more than " + std::to_string(max_export_days) +
                          " days (about ten years); export a shorter range",
                      "range_too_long");
  }
  storage::export_range r;
  r.tenant_id = tenant_id;
  r.from = from;
  r.to = to;
  r.limit = page_rows;
  return r;
}

// One export in progress: where the next page starts. The session asks for one page at a time.
struct export_state {
  actors::node& node;
  std::string kind;
  storage::export_range range;
  bool header_sent = false;
  bool done = false;
};

void next_page(const std::shared_ptr<export_state>& st, body_piece_fn deliver) {
  if (!st->header_sent) {
    st->header_sent = true;
    // A UTF-8 byte order mark first, so that spreadsheets read accents right.
    std::string head = "\xEF\xBB\xBF";
    std::vector<std::optional<std::string>> names;
    for (auto& c : storage::export_columns(st->kind)) names.emplace_back(std::move(c));
    append_csv_row(head, names);
    return deliver(std::move(head), false);
  }
  st->node.run_db([st, deliver = std::move(deliver)](const std::optional<error>& failed,
                                                     storage::pg_connection* db) {
    if (failed || db == nullptr) {
      log::warn("export: {} stopped: the database is unavailable", st->kind);
      return deliver(std::nullopt, true);
    }
    auto page = storage::export_query{*db}.page(st->kind, st->range);
    if (!page) {
      log::error("export: {} stopped: {}", st->kind, page.error().message);
      return deliver(std::nullopt, true);
    }
    std::string out;
    for (const auto& row : page->rows) append_csv_row(out, row);
    const bool last = static_cast<int>(page->rows.size()) < st->range.limit;
    st->range.after_id = page->last_id;
    deliver(std::move(out), last);
  });
}

}  // namespace

void add_export_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  routes.add(
      "GET", "/api/v1/exports/{file}",
      authenticated(env, [env](const request& req, const principal& who, respond_fn respond) {
        const auto& file = req.params.at("file");
        const std::string suffix = ".csv";
        std::string kind;
        if (file.size() > suffix.size() &&
            file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0) {
          kind = file.substr(0, file.size() - suffix.size());
        }
        if (!storage::is_export_kind(kind)) {
          return respond(error_response(
              errc::not_found,
              "no such export: use conversations.csv, tickets.csv, messages.csv or csat.csv",
              "export_not_found"));
        }
        if (auto s = require_supervisor(who); !s) return respond(error_response(s.error()));
        auto range = parse_range(req, who.tenant_id);
        if (!range) return respond(error_response(range.error()));
        answer_from_db(
            env->node, std::move(respond),
            [env, who, kind, range = std::move(*range), from = req.query_param("from"),
             to = req.query_param("to")](storage::pg_connection& db) -> result<response> {
              // Exports carry customers' data out: each one is audited.
              json_builder j;
              j.begin_object().field("kind", kind).field("from", from).field("to", to).end_object();
              if (auto s = audit_change(db, who, "export", kind, "export.started", std::nullopt,
                                        j.str());
                  !s) {
                return s.error();
              }
              auto st = std::make_shared<export_state>(export_state{env->node, kind, range});
              response r;
              r.content_type = "text/csv; charset=utf-8";
              r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + kind + "-" +
                                                                from + "-" + to + ".csv\"");
              r.stream = std::make_shared<body_stream>(
                  body_stream{[st](body_piece_fn deliver) { next_page(st, std::move(deliver)); }});
              return r;
            });
      }));
}

}  // namespace centralita::net
