#!/usr/bin/env python3
"""`newsdesk serve` over a real socket on 127.0.0.1: every endpoint, every error, an article
titled <script>alert(1)</script>, an oversized body, a malformed line among good ones, climbing
paths, the token on write endpoints, a slow client. Fixtures are our own (tests/fixtures).

usage: test_serve.py NEWSDESK REPO
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

failures = 0
passed = 0


def check(cond, message):
    global failures, passed
    if cond:
        passed += 1
    else:
        failures += 1
        print("FAIL:", message, flush=True)
    return cond


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy


class Server:
    def __init__(self, newsdesk, db, *extra):
        self.proc = subprocess.Popen([newsdesk, "serve", "--db", db, "--port", "0", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if "serving on http://127.0.0.1:" not in line:
            raise SystemExit(f"server did not start: {line!r} {self.proc.stderr.read()}")
        self.port = int(line.split("127.0.0.1:")[1].split("/")[0])
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = -9
        check(code == 0, f"server exits 0 on SIGTERM, not {code}")


def request(server, path, method="GET", body=None, headers=None):
    req = urllib.request.Request(server.base + path, data=body, method=method, headers=headers or {})
    try:
        with OPENER.open(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get_json(server, path, want=200):
    status, headers, body = request(server, path)
    check(status == want, f"GET {path}: status {status}, want {want}: {body[:200]!r}")
    check(headers.get("Content-Type", "").startswith("application/json"), f"GET {path}: JSON content type")
    try:
        return json.loads(body), headers
    except ValueError:
        check(False, f"GET {path}: not JSON: {body[:200]!r}")
        return {}, headers


def json_error(server, path, want, method="GET", body=None, headers=None):
    status, h, data = request(server, path, method, body, headers)
    check(status == want, f"{method} {path}: status {status}, want {want}")
    try:
        doc = json.loads(data)
        check(doc["error"]["status"] == want and doc["error"]["code"] and doc["error"]["message"],
              f"{method} {path}: error shape {doc}")
    except (ValueError, KeyError, TypeError):
        check(False, f"{method} {path}: JSON error body, got {data[:200]!r}")


def raw_request(port, data, read_timeout=10):
    """Sends bytes as they are (no client normalising the path) and returns the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def main():
    newsdesk, repo = sys.argv[1], sys.argv[2]
    fixtures = os.path.join(repo, "tests", "fixtures")
    tmp = tempfile.mkdtemp(prefix="nd-serve-")
    db = os.path.join(tmp, "desk.db")
    p = subprocess.run([newsdesk, "ingest", "--db", db, os.path.join(fixtures, "summarise"),
                        os.path.join(fixtures, "serve")], capture_output=True, text=True)
    check(p.returncode == 0, f"ingest: {p.stderr}")

    # Binding beyond loopback without a token is refused before anything listens.
    p = subprocess.run([newsdesk, "serve", "--db", db, "--bind", "0.0.0.0", "--port", "0"],
                       capture_output=True, text=True, timeout=20)
    check(p.returncode == 2 and "--token" in p.stderr, f"bind 0.0.0.0 without token: {p.returncode} {p.stderr}")

    srv = Server(newsdesk, db, "--max-body", "65536", "--timeout", "2")
    try:
        health, _ = get_json(srv, "/healthz")
        check(health.get("status") == "ok" and health.get("articles", 0) == 8, f"healthz {health}")

        front, _ = get_json(srv, "/api/stories")
        stories = front.get("stories", [])
        check(len(stories) >= 3, f"front has the fixtures' stories: {len(stories)}")
        by_headline = {s["headline"]: s for s in stories}
        bridge = next((s for s in stories if "Harbour Bridge" in s["headline"]), None)
        check(bridge is not None, "the bridge story is on the front page")
        for s in stories:
            check(all(k in s for k in ("id", "headline", "summary", "when", "where", "article_count",
                                       "outlet_count", "first", "hot")), f"front item fields {sorted(s)}")
        page1, _ = get_json(srv, "/api/stories?limit=1&offset=1")
        check(len(page1["stories"]) == 1 and page1["stories"][0]["id"] == stories[1]["id"],
              "limit and offset page through the same order")
        since, _ = get_json(srv, "/api/stories?since=2025-06-01")
        check([s for s in since["stories"]] and all(s["last_day"] >= "2025-06-01" for s in since["stories"]),
              f"since keeps later stories only: {[s['last_day'] for s in since['stories']]}")
        until, _ = get_json(srv, "/api/stories?until=2025-04-30")
        check(all(s["first_day"] <= "2025-04-30" for s in until["stories"]) and until["stories"],
              "until keeps earlier stories only")
        hot, _ = get_json(srv, "/api/stories?hot=1")
        check(hot.get("hot") is True and isinstance(hot.get("stories"), list), "hot front page")
        for bad in ("limit=0", "limit=abc", "limit=100000", "offset=-1", "since=yesterday", "until=2025-13-01",
                    "q=%zz"):
            json_error(srv, "/api/stories?" + bad, 400)

        sid = bridge["id"] if bridge else 1
        story, headers = get_json(srv, f"/api/stories/{sid}")
        check(story.get("headline") == "Harbour Bridge reopens in Port Elmsworth after repairs",
              f"story headline {story.get('headline')}")
        check(len(story.get("articles", [])) == 4 and story.get("passages") and story.get("quotes"),
              "story has its articles, passages and quotes")
        etag = headers.get("ETag")
        check(bool(etag), "story has an ETag")
        status, _, _ = request(srv, f"/api/stories/{sid}", headers={"If-None-Match": etag})
        check(status == 304, f"If-None-Match gives 304, not {status}")
        json_error(srv, "/api/stories/999999", 404)
        json_error(srv, "/api/stories/abc", 404)

        line, _ = get_json(srv, f"/api/storylines/{story['storyline']}")
        check(any(s["id"] == sid for s in line.get("stories", [])), "storyline holds the story")
        json_error(srv, "/api/storylines/999999", 404)

        person = next((e for e in story.get("people", []) if e["name"] == "Alina Rostova"), None)
        check(person is not None and person.get("id"), f"story names Alina Rostova with an id: {story.get('people')}")
        named, _ = get_json(srv, "/api/entities?name=alina%20rostova")
        check(named.get("name") == "Alina Rostova" and any(s["id"] == sid for s in named.get("stories", [])),
              "entity by name (any case) with its stories")
        if person:
            by_id, _ = get_json(srv, f"/api/entities/{person['id']}")
            check(by_id.get("name") == "Alina Rostova", "entity by id")
        json_error(srv, "/api/entities?name=Nobody%20Atall", 404)
        json_error(srv, "/api/entities", 400)
        json_error(srv, "/api/entities/999999", 404)

        art, _ = get_json(srv, "/api/articles/bridge-3")
        check(art.get("duplicate_of") == "bridge-2" and art.get("body") and art.get("copies"),
              f"article with provenance and copies: {art.get('duplicate_of')} {art.get('copies')}")
        art1, _ = get_json(srv, "/api/articles/bridge-1")
        check(any("corroded steel cables" in p["text"] for p in art1.get("passages", [])), "article passages")
        json_error(srv, "/api/articles/no-such-article", 404)

        found, _ = get_json(srv, "/api/search?q=corroded%20cables")
        check(found.get("stories") and found["stories"][0]["id"] == sid, "search puts the bridge story first")
        check("\u2039" in found["stories"][0].get("snippet", ""), "search snippet marks the match")
        q_stories, _ = get_json(srv, "/api/stories?q=flooded")
        check(q_stories.get("stories") and "Velmora" in json.dumps(q_stories["stories"][0]),
              "GET /api/stories?q= searches")
        json_error(srv, "/api/search", 400)
        json_error(srv, "/api/search?q=", 400)

        # POST: two good lines around a malformed one; the good ones are ingested.
        good1 = {"id": "post-1", "source": "Wexley Post", "published": "2025-05-03", "title": "Wexley notice board back online",
                 "text": "The Wexley notice board went back online on Friday after the council fixed its web form.\n\n"
                         "Messages now appear exactly as they were typed, the council said."}
        good2 = {"id": "post-2", "source": "Wexley Radio", "published": "2025-05-03", "title": "Notice board fixed in Wexley",
                 "text": "Wexley's council said on Friday its notice board was online again with its web form fixed."}
        body = (json.dumps(good1) + "\n{\"id\": \"broken\", \"title\": \n" + json.dumps(good2) + "\n").encode()
        status, _, data = request(srv, "/api/articles", "POST", body, {"Content-Type": "application/x-ndjson"})
        answer = json.loads(data) if data else {}
        check(status == 201, f"POST good+bad lines: status {status} {data[:300]!r}")
        check(answer.get("added") == 2 and answer.get("read") == 2, f"two added: {answer}")
        check(answer.get("errors") and answer["errors"][0]["line"] == 2, f"the bad line is named: {answer.get('errors')}")
        got, _ = get_json(srv, "/api/articles/post-2")
        check(got.get("id") == "post-2", "a POSTed article is served")
        status, _, data = request(srv, "/api/articles", "POST", body)
        again = json.loads(data)
        check(status == 200 and again.get("added") == 0 and again.get("already_stored") == 2,
              f"the same POST again adds nothing: {status} {again}")
        json_error(srv, "/api/articles", 400, "POST", b"this is not json\n")
        json_error(srv, "/api/articles", 413, "POST", b"x" * 100000)
        # A body over the limit sent in chunks, without Content-Length.
        chunked = b"".join(b"%x\r\n%s\r\n" % (20000, b"y" * 20000) for _ in range(5)) + b"0\r\n\r\n"
        answer = raw_request(srv.port, b"POST /api/articles HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                       b"Connection: close\r\n\r\n" + chunked)
        check(answer.startswith(b"HTTP/1.1 413"), f"chunked oversized body: {answer[:60]!r}")
        json_error(srv, "/api/articles", 405)
        json_error(srv, "/api/stories/1", 405, "DELETE")
        json_error(srv, "/api/nothing-here", 404)

        # Pages, escaped.
        for path in ("/", f"/stories/{sid}", f"/storylines/{story['storyline']}", "/search?q=bridge",
                     f"/entities/{person['id'] if person else 1}", "/?hot=1"):
            status, h, page = request(srv, path)
            check(status == 200 and h.get("Content-Type", "").startswith("text/html"), f"page {path}: {status}")
            check(b'name="viewport"' in page and b"<link rel=\"stylesheet\"" not in page and b"<script" not in page,
                  f"page {path}: phone viewport, no external style, no script")
        status, _, page = request(srv, "/stories/999999")
        check(status == 404 and b"<html" in page, "unknown story page is a 404 page")
        status, _, page = request(srv, "/no/such/page")
        check(status == 404, "unknown page 404")
        xss_article, _ = get_json(srv, "/api/articles/xss-1")
        check(xss_article.get("title") == "<script>alert(1)</script>", "the XSS title is kept as text in JSON")
        status, _, page = request(srv, f"/stories/{xss_article.get('story', 0)}")
        check(status == 200 and b"&lt;script&gt;alert(1)&lt;/script&gt;" in page and b"<script>" not in page,
              "XSS title escaped on the story page")
        check(b"<b>markup</b>" not in page, "markup in text escaped")
        xss = next((s for s in front["stories"] if "<script>" in s["headline"]), None)
        check(xss is not None, "a headline with a script tag is on the front page, as text")
        status, _, page = request(srv, "/")
        check(b"<script>" not in page and b"&lt;script&gt;alert(2)&lt;/script&gt;" in page,
              "script tag in a headline escaped on the front page")
        status, _, page = request(srv, "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        check(status == 200 and b"<script>alert(1)" not in page, "search text escaped on the search page")

        status, h, feed = request(srv, "/feed.xml")
        check(status == 200 and "atom" in h.get("Content-Type", ""), f"feed: {status}")
        try:
            root = ET.fromstring(feed)
            entries = root.findall("{http://www.w3.org/2005/Atom}entry")
            check(len(entries) >= 3, f"feed entries {len(entries)}")
            check(any("<script>alert(2)</script>" in e.find("{http://www.w3.org/2005/Atom}title").text for e in entries),
                  "feed carries the script tag as escaped text")
        except ET.ParseError as e:
            check(False, f"feed is well-formed XML: {e}")

        # Paths that try to climb out, as sent by a client that does not normalise them.
        for path in (b"/../../etc/passwd", b"/stories/..%2f..%2fetc%2fpasswd", b"/%2e%2e/%2e%2e/etc/passwd",
                     b"/api/articles/..%2F..%2Fetc%2Fpasswd", b"/stories/%00"):
            answer = raw_request(srv.port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            code = answer[9:12]
            check(code in (b"400", b"404") and b"root:" not in answer, f"{path!r}: {answer[:40]!r}")

        # A slow client is cut off after the timeout (2 s here).
        start = time.time()
        with socket.create_connection(("127.0.0.1", srv.port), timeout=20) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            try:
                data = s.recv(100)
            except (socket.timeout, ConnectionResetError):
                data = None
        took = time.time() - start
        check(data == b"" and took < 10, f"slow client closed after {took:.1f}s")
        health, _ = get_json(srv, "/healthz")
        check(health.get("status") == "ok", "server still answers after all that")
    finally:
        srv.stop()

    # With a token, writes need it and reads do not.
    srv = Server(newsdesk, db, "--token", "s3cret")
    try:
        post = (json.dumps({"id": "post-3", "text": "A third report on the Wexley notice board, which works again."}) +
                "\n").encode()
        json_error(srv, "/api/articles", 401, "POST", post)
        json_error(srv, "/api/articles", 401, "POST", post, {"Authorization": "Bearer wrong"})
        status, _, data = request(srv, "/api/articles", "POST", post, {"Authorization": "Bearer s3cret"})
        check(status == 201, f"POST with the token: {status} {data[:200]!r}")
        get_json(srv, "/api/stories")
    finally:
        srv.stop()
    print(f"{passed} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
