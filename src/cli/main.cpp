#include "automix_version.hpp"
#include <cstdio>
int main() { std::printf("automix %s\n", AUTOMIX_VERSION); return 0; }
