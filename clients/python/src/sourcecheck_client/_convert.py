"""Conversion between the public pydantic models and the generated protobufs.

Private: the protobuf types are an implementation detail of the client.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from google.protobuf import timestamp_pb2

from sourcecheck_client._models import (
    Article,
    Attribution,
    BulkIngestResult,
    Claim,
    CorpusStats,
    EncodingType,
    ExtractorVersionCount,
    IngestResult,
    Match,
    ScoreResult,
    ScoreView,
    Source,
    SourceKind,
    Span,
)
from sourcecheck_client._proto import scoring_pb2 as pb

_KIND_PREFIX = "SOURCE_KIND_"

ARTICLES = "articles/"  # resource names of articles are "articles/{id}" (AIP-122)


def kind_from_proto(value: int) -> SourceKind:
    """Map a proto ``SourceKind`` number to the enum; unknown numbers read as UNSPECIFIED."""
    try:
        name = pb.SourceKind.Name(value)
    except ValueError:
        return SourceKind.UNSPECIFIED
    return SourceKind(name.removeprefix(_KIND_PREFIX))


def kind_to_proto(kind: SourceKind) -> pb.SourceKind:
    return cast(pb.SourceKind, pb.SourceKind.Value(_KIND_PREFIX + SourceKind(kind).value))


def view_to_proto(view: ScoreView | str) -> pb.ScoreView:
    """A view by its enum or name (``"CLAIM_REVIEW"`` or ``"SCORE_VIEW_CLAIM_REVIEW"``)."""
    name = ScoreView(str(view).upper().removeprefix("SCORE_VIEW_")).value
    return cast(pb.ScoreView, pb.ScoreView.Value("SCORE_VIEW_" + name))


def encoding_to_proto(encoding: EncodingType | str | None) -> pb.EncodingType:
    """An encoding by its enum or name (``"UTF16"`` or ``"ENCODING_TYPE_UTF16"``); None: unset."""
    if encoding is None:
        return pb.ENCODING_TYPE_UNSPECIFIED
    name = EncodingType(str(encoding).upper().removeprefix("ENCODING_TYPE_")).value
    return cast(pb.EncodingType, pb.EncodingType.Value("ENCODING_TYPE_" + name))


def timestamp_to_proto(value: datetime) -> timestamp_pb2.Timestamp:
    """An aware datetime as a Timestamp; a naive one is taken to be UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    ts = timestamp_pb2.Timestamp()
    ts.FromDatetime(value)
    return ts


def timestamp_from_proto(ts: timestamp_pb2.Timestamp) -> datetime:
    """A Timestamp as an aware UTC datetime."""
    return ts.ToDatetime(tzinfo=UTC)


def article_to_proto(article: Article) -> pb.Article:
    msg = pb.Article(
        id=article.id,
        outlet=article.outlet,
        url=article.url,
        title=article.title,
        body=article.body,
        language=article.language,
    )
    if article.published_at is not None:
        msg.published_at.CopyFrom(timestamp_to_proto(article.published_at))
    return msg


def article_from_proto(msg: pb.Article) -> Article:
    return Article(
        id=msg.id,
        outlet=msg.outlet,
        url=msg.url,
        title=msg.title,
        body=msg.body,
        published_at=timestamp_from_proto(msg.published_at) if msg.HasField("published_at") else None,
        language=msg.language or "en",
    )


def span_from_proto(msg: pb.Span) -> Span:
    return Span(start=msg.start, end=msg.end)


def source_from_proto(msg: pb.Source) -> Source:
    return Source(
        kind=kind_from_proto(msg.kind),
        name=msg.name,
        role=msg.role,
        span=span_from_proto(msg.span),
        count=msg.count,
    )


def attribution_from_proto(msg: pb.Attribution) -> Attribution:
    return Attribution(
        kind=kind_from_proto(msg.kind),
        source=msg.source,
        chain=tuple(source_from_proto(s) for s in msg.chain),
        hedged=msg.hedged,
        hedges=tuple(msg.hedges),
        origin_key=msg.origin_key,
    )


def match_from_proto(msg: pb.Match) -> Match:
    return Match(
        article_id=msg.article_id,
        outlet=msg.outlet,
        claim_id=msg.claim_id,
        text=msg.text,
        span=span_from_proto(msg.span),
        similarity=msg.similarity,
        independent=msg.independent,
        published_at=timestamp_from_proto(msg.published_at) if msg.HasField("published_at") else None,
        kind=kind_from_proto(msg.kind),
        same_copy=msg.same_copy,
    )


