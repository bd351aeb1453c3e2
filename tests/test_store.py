"""Both stores, SQLite over a real file and PostgreSQL over a database of its own (when
$SOURCECHECK_TEST_POSTGRES_URL names a server): round trips, replacement, candidate retrieval,
concurrency, durability, extractor versions and re-extraction."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
import structlog

from sourcecheck import core
from sourcecheck.cli import main
from sourcecheck.engine import Reextracted, reextract, stale_versions, version_mix_warning
from sourcecheck.store import UNKNOWN_VERSION, Store, open_store
from sourcecheck.store import postgres as postgres_store
from sourcecheck.store import sqlite as sqlite_store
from sourcecheck.store.codec import dump_claim, index_terms, load_claim
from sourcecheck.v1 import scoring_pb2 as pb

if TYPE_CHECKING:
    from conftest import LiveServer

DAY = 86400
T0 = 1_733_400_000  # early December 2024

BRIDGE = (
    "The city council approved a budget of 40 million dollars for the new Harbour Bridge on Tuesday, "
    "mayor Jane Holt said. Construction crews from Northgate Engineering will begin work in March, "
    "according to a council statement."
)
BRIDGE_ECHO = (
    "Mayor Jane Holt said the city council approved a budget of 40 million dollars for the new Harbour "
    "Bridge on Tuesday. Residents have long complained about traffic on the old crossing."
)
# The bridge claim again, less exactly: it shares most of its terms with BRIDGE, not all.
BRIDGE_LOOSE = "Mayor Jane Holt said the council approved the budget for the new Harbour Bridge."
UNRELATED = (
    "A rare orchid bloomed at the botanical garden in Lindenfeld for the first time in twelve years, "
    "curator Tomas Berg said. Visitors queued outside the glasshouse on Sunday."
)


def article(id: str, outlet: str, body: str, published: int | None = T0, **extra: str) -> core.Article:
    return core.Article(id=id, outlet=outlet, body=body, published=published, **extra)


def put(store: Store, item: core.Article) -> tuple[bool, int]:
    claims = core.extract(item)
    return store.put(item, claims), len(claims)


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store lives: a fresh SQLite file, or a fresh PostgreSQL database (skipped without one)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    opened = open_store(location)
    yield opened
    opened.close()


def test_own_articles_have_claims() -> None:
    # The fixtures below rely on the extractor finding claims in these bodies.
    for body in (BRIDGE, BRIDGE_ECHO, BRIDGE_LOOSE, UNRELATED):
        claims = core.extract(article("x", "X", body))
        assert claims, body
        for claim in claims:
            assert body[claim.span.start : claim.span.end].strip()


def test_empty_store(store: Store) -> None:
    assert store.counts() == (0, 0)
    assert store.get("nothing") is None
    assert store.delete("nothing") is False
    assert store.check()


def test_list_after_pages_by_id(store: Store) -> None:
    for key in ("b2", "a1", "c3", "a10"):
        put(store, article(key, "Gazette", BRIDGE))
    assert [a.id for a in store.list_after("", 2)] == ["a1", "a10"]
    assert [a.id for a in store.list_after("a10", 2)] == ["b2", "c3"]
    assert store.list_after("c3", 2) == []


def test_put_get_round_trip(store: Store) -> None:
    original = article(
        "a1", "Gazette", BRIDGE, title="Bridge approved", url="https://example.test/a1", language="en-GB"
    )
    replaced, claim_count = put(store, original)
    assert replaced is False
    assert store.get("a1") == original
    assert store.counts() == (1, claim_count)


def test_round_trip_keeps_unicode_and_missing_time(store: Store) -> None:
    body = "Bürgermeisterin Jana Hölt sagte, die Brücke koste 40 Millionen. 😀 Emoji stay intact."
    original = article("ü-1", "Zeitung für Alle", body, published=None)
    put(store, original)
    assert store.get("ü-1") == original


def test_re_put_same_id_replaces(store: Store) -> None:
    first = article("a1", "Gazette", BRIDGE)
    _, claims = put(store, first)
    before = store.counts()
    assert before == (1, claims)
    replaced, claims_again = put(store, first)
    assert replaced is True
    assert store.counts() == before
    assert claims_again == claims

    changed = article("a1", "Gazette", UNRELATED)
    replaced, new_claims = put(store, changed)
    assert replaced is True
    assert store.counts() == (1, new_claims)
    assert store.get("a1") == changed


def test_delete_removes_article_and_claims(store: Store) -> None:
    put(store, article("a1", "Gazette", BRIDGE))
    _, kept = put(store, article("b1", "Courier", UNRELATED))
    assert store.delete("a1") is True
    assert store.get("a1") is None
    assert store.counts() == (1, kept)
    assert store.delete("a1") is False
    assert store.check()


def _candidate_ids(store: Store, item: core.Article, window_days: int = 30) -> set[str]:
    claims = core.extract(item)
    found = store.candidates(claims, item.outlet, item.published, window_days, 50)
    assert set(found) == {c.id for c in claims}, "one entry per claim id"
    return {c.article_id for group in found.values() for c in group}


def test_candidates_find_near_identical_claim_of_another_outlet(store: Store) -> None:
    put(store, article("other", "Courier", BRIDGE_ECHO))
    put(store, article("noise", "Herald", UNRELATED))
    probe = article("probe", "Gazette", BRIDGE)
    claims = core.extract(probe)
    found = store.candidates(claims, probe.outlet, probe.published, 30, 50)
    hits = [c for group in found.values() for c in group]
    assert any(c.article_id == "other" and c.outlet == "Courier" for c in hits)
    for corpus_claim in hits:
        stored = store.get(corpus_claim.article_id)
        assert stored is not None
        assert corpus_claim.outlet == stored.outlet
        assert corpus_claim.published == stored.published
        span = corpus_claim.claim.span
        assert stored.body[span.start : span.end] == corpus_claim.claim.text


def test_candidates_exclude_same_outlet(store: Store) -> None:
    put(store, article("same", "Gazette", BRIDGE_ECHO))
    assert "same" not in _candidate_ids(store, article("probe", "Gazette", BRIDGE))
    put(store, article("other", "Courier", BRIDGE_ECHO))
    assert _candidate_ids(store, article("probe", "Gazette", BRIDGE)) == {"other"}


def test_candidates_exclude_articles_outside_the_window(store: Store) -> None:
    put(store, article("old", "Courier", BRIDGE_ECHO, published=T0 - 90 * DAY))
    put(store, article("late", "Herald", BRIDGE_ECHO, published=T0 + 90 * DAY))
    put(store, article("near", "Tribune", BRIDGE_ECHO, published=T0 + 2 * DAY))
    found = _candidate_ids(store, article("probe", "Gazette", BRIDGE), window_days=30)
    assert "near" in found
    assert "old" not in found
    assert "late" not in found
    # An article without a time is never excluded by the window, and a probe without one sees everything.
    put(store, article("undated", "Ledger", BRIDGE_ECHO, published=None))
    assert "undated" in _candidate_ids(store, article("probe", "Gazette", BRIDGE), window_days=30)
    assert {"old", "late", "near", "undated"} <= _candidate_ids(
        store, article("probe", "Gazette", BRIDGE, published=None)
    )


def test_candidates_of_deleted_article_are_gone(store: Store) -> None:
    put(store, article("other", "Courier", BRIDGE_ECHO))
    store.delete("other")
    assert _candidate_ids(store, article("probe", "Gazette", BRIDGE)) == set()


def _numbered(index: int) -> core.Article:
    body = (
        f"The council of district {index} approved a budget of {index + 100} thousand dollars for "
        f"road repairs, mayor Anna Kowal{index} said on Tuesday. "
        f"Work will start within {index % 12 + 1} weeks, according to a council statement."
    )
    return article(f"n{index}", f"Outlet {index % 7}", body, published=T0 + index)


def test_concurrent_puts_lose_nothing_and_reads_do_not_fail(store: Store) -> None:
    items = [_numbered(i) for i in range(200)]
    claims = {a.id: core.extract(a) for a in items}
    expected_claims = sum(len(c) for c in claims.values())
    assert expected_claims >= len(items)
    probe = _numbered(999)
    probe_claims = core.extract(probe)
    writing = threading.Event()
    writing.set()
    read_errors: list[BaseException] = []
    reads = 0

    def write(item: core.Article) -> bool:
        return store.put(item, claims[item.id])

    def read() -> None:
        nonlocal reads
        try:
            while True:  # at least once, then until the writers are done
                store.candidates(probe_claims, probe.outlet, probe.published, 30, 50)
                store.counts()
                reads += 1
                if not writing.is_set():
                    break
        except BaseException as error:  # reported below
            read_errors.append(error)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            replaced = list(pool.map(write, items))
    finally:
        writing.clear()
        for reader in readers:
            reader.join()
    assert not read_errors, read_errors
    assert reads > 0
    assert replaced == [False] * len(items)
    assert store.counts() == (len(items), expected_claims)
    assert all(store.get(a.id) == a for a in items)
    found = store.candidates(probe_claims, probe.outlet, probe.published, 30, 50)
    assert any(group for group in found.values()), "the probe shares terms with the stored articles"
    assert store.check()


def test_integrity_check_passes_after_mixed_writes(store: Store) -> None:
    for index in range(20):
        put(store, _numbered(index))
    for index in range(0, 20, 3):
        store.delete(f"n{index}")
    for index in range(0, 20, 2):
        put(store, _numbered(index))
    assert store.check()


def test_store_survives_reopen(location: str) -> None:
    first = open_store(location)
    stored = article("a1", "Gazette", BRIDGE)
    _, claim_count = put(first, stored)
    put(first, article("b1", "Courier", BRIDGE_ECHO))
    first.delete("b1")
    first.close()

    again = open_store(location)
    try:
        assert again.counts() == (1, claim_count)
        assert again.get("a1") == stored
        assert again.get("b1") is None
        assert again.check()
        put(again, article("c1", "Courier", BRIDGE_ECHO))
        assert _candidate_ids(again, article("probe", "Herald", BRIDGE)) >= {"a1", "c1"}
    finally:
        again.close()


def test_store_written_from_another_thread_survives_reopen(location: str) -> None:
    # close() runs on the calling thread; a write made on another thread must still be durable.
    first = open_store(location)
    stored = article("a1", "Gazette", BRIDGE)
    worker = threading.Thread(target=put, args=(first, stored))
    worker.start()
    worker.join()
    first.close()
    again = open_store(location)
    try:
        assert again.get("a1") == stored
    finally:
        again.close()


def _crowd(store: Store, outlet: str, count: int, published: int | None = T0) -> None:
    """Many stored claims that share more terms with the probe than BRIDGE_LOOSE does (its own sentence)."""
    for index in range(count):
        item = article(f"crowd-{outlet}-{index}", outlet, BRIDGE, published=published)
        store.put(item, core.extract(item))


def test_same_outlet_claims_do_not_crowd_out_other_outlets(store: Store) -> None:
    # The probe's own outlet has covered the story many times; another outlet once.
    _crowd(store, "Gazette", 250)
    put(store, article("other", "Courier", BRIDGE_LOOSE))
    assert "other" in _candidate_ids(store, article("probe", "Gazette", BRIDGE))


def test_out_of_window_claims_do_not_crowd_out_recent_ones(store: Store) -> None:
    # Years of older coverage of the same story must not hide this week's.
    _crowd(store, "Archive", 250, published=T0 - 400 * DAY)
    put(store, article("recent", "Courier", BRIDGE_LOOSE, published=T0 + DAY))
    assert "recent" in _candidate_ids(store, article("probe", "Gazette", BRIDGE))


# ---------------------------------------------------------------------------------- extractor versions

OLD_VERSION = "2026.10-3"


def is_postgres(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def query(location: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of one statement run on the store's database directly (`?` placeholders, as SQLite's)."""
    if is_postgres(location):
        with psycopg.connect(location, autocommit=True) as pg:
            cursor = pg.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []
    conn = sqlite3.connect(location, isolation_level=None)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def stored_claims(location: str, article_id: str) -> list[core.Claim]:
    """An article's stored claims, in their order."""
    claims = [
        load_claim(data)
        for (data,) in query(location, "SELECT data FROM claims WHERE article_id = ?", (article_id,))
    ]
    return sorted(claims, key=lambda claim: int(claim.id.removeprefix("c")))


