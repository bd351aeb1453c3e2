"""sourcecheck.v1.ScoringService: validate, call the engine, convert. Nothing else."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from typing import TypeVar

import grpc
import structlog

from sourcecheck import claimreview, convert, core, offsets
from sourcecheck.engine import Engine, TooManyClaims
from sourcecheck.server import errors, paging
from sourcecheck.settings import Settings
from sourcecheck.store import StoreUnavailable
from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.v1 import scoring_pb2_grpc as pb_grpc

log = structlog.get_logger("sourcecheck.server")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
T = TypeVar("T")


def _answer(context: grpc.ServicerContext, work: Callable[[], T]) -> T:
    """Run `work`; map ApiError to its status, store outages to UNAVAILABLE, and anything else to a
    plain INTERNAL that names the request id but leaks no internals (the log has the traceback)."""
    if not context.is_active():  # the caller gave up (deadline passed, cancelled) while the call queued
        context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, "the call ended before its work began")
    try:
        return work()
    except errors.ApiError as error:
        context.abort_with_status(error.status)
    except TooManyClaims as error:
        context.abort_with_status(errors.resource_exhausted(str(error)).status)
    except StoreUnavailable as error:
        log.warning("store unavailable", error=str(error))
        context.abort_with_status(errors.unavailable("the corpus store is unavailable; retry later").status)
    except Exception:
        log.exception("unexpected error")
        context.abort_with_status(errors.internal().status)
    raise AssertionError("unreachable")


def _article_id(name: str, legacy_id: str) -> str:
    """The id an article request names: from `name` ("articles/{id}"), else the deprecated `id`."""
    if name:
        article_id = name.removeprefix(convert.ARTICLES)
        if article_id == name or not article_id:
            raise errors.bad_request([errors.Violation("name", f"must be {convert.ARTICLES}{{id}}")])
        return article_id
    if legacy_id:
        return legacy_id
    raise errors.bad_request([errors.Violation("name", "required")])


class ScoringServicer(pb_grpc.ScoringServiceServicer):
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    def _article(self, message: pb.Article, field: str = "article") -> core.Article:
        violations = errors.validate_article(message, self.settings.max_body_chars, field)
        if violations:
            raise errors.bad_request(violations)
        return convert.article_from_pb(message)

    def _score(
        self,
        message: pb.Article,
        field: str = "article",
        view: int = pb.SCORE_VIEW_UNSPECIFIED,
        encoding: int = pb.ENCODING_TYPE_UNSPECIFIED,
    ) -> pb.ScoreArticleResponse:
        article = self._article(message, field)
        scored = self.engine.score(article)
        response = convert.score_response(
            article.id, scored, self.engine.policy.version, core.EXTRACTOR_VERSION
        )
        if view == pb.SCORE_VIEW_CLAIM_REVIEW:
            response.json_ld = json.dumps(claimreview.document(message, response), ensure_ascii=False)
        if offsets.needs_recount(encoding):
            others = {}
            for article_id in offsets.matched_articles(response):
                other = self.engine.store.get(article_id)
                if other is not None:
                    others[article_id] = other.body
            offsets.recount(response, encoding, article.body, others)
        return response

    def ScoreArticle(
        self, request: pb.ScoreArticleRequest, context: grpc.ServicerContext
    ) -> pb.ScoreArticleResponse:
        return _answer(
            context,
            lambda: self._score(request.article, view=request.view, encoding=request.encoding_type),
        )

    def IngestArticle(
        self, request: pb.IngestArticleRequest, context: grpc.ServicerContext
    ) -> pb.IngestArticleResponse:
        def work() -> pb.IngestArticleResponse:
            article = self._article(request.article)
            done = self.engine.ingest(article)
            return pb.IngestArticleResponse(
                article_id=article.id, claim_count=done.claim_count, replaced=done.replaced
            )

        return _answer(context, work)

    def BulkIngestArticles(
        self, request_iterator: Iterator[pb.BulkIngestArticlesRequest], context: grpc.ServicerContext
    ) -> pb.BulkIngestArticlesResponse:
        def work() -> pb.BulkIngestArticlesResponse:
            articles = claims = 0
            for index, request in enumerate(request_iterator):
                if not context.is_active():
                    break  # the caller's deadline passed: stop storing (what is stored stays)
                if index >= self.settings.max_stream_articles:
                    raise errors.resource_exhausted(
                        f"stream length (at most {self.settings.max_stream_articles} articles)"
                    )
                article = self._article(request.article, f"article[{index}]")
                claims += self.engine.ingest(article).claim_count
                articles += 1
            return pb.BulkIngestArticlesResponse(article_count=articles, claim_count=claims)

        return _answer(context, work)

    def StreamScoreArticles(
        self, request_iterator: Iterator[pb.StreamScoreArticlesRequest], context: grpc.ServicerContext
    ) -> Iterator[pb.StreamScoreArticlesResponse]:
        for index, request in enumerate(request_iterator):
            if index >= self.settings.max_stream_articles:
                context.abort_with_status(
                    errors.resource_exhausted(
                        f"stream length (at most {self.settings.max_stream_articles} articles)"
                    ).status
                )
            if not context.is_active():
                return
            result = _answer(
                context,
                partial(
                    self._score, request.article, f"article[{index}]", request.view, request.encoding_type
                ),
            )
            yield pb.StreamScoreArticlesResponse(result=result)

    def GetArticle(self, request: pb.GetArticleRequest, context: grpc.ServicerContext) -> pb.Article:
        def work() -> pb.Article:
            article_id = _article_id(request.name, request.id)
            article = self.engine.store.get(article_id)
            if article is None:
                raise errors.not_found(f"article {article_id!r}", id=article_id)
            return convert.article_to_pb(article)

        return _answer(context, work)

    def ListArticles(
        self, request: pb.ListArticlesRequest, context: grpc.ServicerContext
    ) -> pb.ListArticlesResponse:
        def work() -> pb.ListArticlesResponse:
            if request.page_size < 0:
                raise errors.bad_request([errors.Violation("page_size", "must not be negative")])
            size = min(request.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
            after = paging.decode(request.page_token)
            if after is None:
                raise errors.bad_request([errors.Violation("page_token", "not a token this API gave")])
            found = self.engine.store.list_after(after, size + 1)  # one more: is there a next page?
            page = found[:size]
            more = len(found) > size
            return pb.ListArticlesResponse(
                articles=[convert.article_to_pb(a) for a in page],
                next_page_token=paging.encode(page[-1].id) if more else "",
            )

        return _answer(context, work)

    def DeleteArticle(
        self, request: pb.DeleteArticleRequest, context: grpc.ServicerContext
    ) -> pb.DeleteArticleResponse:
        def work() -> pb.DeleteArticleResponse:
            article_id = _article_id(request.name, request.id)
            deleted = self.engine.store.delete(article_id)
            if not deleted and not request.allow_missing:
                raise errors.not_found(f"article {article_id!r}", id=article_id)
            return pb.DeleteArticleResponse(deleted=deleted)

        return _answer(context, work)

    def GetCorpusStats(
        self, request: pb.GetCorpusStatsRequest, context: grpc.ServicerContext
    ) -> pb.GetCorpusStatsResponse:
        def work() -> pb.GetCorpusStatsResponse:
            store = self.engine.store
            return convert.corpus_stats(
                store.counts(), store.extractor_versions(), self.engine.policy.version, core.EXTRACTOR_VERSION
            )

        return _answer(context, work)
