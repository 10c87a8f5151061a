// One mixer engine shared by the songs a batch mixes at the same time (`automix batch --jobs N`):
// the model is loaded once, and its calls are serialized because engines are not thread-safe.
#pragma once

#include <mutex>

#include "automix/mixer.hpp"

namespace automix::batch {

/// Forwards every MixerEngine call to `inner`, one call at a time. While one song's network runs
/// (with all of LibTorch's intra-op threads), the other songs decode, FX-normalize, measure and
/// write; only the engine calls queue. `inner` must outlive this object.
class SharedEngine : public MixerEngine {
  public:
    /// Wraps `inner`.
    explicit SharedEngine(MixerEngine& inner) : inner_(inner) {}
    std::string name() const override;
    nlohmann::json describe() const override;
    const ModelInfo* model_info() const override;
    std::string model_path() const override;
    int required_sample_rate() const override;
    AudioBuffer mix(const StemSet& stems, const ProgressCallback& progress) override;
    bool has_contributions() const override;
    StemSet mix_contributions(StemSet stems, const ProgressCallback& progress) override;

  private:
    MixerEngine& inner_;
    mutable std::mutex mutex_;
};

}  // namespace automix::batch
