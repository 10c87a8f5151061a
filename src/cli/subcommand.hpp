// Subcommands of the automix executable register themselves here, so adding one never means
// editing main.cpp: define a Subcommand and call register_subcommand from a static initializer.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

namespace automix::cli {

/// Options shared by every command.
struct GlobalOptions {
    bool quiet = false;  ///< Print nothing but errors.
};

/// One `automix NAME ...` subcommand.
class Subcommand {
  public:
    virtual ~Subcommand() = default;
    /// The word typed after `automix`.
    virtual std::string name() const = 0;
    /// One line for --help.
    virtual std::string description() const = 0;
    /// Declares options on `app`, the subcommand's own CLI11 parser. Store the targets as members.
    virtual void add_options(CLI::App& app) = 0;
    /// Runs after a successful parse. Returns the exit code; may throw automix::Error.
    virtual int run(const GlobalOptions& global) = 0;
};

/// Adds a subcommand to the executable; returns true so it can initialise a static.
bool register_subcommand(std::unique_ptr<Subcommand> command);

/// Every registered subcommand, in registration order.
std::vector<std::unique_ptr<Subcommand>>& registered_subcommands();

}  // namespace automix::cli
