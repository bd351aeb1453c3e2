"""Each input limit refuses with a status and a message naming the limit."""

from __future__ import annotations

from collections.abc import Callable

import grpc
import pytest

from sourcecheck.v1 import scoring_pb2 as pb
from tests.conftest import LiveServer

BODY = (
    "The council closed the bridge on Monday. Police said two cars collided on the ramp. "
    "The mayor said repairs would take six weeks."
)


def refusal(call: Callable[[], object]) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as raised:
        call()
    return raised.value


def test_too_many_claims_is_resource_exhausted(make_server: Callable[..., LiveServer]) -> None:
    live = make_server(max_claims=2)
    article = pb.Article(id="a", outlet="Example Gazette", body=BODY)
    for call in (
        lambda: live.stub.ScoreArticle(pb.ScoreArticleRequest(article=article)),
        lambda: live.stub.IngestArticle(pb.IngestArticleRequest(article=article)),
    ):
        error = refusal(call)
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "claims per article" in error.details()
    assert live.stub.GetCorpusStats(pb.GetCorpusStatsRequest()).article_count == 0


def test_too_long_a_stream_is_resource_exhausted(make_server: Callable[..., LiveServer]) -> None:
    live = make_server(max_stream_articles=2)
    requests = [
        pb.BulkIngestArticlesRequest(article=pb.Article(id=f"a{n}", outlet="Example Gazette", body=BODY))
        for n in range(3)
    ]
    error = refusal(lambda: live.stub.BulkIngestArticles(iter(requests)))
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "stream length" in error.details()


def test_too_big_a_body_is_invalid_argument(make_server: Callable[..., LiveServer]) -> None:
    live = make_server(max_body_chars=50)
    article = pb.Article(id="a", outlet="Example Gazette", body=BODY)
    error = refusal(lambda: live.stub.ScoreArticle(pb.ScoreArticleRequest(article=article)))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "limit of 50 characters" in error.details()
