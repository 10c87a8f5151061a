// Typed errors thrown by the library; the CLI maps each kind to a documented exit code.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace automix {

/// What went wrong, at the granularity a script needs to react to.
enum class ErrorKind {
    Usage,       ///< Bad options or arguments (exit code 2).
    Input,       ///< An input file is missing, unreadable, corrupt or unsupported (exit code 3).
    Model,       ///< The model file is missing, corrupt or incompatible (exit code 4).
    Processing,  ///< A processing stage failed on valid input (exit code 5).
    Output,      ///< The output could not be written (exit code 6).
};

/// The exception type of the library. `what()` is a complete sentence naming the file or stage,
/// in the library's words: it never names a command-line option.
class Error : public std::runtime_error {
  public:
    /// `setting` names the MixOptions field the problem is about ("targets_path"), or "" when
    /// none; a front end turns it into a hint in its own words (the CLI names its option).
    Error(ErrorKind kind, const std::string& message, std::string setting = "")
        : std::runtime_error(message), kind_(kind), setting_(std::move(setting)) {}
    /// The category of the failure.
    ErrorKind kind() const { return kind_; }
    /// The MixOptions field the user can change to fix it, or "".
    const std::string& setting() const { return setting_; }

  private:
    ErrorKind kind_;
    std::string setting_;
};

/// Shorthands that read well at the throw site; `setting` as in Error.
inline Error input_error(const std::string& m, std::string setting = "") {
    return Error(ErrorKind::Input, m, std::move(setting));
}
inline Error model_error(const std::string& m) { return Error(ErrorKind::Model, m); }
inline Error processing_error(const std::string& m) { return Error(ErrorKind::Processing, m); }
inline Error output_error(const std::string& m, std::string setting = "") {
    return Error(ErrorKind::Output, m, std::move(setting));
}
inline Error usage_error(const std::string& m, std::string setting = "") {
    return Error(ErrorKind::Usage, m, std::move(setting));
}

/// Process exit code for an error kind (documented in docs/exit-codes.md).
inline int exit_code_for(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::Usage:
            return 2;
        case ErrorKind::Input:
            return 3;
        case ErrorKind::Model:
            return 4;
        case ErrorKind::Processing:
            return 5;
        case ErrorKind::Output:
            return 6;
    }
    return 1;
}

}  // namespace automix
