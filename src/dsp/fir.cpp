#include "automix/dsp/fir.hpp"

#include <cmath>
#include <complex>

#include "automix/error.hpp"

namespace automix::dsp {

std::vector<double> design_fir_frequency_sampling(const std::vector<double>& grid_gains,
                                                  int num_taps) {
    const std::size_t m = grid_gains.size();
    if (m < 2 || num_taps < 3 || num_taps % 2 == 0) {
        throw processing_error("fir: need >= 2 grid gains and an odd number of taps");
    }
    const double last = static_cast<double>(m - 1);
    const double centre = 0.5 * (num_taps - 1);
    std::vector<double> h(static_cast<std::size_t>(num_taps));
    for (int n = 0; n < num_taps; ++n) {
        const double t = n - centre;
        double acc = grid_gains[0] + grid_gains[m - 1] * std::cos(M_PI * t);
        for (std::size_t j = 1; j + 1 < m; ++j) {
            acc += 2.0 * grid_gains[j] * std::cos(M_PI * static_cast<double>(j) * t / last);
        }
        const double window = 0.54 - 0.46 * std::cos(2.0 * M_PI * n / (num_taps - 1));
        h[static_cast<std::size_t>(n)] = acc / (2.0 * last) * window;
    }
    return h;
}

std::vector<double> autocorrelation(const std::vector<double>& h) {
    const long long k = static_cast<long long>(h.size());
    std::vector<double> r(static_cast<std::size_t>(2 * k - 1), 0.0);
    for (long long lag = -(k - 1); lag <= k - 1; ++lag) {
        double acc = 0.0;
        for (long long i = 0; i < k; ++i) {
            const long long j = i + lag;
            if (j >= 0 && j < k)
                acc += h[static_cast<std::size_t>(i)] * h[static_cast<std::size_t>(j)];
        }
        r[static_cast<std::size_t>(lag + k - 1)] = acc;
    }
    return r;
}

double fir_magnitude(const std::vector<double>& h, double normalized_frequency) {
    std::complex<double> acc = 0.0;
    for (std::size_t n = 0; n < h.size(); ++n) {
        acc += h[n] * std::polar(1.0, -2.0 * M_PI * normalized_frequency * static_cast<double>(n));
    }
    return std::abs(acc);
}

}  // namespace automix::dsp
