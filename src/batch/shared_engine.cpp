#include "automix/batch/shared_engine.hpp"

namespace automix::batch {

// Every call takes the lock, also the cheap const ones: describe() reads what the last mix did,
// and an engine may keep such state in members that mix() writes.
std::string SharedEngine::name() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return inner_.name();
}

nlohmann::json SharedEngine::describe() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return inner_.describe();
}

const ModelInfo* SharedEngine::model_info() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return inner_.model_info();
}

std::string SharedEngine::model_path() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return inner_.model_path();
}

int SharedEngine::required_sample_rate() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return inner_.required_sample_rate();
}

AudioBuffer SharedEngine::mix(const StemSet& stems, const ProgressCallback& progress) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return inner_.mix(stems, progress);
}

bool SharedEngine::has_contributions() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return inner_.has_contributions();
}

StemSet SharedEngine::mix_contributions(StemSet stems, const ProgressCallback& progress) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return inner_.mix_contributions(std::move(stems), progress);
}

}  // namespace automix::batch
