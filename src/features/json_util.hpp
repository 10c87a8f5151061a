// JSON helpers shared by the feature library's writers (internal).
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>

namespace automix::features {

/// A number, or null when it is not finite (JSON has no NaN or infinity; -inf LUFS of silence
/// becomes null, documented in docs/metrics.md).
inline nlohmann::json json_number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace automix::features
