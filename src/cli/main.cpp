// The automix executable: parses options, prints, and maps errors to exit codes
// (docs/exit-codes.md). All work happens in the library.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <exception>
#include <new>

#include "automix/error.hpp"
#include "automix/pipeline.hpp"
#include "automix_version.hpp"
#include "cli/console.hpp"
#include "cli/mix_options.hpp"
#include "cli/signals.hpp"
#include "cli/subcommand.hpp"

namespace {

using namespace automix;
using namespace automix::cli;

constexpr int kExitInternal = 1;

void print_summary(const MixOutcome& out, bool quiet) {
    if (quiet) return;
    std::printf("grouping:\n");
    for (const StemAssignment& a : out.assignments) {
        std::printf("  %-8s %s  (%s)\n", a.type ? to_string(*a.type).c_str() : "skipped",
                    a.path.c_str(), a.rule.c_str());
    }
    for (const SkippedFile& s : out.skipped) {
        std::printf("  %-8s %s  (%s)\n", "ignored", s.path.c_str(), s.reason.c_str());
    }
    const double lufs = out.output.loudness.integrated_lufs;
    std::printf("wrote %s (%.1f s, %s LUFS, gain %.2f dB)\nreport %s\n", out.output_path.c_str(),
                out.duration_seconds,
                std::isfinite(lufs) ? std::to_string(lufs).substr(0, 6).c_str() : "-inf",
                out.ceiling.gain_db, out.report_path.c_str());
}

int run(int argc, char** argv) {
    CLI::App app{"automix: automatic mixing of multitrack stems (FX normalization + neural mixer)",
                 "automix"};
    app.set_version_flag("--version", std::string("automix ") + AUTOMIX_VERSION);
    app.get_formatter()->column_width(36);
    app.footer(
        "Examples:\n  automix stems/ -o mix.wav\n  automix stems/ -o mix.flac --bit-depth 16 "
        "--stem gtr.wav=other\nExit codes: 0 ok, 1 internal error, 2 usage, 3 input, 4 model, "
        "5 processing, 6 output (docs/exit-codes.md)");
    GlobalOptions global;
    app.add_flag("-q,--quiet", global.quiet, "Print only errors");
    MixOptions options;
    MixOptionsCli mix_options(app, options);

    std::vector<std::pair<CLI::App*, Subcommand*>> subs;
    for (auto& cmd : registered_subcommands()) {
        CLI::App* sub = app.add_subcommand(cmd->name(), cmd->description());
        sub->add_flag("-q,--quiet", global.quiet, "Print only errors");
        cmd->add_options(*sub);
        subs.emplace_back(sub, cmd.get());
    }
    app.require_subcommand(0, 1);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        print_error(e.what());
        std::fprintf(stderr, "run 'automix --help' for the options\n");
        return exit_code_for(ErrorKind::Usage);
    }

    for (auto& [sub, cmd] : subs) {
        if (sub->parsed()) return cmd->run(global);
    }
    ProgressBar bar(!global.quiet);
    MixOutcome out;
    try {
        mix_options.finish();
        out = run_mix(options, [&](const std::string& stage, double f) { bar.update(stage, f); });
    } catch (const Error& e) {
        throw with_option_hint(e);
    }
    bar.finish();
    if (out.engine.model && !out.engine.model->trained) {
        print_warning("the model has random weights (" + out.engine.model_path +
                          "): fine for tests and benchmarks, useless as a mix",
                      global.quiet);
    }
    print_summary(out, global.quiet);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    automix::cli::install_signal_handlers();
    try {
        return run(argc, argv);
    } catch (const automix::Error& e) {
        automix::cli::print_error(e.what());
        return automix::exit_code_for(e.kind());
    } catch (const std::bad_alloc&) {
        automix::cli::print_error("out of memory (try a shorter --segment or fewer --threads)");
        return automix::exit_code_for(automix::ErrorKind::Processing);
    } catch (const std::exception& e) {
        automix::cli::print_error(std::string("internal error: ") + e.what());
        return kExitInternal;
    }
}
