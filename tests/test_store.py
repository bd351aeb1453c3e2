"""Both stores, SQLite over a real file and PostgreSQL over a database of its own (when
$SOURCECHECK_TEST_POSTGRES_URL names a server): round trips, replacement, candidate retrieval,
concurrency, durability."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sourcecheck import core
from sourcecheck.store import Store, open_store

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
