"""What Client and AsyncClient share: settings, retry decisions, request building."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Mapping, Sequence
from typing import Any

import grpc

from sourcecheck_client._config import (
    DEFAULT_TARGET,
    DEFAULT_TIMEOUT,
    RetryPolicy,
    Settings,
    Timeout,
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
        self._rand = random.Random()

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

    def _deadline(self, timeout: Timeout) -> float | None:
        seconds = self._settings.call_timeout(timeout)
        return None if seconds is None else time.monotonic() + seconds

    @staticmethod
    def _remaining(deadline: float | None) -> float | None:
        if deadline is None:
            return None
        # Never pass 0 or less: gRPC would fail the call as DEADLINE_EXCEEDED, which is right.
        return max(deadline - time.monotonic(), 0.001)

    def _retry_delay(self, error: grpc.RpcError, attempt: int, deadline: float | None) -> float | None:
        """Seconds to sleep before retrying after ``error`` on ``attempt``, or None to give up."""
        code = getattr(error, "code", None)
        if not callable(code) or not (
            code() == grpc.StatusCode.UNAVAILABLE
            or (code() == grpc.StatusCode.CANCELLED and not _reached_a_handler(error))
        ):
            return None
        if attempt >= self._settings.retry.max_attempts:
            return None
        delay = self._settings.retry.backoff(attempt, self._rand.random)
        if deadline is not None and time.monotonic() + delay >= deadline:
            return None
        return delay

    @staticmethod
    def _error(error: grpc.RpcError, attempts: int = 1) -> Exception:
        return from_rpc_error(error, attempts=attempts)


def _reached_a_handler(error: grpc.RpcError) -> bool:
    """Whether the server handled the call: its handlers echo x-request-id in the trailing metadata.

    A draining server cancels calls still queued, before any handler saw them; those are safe to retry.
    """
    trailing = getattr(error, "trailing_metadata", None)
    pairs = trailing() if callable(trailing) else None
    return any(key == "x-request-id" for key, _ in (pairs or ()))
