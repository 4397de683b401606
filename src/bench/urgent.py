#!/usr/bin/env python3
"""Posts PROBES urgent notices, one to each of zone-1 .. zone-PROBES, one every INTERVAL ms, once the fan-out under way
has put 300 mails into smtp-sink (its counter in COUNTER_FILE, BEFORE mails before the fan-out); prints, a line each,
when the probe was posted (epoch milliseconds) and whether the fan-out was still sending then (1) or not (0).

From one process, so that the probes land in the middle of a fan-out that lasts under two seconds: a curl a probe
from the shell took 40 to 60 ms each, and most probes came after the fan-out.

    urgent.py BASE_URL TOKEN PROBES INTERVAL_MS COUNTER_FILE BEFORE ZONES
"""
import json
import sys
import time
import urllib.request

from sink import accepted

BASE, TOKEN, PROBES, INTERVAL, COUNTER, BEFORE, ZONES = (
    sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) / 1000, sys.argv[5], int(sys.argv[6]),
    int(sys.argv[7]))


deadline = time.monotonic() + 600
while accepted(COUNTER) - BEFORE < 300:
    if time.monotonic() > deadline:
        sys.exit("the fan-out for the urgent probes did not start")
    time.sleep(0.005)
for i in range(1, PROBES + 1):
    amid = 1 if accepted(COUNTER) - BEFORE < ZONES else 0
    notice = {"category": "reminder", "priority": "urgent", "title": f"紧急通知探针 {i}",
              "body": "请各开发区知悉，按时参加本周工作会议，并于周五前反馈。", "audience": {"zones": [f"zone-{i}"]},
              "author": "开发区处"}
    request = urllib.request.Request(BASE + "/api/notices", data=json.dumps(notice).encode(), method="POST", headers={
        "Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    posted = time.time_ns() // 1_000_000
    with urllib.request.urlopen(request, timeout=60) as answer:
        answer.read()
    print(posted, amid, flush=True)
    time.sleep(INTERVAL)
