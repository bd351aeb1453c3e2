"""Both clients against an in-process fake server: retries, metadata, views, deadlines, errors, streams."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import grpc
import pytest
from client_testkit import FakeServer, failing
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2

import sourcecheck_client as sc
from sourcecheck_client import Article, AsyncClient, Client, RetryPolicy
from sourcecheck_client._proto import scoring_pb2 as pb
from sourcecheck_client._proto import scoring_pb2_grpc

FAST_RETRY = RetryPolicy(max_attempts=4, initial_backoff=0.01, max_backoff=0.02)
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


# -- views, encodings, per-call metadata, request ids --------------------------


def claim_review(request: Any, context: grpc.ServicerContext) -> pb.ScoreArticleResponse:
    """Answers JSON-LD only when asked for the CLAIM_REVIEW view, as the server does."""
    json_ld = '{"@type": "ClaimReview"}' if request.view == pb.SCORE_VIEW_CLAIM_REVIEW else ""
    return pb.ScoreArticleResponse(article_id=request.article.id, json_ld=json_ld)


def test_view_and_encoding_type(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["ScoreArticle"] = claim_review
    with Client(fake_server.address) as client:
        assert client.score_article(ARTICLE).json_ld == ""
        result = client.score_article(ARTICLE, view=sc.ScoreView.CLAIM_REVIEW)
        assert result.json_ld == '{"@type": "ClaimReview"}'
        client.score_article(ARTICLE, view="SCORE_VIEW_CLAIM_REVIEW", encoding_type=sc.EncodingType.UTF16)
        client.score_article(ARTICLE, view="claim_review", encoding_type="UTF8")
        with pytest.raises(ValueError):
            client.score_article(ARTICLE, view="everything")
        with pytest.raises(ValueError):
            client.score_article(ARTICLE, encoding_type="latin-1")
    requests = [request for _, request, _ in fake_server.servicer.calls]
    assert [(r.view, r.encoding_type) for r in requests] == [
        (pb.SCORE_VIEW_BASIC, pb.ENCODING_TYPE_UNSPECIFIED),
        (pb.SCORE_VIEW_CLAIM_REVIEW, pb.ENCODING_TYPE_UNSPECIFIED),
        (pb.SCORE_VIEW_CLAIM_REVIEW, pb.ENCODING_TYPE_UTF16),
        (pb.SCORE_VIEW_CLAIM_REVIEW, pb.ENCODING_TYPE_UTF8),
    ]


def test_stream_score_takes_view_and_encoding_type(fake_server: FakeServer) -> None:
    def answer(request_iterator: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        for request in request_iterator:
            assert request.encoding_type == pb.ENCODING_TYPE_UTF32
            yield pb.StreamScoreArticlesResponse(result=claim_review(request, context))

    fake_server.servicer.handlers["StreamScoreArticles"] = answer
    with Client(fake_server.address) as client:
        results = list(
            client.stream_score([ARTICLE, ARTICLE], view="CLAIM_REVIEW", encoding_type=sc.EncodingType.UTF32)
        )
    assert [r.json_ld for r in results] == ['{"@type": "ClaimReview"}'] * 2


async def test_async_view_and_stream_view(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["ScoreArticle"] = claim_review

    def answer(request_iterator: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        for request in request_iterator:
            yield pb.StreamScoreArticlesResponse(result=claim_review(request, context))

    fake_server.servicer.handlers["StreamScoreArticles"] = answer
    async with AsyncClient(fake_server.address) as client:
        result = await client.score_article(ARTICLE, view=sc.ScoreView.CLAIM_REVIEW, encoding_type="UTF16")
        streamed = [r async for r in client.stream_score([ARTICLE], view=sc.ScoreView.CLAIM_REVIEW)]
    assert result.json_ld and streamed[0].json_ld
    assert fake_server.servicer.calls[0][1].encoding_type == pb.ENCODING_TYPE_UTF16


def test_per_call_metadata_is_merged_with_the_clients(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = stats
    fake_server.servicer.handlers["BulkIngestArticles"] = bulk_count
    fake_server.servicer.handlers["StreamScoreArticles"] = echo_scores
    traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    with Client(fake_server.address, api_key="k") as client:
        client.corpus_stats(metadata={"x-request-id": "mine-1", "traceparent": traceparent})
        client.corpus_stats(metadata=[("X-Request-Id", "mine-2"), ("x-api-key", "other-key")])
        client.bulk_ingest([ARTICLE], metadata={"x-request-id": "mine-3"})
        list(client.stream_score([ARTICLE], metadata={"x-request-id": "mine-4"}))
        client.corpus_stats()
    sent = [metadata for _, _, metadata in fake_server.servicer.calls]
    assert (sent[0]["x-api-key"], sent[0]["x-request-id"], sent[0]["traceparent"]) == (
        "k",
        "mine-1",
        traceparent,
    )
    assert (sent[1]["x-api-key"], sent[1]["x-request-id"]) == ("other-key", "mine-2")
    assert [md.get("x-request-id") for md in sent[2:]] == ["mine-3", "mine-4", None]
    assert all(md["x-api-key"] == "k" for md in sent[2:])


async def test_async_per_call_metadata(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = stats
    async with AsyncClient(fake_server.address, api_key="k") as client:
        await client.corpus_stats(metadata={"x-request-id": "mine-1"})
    assert fake_server.servicer.calls[0][2]["x-request-id"] == "mine-1"
    assert fake_server.servicer.calls[0][2]["x-api-key"] == "k"


def detailed_error(request: Any, context: grpc.ServicerContext) -> Any:
    """RESOURCE_EXHAUSTED as the server sends it for too many calls in flight on a key."""
    details = []
    for detail in (
        error_details_pb2.ErrorInfo(
            reason="TOO_MANY_CALLS_IN_FLIGHT", domain="sourcecheck.v1", metadata={"key": "ops"}
        ),
        error_details_pb2.RetryInfo(retry_delay={"seconds": 1, "nanos": 500_000_000}),
    ):
        packed = any_pb2.Any()
        packed.Pack(detail)
        details.append(packed)
    status = status_pb2.Status(code=code_pb2.RESOURCE_EXHAUSTED, message="slow down", details=details)
    context.set_trailing_metadata(
        (("grpc-status-details-bin", status.SerializeToString()), ("x-request-id", "req-77"))
    )
    context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "slow down")


def test_errors_carry_request_id_error_info_and_retry_delay(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["ScoreArticle"] = detailed_error
    with (
        Client(fake_server.address, retry=FAST_RETRY) as client,
        pytest.raises(sc.ResourceExhaustedError) as info,
    ):
        client.score_article(ARTICLE)
    error = info.value
    assert (error.request_id, error.reason, error.domain) == (
        "req-77",
        "TOO_MANY_CALLS_IN_FLIGHT",
        "sourcecheck.v1",
    )
    assert error.metadata == {"key": "ops"}
    assert error.retry_delay == 1.5
    assert fake_server.servicer.count("ScoreArticle") == 1  # RESOURCE_EXHAUSTED is not retried


async def test_async_errors_carry_the_request_id(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetArticle"] = failing(1, grpc.StatusCode.NOT_FOUND, stats)
    async with AsyncClient(fake_server.address) as client:
        with pytest.raises(sc.NotFoundError) as info:
            await client.get_article("nope")
    assert info.value.request_id == "req-1"
    assert info.value.reason == ""
    assert info.value.retry_delay is None


def test_the_channel_serves_protobuf_level_calls(fake_server: FakeServer) -> None:
    """`Client.channel` (what the CLI's --server uses) carries calls the client does not wrap."""
    fake_server.servicer.handlers["GetCorpusStats"] = lambda r, c: pb.GetCorpusStatsResponse(article_count=3)
    with Client(fake_server.address) as client:
        stub = scoring_pb2_grpc.ScoringServiceStub(client.channel)
        assert stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=10).article_count == 3