def assert_index_exact(location: str) -> None:
    """term_df counts exactly the claims that hold each term (the PostgreSQL check does so too)."""
    df = {term: n for term, n in query(location, "SELECT term, n FROM term_df") if n}
    held = dict(query(location, "SELECT term, COUNT(*) FROM claim_terms GROUP BY term"))
    assert df == held


def old_claims(item: core.Article) -> tuple[core.Claim, ...]:
    """What older rules might have read: the same sentences, no sources."""
    return tuple(replace(c, attribution=core.Attribution(), origin_key="") for c in core.extract(item))


def test_a_stored_article_records_the_extractor_version(store: Store) -> None:
    assert store.extractor_versions() == {}
    put(store, article("a1", "Gazette", BRIDGE))
    assert store.extractor_versions() == {core.EXTRACTOR_VERSION: 1}
    older = article("b1", "Courier", BRIDGE_ECHO)
    store.put(older, old_claims(older), extractor_version=OLD_VERSION)
    assert store.extractor_versions() == {core.EXTRACTOR_VERSION: 1, OLD_VERSION: 1}
    put(store, older)  # ingested again, so read by this build's rules
    assert store.extractor_versions() == {core.EXTRACTOR_VERSION: 2}
    store.delete("a1")
    assert store.extractor_versions() == {core.EXTRACTOR_VERSION: 1}


