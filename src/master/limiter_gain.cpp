#include "master/limiter_gain.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

namespace automix::master {

std::vector<float> limiter_gain(const std::vector<float>& env, double pregain, double threshold,
                                std::size_t lookahead, double release_samples) {
    const std::size_t n = env.size();
    const std::size_t span = lookahead + 1;
    std::vector<double> needed(n);
    for (std::size_t k = 0; k < n; ++k) {
        const double level = pregain * env[k];
        needed[k] = level > threshold ? threshold / level : 1.0;
    }
    // ahead[j + lookahead] = min of needed[k], k in [j, j + lookahead] ∩ [0, n), for
    // j = -lookahead .. n - 1: a sliding minimum with a monotone deque of indices.
    std::vector<double> ahead(n + lookahead);
    std::deque<std::size_t> window;
    for (std::size_t i = 0; i < n + lookahead; ++i) {
        if (i < n) {
            while (!window.empty() && needed[window.back()] >= needed[i]) window.pop_back();
            window.push_back(i);
        }
        while (!window.empty() && window.front() + span <= i) window.pop_front();
        ahead[i] = window.empty() ? 1.0 : needed[window.front()];
    }
    // Release: the gain follows a fall at once and returns towards the needed gain exponentially
    // (one pole on the linear gain), so it never rises above what the next peaks need.
    const double keep = release_samples > 0 ? std::exp(-1.0 / release_samples) : 0.0;
    double released = 1.0;
    for (double& a : ahead) {
        released = a <= released ? a : a + keep * (released - a);
        a = released;
    }
    // Moving average over lookahead + 1 terms: gain[n] = mean(ahead[n .. n + lookahead]) in
    // ahead's indexing (j = n - lookahead .. n), every term <= needed[n].
    std::vector<float> gain(n);
    double sum = 0.0;
    for (std::size_t i = 0; i < lookahead; ++i) sum += ahead[i];
    for (std::size_t k = 0; k < n; ++k) {
        sum += ahead[k + lookahead];
        const double g = sum / static_cast<double>(span);
        // The mean of terms <= needed[k] is <= needed[k]; float rounding must not lift it above.
        gain[k] = static_cast<float>(std::min(g, needed[k]));
        sum -= ahead[k];
    }
    return gain;
}

}  // namespace automix::master
