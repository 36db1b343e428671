#pragma once
// JSON as compact text, to look for fragments in it: PostgreSQL writes jsonb as `"key": value`,
// and a live frame read back from the store carries its data that way.

#include <string>

namespace centralita::testkit {

/// `text` parsed and written again without blanks; `text` itself when it is not JSON.
std::string compact_json(const std::string& text);

}  // namespace centralita::testkit
