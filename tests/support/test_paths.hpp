#pragma once
// Where this build's programs and data-test's source tree are, for the tests, the demo and the
// benchmarks. Defined in a file the build generates (test_paths.cpp), never on the compiler's
// command line: the other test sources then compile the same in every clone, and a compiler
// cache (ccache) reuses them in a fresh one.
namespace dt::test_paths {

// data-test's source tree.
const char* source_root();
// The data-test program of this build.
const char* binary();
// tests/example_app and tests/example_app_url in the source tree.
const char* example_app();
const char* example_app_url();
// The throwaway cluster's reaper program of this build.
const char* pg_reaper();
// The README's demo driver of this build.
const char* demo();

}  // namespace dt::test_paths

#define DATA_TEST_SOURCE_ROOT (::dt::test_paths::source_root())
#define DATA_TEST_BINARY (::dt::test_paths::binary())
#define DATA_TEST_EXAMPLE_APP (::dt::test_paths::example_app())
#define DATA_TEST_EXAMPLE_APP_URL (::dt::test_paths::example_app_url())
#define DATA_TEST_PG_REAPER (::dt::test_paths::pg_reaper())
#define DATA_TEST_DEMO (::dt::test_paths::demo())
