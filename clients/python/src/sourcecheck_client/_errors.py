"""The client's exceptions, and their mapping from gRPC status codes.

::

    SourcecheckError                 every error the client raises for a failed call
    ├── InvalidArgumentError         INVALID_ARGUMENT (.field_violations from google.rpc.BadRequest)
    ├── UnauthenticatedError         UNAUTHENTICATED
    ├── PermissionDeniedError        PERMISSION_DENIED
    ├── NotFoundError                NOT_FOUND
    ├── ResourceExhaustedError       RESOURCE_EXHAUSTED
    ├── UnavailableError             UNAVAILABLE (after the retries are spent)
    ├── DeadlineExceededError        DEADLINE_EXCEEDED
    └── ServerError                  every other code (INTERNAL, UNKNOWN, UNIMPLEMENTED,
                                     FAILED_PRECONDITION, ...); .code tells which
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import grpc

STATUS_DETAILS_KEY = "grpc-status-details-bin"


@dataclasses.dataclass(frozen=True, slots=True)
class FieldViolation:
    """One bad field of a request, as the server reported it in a ``google.rpc.BadRequest``.

    ``field`` is a dotted path into the request, e.g. ``"article.body"``.
    """

    field: str
    description: str


class SourcecheckError(Exception):
    """A call to the sourcecheck service failed.

    ``code`` is the gRPC status code name (e.g. ``"NOT_FOUND"``), ``message``
    the server's status message, ``details`` the decoded ``google.rpc.Status``
    detail messages (empty when googleapis-common-protos is not installed or
    the server sent none).
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "UNKNOWN",
        details: tuple[Any, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.details = details

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" if self.message else self.code


class InvalidArgumentError(SourcecheckError):
    """The request was rejected as malformed.

    ``field_violations`` lists the bad fields when the server attached a
    ``google.rpc.BadRequest`` and googleapis-common-protos is installed;
    otherwise it is empty and only ``message`` tells.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "INVALID_ARGUMENT",
        details: tuple[Any, ...] = (),
        field_violations: tuple[FieldViolation, ...] = (),
    ) -> None:
        super().__init__(message, code=code, details=details)
        self.field_violations = field_violations

    def __str__(self) -> str:
        text = super().__str__()
        unsaid = [v for v in self.field_violations if v.field not in self.message]
        if unsaid:
            text += " (" + "; ".join(f"{v.field}: {v.description}" for v in unsaid) + ")"
        return text


class UnauthenticatedError(SourcecheckError):
    """No valid credentials (API key or client certificate) were presented."""


class PermissionDeniedError(SourcecheckError):
    """The credentials are valid but not allowed to do this."""


class NotFoundError(SourcecheckError):
    """The article (or other resource) does not exist."""


class ResourceExhaustedError(SourcecheckError):
    """A quota or rate limit was hit, or a message was too large."""


class UnavailableError(SourcecheckError):
    """The server could not be reached, or was shutting down; retries were spent.

    ``attempts`` is how many times the call was tried.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "UNAVAILABLE",
        details: tuple[Any, ...] = (),
        attempts: int = 1,
    ) -> None:
        super().__init__(message, code=code, details=details)
        self.attempts = attempts


class DeadlineExceededError(SourcecheckError):
    """The call did not finish within its deadline."""


class ServerError(SourcecheckError):
    """Any other status: INTERNAL, UNKNOWN, UNIMPLEMENTED, FAILED_PRECONDITION, ... (see ``code``)."""


_BY_CODE: dict[str, type[SourcecheckError]] = {
    "INVALID_ARGUMENT": InvalidArgumentError,
    "UNAUTHENTICATED": UnauthenticatedError,
    "PERMISSION_DENIED": PermissionDeniedError,
    "NOT_FOUND": NotFoundError,
    "RESOURCE_EXHAUSTED": ResourceExhaustedError,
    "UNAVAILABLE": UnavailableError,
    "DEADLINE_EXCEEDED": DeadlineExceededError,
}


def _status_details_bytes(metadata: Iterable[Any] | None) -> bytes | None:
    for item in metadata or ():
        key, value = item
        if key == STATUS_DETAILS_KEY and isinstance(value, bytes):
            return value
    return None


def parse_status_details(raw: bytes) -> tuple[tuple[Any, ...], tuple[FieldViolation, ...]]:
    """Decode a serialized ``google.rpc.Status``.

    Returns the unpacked detail messages and the field violations of any
    ``google.rpc.BadRequest`` among them. Returns empty tuples when
    googleapis-common-protos is not installed or the bytes do not parse.
    """
    try:
        from google.rpc import error_details_pb2, status_pb2
    except ImportError:
        return (), ()
    from google.protobuf.message import DecodeError

    status = status_pb2.Status()
    try:
        status.ParseFromString(raw)
    except DecodeError:
        return (), ()
    known = (
        error_details_pb2.BadRequest,
        error_details_pb2.ErrorInfo,
        error_details_pb2.RetryInfo,
        error_details_pb2.QuotaFailure,
        error_details_pb2.PreconditionFailure,
        error_details_pb2.ResourceInfo,
        error_details_pb2.DebugInfo,
        error_details_pb2.Help,
        error_details_pb2.LocalizedMessage,
    )
    details: list[Any] = []
    violations: list[FieldViolation] = []
    for any_msg in status.details:
        for cls in known:
            if any_msg.Is(cls.DESCRIPTOR):
                detail = cls()
                any_msg.Unpack(detail)
                details.append(detail)
                if cls is error_details_pb2.BadRequest:
                    violations.extend(
                        FieldViolation(field=str(v.field), description=str(v.description))
                        for v in detail.field_violations
                    )
                break
        else:
            details.append(any_msg)
    return tuple(details), tuple(violations)


def _code_name(code: Any) -> str:
    name = getattr(code, "name", None)
    return name if isinstance(name, str) else "UNKNOWN"


def from_rpc_error(error: grpc.RpcError, *, attempts: int = 1) -> SourcecheckError:
    """Translate a ``grpc.RpcError`` (sync or ``grpc.aio.AioRpcError``) into a SourcecheckError."""
    code_fn = getattr(error, "code", None)
    details_fn = getattr(error, "details", None)
    trailers_fn = getattr(error, "trailing_metadata", None)
    code = _code_name(code_fn() if callable(code_fn) else None)
    message = details_fn() if callable(details_fn) else None
    message = message if isinstance(message, str) else str(error)
    raw = _status_details_bytes(trailers_fn() if callable(trailers_fn) else None)
    details, violations = parse_status_details(raw) if raw else ((), ())
    cls = _BY_CODE.get(code, ServerError)
    if cls is InvalidArgumentError:
        return InvalidArgumentError(message, code=code, details=details, field_violations=violations)
    if cls is UnavailableError:
        return UnavailableError(message, code=code, details=details, attempts=attempts)
    return cls(message, code=code, details=details)
