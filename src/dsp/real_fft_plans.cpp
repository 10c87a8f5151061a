#include "dsp/real_fft_plans.hpp"

#include <mutex>

#include "automix/error.hpp"
#include "dsp/fftw_lock.hpp"

namespace automix::dsp {

RealFftPlans::RealFftPlans(std::size_t n, const std::string& owner) {
    bool planned = false;
    {
        std::lock_guard<std::mutex> lock(fftw_planner_mutex());
        real = fftwf_alloc_real(n);
        spectrum = fftwf_alloc_complex(n / 2 + 1);
        if (real && spectrum) {
            const int size = static_cast<int>(n);
            forward = fftwf_plan_dft_r2c_1d(size, real, spectrum, FFTW_ESTIMATE);
            inverse = fftwf_plan_dft_c2r_1d(size, spectrum, real, FFTW_ESTIMATE);
        }
        planned = forward && inverse;
    }
    if (!planned) {
        release();  // the destructor does not run when the constructor throws
        throw processing_error(owner + ": FFTW planning failed");
    }
}

RealFftPlans::~RealFftPlans() { release(); }

void RealFftPlans::release() {
    std::lock_guard<std::mutex> lock(fftw_planner_mutex());
    if (forward) fftwf_destroy_plan(forward);
    if (inverse) fftwf_destroy_plan(inverse);
    fftwf_free(real);
    fftwf_free(spectrum);
    forward = inverse = nullptr;
    real = nullptr;
    spectrum = nullptr;
}

}  // namespace automix::dsp
