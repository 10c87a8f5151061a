// SHA-256 (FIPS 180-4) from OpenSSL's libcrypto: fingerprints model files in the report and names
// the contribution-cache entries.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace automix {

/// Incremental SHA-256: update() any number of times, then hex_digest() once.
class Sha256 {
  public:
    /// Throws std::runtime_error when libcrypto cannot set up a digest.
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    /// Feeds `size` bytes.
    void update(const void* data, std::size_t size);
    /// Finishes the hash and returns it as 64 lower-case hex digits. Call once.
    std::string hex_digest();

  private:
    struct FreeContext {
        void operator()(evp_md_ctx_st* context) const;
    };
    std::unique_ptr<evp_md_ctx_st, FreeContext> context_;
};

/// SHA-256 of a byte string, as hex.
std::string sha256_hex(const std::string& bytes);

/// SHA-256 of a file's content, as hex. Throws std::runtime_error when it cannot be read.
std::string sha256_file_hex(const std::string& path);

}  // namespace automix
