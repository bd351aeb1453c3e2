"""Optional OpenTelemetry tracing: OpenTelemetry's gRPC server interceptor, one server span per call that
continues the caller's trace, with our request id and the call's status code on it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from sourcecheck.server import tracing
from sourcecheck.server.app import build_server
from sourcecheck.settings import Settings
from sourcecheck.store import StoreUnavailable
from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.v1 import scoring_pb2_grpc
from tests.conftest import LiveServer, _free_port

sdk = pytest.importorskip("opentelemetry.sdk.trace")
otel_grpc = pytest.importorskip("opentelemetry.instrumentation.grpc")
from opentelemetry import propagate, trace  # noqa: E402
from opentelemetry.sdk.trace import ReadableSpan  # noqa: E402
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter  # noqa: E402

WAIT = 30.0  # bound on every blocking wait, never an assertion about time
BODY = "The city council approved a budget of 40 million dollars for the Harbour Bridge, mayor Jane Holt said"
SERVICE = "/sourcecheck.v1.ScoringService/"


def _provider() -> tuple[Any, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = sdk.TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider, exporter


@pytest.fixture
def traced(make_server: Callable[..., LiveServer]) -> Iterator[tuple[LiveServer, InMemorySpanExporter]]:
    """A server started with --otel-tracing, its spans sent to an in-memory exporter."""
    provider, exporter = _provider()
    tracing.use(provider)
    try:
        yield make_server(otel_tracing=True), exporter
    finally:
        tracing.use(None)
        provider.shutdown()


@pytest.fixture
def client() -> Iterator[tuple[Any, InMemorySpanExporter]]:
    """A client's own tracer provider (another process's, in real life), spans to its own exporter."""
    provider, exporter = _provider()
    yield provider, exporter
    provider.shutdown()


def server_span(exporter: InMemorySpanExporter, method: str) -> ReadableSpan:
    (span,) = [s for s in exporter.get_finished_spans() if s.name == SERVICE + method]
    return span


def traceparent(span: Any) -> tuple[tuple[str, str], ...]:
    """The W3C trace context of `span`, as call metadata."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier, context=trace.set_span_in_context(span))
    assert "traceparent" in carrier
    return tuple(carrier.items())


def assert_child(span: ReadableSpan, parent: Any) -> None:
    assert span.kind == trace.SpanKind.SERVER
    assert span.context is not None and span.context.trace_id == parent.get_span_context().trace_id
    assert span.parent is not None and span.parent.span_id == parent.get_span_context().span_id


def test_each_call_is_a_server_span(traced: tuple[LiveServer, InMemorySpanExporter]) -> None:
    live, exporter = traced
    live.stub.GetCorpusStats(
        pb.GetCorpusStatsRequest(), metadata=(("x-request-id", "trace-me"),), timeout=WAIT
    )
    span = server_span(exporter, "GetCorpusStats")
    assert span.kind == trace.SpanKind.SERVER
    assert span.parent is None  # no caller's context: a trace of its own
    assert span.attributes is not None
    assert span.attributes["rpc.system"] == "grpc"
    assert span.attributes["rpc.method"] == "GetCorpusStats"
    assert span.attributes["rpc.grpc.status_code"] == 0  # OK, a number as the semantic conventions write it
    assert span.attributes["request.id"] == "trace-me"


def test_a_callers_traceparent_makes_the_server_span_its_child(
    traced: tuple[LiveServer, InMemorySpanExporter], client: tuple[Any, InMemorySpanExporter]
) -> None:
    live, exporter = traced
    provider, _ = client
    with provider.get_tracer("a newsroom client").start_as_current_span("publish-check") as parent:
        metadata = (*traceparent(parent), ("x-request-id", "child"))
        live.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), metadata=metadata, timeout=WAIT)
    span = server_span(exporter, "GetCorpusStats")
    assert_child(span, parent)
    assert span.attributes is not None
    assert span.attributes["rpc.grpc.status_code"] == 0
    assert span.attributes["request.id"] == "child"


