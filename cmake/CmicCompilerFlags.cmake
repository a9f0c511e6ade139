# Strict warnings for our own targets; call cmic_target_flags(target) on each.
set(CMIC_WARNINGS -Wall -Wextra -Wpedantic -Wundef -Wformat=2 -Wold-style-cast -Wnon-virtual-dtor
    -Woverloaded-virtual -Wshadow=local -Wcast-qual -Wnull-dereference)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  list(REMOVE_ITEM CMIC_WARNINGS -Wshadow=local)
  list(APPEND CMIC_WARNINGS -Wshadow-uncaptured-local)
endif()

if(CMIC_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Hardening, as Debian builds its packages (lintian's hardening-no-fortify-functions and hardening-no-bindnow; the
# .deb is made from this build): glibc's checked string and memory functions where the compiler optimises (it needs
# -O, so not in Debug), and a read-only relocation table bound at start-up. Everything links the same way, so the
# start-up benchmark's baseline pays the same eager binding as the console. Off with the sanitizers and fuzzers.
option(CMIC_HARDENING "Build with -D_FORTIFY_SOURCE=2 (optimised builds) and link with -z relro -z now" ON)
if(CMIC_HARDENING AND NOT CMIC_SANITIZE AND NOT CMIC_FUZZ)
  add_compile_options("$<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:-U_FORTIFY_SOURCE;-D_FORTIFY_SOURCE=2>")
  add_link_options(LINKER:-z,relro LINKER:-z,now)
endif()

add_compile_definitions(QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY QT_NO_URL_CAST_FROM_STRING
                        QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_USE_QSTRINGBUILDER)

function(cmic_target_flags target)
  target_compile_options(${target} PRIVATE ${CMIC_WARNINGS})
  if(CMIC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
