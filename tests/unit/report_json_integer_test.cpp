// report::json_integer: integers read from files must be integral and fit the target type; any
// other value is refused rather than cast (a cast of 1e300 to int is undefined behaviour).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "report/json_number.hpp"

using automix::report::json_integer;
using nlohmann::json;

TEST(JsonInteger, ReadsIntegersThatFit) {
    EXPECT_EQ(json_integer<int>(json(44100)), 44100);
    EXPECT_EQ(json_integer<int>(json(-7)), -7);
    EXPECT_EQ(json_integer<int>(json(44100.0)), 44100);  // an integral float is an integer
    EXPECT_EQ(json_integer<int>(json(std::numeric_limits<int>::max())),
              std::numeric_limits<int>::max());
    EXPECT_EQ(json_integer<int>(json(std::numeric_limits<int>::min())),
              std::numeric_limits<int>::min());
    EXPECT_EQ(json_integer<std::uint64_t>(json(std::numeric_limits<std::uint64_t>::max())),
              std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(json_integer<long long>(json(-9007199254740992.0)), -9007199254740992LL);
}

TEST(JsonInteger, RefusesWhatDoesNotFit) {
    // One past each end of int, as an integer and as a float.
    EXPECT_FALSE(json_integer<int>(json(std::int64_t{std::numeric_limits<int>::max()} + 1)));
    EXPECT_FALSE(json_integer<int>(json(std::int64_t{std::numeric_limits<int>::min()} - 1)));
    EXPECT_FALSE(json_integer<int>(json(2147483648.0)));
    EXPECT_FALSE(json_integer<int>(json(-2147483649.0)));
    // 2^32 + 44100 would truncate to 44100 if it were cast.
    EXPECT_FALSE(json_integer<int>(json(std::int64_t{4294967296} + 44100)));
    EXPECT_FALSE(json_integer<int>(json(1e300)));
    EXPECT_FALSE(json_integer<long long>(json(9223372036854775808.0)));  // 2^63
    EXPECT_FALSE(json_integer<long long>(json(std::numeric_limits<std::uint64_t>::max())));
    EXPECT_FALSE(json_integer<std::size_t>(json(-1)));
    EXPECT_FALSE(json_integer<std::size_t>(json(-0.5)));
    EXPECT_FALSE(json_integer<int>(json(2.5)));
    EXPECT_FALSE(json_integer<int>(json(std::numeric_limits<double>::infinity())));
    EXPECT_FALSE(json_integer<int>(json(std::numeric_limits<double>::quiet_NaN())));
    EXPECT_FALSE(json_integer<int>(json("44100")));
    EXPECT_FALSE(json_integer<int>(json(true)));
    EXPECT_FALSE(json_integer<int>(json(nullptr)));
    EXPECT_FALSE(json_integer<int>(json::array({1})));
}
