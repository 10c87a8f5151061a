// Facts about the machine and the libraries a run used, for the start of every report.
#pragma once

#include <nlohmann/json.hpp>

namespace automix::report {

/// {"tool": {...}, "os": ..., "cpu_count": ..., "compiler": ..., "libraries": {...}}
nlohmann::json system_info();

}  // namespace automix::report
