// What FX normalization did to each stem, as the vector a conditioned mixer model reads.
// The definition is shared with training (models/fx_account.py; docs/model.md, "Conditioning"):
// a fixture test keeps the two readers equal.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <vector>

namespace automix {

/// Version of the account's definition that models declare ("conditioning": {"version": ...}).
inline constexpr int kFxAccountVersion = 1;
/// Numbers per stem: the level change (LU), then the EQ response at ten octave centres (dB).
inline constexpr std::size_t kFxAccountSize = 11;

/// The account of every stem type, row-major (kNumStemTypes x kFxAccountSize, stem order vocals,
/// bass, drums, other), read from fx_normalize's report (an object with "stems"). A stem the
/// normalization skipped or left without a number gets zeros: nothing changed. Never throws for a
/// missing field; a null report (stems not normalized) gives all zeros.
std::vector<float> fx_account_vector(const nlohmann::json& fxnorm_report);

}  // namespace automix
