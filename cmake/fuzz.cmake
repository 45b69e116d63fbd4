# cmake/fuzz.cmake - tests/fuzz/fuzz_NAME.c are libFuzzer targets (PA_FUZZ,
# clang; `make fuzz` runs them for a while from tests/fuzz/corpus/NAME). In
# every build with tests, replay_NAME runs the same function over the files
# of its corpus without libFuzzer (tests/fuzz/replay.c) as CTest
# fuzz_replay_NAME, so the corpora run in the normal and the ASan builds and
# an input that once crashed stays in the suite.
file(GLOB PA_FUZZ_SRC CONFIGURE_DEPENDS tests/fuzz/fuzz_*.c)
function(pa_fuzz_exe exe src)
  add_executable(${exe} ${src} tests/ref/ref_buddy.c ${ARGN})
  target_include_directories(${exe} PRIVATE tests)
  target_link_libraries(${exe} PRIVATE pa_tools)
  get_filename_component(name ${src} NAME_WE)
  if(name STREQUAL "fuzz_cli")
    # the command itself, its main() renamed (fuzz_cli.c includes main.c)
    set(cli ${PA_CLI_SRC})
    list(FILTER cli EXCLUDE REGEX "/main\\.c$")
    target_sources(${exe} PRIVATE ${cli})
    target_include_directories(${exe} PRIVATE ${CMAKE_BINARY_DIR}/generated ${PA_LAYERS}/cli-src)
    target_compile_definitions(${exe} PRIVATE PA_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
                               PA_VERSION="${PROJECT_VERSION}" PA_DATADIR_REL="${PA_DATADIR_REL}")
    if(NCURSES_FOUND)
      target_link_libraries(${exe} PRIVATE PkgConfig::NCURSES)
    endif()
  endif()
endfunction()
foreach(src ${PA_FUZZ_SRC})
  get_filename_component(name ${src} NAME_WE)
  if(PA_FUZZ)
    pa_fuzz_exe(${name} ${src})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  elseif(PA_TESTS)
    pa_fuzz_exe(replay_${name} ${src} tests/fuzz/replay.c)
    if(IS_DIRECTORY ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name})
      add_test(NAME fuzz_replay_${name}
               COMMAND replay_${name} ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name}
               WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    endif()
  endif()
endforeach()
