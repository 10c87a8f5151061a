#include "automix/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "automix/error.hpp"

namespace automix {
namespace fs = std::filesystem;

namespace {

// A hidden sibling of the target: same folder (so rename is atomic on one file system),
// unique per process and call.
std::string temporary_sibling(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    return (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(getpid()) + "-" +
                   std::to_string(counter++)))
        .string();
}

}  // namespace

void commit_atomically(const std::string& path,
                       const std::function<void(const std::string&)>& write) {
    const std::string temp = temporary_sibling(path);
    try {
        write(temp);
    } catch (...) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw;
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw output_error(path + ": cannot move the finished file into place: " + reason);
    }
}

void write_file_atomically(const std::string& path, const std::string& content) {
    commit_atomically(path, [&](const std::string& temp) {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) {
            throw output_error(path + ": cannot create file: " + std::strerror(errno));
        }
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) throw output_error(path + ": write failed: " + std::strerror(errno));
    });
}

}  // namespace automix
