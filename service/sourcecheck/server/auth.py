"""API keys with scopes, checked on every call; health and reflection stay open.

Keys are stored as SHA-256 hex digests, never in clear: `sourcecheck hash-key` makes one. A call
carries its key in the `x-api-key` metadata. No key: UNAUTHENTICATED. A key without the method's
scope: PERMISSION_DENIED. Too many calls at once on one key: RESOURCE_EXHAUSTED.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import grpc

from sourcecheck.server import errors
from sourcecheck.server.handlers import wrap

API_KEY_HEADER = "x-api-key"
SERVICE = "/sourcecheck.v1.ScoringService/"
SCOPES: dict[str, str] = {
    SERVICE + "ScoreArticle": "score",
    SERVICE + "StreamScoreArticles": "score",
    SERVICE + "GetArticle": "score",
    SERVICE + "ListArticles": "score",
    SERVICE + "GetCorpusStats": "score",
    SERVICE + "IngestArticle": "ingest",
    SERVICE + "BulkIngestArticles": "ingest",
    SERVICE + "DeleteArticle": "ingest",
}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ApiKey:
    name: str
    sha256: str
    scopes: frozenset[str]


class _Limiter:
    """At most `limit` calls in flight per key."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lock = threading.Lock()
        self.in_flight: dict[str, int] = {}

    @contextmanager
    def slot(self, name: str) -> Iterator[bool]:
        with self.lock:
            busy = self.in_flight.get(name, 0)
            granted = busy < self.limit
            if granted:
                self.in_flight[name] = busy + 1
        try:
            yield granted
        finally:
            if granted:
                with self.lock:
                    self.in_flight[name] -= 1


def _denied(error: errors.ApiError, streaming_request: bool, streaming_response: bool) -> Any:
    def deny(request: Any, context: grpc.ServicerContext) -> Any:
        context.abort_with_status(error.status)

    if streaming_request and streaming_response:
        return grpc.stream_stream_rpc_method_handler(deny)
    if streaming_request:
        return grpc.stream_unary_rpc_method_handler(deny)
    if streaming_response:
        return grpc.unary_stream_rpc_method_handler(deny)
    return grpc.unary_unary_rpc_method_handler(deny)


class AuthInterceptor(grpc.ServerInterceptor):
    """Checks the caller's key and scope for the scoring service; leaves other services open."""

    def __init__(self, keys: list[ApiKey], max_concurrent_per_key: int) -> None:
        self.keys = keys
        self.limiter = _Limiter(max_concurrent_per_key)

    def _find(self, presented: str) -> ApiKey | None:
        digest = hash_key(presented)
        found = None
        for key in self.keys:  # compare against every key, in constant time each
            if hmac.compare_digest(digest, key.sha256):
                found = key
        return found

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        method = handler_call_details.method
        handler = continuation(handler_call_details)
        scope = SCOPES.get(method)
        if scope is None or handler is None:
            return handler
        streams = (handler.request_streaming, handler.response_streaming)
        presented = dict(handler_call_details.invocation_metadata or ()).get(API_KEY_HEADER)
        if not presented:
            missing = errors.unauthenticated(f"missing {API_KEY_HEADER} metadata", "API_KEY_MISSING")
            return _denied(missing, *streams)
        key = self._find(str(presented))
        if key is None:
            return _denied(errors.unauthenticated("unknown API key", "API_KEY_INVALID"), *streams)
        if scope not in key.scopes:
            lacking = errors.permission_denied(f"key {key.name!r} lacks the {scope!r} scope", scope)
            return _denied(lacking, *streams)
        return self._limited(handler, key.name)

    def _limited(self, handler: grpc.RpcMethodHandler, name: str) -> grpc.RpcMethodHandler:
        limiter = self.limiter

        @contextmanager
        def within_limit(context: grpc.ServicerContext) -> Iterator[None]:
            with limiter.slot(name) as granted:
                if not granted:
                    context.abort_with_status(errors.too_many_in_flight(limiter.limit, name).status)
                yield

        return wrap(handler, within_limit)
