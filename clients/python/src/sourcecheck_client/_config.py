"""Connection settings shared by Client and AsyncClient: target, deadline, retries, TLS, API key."""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import os
import random
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import grpc

from sourcecheck_client._version import __version__

DEFAULT_TARGET: Final = "127.0.0.1:50051"
DEFAULT_TIMEOUT: Final = 30.0
API_KEY_HEADER: Final = "x-api-key"

ENV_SERVER: Final = "SOURCECHECK_SERVER"
ENV_API_KEY: Final = "SOURCECHECK_API_KEY"
ENV_TIMEOUT: Final = "SOURCECHECK_TIMEOUT"
ENV_TLS_CA: Final = "SOURCECHECK_TLS_CA"
ENV_TLS_CERT: Final = "SOURCECHECK_TLS_CERT"
ENV_TLS_KEY: Final = "SOURCECHECK_TLS_KEY"


class _Unset(enum.Enum):
    UNSET = "UNSET"


UNSET: Final = _Unset.UNSET
"""Marks a per-call ``timeout`` that was not given: the client's default applies."""

Timeout = float | None | _Unset
"""A per-call timeout: seconds, ``None`` for no deadline, or UNSET for the client's default."""

CallMetadata = Mapping[str, str | bytes] | Sequence[tuple[str, str | bytes]]
"""Per-call metadata: a mapping or (key, value) pairs; keys ending in ``-bin`` take bytes."""

TRACEPARENT: Final = "traceparent"


@functools.cache
def _opentelemetry() -> tuple[Any, Any] | None:
    """opentelemetry's ``propagate`` and ``trace`` modules, or None when it is not installed."""
    try:
        from opentelemetry import propagate, trace
    except ImportError:
        return None
    return propagate, trace


def trace_context() -> dict[str, str]:
    """The current OpenTelemetry span's W3C trace context (``traceparent``, ``tracestate``), by the
    globally configured propagator; empty without opentelemetry-api or a current span."""
    modules = _opentelemetry()
    if modules is None:
        return {}
    propagate, trace = modules
    if not trace.get_current_span().get_span_context().is_valid:
        return {}
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


SERVICE: Final = "sourcecheck.v1.ScoringService"

RETRIED_METHODS: Final = (
    "ScoreArticle",
    "IngestArticle",
    "GetArticle",
    "ListArticles",
    "GetCorpusStats",
    "DeleteArticle",
)
"""The unary methods the retry policy covers: idempotent by contract. The streams are never retried."""

RETRYABLE_STATUS_CODES: Final = ("UNAVAILABLE",)
"""Codes a retry may cure. Not RESOURCE_EXHAUSTED: the server also sends it for limits no retry passes
(body too large), and for its in-flight limit it asks for a RetryInfo delay the policy cannot honour."""

GRPC_MAX_ATTEMPTS: Final = 5
"""gRPC treats a larger ``maxAttempts`` as 5."""

MIN_BACKOFF: Final = 0.01
"""The shortest backoff written into the service config. gRPC refuses zero, and grpcio 1.72 to at
least 1.85 can lose a retry scheduled after a 1 ms backoff, the call then hanging until its deadline
(grpc/grpc#41036); 10 ms keeps clear of that."""


def _duration(seconds: float) -> str:
    """Seconds as a protobuf JSON Duration, e.g. ``"0.1s"``."""
    text = f"{max(seconds, MIN_BACKOFF):.9f}".rstrip("0").rstrip(".")
    return text + "s"


