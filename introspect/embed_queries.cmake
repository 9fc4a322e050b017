# Writes every queries/*.sql file into a C++ table: name (file stem) -> text, in namespace
# NAMESPACE (default keel::introspect).
if(NOT NAMESPACE)
  set(NAMESPACE keel::introspect)
endif()
set(body "// Generated from introspect/queries/*.sql; do not edit.\n#include <map>\n#include <string>\nnamespace ${NAMESPACE} {\nconst std::map<std::string, std::string>& EmbeddedQueries() {\n  static const std::map<std::string, std::string> queries = {\n")
foreach(f ${FILES})
  get_filename_component(stem ${f} NAME_WE)
  file(READ ${f} text)
  string(APPEND body "    {\"${stem}\", R\"KEELSQL(${text})KEELSQL\"},\n")
endforeach()
string(APPEND body "  };\n  return queries;\n}\n}  // namespace ${NAMESPACE}\n")
file(WRITE ${OUT} "${body}")
