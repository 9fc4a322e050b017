// The schema unqualified names mean (the head of search_path): `public`, or the tenant schema
// of a schema-per-tenant target (--in-schema), which is then also the only schema keel reads
// and changes.
#pragma once

#include <string>

namespace keel::model {

/// The tenant schema set on this thread by a ScopedDefaultSchema; empty for a whole database.
const std::string& InSchema();
/// The schema an unqualified name belongs to on this thread: InSchema(), else "public".
const std::string& DefaultSchema();

/// Sets this thread's tenant schema for its lifetime (empty: a whole database) and restores the
/// previous one after. Per thread, because targets with different tenants are planned in
/// parallel threads of one process: a thread working for a target opens its own, with the
/// InSchema() of the thread that started it.
class ScopedDefaultSchema {
 public:
  explicit ScopedDefaultSchema(const std::string& in_schema);
  ~ScopedDefaultSchema();
  ScopedDefaultSchema(const ScopedDefaultSchema&) = delete;
  ScopedDefaultSchema& operator=(const ScopedDefaultSchema&) = delete;

 private:
  std::string previous_;
};

}  // namespace keel::model
