// Protection of the user's files: no output may land on an input, and inputs are only opened when
// they are regular files (a FIFO would hang the run, a dangling link deserves its own message).
#pragma once

#include <string>
#include <vector>

namespace automix {

/// One file or folder a run is about to write.
struct PlannedOutput {
    std::string path;        ///< As given by the user.
    std::string what;        ///< How the user named it in messages, e.g. "-o", "--report".
    bool is_folder = false;  ///< A folder the run fills (its own files are checked separately).
};

/// What a run reads.
struct RunInputs {
    std::vector<std::string> files;  ///< Every input file (stems, reference, maps, targets, model).
    std::vector<std::string> folders;  ///< Folders whose files are read as stems or songs.
};

/// Throws Error(Usage) before any work when an output, after following symbolic links, is an
/// input file, is a folder the run reads from, lies directly in such a folder, or when two outputs
/// are the same file. Outputs in an input folder are accepted when `allow_in_input_folders` is set
/// (the user asked for it); an output that *is* an input file never is.
void check_outputs_spare_inputs(const std::vector<PlannedOutput>& outputs, const RunInputs& inputs,
                                bool allow_in_input_folders = false);

/// True when `a` and `b` name the same file or folder after resolving symbolic links, `.` and
/// `..` (existing paths are also compared by device and inode, which catches hard links).
bool same_file(const std::string& a, const std::string& b);

/// Throws Error(Input) naming `path` unless it is an existing regular file (symbolic links are
/// followed). The message says what it is instead: missing, a dangling symbolic link, a symbolic
/// link loop, a folder, a FIFO, a socket or a device. `what` prefixes the description
/// (e.g. "targets file").
void require_regular_file(const std::string& path, const std::string& what = "file");

/// Why `path` cannot be opened as a regular file, or "" when it can. Used where a file is skipped
/// rather than rejected (stems discovery).
std::string non_regular_file_reason(const std::string& path);

/// Opens `path` for reading without ever blocking (O_NONBLOCK, so a FIFO cannot hang the run),
/// checks on the open descriptor that it is a regular file, then restores blocking reads. Returns
/// the descriptor (the caller closes it). Throws Error(Input) like require_regular_file.
int open_regular_file(const std::string& path, const std::string& what = "file");

}  // namespace automix
