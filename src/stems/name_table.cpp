// The documented file-name table (docs/stems.md). Matching works on lower-case word tokens split
// at every non-letter and at camelCase boundaries, so "LeadVox_02.wav" gives {lead, vox}.
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "automix/stems.hpp"

namespace automix {
namespace {

struct KeywordRule {
    const char* keyword;
    StemType type;
};

// Checked in this order; the first rule whose keyword matches a token wins.
const std::array<KeywordRule, 52> kRules = {{
    // Drums first: "bass drum", "kick", "808 kick" are drums, never bass.
    {"kick", StemType::Drums},
    {"kik", StemType::Drums},
    {"bd", StemType::Drums},
    {"bassdrum", StemType::Drums},
    {"snare", StemType::Drums},
    {"snr", StemType::Drums},
    {"sd", StemType::Drums},
    {"hihat", StemType::Drums},
    {"hat", StemType::Drums},
    {"hh", StemType::Drums},
    {"tom", StemType::Drums},
    {"overhead", StemType::Drums},
    {"oh", StemType::Drums},
    {"cymbal", StemType::Drums},
    {"crash", StemType::Drums},
    {"ride", StemType::Drums},
    {"clap", StemType::Drums},
    {"perc", StemType::Drums},
    {"drum", StemType::Drums},
    {"drums", StemType::Drums},
    {"room", StemType::Drums},
    {"shaker", StemType::Drums},
    {"tamb", StemType::Drums},
    // Unambiguous voice words.
    {"vocal", StemType::Vocals},
    {"vocals", StemType::Vocals},
    {"vox", StemType::Vocals},
    {"voice", StemType::Vocals},
    {"voc", StemType::Vocals},
    {"choir", StemType::Vocals},
    {"singer", StemType::Vocals},
    {"bv", StemType::Vocals},
    {"bvs", StemType::Vocals},
    {"harmony", StemType::Vocals},
    {"adlib", StemType::Vocals},
    // Bass before instrument words: "synth bass" and "bass guitar" are bass.
    {"bass", StemType::Bass},
    {"sub", StemType::Bass},
    {"bassline", StemType::Bass},
    {"808", StemType::Bass},
    {"db", StemType::Bass},
    {"contrabass", StemType::Bass},
    // Instrument words before "lead": "lead guitar" is other, "lead" alone is the lead vocal.
    {"guitar", StemType::Other},
    {"gtr", StemType::Other},
    {"synth", StemType::Other},
    {"keys", StemType::Other},
    {"piano", StemType::Other},
    {"organ", StemType::Other},
    {"strings", StemType::Other},
    {"pad", StemType::Other},
    {"brass", StemType::Other},
    {"sax", StemType::Other},
    {"lead", StemType::Vocals},
    {"other", StemType::Other},
}};

// Compound words that people write without separators.
const std::array<KeywordRule, 6> kInfixRules = {{
    {"bassdrum", StemType::Drums},
    {"hihat", StemType::Drums},
    {"overhead", StemType::Drums},
    {"drum", StemType::Drums},
    {"vocal", StemType::Vocals},
    {"bass", StemType::Bass},
}};

std::vector<std::string> tokens_of(const std::string& name) {
    std::vector<std::string> tokens;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) tokens.push_back(cur);
        cur.clear();
    };
    for (std::size_t i = 0; i < name.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        if (std::isalpha(c)) {
            const bool camel_break =
                std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(name[i - 1]));
            if (camel_break) flush();
            cur.push_back(static_cast<char>(std::tolower(c)));
        } else if (std::isdigit(c)) {
            // Digits stay attached only to digits ("808"); "kick2" is {kick, 2}.
            if (!cur.empty() && !std::isdigit(static_cast<unsigned char>(cur.back()))) flush();
            cur.push_back(static_cast<char>(c));
        } else {
            flush();
        }
    }
    flush();
    return tokens;
}

// A token matches a keyword exactly, or as a plural/derived form ("kicks", "vocals", "toms").
bool token_matches(const std::string& token, const std::string& keyword) {
    if (token == keyword) return true;
    return keyword.size() >= 3 && token.size() <= keyword.size() + 2 &&
           token.compare(0, keyword.size(), keyword) == 0;
}

}  // namespace

NameMatch classify_file_name(const std::string& file_name) {
    const std::string stem = std::filesystem::path(file_name).stem().string();
    const std::vector<std::string> tokens = tokens_of(stem);
    for (const KeywordRule& rule : kRules) {
        for (const std::string& t : tokens) {
            if (token_matches(t, rule.keyword)) return {rule.type, rule.keyword};
        }
    }
    std::string joined;
    for (const std::string& t : tokens) joined += t;
    for (const KeywordRule& rule : kInfixRules) {
        if (joined.find(rule.keyword) != std::string::npos) return {rule.type, rule.keyword};
    }
    return {StemType::Other, ""};
}

bool looks_like_full_mix(const std::string& file_name) {
    const std::vector<std::string> tokens =
        tokens_of(std::filesystem::path(file_name).stem().string());
    static const std::array<const char*, 5> kMixWords = {"mix", "mixture", "master", "mixdown",
                                                         "premaster"};
    if (tokens.size() > 2) return false;  // "guitar mix bus" is a stem, "mixture" is not
    for (const std::string& t : tokens) {
        for (const char* w : kMixWords) {
            if (t == w) return true;
        }
    }
    return false;
}

}  // namespace automix
