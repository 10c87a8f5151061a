// Helpers shared by tests: synthesized signals, files written with libsndfile, temp folders.
#pragma once

#include <cstddef>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "automix/audio_buffer.hpp"

namespace automix::test {

/// A fresh empty folder under the system temp dir, removed when the object dies.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    /// The folder.
    const std::filesystem::path& path() const { return path_; }
    /// path() / name as a string.
    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

/// `n` samples of Gaussian noise with mean 0 and standard deviation `sigma`, the same for the same
/// seed.
template <class T>
std::vector<T> gaussian_noise(std::size_t n, unsigned seed, T sigma) {
    std::mt19937 rng(seed);
    std::normal_distribution<T> distribution(T(0), sigma);
    std::vector<T> x(n);
    for (T& v : x) v = distribution(rng);
    return x;
}

/// A sine of `frequency` Hz and peak `amplitude` on every channel.
AudioBuffer sine(double frequency, double amplitude, double seconds, int rate, int channels = 2);

/// Writes raw samples with libsndfile using an explicit format (SF_FORMAT_* container|subtype),
/// bypassing the project's writer, so decoder tests do not depend on the encoder under test.
void write_with_sndfile(const std::string& path, const AudioBuffer& audio, int format);

/// Path of ../shared (or empty when it is absent).
std::string shared_dir();

}  // namespace automix::test