def test_a_refused_call_carries_its_code(
    traced: tuple[LiveServer, InMemorySpanExporter], client: tuple[Any, InMemorySpanExporter]
) -> None:
    """Our errors go through abort_with_status, which OpenTelemetry's interceptor does not see."""
    live, exporter = traced
    provider, _ = client
    request = pb.ScoreArticleRequest(article=pb.Article(id="x"))
    tracer = provider.get_tracer("a newsroom client")
    with tracer.start_as_current_span("publish-check") as parent, pytest.raises(grpc.RpcError) as raised:
        live.stub.ScoreArticle(request, metadata=traceparent(parent), timeout=WAIT)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    span = server_span(exporter, "ScoreArticle")
    assert_child(span, parent)
    assert span.attributes is not None
    assert span.attributes["rpc.grpc.status_code"] == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert span.status.status_code == trace.StatusCode.UNSET  # the caller's fault, not the server's


def test_a_server_failure_makes_an_error_span(
    traced: tuple[LiveServer, InMemorySpanExporter], monkeypatch: pytest.MonkeyPatch
) -> None:
    live, exporter = traced

    def down() -> tuple[int, int]:
        raise StoreUnavailable("the database went away")

    monkeypatch.setattr(live.server.store, "counts", down)
    with pytest.raises(grpc.RpcError) as raised:
        live.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=WAIT)
    assert raised.value.code() == grpc.StatusCode.UNAVAILABLE
    span = server_span(exporter, "GetCorpusStats")
    assert span.attributes is not None
    assert span.attributes["rpc.grpc.status_code"] == grpc.StatusCode.UNAVAILABLE.value[0]
    assert span.status.status_code == trace.StatusCode.ERROR  # the server's failure, unlike a refusal


def test_streams_are_spans_too(
    traced: tuple[LiveServer, InMemorySpanExporter], client: tuple[Any, InMemorySpanExporter]
) -> None:
    """A client stream and a bidirectional stream, each one server span continuing the caller's trace."""
    live, exporter = traced
    provider, _ = client
    articles = [pb.Article(id=f"a{i}", outlet=f"Outlet {i}", body=BODY) for i in range(3)]
    with provider.get_tracer("a newsroom client").start_as_current_span("publish-check") as parent:
        metadata = (*traceparent(parent), ("x-request-id", "streams"))
        bulk = (pb.BulkIngestArticlesRequest(article=a) for a in articles)
        live.stub.BulkIngestArticles(bulk, metadata=metadata, timeout=WAIT)
        scored = live.stub.StreamScoreArticles(
            (pb.StreamScoreArticlesRequest(article=a) for a in articles), metadata=metadata, timeout=WAIT
        )
        assert len(list(scored)) == len(articles)
    for method in ("BulkIngestArticles", "StreamScoreArticles"):
        span = server_span(exporter, method)
        assert_child(span, parent)
        assert span.attributes is not None
        assert span.attributes["rpc.grpc.status_code"] == 0
        assert span.attributes["request.id"] == "streams"


def test_opentelemetrys_client_interceptor_carries_the_trace(
    traced: tuple[LiveServer, InMemorySpanExporter], client: tuple[Any, InMemorySpanExporter]
) -> None:
    """The client side the README offers: a channel with OpenTelemetry's client interceptor."""
    live, exporter = traced
    provider, client_exporter = client
    interceptor = otel_grpc.client_interceptor(tracer_provider=provider)
    channel = otel_grpc.intercept_channel(live.channel, interceptor)
    scoring_pb2_grpc.ScoringServiceStub(channel).GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=WAIT)
    (client_span,) = client_exporter.get_finished_spans()
    assert client_span.kind == trace.SpanKind.CLIENT
    assert_child(server_span(exporter, "GetCorpusStats"), client_span)


def test_health_watch_is_left_callback_style() -> None:
    """Wrapped, the health service's Watch would hold a worker thread per open stream."""

    def watch(request: Any, context: Any, send_response_callback: Any = None) -> None: ...

    watch.experimental_non_blocking = True  # type: ignore[attr-defined]
    handler = grpc.unary_stream_rpc_method_handler(watch)
    details: Any = object()
    assert tracing.server_interceptor().intercept_service(lambda _: handler, details) is handler


def test_tracing_without_the_extra_fails_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "opentelemetry.instrumentation.grpc", None)  # as if not installed
    settings = Settings(address=f"127.0.0.1:{_free_port()}", db=str(tmp_path / "t.db"), otel_tracing=True)
    with pytest.raises(RuntimeError, match="otel extra"):
        build_server(settings)
