#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "automix/atomic_file.hpp"
#include "automix/dsp/smoothing.hpp"
#include "automix/error.hpp"
#include "automix/io_guard.hpp"
#include "automix/targets.hpp"
#include "fxnorm/settings.hpp"
#include "report/json_number.hpp"

namespace automix {
namespace {

using nlohmann::json;

std::vector<double> read_values(const json& node, const std::string& path,
                                const std::string& what) {
    const json& values = node.is_object() && node.contains("values") ? node.at("values") : node;
    if (!values.is_array())
        throw input_error(path + ": '" + what + "' is not an array of numbers.");
    std::vector<double> out;
    out.reserve(values.size());
    for (const json& v : values) {
        if (!v.is_number()) throw input_error(path + ": '" + what + "' holds a non-number.");
        out.push_back(v.get<double>());
    }
    return out;
}

/// An optional integer field: `fallback` when absent; an input error naming it when it is not an
/// integer that fits an int (a plain value<int>() of 1e300 is undefined behaviour).
int read_int(const json& node, const char* key, int fallback, const std::string& path) {
    if (!node.contains(key)) return fallback;
    const auto v = report::json_integer<int>(node.at(key));
    if (!v) throw input_error(path + ": '" + key + "' is not an integer.");
    return *v;
}

// features_MUSDB18.json: {effect: {stem: {"dtype", "shape", "values"}}}
// (docs/reference.md#statistics).
Targets load_reference(const json& doc, const std::string& path) {
    Targets t;
    t.source_format = "fxnorm-reference";
    t.provenance =
        "reference statistics " + path +
        " (curves smoothed again at load, docs/reference.md#statistics-load-time-smoothing)";
    for (StemType type : kAllStemTypes) {
        const std::string name = to_string(type);
        auto field = [&](const char* effect) -> const json& {
            if (!doc.at(effect).contains(name)) {
                throw input_error(path + ": '" + effect + "' has no entry for " + name + ".");
            }
            return doc.at(effect).at(name);
        };
        StemTargets& s = t[type];
        // Load-time smoothing of the reference (applied on top of the stored smoothing): the
        // published system used these twice-smoothed curves (reference bug 4).
        s.eq_magnitude = dsp::smooth_mirror(read_values(field("eq"), path, "eq/" + name),
                                            fxnorm::stem_settings(type).eq_smoothing);
        s.panning_similarity = dsp::smooth_mirror(
            read_values(field("panning"), path, "panning/" + name), fxnorm::kPanningSmoothing);
        const std::vector<double> comp =
            read_values(field("compression"), path, "compression/" + name);
        const std::vector<double> loud = read_values(field("loudness"), path, "loudness/" + name);
        if (comp.size() != 2 || loud.size() != 1) {
            throw input_error(path + ": compression/" + name + " needs 2 values and loudness/" +
                              name + " 1 value.");
        }
        s.dynamics_mean_db = comp[0];
        s.dynamics_std_db = comp[1];
        s.loudness_lufs = loud[0];
    }
    return t;
}

Targets load_ours(const json& doc, const std::string& path) {
    const int version = read_int(doc, "version", 0, path);
    if (version != kTargetsFormatVersion) {
        throw input_error(path + ": targets format version " + std::to_string(version) +
                          " is not supported (this automix reads version " +
                          std::to_string(kTargetsFormatVersion) + ").");
    }
    Targets t;
    t.source_format = "automix";
    t.sample_rate = read_int(doc, "sample_rate", 0, path);
    t.fft_size = read_int(doc, "fft_size", 0, path);
    t.provenance = doc.value("provenance", std::string());
    if (!doc.contains("stems") || !doc.at("stems").is_object()) {
        throw input_error(path + ": targets file has no 'stems' object.");
    }
    for (StemType type : kAllStemTypes) {
        const std::string name = to_string(type);
        if (!doc.at("stems").contains(name)) {
            throw input_error(path + ": targets file has no entry for " + name + ".");
        }
        const json& node = doc.at("stems").at(name);
        StemTargets& s = t[type];
        try {
            s.eq_magnitude = read_values(node.at("eq_magnitude"), path, name + "/eq_magnitude");
            s.panning_similarity =
                read_values(node.at("panning_similarity"), path, name + "/panning_similarity");
            const std::vector<double> dyn =
                read_values(node.at("dynamics_db"), path, name + "/dynamics_db");
            if (dyn.size() != 2)
                throw input_error(path + ": " + name + "/dynamics_db needs 2 values.");
            s.dynamics_mean_db = dyn[0];
            s.dynamics_std_db = dyn[1];
            s.loudness_lufs = node.at("loudness_lufs").get<double>();
            s.songs = read_int(node, "songs", 0, path);
        } catch (const json::exception& e) {
            throw input_error(path + ": malformed entry for " + name + " (" + e.what() + ").");
        }
    }
    return t;
}

}  // namespace

namespace {

// Plausible ranges of the targets (docs/exit-codes.md, "Hostile numbers"). Values outside them are
// not statistics of music: a loudness target of 1e308 LUFS once produced a mix of full-scale DC.
// The bounds are wide (tens of dB around anything a real corpus produces) so that no honest targets
// file is refused.
constexpr double kMinLoudnessLufs = -70.0;  // BS.1770's absolute gate
constexpr double kMaxLoudnessLufs = 0.0;
constexpr double kMinDynamicsDb = -60.0;  // onset peaks of a stem normalized to -10 dBFS peak
constexpr double kMaxDynamicsDb = 0.0;
constexpr double kMaxDynamicsSpreadDb = 30.0;
constexpr double kMaxEqMagnitude = 1e4;  // real curves at -30 LUFS stay below ~40
constexpr double kMinEqPeak = 1e-6;      // an all-zero curve would silence the stem

// How the user's file names a field: "stems.vocals.loudness_lufs" in our format, the reference
// file's "loudness/vocals" otherwise.
std::string field_name(const Targets& t, const std::string& stem, const char* ours,
                       const char* reference) {
    return t.source_format == "fxnorm-reference" ? std::string(reference) + "/" + stem
                                                 : "stems." + stem + "." + ours;
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

void check_range(double v, double lo, double hi, const std::string& origin,
                 const std::string& field, const char* unit) {
    if (!(v >= lo && v <= hi)) {  // also false for NaN
        throw input_error(origin + ": " + field + " = " + number(v) +
                          " is outside the plausible range [" + number(lo) + ", " + number(hi) +
                          "] " + unit + ".");
    }
}

}  // namespace

void validate_targets(const Targets& t, const std::string& origin) {
    if (t.sample_rate != fxnorm::kSampleRate || t.fft_size != fxnorm::kAnalysisFft) {
        throw input_error(origin + ": targets must refer to " +
                          std::to_string(fxnorm::kSampleRate) + " Hz and a " +
                          std::to_string(fxnorm::kAnalysisFft) + "-point FFT.");
    }
    for (StemType type : kAllStemTypes) {
        const StemTargets& s = t[type];
        const std::string name = to_string(type);
        if (s.eq_magnitude.size() != static_cast<std::size_t>(kTargetCurveBins) ||
            s.panning_similarity.size() != static_cast<std::size_t>(kTargetCurveBins)) {
            throw input_error(origin + ": the " + name + " curves must have " +
                              std::to_string(kTargetCurveBins) + " values.");
        }
        const std::string eq = field_name(t, name, "eq_magnitude", "eq");
        double eq_peak = 0.0;
        for (std::size_t k = 0; k < s.eq_magnitude.size(); ++k) {
            check_range(s.eq_magnitude[k], 0.0, kMaxEqMagnitude, origin,
                        eq + "[" + std::to_string(k) + "]", "(linear magnitude)");
            eq_peak = std::max(eq_peak, s.eq_magnitude[k]);
        }
        if (eq_peak < kMinEqPeak) {
            throw input_error(origin + ": " + eq + " is zero everywhere (it would silence every " +
                              name + " stem).");
        }
        const std::string pan = field_name(t, name, "panning_similarity", "panning");
        for (std::size_t k = 0; k < s.panning_similarity.size(); ++k) {
            check_range(s.panning_similarity[k], 0.0, 1.0, origin,
                        pan + "[" + std::to_string(k) + "]", "(similarity)");
        }
        check_range(s.dynamics_mean_db, kMinDynamicsDb, kMaxDynamicsDb, origin,
                    field_name(t, name, "dynamics_db", "compression") + "[0]", "dB");
        check_range(s.dynamics_std_db, 0.0, kMaxDynamicsSpreadDb, origin,
                    field_name(t, name, "dynamics_db", "compression") + "[1]", "dB");
        check_range(s.loudness_lufs, kMinLoudnessLufs, kMaxLoudnessLufs, origin,
                    field_name(t, name, "loudness_lufs", "loudness"), "LUFS");
    }
}

Targets load_targets(const std::string& path) {
    require_regular_file(path, "targets file");  // a FIFO would block the read forever
    std::ifstream in(path);
    if (!in) throw input_error("Cannot open the targets file " + path + ".");
    json doc;
    try {
        in >> doc;
    } catch (const json::exception& e) {
        throw input_error(path + ": the targets file is not valid JSON (" + e.what() + ").");
    }
    Targets t;
    try {
        if (doc.is_object() && doc.value("format", std::string()) == kTargetsFormatName) {
            t = load_ours(doc, path);
        } else if (doc.is_object() && doc.contains("eq") && doc.contains("compression") &&
                   doc.contains("panning") && doc.contains("loudness")) {
            t = load_reference(doc, path);
        } else {
            throw input_error(path + ": unknown targets format (expected '" +
                              std::string(kTargetsFormatName) +
                              "' or the reference eq/compression/panning/loudness file).");
        }
    } catch (const json::exception& e) {
        throw input_error(path + ": malformed targets file (" + e.what() + ").");
    }
    validate_targets(t, path);
    return t;
}

void save_targets(const std::string& path, const Targets& t) {
    json doc;
    doc["format"] = kTargetsFormatName;
    doc["version"] = kTargetsFormatVersion;
    doc["sample_rate"] = t.sample_rate;
    doc["fft_size"] = t.fft_size;
    doc["provenance"] = t.provenance;
    for (StemType type : kAllStemTypes) {
        const StemTargets& s = t[type];
        doc["stems"][to_string(type)] = {{"eq_magnitude", s.eq_magnitude},
                                         {"dynamics_db", {s.dynamics_mean_db, s.dynamics_std_db}},
                                         {"panning_similarity", s.panning_similarity},
                                         {"loudness_lufs", s.loudness_lufs},
                                         {"songs", s.songs}};
    }
    write_file_atomically(path, doc.dump(1) + "\n");
}

}  // namespace automix
