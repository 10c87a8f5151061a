// The dB conversions' floors: exact conversions give -infinity for silence, the additive guard
// gives the documented finite floor, and the librosa floor clamps below amin.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "dsp/decibels.hpp"

namespace dsp = automix::dsp;

TEST(Decibels, KnownValues) {
    EXPECT_DOUBLE_EQ(dsp::amplitude_to_db(10.0), 20.0);
    EXPECT_DOUBLE_EQ(dsp::power_to_db(10.0), 10.0);
    EXPECT_NEAR(dsp::amplitude_to_db(0.5), -6.020599913279624, 1e-12);
    EXPECT_DOUBLE_EQ(dsp::db_to_amplitude(20.0), 10.0);
    EXPECT_DOUBLE_EQ(dsp::db_to_power(-10.0), 0.1);
}

TEST(Decibels, RoundTrips) {
    for (double db : {-120.0, -6.0, 0.0, 3.5, 24.0}) {
        EXPECT_NEAR(dsp::amplitude_to_db(dsp::db_to_amplitude(db)), db, 1e-12);
        EXPECT_NEAR(dsp::power_to_db(dsp::db_to_power(db)), db, 1e-12);
    }
}

TEST(Decibels, FloorsOfSilence) {
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(dsp::amplitude_to_db(0.0), -inf);
    EXPECT_EQ(dsp::amplitude_to_db(-1.0), -inf);
    EXPECT_EQ(dsp::power_to_db(0.0), -inf);
    EXPECT_EQ(dsp::amplitude_to_db(std::nan("")), -inf);
    EXPECT_NEAR(dsp::amplitude_to_db(0.0, dsp::kDbEpsilon), -600.0, 1e-9);
    EXPECT_NEAR(dsp::power_to_db(0.0, 1e-60), -600.0, 1e-9);
    EXPECT_NEAR(dsp::floored_power_to_db(1e-30, 1e-10), -100.0, 1e-12);
    EXPECT_NEAR(dsp::floored_power_to_db(1e-3, 1e-10), -30.0, 1e-12);
}
