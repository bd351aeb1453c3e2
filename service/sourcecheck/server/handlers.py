"""Wrap every kind of gRPC method handler in one context manager: the one place interceptors share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

import grpc

Around = Callable[[grpc.ServicerContext], AbstractContextManager[None]]


class Messages(Protocol):
    """Told of each message a call receives and sends (the metrics count stream messages this way)."""

    def received(self) -> None: ...

    def sent(self) -> None: ...


def callback_style(handler: grpc.RpcMethodHandler) -> bool:
    """Whether grpcio calls this handler with a send-response callback and returns at once (the health
    service's Watch). Any wrapper loses that mark, and grpcio then runs the handler as a blocking
    generator that holds a worker thread while the stream is open: a few open Watch streams would
    take every worker."""
    behaviour = handler.unary_unary or handler.unary_stream or handler.stream_unary or handler.stream_stream
    return bool(getattr(behaviour, "experimental_non_blocking", False))


def _counted(requests: Iterator[Any], messages: Messages) -> Iterator[Any]:
    for request in requests:
        messages.received()
        yield request


def _sent(responses: Iterator[Any], messages: Messages) -> Iterator[Any]:
    """The responses, each counted once grpcio asks for the next (it asks once this one is sent); closed
    with this, as `yield from` would close them."""
    try:
        for response in responses:
            yield response
            messages.sent()
    finally:
        close = getattr(responses, "close", None)
        if close is not None:
            close()


def wrap(
    handler: grpc.RpcMethodHandler, around: Around, messages: Messages | None = None
) -> grpc.RpcMethodHandler:
    """The same handler with each call run inside `around(context)`, streaming or not, and each message
    in or out told to `messages`; a callback-style handler as it is (not logged, not counted), since
    wrapping it would make it hold a worker thread."""
    if callback_style(handler):
        return handler
    streaming_requests = handler.request_streaming

    def requests_of(request: Any) -> Any:
        if messages is None:
            return request
        if streaming_requests:
            return _counted(request, messages)
        messages.received()
        return request

    def unary_response(behaviour: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(request: Any, context: grpc.ServicerContext) -> Any:
            with around(context):
                response = behaviour(requests_of(request), context)
                if messages is not None and response is not None:  # None: a code set, nothing sent
                    messages.sent()
                return response

        return wrapped

    def stream_response(behaviour: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(request: Any, context: grpc.ServicerContext) -> Any:
            with around(context):
                responses = behaviour(requests_of(request), context)
                yield from responses if messages is None else _sent(responses, messages)

        return wrapped

    args = (handler.request_deserializer, handler.response_serializer)
    if handler.unary_unary:
        return grpc.unary_unary_rpc_method_handler(unary_response(handler.unary_unary), *args)
    if handler.stream_unary:
        return grpc.stream_unary_rpc_method_handler(unary_response(handler.stream_unary), *args)
    if handler.unary_stream:
        return grpc.unary_stream_rpc_method_handler(stream_response(handler.unary_stream), *args)
    return grpc.stream_stream_rpc_method_handler(stream_response(handler.stream_stream), *args)
