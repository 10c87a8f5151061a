// Fuzz target: audio decoding and stem grouping. The input becomes one file of a stems folder
// (its name chosen by the first byte, so both known-extension and sniffed-header paths run), which
// is discovered, grouped and loaded exactly as the mix pipeline does. Any automix::Error is a
// correct answer; crashes, leaks, hangs, undefined behaviour and uncaught exceptions are findings.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "automix/error.hpp"
#include "automix/stems.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* const kNames[] = {"vocals.wav", "bass.flac",   "kick.aiff", "gtr.ogg",
                                         "pad.raw",    "mixture.wav", "lead.mp3",  "song.w64"};
    if (size < 1) return 0;
    namespace fs = std::filesystem;
    const fs::path dir = automix::fuzz::scratch_dir() / "stems";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string name = kNames[data[0] % (sizeof kNames / sizeof kNames[0])];
    const fs::path file = dir / name;
    {
        std::ofstream out(file, std::ios::binary);
        out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
    }
    try {
        const automix::Discovery found = automix::discover_stem_files(dir.string());
        const auto assignments = automix::assign_stems(found.audio_files, {}, found.automix_mixes);
        automix::load_stems(assignments, 44100, nullptr, nullptr);
    } catch (const automix::Error&) {
    }
    return 0;
}
