#include <cstdio>

#include "automix_version.hpp"
int main() {
    std::printf("automix %s\n", AUTOMIX_VERSION);
    return 0;
}
