"""Retries are gRPC's own (the service config the RetryPolicy writes): against a fake server that fails
N times with UNAVAILABLE, and against a port where nothing listens."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc
import grpc.aio
import pytest
from client_testkit import FakeServer, failing, free_port

import sourcecheck_client as sc
from sourcecheck_client import Article, AsyncClient, Client, RetryPolicy
from sourcecheck_client._config import RETRIED_METHODS
from sourcecheck_client._proto import scoring_pb2 as pb

POLICY = RetryPolicy(max_attempts=3, initial_backoff=0.01, max_backoff=0.02)
ARTICLE = Article(id="a1", outlet="Example Times", body="The minister resigned, officials said.")
SERVICE_CONFIG = Path(__file__).resolve().parents[2] / "service_config.json"


def stats(request: Any, context: grpc.ServicerContext) -> pb.GetCorpusStatsResponse:
    return pb.GetCorpusStatsResponse(article_count=3, policy_version="test-1")


class CountingInterceptor(grpc.UnaryUnaryClientInterceptor, grpc.StreamUnaryClientInterceptor):  # type: ignore[misc]
    def __init__(self) -> None:
        self.methods: list[str] = []

    def intercept_unary_unary(self, continuation: Callable[..., Any], details: Any, request: Any) -> Any:
        self.methods.append(details.method)
        return continuation(details, request)

    def intercept_stream_unary(
        self, continuation: Callable[..., Any], details: Any, request_iterator: Any
    ) -> Any:
        self.methods.append(details.method)
        return continuation(details, request_iterator)


class AsyncCountingInterceptor(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    def __init__(self) -> None:
        self.methods: list[str] = []

    async def intercept_unary_unary(
        self, continuation: Callable[..., Any], details: Any, request: Any
    ) -> Any:
        method = details.method
        self.methods.append(method.decode() if isinstance(method, bytes) else method)
        return await continuation(details, request)


@pytest.fixture
def dead_address() -> str:
    return f"127.0.0.1:{free_port()}"


# -- the service config --------------------------------------------------------


def test_the_default_policy_is_the_shared_service_config_file() -> None:
    assert json.loads(SERVICE_CONFIG.read_text()) == RetryPolicy().service_config()


def test_service_config_of_a_policy() -> None:
    config = RetryPolicy(max_attempts=9, initial_backoff=0.25, max_backoff=0, multiplier=1.5).service_config()
    (method,) = config["methodConfig"]
    assert [n["method"] for n in method["name"]] == list(RETRIED_METHODS)
    assert {n["service"] for n in method["name"]} == {"sourcecheck.v1.ScoringService"}
    assert method["retryPolicy"] == {
        "maxAttempts": 5,  # gRPC's ceiling
        "initialBackoff": "0.25s",
        "maxBackoff": "0.01s",  # gRPC refuses zero
        "backoffMultiplier": 1.5,
        "retryableStatusCodes": ["UNAVAILABLE"],
    }
    assert "retryPolicy" not in RetryPolicy(max_attempts=1).service_config()["methodConfig"][0]
    assert not {"BulkIngestArticles", "StreamScoreArticles"} & set(RETRIED_METHODS)


def test_the_channel_gets_the_service_config_and_callers_options_win() -> None:
    with Client(retry=POLICY) as client:
        options = dict(client.channel_options)
    assert json.loads(options["grpc.service_config"]) == POLICY.service_config()
    assert options["grpc.enable_retries"] == 1
    mine = json.dumps({"methodConfig": []})
    with Client(channel_options=[("grpc.service_config", mine)]) as client:
        keys = [key for key, _ in client.channel_options]
        assert keys.count("grpc.service_config") == 1
        assert dict(client.channel_options)["grpc.service_config"] == mine


# -- against a fake server -------------------------------------------------------


def test_unavailable_n_times_then_success(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = failing(2, grpc.StatusCode.UNAVAILABLE, stats)
    counter = CountingInterceptor()
    with Client(fake_server.address, retry=POLICY, interceptors=[counter]) as client:
        assert client.corpus_stats().article_count == 3
    # Three attempts reached the server, numbered by gRPC itself; the interceptor saw one call.
    assert fake_server.servicer.attempts("GetCorpusStats") == [1, 2, 3]
    assert counter.methods == ["/sourcecheck.v1.ScoringService/GetCorpusStats"]


def test_gives_up_after_max_attempts(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = failing(100, grpc.StatusCode.UNAVAILABLE, stats)
    with Client(fake_server.address, retry=POLICY) as client, pytest.raises(sc.UnavailableError) as info:
        client.corpus_stats()
    assert fake_server.servicer.attempts("GetCorpusStats") == [1, 2, 3]
    assert info.value.attempts == 3
    assert info.value.message == "failure 3"
    assert info.value.request_id == "req-3"  # the last attempt's


@pytest.mark.parametrize(
    ("method", "call", "answer"),
    [
        ("ScoreArticle", lambda c: c.score_article(ARTICLE), pb.ScoreArticleResponse(article_id="a1")),
        ("IngestArticle", lambda c: c.ingest_article(ARTICLE), pb.IngestArticleResponse(article_id="a1")),
        ("GetArticle", lambda c: c.get_article("a1"), pb.Article(id="a1", outlet="o", body="b")),
        ("ListArticles", lambda c: c.list_articles(), pb.ListArticlesResponse()),
        ("DeleteArticle", lambda c: c.delete_article("a1"), pb.DeleteArticleResponse(deleted=True)),
    ],
)
def test_every_idempotent_method_is_retried(
    fake_server: FakeServer, method: str, call: Callable[[Client], Any], answer: Any
) -> None:
    fake_server.servicer.handlers[method] = failing(1, grpc.StatusCode.UNAVAILABLE, lambda r, c: answer)
    with Client(fake_server.address, retry=POLICY) as client:
        call(client)
    assert fake_server.servicer.attempts(method) == [1, 2]


@pytest.mark.parametrize(
    "code",
    [grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INTERNAL],
)
def test_other_codes_are_not_retried(fake_server: FakeServer, code: grpc.StatusCode) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = failing(1, code, stats)
    with Client(fake_server.address, retry=POLICY) as client, pytest.raises(sc.SourcecheckError) as info:
        client.corpus_stats()
    assert info.value.code == code.name
    assert fake_server.servicer.attempts("GetCorpusStats") == [1]


def test_streams_are_not_retried(fake_server: FakeServer) -> None:
    bulk = failing(1, grpc.StatusCode.UNAVAILABLE, lambda r, c: pb.BulkIngestArticlesResponse())
    fake_server.servicer.handlers["BulkIngestArticles"] = bulk
    with Client(fake_server.address, retry=POLICY) as client, pytest.raises(sc.UnavailableError) as info:
        client.bulk_ingest([ARTICLE])
    assert info.value.attempts == 1
    assert fake_server.servicer.count("BulkIngestArticles") == 1


def test_max_attempts_one_turns_retries_off(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = failing(1, grpc.StatusCode.UNAVAILABLE, stats)
    with (
        Client(fake_server.address, retry=RetryPolicy(max_attempts=1)) as client,
        pytest.raises(sc.UnavailableError) as info,
    ):
        client.corpus_stats()
    assert info.value.attempts == 1
    assert fake_server.servicer.count("GetCorpusStats") == 1


def test_the_deadline_covers_all_attempts(fake_server: FakeServer) -> None:
    # Backoffs drawn from [0, 1000 s] against a 1 s deadline: the deadline ends the call, whatever
    # the draws (all four under 1 s in total would take odds of about 1e-12).
    fake_server.servicer.handlers["GetCorpusStats"] = failing(100, grpc.StatusCode.UNAVAILABLE, stats)
    slow = RetryPolicy(max_attempts=5, initial_backoff=1000.0, max_backoff=1000.0)
    with Client(fake_server.address, retry=slow) as client, pytest.raises(sc.DeadlineExceededError):
        client.corpus_stats(timeout=1.0)
    assert fake_server.servicer.count("GetCorpusStats") >= 1


async def test_async_unavailable_n_times_then_success(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["GetCorpusStats"] = failing(2, grpc.StatusCode.UNAVAILABLE, stats)
    counter = AsyncCountingInterceptor()
    async with AsyncClient(fake_server.address, retry=POLICY, interceptors=[counter]) as client:
        assert (await client.corpus_stats()).policy_version == "test-1"
    assert fake_server.servicer.attempts("GetCorpusStats") == [1, 2, 3]
    assert counter.methods == ["/sourcecheck.v1.ScoringService/GetCorpusStats"]


async def test_async_gives_up_after_max_attempts(fake_server: FakeServer) -> None:
    fake_server.servicer.handlers["IngestArticle"] = failing(
        100, grpc.StatusCode.UNAVAILABLE, lambda r, c: pb.IngestArticleResponse()
    )
    async with AsyncClient(fake_server.address, retry=POLICY) as client:
        with pytest.raises(sc.UnavailableError) as info:
            await client.ingest_article(ARTICLE)
    assert info.value.attempts == 3
    assert info.value.request_id == "req-3"
    assert fake_server.servicer.attempts("IngestArticle") == [1, 2, 3]


# -- nothing listening -------------------------------------------------------------


def test_sync_nothing_listening_is_unavailable(dead_address: str) -> None:
    counter = CountingInterceptor()
    with (
        Client(dead_address, retry=POLICY, interceptors=[counter]) as client,
        pytest.raises(sc.UnavailableError) as info,
    ):
        client.corpus_stats()
    assert info.value.attempts == 3
    assert info.value.request_id is None  # no server saw it
    assert counter.methods == ["/sourcecheck.v1.ScoringService/GetCorpusStats"]


def test_sync_streaming_is_tried_once(dead_address: str) -> None:
    counter = CountingInterceptor()
    with (
        Client(dead_address, retry=POLICY, interceptors=[counter]) as client,
        pytest.raises(sc.UnavailableError) as info,
    ):
        client.bulk_ingest([ARTICLE])
    assert info.value.attempts == 1
    assert counter.methods == ["/sourcecheck.v1.ScoringService/BulkIngestArticles"]


async def test_async_nothing_listening_is_unavailable(dead_address: str) -> None:
    async with AsyncClient(dead_address, retry=POLICY) as client:
        with pytest.raises(sc.UnavailableError) as info:
            await client.ingest_article(ARTICLE)
    assert info.value.attempts == 3
