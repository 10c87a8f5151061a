// The "model" engine: a TorchScript mixer run window by window with raised-cosine crossfades.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <thread>

#include "automix/error.hpp"
#include "automix/mixer.hpp"
#include "automix/model_info.hpp"
#include "automix/stem_type.hpp"
#include "mixer/fx_account.hpp"
#include "mixer/model/allocator_tuning.hpp"
#include "mixer/model/torch_model.hpp"
#include "mixer/model_module.hpp"
#include "mixer/segmentation.hpp"
#include "mixer/sha256.hpp"
#include "mixer/stem_checks.hpp"

namespace automix {
namespace {

/// Probe length at load time, in length multiples: long enough for every layer, cheap to run.
constexpr std::size_t kProbeMultiples = 16;
/// Network input channels per stem (stereo stems).
constexpr std::size_t kStemChannels = 2;

std::size_t round_to_multiple(double samples, std::size_t multiple, bool up) {
    const double m = static_cast<double>(multiple);
    const double units = up ? std::ceil(samples / m) : std::floor(samples / m);
    return static_cast<std::size_t>(units) * multiple;
}

/// Converts the options (seconds, or "use the metadata") into sample counts and checks them.
SegmentationParams resolve_segmentation(const ModelEngineOptions& o, const ModelInfo& info) {
    SegmentationParams p;
    p.multiple = info.length_multiple;
    const double rate = info.sample_rate;
    bool from_user = false;
    if (o.segment_seconds == 0.0) {
        p.segment = info.recommended_segment;
    } else if (o.segment_seconds < 0.0 || std::isnan(o.segment_seconds)) {
        throw usage_error("model engine: the segment length must be positive");
    } else if (o.segment_seconds * rate >= 1e15) {
        p.segment = 0;  // effectively infinite: one single pass
        from_user = true;
    } else {
        p.segment = round_to_multiple(o.segment_seconds * rate, p.multiple, false);
        from_user = true;
        if (p.segment == 0)
            throw usage_error("model engine: the segment is shorter than 64 samples");
    }
    if (o.overlap_seconds < 0.0) {
        p.overlap =
            round_to_multiple(static_cast<double>(info.recommended_overlap), p.multiple, true);
    } else {
        p.overlap = static_cast<std::size_t>(std::llround(o.overlap_seconds * rate / p.multiple)) *
                    p.multiple;
        from_user = true;
    }
    p.context = round_to_multiple(static_cast<double>(info.context), p.multiple, true);
    const std::string problem = segmentation_problem(p);
    if (!problem.empty()) {
        if (from_user) throw usage_error("model engine: " + problem);
        throw model_error(o.model_path + ": recommended segmentation is unusable: " + problem);
    }
    return p;
}

class ModelEngine final : public MixerEngine {
  public:
    explicit ModelEngine(const ModelEngineOptions& options) : path_(options.model_path) {
        namespace fs = std::filesystem;
        std::error_code ec;
        if (path_.empty()) throw model_error("<empty path>: no model file given");
        if (!fs::exists(path_, ec)) throw model_error(path_ + ": model file not found");
        if (!fs::is_regular_file(path_, ec)) throw model_error(path_ + ": not a regular file");
        if (options.tune_allocator) tune_allocator_for_inference();

        std::string metadata_text;
        model_ = std::make_unique<TorchModel>(path_, kModelMetadataFile, metadata_text);
        if (metadata_text.empty()) {
            throw model_error(path_ + ": TorchScript file without automix metadata (" +
                              kModelMetadataFile + "); export it with python3 -m models.export");
        }
        nlohmann::json metadata;
        try {
            metadata = nlohmann::json::parse(metadata_text);
        } catch (const nlohmann::json::exception& e) {
            throw model_error(path_ + ": model metadata is not valid JSON (" + e.what() + ")");
        }
        info_ = parse_model_info(metadata, path_);
        try {
            sha256_ = sha256_file_hex(path_);
        } catch (const std::exception& e) {
            throw model_error(e.what());
        }
        params_ = resolve_segmentation(options, info_);
        const int wanted =
            options.threads > 0
                ? options.threads
                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        threads_ = TorchModel::set_threads(wanted);
        batch_ = options.batch > 0 ? options.batch : info_.recommended_batch;
        out_channels_ = 2 + static_cast<std::size_t>(info_.contribution_channels);
        account_.assign(kNumStemTypes * info_.account_size, 0.0f);
        probe();
    }

