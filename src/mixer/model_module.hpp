// The contract between the torch-free library and the model module (libautomix_model.so), the one
// part of automix that links LibTorch. The library opens the module with dlopen the first time a
// model engine is made, so `analyze`, `eval`, `stats` and the sum engines never load LibTorch.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "automix/audio_buffer.hpp"
#include "automix/mixer.hpp"
#include "automix/model_info.hpp"
#include "automix/stem_set.hpp"
#include "automix_version.hpp"

namespace automix {

/// The module's file name (CMake's MODULE naming on Linux).
inline constexpr const char* kModelModuleFile = "libautomix_model.so";
/// The environment variable that, when set, names the only module file tried.
inline constexpr const char* kModelModuleEnv = "AUTOMIX_MODEL_MODULE";
/// The module's one exported symbol, an extern "C" function returning a ModelModuleEntry.
inline constexpr const char* kModelModuleSymbol = "automix_model_module_v1";

/// What the module hands to the library. Engines cross the boundary as C++ objects, so both
/// sides must come from the same build: `abi` is compared before `load` is called.
struct ModelModuleEntry {
    const char* abi;  ///< model_module_abi() as the module was compiled.
    /// The TorchScript engine (throws like load_model_engine).
    std::unique_ptr<MixerEngine> (*load)(const ModelEngineOptions& options);
};

/// A fingerprint of what library and module share: the version, a revision to bump when
/// MixerEngine's virtual methods change, and the sizes of the types passed across.
inline std::string model_module_abi() {
    constexpr int kRevision = 2;
    return std::string(AUTOMIX_VERSION) + "/" + std::to_string(kRevision) + "/" +
           std::to_string(sizeof(ModelEngineOptions)) + "/" + std::to_string(sizeof(StemSet)) +
           "/" + std::to_string(sizeof(AudioBuffer)) + "/" + std::to_string(sizeof(ModelInfo));
}

/// The files tried, in order: $AUTOMIX_MODEL_MODULE alone when it is set; otherwise the module
/// next to the running executable, then the one in the install prefix's lib/automix/.
std::vector<std::string> model_module_candidates();

/// Opens the first loadable candidate that is an automix model module of this build and returns
/// its entry (the module stays loaded for the life of the process). Throws Error(Model) listing
/// every candidate with the reason it was refused.
const ModelModuleEntry& open_model_module(const std::vector<std::string>& candidates);

/// The TorchScript engine itself, defined in the module (src/mixer/model/model_engine.cpp).
std::unique_ptr<MixerEngine> load_torch_model_engine(const ModelEngineOptions& options);

}  // namespace automix
