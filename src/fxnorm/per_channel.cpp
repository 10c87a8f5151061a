#include <utility>

#include "fxnorm/signal_utils.hpp"
#include "fxnorm/stages.hpp"

namespace automix::fxnorm {

nlohmann::json for_each_channel(AudioBuffer& stem, const nlohmann::json& quiet_report,
                                const std::function<nlohmann::json(AudioBuffer&)>& stage) {
    nlohmann::json report;
    for (auto& channel : stem.channels) {
        AudioBuffer mono;
        mono.sample_rate = stem.sample_rate;
        mono.channels.push_back(std::move(channel));
        // The reference skips a quiet channel in its EQ and dynamics stages.
        report["channels"].push_back(is_quiet(mono) ? quiet_report : stage(mono));
        channel = std::move(mono.channels.front());
    }
    return report;
}

}  // namespace automix::fxnorm
