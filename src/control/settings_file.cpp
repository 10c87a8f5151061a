// The JSON mix-settings file: the per-stem options written down, so a mix can be re-made.
#include <fstream>
#include <set>
#include <sstream>

#include "automix/error.hpp"
#include "automix/io_guard.hpp"
#include "automix/mix_controls.hpp"

namespace automix {
namespace {

const std::set<std::string> kValueKeys = {"gain", "pan", "width"};
const std::set<std::string> kListKeys = {"mute", "solo"};

ControlKind kind_of(const std::string& key) {
    if (key == "gain") return ControlKind::Gain;
    if (key == "pan") return ControlKind::Pan;
    if (key == "width") return ControlKind::Width;
    if (key == "mute") return ControlKind::Mute;
    return ControlKind::Solo;
}

// Runs set_control and puts the file's name in front of its message.
void set_from_file(MixControls& c, ControlKind kind, const std::string& text,
                   const std::string& path, const std::string& key) {
    try {
        set_control(c, kind, text);
    } catch (const Error& e) {
        throw usage_error(path + ": \"" + key + "\": " + e.what());
    }
}

}  // namespace

MixControls load_mix_settings(const std::string& path) {
    require_regular_file(path, "mix settings file");
    std::ifstream in(path);
    if (!in) throw input_error(path + ": cannot open the mix settings file");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw usage_error(path + ": mix settings file is not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object()) {
        throw usage_error(path +
                          ": mix settings must be a JSON object with gain, pan, width, "
                          "mute and/or solo");
    }
    MixControls c;
    for (const auto& [key, value] : j.items()) {
        if (kValueKeys.count(key)) {
            if (!value.is_object()) {
                throw usage_error(path + ": \"" + key + "\" must be an object {\"TYPE\": number}");
            }
            for (const auto& [type, number] : value.items()) {
                if (!number.is_number()) {
                    throw usage_error(path + ": \"" + key + "\": the value for '" + type +
                                      "' is not a number (" + number.dump() + ")");
                }
                std::ostringstream text;
                text.precision(17);
                text << type << '=' << number.get<double>();
                set_from_file(c, kind_of(key), text.str(), path, key);
            }
        } else if (kListKeys.count(key)) {
            if (!value.is_array()) {
                throw usage_error(path + ": \"" + key + "\" must be an array of stem types");
            }
            for (const auto& type : value) {
                if (!type.is_string()) {
                    throw usage_error(path + ": \"" + key + "\": " + type.dump() +
                                      " is not a stem type name");
                }
                set_from_file(c, kind_of(key), type.get<std::string>(), path, key);
            }
        } else {
            throw usage_error(path + ": unknown mix setting \"" + key +
                              "\" (expected gain, pan, width, mute, solo)");
        }
    }
    return c;
}

nlohmann::json mix_settings_json(const MixControls& controls) {
    nlohmann::json j = nlohmann::json::object();
    for (StemType t : kAllStemTypes) {
        const StemControl& s = controls[t];
        const std::string name = to_string(t);
        if (s.gain_db != 0.0) j["gain"][name] = s.gain_db;
        if (s.pan != 0.0) j["pan"][name] = s.pan;
        if (s.width != 1.0) j["width"][name] = s.width;
        if (s.mute) j["mute"].push_back(name);
        if (s.solo) j["solo"].push_back(name);
    }
    return j;
}

}  // namespace automix
