"""A flood of verbatim copies from new outlets must not manufacture independent corroboration."""

from __future__ import annotations

from pathlib import Path

from sourcecheck import core
from sourcecheck.engine import Engine, load_policy
from sourcecheck.store.sqlite import SqliteStore

DAY = 86400
T0 = 1_750_000_000
CLAIM = "The harbour authority said the pier at Westmoor will close for six weeks of repairs from Monday."
OTHER = "Port officials told the Coastal Courier that the Westmoor pier would shut for six weeks of repairs."


def article(article_id: str, outlet: str, body: str, days: int = 0) -> core.Article:
    return core.Article(id=article_id, outlet=outlet, body=body, published=T0 + days * DAY)


def the_claim(engine: Engine) -> core.Scored:
    scored = engine.score(article("scored", "The Example Gazette", CLAIM, days=1))
    return next(s for s in scored if "pier" in s.claim.text)


def test_fifty_copies_add_no_independent_origin(tmp_path: Path) -> None:
    engine = Engine(SqliteStore(str(tmp_path / "flood.db")), load_policy())
    engine.ingest(article("wire", "Coastal Courier", OTHER))
    before = the_claim(engine)
    assert before.supporting, "the independent report should match"

    for n in range(50):  # fifty outlets born yesterday, each pasting the same sentence
        engine.ingest(article(f"copy-{n}", f"New Outlet {n}", CLAIM, days=1))
    after = the_claim(engine)

    assert len(after.supporting) > len(before.supporting)  # the copies are found ...
    assert not any(m.independent for m in after.supporting if m.other.outlet.startswith("New Outlet"))
    assert after.independent_origins == before.independent_origins  # ... and add no origin
    assert after.corroboration == before.corroboration
    assert after.score == before.score


def test_copies_with_invented_sources_are_still_one_report(tmp_path: Path) -> None:
    engine = Engine(SqliteStore(str(tmp_path / "flood2.db")), load_policy())
    before = the_claim(engine)
    for n in range(20):
        body = f"{CLAIM[:-1]}, according to insider number {n}."
        engine.ingest(article(f"fake-{n}", f"Mirror Site {n}", body, days=1))
    after = the_claim(engine)
    assert after.independent_origins <= before.independent_origins + 1
