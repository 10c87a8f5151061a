#include "support/test_audio.hpp"

#include <sndfile.h>
#include <unistd.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "test_config.hpp"

namespace automix::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() /
            ("automix-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
}

AudioBuffer sine(double frequency, double amplitude, double seconds, int rate, int channels) {
    const auto frames = static_cast<std::size_t>(std::llround(seconds * rate));
    AudioBuffer out(channels, frames, rate);
    for (std::size_t i = 0; i < frames; ++i) {
        const float v = static_cast<float>(amplitude * std::sin(2.0 * M_PI * frequency * i / rate));
        for (auto& ch : out.channels) ch[i] = v;
    }
    return out;
}

void write_with_sndfile(const std::string& path, const AudioBuffer& audio, int format) {
    SF_INFO info{};
    info.samplerate = audio.sample_rate;
    info.channels = audio.num_channels();
    info.format = format;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    if (!f) throw std::runtime_error("test: cannot write " + path + ": " + sf_strerror(nullptr));
    std::vector<float> inter(audio.num_frames() * audio.num_channels());
    for (std::size_t i = 0; i < audio.num_frames(); ++i)
        for (int c = 0; c < audio.num_channels(); ++c)
            inter[i * audio.num_channels() + c] = audio.channels[c][i];
    sf_writef_float(f, inter.data(), static_cast<sf_count_t>(audio.num_frames()));
    sf_close(f);
}

std::string shared_dir() {
    const fs::path p(AUTOMIX_SHARED_DIR);
    std::error_code ec;
    return fs::is_directory(p / "data", ec) ? p.string() : std::string();
}

}  // namespace automix::test
