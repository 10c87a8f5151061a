#!/usr/bin/env python3
"""Runs a command and prints its wall time, real-time factor and peak memory (max RSS).

usage: measure.py LABEL AUDIO_SECONDS -- command...
Peak memory is the child's ru_maxrss (Linux: KiB), read with os.wait4, so no external tool is needed.
"""
import os
import sys
import time


def main():
    label, audio_seconds = sys.argv[1], float(sys.argv[2])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    print(f"{label:<34} wall {wall:7.2f} s   RTF {wall / audio_seconds:6.3f}   "
          f"peak RSS {usage.ru_maxrss / 1024:7.0f} MB   cpu {usage.ru_utime + usage.ru_stime:7.2f} s   exit {code}")
    sys.exit(code)


if __name__ == "__main__":
    main()
