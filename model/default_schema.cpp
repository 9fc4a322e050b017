#include "model/default_schema.h"

namespace keel::model {
namespace {

std::string& Current() {
  thread_local std::string in_schema;
  return in_schema;
}

}  // namespace

const std::string& InSchema() { return Current(); }

const std::string& DefaultSchema() {
  static const std::string kPublic = "public";
  return Current().empty() ? kPublic : Current();
}

ScopedDefaultSchema::ScopedDefaultSchema(const std::string& in_schema) : previous_(Current()) {
  Current() = in_schema;
}

ScopedDefaultSchema::~ScopedDefaultSchema() { Current() = previous_; }

}  // namespace keel::model
