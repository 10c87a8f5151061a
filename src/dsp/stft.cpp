#include "automix/dsp/stft.hpp"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "automix/error.hpp"
#include "dsp/real_fft_plans.hpp"

namespace automix::dsp {

std::vector<float> periodic_hann(int n) {
    std::vector<float> w(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        w[i] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * M_PI * i / n));
    }
    return w;
}

std::vector<float> sqrt_periodic_hann(int n) {
    std::vector<float> w = periodic_hann(n);
    for (float& v : w) v = std::sqrt(v);
    return w;
}

struct Stft::Plans : RealFftPlans {
    using RealFftPlans::RealFftPlans;
};

Stft::Stft(int n_fft, int hop, std::vector<float> window)
    : n_fft_(n_fft), hop_(hop), window_(std::move(window)) {
    if (n_fft < 2 || hop < 1 || hop > n_fft || window_.size() != static_cast<std::size_t>(n_fft)) {
        throw processing_error("stft: invalid size, hop or window length");
    }
    plans_ = std::make_unique<Plans>(static_cast<std::size_t>(n_fft), "stft");
}

Stft::~Stft() = default;

std::size_t Stft::num_frames(std::size_t length) const {
    const std::size_t n = static_cast<std::size_t>(n_fft_);
    if (length < n) return 0;
    return 1 + (length - n) / static_cast<std::size_t>(hop_);
}

void Stft::forward_frame(const float* input, std::complex<float>* out) {
    const std::complex<float>* spectrum = transform_frame(input);
    std::copy(spectrum, spectrum + num_bins(), out);
}

const std::complex<float>* Stft::transform_frame(const float* input) {
    float* real = plans_->real;
    const float* window = window_.data();
    for (int i = 0; i < n_fft_; ++i) real[i] = input[i] * window[i];
    fftwf_execute(plans_->forward);
    // fftwf_complex is two floats, laid out like std::complex<float> (FFTW manual, section 4.1.1).
    return reinterpret_cast<const std::complex<float>*>(plans_->spectrum);
}

Spectrogram Stft::analyze(const float* signal, std::size_t length) {
    Spectrogram spec;
    spec.frames = num_frames(length);
    spec.bins = num_bins();
    spec.data.resize(spec.frames * spec.bins);
    for (std::size_t t = 0; t < spec.frames; ++t) {
        forward_frame(signal + t * static_cast<std::size_t>(hop_), spec.frame(t));
    }
    return spec;
}

void Stft::inverse_frame(const std::complex<float>* in, float* out) {
    const std::size_t bins = num_bins();
    for (std::size_t k = 0; k < bins; ++k) {
        plans_->spectrum[k][0] = in[k].real();
        plans_->spectrum[k][1] = in[k].imag();
    }
    fftwf_execute(plans_->inverse);
    const float scale = 1.0f / static_cast<float>(n_fft_);
    for (int i = 0; i < n_fft_; ++i) out[i] = plans_->real[i] * scale * window_[i];
}

std::vector<float> Stft::synthesize(const Spectrogram& spec) {
    if (spec.frames == 0) return {};
    if (spec.bins != num_bins())
        throw processing_error("stft: spectrogram has the wrong bin count");
    const std::size_t n = static_cast<std::size_t>(n_fft_);
    const std::size_t hop = static_cast<std::size_t>(hop_);
    const std::size_t length = n + hop * (spec.frames - 1);
    std::vector<double> out(length, 0.0), norm(length, 0.0);
    const double scale = 1.0 / static_cast<double>(n);
    for (std::size_t t = 0; t < spec.frames; ++t) {
        const std::complex<float>* frame = spec.frame(t);
        for (std::size_t k = 0; k < spec.bins; ++k) {
            plans_->spectrum[k][0] = frame[k].real();
            plans_->spectrum[k][1] = frame[k].imag();
        }
        fftwf_execute(plans_->inverse);
        const std::size_t offset = t * hop;
        for (std::size_t i = 0; i < n; ++i) {
            out[offset + i] += plans_->real[i] * scale * window_[i];
            norm[offset + i] += static_cast<double>(window_[i]) * window_[i];
        }
    }
    std::vector<float> result(length);
    const double tiny = std::numeric_limits<float>::min();
    for (std::size_t i = 0; i < length; ++i) {
        result[i] = static_cast<float>(norm[i] > tiny ? out[i] / norm[i] : out[i]);
    }
    return result;
}

}  // namespace automix::dsp
