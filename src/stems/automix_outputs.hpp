// Recognising mixes that automix itself wrote into a stems folder, so a second run never mixes
// the first run's mix again as a stem (internal to stems/discovery.cpp).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace automix::stems {

/// Among `files` (paths in one folder), those automix wrote as a mix, each with the evidence: the
/// file's "software" tag (kMixSoftwareTag), or an automix mix report in the folder naming it as
/// its output. Unreadable or foreign JSON files are ignored.
std::map<std::string, std::string> find_automix_mixes(const std::vector<std::string>& files);

}  // namespace automix::stems
