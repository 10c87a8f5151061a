// SHA-256 (FIPS 180-4), used to fingerprint model files in the report. No external dependency.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace automix {

/// Incremental SHA-256: update() any number of times, then hex_digest() once.
class Sha256 {
  public:
    Sha256();
    /// Feeds `size` bytes.
    void update(const void* data, std::size_t size);
    /// Finishes the hash and returns it as 64 lower-case hex digits. Call once.
    std::string hex_digest();

  private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t total_bytes_ = 0;
};

/// SHA-256 of a byte string, as hex.
std::string sha256_hex(const std::string& bytes);

/// SHA-256 of a file's content, as hex. Throws std::runtime_error when it cannot be read.
std::string sha256_file_hex(const std::string& path);

}  // namespace automix
