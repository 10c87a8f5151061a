// Writing files so that readers never see a partial result, even when the run is interrupted.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace automix {

/// Calls `write(temp_path)` with a fresh temporary path in the folder of `path`, then renames the
/// temporary file over `path`. If `write` throws, or the rename fails, the temporary file is
/// removed and the error propagates (rename failures throw Error(Output) naming `path`). While it
/// exists, the temporary file is registered for on_interrupt_signal.
void commit_atomically(const std::string& path,
                       const std::function<void(const std::string&)>& write);

/// Writes `content` to `path` atomically (see commit_atomically). Throws Error(Output).
void write_file_atomically(const std::string& path, const std::string& content);

/// Several files that appear together or not at all (a mix and its report). stage() writes each
/// to a temporary file at once; commit() renames them all into place, in staging order. If a
/// rename fails, the files already moved are removed and Error(Output) propagates; temporaries
/// never committed are removed by the destructor. An interrupting signal during commit() is held
/// back until every file is in place (see on_interrupt_signal).
class StagedOutputs {
  public:
    StagedOutputs() = default;
    StagedOutputs(const StagedOutputs&) = delete;
    StagedOutputs& operator=(const StagedOutputs&) = delete;
    /// Removes the temporaries of a batch that was not committed.
    ~StagedOutputs();

    /// Calls `write(temp_path)`; on error the temporary is removed and the error propagates.
    void stage(const std::string& path, const std::function<void(const std::string&)>& write);
    /// Moves every staged file into place (all or nothing). Throws Error(Output).
    void commit();

  private:
    struct Entry {
        std::string path, temp;
        int slot;
    };
    std::vector<Entry> entries_;
};

/// For a SIGINT/SIGTERM/SIGHUP handler; async-signal-safe. Removes every temporary file in
/// progress and returns true, so the handler can exit. While StagedOutputs::commit() is moving
/// files into place it returns false instead: the signal is remembered and raised again as soon
/// as the batch is complete, so a mix never appears without its report.
bool on_interrupt_signal(int signal_number) noexcept;

}  // namespace automix
