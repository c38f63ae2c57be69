#!/usr/bin/env python3
"""A rush of log-ins: CLIENTS clients start at once and log in, again and again, for SECONDS,
as the demo customer (correct password). A 503 is honoured as a browser would: wait
Retry-After, then try again. Prints one RESULT line: log-ins answered 200, refusals (503),
other answers, log-ins/s and the 200s' latency p50/p99 in microseconds.

Usage: login_rush.py PORT CLIENTS SECONDS"""
import http.client
import json
import sys
import threading
import time

port, clients, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
body = json.dumps({"email": "customer@sangsaeng.test", "password": "sangsaeng-demo"})
start = threading.Barrier(clients + 1)
lock = threading.Lock()
ok_us, refused, other = [], [0], [0]


def client():
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    start.wait()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.monotonic()
        try:
            conn.request("POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
        except Exception:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                other[0] += 1
            continue
        us = int((time.monotonic() - t0) * 1e6)
        with lock:
            if r.status == 200:
                ok_us.append(us)
            elif r.status == 503:
                refused[0] += 1
            else:
                other[0] += 1
        if r.status == 503:
            time.sleep(float(r.getheader("Retry-After") or "1"))


threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
for t in threads:
    t.start()
start.wait()
began = time.monotonic()
print("STARTED", flush=True)
for t in threads:
    t.join()
elapsed = time.monotonic() - began
ok_us.sort()


def pct(p):
    return ok_us[min(len(ok_us) - 1, int(len(ok_us) * p / 100))] if ok_us else 0


print(f"RESULT ok={len(ok_us)} refused_503={refused[0]} other={other[0]} "
      f"logins_per_s={len(ok_us) / elapsed:.1f} p50_us={pct(50)} p99_us={pct(99)}", flush=True)
