"""Build, start and drain the gRPC server (health and reflection on)."""

from __future__ import annotations

import signal
import threading
from concurrent import futures
from dataclasses import dataclass
from types import FrameType

import grpc
import structlog
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from sourcecheck.engine import Engine, load_policy
from sourcecheck.server.interceptors import LoggingInterceptor
from sourcecheck.server.servicer import ScoringServicer
from sourcecheck.settings import Settings
from sourcecheck.store import Store, open_store
from sourcecheck.v1 import scoring_pb2, scoring_pb2_grpc

log = structlog.get_logger("sourcecheck.server")
SERVICE_NAME = scoring_pb2.DESCRIPTOR.services_by_name["ScoringService"].full_name


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


def build_server(settings: Settings, store: Store | None = None) -> Server:
    policy = load_policy(settings.policy)
    store = store if store is not None else open_store(settings.db)
    engine = Engine(store, policy)
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="rpc"),
        interceptors=[LoggingInterceptor()],
        options=[
            ("grpc.max_receive_message_length", max(4 * 1024 * 1024, settings.max_body_chars * 4 + 65536)),
            ("grpc.so_reuseport", 0),
        ],
    )
    scoring_pb2_grpc.add_ScoringServiceServicer_to_server(ScoringServicer(engine, settings), server)
    health_servicer = health.HealthServicer(experimental_non_blocking=True)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in ("", SERVICE_NAME):
        health_servicer.set(name, health_pb2.HealthCheckResponse.NOT_SERVING)
    reflection.enable_server_reflection(
        (SERVICE_NAME, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME),
        server,
    )
    port = server.add_insecure_port(settings.address)
    if port == 0:
        raise OSError(f"cannot listen on {settings.address}")
    return Server(server, health_servicer, store, port, settings.grace_seconds)


def serve(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT, then drain gracefully."""
    server = build_server(settings)
    server.start()
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
    server.wait()
    log.info("stopped")


def _redacted(location: str) -> str:
    """A database location without its password."""
    if "://" in location and "@" in location:
        scheme, rest = location.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return location
