"""Helpers of the client tests: run the real server, and a scriptable in-process fake server.

A uniquely named module (not conftest) so that `import` cannot pick up another directory's conftest."""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from sourcecheck_client._proto import scoring_pb2_grpc

HEALTH_SERVICE_NAMES = ("", "sourcecheck.v1.ScoringService")
STARTUP_SECONDS = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sourcecheck_executable() -> Path | None:
    candidate = Path(sys.executable).parent / "sourcecheck"
    if candidate.exists():
        return candidate
    found = shutil.which("sourcecheck")
    return Path(found) if found else None


def _serving(address: str) -> bool:
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        for name in HEALTH_SERVICE_NAMES:
            try:
                reply = stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=1.0)
            except grpc.RpcError:
                continue
            if reply.status == health_pb2.HealthCheckResponse.SERVING:
                return True
    return False


@dataclasses.dataclass
class RunningServer:
    address: str
    process: subprocess.Popen[bytes]
    log: Path


@contextlib.contextmanager
def run_server(tmp_dir: Path) -> Iterator[RunningServer]:
    """Start `sourcecheck serve` on a free port and wait for health SERVING; skip if not installed."""
    exe = sourcecheck_executable()
    if exe is None:
        pytest.skip("the `sourcecheck` server executable is not installed")
    pytest.importorskip(
        "grpc_health.v1.health_pb2", reason="grpcio-health-checking is needed to await the server"
    )
    address = f"127.0.0.1:{free_port()}"
    log = tmp_dir / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(exe), "serve", "--address", address, "--db", str(tmp_dir / "x.db")],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _serving(address):
            if process.poll() is not None:
                pytest.fail(f"sourcecheck serve exited with {process.returncode}:\n{log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(
                    f"sourcecheck serve did not report SERVING within {STARTUP_SECONDS}s:\n{log.read_text()}"
                )
            time.sleep(0.1)
        yield RunningServer(address=address, process=process, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- a fake server: each method runs a handler the test sets ----------------


Handler = Callable[[Any, grpc.ServicerContext], Any]


class FakeServicer(scoring_pb2_grpc.ScoringServiceServicer):
    """Records every call's request and metadata, and answers with `handlers[method]`."""

    def __init__(self) -> None:
        self.handlers: dict[str, Handler] = {}
        self.calls: list[tuple[str, Any, dict[str, str | bytes]]] = []

    def _run(self, method: str, request: Any, context: grpc.ServicerContext) -> Any:
        self.calls.append((method, request, dict(context.invocation_metadata())))
        handler = self.handlers.get(method)
        if handler is None:
            return context.abort(grpc.StatusCode.UNIMPLEMENTED, f"fake has no handler for {method}")
        return handler(request, context)

    def count(self, method: str) -> int:
        return sum(1 for name, _, _ in self.calls if name == method)

    def ScoreArticle(self, request: Any, context: grpc.ServicerContext) -> Any:
        return self._run("ScoreArticle", request, context)

    def IngestArticle(self, request: Any, context: grpc.ServicerContext) -> Any:
        return self._run("IngestArticle", request, context)

    def BulkIngestArticles(self, request_iterator: Any, context: grpc.ServicerContext) -> Any:
        return self._run("BulkIngestArticles", list(request_iterator), context)

    def StreamScoreArticles(self, request_iterator: Any, context: grpc.ServicerContext) -> Any:
        return self._run("StreamScoreArticles", request_iterator, context)

    def GetArticle(self, request: Any, context: grpc.ServicerContext) -> Any:
        return self._run("GetArticle", request, context)

    def DeleteArticle(self, request: Any, context: grpc.ServicerContext) -> Any:
        return self._run("DeleteArticle", request, context)

    def ListArticles(self, request: Any, context: grpc.ServicerContext) -> Any:
        return self._run("ListArticles", request, context)

    def GetCorpusStats(self, request: Any, context: grpc.ServicerContext) -> Any:
        return self._run("GetCorpusStats", request, context)

    def attempts(self, method: str) -> list[int]:
        """Per call of `method`, the attempt number gRPC's retries gave it (1 for the first; from the
        grpc-previous-rpc-attempts header, which gRPC adds to the retries it makes)."""
        return [
            int(metadata.get("grpc-previous-rpc-attempts", 0)) + 1
            for name, _, metadata in self.calls
            if name == method
        ]


def failing(failures: int, code: grpc.StatusCode, then: Handler) -> Handler:
    """A handler that aborts with `code` `failures` times (echoing an x-request-id as the real server
    does), then answers with `then`."""
    state = {"left": failures, "call": 0}
    lock = threading.Lock()

    def handler(request: Any, context: grpc.ServicerContext) -> Any:
        with lock:
            fail = state["left"] > 0
            state["left"] -= 1
            state["call"] += 1
            call = state["call"]
        context.set_trailing_metadata((("x-request-id", f"req-{call}"),))
        if fail:
            context.abort(code, f"failure {call}")
        return then(request, context)

    return handler


def add_servicer(servicer: FakeServicer, server: Any) -> None:
    add: Any = scoring_pb2_grpc.add_ScoringServiceServicer_to_server  # untyped generated code
    add(servicer, server)


@dataclasses.dataclass
class FakeServer:
    address: str
    servicer: FakeServicer
