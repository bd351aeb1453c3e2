"""The `sourcecheck` command in-process (ingest, score, serve errors) and as a real server process."""

from __future__ import annotations

import io
import json
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import grpc
import pytest
import structlog
from grpc_health.v1 import health_pb2, health_pb2_grpc

from sourcecheck import core
from sourcecheck.cli import main
from sourcecheck.engine import PolicyError, load_policy
from sourcecheck.store.codec import load_claim
from sourcecheck.store.sqlite import SqliteStore
from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.v1 import scoring_pb2_grpc

if TYPE_CHECKING:
    from conftest import LiveServer

SEEDS = Path(__file__).resolve().parent / ".." / "seeds"
SEED_001 = SEEDS / "001_3100be0ccc3fa2db.txt"
SEED_001_ID = "dailymail-2024-12-18"
SEED_001_OUTLET = "Daily Mail"
WAIT = 60.0
SERVICE = "sourcecheck.v1.ScoringService"

PLAIN_TEXT = (
    "The city council approved a budget of 40 million dollars for the new Harbour Bridge on Tuesday, "
    "mayor Jane Holt said. Construction will begin in March, according to a council statement.\n"
)


@pytest.fixture(autouse=True)
def _keep_logging_config() -> Iterator[None]:
    """`serve` configures structlog for the process (bound to the captured stderr); undo it after."""
    saved = structlog.get_config()
    yield
    structlog.configure(**saved)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


@pytest.fixture
def ingested(db: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["ingest", str(SEEDS), "--db", db]) == 0
    capsys.readouterr()
    return db


def test_ingest_seeds_folder(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(SEEDS), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "ingested 5 article(s)" in out
    store = SqliteStore(db)
    try:
        articles, claims = store.counts()
        assert articles == 5
        assert f"{claims} claim(s)" in out
        seed = store.get(SEED_001_ID)
        assert seed is not None and seed.outlet == SEED_001_OUTLET
        assert seed.title and seed.title not in seed.body  # the first line is the headline, not body
    finally:
        store.close()


def test_ingest_is_idempotent(ingested: str, capsys: pytest.CaptureFixture[str]) -> None:
    store = SqliteStore(ingested)
    before = store.counts()
    store.close()
    assert main(["ingest", str(SEEDS), "--db", ingested]) == 0
    store = SqliteStore(ingested)
    try:
        assert store.counts() == before
    finally:
        store.close()


def test_score_table(ingested: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(SEED_001), "--db", ingested]) == 0
    out = capsys.readouterr().out
    assert out.startswith(SEED_001_OUTLET)
    assert "policy" in out
    assert f"extractor {core.EXTRACTOR_VERSION}" in out.splitlines()[1]
    assert "score" in out and "source / matching outlets" in out


