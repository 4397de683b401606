#!/usr/bin/env python3
"""WeCom (企业微信) group robots for the benchmark: POST /robot/<n>?key=<key> with a markdown message, answered as WeCom
does. Each robot enforces its own rate limit, COUNT messages in any sliding WINDOW seconds, and refuses the rest with
errcode 45009. GET /stats tells how many were accepted and refused, and when the first and last were accepted;
GET /stats?robots=1 adds, per robot, the seconds (after the first acceptance) at which its messages were accepted;
POST /reset starts the figures afresh (the limits keep counting).

    robots.py PORT KEY COUNT WINDOW
"""
import collections
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, KEY, COUNT, WINDOW = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
lock = threading.Lock()
recent = collections.defaultdict(collections.deque)
accepted = collections.defaultdict(list)
stats = {"accepted": 0, "refused": 0, "malformed": 0, "first": None, "last": None}


class Robot(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One write per answer, sent at once: unbuffered, the head and the body left in two writes and the body waited for
    # the client's delayed acknowledgement (Nagle), 40 ms per message, which the real providers do not cost.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        path, _, query = self.path.partition("?")
        if path == "/reset":
            with lock:
                stats.update({"accepted": 0, "refused": 0, "malformed": 0, "first": None, "last": None})
                accepted.clear()
            return self.answer(200, {})
        try:
            message = json.loads(body)
            valid = ("key=" + KEY) in query.split("&") and message["msgtype"] == "markdown" \
                and len(message["markdown"]["content"].encode()) <= 4096
        except (ValueError, KeyError, TypeError):
            valid = False
        now = time.time()
        with lock:
            if not valid:
                stats["malformed"] += 1
                return self.answer(200, {"errcode": 93000, "errmsg": "invalid webhook url or message"})
            sent = recent[path]
            while sent and now - sent[0] >= WINDOW:
                sent.popleft()
            if len(sent) >= COUNT:
                stats["refused"] += 1
                return self.answer(200, {"errcode": 45009, "errmsg": "api freq out of limit"})
            sent.append(now)
            accepted[path].append(now)
            stats["accepted"] += 1
            stats["first"] = stats["first"] or now
            stats["last"] = now
        self.answer(200, {"errcode": 0, "errmsg": "ok"})

    def do_GET(self):
        with lock:
            payload = dict(stats)
            if "robots=1" in self.path and stats["first"]:
                payload["robots"] = {p: [round(t - stats["first"], 3) for t in ts] for p, ts in accepted.items()}
            self.answer(200, payload)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Robot).serve_forever()
