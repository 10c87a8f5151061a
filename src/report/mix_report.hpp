// The mix report as a whole (schema in docs/report.md), built from a run's typed results.
#pragma once

#include <nlohmann/json.hpp>

#include "automix/pipeline.hpp"

namespace automix::report {

/// The complete report of one run: schema, system, the options as given (`invocation`), engine,
/// inputs, stems, FX normalization, master, output, evaluation (with a reference) and timing.
nlohmann::ordered_json mix_report_json(const nlohmann::json& invocation, const MixOutcome& run);

/// The sections a contribution-cache entry keeps of the run that made it (engine, inputs, stems,
/// fx_normalization): a re-mix from the cache reports them as they were.
nlohmann::ordered_json first_run_sections(const MixOutcome& run);

/// The "master" section: the ceiling, the static gain, true peak before/after and, with a
/// loudness target, the measured loudness and the limiter's gain reduction (docs/report.md).
nlohmann::ordered_json master_json(const MixOutcome& run);

}  // namespace automix::report
