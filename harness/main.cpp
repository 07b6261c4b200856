// data-test: the harness run as a GoogleTest program (see fixtures/program.hpp).
#include "program.hpp"

int main(int argc, char** argv) {
  return dt::fixtures::main(argc, argv);
}
