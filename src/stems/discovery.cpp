#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "automix/error.hpp"
#include "automix/io_guard.hpp"
#include "automix/stems.hpp"
#include "stems/automix_outputs.hpp"

namespace automix {
namespace fs = std::filesystem;

namespace {

// Extensions that promise audio: such a file that fails to decode is an error, not a skip.
const std::set<std::string>& audio_extensions() {
    static const std::set<std::string> ext = {".wav",  ".wave", ".flac", ".ogg", ".oga", ".opus",
                                              ".aif",  ".aiff", ".aifc", ".mp3", ".caf", ".w64",
                                              ".rf64", ".au",   ".snd",  ".voc", ".mpc", ".wv"};
    return ext;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

Discovery discover_stem_files(const std::string& folder) {
    std::error_code ec;
    if (!fs::exists(folder, ec)) throw input_error(folder + ": folder not found");
    if (!fs::is_directory(folder, ec)) throw input_error(folder + ": not a folder");
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(folder, ec)) entries.push_back(entry.path());
    if (ec) throw input_error(folder + ": cannot list folder: " + ec.message());
    if (entries.empty()) throw input_error(folder + ": folder is empty");
    std::sort(entries.begin(), entries.end());

    Discovery d;
    for (const fs::path& p : entries) {
        const std::string name = p.filename().string();
        if (!name.empty() && name[0] == '.') continue;  // hidden files, editor droppings
        if (fs::is_directory(p, ec)) {
            d.skipped.push_back({p.string(), "sub-folder (folders are not searched recursively)"});
            continue;
        }
        // A FIFO is never opened (it would block); a dangling link is left for read_audio, which
        // names it, because a missing stem must not pass silently.
        const fs::file_status st = fs::status(p, ec);
        if (!ec && fs::exists(st) && !fs::is_regular_file(st)) {
            d.skipped.push_back({p.string(), non_regular_file_reason(p.string())});
            continue;
        }
        if (audio_extensions().count(lower(p.extension().string())) != 0 ||
            probe_audio(p.string()).has_value()) {
            d.audio_files.push_back(p.string());
        } else {
            d.skipped.push_back({p.string(), "not an audio file"});
        }
    }
    d.automix_mixes = stems::find_automix_mixes([&] {
        std::vector<std::string> all;
        for (const fs::path& p : entries) all.push_back(p.string());
        return all;
    }());
    if (d.audio_files.empty()) {
        throw input_error(folder + ": no audio files found (" + std::to_string(d.skipped.size()) +
                          " other file(s) skipped)");
    }
    return d;
}

}  // namespace automix
