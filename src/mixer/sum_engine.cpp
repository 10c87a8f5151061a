// The baseline engine: the four stems summed sample by sample.
#include "automix/mixer.hpp"
#include "mixer/stem_checks.hpp"

namespace automix {
namespace {

class SumEngine final : public MixerEngine {
  public:
    std::string name() const override { return "sum"; }
    nlohmann::json describe() const override { return {{"engine", "sum"}}; }
    int required_sample_rate() const override { return 0; }

    AudioBuffer mix(const StemSet& stems, const ProgressCallback& progress) override {
        check_stems_for_mixing(stems, 0);
        report_progress(progress, "mix", 0.0);
        AudioBuffer out(2, stems.num_frames(), stems.sample_rate());
        for (StemType type : kAllStemTypes) {
            for (int c = 0; c < 2; ++c) {
                const auto& in = stems[type].channels[c];
                auto& acc = out.channels[c];
                for (std::size_t t = 0; t < in.size(); ++t) acc[t] += in[t];
            }
        }
        report_progress(progress, "mix", 1.0);
        return out;
    }

    // The plain sum's contributions are its inputs.
    StemSet mix_contributions(StemSet stems, const ProgressCallback& progress) override {
        check_stems_for_mixing(stems, 0);
        report_progress(progress, "mix", 1.0);
        return stems;
    }
};

}  // namespace

std::unique_ptr<MixerEngine> make_sum_engine() { return std::make_unique<SumEngine>(); }

}  // namespace automix