def test_articles_after_pages_in_id_order(store: Store) -> None:
    ids = ["b", "a", "B", "é", "a-2", "c"]
    for index, article_id in enumerate(ids):
        item = article(article_id, "Gazette", BRIDGE)
        store.put(item, core.extract(item), extractor_version=OLD_VERSION if index % 2 else "")
    ordered = sorted(ids, key=lambda i: i.encode())  # bytewise in both stores
    assert [a.id for a in store.articles_after("", 100)] == ordered
    assert store.articles_after("", 1) == [store.get(ordered[0])]
    paged: list[str] = []
    after = ""
    while page := store.articles_after(after, 4):
        paged += [a.id for a in page]
        after = page[-1].id
    assert paged == ordered
    assert [a.id for a in store.articles_after("", 100, unless_version=OLD_VERSION)] == sorted(
        ids[::2], key=lambda i: i.encode()
    )
    assert [a.id for a in store.articles_after("a-2", 100, unless_version="")] == sorted(
        [i for i in ids[1::2] if i.encode() > b"a-2"], key=lambda i: i.encode()
    )


def test_reextract_brings_a_mixed_corpus_to_the_current_version(store: Store, location: str) -> None:
    current = article("current", "Gazette", BRIDGE)
    put(store, current)
    older = article("older", "Courier", BRIDGE_ECHO)
    store.put(older, old_claims(older), extractor_version=OLD_VERSION)
    unknown = article("unknown", "Herald", UNRELATED)
    store.put(unknown, old_claims(unknown), extractor_version=UNKNOWN_VERSION)
    assert stored_claims(location, "older") == list(old_claims(older)) != list(core.extract(older))

    stale = stale_versions(store)
    assert stale == {OLD_VERSION: 1, UNKNOWN_VERSION: 1}
    warning = version_mix_warning(stale)
    assert warning.startswith("2 stored article(s)")
    assert f"{OLD_VERSION}: 1" in warning and "unknown: 1" in warning and core.EXTRACTOR_VERSION in warning
    assert "sourcecheck reextract" in warning

    batches: list[int] = []
    done = reextract(store, batch=1, progress=batches.append)
    assert done == Reextracted(2, len(core.extract(older)) + len(core.extract(unknown)), 0)
    assert batches == [1, 1]
    assert store.extractor_versions() == {core.EXTRACTOR_VERSION: 3}
    assert stale_versions(store) == {}
    for item in (current, older, unknown):
        assert store.get(item.id) == item
        assert stored_claims(location, item.id) == list(core.extract(item))
    assert store.counts() == (3, sum(len(core.extract(a)) for a in (current, older, unknown)))
    assert_index_exact(location)
    assert store.check()

    # Matching reads the new claims: the mayor is the echo's source again.
    probe = article("probe", "Tribune", BRIDGE)
    found = store.candidates(core.extract(probe), probe.outlet, probe.published, 30, 50)
    echoed = [c for group in found.values() for c in group if c.article_id == "older"]
    assert echoed and all(c.claim.attribution.chain for c in echoed if "Holt" in c.claim.text)

    assert reextract(store) == Reextracted(0, 0, 0)
    assert reextract(store, every=True, batch=2).article_count == 3
    assert store.extractor_versions() == {core.EXTRACTOR_VERSION: 3}
    assert_index_exact(location)
    assert store.check()


