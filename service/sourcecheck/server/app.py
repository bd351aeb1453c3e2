"""Build, start and drain the gRPC server (health and reflection on)."""

from __future__ import annotations

import gc
import signal
import threading
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass
from types import FrameType
from typing import Any

import grpc
import structlog
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from sourcecheck import core
from sourcecheck.engine import Engine, load_policy, stale_versions, version_mix_warning, version_name
from sourcecheck.server import tracing
from sourcecheck.server.auth import ApiKey, AuthInterceptor
from sourcecheck.server.decoding import DecodeInterceptor
from sourcecheck.server.interceptors import LoggingInterceptor
from sourcecheck.server.metrics import serve_metrics
from sourcecheck.server.servicer import ScoringServicer
from sourcecheck.settings import Settings, is_loopback
from sourcecheck.store import Store, open_store
from sourcecheck.v1 import scoring_pb2, scoring_pb2_grpc

log = structlog.get_logger("sourcecheck.server")
SERVICE_NAME = scoring_pb2.DESCRIPTOR.services_by_name["ScoringService"].full_name


class _DrainingHealth(health.HealthServicer):
    """The standard health service, but a drain also ends open Watch streams once they have been sent
    NOT_SERVING: an open stream is an in-flight call, and would hold the drain for the whole grace."""

    def __init__(self) -> None:
        super().__init__(experimental_non_blocking=True)
        self._ends: dict[int, Callable[[Any], None]] = {}
        self._ends_lock = threading.Lock()

    def Watch(self, request: Any, context: grpc.ServicerContext, send_response_callback: Any = None) -> Any:
        if send_response_callback is not None:  # always, with experimental_non_blocking
            key = id(context)
            with self._ends_lock:
                self._ends[key] = send_response_callback
            context.add_callback(lambda: self._forget(key))
        return super().Watch(request, context, send_response_callback)

    def _forget(self, key: int) -> None:
        with self._ends_lock:
            self._ends.pop(key, None)

    def enter_graceful_shutdown(self) -> None:
        super().enter_graceful_shutdown()  # sends NOT_SERVING on every open Watch
        with self._ends_lock:
            ends = list(self._ends.values())
            self._ends.clear()
        for end in ends:
            end(None)  # then finishes the stream with OK, after that message


@dataclass
class Server:
    """A running server: its port, its store, and a drain that flips health first."""

    grpc_server: grpc.Server
    health: health.HealthServicer
    store: Store
    port: int
    grace_seconds: float

    def start(self) -> None:
        self.grpc_server.start()
        for name in ("", SERVICE_NAME):
            self.health.set(name, health_pb2.HealthCheckResponse.SERVING)

    def stop(self, grace: float | None = None) -> None:
        """Drain: report NOT_SERVING, stop taking calls, let in-flight calls finish, close the store."""
        self.health.enter_graceful_shutdown()
        self.grpc_server.stop(self.grace_seconds if grace is None else grace).wait()
        self.store.close()

    def wait(self) -> None:
        self.grpc_server.wait_for_termination()


def build_server(settings: Settings, store: Store | None = None, *, reuse_port: bool = False) -> Server:
    """A server ready to start; `reuse_port` lets sibling processes listen on the same port."""
    interceptors = _interceptors(settings)  # first: tracing without its extra fails before the store opens
    policy = load_policy(settings.policy)
    store = store if store is not None else open_store(settings.db)
    stale = stale_versions(store)
    if stale:
        log.warning(
            version_mix_warning(stale),
            extractor_version=core.EXTRACTOR_VERSION,
            stale_extractor_versions={version_name(v): n for v, n in stale.items()},
        )
    engine = Engine(store, policy, settings.max_claims)
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="rpc"),
        interceptors=interceptors,
        options=[
            ("grpc.max_receive_message_length", max(4 * 1024 * 1024, settings.max_body_chars * 4 + 65536)),
            ("grpc.so_reuseport", 1 if reuse_port else 0),
            *_connection_age(settings),
        ],
    )
    scoring_pb2_grpc.add_ScoringServiceServicer_to_server(ScoringServicer(engine, settings), server)
    health_servicer = _DrainingHealth()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in ("", SERVICE_NAME):
        health_servicer.set(name, health_pb2.HealthCheckResponse.NOT_SERVING)
    reflection.enable_server_reflection(
        (SERVICE_NAME, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME),
        server,
    )
    port = (
        server.add_secure_port(settings.address, _credentials(settings))
        if settings.tls_cert
        else server.add_insecure_port(settings.address)
    )
    if port == 0:
        raise OSError(f"cannot listen on {settings.address}")
    return Server(server, health_servicer, store, port, settings.grace_seconds)


