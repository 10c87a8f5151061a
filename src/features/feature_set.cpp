#include <algorithm>
#include <cmath>
#include <complex>
#include <future>
#include <string>

#include "automix/audio_io.hpp"
#include "automix/dsp/stft.hpp"
#include "automix/error.hpp"
#include "automix/features.hpp"
#include "automix/features_dynamic.hpp"
#include "automix/features_spectral.hpp"
#include "automix/features_stereo.hpp"
#include "automix/metrics.hpp"
#include "dsp/decibels.hpp"

namespace automix {
namespace {

// Spectral contrast settings of the reference (docs/reference.md#metrics-spectral): fmin 250 Hz, 4
// octave bands (5 rows), quantile 0.02; low = row 0, mid = mean of rows 1-3, high = row 4.
constexpr double kContrastFmin = 250.0;
constexpr int kContrastBands = 4;
constexpr double kContrastQuantile = 0.02;
// Roll-off fraction (same section) and bandwidth exponent (C6).
constexpr double kRolloffFraction = 0.85;
constexpr double kBandwidthPower = 2.0;
// Band-level edges for plots, the same as the panning bands (docs/reference.md#metrics-panning).
constexpr double kLowMidHz = 250.0;
constexpr double kMidHighHz = 2500.0;
// Floor of the dB conversions of powers (plot quantities only).
constexpr double kPowerFloor = 1e-20;

FeatureTrack make_track(const std::string& name, FeatureGroup group, const std::string& unit,
                        double hop_seconds, int rows, std::size_t frames) {
    FeatureTrack t;
    t.name = name;
    t.group = group;
    t.unit = unit;
    t.hop_seconds = hop_seconds;
    t.channels.assign(static_cast<std::size_t>(rows), std::vector<double>(frames, 0.0));
    return t;
}

// A track that a Table-2 metric compares takes its group and unit from the metric table
// (include/automix/metrics.hpp), so the features and the errors taken from them cannot disagree;
// the other tracks (plot and report quantities) state theirs with make_track.
FeatureTrack metric_track(const std::string& name, double hop_seconds, int rows,
                          std::size_t frames) {
    for (const MetricSpec& m : table2_metrics()) {
        if (name == m.track) return make_track(name, m.group, m.unit, hop_seconds, rows, frames);
    }
    throw processing_error("features: no metric compares the track '" + name + "'");
}

double power_db(double p) { return dsp::floored_power_to_db(p, kPowerFloor); }

AudioBuffer to_analysis_stereo(const AudioBuffer& audio) {
    if (audio.num_channels() == 2) return audio;
    AudioBuffer out = audio;
    out.channels.push_back(audio.channels.front());  // dual mono, as the reference
    return out;
}

// Spectral group of one channel: per-frame descriptors, contrast peaks/valleys, band powers and
// the summed power spectrum. Frames are transformed one at a time so memory stays O(frames).
struct SpectralChannel {
    std::vector<double> centroid, bandwidth, rolloff, flatness;
    std::vector<features::PeakValley> contrast;
    std::vector<double> low, mid, high;  // band powers (mean square estimates)
    std::vector<double> spectrum_sum;    // sum over frames of |X_k|^2
};

SpectralChannel spectral_channel(const std::vector<float>& x, const FeatureOptions& o, double sr) {
    dsp::Stft stft(o.spectral_fft, o.spectral_hop, dsp::sqrt_periodic_hann(o.spectral_fft));
    const std::size_t frames = stft.num_frames(x.size()), bins = stft.num_bins();
    const auto bands = features::contrast_bands(sr, o.spectral_fft, kContrastFmin, kContrastBands,
                                                kContrastQuantile);
    const std::size_t low_end = static_cast<std::size_t>(kLowMidHz * o.spectral_fft / sr);
    const std::size_t mid_end = static_cast<std::size_t>(kMidHighHz * o.spectral_fft / sr);
    // One-sided Parseval with sum w^2 = N/2 for the sqrt-Hann window: the mean square of the band
    // is about 4 sum |X_k|^2 / N^2 (a full-scale sine reads -3.01 dB).
    const double power_scale = 4.0 / (static_cast<double>(o.spectral_fft) * o.spectral_fft);
    SpectralChannel out;
    out.centroid.resize(frames);
    out.bandwidth.resize(frames);
    out.rolloff.resize(frames);
    out.flatness.resize(frames);
    out.low.resize(frames);
    out.mid.resize(frames);
    out.high.resize(frames);
    out.contrast.resize(frames);
    out.spectrum_sum.assign(bins, 0.0);
    std::vector<std::complex<float>> spec(bins);
    std::vector<float> mag(bins);
    for (std::size_t t = 0; t < frames; ++t) {
        stft.forward_frame(x.data() + t * static_cast<std::size_t>(o.spectral_hop), spec.data());
        for (std::size_t k = 0; k < bins; ++k) {
            mag[k] = std::sqrt(std::norm(spec[k]));  // not std::abs: hypot is slow
            out.spectrum_sum[k] += static_cast<double>(mag[k]) * mag[k];
        }
        // One loop per band instead of a per-bin band index: the loops above and below vectorise.
        double band[3] = {0, 0, 0};
        const std::size_t band_edges[4] = {0, std::min(low_end, bins), std::min(mid_end, bins),
                                           bins};
        for (int b = 0; b < 3; ++b) {
            for (std::size_t k = band_edges[b]; k < std::max(band_edges[b], band_edges[b + 1]); ++k)
                band[b] += static_cast<double>(mag[k]) * mag[k];
        }
        const int n = o.spectral_fft;
        out.centroid[t] = features::spectral_centroid(mag.data(), bins, sr, n);
        out.bandwidth[t] =
            features::spectral_bandwidth(mag.data(), bins, sr, n, out.centroid[t], kBandwidthPower);
        out.rolloff[t] = features::spectral_rolloff(mag.data(), bins, sr, n, kRolloffFraction);
        out.flatness[t] = features::spectral_flatness(mag.data(), bins);
        out.contrast[t] = features::contrast_peak_valley(mag.data(), bands);
        out.low[t] = band[0] * power_scale;
        out.mid[t] = band[1] * power_scale;
        out.high[t] = band[2] * power_scale;
    }
    return out;
}

void add_spectral_tracks(FeatureSet& fs, const AudioBuffer& x, double gain_db) {
    const FeatureOptions& o = fs.options;
    const double sr = x.sample_rate;
    const double hop_s = o.spectral_hop / sr;
    // The two channels are independent: the second runs on another core.
    auto right =
        std::async(std::launch::async, [&] { return spectral_channel(x.channels[1], o, sr); });
    SpectralChannel left = spectral_channel(x.channels[0], o, sr);
    const SpectralChannel r = right.get();
    const SpectralChannel* ch[2] = {&left, &r};
    const std::size_t frames = left.centroid.size();
    const auto metric = [&](const char* name) { return metric_track(name, hop_s, 2, frames); };
    const auto level = [&](const char* name) {
        return make_track(name, FeatureGroup::Spectral, "dB", hop_s, 2, frames);
    };
    // In the order the loop below fills them.
    std::vector<FeatureTrack> tracks = {
        metric("centroid_hz"),      metric("bandwidth_hz"),         metric("rolloff_hz"),
        level("flatness_db"),       metric("flatness_20log10_ref"), metric("contrast_low_db"),
        metric("contrast_mid_db"),  metric("contrast_high_db"),     level("band_level_low_db"),
        level("band_level_mid_db"), level("band_level_high_db")};
    for (int c = 0; c < 2; ++c) {
        const SpectralChannel& s = *ch[c];
        const auto contrast = features::spectral_contrast_db(s.contrast);
        for (std::size_t t = 0; t < frames; ++t) {
            tracks[0].channels[c][t] = s.centroid[t];
            tracks[1].channels[c][t] = s.bandwidth[t];
            tracks[2].channels[c][t] = s.rolloff[t];
            tracks[3].channels[c][t] = dsp::power_to_db(s.flatness[t]);
            // The reference takes 20 log10 of the power ratio (reference bug 10).
            tracks[4].channels[c][t] = dsp::amplitude_to_db(s.flatness[t], dsp::kDbEpsilon);
            tracks[5].channels[c][t] = contrast[t][0];
            tracks[6].channels[c][t] = (contrast[t][1] + contrast[t][2] + contrast[t][3]) / 3.0;
            tracks[7].channels[c][t] = contrast[t][4];
            // Band levels are reported at the source level: undo the peak normalisation.
            tracks[8].channels[c][t] = power_db(s.low[t]) - gain_db;
            tracks[9].channels[c][t] = power_db(s.mid[t]) - gain_db;
            tracks[10].channels[c][t] = power_db(s.high[t]) - gain_db;
        }
    }
    const std::size_t bins = left.spectrum_sum.size();
    fs.average_spectrum_db.assign(bins, 0.0);
    // dB re the bin power of a full-scale sine, (N/2 * mean w)^2 ~ (N/pi)^2 for sqrt-Hann; the
    // exact offset does not matter for comparisons, it only makes the plot's axis readable.
    const double full_scale = std::pow(o.spectral_fft / M_PI, 2.0);
    for (std::size_t k = 0; k < bins; ++k) {
        const double mean =
            frames > 0 ? (left.spectrum_sum[k] + r.spectrum_sum[k]) / (2.0 * frames) : 0.0;
        fs.average_spectrum_db[k] = power_db(mean / full_scale) - gain_db;
    }
    for (auto& t : tracks) fs.tracks.push_back(std::move(t));
}

void add_panning_tracks(FeatureSet& fs, const AudioBuffer& x) {
    const FeatureOptions& o = fs.options;
    const double sr = x.sample_rate;
    dsp::Stft stft(o.panning_fft, o.panning_hop, dsp::sqrt_periodic_hann(o.panning_fft));
    const std::size_t frames = stft.num_frames(x.num_frames()), bins = stft.num_bins();
    const char* names[] = {"panning_rms_total", "panning_rms_low", "panning_rms_mid",
                           "panning_rms_high"};
    std::vector<FeatureTrack> tracks;
    for (const char* n : names) tracks.push_back(metric_track(n, o.panning_hop / sr, 1, frames));
    std::vector<std::complex<float>> left(bins), right(bins);
    for (std::size_t t = 0; t < frames; ++t) {
        const std::size_t start = t * static_cast<std::size_t>(o.panning_hop);
        stft.forward_frame(x.channels[0].data() + start, left.data());
        stft.forward_frame(x.channels[1].data() + start, right.data());
        const auto rms = features::panning_rms(left.data(), right.data(), sr, o.panning_fft);
        for (std::size_t b = 0; b < features::kNumPanningBands; ++b)
            tracks[b].channels[0][t] = rms[b];
    }
    for (auto& t : tracks) fs.tracks.push_back(std::move(t));
}

void add_dynamic_tracks(FeatureSet& fs, const AudioBuffer& x, double gain_db) {
    const FeatureOptions& o = fs.options;
    const double hop_s = static_cast<double>(o.spectral_hop) / x.sample_rate;
    std::vector<std::vector<features::DynamicFrame>> per_channel;
    for (const auto& ch : x.channels) {
        per_channel.push_back(
            features::dynamic_frames(ch.data(), ch.size(), o.dynamic_frame, o.spectral_hop));
    }
    const std::size_t frames = per_channel[0].size();
    FeatureTrack rms = metric_track("rms_dbfs", hop_s, 2, frames);
    FeatureTrack peak = make_track("peak_dbfs", FeatureGroup::Dynamic, "dBFS", hop_s, 2, frames);
    FeatureTrack spread = metric_track("dynamic_spread_db", hop_s, 2, frames);
    FeatureTrack crest =
        make_track("crest_factor_db", FeatureGroup::Dynamic, "dB", hop_s, 2, frames);
    FeatureTrack ratio = metric_track("crest_ratio_ref", hop_s, 2, frames);
    for (std::size_t c = 0; c < 2; ++c) {
        for (std::size_t t = 0; t < frames; ++t) {
            const features::DynamicFrame& d = per_channel[c][t];
            rms.channels[c][t] = d.rms_db - gain_db;  // source level
            peak.channels[c][t] = d.peak_db - gain_db;
            spread.channels[c][t] = d.spread_db;
            crest.channels[c][t] = d.crest_factor_db();
            ratio.channels[c][t] = d.crest_ratio_ref();  // peak-normalised, as the reference
        }
    }
    for (FeatureTrack* t : {&rms, &peak, &spread, &crest, &ratio})
        fs.tracks.push_back(std::move(*t));
}

void add_loudness_tracks(FeatureSet& fs) {
    const LoudnessSeries& s = fs.loudness.series;
    FeatureTrack m =
        make_track("momentary_lufs", FeatureGroup::Loudness, "LUFS", s.hop_seconds, 1, 0);
    m.channels[0] = s.momentary_lufs;
    FeatureTrack st =
        make_track("short_term_lufs", FeatureGroup::Loudness, "LUFS", s.hop_seconds, 1, 0);
    st.channels[0] = s.short_term_lufs;
    fs.tracks.push_back(std::move(m));
    fs.tracks.push_back(std::move(st));
}

}  // namespace

std::string to_string(FeatureGroup group) {
    switch (group) {
        case FeatureGroup::Loudness:
            return "loudness";
        case FeatureGroup::Spectral:
            return "spectral";
        case FeatureGroup::Panning:
            return "panning";
        case FeatureGroup::Dynamic:
            return "dynamic";
    }
    return "unknown";
}

std::vector<double> FeatureTrack::channel_mean() const {
    std::vector<double> out(num_frames(), 0.0);
    for (const auto& row : channels) {
        for (std::size_t t = 0; t < out.size(); ++t) out[t] += row[t];
    }
    for (double& v : out) v /= static_cast<double>(channels.size());
    return out;
}

const FeatureTrack* FeatureSet::find(const std::string& name) const {
    for (const FeatureTrack& t : tracks) {
        if (t.name == name) return &t;
    }
    return nullptr;
}

const FeatureTrack& FeatureSet::track(const std::string& name) const {
    const FeatureTrack* t = find(name);
    if (!t) throw processing_error("features: no feature named '" + name + "'");
    return *t;
}

FeatureSet compute_features(const AudioBuffer& audio, const FeatureOptions& options) {
    if (audio.num_channels() < 1 || audio.num_channels() > 2 || audio.sample_rate <= 0 ||
        audio.num_frames() == 0) {
        throw processing_error(
            "features: need a non-empty mono or stereo buffer with a sample rate");
    }
    FeatureSet fs;
    fs.options = options;
    fs.source_sample_rate = audio.sample_rate;
    fs.source_channels = audio.num_channels();
    fs.duration_seconds = audio.duration_seconds();
    fs.analysis_rate = options.analysis_rate;
    // Copies are avoided where possible: a 4-minute stereo buffer is 85 MB.
    const bool needs_copy = audio.num_channels() != 2;
    const AudioBuffer stereo_copy = needs_copy ? to_analysis_stereo(audio) : AudioBuffer();
    const AudioBuffer& stereo = needs_copy ? stereo_copy : audio;
    // The loudness group (K-weighting and true-peak passes at the source rate) overlaps with the
    // other groups.
    auto loudness = std::async(std::launch::async, [&] { return analyze_loudness(stereo); });

    AudioBuffer x = resample(stereo, options.analysis_rate, ResampleQuality::Analysis);
    float peak = 0.0f;
    for (const auto& ch : x.channels) {
        for (float v : ch) peak = std::max(peak, std::fabs(v));
    }
    // pyloudnorm normalize.peak over all channels; silence is left as it is.
    const double gain =
        peak > 0.0f ? dsp::db_to_amplitude(options.peak_normalize_dbfs) / peak : 1.0;
    fs.normalization_gain_db = dsp::amplitude_to_db(gain);
    for (auto& ch : x.channels) {
        for (float& v : ch) v = static_cast<float>(v * gain);
    }
    add_spectral_tracks(fs, x, fs.normalization_gain_db);
    add_panning_tracks(fs, x);
    add_dynamic_tracks(fs, x, fs.normalization_gain_db);
    fs.loudness = loudness.get();
    add_loudness_tracks(fs);
    return fs;
}

}  // namespace automix
