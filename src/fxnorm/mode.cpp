// Names and version of the FX-normalization modes (include/automix/fxnorm.hpp).
#include <string>

#include "automix/error.hpp"
#include "automix/fxnorm.hpp"

namespace automix {

const char* to_string(FxNormMode mode) {
    return mode == FxNormMode::Reference ? "reference" : "default";
}

FxNormMode parse_fxnorm_mode(const std::string& name) {
    if (name == "default") return FxNormMode::Default;
    if (name == "reference") return FxNormMode::Reference;
    throw usage_error("unknown FX-normalization mode '" + name + "' (use default or reference)");
}

std::string fxnorm_descriptor(FxNormMode mode) {
    return std::string("automix-fxnorm/") + kFxNormVersion + " " + to_string(mode);
}

}  // namespace automix
