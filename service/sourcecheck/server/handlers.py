"""Wrap every kind of gRPC method handler in one context manager: the one place interceptors share."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import grpc

Around = Callable[[grpc.ServicerContext], AbstractContextManager[None]]


def callback_style(handler: grpc.RpcMethodHandler) -> bool:
    """Whether grpcio calls this handler with a send-response callback and returns at once (the health
    service's Watch). Any wrapper loses that mark, and grpcio then runs the handler as a blocking
    generator that holds a worker thread while the stream is open: a few open Watch streams would
    take every worker."""
    behaviour = handler.unary_unary or handler.unary_stream or handler.stream_unary or handler.stream_stream
    return bool(getattr(behaviour, "experimental_non_blocking", False))


def wrap(handler: grpc.RpcMethodHandler, around: Around) -> grpc.RpcMethodHandler:
    """The same handler with each call run inside `around(context)`, streaming or not; a callback-style
    handler as it is (not logged, not counted), since wrapping it would make it hold a worker thread."""
    if callback_style(handler):
        return handler

    def unary_response(behaviour: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(request: Any, context: grpc.ServicerContext) -> Any:
            with around(context):
                return behaviour(request, context)

        return wrapped

    def stream_response(behaviour: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(request: Any, context: grpc.ServicerContext) -> Any:
            with around(context):
                yield from behaviour(request, context)

        return wrapped

    args = (handler.request_deserializer, handler.response_serializer)
    if handler.unary_unary:
        return grpc.unary_unary_rpc_method_handler(unary_response(handler.unary_unary), *args)
    if handler.stream_unary:
        return grpc.stream_unary_rpc_method_handler(unary_response(handler.stream_unary), *args)
    if handler.unary_stream:
        return grpc.unary_stream_rpc_method_handler(stream_response(handler.unary_stream), *args)
    return grpc.stream_stream_rpc_method_handler(stream_response(handler.stream_stream), *args)
