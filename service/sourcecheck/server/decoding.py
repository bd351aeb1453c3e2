"""Requests that do not parse get INVALID_ARGUMENT, not grpcio's INTERNAL "Exception deserializing request!".

grpcio calls a method's request_deserializer before any handler runs and answers INTERNAL when it
raises. This interceptor gives every method a deserializer that never raises: bytes that do not parse
become an Undecodable, which the handler (wrapped here) refuses with INVALID_ARGUMENT and a BadRequest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import grpc

from sourcecheck.server import errors
from sourcecheck.server.handlers import callback_style


class Undecodable:
    """A request message that did not parse, and why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _tolerant(deserialize: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    def tolerant(data: bytes) -> Any:
        try:
            return deserialize(data)
        except Exception as error:  # DecodeError: bad wire format, bad UTF-8 in a string, ...
            return Undecodable(str(error).splitlines()[0] if str(error) else type(error).__name__)

    return tolerant


def _refusal(request: Undecodable) -> errors.ApiError:
    return errors.bad_request([errors.Violation("request", f"not a valid message: {request.reason}")])


def _checked(requests: Iterator[Any]) -> Iterator[Any]:
    for request in requests:
        if isinstance(request, Undecodable):
            raise _refusal(request)
        yield request


class DecodeInterceptor(grpc.ServerInterceptor):
    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(handler_call_details)
        if handler is None or handler.request_deserializer is None or callback_style(handler):
            return handler
        deserialize = _tolerant(handler.request_deserializer)
        serialize = handler.response_serializer

        if handler.unary_unary or handler.unary_stream:
            behaviour = handler.unary_unary or handler.unary_stream

            def unary(request: Any, context: grpc.ServicerContext) -> Any:
                if isinstance(request, Undecodable):
                    context.abort_with_status(_refusal(request).status)
                return behaviour(request, context)

            if handler.unary_unary:
                return grpc.unary_unary_rpc_method_handler(unary, deserialize, serialize)
            return grpc.unary_stream_rpc_method_handler(unary, deserialize, serialize)

        # Streams: a bad message mid-stream raises ApiError from the request iterator; the servicer maps
        # it where it reads the stream inside its error mapping, and this maps it where it does not.
        if handler.stream_unary:
            stream_unary = handler.stream_unary

            def client_stream(requests: Iterator[Any], context: grpc.ServicerContext) -> Any:
                try:
                    return stream_unary(_checked(requests), context)
                except errors.ApiError as error:
                    context.abort_with_status(error.status)

            return grpc.stream_unary_rpc_method_handler(client_stream, deserialize, serialize)
        stream_stream = handler.stream_stream

        def bidi(requests: Iterator[Any], context: grpc.ServicerContext) -> Iterator[Any]:
            try:
                yield from stream_stream(_checked(requests), context)
            except errors.ApiError as error:
                context.abort_with_status(error.status)

        return grpc.stream_stream_rpc_method_handler(bidi, deserialize, serialize)
