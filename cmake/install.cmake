# cmake/install.cmake - `make install` (cmake --install): the command, the
# library (static and shared with a versioned SONAME), the public headers, a
# pkg-config file, a CMake package (find_package(pagealloc)), the scenarios,
# man pages (scdoc) and bash completion. GNUInstallDirs: CMAKE_INSTALL_PREFIX
# (the Makefile's PREFIX) and DESTDIR are honoured.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The command finds its scenarios relative to itself: PREFIX/bin ->
# PREFIX/share/pagealloc (src/cli/main.c pa_cli_data_dir).
file(RELATIVE_PATH PA_DATADIR_REL ${CMAKE_INSTALL_FULL_BINDIR}
     ${CMAKE_INSTALL_FULL_DATADIR}/pagealloc)
target_compile_definitions(pagealloc_cli PRIVATE PA_DATADIR_REL="${PA_DATADIR_REL}")

foreach(t pagealloc pagealloc_static)
  target_include_directories(${t} INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
endforeach()
install(TARGETS pagealloc_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS pagealloc pagealloc_static EXPORT pagealloc-targets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/pagealloc DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")
install(EXPORT pagealloc-targets NAMESPACE pagealloc::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/pagealloc)
file(WRITE ${CMAKE_BINARY_DIR}/pagealloc-config.cmake.in
     "@PACKAGE_INIT@\ninclude(\"\${CMAKE_CURRENT_LIST_DIR}/pagealloc-targets.cmake\")\n")
configure_package_config_file(${CMAKE_BINARY_DIR}/pagealloc-config.cmake.in
  ${CMAKE_BINARY_DIR}/pagealloc-config.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/pagealloc)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/pagealloc-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/pagealloc-config.cmake
              ${CMAKE_BINARY_DIR}/pagealloc-config-version.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/pagealloc)
file(RELATIVE_PATH PA_PC_REL ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(cmake/pagealloc.pc.in ${CMAKE_BINARY_DIR}/pagealloc.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/pagealloc.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(DIRECTORY scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/pagealloc/scenarios)
install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES docs/examples/embed.c DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES scripts/pagealloc.bash-completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME pagealloc)

# Man pages: one scdoc source each in docs/man/NAME.SECTION.scd.
find_program(SCDOC scdoc)
if(SCDOC)
  file(GLOB PA_MAN_SRC CONFIGURE_DEPENDS docs/man/*.scd)
  set(PA_MAN_PAGES "")
  foreach(src ${PA_MAN_SRC})
    get_filename_component(page ${src} NAME_WLE)          # pagealloc-run.1
    string(REGEX REPLACE ".*\\.([0-9])$" "\\1" sect ${page})
    set(out ${CMAKE_BINARY_DIR}/man/${page})
    add_custom_command(OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
      COMMAND ${SCDOC} < ${src} > ${out}
      DEPENDS ${src} VERBATIM)
    list(APPEND PA_MAN_PAGES ${out})
    install(FILES ${out} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${sect})
  endforeach()
  add_custom_target(man ALL DEPENDS ${PA_MAN_PAGES})
else()
  message(WARNING "scdoc not found: no man pages (run scripts/deps)")
endif()
