// Fuzz target: the model-metadata parser (the automix.json stored inside a model file). Any JSON
// value must give a ModelInfo or automix::Error (kind Model), nothing else.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "automix/error.hpp"
#include "automix/model_info.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const nlohmann::json metadata = nlohmann::json::parse(data, data + size, nullptr, false);
    if (metadata.is_discarded()) return 0;
    try {
        automix::parse_model_info(metadata, "fuzz.pt");
    } catch (const automix::Error& e) {
        if (e.kind() != automix::ErrorKind::Model) std::abort();
    }
    return 0;
}
