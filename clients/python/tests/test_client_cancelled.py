"""A call a draining server cancelled before any handler saw it is retried; one it handled is not."""

from __future__ import annotations

import grpc

from sourcecheck_client._base import _reached_a_handler


class _Cancelled(grpc.RpcError):
    def __init__(self, trailing: tuple[tuple[str, str], ...]) -> None:
        self._trailing = trailing

    def code(self) -> grpc.StatusCode:
        return grpc.StatusCode.CANCELLED

    def trailing_metadata(self) -> tuple[tuple[str, str], ...]:
        return self._trailing


def test_a_call_no_handler_saw_is_safe_to_retry() -> None:
    assert not _reached_a_handler(_Cancelled(()))


def test_a_call_a_handler_saw_is_not_retried() -> None:
    assert _reached_a_handler(_Cancelled((("x-request-id", "abc"),)))
