#include "dsp/simd_math.hpp"

#include <algorithm>
#include <cmath>

namespace automix::dsp::simd {
namespace {

// log: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log x = e ln2 + log(1 + t), t = m - 1, the latter
// as t - t^2/2 + t^3 P(t) (minimax coefficients of Cephes logf). ln 2 is split in two parts so
// that e * kLn2Hi is exact.
constexpr float kSqrtHalf = 0.707106781186547524f;
constexpr float kLn2Hi = 0.693359375f;
constexpr float kLn2Lo = -2.12194440e-4f;
constexpr float kLogP[9] = {7.0376836292e-2f,  -1.1514610310e-1f, 1.1676998740e-1f,
                            -1.2420140846e-1f, 1.4249322787e-1f,  -1.6668057665e-1f,
                            2.0000714765e-1f,  -2.4999993993e-1f, 3.3333331174e-1f};

// exp: exp(t) = 2^n exp(r), n = round(t / ln2), r = t - n ln2 in [-ln2/2, ln2/2]. The reduction
// runs in double (ln2 split so that n * kExpLn2Hi is exact), so r carries the argument's full
// precision; exp(r) is its Taylor series to r^7 in float (truncation 6e-9, below float rounding).
constexpr double kLog2E = 1.4426950408889634074;
constexpr double kExpLn2Hi = 6.93147180369123816490e-01;
constexpr double kExpLn2Lo = 1.90821492927058770002e-10;
// Adding 1.5 * 2^52 rounds to an integer and leaves it in the low mantissa bits.
constexpr double kRoundMagic = 6755399441055744.0;
// exp(-87) ~ 1.6e-38 is the smallest result kept normal (2^n needs n >= -126); gains that small
// are zero for audio purposes.
constexpr double kMinArgument = -87.0;
constexpr float kExpC[8] = {1.0f / 5040.0f, 1.0f / 720.0f, 1.0f / 120.0f, 1.0f / 24.0f,
                            1.0f / 6.0f,    0.5f,          1.0f,          1.0f};

inline float bits_to_float(std::uint32_t b) {
    float f;
    std::memcpy(&f, &b, sizeof f);
    return f;
}
inline std::uint32_t float_to_bits(float f) {
    std::uint32_t b;
    std::memcpy(&b, &f, sizeof b);
    return b;
}

inline float exp_neg_scalar(double x) {
    const double t = std::max(-x, kMinArgument);
    const double d = t * kLog2E + kRoundMagic;
    const double n = d - kRoundMagic;
    const float r = static_cast<float>((t - n * kExpLn2Hi) - n * kExpLn2Lo);
    float p = kExpC[0];
    for (int i = 1; i < 8; ++i) p = p * r + kExpC[i];
    std::uint64_t db, mb;
    std::memcpy(&db, &d, sizeof db);
    std::memcpy(&mb, &kRoundMagic, sizeof mb);
    const std::int32_t k = static_cast<std::int32_t>(db - mb);
    return p * bits_to_float(static_cast<std::uint32_t>(k + 127) << 23);
}

#if defined(AUTOMIX_DSP_SSE2)
inline __m128 log_ps(__m128 x) {
    const __m128i bits = _mm_castps_si128(x);
    // Exponent of the [0.5, 1) mantissa convention, and the mantissa itself.
    __m128i e = _mm_sub_epi32(_mm_srli_epi32(bits, 23), _mm_set1_epi32(126));
    const __m128 m = _mm_castsi128_ps(
        _mm_or_si128(_mm_and_si128(bits, _mm_set1_epi32(0x007fffff)), _mm_set1_epi32(0x3f000000)));
    const __m128 small = _mm_cmplt_ps(m, _mm_set1_ps(kSqrtHalf));
    e = _mm_add_epi32(e, _mm_castps_si128(small));  // e - 1 where m < sqrt(1/2)
    const __m128 t = _mm_add_ps(_mm_sub_ps(m, _mm_set1_ps(1.0f)), _mm_and_ps(m, small));
    const __m128 fe = _mm_cvtepi32_ps(e);
    const __m128 z = _mm_mul_ps(t, t);
    __m128 y = _mm_set1_ps(kLogP[0]);
    for (int i = 1; i < 9; ++i) y = _mm_add_ps(_mm_mul_ps(y, t), _mm_set1_ps(kLogP[i]));
    y = _mm_mul_ps(_mm_mul_ps(y, t), z);
    y = _mm_add_ps(y, _mm_mul_ps(_mm_set1_ps(kLn2Lo), fe));
    y = _mm_add_ps(y, _mm_mul_ps(_mm_set1_ps(-0.5f), z));
    __m128 r = _mm_add_ps(t, y);
    return _mm_add_ps(r, _mm_mul_ps(_mm_set1_ps(kLn2Hi), fe));
}

// Range reduction of two arguments in double: r (as two floats in the low lanes) and n (as two
// int32 in the low lanes).
inline void exp_reduce(__m128d x, __m128& r, __m128i& n_out) {
    const __m128d t = _mm_max_pd(_mm_sub_pd(_mm_setzero_pd(), x), _mm_set1_pd(kMinArgument));
    const __m128d d = _mm_add_pd(_mm_mul_pd(t, _mm_set1_pd(kLog2E)), _mm_set1_pd(kRoundMagic));
    const __m128d n = _mm_sub_pd(d, _mm_set1_pd(kRoundMagic));
    const __m128d rd = _mm_sub_pd(_mm_sub_pd(t, _mm_mul_pd(n, _mm_set1_pd(kExpLn2Hi))),
                                  _mm_mul_pd(n, _mm_set1_pd(kExpLn2Lo)));
    r = _mm_cvtpd_ps(rd);
    const __m128i k =
        _mm_sub_epi64(_mm_castpd_si128(d), _mm_castpd_si128(_mm_set1_pd(kRoundMagic)));
    n_out = _mm_shuffle_epi32(k, _MM_SHUFFLE(3, 3, 2, 0));  // low 32 bits of each lane
}

inline __m128 exp_neg_4(const double* x) {
    __m128 r_lo, r_hi;
    __m128i n_lo, n_hi;
    exp_reduce(_mm_loadu_pd(x), r_lo, n_lo);
    exp_reduce(_mm_loadu_pd(x + 2), r_hi, n_hi);
    const __m128 r = _mm_movelh_ps(r_lo, r_hi);
    const __m128i n = _mm_unpacklo_epi64(n_lo, n_hi);
    __m128 p = _mm_set1_ps(kExpC[0]);
    for (int i = 1; i < 8; ++i) p = _mm_add_ps(_mm_mul_ps(p, r), _mm_set1_ps(kExpC[i]));
    const __m128 scale =
        _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(n, _mm_set1_epi32(127)), 23));
    return _mm_mul_ps(p, scale);
}
#endif

}  // namespace

