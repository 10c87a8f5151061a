#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "automix/features_spectral.hpp"
#include "dsp/decibels.hpp"

namespace automix::features {
namespace {

// librosa util.normalize leaves columns with an L1 norm below tiny(float32) un-normalised.
constexpr double kTinyFloat = std::numeric_limits<float>::min();
// librosa power_to_db defaults: amin 1e-10, top_db 80.
constexpr double kPowerToDbAmin = 1e-10;
constexpr double kTopDb = 80.0;

// f_k = k * sr / n_fft without a division per bin: for a power-of-two n_fft, sr / n_fft is exact
// and k * (sr / n_fft) rounds to the same double as (k * sr) / n_fft, so the values are identical.
struct BinFrequencies {
    double step, sr, n;
    bool exact;
    BinFrequencies(double sample_rate, int n_fft)
        : step(sample_rate / n_fft),
          sr(sample_rate),
          n(n_fft),
          exact(n_fft > 0 && (n_fft & (n_fft - 1)) == 0) {}
    double operator()(std::size_t k) const {
        return exact ? static_cast<double>(k) * step : static_cast<double>(k) * sr / n;
    }
};

// Sum of the natural logs of positive values fed in chunks: the logs of a product, kept as a
// mantissa and a binary exponent. A chunk of 8 values in [1e-30, 1e38] cannot leave the range of
// normal doubles, so one frexp replaces eight logs; the relative error of the product grows by
// one rounding per value (~1e-16), the same order as the rounding of each log it replaces.
class LogSum {
  public:
    static constexpr std::size_t kChunk = 8;

    void add_chunk(const double* v) {
        double p = v[0];
        for (std::size_t i = 1; i < kChunk; ++i) p *= v[i];
        if (p >= DBL_MIN && p <= DBL_MAX) {
            int e = 0;
            mantissa_ = std::frexp(mantissa_ * p, &e);
            exponent_ += e;
        } else {  // out of range (huge values): fall back to the logs themselves
            for (std::size_t i = 0; i < kChunk; ++i) logs_ += std::log(v[i]);
        }
    }
    void add(double v) { logs_ += std::log(v); }
    double value() const {
        return logs_ + std::log(mantissa_) + static_cast<double>(exponent_) * M_LN2;
    }

  private:
    double mantissa_ = 1.0;
    long exponent_ = 0;
    double logs_ = 0.0;
};

// Means of the q smallest and q largest of n non-negative floats without sorting: a histogram of
// the top bits of the IEEE representation (for non-negative floats it orders like the values)
// finds the bucket holding the q-th value from each end; everything beyond it is summed directly
// and only that bucket's few values are selected exactly. Two branchy nth_element passes over up
// to 1864 bins were the costliest step of the spectral group.
void extreme_means(const float* v, std::size_t n, std::size_t q, double* low_mean,
                   double* high_mean, std::vector<float>& scratch) {
    constexpr int kShift = 20;  // 8 exponent bits + 3 mantissa bits: buckets of 2^(1/8)
    constexpr std::size_t kBuckets = std::size_t{1} << (32 - kShift - 1);
    auto key = [](float x) {
        std::uint32_t bits;
        std::memcpy(&bits, &x, sizeof bits);
        return static_cast<std::size_t>((bits & 0x7fffffffu) >> kShift);
    };
    std::size_t kmin = kBuckets, kmax = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = key(v[i]);
        kmin = std::min(kmin, k);
        kmax = std::max(kmax, k);
    }
    std::uint32_t count[kBuckets];
    std::fill(count + kmin, count + kmax + 1, 0u);
    for (std::size_t i = 0; i < n; ++i) ++count[key(v[i])];
    // Boundary buckets and how many values each side still needs from them.
    std::size_t lo = kmin, need_lo = q;
    while (count[lo] < need_lo) need_lo -= count[lo++];
    std::size_t hi = kmax, need_hi = q;
    while (count[hi] < need_hi) need_hi -= count[hi--];
    double low = 0.0, high = 0.0;
    scratch.clear();
    const std::size_t lo_size = count[lo];
    scratch.resize(lo_size + count[hi]);
    std::size_t nlo = 0, nhi = lo_size;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = key(v[i]);
        if (k < lo) low += v[i];
        if (k > hi) high += v[i];
        if (k == lo) scratch[nlo++] = v[i];
        if (k == hi) scratch[nhi++] = v[i];
    }
    float* bl = scratch.data();
    std::nth_element(bl, bl + (need_lo - 1), bl + lo_size);
    for (std::size_t i = 0; i < need_lo; ++i) low += bl[i];
    float* bh = scratch.data() + lo_size;
    const std::size_t hi_size = scratch.size() - lo_size;
    std::nth_element(bh, bh + (hi_size - need_hi), bh + hi_size);
    for (std::size_t i = hi_size - need_hi; i < hi_size; ++i) high += bh[i];
    *low_mean = low / static_cast<double>(q);
    *high_mean = high / static_cast<double>(q);
}

}  // namespace

double bin_frequency(std::size_t k, double sample_rate, int n_fft) {
    return static_cast<double>(k) * sample_rate / static_cast<double>(n_fft);
}

double spectral_centroid(const float* s, std::size_t bins, double sr, int n_fft) {
    const BinFrequencies f(sr, n_fft);
    double total = 0.0, weighted = 0.0;
    for (std::size_t k = 0; k < bins; ++k) {
        total += s[k];
        weighted += f(k) * s[k];
    }
    return total < kTinyFloat ? 0.0 : weighted / total;
}

