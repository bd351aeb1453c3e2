"""Article.from_html: a news page's body without boilerplate, and its metadata (the web extra)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sourcecheck_client import Article

pytest.importorskip("trafilatura")

PAGE = """<!doctype html><html lang="en"><head><title>Harbour reopens after storm | Coastal Courier</title>
<meta property="og:site_name" content="Coastal Courier">
<meta property="article:published_time" content="2026-05-02T07:30:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/subscribe">Subscribe now</a></nav>
<article><h1>Harbour reopens after storm</h1>
<p>The harbour reopened to shipping on Saturday after two days of closures, the port authority said.</p>
<p>About 40 vessels had waited offshore, according to the coastguard.</p></article>
<aside><h3>Read more</h3><a href="/x">Council approves budget</a></aside></body></html>"""


def test_a_page_becomes_an_article() -> None:
    article = Article.from_html(PAGE, url="https://coastal.example/harbour")
    assert article.title == "Harbour reopens after storm"
    assert article.outlet == "Coastal Courier"
    assert article.published_at == datetime(2026, 5, 2, 7, 30, tzinfo=UTC)
    assert article.body.startswith("The harbour reopened")
    assert "Subscribe" not in article.body and "Read more" not in article.body
    assert article.id.startswith("web-")


def test_what_the_caller_gives_wins() -> None:
    article = Article.from_html(PAGE, url="https://coastal.example/harbour", outlet="Courier", id="h1")
    assert (article.outlet, article.id) == ("Courier", "h1")


def test_a_page_without_a_url_needs_an_id() -> None:
    with pytest.raises(ValueError, match="id="):
        Article.from_html(PAGE)
