#!/usr/bin/env python3
"""Fires a slot (POST URL with the admin TOKEN) and prints the moment the request was sent (epoch milliseconds) and the
bulletin's id; exits 1 when the dispatcher refuses (the slot does not fire that day), its answer on stderr.

A fan-out's time starts here: a curl started from the shell took 25 ms or more before its request left, time that
smtp-source, timed from its own start, does not pay.

    fire.py URL TOKEN
"""
import json
import sys
import time
import urllib.error
import urllib.request

request = urllib.request.Request(sys.argv[1], data=b"", method="POST", headers={
    "Authorization": "Bearer " + sys.argv[2], "Content-Type": "application/json"})
start = time.time_ns() // 1_000_000
try:
    with urllib.request.urlopen(request, timeout=600) as answer:
        bulletin = json.load(answer).get("id")
except urllib.error.HTTPError as refused:
    print(refused.code, refused.read().decode(errors="replace"), file=sys.stderr)
    sys.exit(1)
if not bulletin:
    sys.exit(1)
print(start, bulletin)
