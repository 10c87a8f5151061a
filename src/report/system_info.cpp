#include "report/system_info.hpp"

#include <samplerate.h>
#include <sndfile.h>
#include <sys/utsname.h>

#include <string>
#include <thread>

#include "automix_version.hpp"

namespace automix::report {

nlohmann::json system_info() {
    nlohmann::json j;
    j["tool"] = {{"name", "automix"}, {"version", AUTOMIX_VERSION}};
    utsname u{};
    if (uname(&u) == 0) {
        j["os"] = std::string(u.sysname) + " " + u.release + " " + u.machine;
    }
    j["cpu_count"] = std::thread::hardware_concurrency();
    j["compiler"] = std::string(__VERSION__);
    // Loudness and true peak come from automix's own BS.1770-4 / R128 meter; the test suite
    // cross-checks it against libebur128 within the standard's tolerances.
    j["loudness_meter"] = "automix BS.1770-4 / EBU R128 (verified against libebur128)";
    j["libraries"] = {
        {"libsndfile", sf_version_string()},
        {"libsamplerate", src_get_version()},
        {"nlohmann_json", std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                              std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                              std::to_string(NLOHMANN_JSON_VERSION_PATCH)},
    };
    return j;
}

}  // namespace automix::report
