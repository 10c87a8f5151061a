// File format of a cache entry (docs/cache.md):
//   "automix-contributions 1\n"
//   8 bytes: length N of the JSON header, little-endian
//   N bytes: {"identity": ..., "record": ..., "sample_rate", "frames", "present", "sources"}
//   4 types x 2 channels x frames float32, little-endian, planar, in StemType order.
#include "automix/contribution_cache.hpp"

#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "automix/error.hpp"
#include "mixer/sha256.hpp"
#include "report/json_number.hpp"

namespace automix {
namespace fs = std::filesystem;
namespace {

constexpr char kMagic[] = "automix-contributions 1\n";
constexpr std::size_t kMagicSize = sizeof kMagic - 1;
constexpr std::size_t kChannels = 2;
// A header longer than this is not one of ours (the record is a few hundred kB at most).
constexpr std::uint64_t kMaxHeaderBytes = 64ull << 20;

static_assert(sizeof(float) == 4, "float32 samples");

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

bool host_is_little_endian() {
    const std::uint16_t one = 1;
    unsigned char first = 0;
    std::memcpy(&first, &one, 1);
    return first == 1;
}

}  // namespace

nlohmann::json file_identity(const std::string& path) {
    std::error_code ec;
    const fs::path canonical = fs::canonical(path, ec);
    struct stat st {};
    if (ec || ::stat(canonical.c_str(), &st) != 0) {
        throw input_error(path + ": cannot examine the file for the cache key");
    }
    const long long mtime_ns =
        static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    return {{"path", canonical.string()},
            {"size", static_cast<long long>(st.st_size)},
            {"mtime_ns", mtime_ns}};
}

std::string cache_entry_path(const std::string& dir, const nlohmann::json& identity) {
    return (fs::path(dir) / (sha256_hex(identity.dump()) + ".contrib")).string();
}

std::optional<CachedMix> read_cache_entry(const std::string& path, const nlohmann::json& identity) {
    if (!host_is_little_endian()) return std::nullopt;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    const std::uintmax_t file_size = fs::file_size(path, ec);
    File f(std::fopen(path.c_str(), "rb"));
    if (ec || !f) return std::nullopt;
    char magic[kMagicSize];
    std::uint64_t header_size = 0;
    if (std::fread(magic, 1, kMagicSize, f.get()) != kMagicSize ||
        std::memcmp(magic, kMagic, kMagicSize) != 0 ||
        std::fread(&header_size, sizeof header_size, 1, f.get()) != 1 ||
        header_size > kMaxHeaderBytes) {
        return std::nullopt;
    }
    std::string text(header_size, '\0');
    if (std::fread(text.data(), 1, text.size(), f.get()) != text.size()) return std::nullopt;
    try {
        // Ordered, so the first run's report sections keep their key order.
        const nlohmann::ordered_json header = nlohmann::ordered_json::parse(text);
        if (nlohmann::json(header.at("identity")) != identity) return std::nullopt;
        CachedMix entry;
        entry.record = header.at("record");
        const auto frames_field = report::json_integer<std::size_t>(header.at("frames"));
        const auto rate = report::json_integer<int>(header.at("sample_rate"));
        // The frame count must fit the file before it is multiplied, so a forged header cannot
        // wrap the size test around.
        const std::uintmax_t bytes_per_frame = kNumStemTypes * kChannels * sizeof(float);
        if (!frames_field || !rate || *rate <= 0 || *frames_field > file_size / bytes_per_frame)
            return std::nullopt;
        const std::size_t frames = *frames_field;
        const std::uintmax_t expected =
            kMagicSize + sizeof header_size + header_size + bytes_per_frame * frames;
        if (expected != file_size) return std::nullopt;
        for (int k = 0; k < kNumStemTypes; ++k) {
            AudioBuffer& s = entry.contributions.stems[k];
            s = AudioBuffer(static_cast<int>(kChannels), frames, *rate);
            for (auto& ch : s.channels) {
                if (std::fread(ch.data(), sizeof(float), frames, f.get()) != frames) {
                    return std::nullopt;
                }
            }
            entry.contributions.present[k] = header.at("present").at(k).get<bool>();
            entry.contributions.sources[k] =
                header.at("sources").at(k).get<std::vector<std::string>>();
        }
        return entry;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;  // a damaged header is a miss
    }
}

void write_cache_entry(const std::string& file, const std::string& name,
                       const StemSet& contributions, const nlohmann::ordered_json& record,
                       const nlohmann::json& identity) {
    if (!host_is_little_endian()) {
        throw output_error(name + ": the contribution cache needs a little-endian machine");
    }
    const StemSet& c = contributions;
    nlohmann::ordered_json present = nlohmann::ordered_json::array();
    nlohmann::ordered_json sources = nlohmann::ordered_json::array();
    for (int k = 0; k < kNumStemTypes; ++k) {
        if (c.stems[k].num_channels() != static_cast<int>(kChannels) ||
            c.stems[k].num_frames() != c.num_frames()) {
            throw processing_error(name + ": contributions must be stereo and of equal length");
        }
        present.push_back(c.present[k]);
        sources.push_back(c.sources[k]);
    }
    const std::string header =
        nlohmann::ordered_json{
            {"identity", identity},     {"record", record},   {"sample_rate", c.sample_rate()},
            {"frames", c.num_frames()}, {"present", present}, {"sources", sources}}
            .dump();
    const std::uint64_t header_size = header.size();
    File f(std::fopen(file.c_str(), "wb"));
    if (!f) throw output_error(name + ": cannot write the cache entry");
    bool ok = std::fwrite(kMagic, 1, kMagicSize, f.get()) == kMagicSize &&
              std::fwrite(&header_size, sizeof header_size, 1, f.get()) == 1 &&
              std::fwrite(header.data(), 1, header.size(), f.get()) == header.size();
    for (const AudioBuffer& s : c.stems) {
        for (const auto& ch : s.channels) {
            ok = ok && std::fwrite(ch.data(), sizeof(float), ch.size(), f.get()) == ch.size();
        }
    }
    ok = ok && std::fclose(f.release()) == 0;  // close errors are write errors too
    if (!ok) throw output_error(name + ": writing the cache entry failed (disk full?)");
}

}  // namespace automix
