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

Behaviour = Callable[[Any, grpc.ServicerContext], Any]


@contextmanager
def _logged_call(method: str, request_id: str, context: grpc.ServicerContext) -> Iterator[None]:
    started = time.perf_counter()
    structlog.contextvars.bind_contextvars(request_id=request_id, method=method)
    try:
        yield
    finally:
        code = context.code() or grpc.StatusCode.OK
        log.info("rpc", code=getattr(code, "name", str(code)), ms=round((time.perf_counter() - started) * 1000, 2))
        structlog.contextvars.clear_contextvars()


class LoggingInterceptor(grpc.ServerInterceptor):
    """Binds a request id (the caller's x-request-id, or a new one) and logs method, code and duration."""

    def intercept_service(
        self, continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        metadata = dict(handler_call_details.invocation_metadata or ())
        request_id = str(metadata.get("x-request-id") or uuid.uuid4().hex)

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
