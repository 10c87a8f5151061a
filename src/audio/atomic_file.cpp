#include "automix/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "audio/pending_files.hpp"
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

void remove_quietly(const std::string& path) {
    std::error_code ignored;
    fs::remove(path, ignored);
}

// Writes a registered temporary; on error removes it, unregisters it and rethrows. Returns the
// registry slot of the finished temporary.
int write_temporary(const std::string& temp, const std::function<void(const std::string&)>& write) {
    const int slot = pending::add(temp);
    try {
        write(temp);
    } catch (...) {
        remove_quietly(temp);
        pending::remove(slot);
        throw;
    }
    return slot;
}

void move_into_place(const std::string& temp, const std::string& path) {
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        remove_quietly(temp);
        throw output_error(path + ": cannot move the finished file into place: " + reason);
    }
}

}  // namespace

void commit_atomically(const std::string& path,
                       const std::function<void(const std::string&)>& write) {
    const std::string temp = temporary_sibling(path);
    const int slot = write_temporary(temp, write);
    try {
        move_into_place(temp, path);
    } catch (...) {
        pending::remove(slot);
        throw;
    }
    pending::remove(slot);
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

StagedOutputs::~StagedOutputs() {
    for (const Entry& e : entries_) {
        remove_quietly(e.temp);
        pending::remove(e.slot);
    }
}

void StagedOutputs::stage(const std::string& path,
                          const std::function<void(const std::string&)>& write) {
    const std::string temp = temporary_sibling(path);
    const int slot = write_temporary(temp, write);
    entries_.push_back({path, temp, slot});
}

void StagedOutputs::commit() {
    if (!pending::begin_commit()) throw output_error("interrupted before the results were saved");
    std::size_t moved = 0;
    try {
        for (; moved < entries_.size(); ++moved) {
            move_into_place(entries_[moved].temp, entries_[moved].path);
        }
    } catch (...) {
        // All or nothing: a mix without its report would look like success to a script.
        for (std::size_t i = 0; i < moved; ++i) remove_quietly(entries_[i].path);
        pending::end_commit();
        throw;
    }
    for (const Entry& e : entries_) pending::remove(e.slot);
    entries_.clear();
    pending::end_commit();
}

bool on_interrupt_signal(int signal_number) noexcept { return pending::interrupt(signal_number); }

}  // namespace automix
