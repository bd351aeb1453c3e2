"""Optional OpenTelemetry tracing: one server span per call, named after the method."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from sourcecheck.server import tracing
from sourcecheck.v1 import scoring_pb2 as pb
from tests.conftest import LiveServer

sdk = pytest.importorskip("opentelemetry.sdk.trace")
from opentelemetry import trace  # noqa: E402
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter  # noqa: E402


@pytest.fixture
def traced(make_server: Callable[..., LiveServer]) -> Iterator[tuple[LiveServer, InMemorySpanExporter]]:
    """A server started with --otel-tracing, its spans sent to an in-memory exporter."""
    live = make_server(otel_tracing=True)
    exporter = InMemorySpanExporter()
    provider = sdk.TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.enable(provider)
    yield live, exporter
    tracing.disable()
    provider.shutdown()


def test_each_call_is_a_server_span(traced: tuple[LiveServer, InMemorySpanExporter]) -> None:
    live, exporter = traced
    live.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), metadata=(("x-request-id", "trace-me"),))
    spans = [s for s in exporter.get_finished_spans() if s.name.endswith("GetCorpusStats")]
    assert len(spans) == 1
    assert spans[0].kind == trace.SpanKind.SERVER
    assert spans[0].attributes is not None
    assert spans[0].attributes["rpc.grpc.status_code"] == 0  # OK, as the semantic conventions write it
    assert spans[0].attributes["request.id"] == "trace-me"


def test_a_callers_traceparent_makes_the_server_span_its_child(
    traced: tuple[LiveServer, InMemorySpanExporter],
) -> None:
    live, exporter = traced
    from opentelemetry import propagate

    client_provider = sdk.TracerProvider()
    client_tracer = client_provider.get_tracer("a newsroom client")
    with client_tracer.start_as_current_span("publish-check") as parent:
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        live.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), metadata=tuple(carrier.items()))
    (server_span,) = [s for s in exporter.get_finished_spans() if s.name.endswith("GetCorpusStats")]
    assert "traceparent" in carrier
    assert server_span.context.trace_id == parent.get_span_context().trace_id
    assert server_span.parent is not None and server_span.parent.span_id == parent.get_span_context().span_id
