"""What the stores keep: claims to and from their JSON, and the columns of an article row."""

from __future__ import annotations

import json
from typing import Any

from sourcecheck.core import Article, Attribution, Claim, Features, Kind, Source, Span

ARTICLE_COLUMNS = "id, outlet, body, title, url, published, language"  # in the order of Article's fields
"""The article columns both stores read back into an Article."""
STORED_ARTICLE_COLUMNS = "id, outlet, url, title, body, published, language, extractor_version"
"""The columns both stores write for an article, in the order of `article_row`."""


def article_row(article: Article, extractor_version: str) -> tuple[object, ...]:
    """An article's values for STORED_ARTICLE_COLUMNS."""
    return (
        article.id,
        article.outlet,
        article.url,
        article.title,
        article.body,
        article.published,
        article.language,
        extractor_version,
    )


def _source(s: Source) -> dict[str, Any]:
    return {
        "k": s.kind.value,
        "n": s.name,
        "r": s.role,
        "s": [s.span.start, s.span.end] if s.span else None,
        "c": s.count,
    }


def dump_claim(claim: Claim) -> str:
    f = claim.features
    return json.dumps(
        {
            "id": claim.id,
            "t": claim.text,
            "sp": [claim.span.start, claim.span.end],
            "ch": [_source(s) for s in claim.attribution.chain],
            "h": list(claim.attribution.hedges),
            "o": claim.origin_key,
            "f": {
                "t": sorted(f.terms),
                "n": sorted(f.numbers),
                "m": sorted(f.names),
                "g": f.negated,
                "p": f.fingerprint,
                "q": f.quote,
            },
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def load_claim(text: str) -> Claim:
    d = json.loads(text)
    chain = tuple(
        Source(Kind(s["k"]), s["n"], s["r"], Span(*s["s"]) if s["s"] else None, s["c"]) for s in d["ch"]
    )
    f = d["f"]
    return Claim(
        id=d["id"],
        text=d["t"],
        span=Span(*d["sp"]),
        attribution=Attribution(chain, tuple(d["h"])),
        origin_key=d["o"],
        features=Features(
            frozenset(f["t"]), frozenset(f["n"]), frozenset(f["m"]), f["g"], f["p"], f.get("q", "")
        ),
    )


def index_terms(claim: Claim, limit: int = 12) -> list[str]:
    """The terms a claim is found by: names and numbers first, then the longest content words."""
    f = claim.features
    ranked = sorted(f.names) + [f"#{n}" for n in sorted(f.numbers)]
    ranked += sorted(f.terms - f.names, key=lambda t: (-len(t), t))
    seen: list[str] = []
    for term in ranked:
        if term not in seen:
            seen.append(term)
    return seen[:limit]
