// A stem's level, image, third-octave spectrum and dynamics, for "what the mixer did".
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <thread>

#include "automix/dsp/stft.hpp"
#include "automix/loudness.hpp"
#include "automix/mixer_decisions.hpp"
#include "dsp/decibels.hpp"
#include "report/json_number.hpp"

namespace automix {
namespace {

// 16,384-point frames (2.7 Hz bins at 44.1 kHz) resolve the 25 Hz band (6 Hz wide) with two bins;
// frames do not overlap: an average spectrum needs no overlap, and it halves the cost.
constexpr int kFftSize = 16384;
// Band power below this (about -200 dB) counts as no energy.
constexpr double kEnergyFloor = 1e-20;

double power_db(double p) {
    return p > kEnergyFloor ? dsp::power_to_db(p) : -std::numeric_limits<double>::infinity();
}

// Mean power spectrum (|X|^2 averaged over frames and channels) of a buffer.
std::vector<double> mean_power_spectrum(const AudioBuffer& audio) {
    dsp::Stft stft(kFftSize, kFftSize, dsp::periodic_hann(kFftSize));
    std::vector<double> power(stft.num_bins(), 0.0);
    std::size_t frames_used = 0;
    std::vector<float> padded;
    for (const auto& ch : audio.channels) {
        const float* x = ch.data();
        std::size_t n = ch.size();
        if (n < static_cast<std::size_t>(kFftSize)) {  // one zero-padded frame for short stems
            padded.assign(kFftSize, 0.0f);
            std::copy(ch.begin(), ch.end(), padded.begin());
            x = padded.data();
            n = padded.size();
        }
        const std::size_t frames = stft.num_frames(n);
        for (std::size_t t = 0; t < frames; ++t) {
            const std::complex<float>* bins = stft.transform_frame(x + t * kFftSize);
            for (std::size_t k = 0; k < power.size(); ++k) power[k] += std::norm(bins[k]);
        }
        frames_used += frames;
    }
    for (double& p : power) p /= std::max<std::size_t>(1, frames_used);
    return power;
}

double json_number(const nlohmann::json& j) {
    return j.is_null() ? -std::numeric_limits<double>::infinity() : j.get<double>();
}

}  // namespace

const std::vector<double>& third_octave_centres() {
    static const std::vector<double> centres = [] {
        std::vector<double> c;
        for (int k = -16; k <= 13; ++k) c.push_back(1000.0 * std::pow(2.0, k / 3.0));
        return c;
    }();
    return centres;
}

StemProfile profile_stem(const AudioBuffer& audio) {
    StemProfile p;
    const LoudnessStats loudness = measure_loudness(audio);
    p.loudness_lufs = loudness.integrated_lufs;
    p.true_peak_dbtp = loudness.true_peak_dbtp;
    p.loudness_range_lu = loudness.loudness_range_lu;
    p.silent = !std::isfinite(p.loudness_lufs);
    double left = 0.0, right = 0.0, mid = 0.0, side = 0.0;
    const std::size_t n = audio.num_frames();
    const bool stereo = audio.num_channels() == 2;
    for (std::size_t i = 0; i < n; ++i) {
        const double l = audio.channels[0][i];
        const double r = stereo ? audio.channels[1][i] : l;
        left += l * l;
        right += r * r;
        mid += 0.25 * (l + r) * (l + r);
        side += 0.25 * (l - r) * (l - r);
    }
    p.rms_db = power_db((left + right) / (2.0 * std::max<std::size_t>(1, n)));
    p.balance = left + right > 0.0 ? (right - left) / (right + left) : 0.0;
    p.side_to_mid_db = mid > 0.0 && side > 0.0 ? dsp::power_to_db(side / mid)
                                               : -std::numeric_limits<double>::infinity();
    const std::vector<double> power = mean_power_spectrum(audio);
    const double bin_hz = static_cast<double>(audio.sample_rate) / kFftSize;
    for (double fc : third_octave_centres()) {
        const double lo = fc * std::pow(2.0, -1.0 / 6.0), hi = fc * std::pow(2.0, 1.0 / 6.0);
        double sum = 0.0;
        for (std::size_t k = static_cast<std::size_t>(std::ceil(lo / bin_hz));
             k < power.size() && k * bin_hz < hi; ++k) {
            sum += power[k];
        }
        p.band_db.push_back(power_db(sum));
    }
    return p;
}

std::array<StemProfile, kNumStemTypes> profile_stems(const StemSet& stems, int threads) {
    std::array<StemProfile, kNumStemTypes> out{};
    const int workers =
        std::clamp(threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency()), 1,
                   kNumStemTypes);
    std::atomic<int> next{0};
    std::exception_ptr failure;
    std::atomic<bool> failed{false};
    auto work = [&] {
        for (int k = next++; k < kNumStemTypes; k = next++) {
            if (!stems.present[k]) continue;
            try {
                out[k] = profile_stem(stems.stems[k]);
            } catch (...) {
                if (!failed.exchange(true)) failure = std::current_exception();
            }
        }
    };
    std::vector<std::thread> pool;
    for (int w = 1; w < workers; ++w) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    return out;
}

nlohmann::json profile_json(const StemProfile& p) {
    nlohmann::json bands = nlohmann::json::array();
    for (double b : p.band_db) bands.push_back(report::json_number(b));
    return {{"silent", p.silent},
            {"loudness_lufs", report::json_number(p.loudness_lufs)},
            {"rms_db", report::json_number(p.rms_db)},
            {"true_peak_dbtp", report::json_number(p.true_peak_dbtp)},
            {"loudness_range_lu", report::json_number(p.loudness_range_lu)},
            {"balance", p.balance},
            {"side_to_mid_db", report::json_number(p.side_to_mid_db)},
            {"band_db", bands}};
}

StemProfile profile_from_json(const nlohmann::json& j) {
    StemProfile p;
    p.silent = j.at("silent").get<bool>();
    p.loudness_lufs = json_number(j.at("loudness_lufs"));
    p.rms_db = json_number(j.at("rms_db"));
    p.true_peak_dbtp = json_number(j.at("true_peak_dbtp"));
    p.loudness_range_lu = json_number(j.at("loudness_range_lu"));
    p.balance = j.at("balance").get<double>();
    p.side_to_mid_db = json_number(j.at("side_to_mid_db"));
    for (const auto& b : j.at("band_db")) p.band_db.push_back(json_number(b));
    return p;
}

}  // namespace automix
