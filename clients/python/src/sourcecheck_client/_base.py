"""What Client and AsyncClient share: settings, per-call metadata, error translation."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import grpc

from sourcecheck_client._config import (
    DEFAULT_TARGET,
    DEFAULT_TIMEOUT,
    RETRIED_METHODS,
    CallMetadata,
    RetryPolicy,
    Settings,
    env_kwargs,
)
from sourcecheck_client._errors import from_rpc_error


class CapturedError:
    """Remembers an exception raised by the caller's article iterable inside a gRPC stream.

    gRPC consumes request iterators on its own and turns their exceptions into
    a CANCELLED status; the clients re-raise the caller's own exception instead.
    """

    def __init__(self) -> None:
        self.error: Exception | None = None

    def reraise(self) -> None:
        if self.error is not None:
            raise self.error


class BaseClient:
    """Constructor arguments and helpers common to both clients."""

    def __init__(
        self,
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
    ) -> None:
        self._settings = Settings.create(
            target,
            timeout=timeout,
            api_key=api_key,
            tls=tls,
            tls_ca=tls_ca,
            tls_cert=tls_cert,
            tls_key=tls_key,
            tls_server_name=tls_server_name,
            retry=retry,
            channel_options=channel_options,
        )

    @staticmethod
    def _from_env(environ: Mapping[str, str] | None, overrides: dict[str, Any]) -> dict[str, Any]:
        kwargs = env_kwargs(environ)
        kwargs.update(overrides)
        return kwargs

    @property
    def target(self) -> str:
        """The server address, ``host:port``."""
        return self._settings.target

    @property
    def timeout(self) -> float | None:
        """The default deadline of each call, in seconds (None: no deadline)."""
        return self._settings.timeout

    @property
    def retry(self) -> RetryPolicy:
        """The retry policy of unary calls."""
        return self._settings.retry

    @property
    def channel_options(self) -> list[tuple[str, Any]]:
        """The options the client's channel was built with: user agent, TLS name override, the
        retry policy's ``grpc.service_config`` and ``grpc.enable_retries``, then ``channel_options``."""
        return self._settings.options()

    def _metadata(self, metadata: CallMetadata | None) -> tuple[tuple[str, str | bytes], ...]:
        return self._settings.metadata(metadata)

    def _error(self, error: grpc.RpcError, method: str) -> Exception:
        """The SourcecheckError of a failed call to ``method``."""
        attempts = self._settings.retry.effective_attempts if method in RETRIED_METHODS else 1
        return from_rpc_error(error, attempts=attempts)
