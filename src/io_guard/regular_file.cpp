// Inputs are opened only when they are regular files: a FIFO named x.wav would block the run
// forever, and a dangling link or a link loop deserves a better message than "not found".
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "automix/error.hpp"
#include "automix/io_guard.hpp"

namespace automix {

namespace {

std::string describe_mode(mode_t mode) {
    if (S_ISDIR(mode)) return "is a folder, not a file";
    if (S_ISFIFO(mode)) return "is a FIFO (named pipe), not a regular file";
    if (S_ISSOCK(mode)) return "is a socket, not a regular file";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device, not a regular file";
    return "is not a regular file";
}

std::string link_target(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path target = std::filesystem::read_symlink(path, ec);
    return ec ? std::string("?") : target.string();
}

std::string describe_errno(int err, const std::string& path, const std::string& what) {
    if (err == ENOENT || err == ENOTDIR) {
        struct stat lst {};
        if (lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
            return what + " is a dangling symbolic link (its target " + link_target(path) +
                   " does not exist)";
        }
        return what + " not found";
    }
    if (err == ELOOP) return what + " is a symbolic link loop (the links point at each other)";
    return "cannot open " + what + ": " + std::strerror(err);
}

}  // namespace

std::string non_regular_file_reason(const std::string& path) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return describe_errno(errno, path, "file");
    return S_ISREG(st.st_mode) ? std::string() : describe_mode(st.st_mode);
}

void require_regular_file(const std::string& path, const std::string& what) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) {
        throw input_error(path + ": " + describe_errno(errno, path, what));
    }
    if (!S_ISREG(st.st_mode)) throw input_error(path + ": " + describe_mode(st.st_mode));
}

int open_regular_file(const std::string& path, const std::string& what) {
    const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw input_error(path + ": " + describe_errno(errno, path, what));
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const mode_t mode = st.st_mode;
        close(fd);
        throw input_error(path + ": " + describe_mode(mode));
    }
    // Regular files never block; clearing the flag keeps later reads ordinary.
    const int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

}  // namespace automix
