"""One structured log line and one metrics sample per call, with a request id and the time it took."""

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
def _logged_call(method: str, request_id: str, context: grpc.ServicerContext) -> Iterator[None]:
    started = time.perf_counter()
    structlog.contextvars.bind_contextvars(request_id=request_id, method=method)
    with tracing.span(method, request_id, context.invocation_metadata() or ()) as span:
        try:
            yield
        finally:
            _echo_request_id(context, request_id)
            code = context.code() or grpc.StatusCode.OK
            name = getattr(code, "name", str(code))
            seconds = time.perf_counter() - started
            metrics.observe(method, name, seconds)
            if span is not None:  # the semantic conventions' attribute is the code's number
                span.set_attribute(
                    "rpc.grpc.status_code", code.value[0] if isinstance(code, grpc.StatusCode) else 2
                )
            log.info("rpc", code=name, ms=round(seconds * 1000, 2))
            structlog.contextvars.clear_contextvars()


def _echo_request_id(context: grpc.ServicerContext, request_id: str) -> None:
    """Add x-request-id to the trailing metadata, keeping what is there (abort_with_status put the status)."""
    trailing = [(k, v) for k, v in (context.trailing_metadata() or ()) if k != REQUEST_ID_KEY]
    context.set_trailing_metadata((*trailing, (REQUEST_ID_KEY, request_id)))


class LoggingInterceptor(grpc.ServerInterceptor):
    """Binds a request id (the caller's x-request-id, or a new one), echoes it in the trailing metadata,
    and logs method, code and duration."""

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        metadata = dict(handler_call_details.invocation_metadata or ())
        request_id = str(metadata.get(REQUEST_ID_KEY) or uuid.uuid4().hex)

        return wrap(handler, lambda context: _logged_call(method, request_id, context))
