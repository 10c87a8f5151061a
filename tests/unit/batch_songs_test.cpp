// Finding the songs of a library: one level and recursive, the output folder and earlier outputs
// skipped, a symbolic-link loop harmless.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "automix/audio_io.hpp"
#include "automix/batch/songs.hpp"
#include "automix/batch/summary.hpp"
#include "automix/error.hpp"
#include "support/batch_library.hpp"
#include "support/error_of.hpp"
#include "support/test_audio.hpp"

using namespace automix;
using namespace automix::batch;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> names(const std::vector<Song>& songs) {
    std::vector<std::string> n;
    for (const Song& s : songs) n.push_back(s.name);
    return n;
}

// An earlier batch's output folder: a summary and a tagged mix.
void write_earlier_output(const std::string& dir) {
    fs::create_directories(dir);
    BatchSummary old;
    write_summary(old, summary_paths(dir, Shard{}));
    write_audio(dir + "/old song.wav", test::sine(440, 0.1, 0.2, 44100, 2),
                WriteOptions{SampleFormat::Pcm16, std::string(kMixSoftwareTag) + " 0.1"});
}

}  // namespace

TEST(BatchSongs, OneLevelTakesEverySubfolderButOutputsAndHiddenOnes) {
    test::TempDir lib;
    test::write_song(lib.file("b song"));
    test::write_song(lib.file("a"));
    fs::create_directories(lib.file("empty"));    // a song that will fail, visibly
    fs::create_directories(lib.file(".hidden"));  // editor or tool droppings
    std::ofstream(lib.file("notes.txt")) << "not a folder";
    write_earlier_output(lib.file("old output"));  // an earlier batch's output folder
    fs::create_directories(lib.file("out"));       // this batch's output folder
    fs::create_directories(lib.file("mine"));      // a user's batch.json is not a summary
    std::ofstream(lib.file("mine/batch.json")) << "{\"my\": \"data\"}";

    const std::vector<Song> songs = discover_songs(lib.path().string(), {false, lib.file("out")});
    EXPECT_EQ(names(songs), (std::vector<std::string>{"a", "b song", "empty", "mine"}));
    EXPECT_EQ(songs[0].dir, lib.file("a"));
}

TEST(BatchSongs, RecursiveFindsFoldersOfStemsAtAnyDepth) {
    test::TempDir lib;
    test::write_song(lib.file("album 1/song a"));
    test::write_song(lib.file("album 1/cd 2/song b"));
    test::write_song(lib.file("single"));
    test::write_song(lib.file("single/alternate take"));  // a song inside a song is one too
    fs::create_directories(lib.file("album 2/artwork"));  // no stems anywhere below
    std::ofstream(lib.file("album 2/artwork/cover.txt")) << "x";
    write_earlier_output(lib.file("album 1/previous batch"));            // only automix's own mixes
    test::write_song(lib.file("out/not a song"));                        // below the output folder
    fs::create_directory_symlink(lib.path(), lib.file("album 1/loop"));  // must not trap

    const std::vector<Song> songs = discover_songs(lib.path().string(), {true, lib.file("out")});
    EXPECT_EQ(names(songs), (std::vector<std::string>{"album 1/cd 2/song b", "album 1/song a",
                                                      "single", "single/alternate take"}));
}

// A folder holding only a mix automix wrote is an earlier output, not a song, even without a
// summary next to it.
TEST(BatchSongs, RecursiveSkipsFoldersOfAutomixMixesOnly) {
    test::TempDir lib;
    test::write_song(lib.file("song"));
    fs::create_directories(lib.file("mixes"));
    write_audio(lib.file("mixes/song.wav"), test::sine(440, 0.1, 0.2, 44100, 2),
                WriteOptions{SampleFormat::Pcm16, std::string(kMixSoftwareTag) + " 0.1"});
    EXPECT_EQ(names(discover_songs(lib.path().string(), {true, ""})),
              (std::vector<std::string>{"song"}));
}

TEST(BatchSongs, MissingOrEmptyLibraryIsAnInputError) {
    test::TempDir lib;
    EXPECT_EQ(test::error_of([&] { discover_songs(lib.file("nope"), {}); }).first,
              ErrorKind::Input);
    EXPECT_EQ(test::error_of([&] { discover_songs(lib.path().string(), {}); }).first,
              ErrorKind::Input);
    fs::create_directories(lib.file("artwork"));
    EXPECT_EQ(test::error_of([&] {
                  discover_songs(lib.path().string(), {true, ""});
              }).first,
              ErrorKind::Input);
}
