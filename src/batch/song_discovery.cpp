// Finding the songs of a library (include/automix/batch/songs.hpp).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

#include "automix/batch/songs.hpp"
#include "automix/batch/summary.hpp"
#include "automix/error.hpp"
#include "automix/io_guard.hpp"
#include "automix/stems.hpp"

namespace automix::batch {
namespace fs = std::filesystem;

namespace {

bool is_hidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

// True for the output folder and for earlier output folders: neither is a song or holds songs.
bool is_excluded(const fs::path& folder, const std::string& output_dir) {
    if (!output_dir.empty() && same_file(folder.string(), output_dir)) return true;
    return holds_batch_summary(folder.string());
}

std::string relative_name(const fs::path& folder, const fs::path& library) {
    return folder.lexically_relative(library).generic_string();
}

std::vector<fs::path> sorted_subfolders(const fs::path& folder, bool follow_links) {
    std::vector<fs::path> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (is_hidden(entry.path())) continue;
        std::error_code type_ec;
        const bool is_dir = follow_links
                                ? entry.is_directory(type_ec)
                                : entry.is_directory(type_ec) && !entry.is_symlink(type_ec);
        if (is_dir) found.push_back(entry.path());
    }
    if (ec) throw input_error(folder.string() + ": cannot list folder: " + ec.message());
    std::sort(found.begin(), found.end());
    return found;
}

// Depth-first over real folders (links to folders are not followed below the first level, so a
// loop of links cannot trap the search).
void collect_recursive(const fs::path& folder, const fs::path& library, const SongSearch& search,
                       std::vector<Song>& songs) {
    for (const fs::path& sub : sorted_subfolders(folder, false)) {
        if (is_excluded(sub, search.output_dir)) continue;
        if (holds_stems(sub.string())) songs.push_back({relative_name(sub, library), sub.string()});
        collect_recursive(sub, library, search, songs);
    }
}

}  // namespace

bool holds_stems(const std::string& folder) {
    try {
        const Discovery found = discover_stem_files(folder);
        return found.automix_mixes.size() < found.audio_files.size();
    } catch (const Error&) {
        return false;  // discovery's own errors (empty folder, no audio) simply mean "no"
    }
}

bool holds_batch_summary(const std::string& folder) {
    static const std::regex summary_name(R"(batch(-[0-9]+-of-[0-9]+)?\.json)");
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (!std::regex_match(entry.path().filename().string(), summary_name)) continue;
        // The schema name comes first in every summary; a user's own batch.json is not one.
        if (non_regular_file_reason(entry.path().string()).empty()) {
            std::ifstream in(entry.path(), std::ios::binary);
            std::string head(512, '\0');
            in.read(head.data(), static_cast<std::streamsize>(head.size()));
            head.resize(static_cast<std::size_t>(in.gcount()));
            if (head.find(kSummarySchemaName) != std::string::npos) return true;
        }
    }
    return false;
}

std::vector<Song> discover_songs(const std::string& library, const SongSearch& search) {
    std::error_code ec;
    if (!fs::exists(library, ec)) throw input_error(library + ": folder not found");
    if (!fs::is_directory(library, ec)) throw input_error(library + ": not a folder");
    const fs::path root(library);
    std::vector<Song> songs;
    for (const fs::path& sub : sorted_subfolders(root, true)) {
        if (is_excluded(sub, search.output_dir)) continue;
        if (!search.recursive) {
            songs.push_back({relative_name(sub, root), sub.string()});
            continue;
        }
        if (holds_stems(sub.string())) songs.push_back({relative_name(sub, root), sub.string()});
        collect_recursive(sub, root, search, songs);
    }
    if (songs.empty()) {
        throw input_error(library + (search.recursive ? ": no folder of stems below it"
                                                      : ": no song folder in it (one sub-folder "
                                                        "of stems per song; --recursive searches "
                                                        "deeper)"));
    }
    std::sort(songs.begin(), songs.end(),
              [](const Song& a, const Song& b) { return a.name < b.name; });
    return songs;
}

}  // namespace automix::batch
