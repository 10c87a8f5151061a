// The buffers and forward/inverse plans of one single-precision real FFT size, owned together.
// Stft and FftConvolver both need exactly this; the planner lock is taken here, not by them.
#pragma once

#include <fftw3.h>

#include <cstddef>
#include <string>

namespace automix::dsp {

/// An n-point real FFT: `real` (n samples) and `spectrum` (n/2 + 1 bins) with an r2c plan
/// `forward` (real -> spectrum) and a c2r plan `inverse` (spectrum -> real, unscaled).
/// Planning uses FFTW_ESTIMATE (MEASURE costs seconds at 65,536 points for little gain).
class RealFftPlans {
  public:
    /// Allocates and plans; throws processing_error("<owner>: FFTW planning failed") after
    /// releasing whatever was already allocated.
    RealFftPlans(std::size_t n, const std::string& owner);
    ~RealFftPlans();
    RealFftPlans(const RealFftPlans&) = delete;
    RealFftPlans& operator=(const RealFftPlans&) = delete;

    float* real = nullptr;              ///< n time samples (the plans' in/output).
    fftwf_complex* spectrum = nullptr;  ///< n/2 + 1 bins.
    fftwf_plan forward = nullptr;       ///< real -> spectrum.
    fftwf_plan inverse = nullptr;       ///< spectrum -> real, scaled by n.

  private:
    void release();
};

}  // namespace automix::dsp
