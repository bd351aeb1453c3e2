"""Retries on UNAVAILABLE against a port where nothing listens; attempts counted by interceptors."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import grpc
import grpc.aio
import pytest
from client_testkit import free_port

import sourcecheck_client as sc
from sourcecheck_client import Article, AsyncClient, Client, RetryPolicy

POLICY = RetryPolicy(max_attempts=3, initial_backoff=0.01, max_backoff=0.02)


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


def test_sync_gives_up_after_max_attempts(dead_address: str) -> None:
    counter = CountingInterceptor()
    with (
        Client(dead_address, retry=POLICY, interceptors=[counter]) as client,
        pytest.raises(sc.UnavailableError) as info,
    ):
        client.corpus_stats()
    assert info.value.attempts == 3
    assert counter.methods == ["/sourcecheck.v1.ScoringService/GetCorpusStats"] * 3


def test_sync_streaming_is_tried_once(dead_address: str) -> None:
    counter = CountingInterceptor()
    with (
        Client(dead_address, retry=POLICY, interceptors=[counter]) as client,
        pytest.raises(sc.UnavailableError) as info,
    ):
        client.bulk_ingest([Article(id="a", outlet="o", body="b")])
    assert info.value.attempts == 1
    assert counter.methods == ["/sourcecheck.v1.ScoringService/BulkIngestArticles"]


def test_sync_no_retry_when_the_deadline_leaves_no_room(dead_address: str) -> None:
    # A backoff far longer than the deadline: the first failure is final.
    slow = RetryPolicy(max_attempts=5, initial_backoff=1000.0, max_backoff=1000.0)
    counter = CountingInterceptor()
    with Client(dead_address, retry=slow, interceptors=[counter], timeout=5.0) as client:
        client._rand = random.Random()
        client._rand.random = lambda: 1.0  # type: ignore[method-assign]  # the top of the jitter range
        with pytest.raises(sc.UnavailableError) as info:
            client.get_article("x", timeout=2.0)
    assert info.value.attempts == 1
    assert len(counter.methods) == 1


async def test_async_gives_up_after_max_attempts(dead_address: str) -> None:
    counter = AsyncCountingInterceptor()
    async with AsyncClient(dead_address, retry=POLICY, interceptors=[counter]) as client:
        with pytest.raises(sc.UnavailableError) as info:
            await client.ingest_article(Article(id="a", outlet="o", body="b"))
    assert info.value.attempts == 3
    assert counter.methods == ["/sourcecheck.v1.ScoringService/IngestArticle"] * 3
