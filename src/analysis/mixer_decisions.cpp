// The change from each dry stem to its contribution, as numbers and as the report section.
#include "automix/mixer_decisions.hpp"

#include <cmath>
#include <limits>

#include "report/json_number.hpp"

namespace automix {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Least-squares slope of y over log2(x) for the finite y values (0 with fewer than two).
double slope_per_octave(const std::vector<double>& x, const std::vector<double>& y) {
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (!std::isfinite(y[i])) continue;
        const double lx = std::log2(x[i]);
        n += 1;
        sx += lx;
        sy += y[i];
        sxx += lx * lx;
        sxy += lx * y[i];
    }
    const double denominator = n * sxx - sx * sx;
    return n >= 2 && denominator > 0 ? (n * sxy - sx * sy) / denominator : 0.0;
}

nlohmann::ordered_json summary_json(const StemProfile& p) {
    return {{"loudness_lufs", report::ordered_json_number(p.loudness_lufs)},
            {"true_peak_dbtp", report::ordered_json_number(p.true_peak_dbtp)},
            {"balance", p.balance},
            {"side_to_mid_db", report::ordered_json_number(p.side_to_mid_db)},
            {"crest_db", report::ordered_json_number(p.crest_db())},
            {"loudness_range_lu", report::ordered_json_number(p.loudness_range_lu)}};
}

}  // namespace

StemChange compare_profiles(const StemProfile& dry, const StemProfile& contribution) {
    StemChange c;
    c.level_db = contribution.loudness_lufs - dry.loudness_lufs;
    c.balance_before = dry.balance;
    c.balance_after = contribution.balance;
    c.width_change_db = contribution.side_to_mid_db - dry.side_to_mid_db;
    if (!std::isfinite(c.width_change_db)) c.width_change_db = kNaN;  // mono on either side
    for (std::size_t b = 0; b < dry.band_db.size() && b < contribution.band_db.size(); ++b) {
        const double d = contribution.band_db[b] - dry.band_db[b] - c.level_db;
        c.eq_db.push_back(std::isfinite(d) ? d : kNaN);
    }
    c.tilt_db_per_octave = slope_per_octave(third_octave_centres(), c.eq_db);
    c.crest_change_db = contribution.crest_db() - dry.crest_db();
    c.loudness_range_change_lu = contribution.loudness_range_lu - dry.loudness_range_lu;
    return c;
}

nlohmann::ordered_json mixer_decisions_json(const std::array<StemProfile, kNumStemTypes>& dry,
                                            const std::array<StemProfile, kNumStemTypes>& mixed,
                                            const std::array<bool, kNumStemTypes>& present) {
    nlohmann::ordered_json out;
    out["bands_hz"] = third_octave_centres();
    nlohmann::ordered_json stems = nlohmann::ordered_json::object();
    for (StemType t : kAllStemTypes) {
        const int k = static_cast<int>(t);
        if (!present[k]) continue;
        nlohmann::ordered_json s;
        s["dry"] = dry[k].silent ? nlohmann::ordered_json("silent") : summary_json(dry[k]);
        s["contribution"] =
            mixed[k].silent ? nlohmann::ordered_json("silent") : summary_json(mixed[k]);
        if (!dry[k].silent && !mixed[k].silent) {
            const StemChange c = compare_profiles(dry[k], mixed[k]);
            nlohmann::ordered_json eq = nlohmann::ordered_json::array();
            for (double v : c.eq_db) eq.push_back(report::ordered_json_number(v));
            s["change"] = {{"level_db", c.level_db},
                           {"balance_before", c.balance_before},
                           {"balance_after", c.balance_after},
                           {"width_change_db", report::ordered_json_number(c.width_change_db)},
                           {"tilt_db_per_octave", c.tilt_db_per_octave},
                           {"crest_change_db", report::ordered_json_number(c.crest_change_db)},
                           {"loudness_range_change_lu",
                            report::ordered_json_number(c.loudness_range_change_lu)},
                           {"eq_db", eq}};
        }
        stems[to_string(t)] = s;
    }
    out["stems"] = stems;
    return out;
}

}  // namespace automix