double spectral_bandwidth(const float* s, std::size_t bins, double sr, int n_fft, double centroid,
                          double p) {
    double total = 0.0;
    for (std::size_t k = 0; k < bins; ++k) total += s[k];
    const double norm = total < kTinyFloat ? 1.0 : total;
    const BinFrequencies f(sr, n_fft);
    double acc = 0.0;
    if (p == 2.0) {  // the common case: no pow, no branch in the loop
        for (std::size_t k = 0; k < bins; ++k) {
            const double d = f(k) - centroid;
            acc += s[k] * (d * d);
        }
        return std::sqrt(acc / norm);  // normalised once instead of per bin
    }
    for (std::size_t k = 0; k < bins; ++k) {
        acc += (s[k] / norm) * std::pow(std::fabs(f(k) - centroid), p);
    }
    return std::pow(acc, 1.0 / p);
}

double spectral_rolloff(const float* s, std::size_t bins, double sr, int n_fft, double fraction) {
    double total = 0.0;
    for (std::size_t k = 0; k < bins; ++k) total += s[k];
    const double threshold = fraction * total;
    double cumulative = 0.0;
    for (std::size_t k = 0; k < bins; ++k) {
        cumulative += s[k];
        if (cumulative >= threshold) return bin_frequency(k, sr, n_fft);
    }
    return bin_frequency(bins - 1, sr, n_fft);
}

double spectral_flatness(const float* s, std::size_t bins, double amin, double power) {
    double sum = 0.0;
    LogSum logs;
    double chunk[LogSum::kChunk];
    std::size_t k = 0;
    auto value = [&](std::size_t i) {
        const double v = static_cast<double>(s[i]);
        return std::max(amin, power == 2.0 ? v * v : std::pow(v, power));
    };
    for (; k + LogSum::kChunk <= bins; k += LogSum::kChunk) {
        for (std::size_t i = 0; i < LogSum::kChunk; ++i) {
            chunk[i] = value(k + i);
            sum += chunk[i];
        }
        logs.add_chunk(chunk);
    }
    for (; k < bins; ++k) {
        const double x = value(k);
        logs.add(x);
        sum += x;
    }
    const double n = static_cast<double>(bins);
    return std::exp(logs.value() / n) / (sum / n);
}

std::vector<ContrastBand> contrast_bands(double sr, int n_fft, double fmin, int n_bands,
                                         double quantile) {
    const std::size_t bins = static_cast<std::size_t>(n_fft / 2 + 1);
    std::vector<double> edges(static_cast<std::size_t>(n_bands) + 2, 0.0);
    for (int i = 1; i < n_bands + 2; ++i) edges[i] = fmin * std::pow(2.0, i - 1);
    std::vector<ContrastBand> out;
    for (int k = 0; k <= n_bands; ++k) {
        // Bins with f_low <= f <= f_high (librosa `current_band`).
        std::size_t first = bins, last = 0;
        for (std::size_t b = 0; b < bins; ++b) {
            const double f = bin_frequency(b, sr, n_fft);
            if (f >= edges[k] && f <= edges[k + 1]) {
                first = std::min(first, b);
                last = std::max(last, b);
            }
        }
        if (first == bins) {  // an empty band (fmin above Nyquist): keep the top bin only
            first = last = bins - 1;
        }
        if (k > 0 && first > 0) --first;    // one extra bin below
        if (k == n_bands) last = bins - 1;  // the last band takes everything above
        const std::size_t counted = last - first + 1;
        ContrastBand band;
        band.first_bin = first;
        band.last_bin = (k < n_bands && last > first) ? last - 1 : last;  // drop the top bin
        // np.rint rounds half to even, as nearbyint does in the default rounding mode.
        band.quantile_count = static_cast<std::size_t>(
            std::max(1.0, std::nearbyint(quantile * static_cast<double>(counted))));
        out.push_back(band);
    }
    return out;
}

PeakValley contrast_peak_valley(const float* s, const std::vector<ContrastBand>& bands) {
    PeakValley pv;
    pv.peak.resize(bands.size());
    pv.valley.resize(bands.size());
    std::vector<float> scratch;
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const ContrastBand& b = bands[i];
        const std::size_t n = b.last_bin - b.first_bin + 1;
        const std::size_t q = std::min(b.quantile_count, n);
        extreme_means(s + b.first_bin, n, q, &pv.valley[i], &pv.peak[i], scratch);
    }
    return pv;
}

std::vector<std::vector<double>> spectral_contrast_db(const std::vector<PeakValley>& frames) {
    auto to_db = [](double v) { return dsp::floored_power_to_db(v, kPowerToDbAmin); };
    double peak_max = -std::numeric_limits<double>::infinity(), valley_max = peak_max;
    for (const PeakValley& f : frames) {
        for (double v : f.peak) peak_max = std::max(peak_max, to_db(v));
        for (double v : f.valley) valley_max = std::max(valley_max, to_db(v));
    }
    std::vector<std::vector<double>> out;
    out.reserve(frames.size());
    for (const PeakValley& f : frames) {
        std::vector<double> row(f.peak.size());
        for (std::size_t k = 0; k < f.peak.size(); ++k) {
            const double p = std::max(to_db(f.peak[k]), peak_max - kTopDb);
            const double v = std::max(to_db(f.valley[k]), valley_max - kTopDb);
            row[k] = p - v;
        }
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace automix::features
