#include "automix/stem_export.hpp"

#include <cmath>
#include <filesystem>

#include "automix/audio_io.hpp"
#include "automix/error.hpp"
#include "dsp/decibels.hpp"
#include "report/json_number.hpp"

namespace automix {
namespace fs = std::filesystem;
namespace {

std::string stem_file(const std::string& dir, StemType t) {
    return (fs::path(dir) / (to_string(t) + ".wav")).string();
}

double sample_peak(const AudioBuffer& a) {
    float peak = 0.0f;
    for (const auto& ch : a.channels)
        for (float v : ch) peak = std::max(peak, std::fabs(v));
    return peak;
}

}  // namespace

std::vector<std::string> stem_folder_files(const std::string& dir, bool with_description) {
    std::vector<std::string> files;
    for (StemType t : kAllStemTypes) files.push_back(stem_file(dir, t));
    if (with_description) files.push_back((fs::path(dir) / kStemExportDescription).string());
    return files;
}

void stage_stem_files(const StemSet& stems, const std::string& dir, StagedOutputs& staged) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw output_error(dir + ": cannot create the stems folder: " + ec.message());
    for (StemType t : kAllStemTypes) {
        if (!stems.present[static_cast<int>(t)]) continue;
        const std::string path = stem_file(dir, t);
        staged.stage(path, [&](const std::string& temp) {
            encode_audio(temp, path, stems[t], WriteOptions{SampleFormat::Float32, ""});
        });
    }
}

void stage_stem_export(const StemSet& contributions, const std::string& dir,
                       const nlohmann::ordered_json& description, StagedOutputs& staged) {
    stage_stem_files(contributions, dir, staged);
    nlohmann::ordered_json j = description;
    j["sample_rate"] = contributions.sample_rate();
    j["frames"] = contributions.num_frames();
    j["format"] = "WAV, 32-bit float, stereo";
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (StemType t : kAllStemTypes) {
        const int k = static_cast<int>(t);
        if (!contributions.present[k]) continue;
        const double peak = sample_peak(contributions.stems[k]);
        files.push_back(
            {{"type", to_string(t)},
             {"file", to_string(t) + ".wav"},
             {"sources", contributions.sources[k]},
             {"sample_peak_dbfs", report::ordered_json_number(dsp::amplitude_to_db(peak))}});
    }
    j["stems"] = files;
    const std::string path = (fs::path(dir) / kStemExportDescription).string();
    const std::string text = j.dump(2) + "\n";
    staged.stage(path, [&](const std::string& temp) { write_file_atomically(temp, text); });
}

}  // namespace automix
