// Vectorized kernels for the FX-normalization hot loops. GCC does not vectorize sqrtf, logf, exp
// or float max reductions without -ffast-math (errno and NaN rules), and those loops are where the
// onset detector, the compressor and the peak scans spent their time. The kernels use SSE2, which
// every x86-64 CPU has; elsewhere a scalar path runs the same operations in the same order, so both
// paths give bit-identical results.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#define AUTOMIX_DSP_SSE2 1
#endif

namespace automix::dsp::simd {

/// Largest |x[i]| over n samples (0 for n = 0). Exact: the maximum does not depend on order.
float abs_max(const float* x, std::size_t n);

/// Natural logarithm for normal, finite x > 0 (Cephes-style range reduction to [sqrt(1/2),
/// sqrt(2)) and a degree-9 polynomial; measured within 1 ulp of glibc logf).
float log_approx(float x);

/// Sum in double of log_approx(x[i]) over n normal, finite, positive floats (logs vectorized).
double sum_log(const float* x, std::size_t n);

/// sum[k] += sqrt(re_k^2 + im_k^2) (computed in float, exactly as the scalar expression) for n
/// interleaved complex values: one frame's contribution to an average magnitude spectrum.
void accumulate_magnitudes(const float* interleaved, std::size_t n, double* sum);

/// out[k] = log(1 + sqrt(re_k^2 + im_k^2)) for n interleaved complex values (re, im pairs):
/// the log-compressed magnitudes of aubio's HFC
/// (docs/reference.md#fx-normalization-onset-descriptor). re^2 + im^2 and the square root are
/// computed exactly as the scalar expressions are; only the logarithm is log_approx.
void log1p_magnitudes(const float* interleaved, std::size_t n, float* out);

/// out[i] = exp(-x[i]) in float, for x[i] >= 0 in double: range reduction by ln 2 in double,
/// then a degree-7 polynomial in float. Within 2 ulp of the correctly rounded value (measured:
/// most results are exact); arguments beyond 87 give about 1.6e-38 instead of smaller values.
void exp_neg_to_float(const double* x, std::size_t n, float* out);

}  // namespace automix::dsp::simd
