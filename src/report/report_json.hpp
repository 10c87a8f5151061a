// JSON pieces of the mix report (schema in docs/report.md).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "automix/loudness.hpp"
#include "automix/master.hpp"
#include "automix/stems.hpp"

namespace automix::report {

/// Version of the mix report schema; bump on any incompatible change (docs/report.md).
inline constexpr int kReportSchemaVersion = 2;

/// {"integrated_lufs", "loudness_range_lu", "true_peak_dbtp", "sample_peak_dbfs"}; -inf values
/// (digital silence) are written as null.
nlohmann::ordered_json loudness_json(const LoudnessStats& stats);

/// {"files": [...one per decoded file...], "skipped": [...]} with type, rule, rate, channels.
nlohmann::ordered_json inputs_json(const std::vector<StemAssignment>& assignments,
                                   const std::vector<InputRecord>& records,
                                   const std::vector<SkippedFile>& skipped);

/// What the true-peak ceiling did.
nlohmann::ordered_json ceiling_json(const CeilingResult& ceiling, double ceiling_dbtp);

}  // namespace automix::report
