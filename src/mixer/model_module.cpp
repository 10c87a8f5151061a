// Finds and opens the model module (libautomix_model.so) on first use of the model engine.
#include "mixer/model_module.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "automix/error.hpp"
#include "automix_build_config.hpp"

namespace automix {
namespace fs = std::filesystem;

std::vector<std::string> model_module_candidates() {
    if (const char* chosen = std::getenv(kModelModuleEnv); chosen && *chosen) return {chosen};
    std::vector<std::string> paths;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) paths.push_back((exe.parent_path() / kModelModuleFile).string());
    paths.push_back((fs::path(AUTOMIX_INSTALL_MODULEDIR) / kModelModuleFile).string());
    return paths;
}

const ModelModuleEntry& open_model_module(const std::vector<std::string>& candidates) {
    std::string refusals;
    for (const std::string& path : candidates) {
        std::error_code ec;
        std::string problem;
        if (!fs::exists(path, ec)) {
            problem = "not found";
        } else if (void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
            // A refused module is never closed: LibTorch does not support being unloaded.
            using EntryFunction = const ModelModuleEntry* (*)();
            auto entry_function =
                reinterpret_cast<EntryFunction>(dlsym(handle, kModelModuleSymbol));
            const ModelModuleEntry* entry = entry_function ? entry_function() : nullptr;
            if (!entry) {
                problem =
                    std::string("not an automix model module (no ") + kModelModuleSymbol + ")";
            } else if (entry->abi != model_module_abi()) {
                problem = "built for another automix (" + std::string(entry->abi) + ", this is " +
                          model_module_abi() + ")";
            } else {
                return *entry;
            }
        } else {
            const char* why = dlerror();
            problem = why ? why : "cannot be loaded";
        }
        refusals += (refusals.empty() ? "" : "; ") + path + ": " + problem;
    }
    throw model_error("the model engine's module could not be loaded (" +
                      (refusals.empty() ? std::string("no place to look") : refusals) + ")");
}

std::unique_ptr<MixerEngine> load_model_engine(const ModelEngineOptions& options) {
#if AUTOMIX_WITH_TORCH
    // Engines may be made from several threads (batch mode); the module is opened once.
    static std::mutex mutex;
    static const ModelModuleEntry* entry = nullptr;
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (!entry) entry = &open_model_module(model_module_candidates());
    }
    return entry->load(options);
#else
    (void)options;
    throw model_error(
        "this automix was built without LibTorch (AUTOMIX_WITH_TORCH=OFF), so it has no model "
        "engine; the sum and normalized engines work");
#endif
}

}  // namespace automix
