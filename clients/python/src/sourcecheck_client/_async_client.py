"""The asyncio client, twin of :class:`sourcecheck_client.Client`."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any, Self, TypeVar

import grpc
import grpc.aio
from google.protobuf.message import Message

from sourcecheck_client import _convert
from sourcecheck_client._base import BaseClient, CapturedError
from sourcecheck_client._config import (
    DEFAULT_TARGET,
    DEFAULT_TIMEOUT,
    UNSET,
    CallMetadata,
    RetryPolicy,
    Timeout,
)
from sourcecheck_client._models import (
    Article,
    BulkIngestResult,
    CorpusStats,
    EncodingType,
    IngestResult,
    ScoreResult,
    ScoreView,
)
from sourcecheck_client._proto import scoring_pb2 as pb
from sourcecheck_client._proto import scoring_pb2_grpc

_Req = TypeVar("_Req", bound=Message)

Articles = Iterable[Article] | AsyncIterable[Article]


async def _requests(
    articles: Articles, make: Callable[[pb.Article], _Req], captured: CapturedError
) -> AsyncIterator[_Req]:
    try:
        if isinstance(articles, AsyncIterable):
            async for article in articles:
                yield make(_convert.article_to_proto(article))
        else:
            for article in articles:
                yield make(_convert.article_to_proto(article))
    except Exception as exc:
        captured.error = exc
        raise


class AsyncClient(BaseClient):
    """An asyncio client of the sourcecheck ScoringService; the twin of :class:`Client`.

    ::

        async with AsyncClient("scoring.example:50051", api_key="...", tls=True) as client:
            result = await client.score_article(Article(id="a1", outlet="Example Times", body="..."))

    Create it inside the event loop that will use it. ``interceptors`` are
    ``grpc.aio`` client interceptors (``grpc.aio.UnaryUnaryClientInterceptor`` and friends);
    they see each call once, gRPC's retries happen beneath them.
    """

    def __init__(
        self,
        target: str = DEFAULT_TARGET,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        api_key: str | None = None,
        tls: bool | None = None,
        tls_ca: str | os.PathLike[str] | None = None,
        tls_cert: str | os.PathLike[str] | None = None,
        tls_key: str | os.PathLike[str] | None = None,
        tls_server_name: str | None = None,
        retry: RetryPolicy | None = None,
        channel_options: Sequence[tuple[str, Any]] = (),
        interceptors: Sequence[Any] = (),
    ) -> None:
        super().__init__(
            target,
            timeout=timeout,
            api_key=api_key,
            tls=tls,
            tls_ca=tls_ca,
            tls_cert=tls_cert,
            tls_key=tls_key,
            tls_server_name=tls_server_name,
            retry=retry,
            channel_options=channel_options,
        )
        settings = self._settings
        credentials = settings.credentials()
        interceptor_list = list(interceptors) or None
        if credentials is None:
            self._channel: Any = grpc.aio.insecure_channel(
                settings.target, options=settings.options(), interceptors=interceptor_list
            )
        else:
            self._channel = grpc.aio.secure_channel(
                settings.target, credentials, options=settings.options(), interceptors=interceptor_list
            )
        # The generated stub is untyped; the methods below give its calls their types.
        stub_class: Any = scoring_pb2_grpc.ScoringServiceStub
        self._stub: Any = stub_class(self._channel)
        self._closed = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Self:
        """A client configured from SOURCECHECK_SERVER, SOURCECHECK_API_KEY, SOURCECHECK_TIMEOUT,
        SOURCECHECK_TLS_CA, SOURCECHECK_TLS_CERT and SOURCECHECK_TLS_KEY; keyword arguments win."""
        return cls(**cls._from_env(environ, overrides))

    # -- lifecycle ---------------------------------------------------------

    async def close(self) -> None:
        """Close the channel. Calls in flight are cancelled. Idempotent."""
        if not self._closed:
            self._closed = True
            await self._channel.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- plumbing ----------------------------------------------------------

    async def _unary(
        self, method: str, request: Message, timeout: Timeout, metadata: CallMetadata | None
    ) -> Any:
        """One unary call; gRPC retries it inside the channel as the service config says."""
        fn = getattr(self._stub, method)
        try:
            seconds = self._settings.call_timeout(timeout)
            return await fn(request, timeout=seconds, metadata=self._metadata(metadata))
        except grpc.RpcError as exc:
            raise self._error(exc, method) from exc

    # -- the API -----------------------------------------------------------

    async def score_article(
        self,
        article: Article,
        *,
        view: ScoreView | str = ScoreView.BASIC,
        encoding_type: EncodingType | str | None = None,
        timeout: Timeout = UNSET,
        metadata: CallMetadata | None = None,
    ) -> ScoreResult:
        """Score an article's claims against the corpus. The article is not stored.

        ``view=ScoreView.CLAIM_REVIEW`` also asks for the claims as JSON-LD (``ScoreResult.json_ld``);
        ``encoding_type`` counts the spans in UTF-8 bytes or UTF-16 units instead of code points.
        """
        request = pb.ScoreArticleRequest(
            article=_convert.article_to_proto(article),
            view=_convert.view_to_proto(view),
            encoding_type=_convert.encoding_to_proto(encoding_type),
        )
        response: pb.ScoreArticleResponse = await self._unary("ScoreArticle", request, timeout, metadata)
        return _convert.score_result_from_proto(response)

    async def ingest_article(
        self, article: Article, *, timeout: Timeout = UNSET, metadata: CallMetadata | None = None
    ) -> IngestResult:
        """Store an article in the corpus, replacing one with the same id. Idempotent."""
        request = pb.IngestArticleRequest(article=_convert.article_to_proto(article))
        response: pb.IngestArticleResponse = await self._unary("IngestArticle", request, timeout, metadata)
        return _convert.ingest_result_from_proto(response)

    async def get_article(
        self, article_id: str, *, timeout: Timeout = UNSET, metadata: CallMetadata | None = None
    ) -> Article:
        """The stored article with this id. Raises NotFoundError when there is none."""
        request = pb.GetArticleRequest(name=_convert.ARTICLES + article_id)
        response: pb.Article = await self._unary("GetArticle", request, timeout, metadata)
        return _convert.article_from_proto(response)

    async def list_articles(
        self,
        *,
        page_size: int = 0,
        page_token: str = "",
        timeout: Timeout = UNSET,
        metadata: CallMetadata | None = None,
    ) -> tuple[list[Article], str]:
        """One page of the stored articles, by id, and the token of the next page ("" after the last)."""
        request = pb.ListArticlesRequest(page_size=page_size, page_token=page_token)
        response: pb.ListArticlesResponse = await self._unary("ListArticles", request, timeout, metadata)
        return [_convert.article_from_proto(a) for a in response.articles], response.next_page_token

    async def delete_article(
        self,
        article_id: str,
        *,
        allow_missing: bool = False,
        timeout: Timeout = UNSET,
        metadata: CallMetadata | None = None,
    ) -> bool:
        """Remove an article and its claims. True when one was removed; a missing article raises
        :class:`NotFoundError`, or gives False with ``allow_missing``."""
        name = _convert.ARTICLES + article_id
        request = pb.DeleteArticleRequest(name=name, allow_missing=allow_missing)
        response: pb.DeleteArticleResponse = await self._unary("DeleteArticle", request, timeout, metadata)
        return response.deleted

    async def corpus_stats(
        self, *, timeout: Timeout = UNSET, metadata: CallMetadata | None = None
    ) -> CorpusStats:
        """The corpus size and the active scoring policy version."""
        request = pb.GetCorpusStatsRequest()
        response: pb.GetCorpusStatsResponse = await self._unary("GetCorpusStats", request, timeout, metadata)
        return _convert.corpus_stats_from_proto(response)

    async def bulk_ingest(
        self, articles: Articles, *, timeout: Timeout = UNSET, metadata: CallMetadata | None = None
    ) -> BulkIngestResult:
        """Stream articles (a sync or async iterable) into the corpus. Not retried.

        The deadline covers the whole stream: pass ``timeout=None`` for long feeds.
        An exception raised by ``articles`` itself propagates unchanged.
        """
        captured = CapturedError()
        requests = _requests(articles, lambda a: pb.BulkIngestArticlesRequest(article=a), captured)
        try:
            response: pb.BulkIngestArticlesResponse = await self._stub.BulkIngestArticles(
                requests,
                timeout=self._settings.call_timeout(timeout),
                metadata=self._metadata(metadata),
            )
        except grpc.RpcError as exc:
            captured.reraise()
            raise self._error(exc, "BulkIngestArticles") from exc
        except asyncio.CancelledError:
            # grpc.aio cancels the call when the request iterator raises.
            captured.reraise()
            raise
        return _convert.bulk_ingest_result_from_proto(response)

    async def stream_score(
        self,
        articles: Articles,
        *,
        view: ScoreView | str = ScoreView.BASIC,
        encoding_type: EncodingType | str | None = None,
        timeout: Timeout = UNSET,
        metadata: CallMetadata | None = None,
    ) -> AsyncIterator[ScoreResult]:
        """Score a stream of articles (a sync or async iterable), yielding results in request order.

        Not retried. The call starts when iteration starts; closing the iterator
        early cancels it. The deadline covers the whole stream. ``view`` and
        ``encoding_type`` are those of :meth:`score_article`, for every article.
        """
        seconds = self._settings.call_timeout(timeout)
        view_pb = _convert.view_to_proto(view)
        encoding_pb = _convert.encoding_to_proto(encoding_type)
        captured = CapturedError()
        requests = _requests(
            articles,
            lambda a: pb.StreamScoreArticlesRequest(article=a, view=view_pb, encoding_type=encoding_pb),
            captured,
        )
        call = self._stub.StreamScoreArticles(requests, timeout=seconds, metadata=self._metadata(metadata))
        try:
            async for response in call:
                yield _convert.score_result_from_proto(response.result)
        except grpc.RpcError as exc:
            captured.reraise()
            raise self._error(exc, "StreamScoreArticles") from exc
        except asyncio.CancelledError:
            captured.reraise()
            raise
        finally:
            call.cancel()
