// Short-time Fourier transform with reusable FFTW plans, with the reference's conventions
// (docs/reference.md#stft).
#pragma once

#include <complex>
#include <cstddef>
#include <memory>
#include <vector>

namespace automix::dsp {

/// Square root of a periodic Hann window: w[n] = sqrt(0.5 - 0.5 cos(2 pi n / N)), n = 0..N-1
/// (with hop N/2 its square overlap-adds to exactly 1).
std::vector<float> sqrt_periodic_hann(int n);

/// Periodic Hann window: w[n] = 0.5 - 0.5 cos(2 pi n / N).
std::vector<float> periodic_hann(int n);

/// Complex spectrogram, frames x bins, row-major (frame t occupies [t*bins, (t+1)*bins)).
struct Spectrogram {
    std::size_t frames = 0;                 ///< Number of analysis frames.
    std::size_t bins = 0;                   ///< n_fft / 2 + 1.
    std::vector<std::complex<float>> data;  ///< frames * bins values.

    /// Pointer to the first bin of a frame.
    std::complex<float>* frame(std::size_t t) { return data.data() + t * bins; }
    /// Pointer to the first bin of a frame.
    const std::complex<float>* frame(std::size_t t) const { return data.data() + t * bins; }
};

/// Real STFT / inverse STFT of one transform size. Plans are created once in the constructor
/// (under a global lock, because FFTW's planner is not thread-safe) and reused for every frame.
/// An instance owns scratch buffers: use one instance per thread.
///
/// Analysis has no centring and no padding: frame t covers samples [t*hop, t*hop + n_fft) and the
/// remainder at the end is dropped; X_t[k] = sum_n w[n] x[t*hop+n] e^{-j 2 pi k n / N}
/// (unnormalized).
class Stft {
  public:
    /// `window` must have n_fft values; `hop` must be in [1, n_fft].
    Stft(int n_fft, int hop, std::vector<float> window);
    ~Stft();
    Stft(const Stft&) = delete;
    Stft& operator=(const Stft&) = delete;

    /// Transform size.
    int n_fft() const { return n_fft_; }
    /// Hop between frames in samples.
    int hop() const { return hop_; }
    /// Number of frequency bins, n_fft / 2 + 1.
    std::size_t num_bins() const { return static_cast<std::size_t>(n_fft_ / 2 + 1); }
    /// Frames produced for a signal of `length` samples: 1 + floor((length - n_fft) / hop), or 0.
    std::size_t num_frames(std::size_t length) const;
    /// The analysis/synthesis window.
    const std::vector<float>& window() const { return window_; }

    /// Windowed FFT of `n_fft` samples starting at `input` into `out` (num_bins() values).
    void forward_frame(const float* input, std::complex<float>* out);
    /// Same transform without the copy: returns the spectrum (num_bins() values) in this
    /// instance's buffer, valid until its next transform.
    const std::complex<float>* transform_frame(const float* input);
    /// Spectrogram of a whole signal (frames as described above).
    Spectrogram analyze(const float* signal, std::size_t length);
    /// Spectrogram of a whole signal.
    Spectrogram analyze(const std::vector<float>& signal) {
        return analyze(signal.data(), signal.size());
    }

    /// Inverse STFT in librosa's center=False form: inverse FFT of each frame with 1/N scaling,
    /// times the window, overlap-added, divided by the overlap-added squared window wherever that
    /// sum exceeds the smallest positive float. Output length n_fft + hop * (frames - 1).
    std::vector<float> synthesize(const Spectrogram& spec);

    /// Inverse FFT of one frame (num_bins() values) with 1/N scaling, times the window, into
    /// `out` (n_fft samples). The building block of a streaming overlap-add synthesis: with the
    /// sqrt-Hann window at hop N/2 the overlap-added squared window is exactly 1 in the interior.
    void inverse_frame(const std::complex<float>* in, float* out);

  private:
    struct Plans;
    int n_fft_;
    int hop_;
    std::vector<float> window_;
    std::unique_ptr<Plans> plans_;
};

}  // namespace automix::dsp
