// Long FIR filtering by FFT overlap-save, with reusable FFTW plans.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace automix::dsp {

/// Convolves signals with one fixed kernel, aligned on a chosen centre tap:
///   y[n] = sum_m kernel[m] x[n + centre - m],  x = 0 outside [0, length).
/// With a symmetric kernel and centre = (K - 1) / 2 this is a zero-phase filter, and the output has
/// the input's length. Plans are created once (under the FFTW planner lock); an instance owns its
/// scratch buffers, so use one per thread.
class FftConvolver {
  public:
    /// `centre` must index the kernel; the FFT size is chosen as a power of two >= 4 x kernel.
    FftConvolver(const std::vector<double>& kernel, int centre);
    ~FftConvolver();
    FftConvolver(const FftConvolver&) = delete;
    FftConvolver& operator=(const FftConvolver&) = delete;

    /// Filters `length` samples in place (the samples outside the buffer count as zeros).
    void process_in_place(float* signal, std::size_t length);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace automix::dsp
