#!/usr/bin/env python3
"""Times commands run in turn, for the bench scripts.

    python3 bench/alternate.py RUNS -- CMD1 ARGS... -- CMD2 ARGS...

Runs CMD1, CMD2, ... one after the other, RUNS rounds, output to
/dev/null, and prints one line per command: the median wall time, the
median and the least CPU time (user + system, from wait4, to the
microsecond: /usr/bin/time rounds to 10 ms) in seconds, and the peak
resident memory in MB. Alternating spreads a busy machine's load over
every command alike; CPU time is the steadier figure there.
"""
import os
import statistics
import sys
import time


def run(cmd):
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execvp(cmd[0], cmd)
    _, status, ru = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("alternate.py: %s failed" % " ".join(cmd))
    return time.perf_counter() - t0, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def main(argv):
    rounds, cmds = int(argv[1]), []
    for a in argv[2:]:
        if a == "--":
            cmds.append([])
        else:
            cmds[-1].append(a)
    got = [[] for _ in cmds]
    for _ in range(rounds):
        for i, cmd in enumerate(cmds):
            got[i].append(run(cmd))
    for g in got:
        wall, cpu = [x[0] for x in g], [x[1] for x in g]
        print("%.4f %.4f %.4f %d" % (statistics.median(wall), statistics.median(cpu), min(cpu), max(x[2] for x in g) // 1024))


if __name__ == "__main__":
    main(sys.argv)
