// The model module's only exported symbol: what src/mixer/model_module.cpp looks up after dlopen.
#include "mixer/model_module.hpp"

extern "C" __attribute__((visibility("default"))) const automix::ModelModuleEntry*
automix_model_module_v1() {
    // The fingerprint is computed once and kept for the life of the module.
    static const std::string abi = automix::model_module_abi();
    static const automix::ModelModuleEntry entry{abi.c_str(), &automix::load_torch_model_engine};
    return &entry;
}
