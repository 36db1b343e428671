#pragma once
// The shapes the agents' API routes share, written once so each handler reads parse → call →
// answer: a route reads its input (a path id, the query, the body), runs one database job that
// produces the answer, and every error takes the one error shape (net/json_reply.hpp).

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "net/api_auth.hpp"
#include "net/api_json.hpp"
#include "net/json_reply.hpp"

namespace centralita::net {

/// Who may call a route: authenticated, supervisor_only, admin_only or platform_only.
using guard_fn = handler (*)(std::shared_ptr<const api_env>, api_handler);

/// The JSON text of `x` as `write(json_builder&, x)` writes it.
template <class T, class Write>
std::string json_text(const T& x, Write write) {
  json_builder j;
  write(j, x);
  return j.str();
}

/// The 404 of a conversation id that names none of the caller's conversations.
error no_such_conversation();
/// The 404 of a ticket id that names none of the caller's tickets.
error no_such_ticket();

/// `{"id":…,"deleted":true}`, the answer (and live event) of a deletion.
std::string deleted_json(int64_t id);

/// Answers `status` with `x` written by `write`, or with x's error.
template <class T, class Write>
result<response> json_answer(int status, const result<T>& x, Write write) {
  if (!x) return x.error();
  return json_response(status, json_text(*x, write));
}

/// Answers `status` with `to_json(x)`, the codec beside x's type, or with x's error.
template <class T>
result<response> json_answer(int status, const result<T>& x) {
  if (!x) return x.error();
  return json_response(status, to_json(*x));
}

/// Answers `status` with JSON text a repository already wrote, or with its error.
result<response> text_answer(int status, result<std::string> text);

/// Answers 200 with a page of a list (page_json), or with its error.
template <class Page, class Write>
result<response> page_answer(const result<Page>& page, Write write) {
  if (!page) return page.error();
  return json_response(200, page_json(page->items, page->next_before_id, write));
}

/// Answers 200 with `{"items":[…]}`, each item written by `write`, or with the list's error.
template <class Items, class Write>
result<response> items_answer(const result<Items>& items, Write write) {
  if (!items) return items.error();
  json_builder j;
  j.begin_object().key("items").begin_array();
  for (const auto& item : *items) write(j, item);
  j.end_array().end_object();
  return json_response(200, j.str());
}

/// A list's paging query parameters, `cursor` and `limit`, into a filter's fields; 400 naming
/// the bad one.
status query_page(const request& req, std::optional<int64_t>& before_id, int& limit);

/// A query parameter from a closed set (`valid(value)`), into `out` when given; 400
/// (invalid_query) with `message` otherwise.
template <class Valid, class Out>
status query_choice(const request& req, const char* name, Valid valid, const char* message,
                    Out& out) {
  auto value = req.query_param(name);
  if (value.empty()) return ok_status();
  if (!valid(value)) return make_error(errc::invalid_input, message, "invalid_query");
  out = std::move(value);
  return ok_status();
}

/// An id query parameter (`label`, `customer_id`…), into `out` when given; 400 (invalid_query)
/// "<name> must be an id" otherwise.
status query_id(const request& req, const char* name, std::optional<int64_t>& out);

/// The `assignee` query parameter (query_assignee) into a filter's assignee_id and unassigned.
template <class Filter>
status query_assignee_into(const request& req, const principal& who, Filter& f) {
  auto assignee = query_assignee(req, who.user_id);
  if (!assignee) return assignee.error();
  f.assignee_id = assignee->user_id;
  f.unassigned = assignee->unassigned;
  return ok_status();
}

/// A PATCH body: a JSON object naming only `fields`, at least one of them; 400 otherwise
/// (missing_field: "nothing to change: give a, b or c").
result<json_body> parse_patch_body(const std::string& body,
                                   std::initializer_list<std::string_view> fields);

/// Appends the audit row of a change the caller made, inside the caller's transaction.
status audit_change(storage::pg_connection& db, const principal& who, std::string entity_type,
                    std::string entity_id, std::string action,
                    std::optional<std::string> before_json, std::optional<std::string> after_json);

/// The input of a route read by `parse`, which takes the request and the caller, the request,
/// or the body.
template <class Parse>
auto read_input(const Parse& parse, const request& req, const principal& who) {
  if constexpr (std::is_invocable_v<const Parse&, const request&, const principal&>) {
    return parse(req, who);
  } else if constexpr (std::is_invocable_v<const Parse&, const request&>) {
    return parse(req);
  } else {
    return parse(req.body);
  }
}

/// A route whose answer is `job(db, who)`, on a database worker.
template <class Job>
handler db_route(guard_fn guard, const std::shared_ptr<const api_env>& env, Job job) {
  return guard(env, [env, job](const request&, const principal& who, respond_fn respond) {
    answer_from_db(
        env->node, std::move(respond),
        [who, job](storage::pg_connection& db) -> result<response> { return job(db, who); });
  });
}

/// A route whose input `parse` reads (400 when it cannot) and whose answer is
/// `job(db, who, input)`.
template <class Parse, class Job>
handler input_route(guard_fn guard, const std::shared_ptr<const api_env>& env, Parse parse,
                    Job job) {
  return guard(
      env, [env, parse, job](const request& req, const principal& who, respond_fn respond) {
        auto input = read_input(parse, req, who);
        if (!input) return respond(error_response(input.error()));
        answer_from_db(
            env->node, std::move(respond),
            [who, job, in = std::move(*input)](storage::pg_connection& db) -> result<response> {
              return job(db, who, in);
            });
      });
}

/// A route on the resource its path names by `{id}`, answered by `job(db, who, id)`. A
/// malformed id names nothing: answered with `missing` (a 404), like another tenant's id.
template <class Job>
handler id_route(guard_fn guard, const std::shared_ptr<const api_env>& env, error missing,
                 Job job) {
  return guard(
      env, [env, missing, job](const request& req, const principal& who, respond_fn respond) {
        auto id = parse_id(req.params.at("id"));
        if (!id) return respond(error_response(missing));
        answer_from_db(env->node, std::move(respond),
                       [who, job, id = *id](storage::pg_connection& db) -> result<response> {
                         return job(db, who, id);
                       });
      });
}

/// id_route() with an input: the id is checked first (404), then `parse` reads the input (400),
/// and `job(db, who, id, input)` answers.
template <class Parse, class Job>
handler id_input_route(guard_fn guard, const std::shared_ptr<const api_env>& env, error missing,
                       Parse parse, Job job) {
  return guard(env, [env, missing, parse, job](const request& req, const principal& who,
                                               respond_fn respond) {
    auto id = parse_id(req.params.at("id"));
    if (!id) return respond(error_response(missing));
    auto input = read_input(parse, req, who);
    if (!input) return respond(error_response(input.error()));
    answer_from_db(env->node, std::move(respond),
                   [who, job, id = *id, in = std::move(*input)](storage::pg_connection& db)
                       -> result<response> { return job(db, who, id, in); });
  });
}

/// A list route: `parse` reads the filter, `Repo{db}.list(tenant, filter)` the page, each item
/// written by `write`.
template <class Repo, class Parse, class Write>
handler list_route(const std::shared_ptr<const api_env>& env, Parse parse, Write write) {
  return input_route(authenticated, env, parse,
                     [write](storage::pg_connection& db, const principal& who, const auto& f) {
                       return page_answer(Repo{db}.list(who.tenant_id, f), write);
                     });
}

/// A route answering one resource by `{id}`: `Repo{db}.find(tenant, id)` written by `write`;
/// `missing` (404) for a malformed id.
template <class Repo, class Write>
handler find_route(const std::shared_ptr<const api_env>& env, error missing, Write write) {
  return id_route(authenticated, env, std::move(missing),
                  [write](storage::pg_connection& db, const principal& who, int64_t id) {
                    return json_answer(200, Repo{db}.find(who.tenant_id, id), write);
                  });
}

}  // namespace centralita::net