def _connection_age(settings: Settings) -> list[tuple[str, int]]:
    """Server-side connection age: clients reconnect now and then, and so spread over new replicas."""
    if settings.max_connection_age_seconds is None:
        return []
    age = int(settings.max_connection_age_seconds * 1000)
    return [("grpc.max_connection_age_ms", age), ("grpc.max_connection_age_grace_ms", max(age // 10, 5000))]


def _interceptors(settings: Settings) -> list[grpc.ServerInterceptor]:
    """OpenTelemetry's server span first when tracing (so logging runs inside it and annotates it), then
    logging (so refused calls are logged too), then refusing requests that do not parse, then
    authentication when keys are set."""
    chain: list[grpc.ServerInterceptor] = [tracing.server_interceptor()] if settings.otel_tracing else []
    chain += [LoggingInterceptor(), DecodeInterceptor()]
    if settings.api_keys:
        keys = [ApiKey(k.name, k.sha256, frozenset(k.scopes)) for k in settings.api_keys]
        chain.append(AuthInterceptor(keys, settings.max_concurrent_per_key))
    return chain


def _credentials(settings: Settings) -> grpc.ServerCredentials:
    def read(path: str | None) -> bytes | None:
        if path is None:
            return None
        with open(path, "rb") as handle:
            return handle.read()

    cert, key = read(settings.tls_cert), read(settings.tls_key)
    assert cert is not None and key is not None  # Settings checks they come together
    client_ca = read(settings.tls_client_ca)
    return grpc.ssl_server_credentials(
        [(key, cert)], root_certificates=client_ca, require_client_auth=client_ca is not None
    )


def serve(
    settings: Settings,
    *,
    reuse_port: bool = False,
    metrics: bool = True,
    stop_requested: threading.Event | None = None,
) -> None:
    """Run until SIGTERM or SIGINT, then drain gracefully. One of several processes sharing the port
    (`server.processes`) passes `reuse_port`, and leaves the metrics to the process that started it."""
    server = build_server(settings, reuse_port=reuse_port)
    # What startup made (modules, lexicons, the policy, the server) lives as long as the process: keep
    # it out of the full garbage collections, whose pauses otherwise land in the latency tail.
    gc.freeze()
    server.start()
    if not settings.api_keys:
        where = (
            "loopback only"
            if is_loopback(settings.address)
            else "OPEN ON A NON-LOOPBACK ADDRESS (--allow-open)"
        )
        log.warning("no API keys configured: anyone who can connect may score and ingest", exposure=where)
    if settings.metrics_address and metrics:
        metrics_port = serve_metrics(settings.metrics_address, server.store.counts)
        log.info("metrics", address=settings.metrics_address.rpartition(":")[0] + f":{metrics_port}")
    host = settings.address.rpartition(":")[0]
    log.info(
        "serving",
        address=f"{host}:{server.port}",
        db=_redacted(settings.db),
        policy=settings.policy or "default",
    )
    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stopping.is_set():
            return
        stopping.set()
        log.info("draining", signal=signal.Signals(signum).name, grace_seconds=settings.grace_seconds)
        threading.Thread(target=server.stop, name="drain", daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if stop_requested is not None and stop_requested.is_set():
        on_signal(signal.SIGTERM, None)  # asked to stop while starting up
    server.wait()
    log.info("stopped")


def _redacted(location: str) -> str:
    """A database location without its password (in the user part or a `password=` parameter)."""
    if location.startswith(("postgresql://", "postgres://")):
        from sourcecheck.store.postgres import describe

        return describe(location)
    return location
