#include "fxnorm/settings.hpp"

#include <array>

namespace automix::fxnorm {

const StemSettings& stem_settings(StemType type) {
    // docs/reference.md#fx-normalization-settings, in StemType order (vocals, bass, drums, other).
    static const std::array<StemSettings, kNumStemTypes> kSettings = {{
        {401, 4.0, 7.5, 400.0, 16000.0},   // vocals
        {151, 5.0, 10.0, 500.0, 16000.0},  // bass
        {151, 6.0, 10.0, 180.0, 6000.0},   // drums
        {401, 4.0, 15.0, 666.0, 16000.0},  // other
    }};
    return kSettings[static_cast<int>(type)];
}

}  // namespace automix::fxnorm
