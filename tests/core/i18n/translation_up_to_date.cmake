# Fails when a string of the GUI sources is missing from the Simplified Chinese translation: runs lupdate
# over ui/ into a copy of the committed .ts (the committed file is never touched) and lists every message
# lupdate had to add as unfinished. test_translation_file checks the committed entries; this test checks
# that there are no strings it cannot see, so a new tr() string cannot ship untranslated unnoticed.
# Fix a failure with: /usr/lib/qt6/bin/lupdate -no-obsolete -locations relative ui -ts <the .ts>, then
# translate the entries it marks type="unfinished".
# Usage: cmake -DLUPDATE=<lupdate> -DSOURCE_DIR=<repo> -DWORK_DIR=<scratch dir> -P translation_up_to_date.cmake
foreach(var LUPDATE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "translation_up_to_date.cmake: -D${var}=... is required")
  endif()
endforeach()
set(ts "${SOURCE_DIR}/ui/translations/prompt-workbench_zh_CN.ts")
set(copy "${WORK_DIR}/prompt-workbench_zh_CN.ts")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(COPY_FILE "${ts}" "${copy}")
execute_process(COMMAND "${LUPDATE}" -no-obsolete -locations none "${SOURCE_DIR}/ui" -ts "${copy}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lupdate failed (${rc}):\n${out}${err}")
endif()
# lupdate files a tr() string under the context it can resolve; when it cannot see the class (a header it
# could not include), the context is wrong and the finished translation is never found at run time.
if("${out}${err}" MATCHES "Qualifying with unknown namespace/class")
  message(FATAL_ERROR "lupdate could not resolve a tr() context (include the class's header as the other "
                      "ui/*.cpp files do, \"foo.h\" not \"ui/foo.h\"):\n${out}${err}")
endif()
file(READ "${copy}" text)
# Sources may hold ";", CMake's list separator: keep it out of the lists below.
string(REPLACE ";" "@SEMICOLON@" text "${text}")
# The committed file has no unfinished entry (test_translation_file), so each one here is a new string.
string(REGEX MATCHALL "<source>[^<]*</source>[ \t\r\n]*<translation type=\"unfinished\"" hits "${text}")
list(LENGTH hits count)
if(count GREATER 0)
  set(list "")
  foreach(hit IN LISTS hits)
    string(REGEX REPLACE "^<source>([^<]*)</source>.*" "\\1" source "${hit}")
    string(REPLACE "@SEMICOLON@" ";" source "${source}")
    string(APPEND list "  ${source}\n")
  endforeach()
  message(FATAL_ERROR "${count} GUI string(s) are not in ${ts} (run lupdate and translate them):\n${list}")
endif()
# A near-empty result would mean lupdate read the wrong folder and found nothing to compare.
string(REGEX MATCHALL "<message" messages "${text}")
list(LENGTH messages total)
if(total LESS 300)
  message(FATAL_ERROR "lupdate found only ${total} messages under ${SOURCE_DIR}/ui")
endif()
message(STATUS "All ${total} GUI messages are in the translation.")
