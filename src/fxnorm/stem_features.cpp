#include "fxnorm/stem_features.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <memory>

#include "automix/dsp/stft.hpp"
#include "automix/features_stereo.hpp"
#include "automix/targets.hpp"
#include "dsp/decibels.hpp"
#include "dsp/simd_math.hpp"
#include "fxnorm/settings.hpp"
#include "fxnorm/signal_utils.hpp"

namespace automix::fxnorm {
namespace {

// |z| without hypot's overflow care (the values are far from float limits): much faster.
inline float magnitude(std::complex<float> z) {
    return std::sqrt(z.real() * z.real() + z.imag() * z.imag());
}

// Calls fn(t, spectra) for every frame of the padded stem's 65536/16384 STFT, spectra[c] pointing
// to channel c's num_bins() values (valid during the call).
template <typename Fn>
void for_each_analysis_frame(const AudioBuffer& stem, long long pad, Fn&& fn) {
    // One transform per channel, so that both spectra of a frame are available without copies.
    std::vector<std::unique_ptr<dsp::Stft>> stft;
    for (int c = 0; c < stem.num_channels(); ++c) {
        stft.push_back(std::make_unique<dsp::Stft>(kAnalysisFft, kAnalysisHop,
                                                   dsp::sqrt_periodic_hann(kAnalysisFft)));
    }
    if (stft.empty()) return;
    const std::size_t n = stem.num_frames();
    const std::size_t frames = stft[0]->num_frames(n + 2 * static_cast<std::size_t>(pad));
    std::vector<float> buffer(kAnalysisFft);
    std::vector<const std::complex<float>*> spectra(stft.size());
    for (std::size_t t = 0; t < frames; ++t) {
        const long long start = static_cast<long long>(t) * kAnalysisHop - pad;
        for (std::size_t c = 0; c < stft.size(); ++c) {
            const float* x = stem.channels[c].data();
            const float* frame = buffer.data();
            if (start >= 0 && start + kAnalysisFft <= static_cast<long long>(n)) {
                frame = x + start;  // frames inside the signal are read in place
            } else {
                read_zero_extended(x, n, start, buffer.size(), buffer.data());
            }
            spectra[c] = stft[c]->transform_frame(frame);
        }
        fn(t, spectra);
    }
}

}  // namespace

double lufs_normalize_gain(const AudioBuffer& audio, double target_lufs, double* measured_lufs,
                           long long pad) {
    const double lufs = loudness_lufs(audio, pad);
    if (measured_lufs) *measured_lufs = lufs;
    if (!std::isfinite(lufs)) return 1.0;
    double gain = dsp::db_to_amplitude(target_lufs - lufs);
    const double peak = gain * peak_abs(audio);
    // Peak limiting of lufs_normalize: divide by max(1, 1e-6 + peak)
    // (docs/reference.md#loudness-meter).
    gain /= std::max(1.0, 1e-6 + peak);
    return gain;
}

std::vector<double> average_spectrum(const AudioBuffer& stem, double gain, long long pad) {
    std::vector<double> sum(kTargetCurveBins, 0.0);
    std::size_t count = 0;
    for_each_analysis_frame(stem, pad, [&](std::size_t, const auto& spectra) {
        for (const auto& spec : spectra) {
            dsp::simd::accumulate_magnitudes(reinterpret_cast<const float*>(spec), sum.size(),
                                             sum.data());
            ++count;
        }
    });
    if (count > 0) {
        for (double& v : sum) v = v * gain / static_cast<double>(count);
    }
    return sum;
}

std::vector<double> eq_feature(const AudioBuffer& stem, bool padded) {
    return average_spectrum(stem,
                            lufs_normalize_gain(stem, kEqMeasureLufs, nullptr, padded ? kPad : 0));
}

DynamicsFeature onset_peak_feature(const AudioBuffer& stem, float gain,
                                   dsp::HfcOnsetDetector& detector, const float* sample_gain,
                                   long long pad) {
    DynamicsFeature feature;
    const std::size_t n = stem.num_frames();
    const std::size_t padded = n + 2 * static_cast<std::size_t>(pad);
    double mean = 0.0, std = 0.0;
    for (int c = 0; c < stem.num_channels(); ++c) {
        const dsp::OnsetPeakStats s = dsp::onset_peak_stats(
            detector, padded_reader(stem.channels[c].data(), n, pad, gain, sample_gain), padded);
        if (s.onsets == 0) return feature;  // any channel without onsets: no descriptor
        mean += s.mean_db;
        std += s.std_db;
    }
    feature.valid = stem.num_channels() > 0;
    feature.mean_db = mean / stem.num_channels();
    feature.std_db = std / stem.num_channels();
    return feature;
}

DynamicsFeature dynamics_feature(const AudioBuffer& stem) {
    const float peak = peak_abs(stem);
    if (peak == 0.0f) return {};
    dsp::HfcOnsetDetector detector;
    const float gain = static_cast<float>(dsp::db_to_amplitude(kCompPeakDb) / peak);
    return onset_peak_feature(stem, gain, detector);
}

double stereo_similarity(double left, double right) {
    // |X + 1e-20| on the complex value; for magnitudes this is a floor of 1e-20 in effect.
    return features::stereo_similarity(left + 1e-20, right + 1e-20);
}

std::vector<double> panning_feature(const AudioBuffer& stem) {
    std::vector<double> sum(kTargetCurveBins, 0.0);
    std::size_t count = 0;
    if (stem.num_channels() != 2) return sum;
    for_each_analysis_frame(stem, kPad, [&](std::size_t, const auto& spectra) {
        for (std::size_t k = 0; k < sum.size(); ++k) {
            sum[k] += stereo_similarity(magnitude(spectra[0][k]), magnitude(spectra[1][k]));
        }
        ++count;
    });
    if (count > 0) {
        for (double& v : sum) v /= static_cast<double>(count);
    }
    return sum;
}

}  // namespace automix::fxnorm
