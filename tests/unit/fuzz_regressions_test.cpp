// Every input a fuzzer ever flagged (tests/fuzz/regressions/<target>/) is replayed through the
// same code as the fuzz target, in every build: it must end normally (automix::Error is fine).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz/fuzz_bodies.hpp"
#include "test_config.hpp"

namespace fs = std::filesystem;

TEST(FuzzRegressions, EveryKeptInputIsHandled) {
    const fs::path root = fs::path(AUTOMIX_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
    const std::pair<const char*, void (*)(const std::uint8_t*, std::size_t)> targets[] = {
        {"decode_group", automix::fuzz::decode_group},
        {"targets_json", automix::fuzz::targets_json},
        {"stem_map", automix::fuzz::stem_map},
        {"model_info", automix::fuzz::model_info}};
    int replayed = 0;
    for (const auto& [name, run] : targets) {
        if (!fs::is_directory(root / name)) continue;
        for (const auto& entry : fs::directory_iterator(root / name)) {
            std::ifstream in(entry.path(), std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
            SCOPED_TRACE(entry.path().string());
            EXPECT_NO_THROW(run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
            ++replayed;
        }
    }
    EXPECT_GE(replayed, 1) << "no regression input found under " << root;
}
