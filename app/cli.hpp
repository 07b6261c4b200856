#pragma once
// The data-test program: parses the command line and dispatches its one mode.

namespace dt::app {

// Exit status: 0 every selected table PASS or FLAG; 1 any FAIL; 2 could not run; 128 + signal
// when interrupted (129 SIGHUP, 130 SIGINT, 143 SIGTERM).
int main(int argc, char** argv);

}  // namespace dt::app
