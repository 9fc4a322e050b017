#include "model/hash.h"

#include <fmt/format.h>

namespace keel::model {
namespace {

template <typename Word>
Word Fnv1a(std::string_view text, Word basis, Word prime) {
  for (unsigned char c : text) {
    basis ^= c;
    basis *= prime;
  }
  return basis;
}

}  // namespace

std::string Fnv1a32Hex(std::string_view text) {
  return fmt::format("{:08x}", Fnv1a<uint32_t>(text, 2166136261u, 16777619u));
}

std::string Fnv1a64Hex(std::string_view text) {
  return fmt::format("{:016x}", Fnv1a<uint64_t>(text, 14695981039346656037ull, 1099511628211ull));
}

}  // namespace keel::model
