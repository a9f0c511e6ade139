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

add_compile_definitions(QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY QT_NO_URL_CAST_FROM_STRING
                        QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_USE_QSTRINGBUILDER)

function(cmic_target_flags target)
  target_compile_options(${target} PRIVATE ${CMIC_WARNINGS})
  if(CMIC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
