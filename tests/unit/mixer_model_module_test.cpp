// Opening the model module: where it is looked for, and what a missing or foreign file gives.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "automix/error.hpp"
#include "mixer/model_module.hpp"
#include "support/error_of.hpp"
#include "test_config.hpp"

using namespace automix;
namespace fs = std::filesystem;

namespace {

/// Sets or clears AUTOMIX_MODEL_MODULE for one test and puts the old value back.
class ModuleEnv {
  public:
    explicit ModuleEnv(const char* value) {
        if (const char* old = std::getenv(kModelModuleEnv)) old_ = old;
        if (value) {
            setenv(kModelModuleEnv, value, 1);
        } else {
            unsetenv(kModelModuleEnv);
        }
    }
    ~ModuleEnv() {
        if (old_) {
            setenv(kModelModuleEnv, old_->c_str(), 1);
        } else {
            unsetenv(kModelModuleEnv);
        }
    }

  private:
    std::optional<std::string> old_;
};

}  // namespace

TEST(MixerModelModule, TheEnvironmentVariableIsTheOnlyCandidate) {
    ModuleEnv env("/somewhere/else/module.so");
    EXPECT_EQ(model_module_candidates(), std::vector<std::string>{"/somewhere/else/module.so"});
}

TEST(MixerModelModule, WithoutTheVariableNextToTheExecutableComesFirst) {
    ModuleEnv env(nullptr);
    const std::vector<std::string> candidates = model_module_candidates();
    ASSERT_EQ(candidates.size(), 2u);
    const fs::path exe = fs::read_symlink("/proc/self/exe");
    EXPECT_EQ(fs::path(candidates[0]), exe.parent_path() / kModelModuleFile);
    EXPECT_EQ(fs::path(candidates[1]).filename(), kModelModuleFile);
    EXPECT_EQ(fs::path(candidates[1]).parent_path().filename(), "automix");
}

TEST(MixerModelModule, MissingAndForeignFilesAreAModelErrorNamingEachFile) {
    const fs::path missing = "/nonexistent/automix/libautomix_model.so";
    const fs::path text =
        fs::temp_directory_path() / ("automix_not_a_module" + std::to_string(getpid()) + ".so");
    std::ofstream(text) << "not a shared object\n";
    const auto [kind, message] = test::error_of([&] {
        open_model_module({missing.string(), text.string()});
    });
    fs::remove(text);
    EXPECT_EQ(kind, ErrorKind::Model);
    EXPECT_NE(message.find(missing.string() + ": not found"), std::string::npos) << message;
    EXPECT_NE(message.find(text.string() + ": "), std::string::npos) << message;
}

TEST(MixerModelModule, ALibraryWithoutTheEntryPointIsRefused) {
    // The C library this process runs with: loadable everywhere, and no automix module.
    Dl_info info{};
    ASSERT_NE(dladdr(reinterpret_cast<void*>(&std::getenv), &info), 0);
    const std::string libc = info.dli_fname;
    const auto [kind, message] = test::error_of([&] { open_model_module({libc}); });
    EXPECT_EQ(kind, ErrorKind::Model);
    EXPECT_NE(message.find("not an automix model module"), std::string::npos) << message;
}

TEST(MixerModelModule, TheBuiltModuleMatchesThisBuild) {
    if (!AUTOMIX_WITH_TORCH) GTEST_SKIP() << "built without LibTorch (AUTOMIX_WITH_TORCH=OFF)";
    const ModelModuleEntry& entry = open_model_module({AUTOMIX_BUILT_MODEL_MODULE});
    EXPECT_EQ(std::string(entry.abi), model_module_abi());
    ASSERT_NE(entry.load, nullptr);
    ModelEngineOptions o;
    o.model_path = "/nonexistent/automix/model.pt";
    const auto [kind, message] = test::error_of([&] { entry.load(o); });
    EXPECT_EQ(kind, ErrorKind::Model) << "an Error thrown in the module is caught here";
    EXPECT_EQ(message.rfind(o.model_path + ": ", 0), 0u) << message;
}
