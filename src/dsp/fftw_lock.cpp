#include "dsp/fftw_lock.hpp"

namespace automix::dsp {

std::mutex& fftw_planner_mutex() {
    static std::mutex m;
    return m;
}

}  // namespace automix::dsp
