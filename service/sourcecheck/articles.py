"""Read article files: JSON in the Article shape, plain text with flags, or a folder with metadata."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sourcecheck import core
from sourcecheck.web.page import Given, PageError, article_from_html

METADATA_FILE = "articles.json"
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = (".txt", ".json", *HTML_SUFFIXES)


class ArticleFileError(ValueError):
    """An article file that cannot be read as an article."""


@dataclass(frozen=True)
class Defaults:
    """What flags give to plain-text files: outlet, id, publication time, title."""

    outlet: str = ""
    id: str = ""
    published: str = ""
    title: str = ""
    language: str = ""


def parse_time(value: str) -> int | None:
    if not value:
        return None
    text = value.strip()
    if len(text) == 10:
        text += "T12:00:00Z"
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise ArticleFileError(f"bad time {value!r}: use RFC 3339, e.g. 2024-12-17T10:00:00Z") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def from_mapping(data: dict[str, object], where: str) -> core.Article:
    def text(key: str) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ArticleFileError(f"{where}: {key} must be a string")
        return value

    return core.Article(
        id=text("id"),
        outlet=text("outlet"),
        body=text("body"),
        title=text("title"),
        url=text("url"),
        published=parse_time(text("published_at")),
        language=text("language") or "en",
    )


def read_file(path: Path, defaults: Defaults = Defaults()) -> core.Article:
    if path.suffix.lower() in HTML_SUFFIXES:
        return _read_html(path, defaults)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ArticleFileError(f"{path}: {error}") from error
    if path.suffix == ".json":
        return _from_json(raw, str(path))
    meta = _metadata_for(path)
    if meta is not None:
        lines = raw.split("\n", 1)
        title, body = (lines[0], lines[1] if len(lines) > 1 else "") if meta.get("title_line") else ("", raw)
        return core.Article(
            id=str(meta["id"]),
            outlet=str(meta["outlet"]),
            body=body,
            title=title,
            published=parse_time(str(meta.get("published_at", ""))),
        )
    return _plain(raw, defaults, path.stem)


def from_text(raw: str, defaults: Defaults, name: str) -> core.Article:
    """An article read from a stream (standard input): JSON in the Article shape, else plain text."""
    return _from_json(raw, name) if raw.lstrip().startswith("{") else _plain(raw, defaults, name)


def _from_json(raw: str, where: str) -> core.Article:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ArticleFileError(f"{where}: not JSON: {error}") from error
    if not isinstance(data, dict):
        raise ArticleFileError(f"{where}: expected a JSON object in the Article shape")
    return from_mapping(data.get("article", data), where)


def _plain(raw: str, defaults: Defaults, default_id: str) -> core.Article:
    """Plain text: the body, with what the flags say of it."""
    return core.Article(
        id=defaults.id or default_id,
        outlet=defaults.outlet,
        body=raw,
        title=defaults.title,
        published=parse_time(defaults.published),
        language=defaults.language or "en",
    )


def given(defaults: Defaults, fallback_id: str = "") -> Given:
    """The flags as what a page's own metadata gives way to."""
    return Given(
        id=defaults.id,
        outlet=defaults.outlet,
        title=defaults.title,
        published=parse_time(defaults.published),
        language=defaults.language,
        fallback_id=fallback_id,
    )


def _read_html(path: Path, defaults: Defaults) -> core.Article:
    """A saved news page: its own metadata, the flags where it has none, the file name as a last id."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ArticleFileError(f"{path}: {error}") from error
    try:
        return article_from_html(raw, "", given(defaults, fallback_id=path.stem))
    except PageError as error:
        raise ArticleFileError(f"{path}: {error}") from error


def _metadata_for(path: Path) -> dict[str, object] | None:
    meta_path = path.parent / METADATA_FILE
    if not meta_path.is_file():
        return None
    try:
        entries = json.loads(meta_path.read_text(encoding="utf-8")).get("articles", [])
    except (OSError, json.JSONDecodeError) as error:
        raise ArticleFileError(f"{meta_path}: {error}") from error
    return next((e for e in entries if e.get("file") == path.name), None)


def expand(paths: list[str]) -> Iterator[Path]:
    """Files named, and the article files (.txt, .json, .html) inside folders named, in a stable order."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.suffix in ARTICLE_SUFFIXES and child.name != METADATA_FILE and child.is_file():
                    yield child
        else:
            yield path
