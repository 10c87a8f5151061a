// `automix analyze REPORT.json`: "what the mixer did" from a mix report, as readable lines.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace automix::cli {

/// True when `j` is an automix mix report (schema name "automix-mix-report").
bool is_mix_report(const nlohmann::json& j);

/// The report's master stage, controls, a console model's predicted settings, and per-stem
/// changes (level, balance, width, crest, loudness range, EQ at five bands) as lines.
std::vector<std::string> describe_mixer_decisions(const nlohmann::json& report);

}  // namespace automix::cli
