"""The HTML sourcing report: its markup, and every seed's report loaded for real in headless Chromium.

The browser tests skip only when no Chromium is installed (Debian: `apt-get install chromium`). They
drive it over the DevTools protocol: console errors, exceptions and any request that is not the file
itself fail the test. Set SOURCECHECK_UPDATE_SCREENSHOT=1 to write the screenshot to docs/report.png.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websocket

from sourcecheck import report
from sourcecheck.articles import read_file
from sourcecheck.cli import main
from sourcecheck.engine import Engine, load_policy
from sourcecheck.store import open_store
from sourcecheck.v1 import scoring_pb2 as pb

ROOT = Path(__file__).resolve().parent / ".."
SEEDS = ROOT / "seeds"
SCREENSHOT_SEED = "001_3100be0ccc3fa2db.txt"  # the seed with echoes, hedges and a denial
WINDOW = (1280, 1600)
WAIT = 60.0
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def seed_files() -> list[Path]:
    return sorted(p for p in SEEDS.iterdir() if p.suffix == ".txt")


# ------------------------------------------------------------------------------------------ markup only


def _claim(number: int, start: int, end: int, text: str, score: float, **fields: Any) -> pb.Claim:
    return pb.Claim(id=f"c{number}", text=text, span=pb.Span(start=start, end=end), score=score, **fields)


def test_render_marks_each_claim_sources_and_hedges() -> None:
    body = "Officials said the bridge opened. It allegedly cost <b>$5m</b>. Nothing else."
    first, second = body.index("Officials"), body.index("It allegedly")
    article = pb.Article(id="a1", outlet="Gazette & Co", body=body, title="Bridge <opens>")
    response = pb.ScoreArticleResponse(
        article_id="a1",
        policy_version="test-1",
        claims=[
            _claim(
                1,
                first,
                body.index(" It"),
                "Officials said the bridge opened.",
                0.7,
                attribution=pb.Attribution(
                    kind=pb.SOURCE_KIND_ANONYMOUS,
                    source="Officials",
                    origin_key="anon:x",
                    chain=[
                        pb.Source(
                            kind=pb.SOURCE_KIND_ANONYMOUS, name="Officials", span=pb.Span(start=0, end=9)
                        )
                    ],
                ),
            ),
            _claim(
                2,
                second,
                body.index(" Nothing"),
                "It allegedly cost <b>$5m</b>.",
                0.1,
                attribution=pb.Attribution(
                    kind=pb.SOURCE_KIND_UNATTRIBUTED, hedged=True, hedges=["allegedly"]
                ),
            ),
        ],
    )
    page = report.render(article, response)
    assert page.count('<mark class="claim') == 2
    assert '<mark class="claim b3"' in page and '<mark class="claim b0"' in page
    assert '<span class="src" title="Source: Officials (anonymous)">Officials</span>' in page
    assert '<span class="hedge" title="Hedge: “allegedly”">allegedly</span>' in page
    assert "&lt;b&gt;$5m&lt;/b&gt;" in page and "<b>$5m</b>" not in page, "the body is escaped"
    assert "Bridge &lt;opens&gt;" in page and "Gazette &amp; Co" in page
    assert 'id="detail-1"' in page and 'id="detail-2"' in page


def test_render_is_self_contained() -> None:
    body = "The council approved the budget on Tuesday, mayor Jane Holt said."
    article = pb.Article(id="a", outlet="O", body=body, url="https://example.org/a")
    response = pb.ScoreArticleResponse(claims=[_claim(1, 0, len(body), body, 0.5)])
    page = report.render(article, response)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for external in ("<link", "src=", "@import", "url("):
        assert external not in page, external
    addresses = set(re.findall(r"https?://[^\s\"'<)]+", page))
    assert addresses == {"https://example.org/a", "http://www.w3.org/2000/svg"}, "only the article's own link"


def test_overlapping_and_bad_spans_still_give_one_mark_per_claim() -> None:
    body = "One two three. Four five six."
    claims = [
        _claim(1, 0, 14, "One two three.", 0.2),
        _claim(2, 10, 29, "three. Four five six.", 0.9),  # overlaps the first
        _claim(3, 50, 60, "beyond the body", 0.5),  # outside the body
        _claim(4, 0, 0, "Four five six.", 0.5),  # no span: found by its text
    ]
    page = report.render(pb.Article(id="x", outlet="O", body=body), pb.ScoreArticleResponse(claims=claims))
    assert page.count('<mark class="claim') == 4


def test_graph_shows_outlets_sharing_an_origin() -> None:
    body = "Hollis said a source told her the mayor took bribes."
    claim = _claim(
        1,
        0,
        len(body),
        body,
        0.13,
        attribution=pb.Attribution(
            kind=pb.SOURCE_KIND_ANONYMOUS, source="a source", origin_key="person:hollis"
        ),
        supporting=[
            pb.Match(
                article_id="sun", outlet="Evening Courier", claim_id="c1", kind=pb.SOURCE_KIND_NAMED_PERSON
            ),
            pb.Match(
                article_id="arab", outlet="Valley Gazette", claim_id="c4", kind=pb.SOURCE_KIND_NAMED_PERSON
            ),
            pb.Match(article_id="n1", outlet="Metro Herald", claim_id="c2", kind=pb.SOURCE_KIND_UNATTRIBUTED),
        ],
    )
    article = pb.Article(id="dm", outlet="Morning Ledger", body=body)
    graph = report.story_graph(article, pb.ScoreArticleResponse(claims=[claim]))
    assert graph.edges[("Morning Ledger", "person:hollis")] == 1
    assert graph.edges[("Evening Courier", "person:hollis")] == 1
    assert graph.edges[("Valley Gazette", "person:hollis")] == 1
    assert graph.edges[("Metro Herald", report.OWN_VOICE_KEY)] == 1
    page = report.render(article, pb.ScoreArticleResponse(claims=[claim]))
    assert "×3" in page, "the origin three outlets trace to is marked"
    # With the other article scored, its claim's own origin is used: here an independent one.
    other = pb.ScoreArticleResponse(
        claims=[pb.Claim(id="c1", attribution=pb.Attribution(source="Wire Service", origin_key="org:ws"))]
    )
    graph = report.story_graph(article, pb.ScoreArticleResponse(claims=[claim]), {"sun": other})
    assert graph.edges[("Evening Courier", "org:ws")] == 1
    assert ("Evening Courier", "person:hollis") not in graph.edges


# ------------------------------------------------------------------------------------------ the browser


def _browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


class DevTools:
    """A page in headless Chromium, driven over the DevTools protocol on one websocket."""

    def __init__(self, executable: str, profile: Path) -> None:
        self.process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars",
                f"--window-size={WINDOW[0]},{WINDOW[1]}",
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + WAIT
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self.socket = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=WAIT)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": WINDOW[0], "height": WINDOW[1], "deviceScaleFactor": 1, "mobile": False},
            session=True,
        )

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: bool = False
    ) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self.socket.send(json.dumps(message))
        while True:
            reply = json.loads(self.socket.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for event in self.events:
                if event.get("method") == method:
                    return event
            self.events.append(json.loads(self.socket.recv()))
        raise TimeoutError(method)

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", {"url": url}, session=True)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        reply = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def press(self, key: str, code: str, key_code: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.call(
                "Input.dispatchKeyEvent",
                {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code},
                session=True,
            )

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions, error log entries and requests for anything but files."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails']}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in (
                "error",
                "assert",
                "warning",
            ):
                found.append(f"console.{params['type']}: {params.get('args')}")
            elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
                found.append(f"log: {params['entry'].get('text')}")
            elif method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith(("file://", "data:", "about:")):
                    found.append(f"request: {url}")
        return found

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", {"format": "png"}, session=True)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        if hasattr(self, "socket"):
            self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevTools]:
    executable = _browser()
    if executable is None:
        pytest.skip("no Chromium installed (Debian: apt-get install chromium)")
    tools = DevTools(executable, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield tools
    finally:
        tools.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    """Each seed's report, made by `sourcecheck report` in-process on a store holding the seeds, with
    the number of claims `sourcecheck score` finds in it."""
    folder = tmp_path_factory.mktemp("reports")
    db = str(folder / "seeds.db")
    assert main(["ingest", str(SEEDS), "--db", db]) == 0
    made = {}
    for path in seed_files():
        out = folder / f"{path.stem}.html"
        assert main(["report", str(path), "--db", db, "-o", str(out)]) == 0
        engine = Engine(open_store(db), load_policy())
        try:
            claims = len(engine.score(read_file(path)))
        finally:
            engine.store.close()
        made[path.name] = (out, claims)
    return made


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("seed", [p.name for p in seed_files()])
def test_seed_report_loads_clean_in_chromium(
    seed: str, browser: DevTools, reports: dict[str, tuple[Path, int]]
) -> None:
    page, claims = reports[seed]
    assert claims > 0
    browser.open(page.resolve().as_uri())
    assert browser.evaluate("document.querySelectorAll('mark.claim').length") == claims
    assert browser.evaluate("document.querySelectorAll('.detail').length") == claims
    assert browser.evaluate("document.querySelectorAll('.detail.active').length") == 1
    assert browser.evaluate("document.documentElement.classList.contains('no-js')") is False
    assert browser.evaluate("document.querySelector('svg.graph').getBBox().width") > 0
    # Clicking a claim shows its details.
    browser.evaluate("document.getElementById('m-2').click()")
    assert browser.evaluate("document.querySelector('.detail.active').id") == "detail-2"
    assert browser.evaluate("document.getElementById('m-2').getAttribute('aria-pressed')") == "true"
    # So does the keyboard: focus a claim, press Enter; j steps to the next one.
    last = claims
    browser.evaluate(f"document.getElementById('m-{last}').focus()")
    browser.press("Enter", "Enter", 13)
    assert browser.evaluate("document.querySelector('.detail.active').id") == f"detail-{last}"
    browser.press("j", "KeyJ", 74)
    assert browser.evaluate("document.querySelector('.detail.active').id") == "detail-1"
    assert browser.evaluate("document.activeElement.id") == "m-1"
    assert browser.problems() == []


def test_screenshot_of_a_seed_report(
    browser: DevTools, reports: dict[str, tuple[Path, int]], tmp_path: Path
) -> None:
    page, _ = reports[SCREENSHOT_SEED]
    browser.open(page.resolve().as_uri())
    shot = tmp_path / "report.png"
    browser.screenshot(shot)
    assert _png_size(shot) == WINDOW
    assert shot.stat().st_size > 50_000, "a blank page compresses to almost nothing"
    assert browser.problems() == []
    if os.environ.get("SOURCECHECK_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, ROOT / "docs" / "report.png")


def test_a_javascript_url_never_runs_in_chromium(browser: DevTools, tmp_path: Path) -> None:
    """An article whose url is `javascript:…` gets no link; and the CSP allows the page's own script by
    its hash only, so even a javascript: link slipped into the page does nothing when clicked."""
    attack = "javascript:void(document.title='pwned')"
    article = pb.Article(
        id="a1", outlet="Example Gazette", url=attack, body="The Elm Street bridge was closed, police said."
    )
    response = pb.ScoreArticleResponse(article_id="a1", policy_version="test")
    page = report.render(article, response)
    assert 'href="javascript:' not in page and "unsafe-inline'; img" not in page.split("script-src")[1][:40]
    planted = tmp_path / "planted.html"
    planted.write_text(
        page.replace("<body>", f'<body><a id="evil" href="{attack}">x</a>', 1), encoding="utf-8"
    )
    browser.open(planted.resolve().as_uri())
    assert browser.evaluate("document.documentElement.classList.contains('no-js')") is False  # ours ran
    browser.evaluate("document.getElementById('evil').click()")
    time.sleep(0.3)
    assert browser.evaluate("document.title") != "pwned"
