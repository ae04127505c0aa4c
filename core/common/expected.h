#pragma once

#include <tl/expected.hpp>

// One spelling for results across the project, so that it can become std::expected once the
// project moves to C++23.
namespace Sleuth {
template<typename T, typename E>
using Expected = tl::expected<T, E>;
template<typename E>
using Unexpected = tl::unexpected<E>;
} // namespace Sleuth
