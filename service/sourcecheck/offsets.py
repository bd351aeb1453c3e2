"""Span offsets counted in the caller's string units (the request's `encoding_type`).

The core counts Unicode code points, as Python's str does. JavaScript, Java and C# index
strings by UTF-16 code units, Go and Rust by UTF-8 bytes: a client in those languages that
slices the body with code-point offsets is off after the first emoji or accented letter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import accumulate

from sourcecheck.v1 import scoring_pb2 as pb

Recount = Callable[[int], int]


def _unit_counter(body: str, width: Callable[[str], int]) -> Recount:
    """Code-point offset -> unit offset, for every offset into `body` (one pass)."""
    if body.isascii():
        return lambda offset: offset
    starts = [0, *accumulate(width(char) for char in body)]
    return lambda offset: starts[max(0, min(offset, len(body)))]


def _utf8(char: str) -> int:
    code = ord(char)
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


def _utf16(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


WIDTHS: Mapping[int, Callable[[str], int]] = {pb.ENCODING_TYPE_UTF8: _utf8, pb.ENCODING_TYPE_UTF16: _utf16}


def needs_recount(encoding: int) -> bool:
    """Code points (unset or UTF32) are what the core counts already."""
    return encoding in WIDTHS


def _recount(span: pb.Span, recount: Recount) -> None:
    span.start, span.end = recount(span.start), recount(span.end)


def recount(
    response: pb.ScoreArticleResponse, encoding: int, body: str, other_bodies: Mapping[str, str]
) -> None:
    """Rewrite the response's spans in place: the claims' and sources' into `body`, each
    match's into its own article's body (`other_bodies` by article id; a match whose body is
    not there keeps code points, which is right when that body is ASCII)."""
    width = WIDTHS[encoding]
    own = _unit_counter(body, width)
    others = {article_id: _unit_counter(text, width) for article_id, text in other_bodies.items()}
    for claim in response.claims:
        _recount(claim.span, own)
        for source in claim.attribution.chain:
            _recount(source.span, own)
        for match in (*claim.supporting, *claim.contradicting):
            other = others.get(match.article_id)
            if other is not None:
                _recount(match.span, other)


def matched_articles(response: pb.ScoreArticleResponse) -> Iterable[str]:
    """The ids of the articles whose claims the response quotes."""
    return {m.article_id for c in response.claims for m in (*c.supporting, *c.contradicting)}
