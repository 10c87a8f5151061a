// FFTW's planner (plan creation/destruction) is not thread-safe; every planner call in the
// project takes this one lock. Executing an existing plan needs no lock.
#pragma once

#include <mutex>

namespace automix::dsp {

/// The process-wide mutex that guards FFTW planner calls.
std::mutex& fftw_planner_mutex();

}  // namespace automix::dsp
