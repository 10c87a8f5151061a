#include <algorithm>
#include <array>
#include <cmath>

#include "automix/dsp/fft_convolver.hpp"
#include "automix/dsp/fir.hpp"
#include "automix/dsp/smoothing.hpp"
#include "fxnorm/features.hpp"
#include "fxnorm/signal_utils.hpp"
#include "fxnorm/stages.hpp"

namespace automix::fxnorm {
namespace {

// Octave-band centres at which the report summarizes the EQ response.
constexpr std::array<double, 10> kReportBandsHz = {31.5, 63,   125,  250,  500,
                                                   1000, 2000, 4000, 8000, 16000};

}  // namespace

nlohmann::json match_eq(AudioBuffer& stem, const StemTargets& target,
                        const StemSettings& settings) {
    nlohmann::json report;
    double input_lufs = 0.0;
    const double gain = lufs_normalize_gain(stem, kEqMeasureLufs, &input_lufs);
    apply_gain(stem, static_cast<float>(gain));
    // The measured spectrum is smoothed with the target's window so that the ratio compares
    // like with like (the reference takes the raw measurement: docs/fxnorm.md, deviation E2).
    const std::vector<double> measured =
        dsp::smooth_mirror(average_spectrum(stem, 1.0), settings.eq_smoothing);
    // Per-bin amplitude for each of the two passes: sqrt of the desired power ratio, clamped.
    const double max_gain = std::sqrt(db_to_amp(kEqMaxBoostDb));
    const double min_gain = std::sqrt(db_to_amp(-kEqMaxCutDb));
    const int stride = (kTargetCurveBins - 1) / (kEqGridPoints - 1);  // 32 (§3.4 step 5)
    std::vector<double> grid(kEqGridPoints);
    for (int j = 0; j < kEqGridPoints; ++j) {
        const std::size_t k = static_cast<std::size_t>(j * stride);
        const double ratio = (target.eq_magnitude[k] + 1e-30) / (measured[k] + 1e-30);
        grid[j] = std::clamp(std::sqrt(ratio), min_gain, max_gain);
    }
    const std::vector<double> h = dsp::design_fir_frequency_sampling(grid, kEqTaps);
    // Forward + backward filtering with h == one zero-phase convolution with its autocorrelation.
    dsp::FftConvolver convolver(dsp::autocorrelation(h), kEqTaps - 1);
    for (auto& channel : stem.channels) convolver.process_in_place(channel.data(), channel.size());

    report["input_lufs"] =
        std::isfinite(input_lufs) ? nlohmann::json(input_lufs) : nlohmann::json();
    report["measurement_gain_db"] = amp_to_db(gain);
    nlohmann::json bands = nlohmann::json::object();
    double max_boost = -1e9, max_cut = 1e9;
    for (double f : kReportBandsHz) {
        const double db = 2.0 * amp_to_db(dsp::fir_magnitude(h, f / kSampleRate));
        bands[std::to_string(static_cast<int>(std::lround(f)))] = db;
        max_boost = std::max(max_boost, db);
        max_cut = std::min(max_cut, db);
    }
    report["response_db_at_hz"] = bands;
    report["max_band_gain_db"] = max_boost;
    report["min_band_gain_db"] = max_cut;
    return report;
}

}  // namespace automix::fxnorm
