// Reads the per-stem account out of the FX-normalization report (fx_account.hpp).
#include "mixer/fx_account.hpp"

#include <array>
#include <cmath>
#include <string>

#include "automix/stem_type.hpp"

namespace automix {
namespace {

/// Keys of the EQ stage's "response_db_at_hz" object, low to high (src/fxnorm/eq_stage.cpp
/// writes the rounded octave centres 31.5 Hz .. 16 kHz).
const std::array<const char*, kFxAccountSize - 1> kEqKeys = {
    "32", "63", "125", "250", "500", "1000", "2000", "4000", "8000", "16000"};

/// The finite number at j[key], or NaN.
double number_at(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return NAN;
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number()) return NAN;
    const double v = it->get<double>();
    return std::isfinite(v) ? v : NAN;
}

const nlohmann::json& member(const nlohmann::json& j, const char* key) {
    static const nlohmann::json null;
    if (!j.is_object()) return null;
    const auto it = j.find(key);
    return it == j.end() ? null : *it;
}

}  // namespace

std::vector<float> fx_account_vector(const nlohmann::json& fxnorm_report) {
    std::vector<float> out(kNumStemTypes * kFxAccountSize, 0.0f);
    const nlohmann::json& stems = member(fxnorm_report, "stems");
    for (int s = 0; s < kNumStemTypes; ++s) {
        const nlohmann::json& stem = member(stems, to_string(kAllStemTypes[s]).c_str());
        const nlohmann::json& eq = member(stem, "eq");
        const nlohmann::json& loudness = member(stem, "loudness");
        float* row = out.data() + s * kFxAccountSize;
        // Output loudness (after the loudness stage) minus the dry input's loudness.
        const double change = number_at(loudness, "input_lufs") + number_at(loudness, "gain_db") -
                              number_at(eq, "input_lufs");
        if (std::isfinite(change)) row[0] = static_cast<float>(change);
        const nlohmann::json& response = member(eq, "response_db_at_hz");
        for (std::size_t k = 0; k < kEqKeys.size(); ++k) {
            const double db = number_at(response, kEqKeys[k]);
            if (std::isfinite(db)) row[1 + k] = static_cast<float>(db);
        }
    }
    return out;
}

}  // namespace automix
