#include <algorithm>
#include <cmath>
#include <limits>

#include "automix/features_spectral.hpp"

namespace automix::features {
namespace {

// librosa util.normalize leaves columns with an L1 norm below tiny(float32) un-normalised.
constexpr double kTinyFloat = std::numeric_limits<float>::min();
// librosa power_to_db defaults: amin 1e-10, top_db 80.
constexpr double kPowerToDbAmin = 1e-10;
constexpr double kTopDb = 80.0;

}  // namespace

double bin_frequency(std::size_t k, double sample_rate, int n_fft) {
    return static_cast<double>(k) * sample_rate / static_cast<double>(n_fft);
}

double spectral_centroid(const float* s, std::size_t bins, double sr, int n_fft) {
    double total = 0.0, weighted = 0.0;
    for (std::size_t k = 0; k < bins; ++k) {
        total += s[k];
        weighted += bin_frequency(k, sr, n_fft) * s[k];
    }
    return total < kTinyFloat ? 0.0 : weighted / total;
}

double spectral_bandwidth(const float* s, std::size_t bins, double sr, int n_fft, double centroid,
                          double p) {
    double total = 0.0;
    for (std::size_t k = 0; k < bins; ++k) total += s[k];
    const double norm = total < kTinyFloat ? 1.0 : total;
    double acc = 0.0;
    for (std::size_t k = 0; k < bins; ++k) {
        const double d = std::fabs(bin_frequency(k, sr, n_fft) - centroid);
        acc += (s[k] / norm) * (p == 2.0 ? d * d : std::pow(d, p));
    }
    return p == 2.0 ? std::sqrt(acc) : std::pow(acc, 1.0 / p);
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
    double log_sum = 0.0, sum = 0.0;
    for (std::size_t k = 0; k < bins; ++k) {
        const double v = static_cast<double>(s[k]);
        const double x = std::max(amin, power == 2.0 ? v * v : std::pow(v, power));
        log_sum += std::log(x);
        sum += x;
    }
    const double n = static_cast<double>(bins);
    return std::exp(log_sum / n) / (sum / n);
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
    pv.peak.reserve(bands.size());
    pv.valley.reserve(bands.size());
    std::vector<float> scratch;
    for (const ContrastBand& b : bands) {
        scratch.assign(s + b.first_bin, s + b.last_bin + 1);
        const std::size_t q = std::min(b.quantile_count, scratch.size());
        // Partial selection instead of a full sort: only the q extreme values matter.
        std::nth_element(scratch.begin(), scratch.begin() + (q - 1), scratch.end());
        double low = 0.0;
        for (std::size_t i = 0; i < q; ++i) low += scratch[i];
        // The q smallest now sit in front; the q largest are among the rest.
        std::nth_element(scratch.begin() + (q - 1), scratch.end() - q, scratch.end());
        double high = 0.0;
        for (std::size_t i = scratch.size() - q; i < scratch.size(); ++i) high += scratch[i];
        pv.valley.push_back(low / static_cast<double>(q));
        pv.peak.push_back(high / static_cast<double>(q));
    }
    return pv;
}

std::vector<std::vector<double>> spectral_contrast_db(const std::vector<PeakValley>& frames) {
    auto to_db = [](double v) { return 10.0 * std::log10(std::max(kPowerToDbAmin, v)); };
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
