"""Every error the API returns is made here: the right code, with rich details."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from sourcecheck import language
from sourcecheck.v1 import scoring_pb2 as pb


@dataclass(frozen=True)
class Violation:
    field: str
    description: str


class ApiError(Exception):
    """An error meant for the caller; `status` is what goes on the wire."""

    def __init__(self, status: grpc.Status) -> None:
        super().__init__(status.details)
        self.status = status


DOMAIN = "sourcecheck.v1"  # google.rpc.ErrorInfo.domain of every error this API returns
RETRY_AFTER_SECONDS = 1  # google.rpc.RetryInfo on errors a retry may cure


def _status(code: int, message: str, reason: str, *details: object, **metadata: str) -> grpc.Status:
    """A status with an ErrorInfo (AIP-193: a machine-readable reason in our domain) and `details`."""
    packed = []
    info = error_details_pb2.ErrorInfo(reason=reason, domain=DOMAIN, metadata=metadata)
    for detail in (info, *details):
        one = any_pb2.Any()
        one.Pack(detail)
        packed.append(one)
    return rpc_status.to_status(status_pb2.Status(code=code, message=message, details=packed))


def _retry_later(seconds: int = RETRY_AFTER_SECONDS) -> error_details_pb2.RetryInfo:
    delay = duration_pb2.Duration(seconds=seconds)
    return error_details_pb2.RetryInfo(retry_delay=delay)


def bad_request(violations: list[Violation]) -> ApiError:
    detail = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.description)
            for v in violations
        ]
    )
    message = "; ".join(f"{v.field}: {v.description}" for v in violations)
    return ApiError(
        _status(code_pb2.INVALID_ARGUMENT, f"invalid request: {message}", "INVALID_REQUEST", detail)
    )


def not_found(what: str, **metadata: str) -> ApiError:
    return ApiError(_status(code_pb2.NOT_FOUND, f"{what} not found", "ARTICLE_NOT_FOUND", **metadata))


def resource_exhausted(limit: str) -> ApiError:
    detail = error_details_pb2.QuotaFailure(
        violations=[error_details_pb2.QuotaFailure.Violation(subject=limit, description=f"{limit} exceeded")]
    )
    return ApiError(
        _status(code_pb2.RESOURCE_EXHAUSTED, f"limit exceeded: {limit}", "LIMIT_EXCEEDED", detail)
    )


def too_many_in_flight(limit: int, key: str) -> ApiError:
    """A key with more calls in flight than its limit: a retry after the others finish may pass."""
    subject = f"calls in flight for key {key!r}"
    detail = error_details_pb2.QuotaFailure(
        violations=[
            error_details_pb2.QuotaFailure.Violation(subject=subject, description=f"more than {limit}")
        ]
    )
    message = f"limit exceeded: more than {limit} calls in flight for key {key!r}"
    return ApiError(
        _status(
            code_pb2.RESOURCE_EXHAUSTED, message, "TOO_MANY_CALLS_IN_FLIGHT", detail, _retry_later(), key=key
        )
    )


def unauthenticated(message: str, reason: str) -> ApiError:
    return ApiError(_status(code_pb2.UNAUTHENTICATED, message, reason))


def permission_denied(message: str, scope: str) -> ApiError:
    return ApiError(_status(code_pb2.PERMISSION_DENIED, message, "SCOPE_MISSING", scope=scope))


def internal() -> ApiError:
    return ApiError(_status(code_pb2.INTERNAL, "internal error; the server log has the details", "INTERNAL"))


def unavailable(message: str) -> ApiError:
    return ApiError(_status(code_pb2.UNAVAILABLE, message, "STORE_UNAVAILABLE", _retry_later()))


_MAX_TIMESTAMP = 253402300799  # 9999-12-31T23:59:59Z
_MIN_TIMESTAMP = -62135596800  # 0001-01-01T00:00:00Z


def validate_article(article: pb.Article, max_body_chars: int, field: str = "article") -> list[Violation]:
    """What is wrong with an article, field by field (AIP-193 field paths)."""
    violations: list[Violation] = []
    if not article.id.strip():
        violations.append(Violation(f"{field}.id", "required"))
    elif len(article.id) > 512:
        violations.append(Violation(f"{field}.id", "longer than 512 characters"))
    if not article.outlet.strip():
        violations.append(Violation(f"{field}.outlet", "required"))
    elif len(article.outlet) > 512:
        violations.append(Violation(f"{field}.outlet", "longer than 512 characters"))
    if not article.body.strip():
        violations.append(Violation(f"{field}.body", "required"))
    elif len(article.body) > max_body_chars:
        violations.append(Violation(f"{field}.body", f"longer than the limit of {max_body_chars} characters"))
    if len(article.title) > 4096:
        violations.append(Violation(f"{field}.title", "longer than 4096 characters"))
    if len(article.url) > 4096:
        violations.append(Violation(f"{field}.url", "longer than 4096 characters"))
    if article.HasField("published_at"):
        ts = article.published_at
        if not _MIN_TIMESTAMP <= ts.seconds <= _MAX_TIMESTAMP or not 0 <= ts.nanos < 1_000_000_000:
            violations.append(Violation(f"{field}.published_at", "outside 0001-01-01 .. 9999-12-31"))
    if len(article.language) > 35:
        violations.append(Violation(f"{field}.language", "not a BCP-47 tag"))
    else:
        refused = language.check(article.language, article.body)
        if refused is not None:
            violations.append(Violation(f"{field}.language", refused.message))
    for name in ("id", "outlet", "body", "title", "url", "language"):  # PostgreSQL text cannot hold NUL
        if "\x00" in getattr(article, name):
            violations.append(Violation(f"{field}.{name}", "contains NUL characters"))
    return violations