def test_score_json(ingested: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(SEED_001), "--db", ingested, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["article_id"] == SEED_001_ID
    assert data["policy_version"] == load_policy().version
    assert data["extractor_version"] == core.EXTRACTOR_VERSION
    assert data["claims"]
    body = SEED_001.read_text(encoding="utf-8").split("\n", 1)[1]
    for claim in data["claims"]:
        assert claim["id"] and claim["text"]
        start, end = claim["span"].get("start", 0), claim["span"]["end"]
        assert 0 <= start < end <= len(body)
        for match in claim.get("supporting", []) + claim.get("contradicting", []):
            assert match["outlet"] != SEED_001_OUTLET
            assert match["article_id"] != SEED_001_ID


def test_score_does_not_store(ingested: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(PLAIN_TEXT, encoding="utf-8")
    assert main(["score", str(path), "--db", ingested, "--outlet", "Gazette"]) == 0
    store = SqliteStore(ingested)
    try:
        assert store.counts()[0] == 5
        assert store.get("bridge") is None
    finally:
        store.close()


def test_plain_text_with_outlet_and_id(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(PLAIN_TEXT, encoding="utf-8")
    flags = ["--db", db, "--outlet", "Harbour Gazette", "--id", "bridge-1", "--published", "2024-12-17"]
    assert main(["ingest", str(path), *flags]) == 0
    assert "ingested 1 article(s)" in capsys.readouterr().out
    store = SqliteStore(db)
    try:
        stored = store.get("bridge-1")
        assert stored is not None
        assert (stored.outlet, stored.body) == ("Harbour Gazette", PLAIN_TEXT)
        assert stored.published is not None
    finally:
        store.close()

    assert main(["score", str(path), *flags, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["article_id"] == "bridge-1"
    for claim in data.get("claims", []):
        assert not claim.get("supporting"), "an article never matches itself"

    assert main(["score", str(path), *flags, "--title", "Bridge approved"]) == 0
    assert capsys.readouterr().out.startswith("Harbour Gazette — Bridge approved")


def test_plain_text_id_defaults_to_file_name(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bridge-story.txt"
    path.write_text(PLAIN_TEXT, encoding="utf-8")
    assert main(["score", str(path), "--db", db, "--outlet", "Gazette", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["article_id"] == "bridge-story"


def test_json_article_file(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.json"
    article = {"id": "j1", "outlet": "Courier", "body": PLAIN_TEXT, "published_at": "2024-12-17T10:00:00Z"}
    path.write_text(json.dumps({"article": article}), encoding="utf-8")
    assert main(["ingest", str(path), "--db", db]) == 0
    assert "ingested 1 article(s)" in capsys.readouterr().out
    assert main(["score", str(path), "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["article_id"] == "j1"


@pytest.mark.parametrize("command", ["score", "ingest"])
def test_plain_text_without_outlet_exits_2(
    command: str, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(PLAIN_TEXT, encoding="utf-8")
    assert main([command, str(path), "--db", db]) == 2
    captured = capsys.readouterr()
    assert "missing outlet" in captured.err
    assert "--outlet" in captured.err
    assert str(path) in captured.err
    assert "Traceback" not in captured.err


def test_missing_file_exits_2(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.txt"
    assert main(["score", str(missing), "--db", db, "--outlet", "X"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sourcecheck: ") and "nope.txt" in err


def test_bad_time_flag_exits_2(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(PLAIN_TEXT, encoding="utf-8")
    assert main(["score", str(path), "--db", db, "--outlet", "X", "--published", "last tuesday"]) == 2
    assert "last tuesday" in capsys.readouterr().err


def _bad_policy(tmp_path: Path) -> Path:
    default = Path(__file__).resolve().parent / ".." / "service" / "sourcecheck" / "default_policy.toml"
    text = default.read_text(encoding="utf-8")
    assert "hedge_cost = " in text
    lines = [("hedge_cost = 5" if line.startswith("hedge_cost = ") else line) for line in text.splitlines()]
    path = tmp_path / "bad_policy.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_policy_names_the_bad_field(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as info:
        load_policy(_bad_policy(tmp_path))
    assert "attribution.hedge_cost" in str(info.value)
    assert "bad_policy.toml" in str(info.value)


def test_serve_with_bad_policy_exits_2(
    free_port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = _bad_policy(tmp_path)
    code = main(
        [
            "serve",
            "--address",
            f"127.0.0.1:{free_port}",
            "--db",
            str(tmp_path / "s.db"),
            "--policy",
            str(policy),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "attribution.hedge_cost" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["score", "ingest"])
def test_in_process_bad_policy_exits_2(
    command: str, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, str(SEED_001), "--db", db, "--policy", str(_bad_policy(tmp_path))]) == 2
    assert "attribution.hedge_cost" in capsys.readouterr().err


def test_missing_policy_file_exits_2(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(SEED_001), "--db", db, "--policy", str(tmp_path / "none.toml")]) == 2
    assert "none.toml" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("flags", "named"),
    [
        (["--address", "no-port-here"], "address"),
        (["--workers", "0"], "workers"),
        (["--processes", "0"], "processes"),
        (["--address", "127.0.0.1:0", "--processes", "2"], "processes > 1 share one port"),
    ],
)
def test_serve_with_bad_settings_exits_2(
    flags: list[str], named: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--db", str(tmp_path / "s.db"), *flags]) == 2
    err = capsys.readouterr().err
    assert named in err
    assert "Traceback" not in err


# ------------------------------------------------------------------------------------- extractor versions

OLD_VERSION = "2026.10-3"


def _age(db: str, ids: list[str], version: str = OLD_VERSION) -> None:
    """Make articles look extracted by older rules: another version, and claims without their sources."""
    with sqlite3.connect(db) as conn:
        marks = ",".join("?" * len(ids))
        conn.execute(f"UPDATE articles SET extractor_version = ? WHERE id IN ({marks})", (version, *ids))
        for rowid, data in conn.execute(f"SELECT rowid, data FROM claims WHERE article_id IN ({marks})", ids):
            claim = json.loads(data)
            claim["ch"], claim["o"] = [], ""
            conn.execute("UPDATE claims SET data = ? WHERE rowid = ?", (json.dumps(claim), rowid))
    conn.close()


def _stored(db: str) -> tuple[dict[str, int], dict[str, list[core.Claim]]]:
    """The stored articles per extractor version, and each article's claims in order."""
    with sqlite3.connect(db) as conn:
        versions = dict(
            conn.execute("SELECT extractor_version, COUNT(*) FROM articles GROUP BY extractor_version")
        )
        claims: dict[str, list[core.Claim]] = {}
        for article_id, data in conn.execute("SELECT article_id, data FROM claims ORDER BY rowid"):
            claims.setdefault(article_id, []).append(load_claim(data))
    conn.close()
    return versions, claims


def test_reextract_brings_an_old_corpus_to_the_current_version(
    ingested: str, seed_articles: list[core.Article], capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = {a.id: list(core.extract(a)) for a in seed_articles}
    old_ids = sorted(fresh)[:2]
    _age(ingested, old_ids)
    versions, claims = _stored(ingested)
    assert versions == {core.EXTRACTOR_VERSION: 3, OLD_VERSION: 2}
    assert all(claims[i] != fresh[i] for i in old_ids), "the old reading differs"

    # Any in-process command on the store warns, once, on stderr (stdout stays the command's own).
    assert main(["score", str(SEED_001), "--db", ingested, "--json"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    (warning,) = captured.err.splitlines()
    assert warning.startswith("sourcecheck: warning: 2 stored article(s)")
    assert f"({OLD_VERSION}: 2)" in warning and core.EXTRACTOR_VERSION in warning
    assert "sourcecheck reextract" in warning

    assert main(["reextract", "--db", ingested]) == 0
    out = capsys.readouterr().out
    assert f"{OLD_VERSION}: 2" in out
    expected = sum(len(fresh[i]) for i in old_ids)
    assert f"re-extracted 2 article(s), {expected} claim(s) with extractor {core.EXTRACTOR_VERSION}" in out
    versions, claims = _stored(ingested)
    assert versions == {core.EXTRACTOR_VERSION: 5}
    assert claims == {i: c for i, c in fresh.items() if c}

    assert main(["score", str(SEED_001), "--db", ingested]) == 0
    assert capsys.readouterr().err == "", "no mix, no warning"
    assert main(["reextract", "--db", ingested]) == 0
    assert "re-extracted 0 article(s), 0 claim(s)" in capsys.readouterr().out
    assert main(["reextract", "--db", ingested, "--all", "--batch", "2"]) == 0
    total = sum(len(c) for c in fresh.values())
    assert f"re-extracted 5 article(s), {total} claim(s)" in capsys.readouterr().out
    assert _stored(ingested)[1] == {i: c for i, c in fresh.items() if c}


def test_reextract_needs_a_db(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["reextract"])
    assert info.value.code == 2
    assert "--db" in capsys.readouterr().err


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


def test_cli_against_server_scores_like_in_process(
    server: LiveServer, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(SEEDS), "--server", server.address]) == 0
    assert main(["ingest", str(SEEDS), "--db", db]) == 0
    capsys.readouterr()
    assert main(["score", str(SEED_001), "--server", server.address, "--json"]) == 0
    # The in-process server's log lines share this stdout; the JSON document starts at a lone "{".
    lines = capsys.readouterr().out.splitlines()
    remote = json.loads("\n".join(lines[lines.index("{") :]))
    assert main(["score", str(SEED_001), "--db", db, "--json"]) == 0
    local = json.loads(capsys.readouterr().out)
    assert remote == local


def test_cli_against_unreachable_server_exits_1(
    free_port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["score", str(SEED_001), "--server", f"127.0.0.1:{free_port}", "--timeout", "5"])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("sourcecheck: ")
    assert "UNAVAILABLE" in err or "DEADLINE_EXCEEDED" in err


# --------------------------------------------------------------------------------------- a real process


def _serving(address: str) -> bool:
    with grpc.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        try:
            reply = stub.Check(health_pb2.HealthCheckRequest(service=SERVICE), timeout=2)
        except grpc.RpcError:
            return False
        return reply.status == health_pb2.HealthCheckResponse.SERVING


def _serve_then_sigterm(
    address: str,
    db: str,
    log: Path,
    flags: Sequence[str] = (),
    while_serving: Callable[[], None] | None = None,
) -> tuple[int, str, list[dict[str, object]]]:
    """Run `sourcecheck serve` (with `flags`) until it reports SERVING, run `while_serving`, then SIGTERM
    it: its exit code, its output, and the JSON log events in it."""
    exe = Path(sys.executable).parent / "sourcecheck"
    if not exe.exists():
        pytest.skip("the `sourcecheck` executable is not installed next to this Python")
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(exe), "serve", "--address", address, "--db", db, *flags],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + WAIT
        while not _serving(address):
            assert process.poll() is None, f"server exited early:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"server never reported SERVING:\n{log.read_text()}"
            time.sleep(0.1)
        if while_serving is not None:
            while_serving()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=WAIT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output = log.read_text(encoding="utf-8")
    events = []
    for line in output.splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            continue
    return code, output, events


def test_serve_process_drains_on_sigterm(free_port: int, tmp_path: Path) -> None:
    code, output, events = _serve_then_sigterm(
        f"127.0.0.1:{free_port}", str(tmp_path / "serve.db"), tmp_path / "serve.log"
    )
    assert code == 0, output
    assert {"serving", "draining", "stopped"} <= {e.get("event") for e in events}, output
    assert not [e for e in events if e.get("level") == "warning" and "reextract" in str(e.get("event"))]


def test_serve_process_warns_of_a_version_mix(
    ingested: str, free_port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = sorted(_stored(ingested)[1])
    _age(ingested, ids[:1])
    _age(ingested, ids[1:3], version="")  # stored before versions were recorded
    code, output, events = _serve_then_sigterm(f"127.0.0.1:{free_port}", ingested, tmp_path / "serve.log")
    assert code == 0, output
    (warning,) = [e for e in events if e.get("level") == "warning" and "reextract" in str(e.get("event"))]
    assert warning["extractor_version"] == core.EXTRACTOR_VERSION
    assert warning["stale_extractor_versions"] == {OLD_VERSION: 1, "unknown": 2}
    assert "3 stored article(s)" in str(warning["event"])


def test_explain_names_cues_and_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Police said the driver fled on foot. The road reopened at noon.", encoding="utf-8")
    assert main(["explain", str(path), "--outlet", "Gazette"]) == 0
    out = capsys.readouterr().out
    assert "cue 'said' <- 'Police' (subject-verb)" in out
    assert "ORGANIZATION 'Police'  [rule subject-verb:head-noun]" in out
    assert main(["explain", str(path), "--outlet", "Gazette", "--json"]) == 0
    readings = json.loads(capsys.readouterr().out)
    assert [r["kind"] for r in readings] == ["ORGANIZATION", "UNATTRIBUTED"]
    assert readings[0]["rule"] == "subject-verb:head-noun"


def test_serve_processes_share_the_port_report_all_calls_and_drain(tmp_path: Path) -> None:
    """`serve --processes 2`: two server processes answer on one port, the metrics count the calls of
    both, and SIGTERM drains both (exit 0, no process left)."""
    port, metrics_port = _free_ports(2)
    address = f"127.0.0.1:{port}"
    calls = 12

    def call_and_read_metrics() -> None:
        for _ in range(calls):  # a connection each: the kernel spreads connections over the processes
            with grpc.insecure_channel(address, options=[("grpc.use_local_subchannel_pool", 1)]) as channel:
                stub = scoring_pb2_grpc.ScoringServiceStub(channel)
                assert stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=WAIT).article_count == 0
        page = ""
        deadline = time.monotonic() + WAIT
        # multiprocess mode writes the labels sorted by name
        labels = 'grpc_code="OK",grpc_method="GetCorpusStats",grpc_service="sourcecheck.v1.ScoringService"'
        while f'grpc_server_handled_total{{{labels},grpc_type="unary"}} {calls}.0' not in page:
            assert time.monotonic() < deadline, page
            with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5) as response:
                page = response.read().decode()

    flags = ["--processes", "2", "--metrics-address", f"127.0.0.1:{metrics_port}"]
    code, output, _ = _serve_then_sigterm(
        address, str(tmp_path / "s.db"), tmp_path / "serve.log", flags, call_and_read_metrics
    )
    assert code == 0, output
    # Every line is one JSON object: two processes sharing stderr must not run lines into each other.
    events = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    served = [e for e in events if e.get("event") == "serving" and "processes" not in e]
    assert len(served) == 2, output  # each child reports its own serving
    (parent,) = [e for e in events if e.get("event") == "stopped" and "exit_codes" in e]
    assert parent["exit_codes"] == [0, 0]


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("sourcecheck ") and core.EXTRACTOR_VERSION in out and load_policy().version in out


def test_score_reads_standard_input_and_json_keeps_zero_fields(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PLAIN_TEXT))
    assert main(["score", "-", "--outlet", "Example Times", "--json", "--db", db]) == 0
    claim = json.loads(capsys.readouterr().out)["claims"][0]
    assert (
        claim["corroboration"] == 0 and claim["supporting"] == [] and claim["attribution"]["hedged"] is False
    )


def test_report_to_standard_output(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEED_001), "--db", db, "-o", "-"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!doctype html>") and not Path("-").exists()


def test_ingest_over_the_server_is_one_bulk_stream(
    server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(SEEDS), "--server", server.address]) == 0
    assert "ingested 5 article(s)" in capsys.readouterr().out
    assert server.stub.GetCorpusStats(pb.GetCorpusStatsRequest()).article_count == 5
