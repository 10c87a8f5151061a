#include "io_guard/mix_outputs.hpp"

#include "automix/error.hpp"
#include "automix/io_guard.hpp"
#include "automix/stem_export.hpp"
#include "automix/stems.hpp"

namespace automix::io_guard {

void check_mix_outputs(const MixOptions& options, const std::string& report_path) {
    std::vector<PlannedOutput> outputs = {{options.output_path, "mix"}, {report_path, "report"}};
    if (!options.save_normalized_dir.empty()) {
        outputs.push_back({options.save_normalized_dir, "normalized-stems folder", true});
        for (const std::string& f : stem_folder_files(options.save_normalized_dir, false)) {
            outputs.push_back({f, "normalized stem"});
        }
    }
    if (!options.export_stems_dir.empty()) {
        outputs.push_back({options.export_stems_dir, "exported-stems folder", true});
        for (const std::string& f : stem_folder_files(options.export_stems_dir, true)) {
            outputs.push_back({f, "exported stem"});
        }
    }
    if (!options.cache_dir.empty()) outputs.push_back({options.cache_dir, "cache folder", true});
    RunInputs inputs;
    inputs.folders = {options.stems_dir};
    for (const std::string* f :
         {&options.reference_path, &options.targets_path, &options.stem_map_path,
          &options.model.model_path, &options.mix_settings_path}) {
        if (!f->empty()) inputs.files.push_back(*f);
    }
    // Every file of the stems folder is protected (named first, so the message says "would
    // overwrite" rather than "inside the folder"); a mix automix wrote there earlier is not a
    // stem, so a re-run may replace it.
    try {
        const Discovery found = discover_stem_files(options.stems_dir);
        for (const std::string& f : found.audio_files) {
            if (!found.automix_mixes.count(f)) inputs.files.push_back(f);
        }
        for (const SkippedFile& s : found.skipped) inputs.files.push_back(s.path);
    } catch (const Error&) {
        // A missing or empty stems folder is reported by discovery itself, in order.
    }
    check_outputs_spare_inputs(outputs, inputs, options.allow_outputs_in_stems_dir);
}

}  // namespace automix::io_guard
