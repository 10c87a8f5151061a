// The batch progress line: counts, songs per hour from this run's songs only, and time left.
#include <gtest/gtest.h>

#include <cstdio>

#include "automix/batch/progress_line.hpp"

using namespace automix::batch;

TEST(BatchProgressLine, DurationsReadWell) {
    EXPECT_EQ(format_duration(0), "0 s");
    EXPECT_EQ(format_duration(59.4), "59 s");
    EXPECT_EQ(format_duration(60), "1 min");
    EXPECT_EQ(format_duration(89), "1 min");
    EXPECT_EQ(format_duration(91), "2 min");
    EXPECT_EQ(format_duration(3600), "1 h 00 min");
    EXPECT_EQ(format_duration(2 * 3600 + 5 * 60), "2 h 05 min");
    EXPECT_EQ(format_duration(86400 + 4 * 3600), "1 d 04 h");
    EXPECT_EQ(format_duration(-1), "?");
}

TEST(BatchProgressLine, NoRateBeforeTheFirstSong) {
    const BatchCounts c{40, 10, 0, 30, 10};  // 10 found complete at the start
    EXPECT_EQ(format_progress_line(c, 0, 12.0), "songs 10/40 done, 0 failed, 30 left");
}

// 6 songs in 360 s is 60 songs per hour; 30 songs left take half an hour at that rate.
TEST(BatchProgressLine, RateAndTimeLeftComeFromThisRunsSongs) {
    const BatchCounts c{40, 9, 1, 30, 4};
    const std::string line = format_progress_line(c, 6, 360.0);
    EXPECT_EQ(line, "songs 10/40 done, 1 failed, 30 left | 60.0 songs/h | about 30 min left");
    const BatchCounts finished{40, 39, 1, 0, 4};
    EXPECT_EQ(format_progress_line(finished, 36, 2160.0),
              "songs 40/40 done, 1 failed, 0 left | 60.0 songs/h");
}
