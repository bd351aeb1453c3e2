"""Connection settings shared by Client and AsyncClient: target, deadline, retries, TLS, API key."""

from __future__ import annotations

import dataclasses
import enum
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


@dataclasses.dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How unary calls are retried when the server answers UNAVAILABLE.

    Attempt ``n`` (counting from 1) that fails is followed, if ``n <
    max_attempts`` and the call's deadline leaves room, by a sleep drawn
    uniformly from ``[0, min(max_backoff, initial_backoff * multiplier**(n-1))]``
    ("full jitter"). Streaming calls are never retried: their requests may
    already have been consumed. ``max_attempts=1`` turns retries off.
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

    def backoff(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        """The sleep after failed attempt number ``attempt`` (1-based)."""
        cap = min(self.max_backoff, self.initial_backoff * self.multiplier ** (attempt - 1))
        return rand() * cap


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
        opts: list[tuple[str, Any]] = [
            ("grpc.primary_user_agent", f"sourcecheck-client-python/{__version__}")
        ]
        if self.tls_server_name:
            opts.append(("grpc.ssl_target_name_override", self.tls_server_name))
        opts.extend(self.channel_options)
        return opts

    def metadata(self) -> tuple[tuple[str, str], ...]:
        return ((API_KEY_HEADER, self.api_key),) if self.api_key else ()

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