    std::string name() const override { return "model"; }
    int required_sample_rate() const override { return info_.sample_rate; }
    const ModelInfo* model_info() const override { return &info_; }
    std::string model_path() const override { return path_; }

    void set_fx_normalization_account(const nlohmann::json& fxnorm_report) override {
        if (info_.account_size > 0) account_ = fx_account_vector(fxnorm_report, info_.account_version);
    }

    nlohmann::json describe() const override {
        const double rate = info_.sample_rate;
        return {{"engine", "model"},
                {"model_path", path_},
                {"sha256", sha256_},
                {"metadata", info_.raw},
                {"trained", info_.trained},
                {"threads", threads_},
                {"batch", batch_},
                {"contributions", info_.contribution_channels > 0},
                {"segment_samples", params_.segment},  // 0 = one single pass
                {"overlap_samples", params_.overlap},
                {"context_samples", params_.context},
                {"segment_seconds", params_.segment / rate},
                {"overlap_seconds", params_.overlap / rate},
                {"crossfade", "raised-cosine, amplitude-complementary"},
                {"segments_in_last_mix", last_segments_},
                {"predicted_settings", predicted_settings_}};
    }

    AudioBuffer mix(const StemSet& stems, const ProgressCallback& progress) override {
        AudioBuffer out(2, stems.num_frames(), info_.sample_rate);
        run(stems, progress, &out, nullptr);
        return out;
    }

    bool has_contributions() const override { return info_.contribution_channels > 0; }

    StemSet mix_contributions(StemSet stems, const ProgressCallback& progress) override {
        if (!has_contributions()) {
            throw usage_error(path_ +
                              ": this model file (format 1) does not return per-stem "
                              "contributions; export it again with python3 -m models.export");
        }
        StemSet out;
        for (int k = 0; k < kNumStemTypes; ++k) {
            out.stems[k] = AudioBuffer(2, stems.num_frames(), info_.sample_rate);
            out.present[k] = stems.present[k];
            out.sources[k] = stems.sources[k];
        }
        run(stems, progress, nullptr, &out);
        return out;
    }

  private:
    /// Runs the network window by window and overlap-adds its mix channels into `mix` and/or its
    /// per-stem contribution channels into `contributions` (buffers of the song's length).
    void run(const StemSet& stems, const ProgressCallback& progress, AudioBuffer* mix,
             StemSet* contributions) {
        check_stems_for_mixing(stems, info_.sample_rate);
        const std::size_t frames = stems.num_frames();
        const std::vector<Segment> plan = plan_segments(frames, params_);
        last_segments_ = plan.size();
        report_progress(progress, "mix", 0.0);
        std::vector<float> windows;
        std::vector<float> window_settings;
        // Settings averaged over the song, each window weighted by the samples it writes.
        std::vector<double> settings_sum(kNumStemTypes * info_.setting_names.size(), 0.0);
        double settings_weight = 0.0;
        const NetworkExtras extras = network_extras(&window_settings);
        // Consecutive windows of equal length go through the network together: one call per
        // batch halves the network's cost on 2 cores (docs/model.md, "Batching"), while memory
        // stays bounded by batch x segment whatever the song's length.
        for (std::size_t first = 0; first < plan.size();) {
            std::size_t count = 1;
            while (count < batch_ && first + count < plan.size() &&
                   plan[first + count].input_frames == plan[first].input_frames) {
                ++count;
            }
            const std::size_t len = plan[first].input_frames;
            windows.assign(count * kNumStemTypes * kStemChannels * len, 0.0f);
            for (std::size_t k = 0; k < count; ++k) {
                fill_window(stems, plan[first + k],
                            windows.data() + k * kNumStemTypes * kStemChannels * len);
            }
            const std::vector<float> y = model_->run(windows, count, len, out_channels_, extras);
            for (std::size_t k = 0; k < count; ++k) {
                const float* window = y.data() + k * out_channels_ * len;
                const Segment& seg = plan[first + k];
                const double weight = static_cast<double>(seg.write_end - seg.write_begin);
                for (std::size_t i = 0; i < settings_sum.size(); ++i) {
                    settings_sum[i] += weight * window_settings[k * settings_sum.size() + i];
                }
                settings_weight += weight;  // unused when the model has no settings
                if (mix) overlap_add(seg, window, *mix);
                for (int stem = 0; contributions && stem < kNumStemTypes; ++stem) {
                    overlap_add(seg, window + (2 + 2 * stem) * len, contributions->stems[stem]);
                }
            }
            first += count;
            report_progress(progress, "mix", static_cast<double>(first) / plan.size());
        }
        if (plan.empty()) report_progress(progress, "mix", 1.0);
        predicted_settings_ = settings_json(settings_sum, settings_weight, stems);
    }

