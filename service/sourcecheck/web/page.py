"""A news page's HTML into an Article: its body without the boilerplate, and its metadata.

trafilatura does the reading (the reference for news boilerplate removal and metadata: navigation,
"read more" lists, cookie banners, captions and comments stay out of the body; title, site name,
date and canonical URL come from the page's meta tags and JSON-LD). The language comes from the
page's `lang` attribute, else from the body (`sourcecheck.language`). What the page does not say is
taken from `Given` (the command's flags) and never invented: with no site name, no host and no
`--outlet`, the page is refused.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import trafilatura

from sourcecheck import core, language

_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z0-9-]{2,35})", re.IGNORECASE)
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


class PageError(ValueError):
    """A page that cannot be read as an article; the message says what to give."""


@dataclass(frozen=True)
class Given:
    """What the user gave by flag: it wins over what the page says."""

    id: str = ""
    outlet: str = ""
    title: str = ""
    published: int | None = None
    language: str = ""
    fallback_id: str = ""  # when neither the flags nor the page's URL give one (a saved file's name)


def article_id(url: str) -> str:
    """A stable article id for a URL: one page, one id, however often it is fetched."""
    return "web-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]


def article_from_html(html: bytes | str, url: str = "", given: Given = Given()) -> core.Article:
    """The article a news page holds. `url` is where it was fetched from (or "" for a saved file)."""
    raw = html.encode("utf-8") if isinstance(html, str) else html
    document = trafilatura.bare_extraction(
        raw,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "outputformat": _DATE_FORMAT,
        },
    )
    found: dict[str, Any] = (
        {} if document is None else document if isinstance(document, dict) else document.as_dict()
    )
    text = str(found.get("text") or "")
    if not text.strip():
        raise PageError(f"{url or 'the page'}: no article text found")
    title = given.title or str(found.get("title") or "").strip()
    body = _without_headline(text, title)
    canonical = str(found.get("url") or url)
    host = (urlsplit(canonical).hostname or "").removeprefix("www.")
    outlet = given.outlet or str(found.get("sitename") or "").strip() or host
    if not outlet:
        raise PageError(
            f"{url or 'the page'}: no site name and no host to name the outlet by (give --outlet)"
        )
    article_key = given.id or (article_id(canonical) if canonical else given.fallback_id)
    if not article_key:
        raise PageError("a page without a URL needs --id (or a canonical link in the page)")
    return core.Article(
        id=article_key,
        outlet=outlet,
        body=body,
        title=title,
        url=canonical,
        published=given.published if given.published is not None else _timestamp(found.get("date")),
        language=given.language or _declared_language(raw) or _identified(body),
    )


def _without_headline(text: str, title: str) -> str:
    """The body without the headline trafilatura keeps as its first line."""
    first, _, rest = text.strip().partition("\n")
    return rest.strip() if title and first.strip() == title and rest.strip() else text.strip()


def _timestamp(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(datetime.strptime(value, _DATE_FORMAT).timestamp())
    except ValueError:
        return None  # a date the page gives in a form we cannot read is left out, not guessed


def _declared_language(raw: bytes) -> str:
    found = _LANG.search(raw[:20_000])
    return found.group(1).decode("ascii") if found else ""


def _identified(body: str) -> str:
    """The body's language as the identifier reads it, or "" when it is unsure (then the server decides)."""
    found, probability = language.identify(body)
    return found if probability >= 0.9 else ""
