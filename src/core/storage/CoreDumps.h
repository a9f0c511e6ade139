#pragma once

namespace cmic {

// Keeps the secrets this process holds out of core dumps. Linux: prctl(PR_SET_DUMPABLE, 0), so the kernel writes no
// core file and other processes of the same user can neither ptrace this one nor read its memory through
// /proc/PID/mem; every Unix: the soft RLIMIT_CORE is 0 as well, which also stops the core handlers that ignore the
// dumpable flag (suid_dumpable=2, systemd-coredump honours the limit). Elsewhere a no-op that returns false.
//
// Called once, first thing in main() of the console and of cmic-oauth, before a secret can be read, and never
// undone. Why for the whole process and not only while a SecretBuffer holds a secret: a SecretBuffer is wiped, but
// the copies Qt and the libraries make on the way (a QLineEdit's text and undo steps, QtKeychain's and D-Bus's
// buffers, the request body in Qt's network stack, see docs/security.md) are freed without being wiped, and freed
// memory stays in a dump long after the last buffer is gone. Turning dumps back on would hand those leftovers out.
//
// Returns whether both settings are in force (coreDumpsDisabled()).
bool disableCoreDumps();

// Whether this process is kept out of core dumps: not dumpable (Linux) and a core size limit of 0.
bool coreDumpsDisabled();

} // namespace cmic
