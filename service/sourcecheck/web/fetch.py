"""Fetching pages and feeds as a good citizen: bounded, identified, polite, and careful with links.

One `Fetcher` per command: httpx with timeouts, a size cap and a redirect limit (each hop checked), an
honest User-Agent, conditional GET (ETag / Last-Modified), robots.txt read once per host and obeyed,
and a pause between two requests to one host. A URL the user typed is fetched as asked, a server on
this machine included; a link found inside a feed is refused when it is not http(s) or points at a
loopback, private or link-local address, unless the user allows it (`allow_private`).
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from sourcecheck.core.version import EXTRACTOR_VERSION

USER_AGENT = f"sourcecheck/{EXTRACTOR_VERSION} (source-reliability scoring for newsrooms; obeys robots.txt)"
ROBOTS_AGENT = "sourcecheck"


class FetchError(Exception):
    """A page or feed that could not be fetched; the message is one line for the user."""


class Refused(FetchError):
    """Not fetched: a scheme or address a link from a feed may not lead to."""


class Disallowed(FetchError):
    """Not fetched: the site's robots.txt disallows it."""


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    content: bytes
    content_type: str
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False  # 304: the validators given still hold


@dataclass(frozen=True)
class Validators:
    """What a previous answer said, for a conditional GET."""

    etag: str = ""
    last_modified: str = ""


class Fetcher:
    def __init__(
        self,
        *,
        timeout: float = 15.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
        delay: float = 1.0,
        allow_private: bool = False,
        obey_robots: bool = True,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.delay = delay
        self.allow_private = allow_private
        self.obey_robots = obey_robots
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            transport=transport,
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last: dict[str, float] = {}
        self._sleep, self._clock = sleep, clock

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, *, from_feed: bool = False, validators: Validators | None = None) -> Page:
        """The page at `url`. `from_feed`: the link came from a feed, not from the user."""
        headers = {}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        for _ in range(self.max_redirects + 1):
            self._check(url, from_feed)
            response = self._request(url, headers)
            if response.status_code in _REDIRECTS:
                location = response.headers.get("location", "")
                response.close()
                if not location:
                    raise FetchError(f"{url}: redirect without a Location")
                url = urljoin(url, location)
                from_feed = from_feed or not _same_site(url, str(response.url))
                continue
            return self._page(url, response)
        raise FetchError(f"{url}: more than {self.max_redirects} redirects")

    def _request(self, url: str, headers: dict[str, str]) -> httpx.Response:
        self._pause(url)
        try:
            request = self._client.build_request("GET", url, headers=headers)
            return self._client.send(request, stream=True)
        except httpx.HTTPError as error:
            raise FetchError(f"{url}: {type(error).__name__}: {error}") from error

    def _page(self, url: str, response: httpx.Response) -> Page:
        try:
            if response.status_code == 304:
                return Page(url, b"", "", not_modified=True)
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(f"{url}: {declared} bytes, over the limit of {self.max_bytes}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(f"{url}: over the limit of {self.max_bytes} bytes")
                chunks.append(chunk)
            return Page(
                url=url,
                content=b"".join(chunks),
                content_type=response.headers.get("content-type", ""),
                etag=response.headers.get("etag", ""),
                last_modified=response.headers.get("last-modified", ""),
            )
        except httpx.HTTPError as error:
            raise FetchError(f"{url}: {type(error).__name__}: {error}") from error
        finally:
            response.close()

    def _check(self, url: str, from_feed: bool) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Refused(f"{url}: only http(s) URLs are fetched")
        if from_feed and not self.allow_private and _private(parts.hostname, parts.port):
            raise Refused(f"{url}: a link from a feed to a private or loopback address (--allow-private)")
        if self.obey_robots and not self._robots_for(url).can_fetch(ROBOTS_AGENT, url):
            raise Disallowed(f"{url}: disallowed by the site's robots.txt")

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(site)
        if robots is None:
            robots = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
            try:
                response = self._request(f"{site}/robots.txt", {})
                status = response.status_code
                text = response.read().decode("utf-8", "replace") if status < 300 else ""
                response.close()
            except FetchError:
                status, text = 404, ""  # no robots.txt to be had: nothing is disallowed
            # As urllib.robotparser.read does: 401/403 disallow everything, other errors nothing.
            robots.parse(["User-agent: *", "Disallow: /"] if status in (401, 403) else text.splitlines())
            self._robots[site] = robots
        return robots

    def _pause(self, url: str) -> None:
        """Wait until `delay` seconds have passed since the last request to the same host."""
        host = urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            wait = self.delay - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()


_REDIRECTS = frozenset([301, 302, 303, 307, 308])


def _same_site(a: str, b: str) -> bool:
    return urlsplit(a).netloc == urlsplit(b).netloc


def _private(host: str, port: int | None) -> bool:
    """Whether any address `host` resolves to is loopback, private, link-local or otherwise not public."""
    try:
        infos = socket.getaddrinfo(host, port or 80, proto=socket.IPPROTO_TCP)
    except OSError:
        return False  # it will fail to connect, with its own message
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            return True
    return False
