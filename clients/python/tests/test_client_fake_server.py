"""Both clients against an in-process fake server: retries, metadata, deadlines, errors, streams."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import grpc
import pytest
from client_testkit import FakeServer
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2

import sourcecheck_client as sc
from sourcecheck_client import Article, AsyncClient, Client, RetryPolicy
from sourcecheck_client._proto import scoring_pb2 as pb

FAST_RETRY = RetryPolicy(max_attempts=4, initial_backoff=0.001, max_backoff=0.002)
ARTICLE = Article(id="a1", outlet="Example Times", body="The minister resigned, officials said.")


def stats(request: Any, context: grpc.ServicerContext) -> pb.GetCorpusStatsResponse:
    return pb.GetCorpusStatsResponse(article_count=3, claim_count=7, policy_version="test-1")


def flaky(failures: int) -> Any:
    """A handler that answers UNAVAILABLE `failures` times, then succeeds."""
    state = {"left": failures}
    lock = threading.Lock()

    def handler(request: Any, context: grpc.ServicerContext) -> Any:
        with lock:
            fail = state["left"] > 0
            state["left"] -= 1
        if fail:
            context.abort(grpc.StatusCode.UNAVAILABLE, "warming up")
        return stats(request, context)

    return handler


def reject_empty_body(request: Any, context: grpc.ServicerContext) -> Any:
    bad = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field="article.body", description="must not be empty")
        ]
    )
    detail = any_pb2.Any()
    detail.Pack(bad)
    status = status_pb2.Status(code=code_pb2.INVALID_ARGUMENT, message="invalid article", details=[detail])
    context.set_trailing_metadata((("grpc-status-details-bin", status.SerializeToString()),))
    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "invalid article")


def echo_scores(request_iterator: Any, context: grpc.ServicerContext) -> Iterator[Any]:
    for request in request_iterator:
        yield pb.StreamScoreArticlesResponse(
            result=pb.ScoreArticleResponse(
                article_id=request.article.id,
                claims=[pb.Claim(id="c1", text=request.article.body, score=0.5)],
                policy_version="test-1",
            )
        )


def bulk_count(requests: list[Any], context: grpc.ServicerContext) -> Any:
    return pb.BulkIngestArticlesResponse(article_count=len(requests), claim_count=2 * len(requests))


# -- sync --------------------------------------------------------------------


def test_unary_call_and_api_key(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = stats
    with Client(fake_server.address, api_key="secret-key") as client:
        assert client.corpus_stats() == sc.CorpusStats(
            article_count=3, claim_count=7, policy_version="test-1"
        )
    (_, _, metadata) = fake_server.servicer.calls[0]
    assert metadata["x-api-key"] == "secret-key"
    assert "sourcecheck-client-python/" in str(metadata["user-agent"])


def test_no_api_key_no_header(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = stats
    with Client(fake_server.address) as client:
        client.corpus_stats()
    assert "x-api-key" not in fake_server.servicer.calls[0][2]


def test_unavailable_is_retried_until_success(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = flaky(2)
    with Client(fake_server.address, retry=FAST_RETRY) as client:
        assert client.corpus_stats().article_count == 3
    assert fake_server.servicer.count("GetCorpusStats") == 3


def test_retries_stop_at_max_attempts(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = flaky(100)
    with Client(fake_server.address, retry=FAST_RETRY) as client, pytest.raises(sc.UnavailableError) as info:
        client.corpus_stats()
    assert info.value.attempts == 4
    assert info.value.message == "warming up"
    assert fake_server.servicer.count("GetCorpusStats") == 4


def test_max_attempts_one_means_no_retry(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = flaky(1)
    with (
        Client(fake_server.address, retry=RetryPolicy(max_attempts=1)) as client,
        pytest.raises(sc.UnavailableError),
    ):
        client.corpus_stats()
    assert fake_server.servicer.count("GetCorpusStats") == 1


def test_other_errors_are_not_retried(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetArticle"] = lambda r, c: c.abort(
        grpc.StatusCode.NOT_FOUND, f"no {r.name}"
    )
    with Client(fake_server.address, retry=FAST_RETRY) as client, pytest.raises(sc.NotFoundError) as info:
        client.get_article("zz")
    assert info.value.message == "no articles/zz"
    assert fake_server.servicer.count("GetArticle") == 1


def test_invalid_argument_carries_field_violations(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["IngestArticle"] = reject_empty_body
    with Client(fake_server.address) as client, pytest.raises(sc.InvalidArgumentError) as info:
        client.ingest_article(Article(id="a", outlet="o", body=""))
    assert [v.field for v in info.value.field_violations] == ["article.body"]


def test_deadline_exceeded(fake_server: FakeServer) -> None:
    release = threading.Event()

    def slow(request: Any, context: grpc.ServicerContext) -> Any:
        release.wait(5)
        return stats(request, context)

    fake_server.servicer.handlers["GetCorpusStats"] = slow
    try:
        with Client(fake_server.address, timeout=0.05) as client, pytest.raises(sc.DeadlineExceededError):
            client.corpus_stats()
    finally:
        release.set()


def test_requests_carry_the_article(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["ScoreArticle"] = lambda r, c: pb.ScoreArticleResponse(
        article_id=r.article.id
    )
    fake_server.servicer.handlers["DeleteArticle"] = lambda r, c: pb.DeleteArticleResponse(deleted=True)
    fake_server.servicer.handlers["GetArticle"] = lambda r, c: pb.Article(
        name=r.name, id=r.name.removeprefix("articles/"), outlet="o", body="b"
    )
    with Client(fake_server.address) as client:
        assert client.score_article(ARTICLE).article_id == "a1"
        assert client.delete_article("a1") is True
        assert client.get_article("a9") == Article(id="a9", outlet="o", body="b")
    request = fake_server.servicer.calls[0][1]
    assert (request.article.outlet, request.article.body) == (ARTICLE.outlet, ARTICLE.body)


def test_bulk_ingest_and_stream_score(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["BulkIngestArticles"] = bulk_count
    fake_server.servicer.handlers["StreamScoreArticles"] = echo_scores
    articles = [ARTICLE.model_copy(update={"id": f"a{i}"}) for i in range(5)]
    with Client(fake_server.address) as client:
        assert client.bulk_ingest(iter(articles)) == sc.BulkIngestResult(article_count=5, claim_count=10)
        results = list(client.stream_score(articles))
    assert [r.article_id for r in results] == [a.id for a in articles]
    assert results[0].claims[0].text == ARTICLE.body


def test_streams_are_not_retried(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["BulkIngestArticles"] = flaky(1)
    with Client(fake_server.address, retry=FAST_RETRY) as client, pytest.raises(sc.UnavailableError):
        client.bulk_ingest([ARTICLE])
    assert fake_server.servicer.count("BulkIngestArticles") == 1


def test_an_error_in_the_callers_iterable_propagates(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["BulkIngestArticles"] = bulk_count

    def feed() -> Iterator[Article]:
        yield ARTICLE
        raise RuntimeError("feed broke")

    with Client(fake_server.address) as client, pytest.raises(RuntimeError, match="feed broke"):
        client.bulk_ingest(feed())


def test_stream_score_maps_errors(fake_server: FakeServer) -> None:
    def fail_after_one(request_iterator: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        for request in request_iterator:
            yield pb.StreamScoreArticlesResponse(
                result=pb.ScoreArticleResponse(article_id=request.article.id)
            )
            context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "slow down")

    fake_server.servicer.handlers["StreamScoreArticles"] = fail_after_one
    seen: list[str] = []
    with Client(fake_server.address) as client, pytest.raises(sc.ResourceExhaustedError):
        for result in client.stream_score([ARTICLE, ARTICLE]):
            seen.append(result.article_id)
    assert seen == ["a1"]


def test_closed_client_fails_cleanly(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = stats
    client = Client(fake_server.address)
    client.close()
    client.close()  # idempotent
    with pytest.raises((sc.SourcecheckError, ValueError)):
        client.corpus_stats()


# -- async -------------------------------------------------------------------


async def test_async_unary_retry_and_api_key(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = flaky(2)
    async with AsyncClient(fake_server.address, api_key="k", retry=FAST_RETRY) as client:
        assert (await client.corpus_stats()).policy_version == "test-1"
    assert fake_server.servicer.count("GetCorpusStats") == 3
    assert all(md["x-api-key"] == "k" for _, _, md in fake_server.servicer.calls)


async def test_async_retries_stop_at_max_attempts(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = flaky(100)
    async with AsyncClient(fake_server.address, retry=FAST_RETRY) as client:
        with pytest.raises(sc.UnavailableError) as info:
            await client.corpus_stats()
    assert info.value.attempts == 4
    assert fake_server.servicer.count("GetCorpusStats") == 4


async def test_async_invalid_argument(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["ScoreArticle"] = reject_empty_body
    async with AsyncClient(fake_server.address) as client:
        with pytest.raises(sc.InvalidArgumentError) as info:
            await client.score_article(Article(id="a", outlet="o", body=""))
    assert info.value.field_violations == (sc.FieldViolation("article.body", "must not be empty"),)


async def test_async_streams_take_sync_and_async_iterables(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["BulkIngestArticles"] = bulk_count
    fake_server.servicer.handlers["StreamScoreArticles"] = echo_scores
    articles = [ARTICLE.model_copy(update={"id": f"a{i}"}) for i in range(3)]

    async def feed() -> AsyncIterator[Article]:
        for article in articles:
            yield article

    async with AsyncClient(fake_server.address) as client:
        assert (await client.bulk_ingest(articles)).article_count == 3
        assert (await client.bulk_ingest(feed())).article_count == 3
        ids = [r.article_id async for r in client.stream_score(feed())]
        ids_sync = [r.article_id async for r in client.stream_score(articles)]
    assert ids == ids_sync == ["a0", "a1", "a2"]


async def test_async_error_in_the_callers_iterable_propagates(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["BulkIngestArticles"] = bulk_count

    async def feed() -> AsyncIterator[Article]:
        yield ARTICLE
        raise RuntimeError("feed broke")

    async with AsyncClient(fake_server.address) as client:
        with pytest.raises(RuntimeError, match="feed broke"):
            await client.bulk_ingest(feed())


async def test_async_stream_score_error_in_the_callers_iterable_propagates(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["StreamScoreArticles"] = echo_scores

    async def feed() -> AsyncIterator[Article]:
        yield ARTICLE
        raise RuntimeError("feed broke")

    async with AsyncClient(fake_server.address) as client:
        with pytest.raises(RuntimeError, match="feed broke"):
            async for _ in client.stream_score(feed()):
                pass


def test_stream_score_error_in_the_callers_iterable_propagates(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["StreamScoreArticles"] = echo_scores

    def feed() -> Iterator[Article]:
        yield ARTICLE
        raise RuntimeError("feed broke")

    with Client(fake_server.address) as client, pytest.raises(RuntimeError, match="feed broke"):
        for _ in client.stream_score(feed()):
            pass
