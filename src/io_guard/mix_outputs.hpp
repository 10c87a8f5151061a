// The output check of a mix run (internal to pipeline.cpp, kept here so the pipeline stays a
// list of stages).
#pragma once

#include <string>

#include "automix/pipeline.hpp"

namespace automix::io_guard {

/// Throws Error(Usage) when the mix, the report or the normalized stems would overwrite an input
/// (a stem, the reference, the targets, the stem map, the model) or land in the stems folder
/// (unless options.allow_outputs_in_stems_dir; even then an existing stem is never replaced, only
/// a mix automix wrote there earlier).
void check_mix_outputs(const MixOptions& options, const std::string& report_path);

}  // namespace automix::io_guard
