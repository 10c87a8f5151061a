// What FX normalization did to each stem, as the vector a conditioned mixer model reads.
// The definition is shared with training (models/fx_account.py; docs/model.md, "Conditioning"):
// a fixture test keeps the two readers equal.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <vector>

namespace automix {

/// Newest version of the account's definition; models declare the one they read
/// ("conditioning": {"version": ...}) and every version up to this one is built.
inline constexpr int kFxAccountVersion = 2;

/// Numbers per stem of account `version`, 0 for a version this build does not know.
/// Version 1 (11): the loudness change (LU), then the EQ response at ten octave centres (dB).
/// Version 2 (63): the sum of the stages' flat gains (dB), the loudness change (LU), then the EQ
/// response on the report's 1/6-octave grid (dB): enough to undo the normalization exactly but
/// for the compressor.
std::size_t fx_account_size(int version);

/// The account of every stem type, row-major (kNumStemTypes x fx_account_size(version), stem
/// order vocals, bass, drums, other), read from fx_normalize's report (an object with "stems").
/// A stem the normalization skipped or left without a number gets zeros: nothing changed. Never
/// throws for a missing field; a null report (stems not normalized) gives all zeros. `version`
/// must be one fx_account_size knows.
std::vector<float> fx_account_vector(const nlohmann::json& fxnorm_report, int version);

}  // namespace automix
