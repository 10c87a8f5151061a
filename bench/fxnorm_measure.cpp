// Measurements behind the default FX-normalization mode (docs/fxnorm.md, "Measured deviations").
// For each stem given on the command line and each EQ variant, runs the EQ stage and prints how far
// the output's long-term spectrum is from the target in third-octave bands 40 Hz-16 kHz (RMS and
// largest error, dB, and that error split into the mean offset common to all bands and the shape
// about it), the share of energy above 17.5 kHz before and after, and the stem's L/R
// balance with the panning side each mode picks. Built and run by bench/fxnorm_measure.sh.
//
//   fxnorm_measure TARGETS.json LABEL TYPE FILE [LABEL TYPE FILE ...]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "automix/audio_io.hpp"
#include "automix/targets.hpp"
#include "dsp/decibels.hpp"
#include "fxnorm/signal_utils.hpp"
#include "fxnorm/stages.hpp"
#include "fxnorm/stem_features.hpp"
#include "fxnorm/stem_pipeline.hpp"

namespace fx = automix::fxnorm;
using automix::AudioBuffer;

namespace {

constexpr double kBinHz = 44100.0 / 65536.0;

double band_db(const std::vector<double>& curve, double lo, double hi) {
    double sum = 0;
    int n = 0;
    for (int k = static_cast<int>(std::ceil(lo / kBinHz)); k * kBinHz < hi; ++k) {
        sum += curve[k];
        ++n;
    }
    // Mean magnitude in the band: the curves are mean magnitudes, and the EQ matches magnitudes
    // (a band's mean power would favour a peaky harmonic spectrum over the smooth target).
    return 20 * std::log10(sum / n + 1e-30);
}

struct SpectrumError {
    double rms, worst;  // RMS and largest |error| over the bands
    double mean;        // mean error: a level offset common to all bands
    double shape;       // RMS of the errors about their mean: the spectral shape alone
};

// Level errors over the 27 third-octave bands 40 Hz-16 kHz (centres 1000 * 2^(b/3)).
SpectrumError spectrum_error(const std::vector<double>& spec, const std::vector<double>& target) {
    std::vector<double> e;
    for (int b = -14; b <= 12; ++b) {
        const double fc = 1000 * std::pow(2.0, b / 3.0);
        const double lo = fc * std::pow(2.0, -1.0 / 6), hi = fc * std::pow(2.0, 1.0 / 6);
        e.push_back(band_db(spec, lo, hi) - band_db(target, lo, hi));
        if (std::getenv("FXNORM_MEASURE_BANDS")) std::fprintf(stderr, "%.0f:%+.1f ", fc, e.back());
    }
    if (std::getenv("FXNORM_MEASURE_BANDS")) std::fprintf(stderr, "\n");
    SpectrumError r{0, 0, 0, 0};
    for (double x : e) {
        r.rms += x * x;
        r.worst = std::max(r.worst, std::fabs(x));
        r.mean += x;
    }
    const double n = static_cast<double>(e.size());
    r.rms = std::sqrt(r.rms / n);
    r.mean /= n;
    for (double x : e) r.shape += (x - r.mean) * (x - r.mean);
    r.shape = std::sqrt(r.shape / n);
    return r;
}

// Share of the spectrum's energy above 17.5 kHz, dB.
double share_above_db(const std::vector<double>& spec, double hz) {
    double above = 0, total = 0;
    for (std::size_t k = 0; k < spec.size(); ++k) {
        total += spec[k] * spec[k];
        if (k * kBinHz >= hz) above += spec[k] * spec[k];
    }
    return 10 * std::log10(above / total + 1e-60);
}

struct Variant {
    const char* name;
    fx::EqOptions eq;
};

std::vector<Variant> variants() {
    std::vector<Variant> v;
    fx::EqOptions ref = fx::chain_options(automix::FxNormMode::Reference).eq;
    v.push_back({"reference", ref});
    fx::EqOptions o;  // the default mode's EQ with one thing changed at a time
    v.push_back({"default", o});
    o.limit_to_bandwidth = false;
    v.push_back({"default-no-bw", o});
    o.min_smoothing_bins = 1;
    o.smoothing = fx::EqSmoothing::None;
    v.push_back({"linked-raw", o});
    o.smoothing = fx::EqSmoothing::MovingAverage;
    v.push_back({"v1-D5", o});
    o.smoothing = fx::EqSmoothing::FractionalOctave;
    const char* names[] = {"oct3", "oct6", "oct12"};
    const double fractions[] = {3.0, 6.0, 12.0};
    for (int i = 0; i < 3; ++i) {
        o.octave_fraction = fractions[i];
        v.push_back({names[i], o});
    }
    return v;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5 || (argc - 2) % 3 != 0) {
        std::fprintf(stderr, "usage: %s TARGETS LABEL TYPE FILE [LABEL TYPE FILE ...]\n", argv[0]);
        return 2;
    }
    const automix::Targets targets = automix::load_targets(argv[1]);
    std::printf(
        "stem\tvariant\trms_db\tmax_db\tshare17k5_in\tshare17k5_out\tbandwidth_hz\trise17k5_db\t"
        "mean_db\tshape_db\n");
    for (int a = 2; a + 2 < argc; a += 3) {
        const std::string label = argv[a];
        const auto type = automix::parse_stem_type(argv[a + 1]);
        if (!type) return 2;
        AudioBuffer stem = automix::to_stereo(automix::read_audio(argv[a + 2]));
        if (stem.sample_rate != 44100) stem = automix::resample(stem, 44100);
        if (fx::is_quiet(stem)) {
            std::printf("%s\tquiet\n", label.c_str());
            continue;
        }
        const automix::StemTargets& t = targets[*type];
        const fx::StemSettings& settings = fx::stem_settings(*type);
        const std::vector<double> in_spec = fx::eq_feature(stem);
        const auto in_err = spectrum_error(in_spec, t.eq_magnitude);
        const double in_share = share_above_db(in_spec, 17500);
        std::printf("%s\tinput\t%.2f\t%.2f\t%.1f\t%.1f\t-\t-\t%+.2f\t%.2f\n", label.c_str(),
                    in_err.rms, in_err.worst, in_share, in_share, in_err.mean, in_err.shape);
        // What measuring with the reference's zero padding changes (reference mode, D-loudness).
        std::printf("%s\tloudness-padding\t%.3f\n", label.c_str(),
                    fx::loudness_lufs(stem, fx::kPad) - fx::loudness_lufs(stem));
        // FXNORM_MEASURE_VARIANTS=a,b,c restricts the EQ variants (long corpus stems are slow).
        const char* only = std::getenv("FXNORM_MEASURE_VARIANTS");
        for (const Variant& v : variants()) {
            if (only && std::string(",").append(only).append(",").find(std::string(",") + v.name +
                                                                       ",") == std::string::npos)
                continue;
            AudioBuffer x = stem;
            const nlohmann::json r = fx::match_eq(x, t, settings, v.eq);
            const std::vector<double> out = fx::eq_feature(x);
            const auto err = spectrum_error(out, t.eq_magnitude);
            std::string bw = "-";
            if (r.contains("bandwidth_hz") && !r["bandwidth_hz"].is_null())
                bw = std::to_string(static_cast<int>(r["bandwidth_hz"].get<double>()));
            // Energy above 17.5 kHz after / before the filter, both at the measurement level.
            double rise = 0.0;
            if (r.contains("measurement_gain_db")) {
                const double g =
                    automix::dsp::db_to_amplitude(r["measurement_gain_db"].get<double>());
                // Without 50 ms at both ends, faded in and out: an excerpt's abrupt ends click,
                // and the click grows with what the EQ boosts (not the filter's response above).
                auto trimmed = [](const AudioBuffer& in) {
                    AudioBuffer out = in;
                    const std::size_t cut = 2205;
                    for (auto& c : out.channels) {
                        c.erase(c.end() - static_cast<long>(cut), c.end());
                        c.erase(c.begin(), c.begin() + static_cast<long>(cut));
                        for (std::size_t i = 0; i < cut; ++i) {  // fades: no click at the cuts
                            const float w =
                                static_cast<float>(0.5 - 0.5 * std::cos(M_PI * (i + 0.5) / cut));
                            c[i] *= w;
                            c[c.size() - 1 - i] *= w;
                        }
                    }
                    return out;
                };
                const std::vector<double> a = fx::average_spectrum(trimmed(x), 1.0);
                const std::vector<double> b = fx::average_spectrum(trimmed(stem), g);
                double ea = 0, eb = 0;
                for (std::size_t k = 0; k < a.size(); ++k) {
                    if (k * kBinHz >= 17500) {
                        ea += a[k] * a[k];
                        eb += b[k] * b[k];
                    }
                }
                rise = 10 * std::log10((ea + 1e-60) / (eb + 1e-60));
            }
            std::printf("%s\t%s\t%.2f\t%.2f\t%.1f\t%.1f\t%s\t%+.1f\t%+.2f\t%.2f\n", label.c_str(),
                        v.name, err.rms, err.worst, in_share, share_above_db(out, 17500),
                        bw.c_str(), rise, err.mean, err.shape);
        }
        // Panning side per mode on the stem as the panning stage sees it (after EQ + dynamics);
        // FXNORM_MEASURE_NO_PAN skips it (the dynamics search is the slow part on long stems).
        if (std::getenv("FXNORM_MEASURE_NO_PAN")) continue;
        for (automix::FxNormMode mode :
             {automix::FxNormMode::Default, automix::FxNormMode::Reference}) {
            fx::ChainOptions chain = fx::chain_options(mode);
            AudioBuffer x = stem;
            chain.stages = 2;
            fx::normalize_stem(x, *type, t, chain, {});
            const nlohmann::json p = fx::match_panning(x, t, settings, chain.panning);
            std::printf("%s\tpan-%s\tinput_balance_db\t%.2f\tside\t%s\tsps_side\t%s\n",
                        label.c_str(), automix::to_string(mode),
                        p["input_balance_db"].get<double>(), p["side"].get<std::string>().c_str(),
                        p["sps_side"].get<std::string>().c_str());
        }
        std::fflush(stdout);
    }
    return 0;
}
