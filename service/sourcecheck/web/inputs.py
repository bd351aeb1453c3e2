"""What a command names: a URL of a news page or feed, or a file; and the watch loop's report lines."""

from __future__ import annotations

from urllib.parse import urlsplit

from sourcecheck import core
from sourcecheck.web.feeds import Poll, looks_like_feed
from sourcecheck.web.fetch import Fetcher
from sourcecheck.web.page import Given, PageError, article_from_html


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def fetch_article(url: str, given: Given, fetcher: Fetcher) -> core.Article:
    """The article at a page's URL (a URL the user typed: fetched as asked)."""
    page = fetcher.get(url)
    if looks_like_feed(page.content, page.content_type):
        raise PageError(f"{url} is a feed, not a page: `sourcecheck ingest` or `watch` read feeds")
    return article_from_html(page.content, page.url, given)


def report_name(url: str) -> str:
    """A file name for a page's report: the last part of its path, else its host."""
    parts = urlsplit(url)
    stem = parts.path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or (parts.hostname or "page")
    return f"{stem}.report.html"


def describe(poll: Poll) -> list[str]:
    """One line per item ingested or skipped, and one for the feed."""
    if poll.unchanged:
        return [f"{poll.feed}: unchanged"]
    lines = [f"+ {item.title or item.link} ({claims} claims)" for item, claims in poll.ingested]
    lines += [f"! skipped {item.link}: {why}" for item, why in poll.skipped]
    lines.append(
        f"{poll.feed}: {len(poll.ingested)} ingested, {poll.known} already in the corpus, "
        f"{len(poll.skipped)} skipped"
    )
    return lines
