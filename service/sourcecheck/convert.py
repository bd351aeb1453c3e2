"""Protobuf messages to core values and back: the only place that knows both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from google.protobuf.timestamp_pb2 import Timestamp

from sourcecheck import core
from sourcecheck.v1 import scoring_pb2 as pb

_KIND_TO_PB: dict[core.Kind, pb.SourceKind] = {
    kind: cast(pb.SourceKind, pb.SourceKind.Value(f"SOURCE_KIND_{kind.value}")) for kind in core.Kind
}


def article_from_pb(message: pb.Article) -> core.Article:
    published = message.published_at.seconds if message.HasField("published_at") else None
    return core.Article(
        id=message.id,
        outlet=message.outlet,
        body=message.body,
        title=message.title,
        url=message.url,
        published=published,
        language=message.language or "en",
    )


ARTICLES = "articles/"  # the collection of the Article resource (AIP-122): articles/{id}


def article_to_pb(article: core.Article) -> pb.Article:
    message = pb.Article(
        name=ARTICLES + article.id,
        id=article.id,
        outlet=article.outlet,
        url=article.url,
        title=article.title,
        body=article.body,
        language=article.language,
    )
    if article.published is not None:
        message.published_at.CopyFrom(Timestamp(seconds=article.published))
    return message


def _span(span: core.Span | None) -> pb.Span | None:
    return pb.Span(start=span.start, end=span.end) if span is not None else None


def _source(source: core.Source) -> pb.Source:
    return pb.Source(
        kind=_KIND_TO_PB[source.kind],
        name=source.name,
        role=source.role,
        span=_span(source.span),
        count=source.count,
    )


def _match(match: core.Match) -> pb.Match:
    other = match.other
    message = pb.Match(
        article_id=other.article_id,
        outlet=other.outlet,
        claim_id=other.claim.id,
        text=other.claim.text,
        span=_span(other.claim.span),
        similarity=match.similarity,
        independent=match.independent,
        kind=_KIND_TO_PB[other.claim.attribution.kind],
        same_copy=match.same_copy,
    )
    if other.published is not None:
        message.published_at.CopyFrom(Timestamp(seconds=other.published))
    return message


def claim_to_pb(scored: core.Scored) -> pb.Claim:
    claim = scored.claim
    attribution = claim.attribution
    return pb.Claim(
        id=claim.id,
        text=claim.text,
        span=_span(claim.span),
        attribution=pb.Attribution(
            kind=_KIND_TO_PB[attribution.kind],
            source=attribution.source,
            chain=[_source(s) for s in attribution.chain],
            hedged=attribution.hedged,
            hedges=list(attribution.hedges),
            origin_key=claim.origin_key,
        ),
        supporting=[_match(m) for m in scored.supporting],
        contradicting=[_match(m) for m in scored.contradicting],
        independent_origins=scored.independent_origins,
        attribution_strength=scored.attribution_strength,
        corroboration=scored.corroboration,
        score=scored.score,
        reasons=list(scored.reasons),
        level=scored.level,
    )


def score_response(
    article_id: str, scored: tuple[core.Scored, ...], policy_version: str, extractor_version: str
) -> pb.ScoreArticleResponse:
    return pb.ScoreArticleResponse(
        article_id=article_id,
        claims=[claim_to_pb(s) for s in scored],
        policy_version=policy_version,
        extractor_version=extractor_version,
    )


def corpus_stats(
    counts: tuple[int, int], versions: Mapping[str, int], policy_version: str, extractor_version: str
) -> pb.GetCorpusStatsResponse:
    """The corpus size, the stored articles per extractor version (most articles first) and what runs."""
    articles, claims = counts
    return pb.GetCorpusStatsResponse(
        article_count=articles,
        claim_count=claims,
        policy_version=policy_version,
        extractor_version=extractor_version,
        stored_extractor_versions=[
            pb.ExtractorVersionCount(extractor_version=version, article_count=count)
            for version, count in sorted(versions.items(), key=lambda item: (-item[1], item[0]))
        ],
    )
