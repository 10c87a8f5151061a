// Fuzz target: the --stem-map JSON loader and --stem option parsing, then grouping of a fixed
// file list with the overrides found (duplicates, unknown files and bad types must be
// automix::Error, nothing else).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "automix/error.hpp"
#include "automix/stems.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string> files = {"/s/vocals.wav", "/s/bass.flac", "/s/kick.wav",
                                            "/s/mixture.wav"};
    try {
        const std::string path = automix::fuzz::write_input("map.json", data, size);
        const automix::StemOverrides map = automix::load_stem_map(path);
        automix::assign_stems(files, map);
    } catch (const automix::Error&) {
    }
    // The same bytes as --stem options, one per line.
    std::vector<std::string> options;
    std::string line;
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == '\n') {
            options.push_back(line);
            line.clear();
        } else {
            line.push_back(static_cast<char>(data[i]));
        }
    }
    options.push_back(line);
    try {
        automix::assign_stems(files, automix::parse_stem_options(options));
    } catch (const automix::Error&) {
    }
    return 0;
}
