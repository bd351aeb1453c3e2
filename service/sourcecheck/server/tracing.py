"""Optional OpenTelemetry tracing: one server span per call, when `--otel-tracing` is on.

The API package makes the spans; where they go is the deployment's choice, configured the standard
way (an SDK and exporter set up by `opentelemetry-instrument`, or OTEL_* environment variables).
Without the `otel` extra installed, asking for tracing fails at start with a clear message.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

_tracer: Any = None


def enable(tracer_provider: Any = None) -> None:
    """Start tracing, with the global tracer provider unless one is given."""
    global _tracer
    try:
        from opentelemetry import trace
    except ImportError as error:
        raise RuntimeError("--otel-tracing needs the otel extra: pip install 'sourcecheck[otel]'") from error
    _tracer = trace.get_tracer("sourcecheck.server", tracer_provider=tracer_provider)


def disable() -> None:
    global _tracer
    _tracer = None


@contextmanager
def span(method: str, request_id: str, metadata: Iterable[tuple[str, Any]] = ()) -> Iterator[Any]:
    """A server span named after the gRPC method, or nothing when tracing is off. A caller's trace
    context (W3C `traceparent`/`tracestate` in the call's metadata) makes it that trace's child."""
    if _tracer is None:
        yield None
        return
    from opentelemetry import propagate
    from opentelemetry.trace import SpanKind

    carrier = {key: value for key, value in metadata if isinstance(value, str)}
    service, _, name = method.lstrip("/").partition("/")
    with _tracer.start_as_current_span(
        method.lstrip("/"),
        context=propagate.extract(carrier),
        kind=SpanKind.SERVER,
        attributes={
            "rpc.system": "grpc",
            "rpc.service": service,
            "rpc.method": name,
            "request.id": request_id,
        },
    ) as current:
        yield current
