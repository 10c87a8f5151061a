// Progress reporting from the library to whoever drives it (the CLI draws a bar from it).
#pragma once

#include <functional>
#include <string>

namespace automix {

/// Called with a stage name ("decode", "fxnorm", "mix", ...) and the fraction of that stage done,
/// in [0, 1]. Must be cheap; may be empty. Called from the thread that runs the stage.
using ProgressCallback = std::function<void(const std::string& stage, double fraction)>;

/// Invokes `cb` when it is set.
inline void report_progress(const ProgressCallback& cb, const std::string& stage, double f) {
    if (cb) cb(stage, f);
}

}  // namespace automix
