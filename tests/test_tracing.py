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
    assert spans[0].attributes["rpc.grpc.status_code"] == "OK"
    assert spans[0].attributes["request.id"] == "trace-me"
