"""One structured log line per call, with a request id and the time it took."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import grpc
import structlog

log = structlog.get_logger("sourcecheck.rpc")

REQUEST_ID_KEY = "x-request-id"
Behaviour = Callable[[Any, grpc.ServicerContext], Any]


@contextmanager
def _logged_call(method: str, request_id: str, context: grpc.ServicerContext) -> Iterator[None]:
    started = time.perf_counter()
    structlog.contextvars.bind_contextvars(request_id=request_id, method=method)
    try:
        yield
    finally:
        _echo_request_id(context, request_id)
        code = context.code() or grpc.StatusCode.OK
        log.info(
            "rpc", code=getattr(code, "name", str(code)), ms=round((time.perf_counter() - started) * 1000, 2)
        )
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

        def unary_response(behaviour: Behaviour) -> Behaviour:
            def logged(request: Any, context: grpc.ServicerContext) -> Any:
                with _logged_call(method, request_id, context):
                    return behaviour(request, context)

            return logged

        def stream_response(behaviour: Behaviour) -> Behaviour:
            def logged(request: Any, context: grpc.ServicerContext) -> Any:
                with _logged_call(method, request_id, context):
                    yield from behaviour(request, context)

            return logged

        args = (handler.request_deserializer, handler.response_serializer)
        if handler.unary_unary:
            return grpc.unary_unary_rpc_method_handler(unary_response(handler.unary_unary), *args)
        if handler.stream_unary:
            return grpc.stream_unary_rpc_method_handler(unary_response(handler.stream_unary), *args)
        if handler.unary_stream:
            return grpc.unary_stream_rpc_method_handler(stream_response(handler.unary_stream), *args)
        if handler.stream_stream:
            return grpc.stream_stream_rpc_method_handler(stream_response(handler.stream_stream), *args)
        return handler
