// libFuzzer entry point: the stem-map loader and --stem parsing (body in fuzz_bodies.hpp).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_bodies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    automix::fuzz::stem_map(data, size);
    return 0;
}
