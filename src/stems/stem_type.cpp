#include "automix/stem_type.hpp"

#include <algorithm>
#include <cctype>

namespace automix {

std::string to_string(StemType type) {
    switch (type) {
        case StemType::Vocals:
            return "vocals";
        case StemType::Bass:
            return "bass";
        case StemType::Drums:
            return "drums";
        case StemType::Other:
            return "other";
    }
    return "other";
}

std::optional<StemType> parse_stem_type(const std::string& name) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (StemType t : kAllStemTypes) {
        if (to_string(t) == lower) return t;
    }
    return std::nullopt;
}

}  // namespace automix
