"""Candidate retrieval shared by the stores: which terms to look up, and how to rank what they find.

A claim is looked up by its rarest index terms only (document frequency at most MAX_POSTINGS), so
a lookup reads a bounded number of postings however large the corpus grows; candidates are ranked
by the summed rarity of the terms they share with the claim.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from sourcecheck.core import CorpusClaim

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
    postings: Iterable[tuple[str, int]],
    df: Mapping[str, int],
    per_claim: int,
) -> dict[str, list[int]]:
    """For each claim id, the ids of the stored claims sharing the most rare terms with it, best first."""
    holders: dict[str, list[int]] = defaultdict(list)
    for term, row in postings:
        holders[term].append(row)
    ranked: dict[str, list[int]] = {}
    for claim_id, terms in selected.items():
        score: dict[int, float] = defaultdict(float)
        for term in terms:
            weight = rarity(df[term])
            for row in holders.get(term, ()):
                score[row] += weight
        ranked[claim_id] = sorted(score, key=lambda row: (-score[row], row))[:per_claim]
    return ranked


COPIES_KEPT = 5
FETCH_FACTOR = 4


def diverse(found: Sequence[CorpusClaim], per_claim: int) -> list[CorpusClaim]:
    """At most COPIES_KEPT claims with one text fingerprint: a flood of pasted copies must not crowd
    the genuine reports out of the candidates (they would add nothing anyway)."""
    kept: list[CorpusClaim] = []
    seen: dict[str, int] = defaultdict(int)
    for candidate in found:
        fingerprint = candidate.claim.features.fingerprint
        if seen[fingerprint] < COPIES_KEPT:
            seen[fingerprint] += 1
            kept.append(candidate)
            if len(kept) == per_claim:
                break
    return kept
