#pragma once

namespace cmic {

// The one decision about the internal log lines, shared by the console (src/app/main.cpp) and cmic-oauth
// (src/cli/main.cpp): every "cmic.*" category (storage, net, gui, validation, identity, presets, jose, sandbox, at
// every level) is off unless |verbose|. What users need to know reaches them as sentences through the program's
// own channel (a dialog, a state line, a "cmic-oauth CMD: ..." line), never as a log line; the categories are for
// developers. QT_LOGGING_RULES, when set, is applied after these rules by Qt and so decides over them.
// May be called again (cmic-oauth turns verbose on once its command line is read).
void applyDefaultLoggingRules(bool verbose);

} // namespace cmic
