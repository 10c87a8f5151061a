#include "automix/dsp/onset.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "automix/dsp/stft.hpp"
#include "automix/processing_rate.hpp"
#include "dsp/decibels.hpp"
#include "dsp/simd_math.hpp"

namespace automix::dsp {
namespace {

// aubio 0.4.9 defaults for onset('hfc', 1024, 1024, rate) at the processing rate
// (docs/reference.md#fx-normalization-onset-descriptor).
constexpr int kSampleRate = kProcessingSampleRate;
constexpr float kThreshold = 0.058f;                           // peak-picker threshold for hfc
constexpr float kSilenceDb = -70.0f;                           // block silence gate
constexpr long long kMinInterOnset = (kSampleRate + 10) / 20;  // round(0.05 s * rate)
constexpr long long kDelay = 4403;                             // floor(4.3 * 1024)
constexpr int kWinPost = 5;                                    // peak picker: 5 past values ...
constexpr int kWinPre = 1;                                     // ... 1 future value
constexpr int kKeep = kWinPost + kWinPre + 1;                  // 7-slot history
// Second-order low-pass of aubio's peak picker (direct form I, single precision).
constexpr std::array<float, 3> kPickB = {0.15998789f, 0.31997577f, 0.15998789f};
constexpr std::array<float, 3> kPickA = {1.0f, 0.23484048f, 0.0f};

// aubio_filter_do on a short vector, from zero state.
void biquad_in_place(std::array<float, kKeep>& v) {
    float x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (float& s : v) {
        const float x0 = s;
        float y0 = kPickB[0] * x0;
        y0 += kPickB[1] * x1;
        y0 -= kPickA[1] * y1;
        y0 += kPickB[2] * x2;
        y0 -= kPickA[2] * y2;
        x2 = x1;
        x1 = x0;
        y2 = y1;
        y1 = y0;
        s = y0;
    }
}

}  // namespace

struct HfcOnsetDetector::Impl {
    Stft fft{kBlock, kBlock, periodic_hann(kBlock)};
    std::vector<float> log_magnitude = std::vector<float>(kBlock / 2 + 1);
    std::array<float, kKeep> keep{};
    std::array<float, 3> peek{};
    long long total_frames = 0;
    long long last_onset = 0;
};

HfcOnsetDetector::HfcOnsetDetector() : impl_(std::make_unique<Impl>()) {}
HfcOnsetDetector::~HfcOnsetDetector() = default;

void HfcOnsetDetector::reset() {
    impl_->keep.fill(0.0f);
    impl_->peek.fill(0.0f);
    impl_->total_frames = 0;
    impl_->last_onset = 0;
}

std::optional<long long> HfcOnsetDetector::process(const float* block) {
    Impl& m = *impl_;
    // High-frequency content of the log-compressed magnitude spectrum (lambda = 1). The
    // log(1 + |X|) values are computed four at a time (simd_math.hpp: |X| exactly as
    // sqrt(re^2 + im^2), the log within 1 ulp of logf); the sum stays sequential in float, in
    // aubio's order. Deviation D12: aubio uses hypotf/log1pf; the difference is in the last bits.
    const std::complex<float>* spectrum = m.fft.transform_frame(block);
    simd::log1p_magnitudes(reinterpret_cast<const float*>(spectrum), m.log_magnitude.size(),
                           m.log_magnitude.data());
    float hfc = 0.0f;
    for (std::size_t k = 0; k < m.log_magnitude.size(); ++k) {
        hfc += static_cast<float>(k + 1) * m.log_magnitude[k];
    }
    // Peak picker: push, low-pass forward and backward, threshold against median and mean.
    std::rotate(m.keep.begin(), m.keep.begin() + 1, m.keep.end());
    m.keep.back() = hfc;
    std::array<float, kKeep> proc = m.keep;
    biquad_in_place(proc);
    std::reverse(proc.begin(), proc.end());
    biquad_in_place(proc);
    std::reverse(proc.begin(), proc.end());
    const float mean = std::accumulate(proc.begin(), proc.end(), 0.0f) / kKeep;
    std::array<float, kKeep> sorted = proc;
    std::nth_element(sorted.begin(), sorted.begin() + kKeep / 2, sorted.end());
    const float median = sorted[kKeep / 2];
    m.peek[0] = m.peek[1];
    m.peek[1] = m.peek[2];
    m.peek[2] = proc[kWinPost] - median - mean * kThreshold;
    float fired = 0.0f;
    if (m.peek[1] > m.peek[0] && m.peek[1] > m.peek[2] && m.peek[1] > 0.0f) {
        const float s0 = m.peek[0], s1 = m.peek[1], s2 = m.peek[2];
        fired = 1.0f + 0.5f * (s0 - s2) / (s0 - 2.0f * s1 + s2);
    }
    // The silence gate only matters when an onset could be reported: evaluated on demand.
    auto silent = [block] {
        float energy = 0.0f;
        for (int i = 0; i < kBlock; ++i) energy += block[i] * block[i];
        return 10.0f * std::log10(energy / kBlock) < kSilenceDb;
    };

    std::optional<long long> onset;
    if (fired > 0.0f) {
        if (!silent()) {
            const long long candidate =
                m.total_frames + static_cast<long long>(std::floor(fired * kBlock + 0.5f));
            if (m.last_onset + kMinInterOnset < candidate &&
                !(m.last_onset > 0 && kDelay > candidate)) {
                m.last_onset = std::max(kDelay, candidate);
                onset = m.last_onset - kDelay;
            }
        }
    } else if (m.total_frames <= kDelay && !silent()) {
        // aubio's start-of-file rule: sound in the first blocks counts as an onset.
        if (m.total_frames == 0 || m.last_onset + kMinInterOnset < m.total_frames) {
            m.last_onset = m.total_frames + kDelay;
            onset = m.last_onset - kDelay;
        }
    }
    m.total_frames += kBlock;
    return onset;
}

std::vector<long long> detect_onsets(HfcOnsetDetector& detector, const SampleReader& read,
                                     std::size_t length) {
    detector.reset();
    std::vector<long long> onsets;
    std::vector<float> block(HfcOnsetDetector::kBlock);
    const std::size_t blocks = length / HfcOnsetDetector::kBlock;  // trailing partial dropped
    for (std::size_t b = 0; b < blocks; ++b) {
        read(static_cast<long long>(b) * HfcOnsetDetector::kBlock, block.size(), block.data());
        if (auto onset = detector.process(block.data())) onsets.push_back(*onset);
    }
    return onsets;
}

double percentile_linear(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    const double pos = q / 100.0 * static_cast<double>(values.size() - 1);
    const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

OnsetPeakStats onset_peak_stats(HfcOnsetDetector& detector, const SampleReader& read,
                                std::size_t length) {
    OnsetPeakStats stats;
    // One pass: onsets plus the maximum |x| of every block, so that the peak search between
    // onsets only rescans the partial blocks at each segment's ends.
    constexpr std::size_t kB = HfcOnsetDetector::kBlock;
    detector.reset();
    std::vector<long long> onsets;
    std::vector<float> block(kB);
    const std::size_t blocks = length / kB;
    std::vector<float> block_max(blocks + 1, 0.0f);
    for (std::size_t b = 0; b < blocks; ++b) {
        read(static_cast<long long>(b * kB), kB, block.data());
        block_max[b] = simd::abs_max(block.data(), kB);
        if (auto onset = detector.process(block.data())) onsets.push_back(*onset);
    }
    if (length > blocks * kB) {  // trailing partial block: not analysed, but part of the search
        const std::size_t rest = length - blocks * kB;
        block.resize(rest);
        read(static_cast<long long>(blocks * kB), rest, block.data());
        for (float v : block) block_max[blocks] = std::max(block_max[blocks], std::fabs(v));
    }
    stats.onsets = onsets.size();
    if (onsets.empty()) return stats;
    std::vector<float> chunk(kB);
    auto range_max = [&](long long begin, long long end) {  // max |x| over [begin, end)
        float peak = 0.0f;
        while (begin < end) {
            const long long b = begin / static_cast<long long>(kB);
            const long long block_end = (b + 1) * static_cast<long long>(kB);
            if (begin == b * static_cast<long long>(kB) && block_end <= end) {
                peak = std::max(peak, block_max[static_cast<std::size_t>(b)]);
                begin = block_end;
                continue;
            }
            const long long stop = std::min(end, block_end);
            const std::size_t n = static_cast<std::size_t>(stop - begin);
            read(begin, n, chunk.data());
            for (std::size_t i = 0; i < n; ++i) peak = std::max(peak, std::fabs(chunk[i]));
            begin = stop;
        }
        return peak;
    };
    std::vector<double> levels;
    const long long len = static_cast<long long>(length);
    for (std::size_t i = 0; i < onsets.size(); ++i) {
        const long long begin = std::clamp<long long>(onsets[i], 0, len);
        const long long end =
            i + 1 < onsets.size() ? std::clamp<long long>(onsets[i + 1], begin, len) : len;
        levels.push_back(amplitude_to_db(static_cast<double>(range_max(begin, end)), kDbEpsilon));
    }
    // Keep the loudest quarter: values strictly above the 75th percentile (all if none is).
    const double q = percentile_linear(levels, 75.0);
    std::vector<double> kept;
    for (double v : levels) {
        if (v > q) kept.push_back(v);
    }
    if (kept.empty()) kept = levels;
    const double mean = std::accumulate(kept.begin(), kept.end(), 0.0) / kept.size();
    double var = 0.0;
    for (double v : kept) var += (v - mean) * (v - mean);
    stats.mean_db = mean;
    stats.std_db = std::sqrt(var / kept.size());
    return stats;
}

}  // namespace automix::dsp
