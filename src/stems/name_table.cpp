// The file-name table of configs/stem_names.json (docs/stems.md). Matching works on lower-case word
// tokens split at every non-letter and at camelCase boundaries, so "LeadVox_02.wav" gives
// {lead, vox, 02}. models/data/stem_names.py mirrors this matching for the corpus builder.
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "automix/error.hpp"
#include "automix/stems.hpp"
#include "automix_stem_names.hpp"
#include "report/json_number.hpp"

namespace automix {
namespace {

struct KeywordRule {
    std::string keyword;
    StemType type;
};

// configs/stem_names.json, compiled in (automix_stem_names.hpp). Rules keep the file's order; the
// rules it marks stem_files_only apply here too, since automix only ever classifies stem files.
struct NameTable {
    std::vector<KeywordRule> word_rules;    // the first keyword that matches a word wins
    std::vector<KeywordRule> joined_rules;  // compound words written without separators
    std::vector<std::string> full_mix_words;
    std::size_t full_mix_max_words = 0;
};

StemType group_of(const nlohmann::json& rule) {
    const auto type = parse_stem_type(rule.at("group").get<std::string>());
    if (!type) throw processing_error("stem-name table: unknown group in " + rule.dump());
    return *type;
}

NameTable parse_name_table() {
    try {
        const nlohmann::json j = nlohmann::json::parse(kStemNamesJson);
        NameTable t;
        for (const auto& rule : j.at("word_rules")) {
            for (const auto& keyword : rule.at("keywords")) {
                t.word_rules.push_back({keyword.get<std::string>(), group_of(rule)});
            }
        }
        for (const auto& rule : j.at("joined_rules")) {
            t.joined_rules.push_back({rule.at("keyword").get<std::string>(), group_of(rule)});
        }
        const nlohmann::json& mix = j.at("full_mix");
        t.full_mix_words = mix.at("words").get<std::vector<std::string>>();
        const auto max_words = report::json_integer<std::size_t>(mix.at("max_words"));
        if (!max_words) throw processing_error("stem-name table: max_words is not a count");
        t.full_mix_max_words = *max_words;
        return t;
    } catch (const nlohmann::json::exception& e) {
        throw processing_error(std::string("stem-name table: ") + e.what());
    }
}

const NameTable& name_table() {
    static const NameTable table = parse_name_table();
    return table;
}

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
    const NameTable& table = name_table();
    for (const KeywordRule& rule : table.word_rules) {
        for (const std::string& t : tokens) {
            if (token_matches(t, rule.keyword)) return {rule.type, rule.keyword};
        }
    }
    std::string joined;
    for (const std::string& t : tokens) joined += t;
    for (const KeywordRule& rule : table.joined_rules) {
        if (joined.find(rule.keyword) != std::string::npos) return {rule.type, rule.keyword};
    }
    return {StemType::Other, ""};
}

bool looks_like_full_mix(const std::string& file_name) {
    const std::vector<std::string> tokens =
        tokens_of(std::filesystem::path(file_name).stem().string());
    const NameTable& table = name_table();
    // "guitar mix bus" is a stem, "mixture" and "Final Mix" are not.
    if (tokens.size() > table.full_mix_max_words) return false;
    for (const std::string& t : tokens) {
        for (const std::string& w : table.full_mix_words) {
            if (t == w) return true;
        }
    }
    return false;
}

}  // namespace automix
