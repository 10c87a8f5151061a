// LibTorch wrapper: the one translation unit of the library that includes torch.
#include "mixer/model/torch_model.hpp"

#include <ATen/Parallel.h>
#include <torch/script.h>

#include "automix/error.hpp"

namespace automix {

/// Network input channels: 4 stems x 2 (docs/reference.md#network-input-and-output).
constexpr int64_t kInputChannels = 8;

struct TorchModel::Impl {
    torch::jit::Module module;
};

TorchModel::TorchModel(const std::string& path, const std::string& metadata_name,
                       std::string& metadata_json)
    : impl_(std::make_unique<Impl>()) {
    torch::jit::ExtraFilesMap extra{{metadata_name, ""}};
    try {
        impl_->module = torch::jit::load(path, torch::kCPU, extra);
    } catch (const std::exception& e) {
        // c10::Error messages carry a long C++ backtrace; the first line says what was wrong.
        std::string what = e.what();
        what = what.substr(0, what.find('\n'));
        throw model_error(path + ": not a loadable TorchScript model (" + what + ")");
    }
    impl_->module.eval();
    metadata_json = extra[metadata_name];
}

TorchModel::~TorchModel() = default;

namespace {

/// Throws Error(Processing) unless `t` has exactly the shape `want`.
void check_shape(const torch::Tensor& t, const std::vector<int64_t>& want, const char* what) {
    if (t.sizes() != c10::IntArrayRef(want)) {
        throw processing_error(std::string("model: network returned ") + what + " of shape " +
                               c10::str(t.sizes()) + ", expected " + c10::str(want));
    }
}

}  // namespace

std::vector<float> TorchModel::run(const std::vector<float>& input, std::size_t batch,
                                   std::size_t frames, std::size_t out_channels,
                                   const NetworkExtras& extras) {
    const auto t = static_cast<int64_t>(frames);
    const auto b = static_cast<int64_t>(batch);
    const auto c = static_cast<int64_t>(out_channels);
    if (input.size() != batch * static_cast<std::size_t>(kInputChannels) * frames) {
        throw processing_error("model: input buffer does not hold 8 channels of every window");
    }
    try {
        c10::InferenceMode guard;
        // from_blob does not copy; the tensor is only read (the const_cast is for the API).
        auto x = torch::from_blob(const_cast<float*>(input.data()), {b, kInputChannels, t},
                                  torch::kFloat32);
        std::vector<torch::jit::IValue> args{x};
        if (extras.account) {
            const auto k = static_cast<int64_t>(extras.account_size);
            if (extras.account->size() != static_cast<std::size_t>(4 * k)) {
                throw processing_error("model: the account does not hold 4 stems");
            }
            auto a = torch::from_blob(const_cast<float*>(extras.account->data()), {1, 4, k},
                                      torch::kFloat32);
            args.emplace_back(a.expand({b, 4, k}).contiguous());
        }
        torch::Tensor y;
        if (extras.settings) {
            const auto tuple = impl_->module.get_method("mix_and_settings")(args).toTuple();
            y = tuple->elements().at(0).toTensor();
            torch::Tensor s = tuple->elements().at(1).toTensor();
            check_shape(s, {b, 4, static_cast<int64_t>(extras.settings_size)}, "settings");
            s = s.to(torch::kFloat32).contiguous();
            extras.settings->assign(s.data_ptr<float>(), s.data_ptr<float>() + s.numel());
        } else {
            y = impl_->module.forward(args).toTensor();
        }
        // The reference network's leading n_targets axis is accepted and dropped.
        if (y.dim() == 4 && y.size(0) == 1) y = y.squeeze(0);
        check_shape(y, {b, c, t}, "audio");
        y = y.to(torch::kFloat32).contiguous();
        const float* p = y.data_ptr<float>();
        return std::vector<float>(p, p + b * c * t);
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        std::string what = e.what();
        throw processing_error("model: inference failed: " + what.substr(0, what.find('\n')));
    }
}

int TorchModel::set_threads(int threads) {
    if (threads > 0) at::set_num_threads(threads);
    return at::get_num_threads();
}

}  // namespace automix
