#!/usr/bin/env python3
"""Runs a command under a pseudo-terminal, as a user at a terminal would: waits for its secret prompt, types the
secret held in PTY_SECRET and Enter, and prints everything the terminal showed (standard output and standard error
both go to the terminal). Exits with the command's exit code. Used by tests/cli/tst_clicontract.cpp."""
import os
import pty
import select
import sys
import time

secret = os.environ["PTY_SECRET"].encode()
prompt = os.environ.get("PTY_PROMPT", "(not shown)").encode()
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])

shown = b""
typed = False
deadline = time.time() + 90
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if fd not in ready:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:  # the command ended and closed the terminal
        break
    if not data:
        break
    shown += data
    if not typed and prompt in shown:
        time.sleep(0.2)
        os.write(fd, secret + b"\n")
        typed = True

_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(shown)
sys.stdout.flush()
sys.exit(os.waitstatus_to_exitcode(status) if typed else 99)
