"""HTTP/JSON: the grpc-gateway proxy built from the proto's google.api.http annotations, in front
of a real server, called with curl and with a client made from the OpenAPI document."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sourcecheck.server.auth import hash_key
from tests.conftest import ROOT, LiveServer, _free_port

DOCUMENT = ROOT / "docs" / "openapi" / "sourcecheck.swagger.json"
BUILD = ROOT / "gateway" / "build.sh"
TOOLS = ("go", "protoc", "protoc-gen-go", "protoc-gen-grpc-gateway")

STATEMENT = (
    "Police said two men were arrested on Sunday after a crash on the ring road, "
    "according to a statement released by the force."
)
REPORT = "Two men were arrested on Sunday after the crash on the ring road, police said."


def _document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return loaded


def test_openapi_document_validates() -> None:
    # The validator's command, in its own process: it registers OpenAPI 3.1 schemas with jsonschema,
    # which the Swagger 2.0 client below would then try to fetch.
    checked = subprocess.run(
        [sys.executable, "-m", "openapi_spec_validator", "--schema", "2.0", str(DOCUMENT)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip().endswith(": OK")
    document = _document()
    assert set(document["paths"]) == {
        "/v1/articles",
        "/v1/articles/{article}",
        "/v1/articles:ingest",
        "/v1/articles:score",
        "/v1/corpusStats",
    }
    assert document["definitions"]["v1Article"]["required"] == ["id", "outlet", "body"]


@pytest.mark.skipif(
    shutil.which("protoc-gen-swagger") is None, reason="Debian golang-grpc-gateway generates it"
)
def test_openapi_document_is_current(tmp_path: Path) -> None:
    fresh = tmp_path / "doc.json"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_openapi.py"), "--out", str(fresh)], check=True, cwd=ROOT
    )
    assert fresh.read_text(encoding="utf-8") == DOCUMENT.read_text(encoding="utf-8"), (
        "docs/openapi is stale: run python tools/gen_openapi.py"
    )


@pytest.fixture(scope="session")
def gateway_binary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"the gateway builds from Debian's Go packages; missing {', '.join(missing)}")
    out = tmp_path_factory.mktemp("gateway")
    subprocess.run([str(BUILD), str(out)], check=True, cwd=ROOT, capture_output=True)
    return out / "sourcecheck-gateway"


@pytest.fixture
def start_gateway(gateway_binary: Path, tmp_path: Path) -> Iterator[Callable[[LiveServer], str]]:
    """Starts a gateway in front of a live server; returns its base URL. A port taken between the
    choice and the bind makes the gateway exit, and the next free port is tried."""
    started: list[subprocess.Popen[bytes]] = []

    def start(live: LiveServer) -> str:
        for attempt in range(3):
            listen = f"127.0.0.1:{_free_port()}"
            log = tmp_path / f"gateway-{len(started)}-{attempt}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [
                        str(gateway_binary),
                        "--listen",
                        listen,
                        "--server",
                        live.address,
                        "--openapi",
                        str(DOCUMENT),
                    ],
                    stdout=out,
                    stderr=out,
                )
            started.append(process)
            base = f"http://{listen}"
            for _ in range(400):  # until it listens, or exits
                if process.poll() is not None:
                    break
                try:
                    urllib.request.urlopen(base + "/openapi.json", timeout=5).close()
                    return base
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.05)
        raise AssertionError(f"the gateway did not start: {log.read_text(errors='replace')}")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def _curl(*args: str) -> tuple[dict[str, Any], str]:
    """Runs curl; returns the JSON body and the header and trailer text."""
    done = subprocess.run(
        ["curl", "--silent", "--show-error", "--dump-header", "-", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    head, _, rest = done.stdout.partition("\n\n")  # text mode: CRLF read as LF
    body, _, trailers = rest.partition("}Grpc-Trailer")  # curl prints trailers after the body
    return json.loads(body + "}" if trailers else body), head + trailers


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_curl_scores_an_article(server: LiveServer, start_gateway: Callable[[LiveServer], str]) -> None:
    base = start_gateway(server)
    article = {"article": {"id": "http-1", "outlet": "Gazette", "body": STATEMENT}}
    body, head = _curl(
        "-X", "POST", f"{base}/v1/articles:score",
        "-H", "Content-Type: application/json", "-H", "x-request-id: curl-req-1",
        "--data", json.dumps(article),
    )  # fmt: skip
    assert head.startswith("HTTP/1.1 200")
    assert body["article_id"] == "http-1"
    claim = body["claims"][0]
    assert claim["attribution"]["kind"] == "SOURCE_KIND_ORGANIZATION"
    assert 1 <= claim["level"] <= 5
    # Zero values are written, with the proto's own field names.
    assert (
        claim["supporting"] == [] and claim["corroboration"] == 0 and claim["attribution"]["hedged"] is False
    )
    assert body["json_ld"] == ""
    assert "\nX-Request-Id: curl-req-1\n" in head  # the caller's request id comes back as a header
    _, made = _curl(f"{base}/v1/corpusStats")
    assert re.search(r"\nX-Request-Id: [0-9a-f]{32}\n", made)  # one the gateway made, without one
    served, _ = _curl(f"{base}/openapi.json")
    assert served == _document()


def test_errors_carry_status_and_details(
    server: LiveServer, start_gateway: Callable[[LiveServer], str]
) -> None:
    base = start_gateway(server)
    missing, head = _curl(f"{base}/v1/articles/never-stored")
    assert head.startswith("HTTP/1.1 404")
    assert missing["code"] == 5
    assert missing["details"][0]["reason"] == "ARTICLE_NOT_FOUND"
    bad, head = _curl("-X", "POST", f"{base}/v1/articles:score", "--data", '{"article": {"outlet": "x"}}')
    assert head.startswith("HTTP/1.1 400")
    violations = next(d for d in bad["details"] if d["@type"].endswith("BadRequest"))["field_violations"]
    assert {v["field"] for v in violations} == {"article.id", "article.body"}


def test_api_key_header_reaches_the_server(
    make_server: Callable[..., LiveServer], start_gateway: Callable[[LiveServer], str]
) -> None:
    keys = [{"name": "cms", "sha256": hash_key("cms-secret"), "scopes": ["score"]}]
    base = start_gateway(make_server(api_keys=keys))
    _, refused = _curl(f"{base}/v1/corpusStats")
    assert refused.startswith("HTTP/1.1 401")
    stats, allowed = _curl("-H", "x-api-key: cms-secret", f"{base}/v1/corpusStats")
    assert allowed.startswith("HTTP/1.1 200") and stats["article_count"] == "0"  # int64 is a JSON string


# bravado uses jsonschema's RefResolver, deprecated since jsonschema 4.18; it still works.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_client_made_from_the_openapi_document(
    server: LiveServer, start_gateway: Callable[[LiveServer], str]
) -> None:
    from bravado.client import SwaggerClient
    from bravado.exception import HTTPNotFound

    base = start_gateway(server)
    document = _document()
    document["host"] = base.removeprefix("http://")
    document["schemes"] = ["http"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bravado-core's note on spec flattening
        api = SwaggerClient.from_spec(
            document, config={"use_models": False, "validate_responses": True, "validate_requests": True}
        ).ScoringService

    stored = api.IngestArticle(
        body={"article": {"id": "wire-1", "outlet": "Wire", "body": STATEMENT}}
    ).response()
    assert stored.result == {"article_id": "wire-1", "claim_count": 1, "replaced": False}
    scored = api.ScoreArticle(
        body={"article": {"id": "paper-1", "outlet": "Paper", "body": REPORT}}
    ).response()
    claim = scored.result["claims"][0]
    assert [m["article_id"] for m in claim["supporting"]] == ["wire-1"]
    assert api.GetArticle(article="wire-1").response().result["name"] == "articles/wire-1"
    page = api.ListArticles(page_size=10).response().result
    assert [a["id"] for a in page["articles"]] == ["wire-1"] and page["next_page_token"] == ""
    assert api.GetCorpusStats().response().result["article_count"] == 1
    assert api.DeleteArticle(article="wire-1").response().result == {"deleted": True}
    with pytest.raises(HTTPNotFound):
        api.GetArticle(article="wire-1").response()


def test_traceparent_header_continues_the_callers_trace(
    make_server: Callable[..., LiveServer], start_gateway: Callable[[LiveServer], str]
) -> None:
    """A CMS that traces its HTTP call sees the server's span as the child of its own."""
    sdk = pytest.importorskip("opentelemetry.sdk.trace")
    pytest.importorskip("opentelemetry.instrumentation.grpc")
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from sourcecheck.server import tracing

    exporter = InMemorySpanExporter()
    provider = sdk.TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use(provider)
    try:
        base = start_gateway(make_server(otel_tracing=True))
        trace_id, parent_id = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
        _, head = _curl("-H", f"traceparent: 00-{trace_id}-{parent_id}-01", f"{base}/v1/corpusStats")
        assert head.startswith("HTTP/1.1 200")
        (span,) = [s for s in exporter.get_finished_spans() if s.name.endswith("/GetCorpusStats")]
        assert span.context is not None and format(span.context.trace_id, "032x") == trace_id
        assert span.parent is not None and format(span.parent.span_id, "016x") == parent_id
    finally:
        tracing.use(None)
        provider.shutdown()