def test_replace_claims_leaves_articles_changed_meanwhile(store: Store, location: str) -> None:
    items = [article("a1", "Gazette", BRIDGE), article("b1", "Courier", BRIDGE_ECHO)]
    items.append(article("c1", "Herald", UNRELATED))
    for item in items:
        store.put(item, old_claims(item), extractor_version=OLD_VERSION)
    read = store.articles_after("", 10, unless_version=core.EXTRACTOR_VERSION)
    assert list(read) == items
    changed = article("b1", "Courier", UNRELATED)
    put(store, changed)  # an ingest while the claims were being extracted again
    store.delete("c1")
    done = store.replace_claims([(a, core.extract(a)) for a in read], core.EXTRACTOR_VERSION)
    assert list(done) == [True, False, False]
    assert store.get("b1") == changed
    assert stored_claims(location, "a1") == list(core.extract(items[0]))
    assert stored_claims(location, "b1") == list(core.extract(changed))
    assert store.extractor_versions() == {core.EXTRACTOR_VERSION: 2}
    assert_index_exact(location)
    assert store.check()


def write_old_store(location: str, items: Sequence[core.Article]) -> None:
    """A database as a build from before extractor versions left it: its migrations, its rows."""
    for module in (postgres_store, sqlite_store):
        assert any("extractor_version" in m for m in module.MIGRATIONS)

    def before_versions(all_migrations: Sequence[str]) -> list[str]:
        first = next(n for n, m in enumerate(all_migrations) if "extractor_version" in m)
        return list(all_migrations[:first])

    if is_postgres(location):
        migrations = before_versions(postgres_store.MIGRATIONS)
        with psycopg.connect(location, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE schema_migrations ("
                "version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            for number, script in enumerate(migrations, start=1):
                conn.execute(script)
                conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (number,))
    else:
        migrations = before_versions(sqlite_store.MIGRATIONS)
        conn = sqlite3.connect(location, isolation_level=None)
        try:
            for script in migrations:
                conn.executescript(script)
            conn.execute(f"PRAGMA user_version={len(migrations)}")
        finally:
            conn.close()
    claim_key = "id" if is_postgres(location) else "rowid"
    for item in items:
        query(
            location,
            "INSERT INTO articles (id, outlet, url, title, body, published, language) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (item.id, item.outlet, item.url, item.title, item.body, item.published, item.language),
        )
        for claim in old_claims(item):
            ((row,),) = query(
                location,
                "INSERT INTO claims (article_id, outlet, published, data) VALUES (?, ?, ?, ?) "
                f"RETURNING {claim_key}",
                (item.id, item.outlet, item.published, dump_claim(claim)),
            )
            for term in dict.fromkeys(index_terms(claim)):
                query(
                    location, f"INSERT INTO claim_terms (term, claim_{claim_key}) VALUES (?, ?)", (term, row)
                )
                query(
                    location,
                    "INSERT INTO term_df (term, n) VALUES (?, 1) "
                    "ON CONFLICT (term) DO UPDATE SET n = term_df.n + 1",
                    (term,),
                )


def test_a_database_from_before_versions_is_migrated_and_reextracted_by_the_cli(
    location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [article("a1", "Gazette", BRIDGE), article("b1", "Courier", BRIDGE_ECHO)]
    write_old_store(location, items)
    opened = open_store(location)
    try:
        assert opened.extractor_versions() == {UNKNOWN_VERSION: 2}
        assert opened.get("a1") == items[0]
        assert opened.check()
    finally:
        opened.close()
    # The migration that added fingerprints filled them in from the stored claims.
    fingerprints = sorted(row[0] for row in query(location, "SELECT fingerprint FROM claims"))
    assert fingerprints == sorted(c.features.fingerprint for item in items for c in old_claims(item))

    probe = tmp_path / "probe.txt"
    probe.write_text(BRIDGE, encoding="utf-8")
    assert main(["score", str(probe), "--db", location, "--outlet", "Tribune"]) == 0
    captured = capsys.readouterr()
    assert "claims · policy" in captured.out
    (warning,) = captured.err.splitlines()
    assert "(unknown: 2)" in warning and "sourcecheck reextract" in warning

    assert main(["reextract", "--db", location]) == 0
    out = capsys.readouterr().out
    assert "unknown: 2" in out
    claims = sum(len(core.extract(item)) for item in items)
    assert f"re-extracted 2 article(s), {claims} claim(s) with extractor {core.EXTRACTOR_VERSION}" in out
    opened = open_store(location)
    try:
        assert opened.extractor_versions() == {core.EXTRACTOR_VERSION: 2}
        assert opened.counts() == (2, claims)
        assert opened.check()
    finally:
        opened.close()
    for item in items:
        assert stored_claims(location, item.id) == list(core.extract(item))
    assert_index_exact(location)

    assert main(["score", str(probe), "--db", location, "--outlet", "Tribune"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["reextract", "--db", location]) == 0
    assert "re-extracted 0 article(s)" in capsys.readouterr().out


def test_server_warns_of_a_version_mix_and_reports_the_versions(
    location: str, make_server: Callable[..., LiveServer]
) -> None:
    with structlog.testing.capture_logs() as logs:
        make_server()  # a fresh store: nothing to warn of
    assert not [e for e in logs if e["log_level"] == "warning"]

    opened = open_store(location)
    try:
        put(opened, article("a1", "Gazette", BRIDGE))
        put(opened, article("a2", "Gazette", UNRELATED))
        older = article("b1", "Courier", BRIDGE_ECHO)
        opened.put(older, old_claims(older), extractor_version=OLD_VERSION)
    finally:
        opened.close()
    with structlog.testing.capture_logs() as logs:
        live = make_server(db=location)
    (warning,) = [e for e in logs if e["log_level"] == "warning"]
    assert "1 stored article(s)" in warning["event"] and "sourcecheck reextract" in warning["event"]
    assert warning["stale_extractor_versions"] == {OLD_VERSION: 1}
    assert warning["extractor_version"] == core.EXTRACTOR_VERSION

    stats = live.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=30)
    assert stats.extractor_version == core.EXTRACTOR_VERSION
    assert [(v.extractor_version, v.article_count) for v in stats.stored_extractor_versions] == [
        (core.EXTRACTOR_VERSION, 2),
        (OLD_VERSION, 1),
    ]
    request = pb.ScoreArticleRequest(article=pb.Article(id="p1", outlet="Tribune", body=BRIDGE))
    assert live.stub.ScoreArticle(request, timeout=30).extractor_version == core.EXTRACTOR_VERSION


def test_reextract_beside_concurrent_ingests_keeps_the_store_exact(store: Store, location: str) -> None:
    items = [_numbered(i) for i in range(60)]
    for item in items:
        store.put(item, old_claims(item), extractor_version=OLD_VERSION)
    rewritten = [replace(item, body=item.body + " The council declined to comment.") for item in items[::3]]
    results: list[Reextracted] = []
    runs = [
        threading.Thread(target=lambda: results.append(reextract(store, batch=7))),
        threading.Thread(target=lambda: [put(store, item) for item in rewritten]),
        threading.Thread(target=lambda: results.append(reextract(store, every=True, batch=5))),
    ]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert len(results) == 2
    assert store.extractor_versions() == {core.EXTRACTOR_VERSION: len(items)}
    final = {item.id: item for item in items} | {item.id: item for item in rewritten}
    for article_id, item in final.items():
        assert store.get(article_id) == item
        assert stored_claims(location, article_id) == list(core.extract(item))
    assert_index_exact(location)
    assert store.check()
