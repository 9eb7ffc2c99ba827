#!/usr/bin/env python3
"""A real browser on the pages of `newsdesk serve` over the seeds: Debian's chromium, headless,
loads the front page and story A's page and checks what a reader sees (two stories on the front
page; story A's headline, its four sources named by outlet, its two shared passages with who
published them first, and its quotes), measures at phone width (412 px) that no source or
passage reaches past the story's card and the page never scrolls sideways, and saves a
phone-sized screenshot of each page under the build folder.

usage: test_browser.py NEWSDESK SHARED GAZETTEER OUTDIR
Exits 77 (skipped) when chromium, ../shared/seeds or the gazetteer is absent.
"""
import html
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

from checks import check, report  # noqa: E402


class Dom(html.parser.HTMLParser):
    """Counts elements by tag.class and keeps the text inside each class of interest."""

    def __init__(self):
        super().__init__()
        self.stack, self.counts, self.texts = [], {}, {}

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        keys = [tag] + [f"{tag}.{c}" for c in classes]
        for k in keys:
            self.counts[k] = self.counts.get(k, 0) + 1
        if tag not in ("meta", "link", "input", "br", "img"):
            self.stack.append(keys)

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        for keys in self.stack:
            for k in keys:
                self.texts[k] = self.texts.get(k, "") + data


# Measures the story page's layout and writes it into the page as JSON, for --dump-dom.
LAYOUT_PROBE = """<script>
(function () {
  /* Headless windows have a minimum width; the page is laid out at a phone's 412 px instead. */
  document.documentElement.style.width = '412px';
  var card = document.querySelector('article.story').getBoundingClientRect();
  var items = Array.prototype.slice.call(document.querySelectorAll('li.source, div.passage'));
  var over = items.filter(function (e) { var r = e.getBoundingClientRect(); return r.right > card.right + 1 || r.left < card.left - 1; });
  var out = document.createElement('pre'); out.id = 'layout';
  out.textContent = JSON.stringify({viewport: Math.round(document.documentElement.getBoundingClientRect().width),
    page_scroll: document.body.scrollWidth, sources: document.querySelectorAll('li.source').length,
    passages: document.querySelectorAll('div.passage').length, overflowing: over.length});
  document.body.appendChild(out);
})();
</script>"""


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def browse(chromium, url, *what):
    profile = tempfile.mkdtemp(prefix="nd-chromium-")
    args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-proxy-server", f"--user-data-dir={profile}", "--window-size=412,1600", *what, url]
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=120)
        return p.returncode, p.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main():
    newsdesk, shared, gazetteer, outdir = sys.argv[1:5]
    chromium = chromium_binary()
    if not chromium:
        print("skipped: chromium not installed (scripts/setup.sh installs it)")
        return 77
    seeds = os.path.join(shared, "seeds")
    if not os.path.isdir(seeds):
        print("skipped: ../shared/seeds not found")
        return 77
    if not os.path.isfile(gazetteer):
        print(f"skipped: no gazetteer at {gazetteer}")
        return 77
    db = os.path.join(tempfile.mkdtemp(prefix="nd-browser-"), "seeds.db")
    subprocess.run([newsdesk, "ingest", "--db", db, "--gazetteer", gazetteer, seeds], check=True,
                   capture_output=True)
    front = json.loads(subprocess.run([newsdesk, "front", "--db", db, "--json"], check=True, capture_output=True,
                                      text=True).stdout)
    a = next(s for s in front["stories"] if s["article_count"] == 4)
    server = subprocess.Popen([newsdesk, "serve", "--db", db, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        base = f"http://127.0.0.1:{port}"
        os.makedirs(outdir, exist_ok=True)

        code, dom = browse(chromium, base + "/", "--dump-dom")
        check(code == 0 and "<html" in dom, f"chromium loads the front page (exit {code})")
        page = Dom()
        page.feed(dom)
        check(page.counts.get("article.story", 0) == 2, f"two stories on the front page: {page.counts.get('article.story')}")
        check(a["headline"] in page.texts.get("main", ""), "story A's headline on the front page")

        code, dom = browse(chromium, f"{base}/stories/{a['id']}", "--dump-dom")
        check(code == 0, f"chromium loads story A (exit {code})")
        page = Dom()
        page.feed(dom)
        check(a["headline"] in page.texts.get("h1", ""), f"story A's headline: {page.texts.get('h1')}")
        check(page.counts.get("li.source", 0) == 4, f"its four sources: {page.counts.get('li.source')}")
        check(page.counts.get("div.passage", 0) == 2, f"its two shared passages: {page.counts.get('div.passage')}")
        sources = page.texts.get("li.source", "")
        check(not re.search(r"\b[0-9a-f]{32,}\b", sources), "sources are named, not shown as hex ids")
        check("first:" in page.texts.get("div.passage", "") and "000_" in page.texts.get("div.passage", ""),
              "each passage says who published it first")
        # At phone width nothing of the sources or the passages reaches past the card: the page
        # as served, measured by a script in a copy (the served page allows no script).
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(f"{base}/stories/{a['id']}") as r:
            served = r.read().decode("utf-8")
        probe = os.path.join(tempfile.mkdtemp(prefix="nd-layout-"), "story.html")
        with open(probe, "w", encoding="utf-8") as f:
            f.write(served.replace("</body>", LAYOUT_PROBE + "</body>"))
        code, dom = browse(chromium, "file://" + probe, "--dump-dom", "--virtual-time-budget=3000")
        m = re.search(r'<pre id="layout">(.*?)</pre>', dom, re.S)
        layout = json.loads(html.unescape(m.group(1))) if m else {}
        check(layout.get("viewport") and layout["viewport"] <= 420, f"measured at phone width: {layout.get('viewport')}")
        check(layout.get("page_scroll", 1) <= layout.get("viewport", 0), f"no sideways scrolling: {layout}")
        check(layout.get("sources") == 4 and layout.get("passages") == 2, f"sources and passages laid out: {layout}")
        check(layout.get("overflowing", 1) == 0, f"no source or passage reaches past its card: {layout}")
        quotes = page.texts.get("blockquote.quote", "")
        check(page.counts.get("blockquote.quote", 0) >= 2 and "Bashar al-Assad" in quotes and "Mohammad Baqeri" in quotes,
              "its quotes, with Assad and Baqeri as speakers")
        check("Khamenei" in page.texts.get("div.passage", ""), "the passages' text shows")

        for name, path in (("front", "/"), ("story-a", f"/stories/{a['id']}")):
            shot = os.path.abspath(os.path.join(outdir, f"browser-{name}.png"))
            if os.path.exists(shot):
                os.remove(shot)
            code, _ = browse(chromium, base + path, f"--screenshot={shot}")
            check(code == 0 and os.path.exists(shot) and os.path.getsize(shot) > 5000,
                  f"screenshot {shot} saved")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return report()


if __name__ == "__main__":
    sys.exit(main())
