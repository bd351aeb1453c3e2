"""Conversion between the pydantic models and the protobufs; no server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from sourcecheck_client import (
    Article,
    Attribution,
    Claim,
    ExtractorVersionCount,
    Match,
    ScoreResult,
    Source,
    SourceKind,
    Span,
    _convert,
)
from sourcecheck_client._proto import scoring_pb2 as pb


def test_source_kind_names_match_the_proto() -> None:
    proto_names = {
        name.removeprefix("SOURCE_KIND_") for name in (v.name for v in pb.SourceKind.DESCRIPTOR.values)
    }
    assert {k.value for k in SourceKind} == proto_names
    assert SourceKind.NAMED_OFFICIAL == "NAMED_OFFICIAL"
    for kind in SourceKind:
        assert _convert.kind_from_proto(_convert.kind_to_proto(kind)) is kind


def test_unknown_kind_number_reads_as_unspecified() -> None:
    assert _convert.kind_from_proto(99) is SourceKind.UNSPECIFIED


def test_article_to_proto() -> None:
    when = datetime(2024, 5, 1, 12, 30, 15, 250000, tzinfo=UTC)
    msg = _convert.article_to_proto(
        Article(id="a1", outlet="Example Times", body="Text.", url="https://x", title="T", published_at=when)
    )
    assert (msg.id, msg.outlet, msg.body, msg.url, msg.title, msg.language) == (
        "a1",
        "Example Times",
        "Text.",
        "https://x",
        "T",
        "en",
    )
    assert msg.published_at.seconds == int(when.timestamp())
    assert msg.published_at.nanos == 250_000_000


def test_article_without_date_leaves_timestamp_unset() -> None:
    msg = _convert.article_to_proto(Article(id="a", outlet="o", body="b"))
    assert not msg.HasField("published_at")
    assert _convert.article_from_proto(msg).published_at is None


def test_naive_datetime_is_utc_and_offsets_are_kept() -> None:
    naive = datetime(2024, 1, 2, 3, 4, 5)
    back = _convert.article_from_proto(
        _convert.article_to_proto(Article(id="a", outlet="o", body="b", published_at=naive))
    ).published_at
    assert back == naive.replace(tzinfo=UTC)
    plus2 = datetime(2024, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    back = _convert.article_from_proto(
        _convert.article_to_proto(Article(id="a", outlet="o", body="b", published_at=plus2))
    ).published_at
    assert back == plus2 and back is not None and back.tzinfo == UTC


def test_empty_language_reads_as_en() -> None:
    assert _convert.article_from_proto(pb.Article(id="a", outlet="o", body="b")).language == "en"


def test_models_are_frozen_and_strict_about_fields() -> None:
    article = Article(id="a", outlet="o", body="b")
    with pytest.raises(ValidationError):
        article.id = "c"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Article(id="a", outlet="o", body="b", bogus=1)  # type: ignore[call-arg]


def _full_result() -> ScoreResult:
    when = datetime(2024, 3, 4, 5, 6, 7, tzinfo=UTC)
    support = Match(
        article_id="b1",
        outlet="Daily Example",
        claim_id="c2",
        text="The minister resigned.",
        span=Span(start=10, end=32),
        similarity=0.93,
        independent=True,
        published_at=when,
        kind=SourceKind.NAMED_OFFICIAL,
    )
    claim = Claim(
        id="c1",
        text="The minister resigned, a spokesman said.",
        span=Span(start=0, end=41),
        attribution=Attribution(
            kind=SourceKind.NAMED_OFFICIAL,
            source="Jane Roe",
            chain=(
                Source(
                    kind=SourceKind.NAMED_OFFICIAL,
                    name="Jane Roe",
                    role="spokeswoman",
                    span=Span(start=1, end=9),
                ),
                Source(kind=SourceKind.NEWS_OUTLET, name="Reuters", span=Span(start=20, end=27), count=0),
            ),
            hedged=True,
            hedges=("reportedly",),
            origin_key="person:jane-roe",
        ),
        supporting=(support,),
        contradicting=(support.model_copy(update={"independent": False, "published_at": None}),),
        independent_origins=2,
        attribution_strength=0.8,
        corroboration=0.5,
        score=0.7,
        reasons=("Named official source.", "Corroborated by one independent outlet."),
    )
    return ScoreResult(
        article_id="a1", claims=(claim,), policy_version="2024.1", extractor_version="2026.11-1"
    )


def test_score_result_round_trips_through_the_proto() -> None:
    result = _full_result()
    msg = _convert.score_result_to_proto(result)
    assert msg.claims[0].attribution.kind == pb.SOURCE_KIND_NAMED_OFFICIAL
    assert msg.claims[0].supporting[0].published_at.seconds > 0
    assert not msg.claims[0].contradicting[0].HasField("published_at")
    assert _convert.score_result_from_proto(msg) == result


def test_unset_submessages_read_as_defaults() -> None:
    result = _convert.score_result_from_proto(
        pb.ScoreArticleResponse(article_id="a", claims=[pb.Claim(id="c1", text="t")])
    )
    claim = result.claims[0]
    assert claim.span == Span(start=0, end=0)
    assert claim.attribution.kind is SourceKind.UNSPECIFIED
    assert claim.attribution.chain == ()
    assert claim.supporting == ()


def test_small_results() -> None:
    assert _convert.ingest_result_from_proto(
        pb.IngestArticleResponse(article_id="a", claim_count=3, replaced=True)
    ).model_dump() == {"article_id": "a", "claim_count": 3, "replaced": True}
    assert _convert.bulk_ingest_result_from_proto(
        pb.BulkIngestArticlesResponse(article_count=2, claim_count=5)
    ).model_dump() == {"article_count": 2, "claim_count": 5}
    assert _convert.corpus_stats_from_proto(
        pb.GetCorpusStatsResponse(article_count=2**40, claim_count=5, policy_version="p")
    ).model_dump() == {
        "article_count": 2**40,
        "claim_count": 5,
        "policy_version": "p",
        "extractor_version": "",
        "stored_extractor_versions": (),
    }


def test_corpus_stats_carry_the_extractor_versions() -> None:
    msg = pb.GetCorpusStatsResponse(
        article_count=5,
        claim_count=9,
        policy_version="p",
        extractor_version="2026.11-1",
        stored_extractor_versions=[
            pb.ExtractorVersionCount(extractor_version="2026.11-1", article_count=3),
            pb.ExtractorVersionCount(extractor_version="", article_count=2),
        ],
    )
    stats = _convert.corpus_stats_from_proto(msg)
    assert stats.extractor_version == "2026.11-1"
    assert stats.stored_extractor_versions == (
        ExtractorVersionCount(extractor_version="2026.11-1", article_count=3),
        ExtractorVersionCount(extractor_version="", article_count=2),
    )
    assert _convert.corpus_stats_to_proto(stats) == msg


_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
_dates = st.none() | st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)


@given(
    id=_text,
    outlet=_text,
    body=_text,
    url=_text,
    title=_text,
    published_at=_dates,
    language=st.sampled_from(["en", "de", "pt-BR"]),
)
def test_article_round_trip_property(
    id: str, outlet: str, body: str, url: str, title: str, published_at: datetime | None, language: str
) -> None:
    article = Article(
        id=id, outlet=outlet, body=body, url=url, title=title, published_at=published_at, language=language
    )
    wire = _convert.article_to_proto(article).SerializeToString()
    assert _convert.article_from_proto(pb.Article.FromString(wire)) == article
