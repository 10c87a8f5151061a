// A song counts as done only when its report parses and its mix agrees with it; leftovers of an
// interrupted run are removed, and only automix's own files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "automix/audio_io.hpp"
#include "automix/batch/completion.hpp"
#include "support/batch_library.hpp"
#include "support/test_audio.hpp"

using namespace automix;
using namespace automix::batch;
namespace fs = std::filesystem;

namespace {

// A song mixed by the real pipeline into `out`.
SongOutputs mixed_song(const test::TempDir& dir) {
    test::write_song(dir.file("lib/song"));
    fs::create_directories(dir.file("out"));
    SongTask task{
        {"song", dir.file("lib/song")}, song_outputs(dir.file("out"), "song", ".wav"), ""};
    test::mix_with_pipeline(task);
    return task.outputs;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

WriteOptions tagged() { return {SampleFormat::Pcm24, std::string(kMixSoftwareTag) + " test"}; }

}  // namespace

TEST(BatchCompletion, OutputsFollowTheSongName) {
    const SongOutputs o = song_outputs("/out", "album/song 1", ".flac");
    EXPECT_EQ(o.mix, "/out/album/song 1.flac");
    EXPECT_EQ(o.report, "/out/album/song 1.json");
}

TEST(BatchCompletion, AFreshMixAndReportAreComplete) {
    test::TempDir dir;
    const SongOutputs o = mixed_song(dir);
    const Completion c = check_song_complete(o);
    EXPECT_TRUE(c.complete) << c.reason;
    EXPECT_EQ(c.report.at("output").at("path"), o.mix);
}

TEST(BatchCompletion, MissingHalvesAreIncomplete) {
    test::TempDir dir;
    const SongOutputs o = mixed_song(dir);
    const std::string report = read_text(o.report);
    fs::remove(o.report);
    EXPECT_FALSE(check_song_complete(o).complete);  // a mix alone (killed between the renames)
    write_text(o.report, report);
    fs::remove(o.mix);
    EXPECT_FALSE(check_song_complete(o).complete);  // a report alone
}

TEST(BatchCompletion, ATruncatedOrForeignReportIsIncomplete) {
    test::TempDir dir;
    const SongOutputs o = mixed_song(dir);
    const std::string report = read_text(o.report);
    write_text(o.report, report.substr(0, report.size() / 2));
    EXPECT_FALSE(check_song_complete(o).complete);
    nlohmann::json other = nlohmann::json::parse(report);
    other["output"]["path"] = dir.file("out/another.wav");
    write_text(o.report, other.dump());
    EXPECT_FALSE(check_song_complete(o).complete);
    other = nlohmann::json::parse(report);
    other["schema"]["name"] = "something-else";
    write_text(o.report, other.dump());
    EXPECT_FALSE(check_song_complete(o).complete);
}

// The report describes a mix the file no longer is: shorter, another rate or format, or not ours.
TEST(BatchCompletion, AMixThatDisagreesWithItsReportIsIncomplete) {
    test::TempDir dir;
    const SongOutputs o = mixed_song(dir);
    const AudioBuffer mix = read_audio(o.mix);
    ASSERT_TRUE(check_song_complete(o).complete);

    AudioBuffer shorter = mix;
    for (auto& ch : shorter.channels) ch.resize(ch.size() - 2);
    write_audio(o.mix, shorter, tagged());
    EXPECT_FALSE(check_song_complete(o).complete);

    write_audio(o.mix, mix, WriteOptions{SampleFormat::Pcm16, tagged().software});
    EXPECT_FALSE(check_song_complete(o).complete) << "16-bit mix, report says 24";

    write_audio(o.mix, mix, WriteOptions{SampleFormat::Pcm24, ""});
    EXPECT_FALSE(check_song_complete(o).complete) << "no automix tag";

    write_audio(o.mix, mix, tagged());
    EXPECT_TRUE(check_song_complete(o).complete) << check_song_complete(o).reason;

    write_text(o.mix, "RIFF garbage");
    EXPECT_FALSE(check_song_complete(o).complete);
}

TEST(BatchCompletion, LeftoversAreRemovedButNothingElse) {
    test::TempDir dir;
    const SongOutputs o = mixed_song(dir);
    const std::string out = dir.file("out");
    for (const char* name : {".song.wav.tmp-123-0", ".song.json.tmp-77-12"}) {
        write_text(out + "/" + name, "partial");
    }
    // Look-alikes that are not temporaries of this song's files.
    for (const char* name :
         {".song.wav.tmp-abc", "song.wav.tmp-1-2", ".song 2.wav.tmp-1-2", ".other.wav.tmp-5-5"}) {
        write_text(out + "/" + name, "keep");
    }
    EXPECT_EQ(clear_song_leftovers(o, false), 2);
    EXPECT_FALSE(fs::exists(out + "/.song.wav.tmp-123-0"));
    EXPECT_TRUE(fs::exists(o.mix));
    EXPECT_TRUE(fs::exists(out + "/.song.wav.tmp-abc"));
    EXPECT_TRUE(fs::exists(out + "/song.wav.tmp-1-2"));
    EXPECT_TRUE(fs::exists(out + "/.song 2.wav.tmp-1-2"));
    EXPECT_TRUE(fs::exists(out + "/.other.wav.tmp-5-5"));

    EXPECT_EQ(clear_song_leftovers(o, true), 2);  // our mix and our report
    EXPECT_FALSE(fs::exists(o.mix));
    EXPECT_FALSE(fs::exists(o.report));

    // Foreign files under the song's names are the user's: never removed.
    write_audio(o.mix, test::sine(440, 0.1, 0.2, 44100, 2), WriteOptions{});
    write_text(o.report, "{\"mine\": true}");
    EXPECT_EQ(clear_song_leftovers(o, true), 0);
    EXPECT_TRUE(fs::exists(o.mix));
    EXPECT_TRUE(fs::exists(o.report));
}
