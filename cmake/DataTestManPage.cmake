# data-test.1, generated at build time by help2man from `data-test --help` and `--version`, so
# the page says exactly what the binary says. Installed to share/man/man1.
find_program(DATA_TEST_HELP2MAN help2man)
if(CMAKE_CROSSCOMPILING)
  message(STATUS "data-test: cross-compiling, so no man page (help2man runs the built binary)")
elseif(NOT DATA_TEST_HELP2MAN)
  message(WARNING "data-test: help2man not found, so no man page is built or installed; install "
    "the Debian package 'help2man' (or run scripts/install-deps.sh as root) and configure again.")
else()
  set(DATA_TEST_MAN_PAGE ${PROJECT_BINARY_DIR}/data-test.1)
  add_custom_command(OUTPUT ${DATA_TEST_MAN_PAGE}
    COMMAND ${DATA_TEST_HELP2MAN} --no-info --section=1
            "--name=tells whether a schema change makes an application lose rows"
            --output=${DATA_TEST_MAN_PAGE} $<TARGET_FILE:data-test>
    DEPENDS data-test
    COMMENT "Generating the man page data-test.1 with help2man"
    VERBATIM)
  add_custom_target(data-test-man ALL DEPENDS ${DATA_TEST_MAN_PAGE})
  install(FILES ${DATA_TEST_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()
