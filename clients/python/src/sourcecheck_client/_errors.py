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

Each carries the server's request id (``x-request-id`` of the trailing metadata) and what the
``google.rpc.Status`` details say: ErrorInfo's reason, domain and metadata, RetryInfo's delay.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import grpc
from google.protobuf.message import DecodeError
from google.rpc import error_details_pb2, status_pb2

STATUS_DETAILS_KEY = "grpc-status-details-bin"
REQUEST_ID_KEY = "x-request-id"


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
    detail messages (empty when the server sent none).

    ``request_id`` is the id the server logged the call under (the ``x-request-id``
    it echoes in the trailing metadata: yours if you sent one), or None when the
    call never reached it. ``reason``, ``domain`` and ``metadata`` come from the
    ``google.rpc.ErrorInfo`` detail (e.g. ``"ARTICLE_NOT_FOUND"``, ``"sourcecheck.v1"``;
    empty without one); ``retry_delay`` is the seconds a ``google.rpc.RetryInfo``
    asks the caller to wait before trying again, or None when the server sent none.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "UNKNOWN",
        details: tuple[Any, ...] = (),
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.details = details
        self.request_id = request_id
        info = next((d for d in details if isinstance(d, error_details_pb2.ErrorInfo)), None)
        self.reason: str = info.reason if info is not None else ""
        self.domain: str = info.domain if info is not None else ""
        self.metadata: dict[str, str] = dict(info.metadata) if info is not None else {}
        retry = next((d for d in details if isinstance(d, error_details_pb2.RetryInfo)), None)
        self.retry_delay: float | None = (
            retry.retry_delay.ToTimedelta().total_seconds()
            if retry is not None and retry.HasField("retry_delay")
            else None
        )

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" if self.message else self.code


class InvalidArgumentError(SourcecheckError):
    """The request was rejected as malformed.

    ``field_violations`` lists the bad fields when the server attached a
    ``google.rpc.BadRequest``; otherwise it is empty and only ``message`` tells.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "INVALID_ARGUMENT",
        details: tuple[Any, ...] = (),
        request_id: str | None = None,
        field_violations: tuple[FieldViolation, ...] = (),
    ) -> None:
        super().__init__(message, code=code, details=details, request_id=request_id)
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
    """A quota or rate limit was hit, or a message was too large.

    Not retried by the client: a limit such as the body size fails the same way
    again. When a retry may pass (too many calls in flight on one API key), the
    server says so with ``retry_delay``.
    """


class UnavailableError(SourcecheckError):
    """The server could not be reached, or was shutting down; retries were spent.

    ``attempts`` is how many times the call may have been tried: the retry
    policy's attempts for a retried method, 1 for the others. gRPC makes the
    retries inside the channel and does not report their number; a final
    UNAVAILABLE means they were all spent.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "UNAVAILABLE",
        details: tuple[Any, ...] = (),
        request_id: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message, code=code, details=details, request_id=request_id)
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


def _trailer(metadata: Iterable[Any] | None, key: str) -> str | bytes | None:
    for item in metadata or ():
        name, value = item
        if name == key:
            return value  # type: ignore[no-any-return]
    return None


def _status_details_bytes(metadata: Iterable[Any] | None) -> bytes | None:
    value = _trailer(metadata, STATUS_DETAILS_KEY)
    return value if isinstance(value, bytes) else None


_KNOWN_DETAILS = (
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


def parse_status_details(raw: bytes) -> tuple[tuple[Any, ...], tuple[FieldViolation, ...]]:
    """Decode a serialized ``google.rpc.Status``.

    Returns the unpacked detail messages (an ``Any`` of a type not known here
    stays packed) and the field violations of any ``google.rpc.BadRequest``
    among them. Returns empty tuples when the bytes do not parse.
    """
    status = status_pb2.Status()
    try:
        status.ParseFromString(raw)
    except DecodeError:
        return (), ()
    details: list[Any] = []
    violations: list[FieldViolation] = []
    for any_msg in status.details:
        for cls in _KNOWN_DETAILS:
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
    trailers = trailers_fn() if callable(trailers_fn) else None
    raw = _status_details_bytes(trailers)
    details, violations = parse_status_details(raw) if raw else ((), ())
    found = _trailer(trailers, REQUEST_ID_KEY)
    request_id = found.decode(errors="replace") if isinstance(found, bytes) else found
    cls = _BY_CODE.get(code, ServerError)
    if cls is InvalidArgumentError:
        return InvalidArgumentError(
            message, code=code, details=details, request_id=request_id, field_violations=violations
        )
    if cls is UnavailableError:
        return UnavailableError(message, code=code, details=details, request_id=request_id, attempts=attempts)
    return cls(message, code=code, details=details, request_id=request_id)
