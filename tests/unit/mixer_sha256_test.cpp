// SHA-256 (the libcrypto wrapper) against the FIPS 180-2 / NIST example vectors.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "mixer/sha256.hpp"

using namespace automix;

TEST(MixerSha256, MatchesNistVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // 448 bits: padding spills into a second block.
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(MixerSha256, IncrementalUpdatesEqualOneShot) {
    const std::string text(200, 'x');
    Sha256 h;
    for (std::size_t i = 0; i < text.size(); i += 7)
        h.update(text.data() + i, std::min<std::size_t>(7, text.size() - i));
    EXPECT_EQ(h.hex_digest(), sha256_hex(text));
}

TEST(MixerSha256, FileHashEqualsContentHashAndMissingFileThrows) {
    const auto path = std::filesystem::temp_directory_path() / "automix_sha256_test.bin";
    {
        std::ofstream out(path, std::ios::binary);
        out << "abc";
    }
    EXPECT_EQ(sha256_file_hex(path.string()), sha256_hex("abc"));
    std::filesystem::remove(path);
    EXPECT_THROW(sha256_file_hex(path.string()), std::runtime_error);
}
