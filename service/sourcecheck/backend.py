"""The CLI's backend: a gRPC stub on --server, or an in-process engine on --db; the same calls either way."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc

from sourcecheck import claimreview, convert, core
from sourcecheck.engine import Engine, load_policy, stale_versions, version_mix_warning
from sourcecheck.store import Store, open_store
from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.v1 import scoring_pb2_grpc as pb_grpc


class BackendError(Exception):
    """Flags that contradict each other, said before anything is opened."""


def remote_channel(target: str, *, tls: bool = False, ca_cert: str | None = None) -> grpc.Channel:
    """The channel to --server, made by our client library (sourcecheck_client): TLS trusting
    ca_cert (else the system's roots) or plaintext, with the client's retry policy (gRPC's service
    config), so that the CLI and the client connect and retry alike. Where the client is not
    installed (the server's container image), a plaintext channel without retries."""
    try:
        from sourcecheck_client import Client
    except ImportError:
        if tls:
            root = Path(ca_cert).read_bytes() if ca_cert else None
            return grpc.secure_channel(target, grpc.ssl_channel_credentials(root_certificates=root))
        print(
            "sourcecheck: note: calls to --server are not retried: the sourcecheck-client package "
            "(clients/python) is not installed",
            file=sys.stderr,
        )
        return grpc.insecure_channel(target)
    return Client(target, tls=tls, tls_ca=ca_cert).channel


class Backend:
    """Either a gRPC stub on --server or an in-process engine on --db: the same calls either way."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.stub: pb_grpc.ScoringServiceStub | None = None
        self.engine: Engine | None = None
        self.timeout = args.timeout
        self.metadata = (("x-api-key", args.api_key),) if args.api_key else ()
        tls = args.tls or args.ca_cert is not None
        if args.server:
            self.channel = remote_channel(args.server, tls=tls, ca_cert=args.ca_cert)
            self.stub = pb_grpc.ScoringServiceStub(self.channel)
        elif tls:
            raise BackendError("--tls and --ca-cert are for --server: in-process calls need no channel")
        else:
            self.engine = Engine(open_store(args.db), load_policy(args.policy))
            _warn_on_version_mix(self.engine.store)

    def ingest(self, article: pb.Article) -> pb.IngestArticleResponse:
        if self.stub is not None:
            return self.stub.IngestArticle(
                pb.IngestArticleRequest(article=article), timeout=self.timeout, metadata=self.metadata
            )
        assert self.engine is not None
        done = self.engine.ingest(convert.article_from_pb(article))
        return pb.IngestArticleResponse(
            article_id=article.id, claim_count=done.claim_count, replaced=done.replaced
        )

    def ingest_many(self, articles: Iterator[pb.Article]) -> tuple[int, int]:
        """(articles, claims) stored: one BulkIngestArticles stream on --server, else one by one."""
        if self.stub is not None:
            reply = self.stub.BulkIngestArticles(
                (pb.BulkIngestArticlesRequest(article=a) for a in articles),
                timeout=None,
                metadata=self.metadata,
            )
            return reply.article_count, reply.claim_count
        stored = claims = 0
        for article in articles:
            claims += self.ingest(article).claim_count
            stored += 1
        return stored, claims

    def score(
        self, article: pb.Article, view: pb.ScoreView = pb.SCORE_VIEW_UNSPECIFIED
    ) -> pb.ScoreArticleResponse:
        if self.stub is not None:
            return self.stub.ScoreArticle(
                pb.ScoreArticleRequest(article=article, view=view),
                timeout=self.timeout,
                metadata=self.metadata,
            )
        assert self.engine is not None
        scored = self.engine.score(convert.article_from_pb(article))
        response = convert.score_response(
            article.id, scored, self.engine.policy.version, core.EXTRACTOR_VERSION
        )
        if view == pb.SCORE_VIEW_CLAIM_REVIEW:
            response.json_ld = json.dumps(claimreview.document(article, response), ensure_ascii=False)
        return response

    def get(self, article_id: str) -> pb.Article | None:
        """A stored article, or None when the corpus has no article with that id."""
        if self.stub is not None:
            try:
                reply: pb.Article = self.stub.GetArticle(
                    pb.GetArticleRequest(name=convert.ARTICLES + article_id),
                    timeout=self.timeout,
                    metadata=self.metadata,
                )
            except grpc.RpcError as error:
                if error.code() == grpc.StatusCode.NOT_FOUND:
                    return None
                raise
            return reply
        assert self.engine is not None
        stored = self.engine.store.get(article_id)
        return convert.article_to_pb(stored) if stored is not None else None

    def close(self) -> None:
        if self.stub is not None:
            self.channel.close()
        if self.engine is not None:
            self.engine.store.close()


def _warn_on_version_mix(store: Store) -> None:
    """One line on stderr when stored claims were read by other extraction rules than this build's."""
    stale = stale_versions(store)
    if stale:
        print(f"sourcecheck: warning: {version_mix_warning(stale)}", file=sys.stderr)
