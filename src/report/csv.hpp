// CSV output shared by the tables automix writes (the eval error tables, the batch summary).
#pragma once

#include <string>

namespace automix::report {

/// One CSV field, quoted as RFC 4180 asks: a field holding a comma, a quote or a line break is
/// put in quotes, with the quotes inside doubled; any other text is written as it is.
inline std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace automix::report
