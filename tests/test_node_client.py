"""A Node.js client built from proto/ alone talks to the real server (clients/node-check/check.js)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from sourcecheck import core

ROOT = Path(__file__).resolve().parent.parent
NODE_CHECK = ROOT / "clients" / "node-check"
STARTUP_SECONDS = 60.0
HEALTH_SERVICE_NAMES = ("", "sourcecheck.v1.ScoringService")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not installed")
    if not (NODE_CHECK / "node_modules" / "@grpc" / "grpc-js").is_dir():
        pytest.skip("clients/node-check/node_modules is missing: run `npm ci` there")
    return found


@pytest.fixture(scope="module")
def server_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = Path(sys.executable).parent / "sourcecheck"
    if not exe.exists():
        pytest.skip("the `sourcecheck` server executable is not installed")
    pytest.importorskip("grpc_health.v1.health_pb2")
    tmp = tmp_path_factory.mktemp("node-check-server")
    address = f"127.0.0.1:{_free_port()}"
    log = tmp / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(exe), "serve", "--address", address, "--db", str(tmp / "x.db")],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _serving(address):
            if process.poll() is not None:
                pytest.fail(f"sourcecheck serve exited with {process.returncode}:\n{log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"sourcecheck serve was not SERVING after {STARTUP_SECONDS}s:\n{log.read_text()}")
            time.sleep(0.1)
        yield address
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_node_client_ingests_and_scores(node: str, server_address: str) -> None:
    proc = subprocess.run(
        [node, "check.js", server_address],
        cwd=NODE_CHECK,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    lines = proc.stdout.splitlines()
    assert sum(line.startswith("ingested node-") for line in lines) == 2, output
    (scored,) = [line for line in lines if line.startswith("scored ")]
    assert f" and extractor {core.EXTRACTOR_VERSION}: " in scored, output
    assert lines[-1].startswith("OK "), output
    (utf16,) = [line for line in lines if line.startswith("utf16 spans ok: ")]
    assert not utf16.endswith(" 0 claims"), output
    claims = [json.loads(line) for line in lines if line.startswith("{")]
    assert claims, output
    assert int(lines[-1].split()[1]) == len(claims)
    for claim in claims:
        assert claim["id"] and claim["text"]
        assert claim["span"]["end"] > claim["span"]["start"]
        assert claim["kind"].startswith("SOURCE_KIND_")
        assert 0.0 <= claim["score"] <= 1.0
    assert any("42 people" in claim["text"] for claim in claims), output


def test_node_client_fails_loudly_without_a_server(node: str) -> None:
    proc = subprocess.run(
        [node, "check.js", f"127.0.0.1:{_free_port()}"],
        cwd=NODE_CHECK,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode != 0
    assert "FAIL:" in proc.stderr
