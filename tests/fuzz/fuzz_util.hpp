// Shared by the fuzz targets: the libraries under test read files, so each input is written to a
// private temporary folder first.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace automix::fuzz {

/// A per-process scratch folder (created once, removed at exit).
inline const std::filesystem::path& scratch_dir() {
    static const std::filesystem::path dir = [] {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "automix-fuzz-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) std::abort();
        std::atexit([] { std::filesystem::remove_all(scratch_dir()); });
        return std::filesystem::path(tmpl);
    }();
    return dir;
}

/// Writes the fuzz input to `name` in the scratch folder and returns its path.
inline std::string write_input(const std::string& name, const std::uint8_t* data,
                               std::size_t size) {
    const std::filesystem::path p = scratch_dir() / name;
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return p.string();
}

}  // namespace automix::fuzz
