"""Both clients against a real `sourcecheck serve` (skipped when the server is not installed)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

import sourcecheck_client as sc
from sourcecheck_client import Article, AsyncClient, Client, SourceKind

SHARED = "The interior ministry said on Tuesday that 42 people had died in the floods."


def article_pair(tag: str) -> tuple[Article, Article]:
    first = Article(
        id=f"{tag}-times",
        outlet="The Example Times",
        url=f"https://times.example/{tag}",
        title="Floods kill dozens",
        body=(
            "Heavy rain hit the eastern provinces overnight. "
            f"{SHARED} "
            "Rescue teams were still searching villages near the river, according to local officials."
        ),
        published_at=datetime(2024, 10, 30, 8, 0, tzinfo=UTC),
    )
    second = Article(
        id=f"{tag}-daily",
        outlet="Daily Example",
        body=f"{SHARED} Forecasters warned that more rain was expected later in the week.",
        published_at=datetime(2024, 10, 30, 9, 30, tzinfo=UTC),
    )
    return first, second


def check_scored(result: sc.ScoreResult, scored: Article, other: Article) -> None:
    assert isinstance(result, sc.ScoreResult)
    assert result.article_id == scored.id
    assert result.policy_version
    assert result.extractor_version
    assert result.claims, "the flood article has check-worthy claims"
    for claim in result.claims:
        assert isinstance(claim, sc.Claim)
        assert claim.id
        assert 0 <= claim.span.start < claim.span.end <= len(scored.body)
        assert scored.body[claim.span.start : claim.span.end].strip() == claim.text.strip()
        assert isinstance(claim.attribution.kind, SourceKind)
        assert all(isinstance(link, sc.Source) for link in claim.attribution.chain)
        for value in (claim.score, claim.attribution_strength, claim.corroboration):
            assert isinstance(value, float) and 0.0 <= value <= 1.0
        for match in (*claim.supporting, *claim.contradicting):
            assert isinstance(match, sc.Match)
            assert 0.0 <= match.similarity <= 1.0
            assert isinstance(match.kind, SourceKind)
    shared = [c for c in result.claims if "42 people" in c.text]
    assert shared, [c.text for c in result.claims]
    supporting = {m.article_id: m for m in shared[0].supporting}
    assert other.id in supporting, shared[0]
    assert supporting[other.id].outlet == other.outlet
    assert supporting[other.id].published_at == other.published_at


def test_sync_ingest_score_get_delete(server_address: str) -> None:
    first, second = article_pair(f"sync-{uuid.uuid4().hex[:8]}")
    with Client(server_address, timeout=20.0) as client:
        before = client.corpus_stats()
        ingested = client.ingest_article(first)
        assert ingested == sc.IngestResult(
            article_id=first.id, claim_count=ingested.claim_count, replaced=False
        )
        assert ingested.claim_count >= 1
        assert client.ingest_article(second).article_id == second.id
        assert client.ingest_article(second).replaced is True  # idempotent replace

        after = client.corpus_stats()
        assert after.article_count == before.article_count + 2
        assert after.policy_version
        assert after.extractor_version
        stored_versions = {v.extractor_version: v.article_count for v in after.stored_extractor_versions}
        assert stored_versions[after.extractor_version] >= 2
        assert sum(stored_versions.values()) == after.article_count

        result = client.score_article(first)
        check_scored(result, first, second)
        assert result.extractor_version == after.extractor_version

        stored = client.get_article(first.id)
        assert stored == first
        page, token = client.list_articles(page_size=1)
        rest, end = client.list_articles(page_size=10, page_token=token)
        assert [a.id for a in page + rest] == sorted([first.id, second.id]) and end == ""

        assert client.delete_article(second.id) is True
        with pytest.raises(sc.NotFoundError):
            client.delete_article(second.id)
        assert client.delete_article(second.id, allow_missing=True) is False
        with pytest.raises(sc.NotFoundError):
            client.get_article(second.id)


def test_sync_empty_body_is_invalid_argument(server_address: str) -> None:
    with Client(server_address) as client, pytest.raises(sc.InvalidArgumentError) as info:
        client.score_article(Article(id="empty-body", outlet="The Example Times", body=""))
    assert "article.body" in [v.field for v in info.value.field_violations], info.value
    assert info.value.code == "INVALID_ARGUMENT"


def test_sync_streams(server_address: str) -> None:
    first, second = article_pair(f"stream-{uuid.uuid4().hex[:8]}")
    with Client(server_address) as client:
        bulk = client.bulk_ingest(iter([first, second]))
        assert bulk.article_count == 2
        assert bulk.claim_count >= 2
        results = list(client.stream_score([first, second, first]))
    assert [r.article_id for r in results] == [first.id, second.id, first.id]
    check_scored(results[0], first, second)


async def test_async_ingest_score_and_errors(server_address: str) -> None:
    first, second = article_pair(f"async-{uuid.uuid4().hex[:8]}")
    async with AsyncClient(server_address, timeout=20.0) as client:
        assert (await client.ingest_article(first)).article_id == first.id
        assert (await client.ingest_article(second)).article_id == second.id
        check_scored(await client.score_article(first), first, second)
        assert await client.get_article(second.id) == second

        with pytest.raises(sc.InvalidArgumentError) as info:
            await client.ingest_article(Article(id="empty-body", outlet="o", body=""))
        assert "article.body" in [v.field for v in info.value.field_violations]

        assert await client.delete_article(first.id) is True
        with pytest.raises(sc.NotFoundError):
            await client.get_article(first.id)
        assert (await client.corpus_stats()).policy_version


async def test_async_streams(server_address: str) -> None:
    first, second = article_pair(f"astream-{uuid.uuid4().hex[:8]}")

    async def feed() -> AsyncIterator[Article]:
        yield first
        yield second

    async with AsyncClient(server_address) as client:
        assert (await client.bulk_ingest(feed())).article_count == 2
        results = [r async for r in client.stream_score(feed())]
    assert [r.article_id for r in results] == [first.id, second.id]
    check_scored(results[0], first, second)


def test_sync_claim_review_view_request_ids_and_error_info(server_address: str) -> None:
    first, second = article_pair(f"view-{uuid.uuid4().hex[:8]}")
    with Client(server_address, timeout=20.0) as client:
        basic = client.score_article(first)
        review = client.score_article(
            first, view=sc.ScoreView.CLAIM_REVIEW, encoding_type=sc.EncodingType.UTF8
        )
        assert basic.json_ld == ""
        document = json.loads(review.json_ld)
        assert "ClaimReview" in json.dumps(document)
        assert [c.text for c in review.claims] == [c.text for c in basic.claims]
        request_id = f"test-{uuid.uuid4().hex}"
        with pytest.raises(sc.NotFoundError) as info:
            client.get_article(second.id, metadata={"x-request-id": request_id})
    error = info.value
    assert error.request_id == request_id  # the server echoes the caller's id
    assert (error.reason, error.domain) == ("ARTICLE_NOT_FOUND", "sourcecheck.v1")


async def test_async_request_id_of_an_error(server_address: str) -> None:
    async with AsyncClient(server_address) as client:
        with pytest.raises(sc.InvalidArgumentError) as info:
            await client.score_article(Article(id="empty-body", outlet="o", body=""))
    assert info.value.request_id  # one the server made up
    assert info.value.reason == "INVALID_REQUEST"
