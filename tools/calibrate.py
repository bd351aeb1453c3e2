"""Calibrate the scoring policy by leave-one-story-out, and print the table.

Every gold story (../shared/eval/gold, docs: SCHEME.md) is ingested into one fresh store, as the shared
judge does; each article's claims and candidates are fetched once, so that a policy can be tried by
running the pure pipeline alone. For each story in turn, the weights named in TUNED are fitted (a
coordinate search over their grids) on the other stories, and the held-out story is scored with them.
The figure that counts is the ordering pooled over the held-out folds; the fit is printed beside it.

    .venv/bin/python tools/calibrate.py [--gold ../shared/eval/gold] [--policy PATH] [--no-fit]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sourcecheck import convert, core
from sourcecheck.engine import CANDIDATES_PER_CLAIM, Engine, load_policy
from sourcecheck.evaluate import MIN_RELIABILITY_GAP, GoldArticle, align, load_gold
from sourcecheck.store import open_store

# The weights that leave-one-story-out fits: (section, field) -> the values tried.
TUNED: dict[tuple[str, str], tuple[float, ...]] = {
    ("score", "level_weight"): (0.0, 0.15, 0.3, 0.45, 0.6),
    ("attribution", "prediction_cost"): (0.0, 0.05, 0.1),
    ("corroboration", "unknown_origin_weight"): (0.2, 0.4, 0.6),
}


@dataclass(frozen=True)
class Case:
    """One gold article with what the pipeline needs to score it under any policy."""

    story: str
    article: core.Article
    claims: tuple[core.Claim, ...]
    candidates: Mapping[str, Sequence[core.CorpusClaim]]
    gold: tuple[tuple[int, int], ...]  # (predicted claim index, gold reliability) of aligned claims


def collect(articles: Sequence[GoldArticle], policy: core.Policy) -> list[Case]:
    """Ingest every article into a fresh store, then fetch each one's claims and candidates."""
    with tempfile.TemporaryDirectory(prefix="sourcecheck-calibrate-") as scratch:
        store = open_store(str(Path(scratch) / "calibrate.db"))
        engine = Engine(store, policy)
        try:
            for gold in articles:
                engine.ingest(convert.article_from_pb(gold.message()))
            cases = []
            for gold in {a.id: a for a in articles}.values():
                article = convert.article_from_pb(gold.message())
                claims = core.extract(article)
                candidates = store.candidates(
                    claims,
                    article.outlet,
                    article.published,
                    policy.matching.window_days,
                    CANDIDATES_PER_CLAIM,
                )
                mapping = align([c.span for c in gold.claims], [(c.span.start, c.span.end) for c in claims])
                aligned = tuple(
                    (mapping[i], c.reliability)
                    for i, c in enumerate(gold.claims)
                    if i in mapping and c.reliability is not None
                )
                cases.append(Case(gold.story, article, claims, candidates, aligned))
        finally:
            store.close()
    return cases


Point = tuple[int, float]  # (gold reliability, score)


def points(cases: Sequence[Case], policy: core.Policy) -> list[Point]:
    out: list[Point] = []
    for case in cases:
        scored = core.score(case.article, case.claims, case.candidates, policy)
        out.extend((reliability, scored[index].score) for index, reliability in case.gold)
    return out


def ordering(pts: Sequence[Point]) -> float:
    """The shared judge's ordering accuracy: of the pairs two or more levels apart, the share the
    score orders as the gold does (a tie counts against)."""
    right = total = 0
    for (ra, sa), (rb, sb) in itertools.combinations(pts, 2):
        if abs(ra - rb) < MIN_RELIABILITY_GAP:
            continue
        total += 1
        right += sa != sb and (ra > rb) == (sa > sb)
    return right / total if total else 0.0


def with_values(policy: core.Policy, values: Mapping[tuple[str, str], float]) -> core.Policy:
    data: dict[str, Any] = policy.model_dump()
    for (section, field), value in values.items():
        data[section][field] = value
    return core.Policy.model_validate(data)


def fit(cases: Sequence[Case], policy: core.Policy, rounds: int = 2) -> dict[tuple[str, str], float]:
    """Coordinate search from the first value of every grid (not from the shipped policy, which was
    itself fitted): each tuned weight in turn set to its grid value that orders `cases` best (ties
    keep the current value), twice over."""
    values = {key: grid[0] for key, grid in TUNED.items()}
    best = ordering(points(cases, with_values(policy, values)))
    for _ in range(rounds):
        for key, grid in TUNED.items():
            for candidate in grid:
                trial = {**values, key: candidate}
                figure = ordering(points(cases, with_values(policy, trial)))
                if figure > best + 1e-9:
                    best, values = figure, trial
    return values


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(Path(__file__).resolve().parents[2] / "shared/eval/gold"))
    parser.add_argument("--policy", help="a policy file (default: the shipped one)")
    parser.add_argument("--no-fit", action="store_true", help="only the policy as it is, per story")
    parser.add_argument(
        "--only", nargs="+", metavar="STORY", help="judge these stories alone (all are ingested)"
    )
    args = parser.parse_args(argv)
    policy = load_policy(args.policy)
    paths = sorted(Path(args.gold).glob("*.json"))
    if not paths:
        print(f"no gold stories in {args.gold}", file=sys.stderr)
        return 2
    cases = collect(load_gold(paths), policy)
    if args.only:
        cases = [case for case in cases if case.story in args.only]
    stories = sorted({case.story for case in cases})
    print(
        f"policy {policy.version}; {len(stories)} stories, {sum(len(c.gold) for c in cases)} aligned claims"
    )
    print(f"{'story':40} {'as is':>7} {'held out':>9}  fitted on the others")
    held_out: list[Point] = []
    for story in stories:
        inside = [c for c in cases if c.story != story]
        outside = [c for c in cases if c.story == story]
        as_is = ordering(points(outside, policy))
        if args.no_fit:
            print(f"{story:40} {as_is:7.3f}")
            continue
        values = fit(inside, policy)
        fold = points(outside, with_values(policy, values))
        held_out.extend(fold)
        shown = ", ".join(f"{field}={value:g}" for (_, field), value in values.items())
        print(f"{story:40} {as_is:7.3f} {ordering(fold):9.3f}  {shown}")
    print(f"{'all stories, policy as is':40} {ordering(points(cases, policy)):7.3f}")
    if held_out:
        print(f"{'pooled held-out folds (leave one story out)':40} {'':7} {ordering(held_out):9.3f}")
        values = fit(cases, policy)
        shown = ", ".join(f"{field}={value:g}" for (_, field), value in values.items())
        fitted = ordering(points(cases, with_values(policy, values)))
        print(f"{'fitted on all stories':40} {fitted:7.3f}  {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
