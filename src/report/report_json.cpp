#include "report/report_json.hpp"

#include "report/json_number.hpp"

namespace automix::report {
nlohmann::ordered_json loudness_json(const LoudnessStats& s) {
    return {{"integrated_lufs", ordered_json_number(s.integrated_lufs)},
            {"loudness_range_lu", ordered_json_number(s.loudness_range_lu)},
            {"true_peak_dbtp", ordered_json_number(s.true_peak_dbtp)},
            {"sample_peak_dbfs", ordered_json_number(s.sample_peak_dbfs)}};
}

nlohmann::ordered_json inputs_json(const std::vector<StemAssignment>& assignments,
                                   const std::vector<InputRecord>& records,
                                   const std::vector<SkippedFile>& skipped) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    std::size_t r = 0;
    for (const StemAssignment& a : assignments) {
        nlohmann::ordered_json f = {
            {"path", a.path}, {"stem", a.type ? to_string(*a.type) : "skipped"}, {"rule", a.rule}};
        if (a.type && r < records.size() && records[r].info.path == a.path) {
            const InputRecord& rec = records[r++];
            f["format"] = rec.info.format;
            f["encoding"] = rec.info.encoding;
            f["sample_rate"] = rec.info.sample_rate;
            f["channels"] = rec.info.channels;
            f["duration_seconds"] = rec.duration_seconds;
        }
        files.push_back(f);
    }
    nlohmann::ordered_json skip = nlohmann::ordered_json::array();
    for (const SkippedFile& s : skipped) skip.push_back({{"path", s.path}, {"reason", s.reason}});
    return {{"files", files}, {"skipped", skip}};
}

nlohmann::ordered_json ceiling_json(const CeilingResult& c, double ceiling_dbtp) {
    return {{"true_peak_ceiling_dbtp", ceiling_dbtp},
            {"true_peak_before_dbtp", ordered_json_number(c.true_peak_before_dbtp)},
            {"gain_db", c.gain_db},
            {"true_peak_after_dbtp", ordered_json_number(c.true_peak_after_dbtp)}};
}

}  // namespace automix::report
