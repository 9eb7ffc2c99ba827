#!/usr/bin/env python3
"""test_watch.py: `newsdesk watch` and `newsdesk feeds` against HTTP servers the test runs on
127.0.0.1, serving feeds and pages of our own writing. Good feeds: RSS 2.0 carrying full content,
Atom carrying only summaries (the pages are fetched and extracted), JSON Feed. Hostile feeds, on
another port (another host): HTTP 500, invalid XML, a 50 MB body, an entity bomb, a redirect loop,
a server that never answers. Checks: new items appear after one poll; an unchanged feed is
answered 304 and nothing is fetched; every hostile feed is reported in `feeds` and the others
still update within the round; a restart adds nothing; OPML round trip.

    test_watch.py NEWSDESK
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

newsdesk = sys.argv[1]
failures = []
stop = threading.Event()
hits = {}
lock = threading.Lock()


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


PARA = ("The council met on {d} to discuss the harbour, and members agreed that the work on the "
        "old quay should begin before the summer, when the boats are out at sea and the town is quiet.")


def rss(items):
    out = ['<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
           '<channel><title>Harbour Gazette</title><link>http://gazette.test/</link>']
    for guid, title, day in items:
        body = "".join("<p>%s</p>" % PARA.format(d="%s, paragraph %d" % (day, k)) for k in range(3))
        out.append("<item><title>%s</title><guid isPermaLink=\"false\">%s</guid>"
                   "<pubDate>%s 2024 09:00:00 GMT</pubDate><content:encoded><![CDATA[%s]]></content:encoded></item>"
                   % (title, guid, day, body))
    out.append("</channel></rss>")
    return "".join(out).encode()


rss_items = [("g-1", "Quay work to begin", "Mon, 04 Mar"), ("g-2", "Ferry fares frozen", "Tue, 05 Mar")]


def page(title, words):
    paras = "".join("<p>%s %s</p>" % (words, PARA.format(d="Friday, part %d" % k)) for k in range(3))
    return ("<html><head><title>%s</title></head><body><nav><a href='/'>Home</a></nav><article><h1>%s</h1>%s"
            "</article><footer>Valley Courier</footer></body></html>" % (title, title, paras)).encode()


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
        self.wfile.write(body)

    def do_GET(self):
        p = self.path
        with lock:
            hits[p] = hits.get(p, 0) + 1
        if p == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /private/\n")
        if p == "/rss":
            body = rss(rss_items)
            etag = '"%d"' % len(rss_items)
            if self.headers.get("If-None-Match") == etag:
                with lock:
                    hits["304"] = hits.get("304", 0) + 1
                return self.send(304, b"", [("ETag", etag)])
            return self.send(200, body, [("ETag", etag), ("Content-Type", "application/rss+xml")])
        if p == "/atom":
            base = "http://127.0.0.1:%d" % self.server.server_address[1]
            return self.send(200, ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Courier</title>'
                                   '<entry><id>tag:v,1</id><title>Bridge to close</title><link href="%s/story/bridge"/>'
                                   '<updated>2024-03-01T07:00:00Z</updated><summary>The bridge closes.</summary></entry>'
                                   '<entry><id>tag:v,2</id><title>Secret plans</title><link href="%s/private/plans"/>'
                                   '<updated>2024-03-01T08:00:00Z</updated><summary>Plans for the old mill were shown to the council.</summary></entry>'
                                   '</feed>' % (base, base)).encode(), [("Last-Modified", "Fri, 01 Mar 2024 08:00:00 GMT")])
        if p == "/story/bridge":
            return self.send(200, page("Bridge to close for repairs", "Bridge story."))
        if p == "/private/plans":
            return self.send(200, page("Should not be fetched", "Private."))
        if p == "/json":
            return self.send(200, json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Coast Radio",
                                              "items": [{"id": "c-1", "url": "http://coast.test/c1", "title": "Lighthouse lamp",
                                                         "content_text": PARA.format(d="Wednesday") + "\n" + PARA.format(d="Thursday"),
                                                         "date_published": "2024-03-06T10:00:00Z"}]}).encode())
        # hostile
        if p == "/500":
            return self.send(500, b"oops")
        if p == "/invalid":
            return self.send(200, b"<rss><channel><item><title>broken & bad <<< </rss")
        if p == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(50 << 20))
            self.end_headers()
            try:
                for _ in range(800):
                    self.wfile.write(b"<" * 65536)
            except OSError:
                pass
            return
        if p == "/bomb":
            ents = ['<!ENTITY a0 "lol">'] + ['<!ENTITY a%d "%s">' % (i, ("&a%d;" % (i - 1)) * 10) for i in range(1, 10)]
            return self.send(200, ('<?xml version="1.0"?><!DOCTYPE rss [%s]><rss><channel><title>&a9;</title></channel></rss>'
                                   % "".join(ents)).encode())
        if p == "/loop":
            return self.send(302, b"", [("Location", "/loop")])
        if p == "/busy":
            return self.send(503, b"busy", [("Retry-After", "7200")])
        if p == "/hang":
            stop.wait(60)
            return
        return self.send(404, b"not here")


def serve():
    s = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
    return s


good, bad = serve(), serve()
G = "http://127.0.0.1:%d" % good.server_address[1]
B = "http://127.0.0.1:%d" % bad.server_address[1]
tmp = tempfile.mkdtemp(prefix="nd-watch-")
db = os.path.join(tmp, "news.db")


def run(*args, timeout=90):
    r = subprocess.run([newsdesk, *args], capture_output=True, text=True, timeout=timeout)
    return r


def exported():
    r = run("export", "--db", db)
    return [json.loads(l)["id"] for l in r.stdout.splitlines()]


def feeds():
    r = run("feeds", "--db", db, "--json")
    check(r.returncode == 0, "feeds lists: %s" % r.stderr)
    return {f["url"]: f for f in map(json.loads, r.stdout.splitlines())}


good_feeds = [G + "/rss", G + "/atom", G + "/json"]
hostile = [B + "/500", B + "/invalid", B + "/huge", B + "/bomb", B + "/loop", B + "/hang", B + "/busy"]
opml = os.path.join(tmp, "subs.opml")
with open(opml, "w") as f:
    f.write('<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>%s</body></opml>'
            % "".join('<outline type="rss" text="f%d" xmlUrl="%s"/>' % (i, u) for i, u in enumerate(good_feeds + hostile)))

# 1. one poll: the good feeds' items are in the store, the hostile ones reported, within the timeout
start = time.time()
r = run("watch", "--db", db, "--once", "--timeout", "3", opml)
took = time.time() - start
check(r.returncode == 0, "watch exit %d: %s" % (r.returncode, r.stderr))
check("watch: round 1:" in r.stderr, "a progress line per round: %s" % r.stderr)
check(took < 15, "one round bounded by the timeout, not by the hostile feeds: %.1f s" % took)
ids = exported()
for want in ("g-1", "g-2", "tag:v,1", "c-1"):
    check(want in ids, "item %s stored after one poll (have %s)" % (want, ids))
check("tag:v,2" in ids, "a page robots.txt disallows: the item's summary is stored instead")
check(hits.get("/private/plans", 0) == 0, "a page robots.txt disallows is never requested")
check(hits.get("/story/bridge", 0) == 1, "the Atom item's page fetched once")
fs = feeds()
check(len(fs) == 10, "ten feeds listed: %d" % len(fs))
for u in good_feeds:
    check(fs[u]["errors"] == 0 and fs[u]["status"] == 200 and fs[u]["error"] == "", "%s fine: %s" % (u, fs[u]))
check(fs[G + "/rss"]["items"] == 2 and fs[G + "/rss"]["last_new_item"] != "", "rss: items and last new item")
check(fs[G + "/rss"]["title"] == "f0", "the OPML title is kept")
expect = {"/500": "HTTP 500", "/invalid": "invalid XML", "/huge": "larger than", "/bomb": "entities",
          "/loop": "edirect", "/hang": "timed out", "/busy": "HTTP 503"}
for path, word in expect.items():
    f = fs[B + path]
    check(f["errors"] == 1 and f["error"] != "" and word in f["error"], "%s reported: %s" % (path, f))
# 503 with Retry-After: 7200 s: not due before then, though the interval is 900 s
busy_next = time.mktime(time.strptime(fs[B + "/busy"]["next_poll"], "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
check(busy_next >= time.time() + 7000, "Retry-After honoured: next poll %s" % fs[B + "/busy"]["next_poll"])
ok_next = time.mktime(time.strptime(fs[G + "/rss"]["next_poll"], "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
check(time.time() + 800 <= ok_next <= time.time() + 1000, "a good feed is due after the interval")
text = run("feeds", "--db", db).stdout
check("HTTP 500" in text and "failures 1" in text, "plain listing names the error")

# 2. unchanged: a 304, nothing fetched or added; the 503 feed left alone until its Retry-After
n304 = hits.get("304", 0)
busy_hits = hits.get("/busy", 0)
bridge = hits.get("/story/bridge", 0)
r = run("watch", "--db", db, "--once", "--timeout", "3")
check(hits.get("304", 0) == n304 + 1, "the unchanged RSS feed answered 304")
check(hits.get("/story/bridge", 0) == bridge, "no page fetched again")
check(hits.get("/busy", 0) == busy_hits, "a feed that asked to wait is not polled before its Retry-After")
check(len(exported()) == len(ids), "restart adds nothing: %d then %d" % (len(ids), len(exported())))
check("added 0" in r.stderr, "round says added 0: %s" % r.stderr)
fs = feeds()
check(fs[B + "/500"]["errors"] == 2, "failures in a row counted")
check(fs[G + "/rss"]["status"] == 304, "last status 304")

# 3. a new item appears after one poll, while the hostile feeds still fail
rss_items.append(("g-3", "Harbour lights switched on", "Wed, 06 Mar"))
start = time.time()
r = run("watch", "--db", db, "--once", "--timeout", "3")
check("g-3" in exported(), "the new item stored after one poll")
check(time.time() - start < 15, "still on time with the hostile feeds failing")

# 4. OPML round trip
r = run("feeds", "--db", db, "export")
check(r.returncode == 0 and r.stdout.count("<outline") == 10, "export lists ten feeds")
out = os.path.join(tmp, "out.opml")
with open(out, "w") as f:
    f.write(r.stdout)
db2 = os.path.join(tmp, "other.db")
r = run("feeds", "--db", db2, "import", out)
check(r.returncode == 0, "import: %s" % r.stderr)
r2 = run("feeds", "--db", db2, "--json")
urls2 = [json.loads(l)["url"] for l in r2.stdout.splitlines()]
check(urls2 == list(feeds().keys()), "OPML round trip keeps the feeds in order")
# add/remove
check(run("feeds", "--db", db2, "remove", B + "/hang").returncode == 0, "remove")
check(run("feeds", "--db", db2, "remove", B + "/hang").returncode == 1, "remove twice says not followed")
check(run("feeds", "--db", db2, "add", "ftp://x").returncode == 1, "add refuses non-http")

stop.set()
print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
