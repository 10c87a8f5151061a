// libFuzzer entry point: audio decoding + discovery + grouping + loading (body in fuzz_bodies.hpp).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_bodies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    automix::fuzz::decode_group(data, size);
    return 0;
}
