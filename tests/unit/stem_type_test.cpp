#include "automix/stem_type.hpp"

#include <gtest/gtest.h>

using namespace automix;

TEST(StemType, RoundTripsEveryNameInNetworkOrder) {
    const char* expected[] = {"vocals", "bass", "drums", "other"};
    for (int i = 0; i < kNumStemTypes; ++i) {
        EXPECT_EQ(to_string(kAllStemTypes[i]), expected[i]);
        EXPECT_EQ(parse_stem_type(expected[i]), kAllStemTypes[i]);
    }
    EXPECT_EQ(parse_stem_type("VOCALS"), StemType::Vocals);
    EXPECT_FALSE(parse_stem_type("guitar").has_value());
}
