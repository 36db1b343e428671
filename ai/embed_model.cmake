# Generates a C++ source holding the trained triage model's text, so the binary classifies from
# anywhere without the source tree. Run with -DMODEL=... -DOUT=...
set(text "")
if(EXISTS "${MODEL}")
  file(READ "${MODEL}" text)
endif()
set(body "// Generated from ai/model/triage.model: do not edit.\n#include <string_view>\n\nnamespace centralita::ai {\n\nstd::string_view builtin_model_text() {\n  static const char text[] = R\"centralita_model(${text})centralita_model\";\n  return {text, sizeof text - 1};\n}\n\n}  // namespace centralita::ai\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
