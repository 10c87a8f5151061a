#include "automix/dsp/fft_convolver.hpp"

#include <fftw3.h>

#include <algorithm>
#include <complex>
#include <mutex>

#include "automix/error.hpp"
#include "dsp/fftw_lock.hpp"

namespace automix::dsp {

struct FftConvolver::Impl {
    std::size_t fft_size = 0;
    std::size_t kernel_size = 0;
    long long centre = 0;
    std::vector<std::complex<float>> kernel_spectrum;  // includes the 1/N inverse scaling
    float* time = nullptr;
    fftwf_complex* freq = nullptr;
    fftwf_plan forward = nullptr;
    fftwf_plan inverse = nullptr;

    // Releases what it owns also when the constructor throws after allocating (planning failed).
    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() {
        std::lock_guard<std::mutex> lock(fftw_planner_mutex());
        if (forward) fftwf_destroy_plan(forward);
        if (inverse) fftwf_destroy_plan(inverse);
        fftwf_free(time);
        fftwf_free(freq);
    }
};

FftConvolver::FftConvolver(const std::vector<double>& kernel, int centre)
    : impl_(std::make_unique<Impl>()) {
    if (kernel.empty() || centre < 0 || static_cast<std::size_t>(centre) >= kernel.size()) {
        throw processing_error("fft convolver: empty kernel or centre outside it");
    }
    Impl& m = *impl_;
    m.kernel_size = kernel.size();
    m.centre = centre;
    // A power of two >= 4x the kernel keeps the wasted overlap (K - 1 samples) below a quarter.
    m.fft_size = 1024;
    while (m.fft_size < 4 * kernel.size()) m.fft_size *= 2;
    const std::size_t bins = m.fft_size / 2 + 1;
    {
        std::lock_guard<std::mutex> lock(fftw_planner_mutex());
        m.time = fftwf_alloc_real(m.fft_size);
        m.freq = fftwf_alloc_complex(bins);
        m.forward =
            fftwf_plan_dft_r2c_1d(static_cast<int>(m.fft_size), m.time, m.freq, FFTW_ESTIMATE);
        m.inverse =
            fftwf_plan_dft_c2r_1d(static_cast<int>(m.fft_size), m.freq, m.time, FFTW_ESTIMATE);
    }
    if (!m.forward || !m.inverse) throw processing_error("fft convolver: FFTW planning failed");
    std::fill(m.time, m.time + m.fft_size, 0.0f);
    for (std::size_t i = 0; i < kernel.size(); ++i) m.time[i] = static_cast<float>(kernel[i]);
    fftwf_execute(m.forward);
    m.kernel_spectrum.resize(bins);
    const float scale = 1.0f / static_cast<float>(m.fft_size);
    for (std::size_t k = 0; k < bins; ++k) {
        m.kernel_spectrum[k] = std::complex<float>(m.freq[k][0], m.freq[k][1]) * scale;
    }
}

FftConvolver::~FftConvolver() = default;

void FftConvolver::process_in_place(float* signal, std::size_t length) {
    Impl& m = *impl_;
    const long long n = static_cast<long long>(length);
    const long long k = static_cast<long long>(m.kernel_size);
    const long long step = static_cast<long long>(m.fft_size) - (k - 1);  // valid outputs per block
    const std::size_t bins = m.fft_size / 2 + 1;
    // Overlap-save: output y[s .. s+step) needs input x[s + centre - (K-1) .. s + centre + step).
    // Outputs overwrite the signal, so the input samples the next block still needs (those before
    // its start that were already overwritten) are kept in `history`.
    const long long look_back = k - 1 - m.centre;  // input samples needed before the block start
    std::vector<float> history(static_cast<std::size_t>(std::max<long long>(look_back, 0)), 0.0f);
    const long long fft = static_cast<long long>(m.fft_size);
    for (long long s = 0; s < n; s += step) {
        const long long first = s - look_back;
        // Block input: the saved history for [s - look_back, s), then the signal, then zeros.
        std::copy(history.begin(), history.end(), m.time);
        const long long avail = std::clamp<long long>(n - s, 0, fft - look_back);
        std::copy(signal + s, signal + s + avail, m.time + look_back);
        std::fill(m.time + look_back + avail, m.time + fft, 0.0f);
        fftwf_execute(m.forward);
        // Complex product written out: std::complex's operator* adds a NaN-recovery branch that
        // keeps the loop from vectorizing; the finite-value arithmetic is the same.
        for (std::size_t b = 0; b < bins; ++b) {
            const float xr = m.freq[b][0], xi = m.freq[b][1];
            const float kr = m.kernel_spectrum[b].real(), ki = m.kernel_spectrum[b].imag();
            m.freq[b][0] = xr * kr - xi * ki;
            m.freq[b][1] = xr * ki + xi * kr;
        }
        fftwf_execute(m.inverse);
        const long long count = std::min(step, n - s);
        // Save the original inputs [s + count - look_back, s + count) before overwriting them.
        for (long long i = 0; i < look_back; ++i) {
            const long long idx = s + count - look_back + i;
            float v = 0.0f;
            if (idx >= 0 && idx < n) {
                v = idx < s ? history[static_cast<std::size_t>(idx - first)] : signal[idx];
            }
            history[static_cast<std::size_t>(i)] = v;
        }
        for (long long i = 0; i < count; ++i) signal[s + i] = m.time[k - 1 + i];
    }
}

}  // namespace automix::dsp
