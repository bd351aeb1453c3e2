"""API keys, scopes, per-key limits, open-mode safety, TLS and metrics, over a real server."""

from __future__ import annotations

import shutil
import subprocess
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pydantic import ValidationError

from sourcecheck.server.auth import hash_key
from sourcecheck.settings import Settings
from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.v1 import scoring_pb2_grpc
from tests.conftest import LiveServer, _free_port

SCORER, WRITER = "scorer-key-for-tests", "writer-key-for-tests"
KEYS = [
    {"name": "scorer", "sha256": hash_key(SCORER), "scopes": ["score"]},
    {"name": "writer", "sha256": hash_key(WRITER), "scopes": ["score", "ingest"]},
]
ARTICLE = pb.Article(
    id="a1", outlet="Example Gazette", body="The council voted on Monday to close the bridge."
)


def code_of(call: Callable[[], object]) -> grpc.StatusCode:
    try:
        call()
    except grpc.RpcError as error:
        return error.code()  # type: ignore[no-any-return]
    return grpc.StatusCode.OK


@pytest.fixture
def keyed(make_server: Callable[..., LiveServer]) -> LiveServer:
    return make_server(api_keys=KEYS)


def test_no_key_is_unauthenticated(keyed: LiveServer) -> None:
    assert code_of(lambda: keyed.stub.ScoreArticle(pb.ScoreArticleRequest(article=ARTICLE))) == (
        grpc.StatusCode.UNAUTHENTICATED
    )


def test_an_unknown_key_is_unauthenticated(keyed: LiveServer) -> None:
    call = lambda: keyed.stub.ScoreArticle(  # noqa: E731
        pb.ScoreArticleRequest(article=ARTICLE), metadata=(("x-api-key", "guess"),)
    )
    assert code_of(call) == grpc.StatusCode.UNAUTHENTICATED


def test_a_key_without_the_scope_is_denied(keyed: LiveServer) -> None:
    call = lambda: keyed.stub.IngestArticle(  # noqa: E731
        pb.IngestArticleRequest(article=ARTICLE), metadata=(("x-api-key", SCORER),)
    )
    assert code_of(call) == grpc.StatusCode.PERMISSION_DENIED
    stream = lambda: keyed.stub.BulkIngestArticles(  # noqa: E731
        iter([pb.BulkIngestArticlesRequest(article=ARTICLE)]), metadata=(("x-api-key", SCORER),)
    )
    assert code_of(stream) == grpc.StatusCode.PERMISSION_DENIED


def test_keys_with_their_scopes_work(keyed: LiveServer) -> None:
    writer = (("x-api-key", WRITER),)
    keyed.stub.IngestArticle(pb.IngestArticleRequest(article=ARTICLE), metadata=writer)
    stats = keyed.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), metadata=(("x-api-key", SCORER),))
    assert stats.article_count == 1


def test_health_and_reflection_stay_open(keyed: LiveServer) -> None:
    health = health_pb2_grpc.HealthStub(keyed.channel)
    assert health.Check(health_pb2.HealthCheckRequest()).status == health_pb2.HealthCheckResponse.SERVING
    from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

    services = ProtoReflectionDescriptorDatabase(keyed.channel).get_services()
    assert "sourcecheck.v1.ScoringService" in services


def test_calls_beyond_the_per_key_limit_are_refused(make_server: Callable[..., LiveServer]) -> None:
    live = make_server(api_keys=KEYS, max_concurrent_per_key=1)
    writer = (("x-api-key", WRITER),)
    release = threading.Event()

    def requests():  # type: ignore[no-untyped-def]
        yield pb.StreamScoreArticlesRequest(article=ARTICLE)
        release.wait(10)

    stream = live.stub.StreamScoreArticles(requests(), metadata=writer)
    next(stream)  # the stream now holds the key's only slot
    try:
        call = lambda: live.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), metadata=writer)  # noqa: E731
        assert code_of(call) == grpc.StatusCode.RESOURCE_EXHAUSTED
    finally:
        release.set()
        list(stream)
    assert live.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), metadata=writer).article_count == 0


def test_refuses_to_serve_open_beyond_loopback() -> None:
    with pytest.raises(ValidationError, match="without API keys"):
        Settings(address="0.0.0.0:50051")
    assert Settings(address="0.0.0.0:50051", allow_open=True).allow_open
    assert Settings(address="0.0.0.0:50051", api_keys=KEYS).api_keys


