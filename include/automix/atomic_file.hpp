// Writing files so that readers never see a partial result.
#pragma once

#include <functional>
#include <string>

namespace automix {

/// Calls `write(temp_path)` with a fresh temporary path in the folder of `path`, then renames the
/// temporary file over `path`. If `write` throws, or the rename fails, the temporary file is
/// removed and the error propagates (rename failures throw Error(Output) naming `path`).
void commit_atomically(const std::string& path,
                       const std::function<void(const std::string&)>& write);

/// Writes `content` to `path` atomically (see commit_atomically). Throws Error(Output).
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace automix
