#include "net/triage_handlers.hpp"

#include "net/json_reply.hpp"
#include "net/triage_codec.hpp"

namespace centralita::net {

namespace {

constexpr size_t max_text_chars = 4096;

}  // namespace

void add_triage_routes(router& routes, const std::shared_ptr<const api_env>& env) {
  // The model is a few microseconds of arithmetic on the I/O thread: no database, no wait.
  routes.add(
      "POST", "/api/v1/triage",
      authenticated(env, [env](const request& req, const principal&, respond_fn respond) {
        auto b = json_body::parse(req.body);
        if (!b) return respond(error_response(b.error()));
        if (auto s = b->only({"text"}); !s) return respond(error_response(s.error()));
        auto text = b->required_string("text");
        if (!text) return respond(error_response(text.error()));
        if (utf8_length(*text) > max_text_chars) {
          return respond(error_response(invalid_field("text", "is longer than 4096 characters")));
        }
        json_builder j;
        j.begin_object();
        write_triage_fields(j, env->node.triage().classify(*text));
        j.end_object();
        respond(json_response(200, j.str()));
      }));
}

}  // namespace centralita::net
