"""A corpus that behaves like real coverage, for the scale and load benchmarks (seeded, reproducible).

Built from the 726 ECB+ news articles in ../shared/bench/ecbplus-news.jsonl (CC BY 3.0; read at run
time, never copied into the repository). Real coverage repeats itself: a wire story is printed by
dozens of outlets, each with small edits (a sentence dropped, a figure updated, paragraphs moved, a
credit line), and one event is told by several outlets in their own words. So the corpus is

- every original article under its own outlet;
- reprints of it under other outlets (up to `reprints` each), lightly edited;
- rewrites that mix the sentences of several articles of the same ECB topic (one event), so that
  lookups meet the paraphrase and partial overlap that real stories share;

cycled with fresh ids and outlets until the wanted number of articles is reached. `flood` makes the
adversarial case: one story's sentences pasted by hundreds of outlets, reshuffled, numbers changed.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

from sourcecheck import core
from sourcecheck.core.segment import segment

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "bench" / "ecbplus-news.jsonl"
GOLD_DIR = ROOT.parent / "shared" / "eval" / "gold"

_PLACES = (
    "Springfield Riverside Fairview Kingston Salem Madison Georgetown Clinton Arlington Ashland Dover "
    "Milton Newport Oxford Bristol Burlington Camden Chester Dayton Easton Franklin Greenville Hudson "
    "Jackson Lancaster Lebanon Lexington Marion Monroe Oakland Plymouth Richmond Trenton Warren"
).split()
_PAPERS = "Gazette Herald Tribune Courier Post Times Ledger Sentinel Chronicle Observer Journal Star".split()
_WIRES = ("(Wire)", "— Wire Service", "Wire Service contributed to this report.")
_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})*\b")


def load(path: Path = DEFAULT_SOURCE) -> list[dict[str, str]]:
    """The source articles; a clear error when the shared bench corpus is not there."""
    if not path.is_file():
        raise SystemExit(f"no real-news corpus at {path} (the shared ECB+ bench file)")
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def outlets(count: int, seed: int = 11) -> list[str]:
    """`count` distinct outlet names of the "Place Paper" kind."""
    rng = random.Random(seed)
    names = sorted({f"{p} {k}" for p in _PLACES for k in _PAPERS})
    rng.shuffle(names)
    return names[:count]


def _paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p.strip()]


def _nudge_numbers(text: str, rng: random.Random) -> str:
    """Update a figure now and then, as a later edition does."""

    def nudge(m: re.Match[str]) -> str:
        value = int(m.group(0).replace(",", ""))
        if value < 2 or rng.random() > 0.3 or 1900 <= value <= 2100:  # years and small counts stay
            return m.group(0)
        return f"{value + rng.randint(1, max(1, value // 10)):,}"

    return _NUMBER.sub(nudge, text)


def reprint(article: dict[str, str], rng: random.Random) -> str:
    """A lightly edited print of the same copy."""
    paragraphs = _paragraphs(article["body"])
    if len(paragraphs) > 3 and rng.random() < 0.5:
        paragraphs.pop(rng.randrange(1, len(paragraphs)))  # trimmed for space
    if len(paragraphs) > 3 and rng.random() < 0.3:
        i = rng.randrange(1, len(paragraphs) - 1)
        paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    paragraphs = [_nudge_numbers(p, rng) for p in paragraphs]
    if rng.random() < 0.4:
        paragraphs.append(rng.choice(_WIRES))
    return "\n\n".join(paragraphs)


def rewrite(topic_articles: Sequence[dict[str, str]], rng: random.Random) -> str:
    """One event told again from the sentences of several reports of it, in another order."""
    sentences = [s.text for a in topic_articles for s in segment(a["body"])]
    if not sentences:
        return ""
    count = min(len(sentences), rng.randint(6, 14))
    chosen = rng.sample(sentences, count)
    return "\n\n".join(" ".join(chosen[i : i + 2]) for i in range(0, len(chosen), 2))


def articles(
    count: int,
    seed: int = 7,
    reprints: int = 12,
    start: int = 1_700_000_000,
    source: Sequence[dict[str, str]] | None = None,
) -> Iterator[core.Article]:
    """`count` articles: originals, their reprints and same-event rewrites, a few minutes apart."""
    rng = random.Random(seed)
    base = list(source) if source is not None else load()
    by_topic: dict[str, list[dict[str, str]]] = defaultdict(list)
    for a in base:
        by_topic[str(a.get("topic", a["id"]))].append(a)
    names = outlets(200, seed)
    produced = 0
    round_ = 0
    while produced < count:
        for index, original in enumerate(base):
            if produced >= count:
                return
            stamp = start + produced * 120
            suffix = f"r{round_}" if round_ else ""
            variants: list[tuple[str, str]] = [
                (original["outlet"] if not round_ else rng.choice(names), original["body"])
            ]
            for _ in range(rng.randint(0, reprints)):
                variants.append((rng.choice(names), reprint(original, rng)))
            if rng.random() < 0.5:
                variants.append(
                    (rng.choice(names), rewrite(by_topic[str(original.get("topic", original["id"]))], rng))
                )
            for number, (outlet, body) in enumerate(variants):
                if produced >= count:
                    return
                if not body.strip():
                    continue
                yield core.Article(
                    id=f"real-{seed}-{round_}-{index}-{number}{suffix}",
                    outlet=outlet,
                    body=body,
                    title=original.get("title", ""),
                    published=stamp + number * 60,
                )
                produced += 1
        round_ += 1


def flood(
    stories: Sequence[Sequence[core.Article]], count: int, seed: int = 5, outlet_count: int = 200
) -> Iterator[core.Article]:
    """`count` articles pasted from the given stories' sentences by `outlet_count` outlets:
    reshuffled, numbers changed, so that near-copies pile up on every lookup."""
    rng = random.Random(seed)
    names = outlets(outlet_count, seed)
    pools = [[s.text for a in story for s in segment(a.body) if len(s.text) > 30] for story in stories]
    pools = [p for p in pools if p]
    for index in range(count):
        pool = pools[index % len(pools)]
        chosen = rng.sample(pool, min(len(pool), rng.randint(8, 20)))
        body = "\n\n".join(_nudge_numbers(" ".join(chosen[i : i + 2]), rng) for i in range(0, len(chosen), 2))
        yield core.Article(
            id=f"flood-{seed}-{index}",
            outlet=names[index % len(names)],
            body=body,
            title="",
            published=1_700_000_000 + index * 30,
        )


def gold_articles(directory: Path = GOLD_DIR) -> list[list[core.Article]]:
    """The gold stories' articles, one list per story (what the load benchmarks score)."""
    stories = []
    for path in sorted(directory.glob("*.json")):
        story = json.loads(path.read_text(encoding="utf-8"))
        stories.append(
            [
                core.Article(id=a["id"], outlet=a["outlet"], body=a["body"], title=a.get("title", ""))
                for a in story["articles"]
            ]
        )
    return stories
