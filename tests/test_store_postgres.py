"""What only the PostgreSQL store has to get right: migrations shared by replicas, many writers at once,
outages (UNAVAILABLE, then recovery without a restart), and passwords kept out of messages and logs.

Outages go through a TCP relay in front of the real server, which the test can cut (every connection
reset, new ones refused, as when the server is down) and restore, leaving the server itself alone.
Needs $SOURCECHECK_TEST_POSTGRES_URL (tests/pg_cluster.sh); skipped without it.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote, urlsplit

import grpc
import psycopg
import pytest
import structlog

from sourcecheck import convert, core
from sourcecheck.engine import Engine, load_policy
from sourcecheck.store import StoreError, StoreUnavailable, open_store
from sourcecheck.store.postgres import MIGRATIONS, PostgresStore
from sourcecheck.store.sqlite import SqliteStore
from sourcecheck.v1 import scoring_pb2 as pb

if TYPE_CHECKING:
    from conftest import LiveServer

T = TypeVar("T")
WAIT = 60.0  # bound on every wait for recovery, never an assertion about speed
PASSWORD = "s3cret-never-logged"
DAY = 86400
T0 = 1_733_400_000

BRIDGE = (
    "The city council approved a budget of 40 million dollars for the new Harbour Bridge on Tuesday, "
    "mayor Jane Holt said. Construction crews from Northgate Engineering will begin work in March, "
    "according to a council statement."
)
BRIDGE_ECHO = (
    "Mayor Jane Holt said the city council approved a budget of 40 million dollars for the new Harbour "
    "Bridge on Tuesday. Residents have long complained about traffic on the old crossing."
)
UNRELATED = (
    "A rare orchid bloomed at the botanical garden in Lindenfeld for the first time in twelve years, "
    "curator Tomas Berg said. Visitors queued outside the glasshouse on Sunday."
)


def article(id: str, outlet: str, body: str, published: int | None = T0) -> core.Article:
    return core.Article(id=id, outlet=outlet, body=body, published=published)


def put(store: PostgresStore, item: core.Article) -> bool:
    return store.put(item, core.extract(item))


def numbered(index: int) -> core.Article:
    body = (
        f"The council of district {index} approved a budget of {index + 100} thousand dollars for "
        f"road repairs, mayor Anna Kowal{index} said on Tuesday. "
        f"Work will start within {index % 12 + 1} weeks, according to a council statement."
    )
    return article(f"n{index}", f"Outlet {index % 7}", body, published=T0 + index)


def eventually(call: Callable[[], T], within: float = WAIT) -> T:
    """`call`'s result once it stops raising StoreUnavailable (or its last error, after `within` seconds)."""
    deadline = time.monotonic() + within
    while True:
        try:
            return call()
        except StoreUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Relay:
    """A TCP relay to the database that can be cut (connections reset, new ones refused) and restored."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self.port = _free_port()
        # Always with a password, which messages and logs must not show: the server's own if it needs
        # one, else a made-up one (a server that trusts local users never asks for it).
        raw_password = parts.password or PASSWORD  # as written in the URL (percent-encoded)
        self.password = unquote(raw_password)
        self.url = parts._replace(
            netloc=f"{parts.username or ''}:{raw_password}@127.0.0.1:{self.port}"
        ).geturl()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stop = threading.Event()
        self._accepting: threading.Thread | None = None

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self._listener = listener
        self._stop.clear()
        self._accepting = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._accepting.start()

    def down(self) -> None:
        """As if the server went away: refuse new connections, reset the open ones."""
        self._stop.set()
        if self._accepting is not None:
            self._accepting.join()
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            doomed = list(self._sockets)
            self._sockets.clear()
        for sock in doomed:
            _close(sock)

    def _accept(self, listener: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            _close(source)
            _close(sink)
            with self._lock:
                self._sockets.discard(source)
                self._sockets.discard(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


@pytest.fixture
def relay(postgres_url: str) -> Iterator[Relay]:
    opened = Relay(postgres_url)
    opened.up()
    yield opened
    opened.down()


@pytest.fixture
def store(postgres_url: str) -> Iterator[PostgresStore]:
    opened = PostgresStore(postgres_url)
    yield opened
    opened.close()


def versions(url: str) -> list[int]:
    with psycopg.connect(url) as conn:
        return [row[0] for row in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]


# ------------------------------------------------------------------------------------- opening, migrations


def test_open_store_picks_postgres_for_both_schemes(postgres_url: str) -> None:
    for url in (postgres_url, "postgres://" + postgres_url.split("://", 1)[1]):
        opened = open_store(url)
        try:
            assert isinstance(opened, PostgresStore)
            assert opened.check()
        finally:
            opened.close()


def test_migrations_are_recorded_once_and_reopening_keeps_data(postgres_url: str) -> None:
    first = PostgresStore(postgres_url)
    stored = article("a1", "Gazette", BRIDGE)
    put(first, stored)
    first.close()
    assert versions(postgres_url) == list(range(1, len(MIGRATIONS) + 1))
    again = PostgresStore(postgres_url)
    try:
        assert versions(postgres_url) == list(range(1, len(MIGRATIONS) + 1))
        assert again.get("a1") == stored
        assert again.check()
    finally:
        again.close()


def test_replicas_starting_together_migrate_once(postgres_url: str) -> None:
    replicas = 6
    barrier = threading.Barrier(replicas)

    def start() -> PostgresStore:
        barrier.wait(timeout=WAIT)
        return PostgresStore(postgres_url)

    with ThreadPoolExecutor(max_workers=replicas) as pool:
        stores = list(pool.map(lambda _: start(), range(replicas)))
    try:
        assert versions(postgres_url) == list(range(1, len(MIGRATIONS) + 1))
        put(stores[0], article("a1", "Gazette", BRIDGE))
        assert all(s.counts()[0] == 1 and s.check() for s in stores)
    finally:
        for opened in stores:
            opened.close()


def test_a_newer_schema_is_refused(postgres_url: str) -> None:
    PostgresStore(postgres_url).close()
    with psycopg.connect(postgres_url) as conn:
        conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (len(MIGRATIONS) + 1,))
    with pytest.raises(StoreError, match="schema version") as info:
        PostgresStore(postgres_url)
    assert not isinstance(info.value, StoreUnavailable), "retrying will not help"


def test_a_malformed_url_is_refused_without_echoing_it() -> None:
    with pytest.raises(StoreError) as info:
        open_store("postgresql://someone:pass word@127.0.0.1/db")
    assert "pass word" not in str(info.value)


def test_an_unreachable_server_at_start_is_unavailable_and_no_password_is_shown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"postgresql://someone:{PASSWORD}@127.0.0.1:{_free_port()}/nothing"
    with caplog.at_level(logging.DEBUG), pytest.raises(StoreUnavailable) as info:
        PostgresStore(url, timeout=1)
    assert "127.0.0.1" in str(info.value)
    assert PASSWORD not in str(info.value)
    assert PASSWORD not in caplog.text


# ------------------------------------------------------------------------------------------ integrity check


def test_check_finds_each_kind_of_damage(store: PostgresStore, postgres_url: str) -> None:
    put(store, article("a1", "Gazette", BRIDGE))
    put(store, article("b1", "Courier", BRIDGE_ECHO))
    store.delete("b1")
    assert store.check()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        # A claim that disagrees with its article about the outlet (retrieval filters on the claim's).
        conn.execute("UPDATE claims SET outlet = 'Elsewhere' WHERE id = (SELECT min(id) FROM claims)")
        assert not store.check()
        conn.execute("UPDATE claims SET outlet = 'Gazette'")
        assert store.check()
        # A document frequency that has drifted from the index.
        conn.execute("UPDATE term_df SET n = n + 1 WHERE term = (SELECT min(term) FROM claim_terms)")
        assert not store.check()
        conn.execute("UPDATE term_df SET n = n - 1 WHERE term = (SELECT min(term) FROM claim_terms)")
        assert store.check()
        # Orphans, which need the constraints gone (they exist to make orphans impossible).
        conn.execute("ALTER TABLE claim_terms DROP CONSTRAINT claim_terms_claim_id_fkey")
        conn.execute("INSERT INTO claim_terms (term, claim_id) VALUES ('ghost', -1)")
        conn.execute("INSERT INTO term_df (term, n) VALUES ('ghost', 1)")
        assert not store.check()
        conn.execute("DELETE FROM claim_terms WHERE claim_id = -1")
        conn.execute("DELETE FROM term_df WHERE term = 'ghost'")
        assert store.check()
        conn.execute("ALTER TABLE claims DROP CONSTRAINT claims_article_id_fkey")
        conn.execute("DELETE FROM articles")
        assert not store.check()


# ------------------------------------------------------------------------------------------------ concurrency


def test_concurrent_ingest_and_score_lose_nothing(store: PostgresStore) -> None:
    engine = Engine(store, load_policy())
    items = [numbered(i) for i in range(150)]
    probes = [numbered(1000 + i) for i in range(4)]
    writing = threading.Event()
    writing.set()

    def score(probe: core.Article) -> int:
        rounds = 0
        while True:  # at least once, then until the writers are done
            assert len(engine.score(probe)) == len(core.extract(probe))
            rounds += 1
            if not writing.is_set():
                return rounds

    with ThreadPoolExecutor(max_workers=len(probes)) as readers:
        reading = [readers.submit(score, probe) for probe in probes]
        try:
            with ThreadPoolExecutor(max_workers=12) as writers:
                done = list(writers.map(engine.ingest, items))
        finally:
            writing.clear()
        scored = [future.result(timeout=WAIT) for future in reading]
    assert all(rounds > 0 for rounds in scored)
    assert [d.replaced for d in done] == [False] * len(items)
    assert store.counts() == (len(items), sum(d.claim_count for d in done))
    assert all(store.get(a.id) == a for a in items)
    assert store.check()
    # What the writers stored is found again: every probe has corroboration from other outlets.
    for probe in probes:
        found = store.candidates(core.extract(probe), probe.outlet, probe.published, 30, 50)
        assert any(group for group in found.values())


def test_concurrent_replacements_of_one_article_leave_exactly_one(store: PostgresStore) -> None:
    writers = 16
    versions_of = [
        article("same", f"Outlet {i}", (BRIDGE, BRIDGE_ECHO, UNRELATED)[i % 3]) for i in range(writers)
    ]
    barrier = threading.Barrier(writers)

    def write(item: core.Article) -> bool:
        claims = core.extract(item)
        barrier.wait(timeout=WAIT)
        return store.put(item, claims)

    with ThreadPoolExecutor(max_workers=writers) as pool:
        replaced = list(pool.map(write, versions_of))
    assert sorted(replaced) == [False] + [True] * (writers - 1), "one created it, every other replaced it"
    kept = store.get("same")
    assert kept in versions_of
    assert kept is not None
    assert store.counts() == (1, len(core.extract(kept)))
    assert store.check()


# ----------------------------------------------------------------------------------------- outage, recovery


def test_terminated_connections_are_replaced_without_failing_a_call(
    postgres_url: str, postgres_admin_url: str
) -> None:
    # Six idle connections in the pool, all about to die together, as in a server restart.
    store = PostgresStore(postgres_url, min_size=6)
    put(store, article("a1", "Gazette", BRIDGE))
    database = urlsplit(postgres_url).path.lstrip("/")
    with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchone()
        assert killed == (6,)
        while admin.execute(  # pg_terminate_backend only signals; wait until they have gone
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchone() != (0,):
            time.sleep(0.05)
    try:
        assert store.counts()[0] == 1  # the first call after, not a retry
        assert put(store, article("a1", "Gazette", BRIDGE_ECHO)) is True
        assert store.check()
    finally:
        store.close()


def test_an_outage_is_unavailable_then_calls_work_again(
    relay: Relay, postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    store = PostgresStore(relay.url, timeout=1)
    try:
        stored = article("a1", "Gazette", BRIDGE)
        probe = core.extract(article("probe", "Courier", BRIDGE_ECHO))
        put(store, stored)
        calls: dict[str, Callable[[], Any]] = {
            "put": lambda: put(store, article("b1", "Herald", BRIDGE_ECHO)),
            "get": lambda: store.get("a1"),
            "delete": lambda: store.delete("nothing"),
            "candidates": lambda: store.candidates(probe, "Courier", T0, 30, 50),
            "counts": store.counts,
            "check": store.check,
        }
        with caplog.at_level(logging.DEBUG):
            relay.down()
            for name, call in calls.items():
                with pytest.raises(StoreUnavailable) as info:
                    call()
                assert relay.password not in str(info.value), name
            relay.up()
            assert eventually(store.counts) == (1, len(core.extract(stored)))
        assert relay.password not in caplog.text
        assert store.get("a1") == stored
        assert [group for group in store.candidates(probe, "Courier", T0, 30, 50).values() if group]
        assert put(store, article("b1", "Herald", BRIDGE_ECHO)) is False, (
            "the put during the outage did not land"
        )
        assert store.delete("b1") is True
        assert store.check()
    finally:
        store.close()


def test_a_closed_store_is_unavailable(store: PostgresStore) -> None:
    store.close()
    with pytest.raises(StoreUnavailable):
        store.counts()
    store.close()


# ---------------------------------------------------------------------------------------------- over gRPC


def test_server_answers_unavailable_while_the_database_is_down_and_ok_after(
    relay: Relay, make_server: Callable[..., LiveServer]
) -> None:
    live = make_server(db=relay.url)
    stored = article("a1", "Gazette", BRIDGE)
    reply = live.stub.IngestArticle(
        pb.IngestArticleRequest(article=convert.article_to_pb(stored)), timeout=WAIT
    )
    assert reply.claim_count > 0
    probe = pb.ScoreArticleRequest(article=convert.article_to_pb(article("p1", "Courier", BRIDGE_ECHO)))
    assert live.stub.ScoreArticle(probe, timeout=WAIT).claims

    with structlog.testing.capture_logs() as logs:
        relay.down()
        for call in (
            lambda: live.stub.ScoreArticle(probe, timeout=WAIT),
            lambda: live.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=WAIT),
        ):
            with pytest.raises(grpc.RpcError) as info:
                call()
            assert info.value.code() == grpc.StatusCode.UNAVAILABLE, info.value.details()
            assert relay.password not in (info.value.details() or "")
    assert logs, "the outage is logged"
    assert relay.password not in repr(logs)

    relay.up()
    deadline = time.monotonic() + WAIT
    while True:
        try:
            stats = live.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=WAIT)
            break
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.UNAVAILABLE, error.details()
            assert time.monotonic() < deadline, "no recovery"
            time.sleep(0.2)
    assert stats.article_count == 1
    assert live.stub.ScoreArticle(probe, timeout=WAIT).claims
    again = live.stub.IngestArticle(
        pb.IngestArticleRequest(article=convert.article_to_pb(stored)), timeout=WAIT
    )
    assert again.replaced


def test_text_postgresql_cannot_store_is_refused_as_invalid(
    make_server: Callable[..., LiveServer], postgres_url: str
) -> None:
    # PostgreSQL text cannot hold NUL; the request is at fault, so INVALID_ARGUMENT, not INTERNAL.
    live = make_server(db=postgres_url)
    for field in ("title", "url", "language"):
        message = convert.article_to_pb(article("a1", "Gazette", BRIDGE))
        setattr(message, field, "x\x00y")
        with pytest.raises(grpc.RpcError) as info:
            live.stub.IngestArticle(pb.IngestArticleRequest(article=message), timeout=WAIT)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT, (field, info.value.details())


# --------------------------------------------------------------------------------------- parity with SQLite


def test_scores_are_the_same_as_over_sqlite(
    seed_articles: list[core.Article], postgres_url: str, tmp_path: Path
) -> None:
    corpus = [
        *seed_articles,
        article("b1", "Courier", BRIDGE_ECHO),
        article("b2", "Herald", BRIDGE, published=T0 + 3 * DAY),
        article("b3", "Tribune", BRIDGE_ECHO, published=None),
        article("o1", "Courier", UNRELATED),
        *(numbered(i) for i in range(20)),
    ]
    postgres = PostgresStore(postgres_url)
    sqlite = SqliteStore(str(tmp_path / "parity.db"))
    try:
        engines = [Engine(s, load_policy()) for s in (postgres, sqlite)]
        for engine in engines:
            for item in corpus:
                engine.ingest(item)
            engine.ingest(article("b1", "Courier", UNRELATED))  # replaced
            engine.store.delete("o1")
            engine.store.delete(numbered(19).id)  # the newest claims: SQLite will reuse their rowids
            engine.ingest(numbered(21))
        assert postgres.counts() == sqlite.counts()
        probes = [
            *seed_articles,
            article("p1", "Gazette", BRIDGE),
            numbered(500),
            article("p2", "X", BRIDGE, None),
        ]
        for probe in probes:
            claims = core.extract(probe)
            # The same candidates in the same order, also when the limit cuts through a tie.
            for per_claim in (50, 3):
                found = [
                    s.candidates(claims, probe.outlet, probe.published, 30, per_claim)
                    for s in (postgres, sqlite)
                ]
                assert found[0] == found[1], (probe.id, per_claim)
            pg_scores, sqlite_scores = (engine.score(probe) for engine in engines)
            assert pg_scores == sqlite_scores, probe.id
    finally:
        postgres.close()
        sqlite.close()
