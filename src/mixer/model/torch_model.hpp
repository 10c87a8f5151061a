// The only door to LibTorch: load a TorchScript mixer and run one window through it.
// Keeping torch out of this header keeps every other translation unit fast to compile.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace automix {

/// What a network call passes besides the stems and returns besides the audio.
struct NetworkExtras {
    /// Conditioned models: one (4 x account_size) account, the same for every window of the
    /// batch (it describes the whole song); nullptr for models without a second input.
    const std::vector<float>* account = nullptr;
    std::size_t account_size = 0;  ///< Numbers per stem in `account`.
    /// When non-null, the network's "mix_and_settings" method runs instead of forward, and its
    /// per-window settings (batch x 4 x settings_size floats) are stored here.
    std::vector<float>* settings = nullptr;
    std::size_t settings_size = 0;  ///< Settings per stem the model declares.
};

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

    /// Runs the network on a batch of `batch` windows of `frames` samples of 8 planar channels
    /// (`input` holds batch * 8 * frames floats, window-major then channel-major) and returns
    /// batch * out_channels * frames floats in the same layout (out_channels = 2 for the mix, 10
    /// with the per-stem contributions). `extras` adds the account input and/or asks for the
    /// settings. Throws Error(Processing) when the network fails or returns another shape.
    std::vector<float> run(const std::vector<float>& input, std::size_t batch, std::size_t frames,
                           std::size_t out_channels, const NetworkExtras& extras = {});

    /// Sets LibTorch's intra-op thread count (process-wide); returns the count now in effect.
    static int set_threads(int threads);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace automix
