#pragma once

#include <type_traits>
#include <utility>

#include <tl/expected.hpp>

// One spelling for results across the project, so that it can become std::expected once the
// project moves to C++23.
namespace Sleuth {
template<typename T, typename E>
using Expected = tl::expected<T, E>;

// A function rather than an alias template: clang 14 cannot deduce through alias templates.
template<typename E>
auto Unexpected(E &&error)
{
    return tl::unexpected<std::decay_t<E>>(std::forward<E>(error));
}
} // namespace Sleuth
