"""News pages and feeds from the web, against a real HTTP server on 127.0.0.1 serving pages the tests
write: the right body and metadata, the right refusals, nothing ingested twice."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sourcecheck.cli import main
from sourcecheck.web.feeds import Follower, items
from sourcecheck.web.fetch import Disallowed, Fetcher, FetchError, Refused, Validators
from sourcecheck.web.page import Given, PageError, article_from_html

BOILERPLATE = ("Subscribe now", "We use cookies", "Read more", "All rights reserved", "Storm warning")


def news_page(headline: str, paragraphs: list[str], *, site: str = "Northvale Herald", date: str = "") -> str:
    """A news page with heavy boilerplate around the article."""
    published = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="en"><head><title>{headline} | {site}</title>
<meta property="og:site_name" content="{site}">{published}</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/subscribe">Subscribe now</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<article><h1>{headline}</h1>{body}
<figure><img src="bridge.jpg" alt="">
<figcaption>The bridge at dawn. Photo: Staff</figcaption></figure></article>
<aside><h3>Read more</h3><ul><li><a href="/a">Council approves budget</a></li>
<li><a href="/b">Storm warning for the coast</a></li></ul></aside>
<footer>© 2026 {site}. All rights reserved.</footer></body></html>"""


BRIDGE = news_page(
    "Bridge closed after barge strike",
    [
        "The Elm Street bridge was closed on Tuesday after a barge struck one of its piers, the harbour "
        "police said.",
        "Engineers found cracks in two piers, according to a statement from the city's transport department.",
        '"We will not reopen it until every pier has been checked," Mayor Ines Okafor said.',
    ],
    date="2026-03-04T09:15:00Z",
)
JSON_LD = """<!doctype html><html><head><title>x</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Ferry service resumes after storm", "datePublished": "2026-05-02T07:30:00Z",
"publisher": {"@type": "Organization", "name": "Coastal Courier"}}</script></head>
<body><article><h1>Ferry service resumes after storm</h1>
<p>The island ferry resumed its crossings on Saturday morning after two days of cancellations, the
operator said in a statement.</p><p>About 400 passengers had been stranded on the mainland, according to
the port authority, which said extra sailings would run through Sunday.</p></article></body></html>"""
UNDATED = news_page(
    "Library to extend opening hours",
    [
        "The central library will open until 9 p.m. on weekdays from next month, the city council said.",
        "Council member Rosa Imre said the change followed a survey of more than 2,000 residents.",
    ],
)


@dataclass
class Site:
    """What the local server serves, and what it was asked for."""

    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (content type, body)
    robots: str = ""
    hits: list[str] = field(default_factory=list)
    base: str = ""

    def feed(self, path: str, links: list[str], *, atom: bool = False) -> None:
        if atom:
            entries = "".join(
                f"<entry><title>Item {n}</title><link href='{link}'/><id>{link}</id>"
                "<updated>2026-03-04T10:00:00Z</updated></entry>"
                for n, link in enumerate(links)
            )
            body = f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>F</title>{entries}</feed>"
            self.pages[path] = ("application/atom+xml", body)
        else:
            entries = "".join(
                f"<item><title>Item {n}</title><link>{link}</link><guid>{link}</guid></item>"
                for n, link in enumerate(links)
            )
            body = (
                f"<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>{entries}</channel></rss>"
            )
            self.pages[path] = ("application/rss+xml", body)


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            served.hits.append(self.path)
            if self.path == "/robots.txt":
                return (
                    self._send(200, "text/plain", served.robots) if served.robots else self._send(404, "", "")
                )
            if self.path.startswith("/loop"):
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
                return None
            if self.path == "/huge.html":
                return self._send(200, "text/html", "<p>" + "word " * 2_000_000 + "</p>")
            if self.path not in served.pages:
                return self._send(404, "text/plain", "not found")
            kind, body = served.pages[self.path]
            etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return None
            return self._send(200, kind, body, etag)

        def _send(self, status: int, kind: str, body: str, etag: str = "") -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            if kind:
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)  # an oversize page's reader stops early: that is the point

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


def fetcher(**options: object) -> Fetcher:
    return Fetcher(delay=0.0, **options)  # type: ignore[arg-type]


