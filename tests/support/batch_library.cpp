#include "support/batch_library.hpp"

#include <sndfile.h>

#include <filesystem>

#include "automix/pipeline.hpp"
#include "support/test_audio.hpp"

namespace automix::test {

void write_song(const std::string& dir, double seconds) {
    std::filesystem::create_directories(dir);
    write_with_sndfile(dir + "/bass.wav", sine(55.0, 0.3, seconds, 44100, 1),
                       SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    write_with_sndfile(dir + "/vocals.wav", sine(440.0, 0.2, seconds, 44100, 2),
                       SF_FORMAT_WAV | SF_FORMAT_PCM_16);
}

nlohmann::json mix_with_pipeline(const batch::SongTask& task) {
    MixOptions o;
    o.stems_dir = task.song.dir;
    o.output_path = task.outputs.mix;
    o.report_path = task.outputs.report;
    o.compute_features = false;
    o.threads = 1;
    o.reference_path = task.reference;
    return nlohmann::json::parse(run_mix(o, nullptr).report.dump());
}

}  // namespace automix::test
