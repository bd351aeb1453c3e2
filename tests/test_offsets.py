"""Spans recounted in UTF-8 bytes and UTF-16 code units slice the same text as code points."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sourcecheck import offsets
from sourcecheck.v1 import scoring_pb2 as pb


def _cut(body: str, encoding: int, start: int, end: int) -> str:
    if encoding == pb.ENCODING_TYPE_UTF16:
        return body.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")
    return body.encode("utf-8")[start:end].decode("utf-8")


@given(
    body=st.text(min_size=1, max_size=60),
    other=st.text(min_size=1, max_size=60),
    data=st.data(),
    encoding=st.sampled_from([pb.ENCODING_TYPE_UTF8, pb.ENCODING_TYPE_UTF16]),
)
def test_recounted_spans_slice_the_same_text(
    body: str, other: str, data: st.DataObject, encoding: int
) -> None:
    a, b = sorted(data.draw(st.lists(st.integers(0, len(body)), min_size=2, max_size=2)))
    c, d = sorted(data.draw(st.lists(st.integers(0, len(other)), min_size=2, max_size=2)))
    response = pb.ScoreArticleResponse(
        claims=[
            pb.Claim(
                span=pb.Span(start=a, end=b),
                attribution=pb.Attribution(chain=[pb.Source(span=pb.Span(start=a, end=b))]),
                supporting=[pb.Match(article_id="other", span=pb.Span(start=c, end=d))],
            )
        ]
    )
    assert offsets.needs_recount(encoding)
    offsets.recount(response, encoding, body, {"other": other})
    claim = response.claims[0]
    assert _cut(body, encoding, claim.span.start, claim.span.end) == body[a:b]
    source = claim.attribution.chain[0].span
    assert _cut(body, encoding, source.start, source.end) == body[a:b]
    match = claim.supporting[0].span
    assert _cut(other, encoding, match.start, match.end) == other[c:d]


def test_code_points_need_no_recount() -> None:
    assert not offsets.needs_recount(pb.ENCODING_TYPE_UNSPECIFIED)
    assert not offsets.needs_recount(pb.ENCODING_TYPE_UTF32)
