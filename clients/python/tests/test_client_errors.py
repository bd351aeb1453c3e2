"""Mapping of gRPC errors to the client's exception tree; no server."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2

import sourcecheck_client as sc
from sourcecheck_client._errors import STATUS_DETAILS_KEY, from_rpc_error


class FakeRpcError(grpc.RpcError):  # type: ignore[misc]
    """Quacks like grpc's _InactiveRpcError / grpc.aio.AioRpcError."""

    def __init__(self, code: grpc.StatusCode, details: str = "", trailers: Any = ()) -> None:
        super().__init__(details)
        self._code = code
        self._details = details
        self._trailers = trailers

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._details

    def trailing_metadata(self) -> Any:
        return self._trailers


def bad_request_status(*violations: tuple[str, str]) -> bytes:
    bad = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field=f, description=d) for f, d in violations
        ]
    )
    detail = any_pb2.Any()
    detail.Pack(bad)
    info = any_pb2.Any()
    info.Pack(error_details_pb2.ErrorInfo(reason="EMPTY_BODY", domain="sourcecheck.dev"))
    status = status_pb2.Status(code=code_pb2.INVALID_ARGUMENT, message="bad article", details=[detail, info])
    raw: bytes = status.SerializeToString()
    return raw


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (grpc.StatusCode.INVALID_ARGUMENT, sc.InvalidArgumentError),
        (grpc.StatusCode.UNAUTHENTICATED, sc.UnauthenticatedError),
        (grpc.StatusCode.PERMISSION_DENIED, sc.PermissionDeniedError),
        (grpc.StatusCode.NOT_FOUND, sc.NotFoundError),
        (grpc.StatusCode.RESOURCE_EXHAUSTED, sc.ResourceExhaustedError),
        (grpc.StatusCode.UNAVAILABLE, sc.UnavailableError),
        (grpc.StatusCode.DEADLINE_EXCEEDED, sc.DeadlineExceededError),
        (grpc.StatusCode.INTERNAL, sc.ServerError),
        (grpc.StatusCode.UNKNOWN, sc.ServerError),
        (grpc.StatusCode.UNIMPLEMENTED, sc.ServerError),
        (grpc.StatusCode.FAILED_PRECONDITION, sc.ServerError),
        (grpc.StatusCode.CANCELLED, sc.ServerError),
        (grpc.StatusCode.DATA_LOSS, sc.ServerError),
    ],
)
def test_status_codes_map_to_classes(code: grpc.StatusCode, cls: type[sc.SourcecheckError]) -> None:
    error = from_rpc_error(FakeRpcError(code, "it broke"))
    assert type(error) is cls
    assert isinstance(error, sc.SourcecheckError)
    assert error.code == code.name
    assert error.message == "it broke"
    assert str(error) == f"{code.name}: it broke"


def test_field_violations_come_from_bad_request_details() -> None:
    raw = bad_request_status(("article.body", "must not be empty"), ("article.id", "must not be empty"))
    error = from_rpc_error(
        FakeRpcError(grpc.StatusCode.INVALID_ARGUMENT, "bad article", ((STATUS_DETAILS_KEY, raw),))
    )
    assert isinstance(error, sc.InvalidArgumentError)
    assert error.field_violations == (
        sc.FieldViolation(field="article.body", description="must not be empty"),
        sc.FieldViolation(field="article.id", description="must not be empty"),
    )
    assert [type(d).__name__ for d in error.details] == ["BadRequest", "ErrorInfo"]
    assert "article.body: must not be empty" in str(error)
    said = from_rpc_error(
        FakeRpcError(grpc.StatusCode.INVALID_ARGUMENT, "article.body: empty", ((STATUS_DETAILS_KEY, raw),))
    )
    assert str(said) == "INVALID_ARGUMENT: article.body: empty (article.id: must not be empty)"


def test_aio_metadata_is_read_too() -> None:
    raw = bad_request_status(("article.body", "empty"))
    trailers = grpc.aio.Metadata(("other", "x"), (STATUS_DETAILS_KEY, raw))
    error = from_rpc_error(FakeRpcError(grpc.StatusCode.INVALID_ARGUMENT, "bad", trailers))
    assert isinstance(error, sc.InvalidArgumentError)
    assert [v.field for v in error.field_violations] == ["article.body"]


def test_without_details_only_the_message_is_kept() -> None:
    error = from_rpc_error(FakeRpcError(grpc.StatusCode.INVALID_ARGUMENT, "body is empty", None))
    assert isinstance(error, sc.InvalidArgumentError)
    assert error.field_violations == ()
    assert error.message == "body is empty"


def test_garbage_details_do_not_break_mapping() -> None:
    trailers = ((STATUS_DETAILS_KEY, b"\xff\xff not a status"),)
    error = from_rpc_error(FakeRpcError(grpc.StatusCode.INVALID_ARGUMENT, "bad", trailers))
    assert isinstance(error, sc.InvalidArgumentError)
    assert error.field_violations == ()


def test_request_id_error_info_and_retry_info() -> None:
    info = any_pb2.Any()
    info.Pack(
        error_details_pb2.ErrorInfo(
            reason="ARTICLE_NOT_FOUND", domain="sourcecheck.v1", metadata={"name": "articles/x"}
        )
    )
    retry = any_pb2.Any()
    retry.Pack(error_details_pb2.RetryInfo(retry_delay={"seconds": 2}))
    raw = status_pb2.Status(
        code=code_pb2.NOT_FOUND, message="gone", details=[info, retry]
    ).SerializeToString()
    trailers = grpc.aio.Metadata((STATUS_DETAILS_KEY, raw), ("x-request-id", "3f2a"))
    error = from_rpc_error(FakeRpcError(grpc.StatusCode.NOT_FOUND, "gone", trailers))
    assert isinstance(error, sc.NotFoundError)
    assert error.request_id == "3f2a"
    assert (error.reason, error.domain, error.metadata) == (
        "ARTICLE_NOT_FOUND",
        "sourcecheck.v1",
        {"name": "articles/x"},
    )
    assert error.retry_delay == 2.0
    assert str(error) == "NOT_FOUND: gone"


def test_without_details_or_request_id() -> None:
    error = from_rpc_error(FakeRpcError(grpc.StatusCode.INTERNAL, "boom", ()))
    assert error.request_id is None
    assert (error.reason, error.domain, error.metadata, error.retry_delay) == ("", "", {}, None)
    unavailable = from_rpc_error(FakeRpcError(grpc.StatusCode.UNAVAILABLE, "down", (("x-request-id", "r1"),)))
    assert isinstance(unavailable, sc.UnavailableError)
    assert unavailable.request_id == "r1"


def test_errors_can_be_built_by_hand() -> None:
    # Callers' own fakes build the exceptions; the new attributes have defaults.
    error = sc.InvalidArgumentError("bad", field_violations=(sc.FieldViolation("article.id", "required"),))
    assert (error.request_id, error.reason, error.retry_delay) == (None, "", None)
    assert sc.UnavailableError("down", attempts=2, request_id="r").request_id == "r"


def test_unavailable_records_attempts() -> None:
    error = from_rpc_error(FakeRpcError(grpc.StatusCode.UNAVAILABLE, "down"), attempts=3)
    assert isinstance(error, sc.UnavailableError)
    assert error.attempts == 3


def test_an_rpc_error_without_call_methods_is_a_server_error() -> None:
    error = from_rpc_error(grpc.RpcError("odd"))
    assert type(error) is sc.ServerError
    assert error.code == "UNKNOWN"
