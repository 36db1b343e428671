#pragma once
// WhatsApp Cloud message templates through Graph (docs/protocols.md §3): listing an account's
// templates (GET /{version}/{business account id}/message_templates, bearer token) and the
// `template` object of a template message. Outside the 24-hour customer-service window only an
// approved template may be sent.

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "providers/whatsapp_cloud_sender.hpp"
#include "storage/template_repo.hpp"

namespace centralita::providers {

/// Templates read per sync: one page of Graph's list.
inline constexpr int template_page = 200;

/// The request path of the account's template list (one page of `template_page`).
std::string whatsapp_templates_path(const whatsapp_cloud_config& config,
                                    const std::string& business_account_id);

/// Graph's answer `{"data":[{"name","language","status","category","components":[…]}…]}` as
/// templates: the BODY component's text and the count of its {{n}} variables. Entries without
/// a name or language are skipped; a body that is not that shape is errc::invalid_input.
result<std::vector<storage::message_template>> parse_whatsapp_templates(std::string_view body);

/// Lists the account's templates (blocking, bounded by the config's timeouts). A transport
/// failure, 429 or 5xx is errc::unavailable; another non-2xx errc::unprocessable with Graph's
/// error code and message.
result<std::vector<storage::message_template>> fetch_whatsapp_templates(
    const whatsapp_cloud_config& config, const std::string& business_account_id);

/// Graph's `template` object: `{"name":…,"language":{"code":…},"components":[{"type":"body",
/// "parameters":[{"type":"text","text":…}…]}]}` (no components without values).
std::string whatsapp_template_object(const std::string& name, const std::string& language,
                                     const std::vector<std::string>& values);

}  // namespace centralita::providers
