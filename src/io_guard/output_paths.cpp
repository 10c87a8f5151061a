// Outputs never land on inputs (docs/exit-codes.md, "Your files are safe").
#include <sys/stat.h>

#include <filesystem>

#include "automix/error.hpp"
#include "automix/io_guard.hpp"

namespace automix {
namespace fs = std::filesystem;

namespace {

// Absolute, with symbolic links, "." and ".." resolved as far as the path exists: the file a
// write to `path` would really reach.
fs::path resolved(const std::string& path) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    if (ec) return fs::path(path).lexically_normal();
    const fs::path canonical = fs::weakly_canonical(absolute, ec);
    return ec ? absolute.lexically_normal() : canonical;
}

// The folder a file output is created in (".", when the path has no folder part).
std::string parent_of(const std::string& path) {
    const fs::path p(path);
    return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty()) return false;
    struct stat sa {};
    struct stat sb {};
    // Device and inode catch hard links and bind mounts that path comparison misses.
    if (stat(a.c_str(), &sa) == 0 && stat(b.c_str(), &sb) == 0) {
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    }
    return resolved(a) == resolved(b);
}

void check_outputs_spare_inputs(const std::vector<PlannedOutput>& outputs, const RunInputs& inputs,
                                bool allow_in_input_folders) {
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const PlannedOutput& out = outputs[i];
        const std::string name = out.what + " " + out.path;
        for (const std::string& file : inputs.files) {
            if (same_file(out.path, file)) {
                throw usage_error(name + ": would overwrite the input file " + file +
                                  "; automix never modifies its inputs, choose another path");
            }
        }
        for (const std::string& folder : inputs.folders) {
            if (same_file(out.path, folder)) {
                throw usage_error(name + ": is " + folder +
                                  ", a folder this run reads its inputs from; choose another "
                                  "folder");
            }
            if (!out.is_folder && !allow_in_input_folders &&
                same_file(parent_of(out.path), folder)) {
                throw usage_error(
                    name + ": is inside " + folder +
                        ", a folder this run reads stems from (the file would be taken "
                        "for a stem by the next run); write it elsewhere",
                    "allow_outputs_in_stems_dir");
            }
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (same_file(out.path, outputs[j].path)) {
                throw usage_error(name + ": is the same file as " + outputs[j].what + " " +
                                  outputs[j].path + "; give each output its own path");
            }
        }
    }
}

}  // namespace automix