    /// The account input (conditioned models) and the settings output (format-3 consoles, into
    /// `settings`) of a network call.
    NetworkExtras network_extras(std::vector<float>* settings) const {
        NetworkExtras extras;
        if (info_.account_size > 0) {
            extras.account = &account_;
            extras.account_size = info_.account_size;
        }
        if (!info_.setting_names.empty()) {
            extras.settings = settings;
            extras.settings_size = info_.setting_names.size();
        }
        return extras;
    }

    /// {"vocals": {"gain_db": ..., ...}, ...} for the present stems, or null when the model
    /// predicts no settings (or the song was empty).
    nlohmann::json settings_json(const std::vector<double>& sum, double weight,
                                 const StemSet& stems) const {
        const std::size_t n = info_.setting_names.size();
        if (n == 0 || weight <= 0.0) return nullptr;
        nlohmann::json out = nlohmann::json::object();
        for (int stem = 0; stem < kNumStemTypes; ++stem) {
            if (!stems.present[stem]) continue;
            nlohmann::json one = nlohmann::json::object();
            for (std::size_t j = 0; j < n; ++j)
                one[info_.setting_names[j]] = sum[stem * n + j] / weight;
            out[to_string(kAllStemTypes[stem])] = one;
        }
        return out;
    }

    /// Adds the crossfaded stereo pair at `left` (right follows after the window's length) of
    /// one window into `out`.
    static void overlap_add(const Segment& s, const float* left, AudioBuffer& out) {
        const float* right = left + s.input_frames;
        for (std::size_t t = s.write_begin; t < s.write_end; ++t) {
            const float w = segment_weight(s, t);
            const std::size_t local = t - s.input_begin;
            out.channels[0][t] += w * left[local];
            out.channels[1][t] += w * right[local];
        }
    }

    /// Writes the stems into one window of the network's 8 planar channels at `dst`
    /// (already zeroed), leaving zeros past the song's end.
    static void fill_window(const StemSet& stems, const Segment& s, float* dst) {
        const std::size_t frames = stems.num_frames();
        const std::size_t available =
            s.input_begin < frames ? std::min(s.input_frames, frames - s.input_begin) : 0;
        for (int stem = 0; stem < kNumStemTypes; ++stem) {
            for (std::size_t c = 0; c < kStemChannels; ++c) {
                const float* src = stems.stems[stem].channels[c].data() + s.input_begin;
                std::copy(src, src + available, dst + (stem * kStemChannels + c) * s.input_frames);
            }
        }
    }

    /// Runs a short silent window so that an incompatible network fails at load, not mid-song.
    void probe() {
        const std::size_t frames = kProbeMultiples * info_.length_multiple;
        try {
            std::vector<float> settings;
            const std::vector<float> y =
                model_->run(std::vector<float>(kNumStemTypes * kStemChannels * frames, 0.0f), 1,
                            frames, out_channels_, network_extras(&settings));
            for (float v : y) {
                if (!std::isfinite(v)) throw processing_error("non-finite output on silence");
            }
        } catch (const Error& e) {
            throw model_error(path_ + ": the network failed on a probe input: " + e.what());
        }
    }

    std::string path_;
    std::unique_ptr<TorchModel> model_;
    ModelInfo info_;
    std::string sha256_;
    SegmentationParams params_;
    int threads_ = 1;
    std::size_t batch_ = 1;         ///< Windows per network call.
    std::size_t out_channels_ = 2;  ///< 2 (mix) or 10 (mix + per-stem contributions).
    std::size_t last_segments_ = 0;
    /// What FX normalization did to each stem, for conditioned models (zeros: unchanged).
    std::vector<float> account_;
    nlohmann::json predicted_settings_;  ///< Song-average console settings of the last mix.
};

}  // namespace

std::unique_ptr<MixerEngine> load_torch_model_engine(const ModelEngineOptions& options) {
    return std::make_unique<ModelEngine>(options);
}

}  // namespace automix
