// The mix report as a whole (schema in docs/report.md), built from a run's typed results.
#pragma once

#include <nlohmann/json.hpp>

#include "automix/pipeline.hpp"

namespace automix::report {

/// The complete report of one run: schema, system, the options as given (`invocation`), engine,
/// inputs, stems, FX normalization, master, output, evaluation (with a reference) and timing.
nlohmann::ordered_json mix_report_json(const nlohmann::json& invocation, const MixOutcome& run);

}  // namespace automix::report
