// The one Catch2 main: kept alone so it compiles once.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
