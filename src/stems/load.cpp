#include <algorithm>

#include "automix/audio_io.hpp"
#include "automix/error.hpp"
#include "automix/stems.hpp"

namespace automix {

StemSet load_stems(const std::vector<StemAssignment>& assignments, int sample_rate,
                   std::vector<InputRecord>* records, const ProgressCallback& progress) {
    StemSet set;
    for (auto& stem : set.stems) {
        stem.sample_rate = sample_rate;
        stem.channels.assign(2, {});
    }
    std::size_t done = 0;
    bool any = false;
    for (const StemAssignment& a : assignments) {
        report_progress(progress, "decode", static_cast<double>(done++) / assignments.size());
        if (!a.type) continue;
        AudioFileInfo info;
        AudioBuffer audio = read_audio(a.path, &info);
        try {
            audio = to_stereo(audio);
        } catch (const Error& e) {
            throw input_error(a.path + ": " + e.what());
        }
        audio = resample(audio, sample_rate);
        // Sum into the stem, growing it (zero-padded at the end) to the longest file so far:
        // stems are aligned at their first sample.
        const int idx = static_cast<int>(*a.type);
        AudioBuffer& stem = set.stems[idx];
        const std::size_t n = audio.num_frames();
        for (int c = 0; c < 2; ++c) {
            auto& dst = stem.channels[c];
            if (dst.size() < n) dst.resize(n, 0.0f);
            const auto& src = audio.channels[c];
            for (std::size_t i = 0; i < n; ++i) dst[i] += src[i];
        }
        set.present[idx] = true;
        set.sources[idx].push_back(a.path);
        any = true;
        if (records) {
            records->push_back({info, to_string(*a.type),
                                static_cast<double>(info.frames) / std::max(1, info.sample_rate)});
        }
    }
    if (!any) throw input_error("every file was skipped; nothing to mix", "overrides");
    std::size_t longest = 0;
    for (const auto& stem : set.stems) longest = std::max(longest, stem.num_frames());
    for (auto& stem : set.stems) {
        for (auto& ch : stem.channels) ch.resize(longest, 0.0f);
    }
    report_progress(progress, "decode", 1.0);
    return set;
}

}  // namespace automix
