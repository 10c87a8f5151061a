// Measurements shared by the FX-normalization tests: third-octave spectrum errors, energy above a
// frequency, L/R balance, and the paths of the shared reference data.
#pragma once

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "automix/audio_buffer.hpp"
#include "automix/targets.hpp"
#include "fxnorm/stem_features.hpp"
#include "test_config.hpp"

namespace fxtest {

constexpr double kBinHz = 44100.0 / 65536.0;

/// ../shared as seen from the source tree.
inline std::string shared_dir() { return AUTOMIX_SHARED_DIR; }

/// The two musdb7 songs (folder names).
inline const std::vector<std::string>& musdb7_songs() {
    static const std::vector<std::string> songs = {"Music Delta - 80s Rock",
                                                   "The Easton Ellises - Falcon 69"};
    return songs;
}

/// True when every file exists.
inline bool all_exist(const std::vector<std::string>& paths) {
    for (const auto& p : paths) {
        if (!std::filesystem::exists(p)) return false;
    }
    return true;
}

/// The paper's MUSDB18 statistics (the reference's JSON) under ../shared.
inline std::string musdb18_features() {
    return shared_dir() + "/data/fxnorm-features/features_MUSDB18.json";
}

/// True when the musdb7 stems and the MUSDB18 statistics are present.
inline bool have_musdb7() { return all_exist({musdb18_features(), shared_dir() + "/data/musdb7"}); }

/// The file of one musdb7 stem.
inline std::string musdb7_stem(const std::string& song, automix::StemType type) {
    return shared_dir() + "/data/musdb7/" + song + "/" + automix::to_string(type) + ".wav";
}

/// Calls f(song, type, what) for every stem type of both musdb7 songs; `what` names the stem in
/// failure messages.
template <typename F>
void for_each_musdb7_stem(F&& f) {
    for (const auto& song : musdb7_songs()) {
        for (automix::StemType type : automix::kAllStemTypes) {
            f(song, type, song + " " + automix::to_string(type));
        }
    }
}

/// Mean magnitude of a 32769-bin curve over [lo, hi) Hz, dB. Magnitudes, not powers: the curves
/// are mean magnitudes and the EQ matches magnitudes.
inline double band_db(const std::vector<double>& curve, double lo, double hi) {
    double sum = 0;
    int n = 0;
    for (int k = static_cast<int>(std::ceil(lo / kBinHz)); k * kBinHz < hi; ++k) {
        sum += curve[static_cast<std::size_t>(k)];
        ++n;
    }
    return 20 * std::log10(sum / n + 1e-30);
}

/// Level differences a - b in the 27 third-octave bands 40 Hz-16 kHz (centres 1000 * 2^(b/3)).
inline std::vector<double> third_octave_diff_db(const std::vector<double>& a,
                                                const std::vector<double>& b) {
    std::vector<double> d;
    for (int band = -14; band <= 12; ++band) {
        const double fc = 1000 * std::pow(2.0, band / 3.0);
        const double lo = fc * std::pow(2.0, -1.0 / 6), hi = fc * std::pow(2.0, 1.0 / 6);
        d.push_back(band_db(a, lo, hi) - band_db(b, lo, hi));
    }
    return d;
}

/// RMS of the third-octave level differences between a stem's EQ feature and its target.
inline double eq_error_db(const automix::AudioBuffer& stem, const std::vector<double>& target) {
    double acc = 0;
    const auto d = third_octave_diff_db(automix::fxnorm::eq_feature(stem), target);
    for (double e : d) acc += e * e;
    return std::sqrt(acc / static_cast<double>(d.size()));
}

/// Energy above `hz` of the average spectrum of `stem` scaled by `gain`, dB, without `edge`
/// samples at both ends and with `edge`-sample raised-cosine fades: an excerpt's abrupt ends click,
/// and the click's broadband energy grows with whatever the EQ boosted (often the bass), which
/// would hide the filter's own response above the band.
inline double energy_above_db(const automix::AudioBuffer& stem, double gain, double hz,
                              std::size_t edge = 2205) {
    automix::AudioBuffer cut = stem;
    for (auto& c : cut.channels) {
        c.erase(c.end() - static_cast<long>(edge), c.end());
        c.erase(c.begin(), c.begin() + static_cast<long>(edge));
        for (std::size_t i = 0; i < edge && 2 * i < c.size(); ++i) {
            const float w = static_cast<float>(0.5 - 0.5 * std::cos(M_PI * (i + 0.5) / edge));
            c[i] *= w;
            c[c.size() - 1 - i] *= w;
        }
    }
    const std::vector<double> s = automix::fxnorm::average_spectrum(cut, gain);
    double e = 0;
    for (std::size_t k = 0; k < s.size(); ++k) {
        if (static_cast<double>(k) * kBinHz >= hz) e += s[k] * s[k];
    }
    return 10 * std::log10(e + 1e-60);
}

/// Right-minus-left level over the whole signal, dB (> 0: right is louder).
inline double balance_db(const automix::AudioBuffer& stem) {
    double l = 0, r = 0;
    for (std::size_t i = 0; i < stem.num_frames(); ++i) {
        l += double(stem.channels[0][i]) * stem.channels[0][i];
        r += double(stem.channels[1][i]) * stem.channels[1][i];
    }
    return 10 * std::log10((r + 1e-30) / (l + 1e-30));
}

}  // namespace fxtest
