#!/usr/bin/env python3
"""test_fetch.py: src/read/fetch.c against two small HTTP servers of our own on 127.0.0.1 (two ports,
so two hosts): conditional requests, a body over the ceiling, gzip, a redirect loop, a server
that never answers, 503 with Retry-After, robots.txt, and at most two requests at a time per
host. The hostile endpoints must not slow the others.

    test_fetch.py FETCH_CLIENT
"""
import gzip
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

client = sys.argv[1]
lock = threading.Lock()
concurrent = {"now": 0, "max": 0}
stop = threading.Event()
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        p = self.path
        if p == "/feed":
            if self.headers.get("If-None-Match") == '"v1"':
                return self.send(304, b"", [("ETag", '"v1"')])
            return self.send(200, b"<rss version='2.0'><channel/></rss>",
                             [("ETag", '"v1"'), ("Last-Modified", "Tue, 05 Mar 2024 10:00:00 GMT"),
                              ("Content-Type", "application/rss+xml")])
        if p == "/ua":
            return self.send(200, self.headers.get("User-Agent", "").encode())
        if p == "/gzip":
            body = gzip.compress(b"hello " * 1000)
            return self.send(200, body, [("Content-Encoding", "gzip")])
        if p == "/bomb":  # 10 MB of zeros in 10 KB of gzip: stops at the ceiling
            return self.send(200, gzip.compress(b"\0" * (10 << 20)), [("Content-Encoding", "gzip")])
        if p == "/big":
            self.send_response(200)
            self.send_header("Content-Length", str(50 << 20))
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(800):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if p == "/loop":
            return self.send(302, b"", [("Location", "/loop")])
        if p == "/hang":
            stop.wait(30)
            return
        if p == "/busy":
            return self.send(503, b"busy", [("Retry-After", "120")])
        if p == "/limited":
            return self.send(429, b"slow down", [("Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT")])
        if p == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /\n\nUser-agent: newsdesk\nDisallow: /private/\nAllow: /\n")
        if p.startswith("/slow/") or p.startswith("/private/") or p == "/public":
            with lock:
                concurrent["now"] += 1
                concurrent["max"] = max(concurrent["max"], concurrent["now"])
            time.sleep(0.3 if p.startswith("/slow/") else 0)
            with lock:
                concurrent["now"] -= 1
            return self.send(200, b"page " + p.encode())
        return self.send(404, b"no")


def serve():
    s = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
    return s


hostile, good = serve(), serve()
H = "http://127.0.0.1:%d" % hostile.server_address[1]
G = "http://127.0.0.1:%d" % good.server_address[1]


def run(*args):
    out = subprocess.run([client, *args], capture_output=True, text=True, timeout=60)
    check(out.returncode == 0, "fetch_client exit %d: %s" % (out.returncode, out.stderr))
    return {json.loads(l)["url"]: json.loads(l) for l in out.stdout.splitlines()}


start = time.time()
r = run("--timeout-ms", "2500", "--max-bytes", str(8 << 20),
        H + "/hang", H + "/loop", H + "/big", H + "/bomb", G + "/feed", G + "/gzip", G + "/busy",
        G + "/limited", G + "/ua", "ftp://127.0.0.1/x")
elapsed = time.time() - start
check(r[H + "/hang"]["outcome"] == "failed" and "timed out" in r[H + "/hang"]["message"], "hang times out: %s" % r[H + "/hang"])
# Times as ratios (a loaded machine stretches every time, not their proportions): the hang ends
# no sooner than its 2.5 s timeout, the good hosts answer in a fraction of it, and the round
# takes about as long as its slowest request, not the sum of them.
hang = r[H + "/hang"]["seconds"]
check(hang >= 2.0, "hang took its timeout: %s" % hang)
check(r[H + "/loop"]["outcome"] == "failed" and "edirect" in r[H + "/loop"]["message"], "redirect loop: %s" % r[H + "/loop"])
check(r[H + "/big"]["outcome"] == "too_big", "50 MB body refused: %s" % r[H + "/big"])
check(r[H + "/bomb"]["outcome"] == "too_big", "gzip bomb stops at the ceiling: %s" % r[H + "/bomb"])
feed = r[G + "/feed"]
check(feed["outcome"] == "ok" and feed["status"] == 200 and feed["etag"] == '"v1"', "feed: %s" % feed)
check(feed["last_modified"] == "Tue, 05 Mar 2024 10:00:00 GMT", "last-modified kept")
check(r[G + "/gzip"]["length"] == 6000, "gzip decoded: %s" % r[G + "/gzip"]["length"])
check(r[G + "/busy"]["status"] == 503 and r[G + "/busy"]["retry_after"] == 120, "503 Retry-After seconds")
check(r[G + "/limited"]["status"] == 429 and r[G + "/limited"]["retry_after"] > 10**8, "429 Retry-After date")
check(r[G + "/ua"]["head"].startswith("newsdesk/"), "User-Agent names newsdesk: %s" % r[G + "/ua"]["head"])
check(r["ftp://127.0.0.1/x"]["outcome"] == "refused", "only http(s)")
for url in (G + "/feed", G + "/gzip", G + "/busy", G + "/ua"):
    check(r[url]["seconds"] < hang / 2, "%s not slowed by the hostile host: %.2f s (hang %.2f s)" % (url, r[url]["seconds"], hang))
check(elapsed < 2 * hang, "whole round within the timeout: %.1f s (hang %.2f s)" % (elapsed, hang))

# conditional request: the saved ETag gets a 304 and no body
r = run("--etag", '"v1"', G + "/feed")
check(r[G + "/feed"]["status"] == 304 and r[G + "/feed"]["length"] == 0, "304 on a known ETag: %s" % r[G + "/feed"])

# at most two at a time per host
concurrent["max"] = 0
r = run(*[G + "/slow/%d" % i for i in range(6)])
check(all(v["status"] == 200 for v in r.values()) and len(r) == 6, "six slow pages")
check(concurrent["max"] == 2, "at most two at a time per host: %d" % concurrent["max"])

# robots.txt: the newsdesk group applies, not "*"
r = run("--robots", G + "/private/page", G + "/public")
check(r[G + "/private/page"]["outcome"] == "robots", "robots.txt disallows /private/: %s" % r[G + "/private/page"])
check(r[G + "/public"]["outcome"] == "ok" and r[G + "/public"]["status"] == 200, "robots.txt allows /public")

stop.set()
print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
