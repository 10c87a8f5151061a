#include "automix/dsp/cross_correlation.hpp"

#include <fftw3.h>

#include <algorithm>
#include <mutex>

#include "automix/error.hpp"
#include "dsp/fftw_lock.hpp"

namespace automix::dsp {
namespace {

// The buffers and plans of one correlation of size m, owned like Stft's and FftConvolver's:
// planned and destroyed under the planner lock, released on every path out.
class CorrelationPlans {
  public:
    explicit CorrelationPlans(std::size_t m) : m_(m), bins_(m / 2 + 1) {
        std::lock_guard<std::mutex> lock(fftw_planner_mutex());
        time = fftw_alloc_real(m_);
        x_spectrum = fftw_alloc_complex(bins_);
        y_spectrum = fftw_alloc_complex(bins_);
        const int n = static_cast<int>(m_);
        forward_x = fftw_plan_dft_r2c_1d(n, time, x_spectrum, FFTW_ESTIMATE);
        forward_y = fftw_plan_dft_r2c_1d(n, time, y_spectrum, FFTW_ESTIMATE);
        inverse = fftw_plan_dft_c2r_1d(n, x_spectrum, time, FFTW_ESTIMATE);
    }
    ~CorrelationPlans() {
        std::lock_guard<std::mutex> lock(fftw_planner_mutex());
        for (fftw_plan p : {forward_x, forward_y, inverse}) {
            if (p) fftw_destroy_plan(p);
        }
        fftw_free(time);
        fftw_free(x_spectrum);
        fftw_free(y_spectrum);
    }
    CorrelationPlans(const CorrelationPlans&) = delete;
    CorrelationPlans& operator=(const CorrelationPlans&) = delete;

    bool ok() const {
        return time && x_spectrum && y_spectrum && forward_x && forward_y && inverse;
    }

    // Zero-padded copy of `signal` into the time buffer, then its spectrum through `plan`.
    void transform(const std::vector<double>& signal, fftw_plan plan) {
        std::fill(time, time + m_, 0.0);
        std::copy(signal.begin(), signal.end(), time);
        fftw_execute(plan);
    }

    double* time = nullptr;
    fftw_complex* x_spectrum = nullptr;
    fftw_complex* y_spectrum = nullptr;
    fftw_plan forward_x = nullptr;
    fftw_plan forward_y = nullptr;
    fftw_plan inverse = nullptr;

  private:
    std::size_t m_;
    std::size_t bins_;
};

}  // namespace

CrossCorrelation cross_correlation(const std::vector<double>& x, const std::vector<double>& y,
                                   long long max_lag) {
    const std::size_t longer = std::max(x.size(), y.size());
    CrossCorrelation out;
    // Clamping also keeps the 2 max_lag + 1 lags distinct modulo m.
    out.max_lag = std::clamp(max_lag, 0LL, static_cast<long long>(longer));
    std::size_t m = 1;
    while (m < longer + static_cast<std::size_t>(out.max_lag) + 1) m <<= 1;
    CorrelationPlans plans(m);
    if (!plans.ok()) throw processing_error("cross-correlation: FFTW planning failed");
    plans.transform(x, plans.forward_x);
    plans.transform(y, plans.forward_y);
    // X conj(Y): the spectrum of the correlation.
    for (std::size_t k = 0; k < m / 2 + 1; ++k) {
        fftw_complex& a = plans.x_spectrum[k];
        const fftw_complex& b = plans.y_spectrum[k];
        const double re = a[0] * b[0] + a[1] * b[1];
        const double im = a[1] * b[0] - a[0] * b[1];
        a[0] = re;
        a[1] = im;
    }
    fftw_execute(plans.inverse);
    // FFTW's inverse is unnormalized; m is a power of two, so the division is exact.
    const double scale = static_cast<double>(m);
    const long long mm = static_cast<long long>(m);
    out.values.resize(static_cast<std::size_t>(2 * out.max_lag + 1));
    for (long long l = -out.max_lag; l <= out.max_lag; ++l) {
        out.values[static_cast<std::size_t>(l + out.max_lag)] =
            plans.time[static_cast<std::size_t>((l + mm) % mm)] / scale;
    }
    return out;
}

}  // namespace automix::dsp
