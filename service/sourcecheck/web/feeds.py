"""Following RSS and Atom feeds into the corpus: each new item's page fetched and ingested once.

An item's article id is made from its link (`page.article_id`), so "seen" is simply "the corpus holds
that article": a restart, or a second machine following the same feeds into one store, ingests nothing
twice, and no other state needs keeping. A feed is fetched with a conditional GET, so an unchanged
feed costs one 304. A bad item (a page that cannot be fetched or read, a refused link) is reported in
one line and skipped; the next poll tries it again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import feedparser

from sourcecheck import core
from sourcecheck.web.fetch import Fetcher, FetchError, Page, Validators
from sourcecheck.web.page import Given, PageError, article_from_html, article_id


@dataclass(frozen=True)
class Item:
    link: str
    title: str


@dataclass
class Poll:
    """What one poll of one feed did."""

    feed: str
    unchanged: bool = False
    ingested: list[tuple[Item, int]] = field(default_factory=list)  # (item, claims)
    known: int = 0
    skipped: list[tuple[Item, str]] = field(default_factory=list)  # (item, why)


def looks_like_feed(content: bytes, content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("application/rss+xml", "application/atom+xml", "application/feed+json"):
        return True
    head = content[:1000].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def items(content: bytes, base_url: str) -> list[Item]:
    """The items of an RSS or Atom feed that link to a page, in the feed's order."""
    parsed = feedparser.parse(content, response_headers={"content-location": base_url})
    out = []
    for entry in parsed.entries:
        link = str(entry.get("link") or "")
        if link:
            out.append(Item(link=link, title=str(entry.get("title") or "")))
    return out


class Follower:
    """Polls feeds and ingests their new items. `known(id)` says whether the corpus holds an article;
    `ingest(article)` stores one and returns its claim count."""

    def __init__(
        self,
        fetcher: Fetcher,
        known: Callable[[str], bool],
        ingest: Callable[[core.Article], int],
        given: Given | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.known = known
        self.ingest = ingest
        # What the flags say holds for every item, except an id and a headline: each item has its own.
        self.given = replace(given or Given(), id="", title="")
        self._validators: dict[str, Validators] = {}

    def poll(self, feed: str) -> Poll:
        """Fetch the feed (conditionally) and ingest its new items."""
        page = self.fetcher.get(feed, validators=self._validators.get(feed))
        if page.not_modified:
            return Poll(feed, unchanged=True)
        self._validators[feed] = Validators(page.etag, page.last_modified)
        return self.take(feed, page)

    def take(self, feed: str, page: Page) -> Poll:
        """Ingest the new items of a feed already fetched."""
        result = Poll(feed)
        for item in items(page.content, page.url):
            key = article_id(item.link)
            if self.known(key):
                result.known += 1
                continue
            try:
                fetched = self.fetcher.get(item.link, from_feed=True)
                article = article_from_html(fetched.content, fetched.url, replace(self.given, id=key))
                result.ingested.append((item, self.ingest(article)))
            except (FetchError, PageError, ValueError) as error:
                result.skipped.append((item, str(error).removeprefix(f"{item.link}: ")))
        return result

    def follow(
        self, feeds: Iterable[str], every: float, stop: threading.Event, report: Callable[[Poll], None]
    ) -> None:
        """Poll every feed, then wait `every` seconds, until `stop` is set."""
        feeds = list(feeds)
        while not stop.is_set():
            for feed in feeds:
                if stop.is_set():
                    return
                try:
                    report(self.poll(feed))
                except FetchError as error:
                    report(Poll(feed, skipped=[(Item(feed, ""), str(error))]))
            stop.wait(every)
