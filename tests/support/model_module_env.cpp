// The unit tests run from build/tests/, not next to the model module as the executable does, so
// the module loader is pointed at the one this build made (a value the caller set wins).
#include <cstdlib>

#include "test_config.hpp"

namespace {
const int kModuleEnvSet = ::setenv("AUTOMIX_MODEL_MODULE", AUTOMIX_BUILT_MODEL_MODULE, 0);
}  // namespace
