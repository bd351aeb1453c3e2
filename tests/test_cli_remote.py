"""The CLI's --server path: TLS with --tls/--ca-cert, and the Python client's retry policy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
import pytest

from sourcecheck.cli import main
from sourcecheck.server.app import Server, build_server
from sourcecheck.settings import Settings
from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.v1 import scoring_pb2_grpc as pb_grpc

SEEDS = Path(__file__).resolve().parent / ".." / "seeds"
SEED_001 = SEEDS / "001_3100be0ccc3fa2db.txt"


# ------------------------------------------------------------------------------------------------- TLS


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway CA and a server certificate for 127.0.0.1 it signed, as clients/python's TLS tests do."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make test certificates")
    d = tmp_path_factory.mktemp("pki")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl("req", "-x509", "-new", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=sourcecheck test CA", cwd=d)  # fmt: skip
    _openssl("req", "-new", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1",
             cwd=d)  # fmt: skip
    (d / "server.ext").write_text("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "server.pem", "-days", "2", "-extfile", "server.ext", cwd=d)  # fmt: skip
    return d


@pytest.fixture
def tls_server(pki: Path, tmp_path: Path, free_port: int) -> Iterator[str]:
    """A real sourcecheck server that speaks only TLS, on 127.0.0.1:<free port>."""
    address = f"127.0.0.1:{free_port}"
    settings = Settings(
        address=address,
        db=str(tmp_path / "tls.db"),
        tls_cert=str(pki / "server.pem"),
        tls_key=str(pki / "server.key"),
    )
    server: Server = build_server(settings)
    server.start()
    credentials = grpc.ssl_channel_credentials(root_certificates=(pki / "ca.pem").read_bytes())
    with grpc.secure_channel(address, credentials) as channel:
        grpc.channel_ready_future(channel).result(timeout=30)
    try:
        yield address
    finally:
        server.stop(grace=0)


def test_ingest_and_score_over_tls_with_ca_cert(
    tls_server: str, pki: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tls = ["--server", tls_server, "--ca-cert", str(pki / "ca.pem")]
    assert main(["ingest", str(SEEDS), *tls]) == 0
    assert "ingested 5 article(s)" in capsys.readouterr().out
    assert main(["score", str(SEED_001), *tls, "--tls", "--json"]) == 0
    # The in-process server's log lines share this stdout; the JSON document starts at a lone "{".
    lines = capsys.readouterr().out.splitlines()
    scored = json.loads("\n".join(lines[lines.index("{") :]))
    assert scored["claims"]


def test_plaintext_or_an_unknown_ca_against_tls_fails(
    tls_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for flags in ([], ["--tls"]):  # no TLS; TLS trusting only the system's roots
        assert main(["score", str(SEED_001), "--server", tls_server, "--timeout", "10", *flags]) == 1
        assert "UNAVAILABLE" in capsys.readouterr().err


def test_tls_flags_without_server_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(SEED_001), "--db", str(tmp_path / "x.db"), "--tls"]) == 2
    assert "--tls and --ca-cert are for --server" in capsys.readouterr().err


def test_a_missing_ca_cert_file_exits_2(
    free_port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.pem"
    assert (
        main(["score", str(SEED_001), "--server", f"127.0.0.1:{free_port}", "--ca-cert", str(missing)]) == 2
    )
    assert "none.pem" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------- retries


class FlakyScoring(pb_grpc.ScoringServiceServicer):
    """Answers UNAVAILABLE to the first `failures` ScoreArticle calls, then scores nothing."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0
        self.lock = threading.Lock()

    def ScoreArticle(self, request: pb.ScoreArticleRequest, context: grpc.ServicerContext) -> Any:
        with self.lock:
            self.calls += 1
            failing = self.calls <= self.failures
        if failing:
            context.abort(grpc.StatusCode.UNAVAILABLE, "warming up")
        return pb.ScoreArticleResponse(article_id=request.article.id, policy_version="flaky")


@pytest.fixture
def flaky() -> Iterator[tuple[str, FlakyScoring]]:
    servicer = FlakyScoring(failures=1)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    pb_grpc.add_ScoringServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"127.0.0.1:{port}", servicer
    finally:
        server.stop(grace=None)


def test_unavailable_is_retried_by_the_client_policy(
    flaky: tuple[str, FlakyScoring], capsys: pytest.CaptureFixture[str]
) -> None:
    address, servicer = flaky
    assert main(["score", str(SEED_001), "--server", address, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["policy_version"] == "flaky"
    assert servicer.calls == 2


def test_without_the_client_package_server_calls_work_unretried(
    flaky: tuple[str, FlakyScoring], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The server's container image has no sourcecheck_client; `ingest --server` must still work there."""
    monkeypatch.setitem(sys.modules, "sourcecheck_client", None)  # import raises ImportError
    address, servicer = flaky
    assert main(["score", str(SEED_001), "--server", address, "--json"]) == 1
    err = capsys.readouterr().err
    assert "not retried" in err
    assert "UNAVAILABLE: warming up" in err
    assert main(["score", str(SEED_001), "--server", address, "--json"]) == 0
    assert servicer.calls == 2
