// The only door to LibTorch: load a TorchScript mixer and run one window through it.
// Keeping torch out of this header keeps every other translation unit fast to compile.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace automix {

/// A loaded TorchScript mixer network, run on the CPU in float32 without autograd.
class TorchModel {
  public:
    /// Loads `path` and reads the embedded extra file `metadata_name` into `metadata_json` (empty
    /// when the archive has none). Throws Error(Model) starting with `path` when the file is not a
    /// loadable TorchScript archive.
    TorchModel(const std::string& path, const std::string& metadata_name,
               std::string& metadata_json);
    ~TorchModel();
    TorchModel(const TorchModel&) = delete;
    TorchModel& operator=(const TorchModel&) = delete;

    /// Runs the network on `frames` samples of 8 planar channels (`input` holds 8 * frames floats,
    /// channel-major) and returns 2 * frames floats (L then R). Throws Error(Processing) when the
    /// network fails or returns an unexpected shape.
    std::vector<float> run(const std::vector<float>& input, std::size_t frames);

    /// Sets LibTorch's intra-op thread count (process-wide); returns the count now in effect.
    static int set_threads(int threads);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace automix