def claim_from_proto(msg: pb.Claim) -> Claim:
    return Claim(
        id=msg.id,
        text=msg.text,
        span=span_from_proto(msg.span),
        attribution=attribution_from_proto(msg.attribution),
        supporting=tuple(match_from_proto(m) for m in msg.supporting),
        contradicting=tuple(match_from_proto(m) for m in msg.contradicting),
        independent_origins=msg.independent_origins,
        attribution_strength=msg.attribution_strength,
        corroboration=msg.corroboration,
        score=msg.score,
        reasons=tuple(msg.reasons),
        level=msg.level,
    )


def score_result_from_proto(msg: pb.ScoreArticleResponse) -> ScoreResult:
    return ScoreResult(
        article_id=msg.article_id,
        claims=tuple(claim_from_proto(c) for c in msg.claims),
        policy_version=msg.policy_version,
        extractor_version=msg.extractor_version,
        json_ld=msg.json_ld,
    )


def ingest_result_from_proto(msg: pb.IngestArticleResponse) -> IngestResult:
    return IngestResult(article_id=msg.article_id, claim_count=msg.claim_count, replaced=msg.replaced)


def bulk_ingest_result_from_proto(msg: pb.BulkIngestArticlesResponse) -> BulkIngestResult:
    return BulkIngestResult(article_count=msg.article_count, claim_count=msg.claim_count)


def corpus_stats_from_proto(msg: pb.GetCorpusStatsResponse) -> CorpusStats:
    return CorpusStats(
        article_count=msg.article_count,
        claim_count=msg.claim_count,
        policy_version=msg.policy_version,
        extractor_version=msg.extractor_version,
        stored_extractor_versions=tuple(
            ExtractorVersionCount(extractor_version=v.extractor_version, article_count=v.article_count)
            for v in msg.stored_extractor_versions
        ),
    )


# The reverse directions for results: used by tests and by anyone building a
# fake server from the models.


def span_to_proto(span: Span) -> pb.Span:
    return pb.Span(start=span.start, end=span.end)


def source_to_proto(source: Source) -> pb.Source:
    return pb.Source(
        kind=kind_to_proto(source.kind),
        name=source.name,
        role=source.role,
        span=span_to_proto(source.span),
        count=source.count,
    )


def attribution_to_proto(attribution: Attribution) -> pb.Attribution:
    return pb.Attribution(
        kind=kind_to_proto(attribution.kind),
        source=attribution.source,
        chain=[source_to_proto(s) for s in attribution.chain],
        hedged=attribution.hedged,
        hedges=list(attribution.hedges),
        origin_key=attribution.origin_key,
    )


def match_to_proto(match: Match) -> pb.Match:
    msg = pb.Match(
        article_id=match.article_id,
        outlet=match.outlet,
        claim_id=match.claim_id,
        text=match.text,
        span=span_to_proto(match.span),
        similarity=match.similarity,
        independent=match.independent,
        kind=kind_to_proto(match.kind),
        same_copy=match.same_copy,
    )
    if match.published_at is not None:
        msg.published_at.CopyFrom(timestamp_to_proto(match.published_at))
    return msg


def claim_to_proto(claim: Claim) -> pb.Claim:
    return pb.Claim(
        id=claim.id,
        text=claim.text,
        span=span_to_proto(claim.span),
        attribution=attribution_to_proto(claim.attribution),
        supporting=[match_to_proto(m) for m in claim.supporting],
        contradicting=[match_to_proto(m) for m in claim.contradicting],
        independent_origins=claim.independent_origins,
        attribution_strength=claim.attribution_strength,
        corroboration=claim.corroboration,
        score=claim.score,
        reasons=list(claim.reasons),
        level=claim.level,
    )


def score_result_to_proto(result: ScoreResult) -> pb.ScoreArticleResponse:
    return pb.ScoreArticleResponse(
        article_id=result.article_id,
        claims=[claim_to_proto(c) for c in result.claims],
        policy_version=result.policy_version,
        extractor_version=result.extractor_version,
        json_ld=result.json_ld,
    )


def corpus_stats_to_proto(stats: CorpusStats) -> pb.GetCorpusStatsResponse:
    return pb.GetCorpusStatsResponse(
        article_count=stats.article_count,
        claim_count=stats.claim_count,
        policy_version=stats.policy_version,
        extractor_version=stats.extractor_version,
        stored_extractor_versions=[
            pb.ExtractorVersionCount(extractor_version=v.extractor_version, article_count=v.article_count)
            for v in stats.stored_extractor_versions
        ],
    )
