#include "automix/dsp/fft_convolver.hpp"

#include <fftw3.h>

#include <algorithm>
#include <complex>

#include "automix/error.hpp"
#include "dsp/real_fft_plans.hpp"

namespace automix::dsp {

struct FftConvolver::Impl {
    std::size_t fft_size = 0;
    std::size_t kernel_size = 0;
    long long centre = 0;
    std::vector<std::complex<float>> kernel_spectrum;  // includes the 1/N inverse scaling
    std::unique_ptr<RealFftPlans> fft;                 // fft_size points
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
    m.fft = std::make_unique<RealFftPlans>(m.fft_size, "fft convolver");
    std::fill(m.fft->real, m.fft->real + m.fft_size, 0.0f);
    for (std::size_t i = 0; i < kernel.size(); ++i) m.fft->real[i] = static_cast<float>(kernel[i]);
    fftwf_execute(m.fft->forward);
    m.kernel_spectrum.resize(bins);
    const float scale = 1.0f / static_cast<float>(m.fft_size);
    for (std::size_t k = 0; k < bins; ++k) {
        m.kernel_spectrum[k] =
            std::complex<float>(m.fft->spectrum[k][0], m.fft->spectrum[k][1]) * scale;
    }
}

FftConvolver::~FftConvolver() = default;

void FftConvolver::process_in_place(float* signal, std::size_t length) {
    Impl& m = *impl_;
    float* const time = m.fft->real;
    fftwf_complex* const freq = m.fft->spectrum;
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
        std::copy(history.begin(), history.end(), time);
        const long long avail = std::clamp<long long>(n - s, 0, fft - look_back);
        std::copy(signal + s, signal + s + avail, time + look_back);
        std::fill(time + look_back + avail, time + fft, 0.0f);
        fftwf_execute(m.fft->forward);
        // Complex product written out: std::complex's operator* adds a NaN-recovery branch that
        // keeps the loop from vectorizing; the finite-value arithmetic is the same.
        for (std::size_t b = 0; b < bins; ++b) {
            const float xr = freq[b][0], xi = freq[b][1];
            const float kr = m.kernel_spectrum[b].real(), ki = m.kernel_spectrum[b].imag();
            freq[b][0] = xr * kr - xi * ki;
            freq[b][1] = xr * ki + xi * kr;
        }
        fftwf_execute(m.fft->inverse);
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
        for (long long i = 0; i < count; ++i) signal[s + i] = time[k - 1 + i];
    }
}

}  // namespace automix::dsp