def test_a_bad_key_entry_is_refused() -> None:
    with pytest.raises(ValidationError, match="scopes"):
        Settings(api_keys=[{"name": "x", "sha256": hash_key("k"), "scopes": ["admin"]}])


def test_metrics_count_calls_by_method_and_code(tmp_path: Path) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    from sourcecheck.server.app import build_server
    from sourcecheck.server.metrics import serve_metrics

    address = f"127.0.0.1:{_free_port()}"
    server = build_server(Settings(address=address, db=str(tmp_path / "m.db")))
    server.start()
    try:
        port = serve_metrics(f"127.0.0.1:{_free_port()}", server.store.counts)
        with grpc.insecure_channel(address) as channel:
            stub = scoring_pb2_grpc.ScoringServiceStub(channel)
            stub.IngestArticle(pb.IngestArticleRequest(article=ARTICLE))
            code_of(lambda: stub.ScoreArticle(pb.ScoreArticleRequest(article=pb.Article(id="x"))))
        text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    finally:
        server.stop(grace=0)
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }

    def value(name: str, method: str, **labels: str) -> float:
        call = {"grpc_type": "unary", "grpc_service": "sourcecheck.v1.ScoringService", "grpc_method": method}
        return samples.get((name, tuple(sorted({**call, **labels}.items()))), 0.0)

    # At least: the registry is the process's, and other tests' servers count in it too.
    assert value("grpc_server_started_total", "IngestArticle") >= 1
    assert value("grpc_server_handled_total", "IngestArticle", grpc_code="OK") >= 1
    assert value("grpc_server_handled_total", "ScoreArticle", grpc_code="InvalidArgument") >= 1
    assert value("grpc_server_handling_seconds_count", "IngestArticle") >= 1
    assert "sourcecheck_corpus_articles 1.0" in text


def _pki(directory: Path) -> None:
    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl(
        "req", "-x509", "-new", *curve, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=ca"
    )
    for name, extension in (
        ("server", "subjectAltName=IP:127.0.0.1"),
        ("client", "extendedKeyUsage=clientAuth"),
    ):
        (directory / f"{name}.ext").write_text(extension + "\n")
        openssl(
            "req", "-new", *curve, "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={name}"
        )
        openssl(
            "x509",
            "-req",
            "-in",
            f"{name}.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            f"{name}.pem",
            "-days",
            "2",
            "-extfile",
            f"{name}.ext",
        )


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test certificates")
def test_mutual_tls(tmp_path: Path) -> None:
    from sourcecheck.server.app import build_server

    _pki(tmp_path)
    address = f"127.0.0.1:{_free_port()}"
    server = build_server(
        Settings(
            address=address,
            db=str(tmp_path / "t.db"),
            tls_cert=str(tmp_path / "server.pem"),
            tls_key=str(tmp_path / "server.key"),
            tls_client_ca=str(tmp_path / "ca.pem"),
        )
    )
    server.start()
    try:
        ca = (tmp_path / "ca.pem").read_bytes()
        good = grpc.ssl_channel_credentials(
            ca, (tmp_path / "client.key").read_bytes(), (tmp_path / "client.pem").read_bytes()
        )
        with grpc.secure_channel(address, good) as channel:
            stats = scoring_pb2_grpc.ScoringServiceStub(channel).GetCorpusStats(
                pb.GetCorpusStatsRequest(), timeout=10
            )
            assert stats.article_count == 0
        with grpc.secure_channel(address, grpc.ssl_channel_credentials(ca)) as channel:
            stub = scoring_pb2_grpc.ScoringServiceStub(channel)
            assert code_of(lambda: stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=10)) == (
                grpc.StatusCode.UNAVAILABLE
            )
    finally:
        server.stop(grace=0)


def test_auth_errors_name_their_reason(keyed: LiveServer) -> None:
    from test_server import error_info

    with pytest.raises(grpc.RpcError) as missing:
        keyed.stub.ScoreArticle(pb.ScoreArticleRequest(article=ARTICLE))
    assert error_info(missing.value) == ("API_KEY_MISSING", {})
    with pytest.raises(grpc.RpcError) as unknown:
        keyed.stub.ScoreArticle(pb.ScoreArticleRequest(article=ARTICLE), metadata=(("x-api-key", "guess"),))
    assert error_info(unknown.value) == ("API_KEY_INVALID", {})
