// libFuzzer entry point: the FX-normalization targets loader (body in fuzz_bodies.hpp).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_bodies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    automix::fuzz::targets_json(data, size);
    return 0;
}
