# Generates a C++ source that holds every migration file's text, so the binary migrates a
# database from anywhere without the source tree. Run with -DDIR=... -DOUT=...
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(body "// Generated from storage/migrations/*.sql: do not edit.\n#include \"storage/migrations.hpp\"\n\nnamespace centralita::storage {\n\nconst std::vector<migration>& all_migrations() {\n  static const std::vector<migration> list = {\n")
foreach(f IN LISTS files)
  get_filename_component(name "${f}" NAME_WE)
  file(READ "${f}" sql)
  string(APPEND body "    {\"${name}\", R\"centralita_sql(${sql})centralita_sql\"},\n")
endforeach()
string(APPEND body "  };\n  return list;\n}\n\n}  // namespace centralita::storage\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
