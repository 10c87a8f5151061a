// Validation of the automix.json model metadata (docs/model.md, schema versions 1 and 2).
#include <gtest/gtest.h>

#include <cstdint>

#include "automix/error.hpp"
#include "automix/model_info.hpp"

using namespace automix;

namespace {

nlohmann::json valid_metadata() {
    return {{"format", "automix-mixer"},
            {"format_version", 1},
            {"architecture", "fxnorm-tcn-blstm"},
            {"preset", "n16_small"},
            {"parameter_count", 280921},
            {"sample_rate", 44100},
            {"stem_order", {"vocals", "bass", "drums", "other"}},
            {"channels_per_stem", 2},
            {"output_channels", 2},
            {"length_multiple", 64},
            {"recommended_segment_samples", 440960},
            {"recommended_overlap_samples", 22016},
            {"context_samples", 16320},
            {"trained", false},
            {"provenance", "test"}};
}

/// Expects a Model error whose message starts with the path.
void expect_model_error(const nlohmann::json& j) {
    try {
        parse_model_info(j, "/some/model.pt");
        FAIL() << "expected a Model error for " << j.dump();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Model);
        EXPECT_EQ(std::string(e.what()).rfind("/some/model.pt: ", 0), 0u) << e.what();
    }
}

}  // namespace

TEST(MixerModelInfo, ParsesValidMetadata) {
    const ModelInfo info = parse_model_info(valid_metadata(), "m.pt");
    EXPECT_EQ(info.format_version, 1);
    EXPECT_EQ(info.parameter_count, 280921);
    EXPECT_EQ(info.sample_rate, 44100);
    EXPECT_EQ(info.length_multiple, 64u);
    EXPECT_EQ(info.recommended_segment, 440960u);
    EXPECT_EQ(info.context, 16320u);
    EXPECT_FALSE(info.trained);
    EXPECT_EQ(info.raw, valid_metadata());
    // Format 1 predates contributions and batching.
    EXPECT_EQ(info.contribution_channels, 0);
    EXPECT_EQ(info.recommended_batch, 1u);
    EXPECT_EQ(info.family, "waveform");
}

TEST(MixerModelInfo, Format2CarriesContributionsBatchAndFamily) {
    nlohmann::json j = valid_metadata();
    j["format_version"] = 2;
    j["contribution_channels"] = 8;
    j["recommended_batch"] = 4;
    j["family"] = "console";
    const ModelInfo info = parse_model_info(j, "m.pt");
    EXPECT_EQ(info.contribution_channels, 8);
    EXPECT_EQ(info.recommended_batch, 4u);
    EXPECT_EQ(info.family, "console");
    for (const nlohmann::json& bad : {nlohmann::json(3), nlohmann::json("8")}) {
        j["contribution_channels"] = bad;
        expect_model_error(j);
    }
    j.erase("contribution_channels");  // required from format 2 on
    expect_model_error(j);
}

// Format 3 conditioned models: both account versions load with their own size; another version,
// input or size is a Model error naming the file.
TEST(MixerModelInfo, Format3ConditioningAcceptsBothAccountVersions) {
    nlohmann::json j = valid_metadata();
    j["format_version"] = 3;
    j["contribution_channels"] = 8;
    j["family"] = "console";
    EXPECT_EQ(parse_model_info(j, "m.pt").account_version, 0) << "no conditioning";
    for (const auto& [version, size] : {std::pair<int, int>{1, 11}, {2, 63}}) {
        j["conditioning"] = {{"input", "fx_account"}, {"version", version}, {"size", size}};
        const ModelInfo info = parse_model_info(j, "m.pt");
        EXPECT_EQ(info.account_version, version);
        EXPECT_EQ(info.account_size, static_cast<std::size_t>(size));
    }
    for (const nlohmann::json& bad :
         {nlohmann::json{{"input", "fx_account"}, {"version", 3}, {"size", 63}},
          nlohmann::json{{"input", "fx_account"}, {"version", 2}, {"size", 11}},
          nlohmann::json{{"input", "other"}, {"version", 1}, {"size", 11}}}) {
        j["conditioning"] = bad;
        expect_model_error(j);
    }
}

TEST(MixerModelInfo, RejectsIncompatibleOrIncompleteMetadata) {
    expect_model_error(nlohmann::json::array());
    const std::vector<std::pair<std::string, nlohmann::json>> bad = {
        {"format", "something-else"},
        {"format_version", 99},  // newer than this build
        {"format_version", 0},
        {"sample_rate", 48000},
        {"sample_rate", "44100"},  // wrong type
        {"stem_order", {"bass", "vocals", "drums", "other"}},
        {"channels_per_stem", 1},
        {"length_multiple", 0},
        {"recommended_segment_samples", 1000},  // not a multiple of 64
        {"recommended_overlap_samples", -64},
        {"trained", "no"},
        // Optional fields of the wrong type (the first found by fuzz_model_info).
        {"preset", {"vocals", "bass"}},
        {"output_channels", "2"},
        {"family", 1},
        {"provenance", false},
        // Integers that do not fit (found by fuzz_model_info: get<int>() of 1e300 is undefined
        // behaviour) and one that would truncate to a valid rate (2^32 + 44100).
        {"format_version", 1e300},
        {"sample_rate", std::int64_t{4294967296} + 44100},
        {"sample_rate", 44100.5},
        {"parameter_count", 1e30},
        {"channels_per_stem", -1e300},
        {"length_multiple", 18446744073709551615u},
    };
    for (const auto& [key, value] : bad) {
        nlohmann::json j = valid_metadata();
        j[key] = value;
        expect_model_error(j);
    }
    for (const char* key : {"format", "sample_rate", "stem_order", "length_multiple", "trained"}) {
        nlohmann::json j = valid_metadata();
        j.erase(key);
        expect_model_error(j);
    }
}
