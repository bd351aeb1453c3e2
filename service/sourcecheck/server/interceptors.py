"""One structured log line and one set of metrics samples per call, with a request id and the time it took."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import grpc
import structlog

from sourcecheck.server import metrics, tracing
from sourcecheck.server.handlers import wrap

log = structlog.get_logger("sourcecheck.rpc")

REQUEST_ID_KEY = "x-request-id"


@contextmanager
def _logged_call(call: metrics.Call, request_id: str, context: grpc.ServicerContext) -> Iterator[None]:
    started = time.perf_counter()
    structlog.contextvars.bind_contextvars(request_id=request_id, method=call.method)
    call.started()
    tracing.annotate(request_id)
    # Only in the trailers: headers sent before the answer would commit the call, and gRPC would
    # not retry the UNAVAILABLE of a store outage (the HTTP gateway sets X-Request-Id itself).
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        _echo_request_id(context, request_id)
        code = context.code() or _unset_code(context, failed)
        name = getattr(code, "name", str(code))
        seconds = time.perf_counter() - started
        call.handled(metrics.go_code_name(code) if isinstance(code, grpc.StatusCode) else name, seconds)
        if isinstance(code, grpc.StatusCode):
            tracing.finish(code, context.details())
        log.info("rpc", code=name, ms=round(seconds * 1000, 2))
        structlog.contextvars.clear_contextvars()


def _unset_code(context: grpc.ServicerContext, failed: bool) -> grpc.StatusCode:
    """The code a call ended with when nothing set one: what its caller sees, whether the handler noticed
    the caller was gone (returned, or raised from the request stream) or not."""
    if not context.is_active():
        remaining = context.time_remaining()
        expired = remaining is not None and remaining <= 0
        return grpc.StatusCode.DEADLINE_EXCEEDED if expired else grpc.StatusCode.CANCELLED
    return grpc.StatusCode.UNKNOWN if failed else grpc.StatusCode.OK


def _echo_request_id(context: grpc.ServicerContext, request_id: str) -> None:
    """Add x-request-id to the trailing metadata, keeping what is there (abort_with_status put the status)."""
    trailing = [(k, v) for k, v in (context.trailing_metadata() or ()) if k != REQUEST_ID_KEY]
    context.set_trailing_metadata((*trailing, (REQUEST_ID_KEY, request_id)))


class LoggingInterceptor(grpc.ServerInterceptor):
    """Binds a request id (the caller's x-request-id, or a new one), echoes it in the trailing
    metadata, logs method, code and duration, and counts the call and its messages. Behind
    OpenTelemetry's interceptor, it runs inside the server span and puts the request id on it."""

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        metadata = dict(handler_call_details.invocation_metadata or ())
        request_id = str(metadata.get(REQUEST_ID_KEY) or uuid.uuid4().hex)
        kind = metrics.grpc_type(handler.request_streaming, handler.response_streaming)
        call = metrics.Call(handler_call_details.method, kind)
        return wrap(handler, lambda context: _logged_call(call, request_id, context), call)
