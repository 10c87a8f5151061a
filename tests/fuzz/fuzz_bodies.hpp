// The bodies of the fuzz targets, shared with the unit test that replays every kept regression
// input (tests/unit/fuzz_regressions_test.cpp), so a past finding is re-checked by every build,
// with or without clang. Each returns normally for any input; crashes, leaks, undefined behaviour
// and exceptions other than automix::Error are findings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "automix/error.hpp"
#include "automix/model_info.hpp"
#include "automix/stems.hpp"
#include "automix/targets.hpp"
#include "fuzz/fuzz_util.hpp"

namespace automix::fuzz {

/// Audio decoding and stem grouping: the input becomes one file of a stems folder (its name chosen
/// by the first byte, so both known-extension and sniffed-header paths run), which is discovered,
/// grouped and loaded exactly as the mix pipeline does.
inline void decode_group(const std::uint8_t* data, std::size_t size) {
    static const char* const kNames[] = {"vocals.wav", "bass.flac",   "kick.aiff", "gtr.ogg",
                                         "pad.raw",    "mixture.wav", "lead.mp3",  "song.w64"};
    if (size < 1) return;
    namespace fs = std::filesystem;
    const fs::path dir = scratch_dir() / "stems";
    fs::remove_all(dir);
    fs::create_directories(dir);
    write_input("stems/" + std::string(kNames[data[0] % (sizeof kNames / sizeof kNames[0])]),
                data + 1, size - 1);
    try {
        const Discovery found = discover_stem_files(dir.string());
        const auto assignments = assign_stems(found.audio_files, {}, found.automix_mixes);
        load_stems(assignments, 44100, nullptr, nullptr);
    } catch (const Error&) {
    }
}

/// The FX-normalization targets loader (our format and the reference's features_MUSDB18.json).
inline void targets_json(const std::uint8_t* data, std::size_t size) {
    try {
        load_targets(write_input("targets.json", data, size));
    } catch (const Error&) {
    }
}

/// The --stem-map loader, then the same bytes as --stem options (one per line); both grouped
/// against a fixed file list.
inline void stem_map(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string> files = {"/s/vocals.wav", "/s/bass.flac", "/s/kick.wav",
                                            "/s/mixture.wav"};
    try {
        assign_stems(files, load_stem_map(write_input("map.json", data, size)));
    } catch (const Error&) {
    }
    std::vector<std::string> options(1);
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == '\n') {
            options.emplace_back();
        } else {
            options.back().push_back(static_cast<char>(data[i]));
        }
    }
    try {
        assign_stems(files, parse_stem_options(options));
    } catch (const Error&) {
    }
}

/// The model-metadata parser: any JSON value gives a ModelInfo or Error(Model), nothing else.
inline void model_info(const std::uint8_t* data, std::size_t size) {
    const nlohmann::json metadata = nlohmann::json::parse(data, data + size, nullptr, false);
    if (metadata.is_discarded()) return;
    try {
        parse_model_info(metadata, "fuzz.pt");
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Model) std::abort();
    }
}

}  // namespace automix::fuzz