def test_a_news_page_gives_its_body_without_boilerplate_and_its_metadata(site: Site) -> None:
    site.pages["/news/bridge.html"] = ("text/html", BRIDGE)
    with fetcher() as f:
        page = f.get(site.base + "/news/bridge.html")
    article = article_from_html(page.content, page.url)
    assert article.title == "Bridge closed after barge strike"
    assert article.outlet == "Northvale Herald"
    assert article.published == 1772615700  # 2026-03-04T09:15:00Z
    assert article.language == "en"
    assert article.body.startswith("The Elm Street bridge was closed")
    assert "Mayor Ines Okafor" in article.body
    for text in (*BOILERPLATE, "Photo: Staff", "Bridge closed after barge strike"):
        assert text not in article.body


def test_json_ld_metadata_is_read() -> None:
    article = article_from_html(JSON_LD, "https://coastal.example/ferry")
    assert (article.title, article.outlet) == ("Ferry service resumes after storm", "Coastal Courier")
    assert article.published == 1777707000  # 2026-05-02T07:30:00Z


def test_a_page_without_a_date_has_none_and_the_flag_gives_it() -> None:
    assert article_from_html(UNDATED, "https://news.example/library").published is None
    assert article_from_html(UNDATED, "https://news.example/library", Given(published=1)).published == 1


def test_a_saved_page_without_a_url_needs_an_id() -> None:
    with pytest.raises(PageError, match="--id"):
        article_from_html(UNDATED, "")
    assert article_from_html(UNDATED, "", Given(id="library")).id == "library"


def test_one_url_one_id() -> None:
    first = article_from_html(UNDATED, "https://news.example/library")
    again = article_from_html(UNDATED, "https://news.example/library")
    assert first.id == again.id and first.id.startswith("web-")


def test_a_conditional_get_answers_304(site: Site) -> None:
    site.pages["/feed.xml"] = ("application/rss+xml", "<rss/>")
    with fetcher() as f:
        first = f.get(site.base + "/feed.xml")
        again = f.get(site.base + "/feed.xml", validators=Validators(first.etag, first.last_modified))
    assert first.etag and not first.not_modified
    assert again.not_modified and again.content == b""


def test_a_redirect_loop_is_cut_short(site: Site) -> None:
    with fetcher(max_redirects=3) as f, pytest.raises(FetchError, match="more than 3 redirects"):
        f.get(site.base + "/loop")


def test_an_oversize_page_is_refused(site: Site) -> None:
    with fetcher(max_bytes=100_000) as f, pytest.raises(FetchError, match="over the limit"):
        f.get(site.base + "/huge.html")


def test_robots_txt_is_obeyed(site: Site) -> None:
    site.robots = "User-agent: *\nDisallow: /private/\n"
    site.pages["/private/a.html"] = ("text/html", BRIDGE)
    site.pages["/news/a.html"] = ("text/html", BRIDGE)
    with fetcher() as f:
        assert f.get(site.base + "/news/a.html").content
        with pytest.raises(Disallowed):
            f.get(site.base + "/private/a.html")
    assert "/private/a.html" not in site.hits


def test_links_from_a_feed_may_not_lead_to_private_addresses_or_files(site: Site) -> None:
    site.pages["/news/a.html"] = ("text/html", BRIDGE)
    with fetcher() as f:
        assert f.get(site.base + "/news/a.html").content  # typed by the user: fetched as asked
        with pytest.raises(Refused, match="private or loopback"):
            f.get(site.base + "/news/a.html", from_feed=True)
        with pytest.raises(Refused, match="http"):
            f.get("file:///etc/passwd", from_feed=True)
    with fetcher(allow_private=True) as f:
        assert f.get(site.base + "/news/a.html", from_feed=True).content


def test_rss_and_atom_items() -> None:
    rss = b"<?xml version='1.0'?><rss version='2.0'><channel><item><title>A</title><link>https://x.example/a</link></item></channel></rss>"
    atom = b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><entry><title>B</title><link href='https://x.example/b'/></entry></feed>"
    assert [(i.title, i.link) for i in items(rss, "https://x.example/feed")] == [("A", "https://x.example/a")]
    assert [(i.title, i.link) for i in items(atom, "https://x.example/atom")] == [
        ("B", "https://x.example/b")
    ]


