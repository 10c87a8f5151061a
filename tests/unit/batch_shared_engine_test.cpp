// The engine a batch shares between songs: every call reaches the wrapped engine, and mix calls
// from several threads never overlap (engines are not thread-safe).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "automix/batch/shared_engine.hpp"

using namespace automix;

namespace {

// Records how many mix calls run at the same time; each call lingers so overlaps would show.
class CountingEngine : public MixerEngine {
  public:
    std::string name() const override { return "counting"; }
    nlohmann::json describe() const override { return {{"calls", calls.load()}}; }
    int required_sample_rate() const override { return 48000; }
    bool has_contributions() const override { return false; }
    AudioBuffer mix(const StemSet&, const ProgressCallback&) override {
        const int now = ++in_flight;
        int seen = most_in_flight.load();
        while (now > seen && !most_in_flight.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        --in_flight;
        ++calls;
        return AudioBuffer(2, 7, 48000);
    }
    StemSet mix_contributions(StemSet stems, const ProgressCallback&) override { return stems; }

    std::atomic<int> in_flight{0}, most_in_flight{0}, calls{0};
};

}  // namespace

TEST(BatchSharedEngine, ForwardsEveryCall) {
    CountingEngine inner;
    batch::SharedEngine shared(inner);
    EXPECT_EQ(shared.name(), "counting");
    EXPECT_EQ(shared.required_sample_rate(), 48000);
    EXPECT_FALSE(shared.has_contributions());
    EXPECT_EQ(shared.model_info(), nullptr);
    EXPECT_EQ(shared.model_path(), "");
    EXPECT_EQ(shared.mix(StemSet(), nullptr).num_frames(), 7u);
    EXPECT_EQ(shared.describe().at("calls"), 1);
}

// Eight threads mixing through the shared engine: the wrapped engine never sees two at once.
TEST(BatchSharedEngine, MixCallsNeverOverlap) {
    CountingEngine inner;
    batch::SharedEngine shared(inner);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 5; ++i) shared.mix(StemSet(), nullptr);
        });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(inner.calls.load(), 40);
    EXPECT_EQ(inner.most_in_flight.load(), 1);
}
