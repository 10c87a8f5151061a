#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "automix/dsp/fft_convolver.hpp"
#include "automix/dsp/fir.hpp"
#include "automix/dsp/smoothing.hpp"
#include "dsp/decibels.hpp"
#include "fxnorm/signal_utils.hpp"
#include "fxnorm/stages.hpp"
#include "fxnorm/stem_features.hpp"
#include "report/json_number.hpp"

namespace automix::fxnorm {
namespace {

// Octave-band centres at which the report summarizes the EQ response.
constexpr std::array<double, 10> kReportBandsHz = {31.5, 63,   125,  250,  500,
                                                   1000, 2000, 4000, 8000, 16000};

constexpr double kBinHz = static_cast<double>(kSampleRate) / kAnalysisFft;

std::vector<double> smoothed(const std::vector<double>& measured, const StemSettings& settings,
                             const EqOptions& options) {
    switch (options.smoothing) {
        case EqSmoothing::None:
            return measured;
        case EqSmoothing::MovingAverage:
            return dsp::smooth_mirror(measured, settings.eq_smoothing);
        case EqSmoothing::FractionalOctave:
            break;
    }
    return dsp::smooth_fractional_octave(measured, options.octave_fraction,
                                         options.min_smoothing_bins);
}

// EQ matching of a buffer whose channels share one gain and one filter.
nlohmann::json match_eq_linked(AudioBuffer& stem, const StemTargets& target,
                               const StemSettings& settings, const EqOptions& options) {
    nlohmann::json report;
    double input_lufs = 0.0;
    const double gain = lufs_normalize_gain(stem, kEqMeasureLufs, &input_lufs,
                                            options.padded_loudness ? options.pad : 0);
    apply_gain(stem, static_cast<float>(gain));
    const std::vector<double> raw = average_spectrum(stem, 1.0, options.pad);
    const std::vector<double> measured = smoothed(raw, settings, options);
    // Above the input's bandwidth there is only codec noise: never boost it (docs, D17). Found
    // on the raw spectrum, where the cliff is sharp.
    const std::size_t band_end = options.limit_to_bandwidth
                                     ? bandwidth_bin(raw)
                                     : static_cast<std::size_t>(kTargetCurveBins);
    // Per-bin amplitude for each of the two passes: sqrt of the desired power ratio, clamped.
    const double max_gain = std::sqrt(dsp::db_to_amplitude(options.max_boost_db));
    const double min_gain = std::sqrt(dsp::db_to_amplitude(-options.max_cut_db));
    const int stride = (kTargetCurveBins - 1) / (kEqGridPoints - 1);  // 32 (firwin2 grid)
    std::vector<double> grid(kEqGridPoints);
    for (int j = 0; j < kEqGridPoints; ++j) {
        const std::size_t k = static_cast<std::size_t>(j * stride);
        const double ratio = (target.eq_magnitude[k] + 1e-30) / (measured[k] + 1e-30);
        grid[j] = std::clamp(std::sqrt(ratio), min_gain, k >= band_end ? 1.0 : max_gain);
    }
    const std::vector<double> h = dsp::design_fir_frequency_sampling(grid, kEqTaps);
    // Forward + backward filtering with h == one zero-phase convolution with its autocorrelation.
    dsp::FftConvolver convolver(dsp::autocorrelation(h), kEqTaps - 1);
    for (auto& channel : stem.channels) convolver.process_in_place(channel.data(), channel.size());

    report["input_lufs"] = report::json_number(input_lufs);
    report["measurement_gain_db"] = dsp::amplitude_to_db(gain, dsp::kDbEpsilon);
    report["bandwidth_hz"] = band_end < static_cast<std::size_t>(kTargetCurveBins)
                                 ? nlohmann::json(static_cast<double>(band_end) * kBinHz)
                                 : nlohmann::json();
    nlohmann::json bands = nlohmann::json::object();
    double max_boost = -1e9, max_cut = 1e9;
    for (double f : kReportBandsHz) {
        const double db =
            2.0 * dsp::amplitude_to_db(dsp::fir_magnitude(h, f / kSampleRate), dsp::kDbEpsilon);
        bands[std::to_string(static_cast<int>(std::lround(f)))] = db;
        max_boost = std::max(max_boost, db);
        max_cut = std::min(max_cut, db);
    }
    report["response_db_at_hz"] = bands;
    std::vector<double> fine(kEqResponsePoints);
    for (int k = 0; k < kEqResponsePoints; ++k) {
        const double f =
            kEqResponseLowHz * std::exp2(static_cast<double>(k) / kEqResponsePerOctave);
        fine[static_cast<std::size_t>(k)] =
            2.0 * dsp::amplitude_to_db(dsp::fir_magnitude(h, f / kSampleRate), dsp::kDbEpsilon);
    }
    report["response_db_sixth_octave"] = fine;
    report["max_band_gain_db"] = max_boost;
    report["min_band_gain_db"] = max_cut;
    return report;
}

}  // namespace

std::size_t bandwidth_bin(const std::vector<double>& spectrum) {
    const std::size_t none = static_cast<std::size_t>(kTargetCurveBins);
    const std::size_t width = static_cast<std::size_t>(kBandwidthBandHz / kBinHz);  // 371 bins
    const std::size_t bands = spectrum.size() / width;
    if (bands < 3) return none;
    // Mean power per band, in dB.
    std::vector<double> level(bands);
    for (std::size_t b = 0; b < bands; ++b) {
        double sum = 0.0;
        for (std::size_t k = b * width; k < (b + 1) * width; ++k) sum += spectrum[k] * spectrum[k];
        level[b] = dsp::power_to_db(sum / static_cast<double>(width), 1e-60);
    }
    // above[b]: the loudest band from b up. A cliff at gap band g: the band below g is at least
    // kBandwidthCliffDb louder than every band above g. The deepest cliff wins (a codec's
    // low-pass falls by 15-40 dB; a natural spectrum rolls off by a few dB per 250 Hz).
    std::vector<double> above(bands);
    above[bands - 1] = level[bands - 1];
    for (std::size_t b = bands - 1; b-- > 0;) above[b] = std::max(level[b], above[b + 1]);
    const std::size_t first = static_cast<std::size_t>(kBandwidthMinHz / kBandwidthBandHz);
    std::size_t best = none;
    double best_drop = kBandwidthCliffDb;
    for (std::size_t g = std::max<std::size_t>(first, 1); g + 1 < bands; ++g) {
        const double drop = level[g - 1] - above[g + 1];
        if (drop >= best_drop) {
            best_drop = drop;
            best = g * width;  // the gap band and everything above it are outside the band
        }
    }
    return best;
}

nlohmann::json match_eq(AudioBuffer& stem, const StemTargets& target, const StemSettings& settings,
                        const EqOptions& options) {
    if (!options.per_channel || stem.num_channels() < 2) {
        return match_eq_linked(stem, target, settings, options);
    }
    // Reference (bug 6): every channel is normalized, measured and filtered on its own.
    return for_each_channel(stem, {{"skipped", "below -50 dBFS peak"}}, [&](AudioBuffer& mono) {
        return match_eq_linked(mono, target, settings, options);
    });
}

}  // namespace automix::fxnorm
