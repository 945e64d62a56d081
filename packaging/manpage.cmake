# SPDX-License-Identifier: GPL-3.0-or-later
# Writes a man page (troff, section 1) from a program's own --help, so the page cannot
# drift from the program: it is made at build time from the binary that gets installed.
#
#   cmake -DPROGRAM=path/to/concord-cli -DNAME=concord-cli -DVERSION=0.1.0
#         -DSUBCOMMANDS=ON -DOUT=concord-cli.1 -P manpage.cmake
#
# With SUBCOMMANDS, every command listed under "Commands:" in PROGRAM --help gets its own
# section with `PROGRAM COMMAND --help`. The help text is kept verbatim (no fill), escaped
# for troff. QT_QPA_PLATFORM=offscreen lets the GUI program answer without a display.
cmake_minimum_required(VERSION 3.25)
foreach(var PROGRAM NAME VERSION OUT)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "manpage.cmake: ${var} is not set")
    endif()
endforeach()

set(ENV{QT_QPA_PLATFORM} offscreen)
set(ENV{LANG} C.UTF-8)

function(run_help out)
    execute_process(COMMAND ${PROGRAM} ${ARGN} --help
                    OUTPUT_VARIABLE text ERROR_VARIABLE err RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        string(REPLACE ";" " " args "${ARGN}")
        message(FATAL_ERROR "manpage.cmake: ${NAME} ${args} --help exited with ${rc}: ${err}")
    endif()
    # The program names itself by the path it was started with; the page uses its name.
    string(REPLACE "${PROGRAM}" "${NAME}" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

# troff: a backslash is \e; a line starting with . or ' would be a request; - is a hyphen
# unless written \-.
function(escape out text)
    string(REPLACE "\\" "\\e" text "${text}")
    string(REPLACE "-" "\\-" text "${text}")
    set(text "\n${text}")
    string(REPLACE "\n." "\n\\&." text "${text}")
    string(REPLACE "\n'" "\n\\&'" text "${text}")
    string(SUBSTRING "${text}" 1 -1 text)
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

run_help(help)
string(STRIP "${help}" help)

# The summary: the line after "Usage: ..." (the program's one-line description).
string(REGEX MATCH "Usage:[^\n]*\n([^\n]*)" _ "${help}")
set(summary "${CMAKE_MATCH_1}")
string(REGEX REPLACE "^Concord: " "" summary "${summary}")
string(REGEX REPLACE "\\.$" "" summary "${summary}")
string(REGEX MATCH "Usage: ([^\n]*)" _ "${help}")
set(usage "${CMAKE_MATCH_1}")

string(TOUPPER "${NAME}" upper)
escape(e_summary "${summary}")
escape(e_usage "${usage}")
escape(e_help "${help}")
set(page ".\\\" Generated from ${NAME} --help by packaging/manpage.cmake; do not edit.\n")
string(APPEND page ".TH ${upper} 1 \"\" \"Concord ${VERSION}\" \"User Commands\"\n")
string(APPEND page ".SH NAME\n${NAME} \\- ${e_summary}\n")
string(APPEND page ".SH SYNOPSIS\n.nf\n${e_usage}\n.fi\n")
string(APPEND page ".SH DESCRIPTION\n.nf\n${e_help}\n.fi\n")

if(SUBCOMMANDS)
    # "Commands:" then one "  name   description" line per command, up to a blank line.
    string(REGEX MATCH "Commands:\n(([ ]+[^\n]+\n)+)" _ "${help}\n")
    string(REPLACE "\n" ";" lines "${CMAKE_MATCH_1}")
    set(commands "")
    foreach(line IN LISTS lines)
        if(line MATCHES "^  ([a-z][a-z0-9-]*)  ")
            list(APPEND commands "${CMAKE_MATCH_1}")
        endif()
    endforeach()
    if(NOT commands)
        message(FATAL_ERROR "manpage.cmake: no commands found in ${NAME} --help")
    endif()
    string(APPEND page ".SH COMMANDS\n")
    foreach(command IN LISTS commands)
        run_help(sub ${command})
        string(STRIP "${sub}" sub)
        escape(e_sub "${sub}")
        escape(e_command "${command}")
        string(APPEND page ".SS ${e_command}\n.nf\n${e_sub}\n.fi\n")
    endforeach()
endif()

string(APPEND page ".SH SEE ALSO\n")
if(NAME STREQUAL "concord")
    string(APPEND page ".BR concord\\-cli (1)\n")
else()
    string(APPEND page ".BR concord (1)\n")
endif()

file(WRITE "${OUT}.tmp" "${page}")
file(RENAME "${OUT}.tmp" "${OUT}")
