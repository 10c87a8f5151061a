// Numbers in the JSON automix writes (reports, features, analyses, batch summaries).
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

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

}  // namespace automix::report
