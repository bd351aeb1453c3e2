"""The call metrics under go-grpc-prometheus's names and labels, streams' messages counted one by one."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import grpc
import pytest

from sourcecheck.server.metrics import REGISTRY
from sourcecheck.v1 import scoring_pb2 as pb
from tests.conftest import LiveServer

WAIT = 30.0  # bound on every blocking wait, never an assertion about time
BODY = "The city council approved a budget of 40 million dollars for the Harbour Bridge, mayor Jane Holt said"
SERVICE = "sourcecheck.v1.ScoringService"


def sample(name: str, kind: str, method: str, **labels: str) -> float:
    """A sample's value now (the registry is the process's, so tests compare before and after)."""
    labels = {"grpc_type": kind, "grpc_service": SERVICE, "grpc_method": method, **labels}
    return REGISTRY.get_sample_value(name, labels) or 0.0


class Change:
    """The change in each call metric of one method over a block."""

    NAMES = (
        "grpc_server_started_total",
        "grpc_server_msg_received_total",
        "grpc_server_msg_sent_total",
        "grpc_server_handling_seconds_count",
    )

    def __init__(self, kind: str, method: str, code: str = "OK") -> None:
        self.kind, self.method, self.code = kind, method, code
        self.before = self.now()

    def now(self) -> dict[str, float]:
        values = {name: sample(name, self.kind, self.method) for name in self.NAMES}
        handled = sample("grpc_server_handled_total", self.kind, self.method, grpc_code=self.code)
        return {**values, "grpc_server_handled_total": handled}

    def delta(self) -> dict[str, float]:
        after = self.now()
        return {name.removeprefix("grpc_server_"): after[name] - self.before[name] for name in after}


def counts(started: int, received: int, sent: int) -> dict[str, float]:
    return {
        "started_total": started,
        "msg_received_total": received,
        "msg_sent_total": sent,
        "handling_seconds_count": started,
        "handled_total": started,
    }


def articles(n: int) -> Iterator[pb.Article]:
    return (pb.Article(id=f"a{i}", outlet=f"Outlet {i}", body=BODY) for i in range(n))


def test_unary_calls(server: LiveServer) -> None:
    change = Change("unary", "GetCorpusStats")
    server.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=WAIT)
    assert change.delta() == counts(started=1, received=1, sent=1)


def test_a_refused_call_is_handled_with_its_code_and_sends_nothing(server: LiveServer) -> None:
    change = Change("unary", "ScoreArticle", code="InvalidArgument")  # Go's name, as stock alerts match
    with pytest.raises(grpc.RpcError):
        server.stub.ScoreArticle(pb.ScoreArticleRequest(article=pb.Article(id="x")), timeout=WAIT)
    assert change.delta() == counts(started=1, received=1, sent=0)


def test_a_client_stream_counts_each_message_in(server: LiveServer) -> None:
    change = Change("client_stream", "BulkIngestArticles")
    requests = (pb.BulkIngestArticlesRequest(article=a) for a in articles(3))
    server.stub.BulkIngestArticles(requests, timeout=WAIT)
    assert change.delta() == counts(started=1, received=3, sent=1)


@pytest.mark.parametrize("traced", [False, True], ids=["plain", "otel"])
def test_a_bidi_stream_counts_each_message_both_ways(
    make_server: Callable[..., LiveServer], traced: bool
) -> None:
    """With OpenTelemetry's interceptor around it too: the streams still run and count the same."""
    if traced:
        pytest.importorskip("opentelemetry.instrumentation.grpc")
    live = make_server(otel_tracing=traced)
    change = Change("bidi_stream", "StreamScoreArticles")
    requests = (pb.StreamScoreArticlesRequest(article=a) for a in articles(4))
    assert len(list(live.stub.StreamScoreArticles(requests, timeout=WAIT))) == 4
    assert change.delta() == counts(started=1, received=4, sent=4)


def test_code_labels_are_gos_names() -> None:
    """go-grpc-prometheus writes codes.Code.String(): stock alerts match "Unavailable", not "UNAVAILABLE"."""
    from sourcecheck.server.metrics import go_code_name

    assert go_code_name(grpc.StatusCode.OK) == "OK"
    assert go_code_name(grpc.StatusCode.UNAVAILABLE) == "Unavailable"
    assert go_code_name(grpc.StatusCode.INVALID_ARGUMENT) == "InvalidArgument"
    assert go_code_name(grpc.StatusCode.CANCELLED) == "Canceled"
    assert go_code_name(grpc.StatusCode.DEADLINE_EXCEEDED) == "DeadlineExceeded"
