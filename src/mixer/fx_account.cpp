// Reads the per-stem account out of the FX-normalization report (fx_account.hpp).
#include "mixer/fx_account.hpp"

#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "automix/stem_type.hpp"
#include "fxnorm/settings.hpp"

namespace automix {
namespace {

/// Keys of the EQ stage's "response_db_at_hz" object, low to high (src/fxnorm/eq_stage.cpp
/// writes the rounded octave centres 31.5 Hz .. 16 kHz).
const std::array<const char*, 10> kEqKeys = {"32",   "63",   "125",  "250",  "500",
                                             "1000", "2000", "4000", "8000", "16000"};
constexpr std::size_t kSizeV1 = 1 + kEqKeys.size();
constexpr std::size_t kSizeV2 = 2 + static_cast<std::size_t>(fxnorm::kEqResponsePoints);

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

void put(float* row, std::size_t i, double v) {
    if (std::isfinite(v)) row[i] = static_cast<float>(v);
}

/// Output loudness (after the loudness stage) minus the dry input's loudness.
double level_change(const nlohmann::json& stem) {
    return number_at(member(stem, "loudness"), "input_lufs") +
           number_at(member(stem, "loudness"), "gain_db") -
           number_at(member(stem, "eq"), "input_lufs");
}

/// The flat gains the stages applied, summed: a stage that reports none adds nothing; without
/// the loudness stage's gain the sum is unknown (NaN).
double flat_gain(const nlohmann::json& stem) {
    double total = number_at(member(stem, "loudness"), "gain_db");
    for (const double v : {number_at(member(stem, "eq"), "measurement_gain_db"),
                           number_at(member(stem, "dynamics"), "peak_normalize_gain_db")}) {
        if (std::isfinite(v)) total += v;
    }
    return total;
}

void fill_v1(const nlohmann::json& stem, float* row) {
    put(row, 0, level_change(stem));
    const nlohmann::json& response = member(member(stem, "eq"), "response_db_at_hz");
    for (std::size_t k = 0; k < kEqKeys.size(); ++k)
        put(row, 1 + k, number_at(response, kEqKeys[k]));
}

void fill_v2(const nlohmann::json& stem, float* row) {
    put(row, 0, flat_gain(stem));
    put(row, 1, level_change(stem));
    const nlohmann::json& fine = member(member(stem, "eq"), "response_db_sixth_octave");
    if (!fine.is_array() || fine.size() != static_cast<std::size_t>(fxnorm::kEqResponsePoints))
        return;
    for (std::size_t k = 0; k < fine.size(); ++k) {
        if (fine[k].is_number()) put(row, 2 + k, fine[k].get<double>());
    }
}

}  // namespace

std::size_t fx_account_size(int version) {
    switch (version) {
        case 1:
            return kSizeV1;
        case 2:
            return kSizeV2;
        default:
            return 0;
    }
}

std::vector<float> fx_account_vector(const nlohmann::json& fxnorm_report, int version) {
    const std::size_t size = fx_account_size(version);
    if (size == 0) throw std::invalid_argument("unknown fx_account version");
    std::vector<float> out(kNumStemTypes * size, 0.0f);
    const nlohmann::json& stems = member(fxnorm_report, "stems");
    for (int s = 0; s < kNumStemTypes; ++s) {
        const nlohmann::json& stem = member(stems, to_string(kAllStemTypes[s]).c_str());
        float* row = out.data() + s * size;
        if (version == 1) {
            fill_v1(stem, row);
        } else {
            fill_v2(stem, row);
        }
    }
    return out;
}

}  // namespace automix
