"""Fixtures: a real `sourcecheck serve` subprocess, and a scriptable in-process fake server."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent import futures

import grpc
import pytest
from client_testkit import FakeServer, FakeServicer, RunningServer, add_servicer, run_server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with run_server(tmp_path_factory.mktemp("sourcecheck-server")) as running:
        yield running


@pytest.fixture(scope="session")
def server_address(server: RunningServer) -> str:
    return server.address


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    servicer = FakeServicer()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    add_servicer(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield FakeServer(address=f"127.0.0.1:{port}", servicer=servicer)
    finally:
        server.stop(grace=None)
