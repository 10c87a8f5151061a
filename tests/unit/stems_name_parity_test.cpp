// automix's stem grouping and the corpus builder's (models/data/stem_names.py) read the same
// table, configs/stem_names.json; this checks that they also match names the same way, by
// running the Python side on a list of file names and comparing group, keyword and the full-mix
// rule name by name.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "automix/stems.hpp"
#include "support/test_audio.hpp"
#include "test_config.hpp"

using namespace automix;

namespace {

// Documented examples, camelCase and digits, separators, plurals and near-misses, and names the
// LMMS corpus has.
const std::vector<std::string> kNames = {
    "Lead Vocal.wav", "vox_dbl.flac",      "BackingVoice2.wav",  "Choir.aif",       "lead.wav",
    "Kick In.wav",    "snare_top.wav",     "HiHat.wav",          "Tom 1.wav",       "Overheads.wav",
    "cymbals.wav",    "perc_loop.wav",     "drums.wav",          "Bass Drum.wav",   "bass_DI.wav",
    "Sub.wav",        "SynthBass.wav",     "bass guitar.wav",    "Lead Guitar.wav", "piano.wav",
    "track07.wav",    "subtitles.wav",     "tomato.wav",         "808.wav",         "808 Kick.wav",
    "kick2.wav",      "LeadVox_02.wav",    "drumloop.wav",       "VOCALS.WAV",      "BVs.wav",
    "Synth Lead.wav", "Lead Trumpet.wav",  "brazz1.wav",         "FM Thrumpet.ogg", "rapid.wav",
    "Cowbell.wav",    "congas.wav",        "Percussion.wav",     "Tambourine.wav",  "talkback.wav",
    "Final Mix.wav",  "mixture.wav",       "guitar mix bus.wav", "master.flac",     "premaster.wav",
    "Gtr DI.wav",     "analogue bass.wav", "Default preset.wav", "hats.wav",        "db.wav",
    "ÄÖ vocal.wav",   "a.b.c.wav",         ".hidden.wav",        "noext",           "OH L.wav",
};

std::string cpp_line(const std::string& name) {
    const NameMatch m = classify_file_name(name);
    return to_string(m.type) + "\t" + m.keyword + "\t" + (looks_like_full_mix(name) ? "1" : "0");
}

}  // namespace

TEST(StemNameParity, PythonCorpusBuilderGroupsNamesLikeAutomix) {
    if (!std::filesystem::exists(AUTOMIX_PYTHON)) GTEST_SKIP() << AUTOMIX_PYTHON << " is absent";
    test::TempDir dir;
    {
        std::ofstream names(dir.file("names.txt"));
        for (const std::string& n : kNames) names << n << '\n';
    }
    const std::string script = dir.file("parity.py");
    std::ofstream(script) << "import os, sys\n"
                             "from models.data import stem_names as S\n"
                             "for line in open(sys.argv[1], encoding='utf-8'):\n"
                             "    n = line.rstrip('\\n')\n"
                             "    g, k = S.classify_file_name(n)\n"
                             "    stem = os.path.splitext(os.path.basename(n))[0]\n"
                             "    print(f'{g}\\t{k}\\t{int(S.looks_like_full_mix(stem))}')\n";
    // models/ is a package of the source tree, imported from its root.
    const std::string command = std::string("PYTHONPATH='") + AUTOMIX_SOURCE_DIR + "' " +
                                AUTOMIX_PYTHON + " '" + script + "' '" + dir.file("names.txt") +
                                "'";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
    ASSERT_EQ(pclose(pipe), 0) << command << "\n" << output;
    std::istringstream lines(output);
    std::string line;
    for (const std::string& name : kNames) {
        ASSERT_TRUE(std::getline(lines, line)) << "no Python answer for " << name;
        EXPECT_EQ(line, cpp_line(name)) << name << " (Python, then C++)";
    }
    EXPECT_FALSE(std::getline(lines, line)) << "extra Python output: " << line;
}
