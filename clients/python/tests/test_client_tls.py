"""TLS and mutual TLS options against an in-process server with throwaway certificates."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
import pytest
from client_testkit import FakeServicer, add_servicer

import sourcecheck_client as sc
from sourcecheck_client import AsyncClient, Client, RetryPolicy
from sourcecheck_client._proto import scoring_pb2 as pb

SERVER_NAME = "scoring.test"
NO_RETRY = RetryPolicy(max_attempts=1)


@dataclasses.dataclass
class Pki:
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _issue(name: str, cn: str, extension: str, cwd: Path) -> None:
    _openssl(
        "req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={cn}",
        cwd=cwd,
    )  # fmt: skip
    (cwd / f"{name}.ext").write_text(extension + "\n")
    _openssl(
        "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext",
        cwd=cwd,
    )  # fmt: skip


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make test certificates")
    d = tmp_path_factory.mktemp("pki")
    _openssl(
        "req", "-x509", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=sourcecheck test CA",
        cwd=d,
    )  # fmt: skip
    _issue("server", SERVER_NAME, f"subjectAltName=DNS:{SERVER_NAME}\nextendedKeyUsage=serverAuth", d)
    _issue("client", "test-client", "extendedKeyUsage=clientAuth", d)
    return Pki(d / "ca.pem", d / "server.pem", d / "server.key", d / "client.pem", d / "client.key")


@pytest.fixture
def mtls_server(pki: Pki) -> Iterator[tuple[str, FakeServicer]]:
    servicer = FakeServicer()

    def stats(request: Any, context: grpc.ServicerContext) -> pb.GetCorpusStatsResponse:
        return pb.GetCorpusStatsResponse(article_count=1, claim_count=2, policy_version="tls")

    servicer.handlers["GetCorpusStats"] = stats
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    add_servicer(servicer, server)
    credentials = grpc.ssl_server_credentials(
        [(pki.server_key.read_bytes(), pki.server_cert.read_bytes())],
        root_certificates=pki.ca.read_bytes(),
        require_client_auth=True,
    )
    port = server.add_secure_port("127.0.0.1:0", credentials)
    server.start()
    try:
        yield f"127.0.0.1:{port}", servicer
    finally:
        server.stop(grace=None)


def test_mutual_tls_with_api_key(pki: Pki, mtls_server: tuple[str, FakeServicer]) -> None:
    address, servicer = mtls_server
    with Client(
        address,
        tls_ca=pki.ca,
        tls_cert=pki.client_cert,
        tls_key=pki.client_key,
        tls_server_name=SERVER_NAME,
        api_key="k",
    ) as client:
        assert client.corpus_stats().policy_version == "tls"
    assert servicer.calls[0][2]["x-api-key"] == "k"


def test_mutual_tls_from_env(
    pki: Pki, mtls_server: tuple[str, FakeServicer], monkeypatch: pytest.MonkeyPatch
) -> None:
    address, _ = mtls_server
    monkeypatch.setenv("SOURCECHECK_SERVER", address)
    monkeypatch.setenv("SOURCECHECK_TLS_CA", str(pki.ca))
    monkeypatch.setenv("SOURCECHECK_TLS_CERT", str(pki.client_cert))
    monkeypatch.setenv("SOURCECHECK_TLS_KEY", str(pki.client_key))
    with Client.from_env(tls_server_name=SERVER_NAME) as client:
        assert client.corpus_stats().article_count == 1


async def test_async_mutual_tls(pki: Pki, mtls_server: tuple[str, FakeServicer]) -> None:
    address, _ = mtls_server
    async with AsyncClient(
        address, tls_ca=pki.ca, tls_cert=pki.client_cert, tls_key=pki.client_key, tls_server_name=SERVER_NAME
    ) as client:
        assert (await client.corpus_stats()).claim_count == 2


def test_without_client_certificate_the_handshake_fails(
    pki: Pki, mtls_server: tuple[str, FakeServicer]
) -> None:
    address, servicer = mtls_server
    with (
        Client(address, tls_ca=pki.ca, tls_server_name=SERVER_NAME, retry=NO_RETRY, timeout=10) as client,
        pytest.raises(sc.UnavailableError),
    ):
        client.corpus_stats()
    assert servicer.calls == []


def test_plaintext_client_cannot_talk_to_a_tls_server(mtls_server: tuple[str, FakeServicer]) -> None:
    address, servicer = mtls_server
    with Client(address, retry=NO_RETRY, timeout=10) as client, pytest.raises(sc.UnavailableError):
        client.corpus_stats()
    assert servicer.calls == []