float log_approx(float x) {
    const std::uint32_t bits = float_to_bits(x);
    int e = static_cast<int>(bits >> 23) - 126;
    const float m = bits_to_float((bits & 0x007fffffu) | 0x3f000000u);
    const bool small = m < kSqrtHalf;
    if (small) e -= 1;
    const float t = (m - 1.0f) + (small ? m : 0.0f);
    const float fe = static_cast<float>(e);
    const float z = t * t;
    float y = kLogP[0];
    for (int i = 1; i < 9; ++i) y = y * t + kLogP[i];
    y = (y * t) * z;
    y = y + kLn2Lo * fe;
    y = y + -0.5f * z;
    const float r = t + y;
    return r + kLn2Hi * fe;
}

float abs_max(const float* x, std::size_t n) {
    std::size_t i = 0;
    float peak = 0.0f;
#if defined(AUTOMIX_DSP_SSE2)
    const __m128 abs_mask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
    __m128 m0 = _mm_setzero_ps(), m1 = _mm_setzero_ps();
    for (; i + 8 <= n; i += 8) {
        m0 = _mm_max_ps(m0, _mm_and_ps(_mm_loadu_ps(x + i), abs_mask));
        m1 = _mm_max_ps(m1, _mm_and_ps(_mm_loadu_ps(x + i + 4), abs_mask));
    }
    alignas(16) float lanes[4];
    _mm_store_ps(lanes, _mm_max_ps(m0, m1));
    peak = std::max(std::max(lanes[0], lanes[1]), std::max(lanes[2], lanes[3]));
#endif
    for (; i < n; ++i) peak = std::max(peak, std::fabs(x[i]));
    return peak;
}

void log1p_magnitudes(const float* c, std::size_t n, float* out) {
    std::size_t k = 0;
#if defined(AUTOMIX_DSP_SSE2)
    const __m128 one = _mm_set1_ps(1.0f);
    for (; k + 4 <= n; k += 4) {
        const __m128 a = _mm_loadu_ps(c + 2 * k), b = _mm_loadu_ps(c + 2 * k + 4);
        const __m128 re = _mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
        const __m128 im = _mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1));
        const __m128 power = _mm_add_ps(_mm_mul_ps(re, re), _mm_mul_ps(im, im));
        _mm_storeu_ps(out + k, log_ps(_mm_add_ps(one, _mm_sqrt_ps(power))));
    }
#endif
    for (; k < n; ++k) {
        const float re = c[2 * k], im = c[2 * k + 1];
        out[k] = log_approx(1.0f + std::sqrt(re * re + im * im));
    }
}

double sum_log(const float* x, std::size_t n) {
    double sum = 0.0;
    std::size_t i = 0;
#if defined(AUTOMIX_DSP_SSE2)
    alignas(16) float lanes[4];
    for (; i + 4 <= n; i += 4) {
        _mm_store_ps(lanes, log_ps(_mm_loadu_ps(x + i)));
        sum += static_cast<double>(lanes[0]) + lanes[1] + lanes[2] + lanes[3];
    }
#endif
    for (; i < n; ++i) sum += log_approx(x[i]);
    return sum;
}

void accumulate_magnitudes(const float* c, std::size_t n, double* sum) {
    std::size_t k = 0;
#if defined(AUTOMIX_DSP_SSE2)
    alignas(16) float mag[4];
    for (; k + 4 <= n; k += 4) {
        const __m128 a = _mm_loadu_ps(c + 2 * k), b = _mm_loadu_ps(c + 2 * k + 4);
        const __m128 re = _mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
        const __m128 im = _mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1));
        _mm_store_ps(mag, _mm_sqrt_ps(_mm_add_ps(_mm_mul_ps(re, re), _mm_mul_ps(im, im))));
        for (int j = 0; j < 4; ++j) sum[k + j] += mag[j];
    }
#endif
    for (; k < n; ++k) {
        const float re = c[2 * k], im = c[2 * k + 1];
        sum[k] += std::sqrt(re * re + im * im);
    }
}

void exp_neg_to_float(const double* x, std::size_t n, float* out) {
    std::size_t i = 0;
#if defined(AUTOMIX_DSP_SSE2)
    for (; i + 4 <= n; i += 4) _mm_storeu_ps(out + i, exp_neg_4(x + i));
#endif
    for (; i < n; ++i) out[i] = exp_neg_scalar(x[i]);
}

}  // namespace automix::dsp::simd
