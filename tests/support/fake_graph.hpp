#pragma once
// A fake WhatsApp Cloud API (Graph) send endpoint (docs/protocols.md §3) on a fake_http_server:
// it checks the method, the path with the API version and phone number id, the bearer token, the
// content type and the JSON body, records every request, and answers as a script says. A 2xx
// carries a fresh wamid the way Graph does:
// {"messaging_product":"whatsapp","contacts":[…],"messages":[{"id":"wamid.OUT<n>"}]}.

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/fake_builderbot.hpp"
#include "tests/support/fake_http_server.hpp"

namespace centralita::testkit {

/// A media file the fake serves (GET /{version}/{id}, then GET /files/{id}) or received
/// (POST /{version}/{phone number id}/media, multipart).
struct fake_media {
  std::string id;
  std::string mime;
  std::string filename;
  std::string bytes;
};

/// The fake Graph API (with no script, every request answered 200); stops (joining every
/// connection) when destroyed. Requests are recorded as fake_send (number = `to`, content =
/// `text.body` or the media caption, media_url = link, or "id:<media id>" for a message naming an
/// uploaded file; for a template message, content = `template:<name>:<language>:<value>|<value>…`).
/// Media look-ups and downloads need the bearer token and go through the script too (a `hold`
/// answer makes a download time out). It also lists message templates (GET /{version}/{business
/// account id}/message_templates).
class fake_graph : public scripted_fake<fake_send, fake_script> {
 public:
  fake_graph(std::string access_token, std::string phone_number_id, std::string version = "v21.0");

  /// `http://127.0.0.1:<port>`, for WHATSAPP_CLOUD_API_URL.
  std::string url() const { return server_.url(); }
  /// The environment a server needs to send here.
  std::vector<std::pair<std::string, std::string>> environment() const;

  /// What `GET /{version}/{business_account_id}/message_templates` answers: Graph's list
  /// `{"data":[…]}` around `templates_json` (a JSON array of template objects).
  void set_templates(std::string business_account_id, std::string templates_json);
  /// The wamids given in 2xx answers, by content.
  std::map<std::string, std::string> wamids() const;
  /// Serves `media` by its id from now on.
  void add_media(fake_media media);
  /// Files uploaded so far (ids "UP<n>").
  std::vector<fake_media> uploads() const;

 private:
  fake_answer on_request(const fake_http_request& request);
  void check(fake_send& s) const;
  fake_answer send_answer(fake_send& s);
  fake_answer media_answer(fake_send& s);
  fake_answer upload_answer(fake_send& s);
  /// The template list's answer when `s` asks for it (the status is 0 otherwise).
  std::pair<int, std::string> templates_answer(const fake_send& s) const;

  std::string token_;
  std::string phone_number_id_;
  std::string version_;
  std::map<std::string, std::string> wamids_;
  std::map<std::string, int> seen_;
  std::string waba_id_;
  std::string templates_json_ = "[]";
  int next_id_ = 1;
  std::map<std::string, fake_media> media_;
  std::vector<fake_media> uploads_;
  fake_http_server server_;  ///< last: stops before the state above goes away
};

}  // namespace centralita::testkit
