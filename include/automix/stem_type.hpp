// The four stem types the mixer model knows, in the network's input order.
#pragma once

#include <array>
#include <optional>
#include <string>

namespace automix {

/// Stem types in the network's channel order (vocals, bass, drums, other;
/// docs/reference.md#network-input-and-output).
enum class StemType { Vocals = 0, Bass = 1, Drums = 2, Other = 3 };

/// Number of stem types.
constexpr int kNumStemTypes = 4;

/// All stem types in network order.
constexpr std::array<StemType, kNumStemTypes> kAllStemTypes = {StemType::Vocals, StemType::Bass,
                                                               StemType::Drums, StemType::Other};

/// Lower-case name: "vocals", "bass", "drums", "other".
std::string to_string(StemType type);

/// Parses a stem type name (case-insensitive); nullopt when it is not one of the four.
std::optional<StemType> parse_stem_type(const std::string& name);

}  // namespace automix
