#include <algorithm>
#include <filesystem>
#include <mutex>

#include "automix/audio_io.hpp"
#include "automix/dsp/smoothing.hpp"
#include "automix/error.hpp"
#include "automix/fxnorm.hpp"
#include "fxnorm/stem_features.hpp"
#include "fxnorm/settings.hpp"
#include "fxnorm/signal_utils.hpp"
#include "fxnorm/stem_pipeline.hpp"

namespace automix {
namespace {

namespace fs = std::filesystem;

// The four statistics passes, in the reference's effect order
// (docs/reference.md#statistics-computation).
enum Pass { kEq = 0, kDynamics = 1, kPanning = 2, kLoudness = 3, kPasses = 4 };
const char* const kPassNames[kPasses] = {"EQ", "dynamics", "panning", "loudness"};

// Running sums of one feature for one stem type.
struct Accumulator {
    std::vector<double> curve;
    double a = 0.0, b = 0.0;
    int count = 0;
};

StemSet load_song_dir(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw input_error("The song folder " + dir + " does not exist.");
    StemSet set;
    std::size_t length = 0;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file()) continue;
        const auto type = parse_stem_type(entry.path().stem().string());
        if (!type) continue;
        AudioBuffer audio = to_stereo(read_audio(entry.path().string()));
        if (audio.sample_rate != fxnorm::kSampleRate) audio = resample(audio, fxnorm::kSampleRate);
        const int i = static_cast<int>(*type);
        if (set.present[i]) {
            throw input_error("The song folder " + dir + " has two " + to_string(*type) +
                              " files.");
        }
        length = std::max(length, audio.num_frames());
        set.stems[i] = std::move(audio);
        set.present[i] = true;
        set.sources[i].push_back(entry.path().string());
    }
    if (ec) throw input_error("Cannot list the song folder " + dir + ": " + ec.message());
    for (int i = 0; i < kNumStemTypes; ++i) {
        if (!set.present[i]) set.stems[i] = AudioBuffer(2, 0, fxnorm::kSampleRate);
    }
    return set;
}

}  // namespace

Targets compute_targets(std::size_t song_count, const SongLoader& load_song,
                        const StatsOptions& options, const ProgressCallback& progress) {
    Targets targets;
    targets.provenance = "automix stats on " + std::to_string(song_count) + " songs";
    if (options.mode == FxNormMode::Reference) targets.provenance += " (reference mode)";
    fxnorm::ChainOptions chain = fxnorm::chain_options(options.mode);
    // The reference's statistics pass measures loudness (also the -30 LUFS of the EQ feature)
    // on the zero-padded stems.
    const bool padded = options.mode == FxNormMode::Reference;
    for (int pass = 0; pass < kPasses; ++pass) {
        std::array<Accumulator, kNumStemTypes> acc;
        std::mutex acc_mutex;
        std::size_t songs_done = 0;
        chain.stages = pass;  // normalize with the stages whose targets are already known
        fxnorm::parallel_for(song_count, options.threads, [&](std::size_t song) {
            StemSet set = load_song(song);
            for (StemType type : kAllStemTypes) {
                const int i = static_cast<int>(type);
                AudioBuffer& stem = set.stems[i];
                if (!set.present[i] || stem.num_frames() == 0 || fxnorm::is_quiet(stem)) continue;
                fxnorm::normalize_stem(stem, type, targets[type], chain, {});
                std::vector<double> curve;
                fxnorm::DynamicsFeature dyn;
                double lufs = 0.0;
                if (pass == kEq) curve = fxnorm::eq_feature(stem, padded);
                if (pass == kPanning) curve = fxnorm::panning_feature(stem);
                if (pass == kDynamics) {
                    dyn = fxnorm::dynamics_feature(stem);
                    if (!dyn.valid) continue;  // no onsets: the reference skips the song
                }
                if (pass == kLoudness) {
                    lufs = fxnorm::loudness_lufs(stem, padded ? fxnorm::kPad : 0);
                    if (!std::isfinite(lufs)) continue;
                }
                std::lock_guard<std::mutex> lock(acc_mutex);
                Accumulator& a = acc[i];
                if (!curve.empty()) {
                    if (a.curve.empty()) a.curve.assign(curve.size(), 0.0);
                    for (std::size_t k = 0; k < curve.size(); ++k) a.curve[k] += curve[k];
                }
                a.a += pass == kDynamics ? dyn.mean_db : lufs;
                a.b += dyn.std_db;
                ++a.count;
            }
            std::lock_guard<std::mutex> lock(acc_mutex);
            ++songs_done;
            report_progress(progress, "stats",
                            (pass + static_cast<double>(songs_done) / song_count) / kPasses);
        });
        for (StemType type : kAllStemTypes) {
            Accumulator& a = acc[static_cast<int>(type)];
            if (a.count == 0) {
                throw input_error(std::string("The corpus has no usable ") + to_string(type) +
                                  " stem for the " + kPassNames[pass] +
                                  " statistics (all missing, silent or without onsets).");
            }
            StemTargets& s = targets[type];
            const double n = a.count;
            for (double& v : a.curve) v /= n;
            // Averages over songs, curves smoothed once, as the reference; stored as used.
            if (pass == kEq) {
                s.eq_magnitude =
                    dsp::smooth_mirror(a.curve, fxnorm::stem_settings(type).eq_smoothing);
            } else if (pass == kDynamics) {
                s.dynamics_mean_db = a.a / n;
                s.dynamics_std_db = a.b / n;
            } else if (pass == kPanning) {
                s.panning_similarity = dsp::smooth_mirror(a.curve, fxnorm::kPanningSmoothing);
            } else {
                s.loudness_lufs = a.a / n;
            }
            s.songs = pass == kEq ? a.count : std::min(s.songs, a.count);
        }
    }
    report_progress(progress, "stats", 1.0);
    return targets;
}

Targets compute_targets(const std::vector<std::string>& song_dirs, const StatsOptions& options,
                        const ProgressCallback& progress) {
    if (song_dirs.empty()) throw input_error("The corpus holds no song folder.");
    Targets t = compute_targets(
        song_dirs.size(), [&](std::size_t i) { return load_song_dir(song_dirs[i]); }, options,
        progress);
    t.provenance = "automix stats on " + std::to_string(song_dirs.size()) + " song folders";
    if (options.mode == FxNormMode::Reference) t.provenance += " (reference mode)";
    return t;
}

}  // namespace automix
