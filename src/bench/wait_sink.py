#!/usr/bin/env python3
"""Waits until smtp-sink has accepted COUNT mails more than BEFORE, and prints the moment it had (epoch milliseconds).

It reads the sink's own running counter (smtp-sink -c writes it to COUNTER_FILE) every 10 ms, in one process: the
shell loop it replaces started six processes a poll, a fifth of a core taken from the dispatcher while it was being
measured. Every 2 s it checks that the dispatcher (PID) still runs and that its metrics (METRICS_URL) show no delivery
given up; it fails (exit 1, the reason on stderr) on either, or when LIMIT seconds pass.

    wait_sink.py COUNTER_FILE BEFORE COUNT LIMIT PID METRICS_URL
"""
import os
import re
import sys
import time
import urllib.request

from sink import accepted

COUNTER, BEFORE, COUNT, LIMIT, PID, METRICS = (
    sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
DEAD = re.compile(r'^bulletin_deliveries_total\{[^}]*channel="email"[^}]*status="dead"[^}]*\}\s+([0-9.eE+]+)', re.M)


def given_up():
    try:
        with urllib.request.urlopen(METRICS, timeout=5) as answer:
            return sum(float(n) for n in DEAD.findall(answer.read().decode()))
    except OSError:
        return 0


def fail(reason):
    print(reason, file=sys.stderr)
    sys.exit(1)


deadline = time.monotonic() + LIMIT
check = time.monotonic() + 2
while accepted(COUNTER) - BEFORE < COUNT:
    if time.monotonic() >= check:
        check += 2
        try:
            os.kill(PID, 0)
        except OSError:
            fail("the dispatcher stopped")
        if given_up() > 0:
            fail("deliveries were given up")
        if time.monotonic() >= deadline:
            fail(f"not all arrived within {LIMIT:.0f} s")
    time.sleep(0.01)
print(time.time_ns() // 1_000_000)
