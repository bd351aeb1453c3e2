"""The synchronous client."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Self, TypeVar

import grpc
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


def _requests(
    articles: Iterable[Article], make: Callable[[pb.Article], _Req], captured: CapturedError
) -> Iterator[_Req]:
    try:
        for article in articles:
            yield make(_convert.article_to_proto(article))
    except Exception as exc:
        captured.error = exc
        raise


class Client(BaseClient):
    """A blocking client of the sourcecheck ScoringService.

    ::

        with Client("scoring.example:50051", api_key="...", tls=True) as client:
            result = client.score_article(Article(id="a1", outlet="Example Times", body="..."))

    Every call takes an optional ``timeout`` (seconds; ``None`` for no deadline)
    that overrides the client's default, and ``metadata`` (a mapping or (key, value)
    pairs, e.g. ``x-request-id``, ``traceparent``) sent besides the client's own.
    gRPC retries the idempotent unary calls on UNAVAILABLE according to ``retry``
    (the channel's service config, see :attr:`channel_options`); streaming calls are
    not retried. Failures raise :class:`sourcecheck_client.SourcecheckError` subclasses.

    ``interceptors`` are ``grpc`` client interceptors (``grpc.UnaryUnaryClientInterceptor`` and
    friends) applied to the channel; they see each call once, the retries happen beneath them.
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
        if credentials is None:
            self._raw_channel: Any = grpc.insecure_channel(settings.target, options=settings.options())
        else:
            self._raw_channel = grpc.secure_channel(settings.target, credentials, options=settings.options())
        channel = (
            grpc.intercept_channel(self._raw_channel, *interceptors) if interceptors else self._raw_channel
        )
        # The generated stub is untyped; the methods below give its calls their types.
        stub_class: Any = scoring_pb2_grpc.ScoringServiceStub
        self._stub: Any = stub_class(channel)
        self._closed = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Self:
        """A client configured from SOURCECHECK_SERVER, SOURCECHECK_API_KEY, SOURCECHECK_TIMEOUT,
        SOURCECHECK_TLS_CA, SOURCECHECK_TLS_CERT and SOURCECHECK_TLS_KEY; keyword arguments win."""
        return cls(**cls._from_env(environ, overrides))

    @property
    def channel(self) -> grpc.Channel:
        """The client's gRPC channel (TLS, retry policy and options applied, no interceptors), for
        calls at the protobuf level that the client does not wrap. Closed by :meth:`close`."""
        channel: grpc.Channel = self._raw_channel
        return channel

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        """Close the channel. Calls in flight are cancelled. Idempotent."""
        if not self._closed:
            self._closed = True
            self._raw_channel.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- plumbing ----------------------------------------------------------

    def _unary(self, method: str, request: Message, timeout: Timeout, metadata: CallMetadata | None) -> Any:
        """One unary call; gRPC retries it inside the channel as the service config says."""
        fn = getattr(self._stub, method)
        try:
            seconds = self._settings.call_timeout(timeout)
            return fn(request, timeout=seconds, metadata=self._metadata(metadata))
        except grpc.RpcError as exc:
            raise self._error(exc, method) from exc

    # -- the API -----------------------------------------------------------

    def score_article(
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
        response: pb.ScoreArticleResponse = self._unary("ScoreArticle", request, timeout, metadata)
        return _convert.score_result_from_proto(response)

    def ingest_article(
        self, article: Article, *, timeout: Timeout = UNSET, metadata: CallMetadata | None = None
    ) -> IngestResult:
        """Store an article in the corpus, replacing one with the same id. Idempotent."""
        request = pb.IngestArticleRequest(article=_convert.article_to_proto(article))
        response: pb.IngestArticleResponse = self._unary("IngestArticle", request, timeout, metadata)
        return _convert.ingest_result_from_proto(response)

    def get_article(
        self, article_id: str, *, timeout: Timeout = UNSET, metadata: CallMetadata | None = None
    ) -> Article:
        """The stored article with this id. Raises NotFoundError when there is none."""
        request = pb.GetArticleRequest(name=_convert.ARTICLES + article_id)
        response: pb.Article = self._unary("GetArticle", request, timeout, metadata)
        return _convert.article_from_proto(response)

    def list_articles(
        self,
        *,
        page_size: int = 0,
        page_token: str = "",
        timeout: Timeout = UNSET,
        metadata: CallMetadata | None = None,
    ) -> tuple[list[Article], str]:
        """One page of the stored articles, by id, and the token of the next page ("" after the last)."""
        request = pb.ListArticlesRequest(page_size=page_size, page_token=page_token)
        response: pb.ListArticlesResponse = self._unary("ListArticles", request, timeout, metadata)
        return [_convert.article_from_proto(a) for a in response.articles], response.next_page_token

    def delete_article(
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
        response: pb.DeleteArticleResponse = self._unary("DeleteArticle", request, timeout, metadata)
        return response.deleted

    def corpus_stats(self, *, timeout: Timeout = UNSET, metadata: CallMetadata | None = None) -> CorpusStats:
        """The corpus size and the active scoring policy version."""
        response: pb.GetCorpusStatsResponse = self._unary(
            "GetCorpusStats", pb.GetCorpusStatsRequest(), timeout, metadata
        )
        return _convert.corpus_stats_from_proto(response)

    def bulk_ingest(
        self, articles: Iterable[Article], *, timeout: Timeout = UNSET, metadata: CallMetadata | None = None
    ) -> BulkIngestResult:
        """Stream articles into the corpus; answers once all are stored. Not retried.

        The deadline covers the whole stream: pass ``timeout=None`` for long feeds.
        An exception raised by ``articles`` itself propagates unchanged.
        """
        captured = CapturedError()
        requests = _requests(articles, lambda a: pb.BulkIngestArticlesRequest(article=a), captured)
        try:
            response: pb.BulkIngestArticlesResponse = self._stub.BulkIngestArticles(
                requests,
                timeout=self._settings.call_timeout(timeout),
                metadata=self._metadata(metadata),
            )
        except grpc.RpcError as exc:
            captured.reraise()
            raise self._error(exc, "BulkIngestArticles") from exc
        return _convert.bulk_ingest_result_from_proto(response)

    def stream_score(
        self,
        articles: Iterable[Article],
        *,
        view: ScoreView | str = ScoreView.BASIC,
        encoding_type: EncodingType | str | None = None,
        timeout: Timeout = UNSET,
        metadata: CallMetadata | None = None,
    ) -> Iterator[ScoreResult]:
        """Score a stream of articles, yielding each result in request order. Not retried.

        The call starts when iteration starts; closing the iterator early cancels it.
        The deadline covers the whole stream: pass ``timeout=None`` for long feeds.
        ``view`` and ``encoding_type`` are those of :meth:`score_article`, for every article.
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
            for response in call:
                yield _convert.score_result_from_proto(response.result)
        except grpc.RpcError as exc:
            captured.reraise()
            raise self._error(exc, "StreamScoreArticles") from exc
        finally:
            call.cancel()