def test_a_follower_ingests_each_item_once_and_skips_a_bad_one_with_a_reason(site: Site) -> None:
    site.pages["/news/bridge.html"] = ("text/html", BRIDGE)
    site.pages["/news/library.html"] = ("text/html", UNDATED)
    site.feed("/rss.xml", [site.base + "/news/bridge.html", site.base + "/news/missing.html"])
    site.feed("/atom.xml", [site.base + "/news/library.html", site.base + "/news/bridge.html"], atom=True)
    stored: dict[str, int] = {}

    def ingest(article: object) -> int:
        stored[article.id] = len(article.body)  # type: ignore[attr-defined]
        return 3

    with fetcher(allow_private=True) as f:
        follower = Follower(f, lambda key: key in stored, ingest)
        first = follower.poll(site.base + "/rss.xml")
        second = follower.poll(site.base + "/atom.xml")
        third = follower.poll(site.base + "/rss.xml")  # unchanged: a 304
    assert [item.link for item, _ in first.ingested] == [site.base + "/news/bridge.html"]
    assert [(item.link, "HTTP 404" in why) for item, why in first.skipped] == [
        (site.base + "/news/missing.html", True)
    ]
    assert [item.link for item, _ in second.ingested] == [site.base + "/news/library.html"]
    assert second.known == 1
    assert third.unchanged
    assert len(stored) == 2


def test_the_cli_scores_a_url_and_watch_survives_a_restart(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.pages["/news/bridge.html"] = ("text/html", BRIDGE)
    site.pages["/news/library.html"] = ("text/html", UNDATED)
    site.feed("/rss.xml", [site.base + "/news/bridge.html", site.base + "/news/library.html"])
    db = str(tmp_path / "web.db")
    assert main(["score", site.base + "/news/bridge.html", "--db", db, "--delay", "0"]) == 0
    table = capsys.readouterr().out
    assert "Northvale Herald — Bridge closed after barge strike" in table
    assert "Subscribe" not in table and "cookies" not in table
    report = tmp_path / "bridge.report.html"
    assert (
        main(["report", site.base + "/news/bridge.html", "--db", db, "--delay", "0", "-o", str(report)]) == 0
    )
    assert "Bridge closed after barge strike" in report.read_text(encoding="utf-8")
    for _ in range(2):  # the second run finds both items in the store
        assert main(["ingest", site.base + "/rss.xml", "--db", db, "--delay", "0", "--allow-private"]) == 0
    out = capsys.readouterr().out
    assert "2 ingested, 0 already in the corpus" in out
    assert "0 ingested, 2 already in the corpus" in out


def _watch(site: Site, db: str, *feeds: str) -> str:
    """Run `sourcecheck watch` until both feeds were polled once, then SIGTERM it; its output."""
    command = [sys.executable, "-m", "sourcecheck.cli", "watch", *feeds, "--db", db, "--every", "1s"]
    command += ["--delay", "0", "--allow-private"]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=os.environ
    )
    lines: list[str] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and sum(line.startswith(feeds) for line in lines) < len(feeds):
        lines.append(proc.stdout.readline())
    proc.send_signal(signal.SIGTERM)
    rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, "".join(lines) + rest
    return "".join(lines) + rest


def test_watch_follows_two_feeds_and_ingests_nothing_twice_across_a_restart(
    site: Site, tmp_path: Path
) -> None:
    site.pages["/news/bridge.html"] = ("text/html", BRIDGE)
    site.pages["/news/library.html"] = ("text/html", UNDATED)
    site.pages["/news/ferry.html"] = ("text/html", JSON_LD)
    site.feed("/rss.xml", [site.base + "/news/bridge.html", site.base + "/news/gone.html"])
    site.feed("/atom.xml", [site.base + "/news/library.html", site.base + "/news/ferry.html"], atom=True)
    db = str(tmp_path / "watch.db")
    feeds = (site.base + "/rss.xml", site.base + "/atom.xml")
    first = _watch(site, db, *feeds)
    assert f"{feeds[0]}: 1 ingested, 0 already in the corpus, 1 skipped" in first
    assert f"! skipped {site.base}/news/gone.html: " in first and "HTTP 404" in first
    assert f"{feeds[1]}: 2 ingested, 0 already in the corpus, 0 skipped" in first
    assert "SIGTERM" in first
    again = _watch(site, db, *feeds)  # a restart: the store remembers
    assert f"{feeds[0]}: 0 ingested, 1 already in the corpus, 1 skipped" in again
    assert f"{feeds[1]}: 0 ingested, 2 already in the corpus, 0 skipped" in again
