"""Candidate retrieval shared by the stores: which terms to look up, how to rank what they find,
and which rows are worth decoding.

A claim is looked up by its rarest index terms only (document frequency at most MAX_POSTINGS), so
a lookup reads a bounded number of postings however large the corpus grows; candidates are ranked
by the summed rarity of the terms they share with the claim. The postings are read from the term
index alone (no join); the outlet, the time window and the text fingerprint are then read for the
best-ranked rows only, and a stored claim is decoded only when it is kept: at most COPIES_KEPT rows
per fingerprint, so that fifty prints of one wire sentence cost five decodings, not fifty.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

from sourcecheck.core import Claim, CorpusClaim
from sourcecheck.core.outlets import normal_outlet
from sourcecheck.store.codec import index_terms, load_claim

MAX_TERMS_PER_CLAIM = 8
MAX_POSTINGS = 1000  # a term in more claims than this singles out nothing worth comparing
_CORPUS_SCALE = 1e7  # a fixed N for idf: only the ranking matters, and counting the corpus costs a scan


def rarity(document_frequency: int) -> float:
    return math.log(_CORPUS_SCALE / max(1, document_frequency))


def select_terms(terms: Sequence[str], df: Mapping[str, int]) -> list[str]:
    """The rarest terms of a claim that the corpus holds at all, and not too often."""
    present = [t for t in dict.fromkeys(terms) if 0 < df.get(t, 0) <= MAX_POSTINGS]
    return sorted(present, key=lambda t: (df[t], t))[:MAX_TERMS_PER_CLAIM]


def rank(
    selected: Mapping[str, Sequence[str]],
    postings: Iterable[tuple[str, Sequence[int]]],
    df: Mapping[str, int],
) -> dict[str, dict[int, float]]:
    """For each claim id, the stored claims sharing rare terms with it, each with the summed rarity of
    the terms they share (`best` orders them). `postings` holds each term's rows, a term once."""
    holders = dict(postings)
    scores: dict[str, dict[int, float]] = {}
    for claim_id, terms in selected.items():
        score: dict[int, float] = defaultdict(float)
        for term in terms:
            weight = rarity(df[term])
            for row in holders.get(term, ()):
                score[row] += weight
        scores[claim_id] = score
    return scores


def best(score: Mapping[int, float], count: int) -> list[int]:
    """The `count` best-scored rows, best first; ties by row, so that both stores give one order."""
    rows = sorted(score)
    rows.sort(key=score.__getitem__, reverse=True)  # stable: tied rows stay in row order
    return rows[:count]


COPIES_KEPT = 5
DECODED_KEPT = 20_000  # decoded stored claims kept per process (about 40 MiB)
FETCH_FACTOR = 2  # rows whose heads are read first, per candidate wanted; deeper only when short


Head = tuple[int, str, str, "int | None", str]
"""A stored claim's row without its data: (row, article id, outlet, published, fingerprint)."""


def find_candidates(
    claims: Sequence[Claim],
    outlet: str,
    window: tuple[int, int] | None,
    per_claim: int,
    *,
    read_df: Callable[[list[str]], Mapping[str, int]],
    read_postings: Callable[[list[str]], Iterable[tuple[str, Sequence[int]]]],
    read_heads: Callable[[list[int]], Iterable[Head]],
    read_data: Callable[[list[int]], Iterable[tuple[int, str]]],
) -> dict[str, list[CorpusClaim]]:
    """For each claim id, up to `per_claim` stored claims of other outlets (inside `window`, when
    given) worth comparing, best first: four indexed reads whatever the corpus size. `read_postings`
    gives each term's rows in one piece (aggregated in the database: a row per posting costs more)."""
    wanted = {claim.id: index_terms(claim) for claim in claims}
    every = sorted({t for terms in wanted.values() for t in terms})
    df = dict(read_df(every)) if every else {}
    selected = {cid: select_terms(terms, df) for cid, terms in wanted.items()}
    lookup = sorted({t for terms in selected.values() for t in terms})
    scores = rank(selected, read_postings(lookup) if lookup else (), df)
    low, high = window if window is not None else (None, None)

    own = normal_outlet(outlet)

    def eligible(head: Head) -> bool:
        published = head[3]
        in_window = low is None or high is None or published is None or low <= published <= high
        return in_window and head[2] != outlet and normal_outlet(head[2]) != own

    # Heads are read for the best-ranked rows first, and further down a claim's ranking only while
    # its own outlet's or out-of-window rows leave it short: a crowd of those must not hide the rest.
    heads: dict[int, Head] = {}  # the eligible rows' heads, once read
    read: set[int] = set()
    kept: dict[str, list[Head]] = {}
    depth = per_claim * FETCH_FACTOR
    start = 0
    ranked: dict[str, list[int]] = {}
    pending = set(scores)
    while pending:
        for cid in pending:
            ranked[cid] = best(scores[cid], depth)
        rows = sorted({row for cid in pending for row in ranked[cid][start:] if row not in read})
        read.update(rows)
        heads.update((head[0], head) for head in (read_heads(rows) if rows else ()) if eligible(head))
        for cid in sorted(pending):
            present = [heads[row] for row in ranked[cid] if row in heads]
            kept[cid] = diverse(present, per_claim)
            if len(kept[cid]) == per_claim or depth >= len(scores[cid]):
                pending.discard(cid)
        start, depth = depth, depth * 4
    wanted_rows = sorted({head[0] for found in kept.values() for head in found})
    data = dict(read_data(wanted_rows)) if wanted_rows else {}
    # One CorpusClaim per row, however many claims it is a candidate of; a claim deleted between
    # the reads is left out.
    corpus = {
        row: CorpusClaim(heads[row][1], heads[row][2], heads[row][3], _decoded(text))
        for row, text in data.items()
    }
    return {cid: [corpus[h[0]] for h in found if h[0] in corpus] for cid, found in kept.items()}


def diverse(found: Sequence[Head], per_claim: int) -> list[Head]:
    """At most COPIES_KEPT rows with one text fingerprint, up to `per_claim`: a flood of pasted
    copies must not crowd the genuine reports out of the candidates (they would add nothing anyway)."""
    kept: list[Head] = []
    seen: dict[str, int] = defaultdict(int)
    for head in found:
        fingerprint = head[4]
        if not fingerprint or seen[fingerprint] < COPIES_KEPT:
            seen[fingerprint] += 1
            kept.append(head)
            if len(kept) == per_claim:
                break
    return kept


@lru_cache(maxsize=DECODED_KEPT)
def _decoded(text: str) -> Claim:
    """A stored claim, decoded once per text: a story's claims come back as candidates for every new
    article about it. Claims are immutable, and the key is the whole stored text, so a row replaced
    by re-extraction or a new article is decoded afresh."""
    return load_claim(text)
