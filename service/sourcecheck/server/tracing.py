"""Optional OpenTelemetry tracing: OpenTelemetry's own gRPC server interceptor, when `--otel-tracing` is on.

It makes one server span per call, the child of the caller's span when the call's metadata carries W3C
`traceparent`/`tracestate`; where spans go is the deployment's choice, configured the standard way (an
SDK and exporter set up by `opentelemetry-instrument`, or OTEL_* environment variables). The logging
interceptor, which runs inside it, adds the request id and the final status code to the current span.
Without the `otel` extra installed, asking for tracing fails at start with a clear message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc

from sourcecheck.server.handlers import callback_style

try:
    from opentelemetry import trace as _trace
except ImportError:  # the otel extra is not installed: nothing to annotate
    _trace = None  # type: ignore[assignment]

# Codes that make a server span an error, as OpenTelemetry's semantic conventions for gRPC list them.
_SERVER_ERRORS = frozenset(
    {
        grpc.StatusCode.UNKNOWN,
        grpc.StatusCode.DEADLINE_EXCEEDED,
        grpc.StatusCode.UNIMPLEMENTED,
        grpc.StatusCode.INTERNAL,
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.DATA_LOSS,
    }
)

_tracer_provider: Any = None


def use(tracer_provider: Any) -> None:
    """Make the spans of servers built from now on with this tracer provider rather than the global one
    (for tests, or a program that embeds the server); None returns to the global one."""
    global _tracer_provider
    _tracer_provider = tracer_provider


def server_interceptor() -> grpc.ServerInterceptor:
    """OpenTelemetry's gRPC server interceptor, to go first in the server's chain."""
    try:
        from opentelemetry.instrumentation.grpc import server_interceptor as otel_interceptor
    except ImportError as error:
        raise RuntimeError("--otel-tracing needs the otel extra: pip install 'sourcecheck[otel]'") from error
    return _SkippingCallbackStyle(otel_interceptor(tracer_provider=_tracer_provider))


class _SkippingCallbackStyle(grpc.ServerInterceptor):
    """Leaves callback-style handlers (the health service's Watch) unwrapped, as the other interceptors
    do: OpenTelemetry's wrapper would make each open Watch stream hold a worker thread."""

    def __init__(self, inner: grpc.ServerInterceptor) -> None:
        self.inner = inner

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(handler_call_details)
        if handler is None or callback_style(handler):
            return handler
        return self.inner.intercept_service(lambda _details: handler, handler_call_details)


def annotate(request_id: str) -> None:
    """Our request id on the current server span, whichever instrumentation made it."""
    if _trace is None:
        return
    span = _trace.get_current_span()
    if span.is_recording():
        span.set_attribute("request.id", request_id)


def finish(code: grpc.StatusCode, details: bytes | str | None) -> None:
    """The call's status code, as a number, on the current server span, and its error status. OpenTelemetry's
    interceptor sees `abort` and `set_code`, not `abort_with_status`, which our errors go through."""
    if _trace is None:
        return
    span = _trace.get_current_span()
    if not span.is_recording():
        return
    span.set_attribute("rpc.grpc.status_code", code.value[0])
    if code in _SERVER_ERRORS:
        text = details.decode(errors="replace") if isinstance(details, bytes) else details
        span.set_status(_trace.Status(_trace.StatusCode.ERROR, f"{code}:{text or ''}"))
