// data-test: the harness run as a GoogleTest program (see app/cli.hpp).
#include "cli.hpp"

int main(int argc, char** argv) {
  return dt::app::main(argc, argv);
}