@dataclasses.dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How unary calls are retried when the server answers UNAVAILABLE.

    The policy is carried out by gRPC itself: it becomes the ``retryPolicy`` of
    the channel's service config (:meth:`service_config`, the same JSON as
    ``clients/service_config.json`` for the defaults). Attempt ``n`` (counting
    from 1) that fails is followed, if ``n < max_attempts``, by a sleep drawn
    uniformly from ``[0, min(max_backoff, initial_backoff * multiplier**(n-1))]``
    ("full jitter"); the call's deadline covers all attempts. Only the
    idempotent unary methods (:data:`RETRIED_METHODS`) are retried; streaming
    calls never are. ``max_attempts=1`` turns retries off; gRPC caps it at 5.
    Backoffs shorter than 10 ms are written as 10 ms (see :data:`MIN_BACKOFF`).
    """

    max_attempts: int = 4
    initial_backoff: float = 0.1
    max_backoff: float = 5.0
    multiplier: float = 2.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.initial_backoff < 0 or self.max_backoff < 0:
            raise ValueError("backoffs must not be negative")
        if self.multiplier < 1:
            raise ValueError("multiplier must be at least 1")

    @property
    def effective_attempts(self) -> int:
        """The attempts gRPC makes at most: ``max_attempts``, capped at 5."""
        return min(self.max_attempts, GRPC_MAX_ATTEMPTS)

    def backoff(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        """The longest sleep, times ``rand()``, after failed attempt number ``attempt`` (1-based).

        gRPC draws the sleeps itself; this states its formula."""
        cap = min(self.max_backoff, self.initial_backoff * self.multiplier ** (attempt - 1))
        return rand() * cap

    def service_config(self) -> dict[str, Any]:
        """The gRPC service config (a JSON object) that carries out this policy.

        ``RetryPolicy().service_config()`` is the content of ``clients/service_config.json``,
        which clients in other languages load. With ``max_attempts=1`` the methods get no
        ``retryPolicy``.
        """
        method: dict[str, Any] = {"name": [{"service": SERVICE, "method": m} for m in RETRIED_METHODS]}
        if self.effective_attempts > 1:
            method["retryPolicy"] = {
                "maxAttempts": self.effective_attempts,
                "initialBackoff": _duration(self.initial_backoff),
                "maxBackoff": _duration(self.max_backoff),
                "backoffMultiplier": self.multiplier,
                "retryableStatusCodes": list(RETRYABLE_STATUS_CODES),
            }
        return {"methodConfig": [method]}

    def channel_options(self) -> list[tuple[str, Any]]:
        """The channel options that turn this policy on: ``grpc.service_config`` (the JSON of
        :meth:`service_config`) and ``grpc.enable_retries``. For a channel of your own."""
        return [
            ("grpc.service_config", json.dumps(self.service_config(), separators=(",", ":"))),
            ("grpc.enable_retries", 1),
        ]


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    """Everything a client needs to connect. Built by the client constructors."""

    target: str = DEFAULT_TARGET
    timeout: float | None = DEFAULT_TIMEOUT
    api_key: str | None = None
    tls: bool = False
    tls_ca: Path | None = None
    tls_cert: Path | None = None
    tls_key: Path | None = None
    tls_server_name: str | None = None
    retry: RetryPolicy = dataclasses.field(default_factory=RetryPolicy)
    channel_options: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def create(
        cls,
        target: str = DEFAULT_TARGET,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        api_key: str | None = None,
        tls: bool | None = None,
        tls_ca: str | os.PathLike[str] | None = None,
        tls_cert: str | os.PathLike[str] | None = None,
        tls_key: str | os.PathLike[str] | None = None,
        tls_server_name: str | None = None,
        retry: RetryPolicy | None = None,
        channel_options: Sequence[tuple[str, Any]] = (),
    ) -> Settings:
        if not target:
            raise ValueError("target must be host:port")
        if timeout is not None and timeout <= 0:
            raise ValueError("timeout must be positive, or None for no deadline")
        if (tls_cert is None) != (tls_key is None):
            raise ValueError("tls_cert and tls_key must be given together (mutual TLS)")
        any_tls_file = tls_ca is not None or tls_cert is not None
        if tls is False and any_tls_file:
            raise ValueError("tls=False contradicts the TLS files given")
        return cls(
            target=target,
            timeout=timeout,
            api_key=api_key or None,
            tls=bool(tls) or any_tls_file,
            tls_ca=Path(tls_ca) if tls_ca is not None else None,
            tls_cert=Path(tls_cert) if tls_cert is not None else None,
            tls_key=Path(tls_key) if tls_key is not None else None,
            tls_server_name=tls_server_name,
            retry=retry if retry is not None else RetryPolicy(),
            channel_options=tuple(channel_options),
        )

    def credentials(self) -> grpc.ChannelCredentials | None:
        """The channel credentials, or None for a plaintext channel. Reads the TLS files."""
        if not self.tls:
            return None
        root = self.tls_ca.read_bytes() if self.tls_ca is not None else None
        cert = self.tls_cert.read_bytes() if self.tls_cert is not None else None
        key = self.tls_key.read_bytes() if self.tls_key is not None else None
        creds: grpc.ChannelCredentials = grpc.ssl_channel_credentials(
            root_certificates=root, private_key=key, certificate_chain=cert
        )
        return creds

    def options(self) -> list[tuple[str, Any]]:
        """The channel options: user agent, TLS name override, the retry policy's service config,
        then ``channel_options``, whose keys replace the client's own (gRPC would keep the first)."""
        opts: list[tuple[str, Any]] = [
            ("grpc.primary_user_agent", f"sourcecheck-client-python/{__version__}")
        ]
        if self.tls_server_name:
            opts.append(("grpc.ssl_target_name_override", self.tls_server_name))
        opts.extend(self.retry.channel_options())
        given = {key for key, _ in self.channel_options}
        return [(k, v) for k, v in opts if k not in given] + list(self.channel_options)

    def metadata(self, extra: CallMetadata | None = None) -> tuple[tuple[str, str | bytes], ...]:
        """The metadata of one call: the API key, then the caller's ``extra`` pairs (whose keys
        replace the client's), then the current OpenTelemetry trace context unless ``extra`` has one."""
        pairs: list[tuple[str, str | bytes]] = [(API_KEY_HEADER, self.api_key)] if self.api_key else []
        if extra:
            items = extra.items() if isinstance(extra, Mapping) else extra
            given = [(str(key).lower(), value) for key, value in items]
            keys = {key for key, _ in given}
            pairs = [(k, v) for k, v in pairs if k not in keys] + given
        keys = {key for key, _ in pairs}
        if TRACEPARENT not in keys:
            pairs.extend((k, v) for k, v in trace_context().items() if k not in keys)
        return tuple(pairs)

    def call_timeout(self, timeout: Timeout) -> float | None:
        """The timeout of one call: the per-call value if given, else the client's."""
        if isinstance(timeout, _Unset):
            return self.timeout
        if timeout is not None and timeout <= 0:
            raise ValueError("timeout must be positive, or None for no deadline")
        return timeout


def env_kwargs(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Constructor keyword arguments read from the SOURCECHECK_* environment variables.

    Unset or empty variables are left out, so the constructor defaults apply.
    ``SOURCECHECK_TIMEOUT`` is seconds; ``0`` or ``none`` means no deadline.
    """
    env = os.environ if environ is None else environ
    kwargs: dict[str, Any] = {}
    if server := env.get(ENV_SERVER, "").strip():
        kwargs["target"] = server
    if api_key := env.get(ENV_API_KEY, "").strip():
        kwargs["api_key"] = api_key
    if raw_timeout := env.get(ENV_TIMEOUT, "").strip():
        if raw_timeout.lower() in ("0", "none", "inf"):
            kwargs["timeout"] = None
        else:
            try:
                kwargs["timeout"] = float(raw_timeout)
            except ValueError:
                raise ValueError(f"{ENV_TIMEOUT}={raw_timeout!r} is not a number of seconds") from None
    for var, name in ((ENV_TLS_CA, "tls_ca"), (ENV_TLS_CERT, "tls_cert"), (ENV_TLS_KEY, "tls_key")):
        if value := env.get(var, "").strip():
            kwargs[name] = value
    return kwargs
