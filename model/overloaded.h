// The usual visitor helper for std::visit over the change and catalog variants.
#pragma once

namespace keel {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

}  // namespace keel
