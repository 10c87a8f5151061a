#include "cli/subcommand.hpp"

namespace automix::cli {

std::vector<std::unique_ptr<Subcommand>>& registered_subcommands() {
    static std::vector<std::unique_ptr<Subcommand>> commands;
    return commands;
}

bool register_subcommand(std::unique_ptr<Subcommand> command) {
    registered_subcommands().push_back(std::move(command));
    return true;
}

}  // namespace automix::cli
