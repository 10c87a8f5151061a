// Numbers in the JSON automix writes (reports, features, analyses, batch summaries) and reads back
// (model metadata, cache headers, batch summaries).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <type_traits>

namespace automix::report {

/// A number, or null when it is not finite: JSON has no NaN or infinity, so the -inf LUFS of
/// silence is written as null (docs/metrics.md). `Json` is nlohmann::json or ordered_json.
template <class Json = nlohmann::json>
Json json_number(double v) {
    return std::isfinite(v) ? Json(v) : Json(nullptr);
}

/// json_number for the reports' ordered JSON (keys kept in the order they are written).
inline nlohmann::ordered_json ordered_json_number(double v) {
    return json_number<nlohmann::ordered_json>(v);
}

/// json_number of a value that may be absent: null when absent or not finite.
inline nlohmann::json json_number(const std::optional<double>& v) {
    return v ? json_number(*v) : nlohmann::json(nullptr);
}

/// The integer a JSON value holds, when it is a number with an integral value that type `T`
/// can represent; nullopt for any other value. nlohmann's get<int>() casts 1e300 or
/// 18446744073709551615 without a range check, which is undefined behaviour (found by fuzzing
/// the model metadata), so every integer read from a file goes through here.
template <class T, class Json>
std::optional<T> json_integer(const Json& v) {
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>, "json_integer reads integers");
    using Limits = std::numeric_limits<T>;
    if (v.is_number_unsigned()) {
        const auto u = v.template get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(Limits::max())) return std::nullopt;
        return static_cast<T>(u);
    }
    if (v.is_number_integer()) {
        const auto i = v.template get<std::int64_t>();
        if constexpr (std::is_unsigned_v<T>) {
            if (i < 0 || static_cast<std::uint64_t>(i) > Limits::max()) return std::nullopt;
        } else {
            if (i < static_cast<std::int64_t>(Limits::min()) ||
                i > static_cast<std::int64_t>(Limits::max())) {
                return std::nullopt;
            }
        }
        return static_cast<T>(i);
    }
    if (v.is_number_float()) {
        // Integral floats (44100.0) are accepted; the range test is done in double, where both
        // bounds are exact or rounded outward (2^63 for int64's max), so the cast is defined.
        const double d = v.template get<double>();
        if (!std::isfinite(d) || d != std::floor(d)) return std::nullopt;
        if (d < static_cast<double>(Limits::min()) || d >= static_cast<double>(Limits::max()) + 1.0)
            return std::nullopt;
        return static_cast<T>(d);
    }
    return std::nullopt;
}

}  // namespace automix::report
