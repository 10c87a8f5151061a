// The kind and message of the automix::Error a callable throws, for tests of error paths.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "automix/error.hpp"

namespace automix::test {

/// Runs `f` and returns the kind and message of the automix::Error it throws; records a test
/// failure (and returns {Processing, ""}) when it throws nothing.
template <typename F>
std::pair<ErrorKind, std::string> error_of(F f) {
    try {
        f();
    } catch (const Error& e) {
        return {e.kind(), e.what()};
    }
    ADD_FAILURE() << "expected an automix::Error";
    return {ErrorKind::Processing, ""};
}

}  // namespace automix::test
