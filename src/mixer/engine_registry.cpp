// The engine registry: the one table of mixers. The CLI's choices, the report's engine name and
// the pipeline's "FX-normalize first?" all read it, so a new engine is a file and a row here.
#include "automix/error.hpp"
#include "automix/mixer.hpp"

namespace automix {
namespace {

std::unique_ptr<MixerEngine> make_sum(const ModelEngineOptions&) { return make_sum_engine(); }

}  // namespace

const std::vector<EngineSpec>& engine_registry() {
    static const std::vector<EngineSpec> engines = {
        {"sum", "plain sum of the grouped stems", false, &make_sum},
        {"normalized", "sum of the FX-normalized stems (the paper's baseline)", true, &make_sum},
        {"model", "the learned mixer (a TorchScript model file) on the FX-normalized stems", true,
         &load_model_engine, /*runs_model_file=*/true},
    };
    return engines;
}

const EngineSpec* find_engine(const std::string& name) {
    for (const EngineSpec& spec : engine_registry()) {
        if (spec.name == name) return &spec;
    }
    return nullptr;
}

std::vector<std::string> engine_names() {
    std::vector<std::string> names;
    for (const EngineSpec& spec : engine_registry()) names.push_back(spec.name);
    return names;
}

std::unique_ptr<MixerEngine> make_engine(const std::string& name,
                                         const ModelEngineOptions& settings) {
    const EngineSpec* spec = find_engine(name);
    if (!spec) throw usage_error("unknown mixer engine '" + name + "'");
    return spec->make(settings);
}

}  // namespace automix
