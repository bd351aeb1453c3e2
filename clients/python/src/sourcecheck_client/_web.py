"""A news page into an :class:`Article` (the ``web`` extra: trafilatura and httpx).

The server is text-in on purpose (a server that fetches what callers name is a door to SSRF), so
pages are read here, on the caller's side: trafilatura keeps navigation, related links, cookie banners
and captions out of the body and reads the title, site name, date and canonical URL from the page.
What the page does not say is taken from the keyword arguments, and never invented.
"""

from __future__ import annotations

import hashlib
import urllib.robotparser
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sourcecheck_client._models import Article
from sourcecheck_client._version import __version__

USER_AGENT = f"sourcecheck-client/{__version__} (source-reliability scoring; obeys robots.txt)"
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def article_from_html(
    html: str | bytes,
    *,
    url: str = "",
    id: str = "",
    outlet: str = "",
    title: str = "",
    published_at: datetime | None = None,
    language: str = "",
) -> Article:
    """The article in a news page's HTML; `url` is where it came from. Keyword arguments win over
    what the page says; a page with no site name, host or ``outlet`` raises ``ValueError``."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        date_extraction_params={"original_date": True, "outputformat": _DATE_FORMAT},
    )
    found: dict[str, Any] = (
        {} if document is None else document if isinstance(document, dict) else document.as_dict()
    )
    text = str(found.get("text") or "").strip()
    if not text:
        raise ValueError(f"{url or 'the page'}: no article text found")
    title = title or str(found.get("title") or "").strip()
    first, _, rest = text.partition("\n")
    body = rest.strip() if title and first.strip() == title and rest.strip() else text
    canonical = str(found.get("url") or url)
    outlet = outlet or str(found.get("sitename") or "").strip() or (urlsplit(canonical).hostname or "")
    if not outlet:
        raise ValueError(f"{url or 'the page'}: no site name or host to name the outlet by; pass outlet=")
    key = id or ("web-" + hashlib.sha256(canonical.encode()).hexdigest()[:24] if canonical else "")
    if not key:
        raise ValueError("a page without a URL needs id=")
    if published_at is None and found.get("date"):
        try:
            published_at = datetime.strptime(str(found["date"]), _DATE_FORMAT)
        except ValueError:
            published_at = None
    return Article(
        id=key,
        outlet=outlet,
        body=body,
        url=canonical,
        title=title,
        published_at=published_at,
        language=language or "en",
    )


def fetch_article(
    url: str, *, timeout: float = 15.0, max_bytes: int = 5_000_000, max_redirects: int = 5, **given: Any
) -> Article:
    """Fetch a news page (http(s) only, robots.txt obeyed, size and redirects bounded) and read it
    with :func:`article_from_html`; ``given`` are its keyword arguments."""
    import httpx

    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"{url}: only http(s) URLs are fetched")
    headers = {"User-Agent": USER_AGENT}
    with httpx.Client(
        timeout=timeout, headers=headers, follow_redirects=True, max_redirects=max_redirects
    ) as http:
        parts = urlsplit(url)
        robots = urllib.robotparser.RobotFileParser()
        answer = http.get(f"{parts.scheme}://{parts.netloc}/robots.txt")
        robots.parse(answer.text.splitlines() if answer.status_code < 300 else [])
        if answer.status_code in (401, 403) or not robots.can_fetch("sourcecheck", url):
            raise ValueError(f"{url}: disallowed by the site's robots.txt")
        with http.stream("GET", url) as response:
            response.raise_for_status()
            content = b""
            for chunk in response.iter_bytes():
                content += chunk
                if len(content) > max_bytes:
                    raise ValueError(f"{url}: over the limit of {max_bytes} bytes")
            return article_from_html(content, url=str(response.url), **given)
