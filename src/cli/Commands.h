#pragma once

// The commands of cmic-oauth, one file each; main.cpp lists them. A new command: a file with its CommandSpec and
// run function (parsing with CommandLine, printing through Io), declared here and added to main.cpp's table.

#include "Command.h"

namespace cmic::cli {

extern const CommandSpec lintCommand;
extern const CommandSpec verifyTokenCommand;
extern const CommandSpec validateCommand;
extern const CommandSpec sandboxCommand;
extern const CommandSpec exportCommand;
extern const CommandSpec tokenCommand;

} // namespace cmic::cli
