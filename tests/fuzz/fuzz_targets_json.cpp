// Fuzz target: the FX-normalization targets loader (our format and the reference's
// features_MUSDB18.json layout). Every outcome but a Targets value or automix::Error is a finding.
#include <cstddef>
#include <cstdint>

#include "automix/error.hpp"
#include "automix/targets.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = automix::fuzz::write_input("targets.json", data, size);
    try {
        automix::load_targets(path);
    } catch (const automix::Error&) {
    }
    return 0;
}
