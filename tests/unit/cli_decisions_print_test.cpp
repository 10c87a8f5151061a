// `automix analyze REPORT.json` ("what the mixer did", src/cli/decisions_print.cpp): the lines it
// prints for hand-made reports. The console-settings table gets one column per setting the model
// file names (a reverb column only for consoles with a send), in the model's own EQ band order;
// values a report lacks read "n/a" instead of failing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/decisions_print.hpp"

namespace {

using automix::cli::describe_mixer_decisions;
using automix::cli::is_mix_report;
using nlohmann::json;

json console_report(bool with_reverb) {
    json names = {"gain_db", "pan", "width", "eq_1000hz_db", "eq_63hz_db"};
    json vocals = {{"gain_db", -3.0},
                   {"gain_reduction_db", -1.25},
                   {"compressor_threshold_db", -20.0},
                   {"compressor_ratio", 2.5},
                   {"pan", 0.1},
                   {"width", 0.8},
                   {"eq_63hz_db", -4.0},
                   {"eq_1000hz_db", 1.5}};
    if (with_reverb) {
        names.push_back("reverb_send_db");
        vocals["reverb_send_db"] = -12.0;
    }
    return {
        {"schema", {{"name", "automix-mix-report"}}},
        {"engine",
         {{"kind", "model"},
          {"details",
           {{"metadata", {{"settings", {{"names", names}}}}},
            {"predicted_settings", {{"vocals", vocals}}}}}}},
        {"master",
         {{"gain_db", -2.5}, {"true_peak_after_dbtp", -1.0}, {"true_peak_ceiling_dbtp", -1.0}}}};
}

std::string line_starting(const std::vector<std::string>& lines, const std::string& prefix) {
    for (const std::string& l : lines) {
        if (l.rfind(prefix, 0) == 0) return l;
    }
    return "";
}

TEST(DecisionsPrint, RecognisesMixReportsOnly) {
    EXPECT_TRUE(is_mix_report(console_report(false)));
    EXPECT_FALSE(is_mix_report(json{{"schema", "automix.features/1"}}));
    EXPECT_FALSE(is_mix_report(json::array()));
}

TEST(DecisionsPrint, ConsoleSettingsFollowTheModelsNames) {
    const auto lines = describe_mixer_decisions(console_report(false));
    EXPECT_EQ(lines.at(0), "what the mixer did (engine model)");
    EXPECT_EQ(line_starting(lines, "  master: "),
              "  master: no loudness target, ceiling gain -2.50 dB, true peak -1.00 dBTP (ceiling "
              "-1.0)");
    const std::string header = line_starting(lines, "  stem    gain");
    // EQ bands in the model's order (1000 before 63), not the JSON object's alphabetical order.
    EXPECT_NE(header.find(" 1000 63"), std::string::npos) << header;
    EXPECT_EQ(header.find("reverb"), std::string::npos) << header;
    const std::string row = line_starting(lines, "  vocals");
    EXPECT_EQ(row.rfind("  vocals  -3.0 dB   -1.2 dB   -20.0 dB  2.5    +0.10  0.80   ", 0), 0u)
        << row;
    EXPECT_NE(row.find(" +1.5 -4.0"), std::string::npos) << row;
    EXPECT_EQ(lines.back(), "  (this report has no mixer_decisions section)");
}

TEST(DecisionsPrint, ReverbSendGetsItsOwnColumn) {
    const auto lines = describe_mixer_decisions(console_report(true));
    const std::string header = line_starting(lines, "  stem    gain");
    const std::string row = line_starting(lines, "  vocals");
    ASSERT_NE(header.find("reverb"), std::string::npos) << header;
    // The value sits under its header, before the EQ columns.
    EXPECT_EQ(row.find("-12.0 dB"), header.find("reverb")) << header << "\n" << row;
    EXPECT_LT(row.find("-12.0 dB"), row.find(" +1.5 -4.0")) << row;
}

TEST(DecisionsPrint, MissingValuesReadNotAvailable) {
    json report = console_report(true);
    report["engine"]["details"]["predicted_settings"]["vocals"].erase("reverb_send_db");
    report["engine"]["details"]["predicted_settings"]["vocals"].erase("pan");
    report["master"]["loudness_target_lufs"] = -14.0;  // with a target, limiter values are read
    const auto lines = describe_mixer_decisions(report);
    const std::string row = line_starting(lines, "  vocals");
    EXPECT_NE(row.find("n/a"), std::string::npos) << row;
    EXPECT_NE(line_starting(lines, "  master: loudness target -14.0 LUFS, reached n/a LUFS"), "");
}

TEST(DecisionsPrint, EnginesWithoutSettingsPrintNoTable) {
    json report = console_report(false);
    report["engine"] = {{"kind", "sum"}};
    const auto lines = describe_mixer_decisions(report);
    EXPECT_EQ(line_starting(lines, "  the model's console settings"), "");
    EXPECT_EQ(lines.at(0), "what the mixer did (engine sum)");
}

}  // namespace
