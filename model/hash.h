// FNV-1a hashes: stable across platforms and releases, unlike std::hash, so they can name files
// and fingerprint schemas that are compared between runs and machines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace keel::model {

std::string Fnv1a32Hex(std::string_view text);  // 8 hex digits
std::string Fnv1a64Hex(std::string_view text);  // 16 hex digits

}  // namespace keel::model
