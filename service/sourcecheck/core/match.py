"""Same assertion or not; supports or denies; independent or an echo."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from sourcecheck.core.model import Claim, CorpusClaim, Features, Match
from sourcecheck.core.policy import MatchingPolicy


class TermWeights(dict[str, float]):
    """How much each term of an article says: a term in many of its claims is the story's topic
    ("quake", the protagonist's name) and tells one claim from another poorly; a rare one tells well.
    A term the article lacks weighs as one it uses once: a one-sentence article weighs all alike."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        df = Counter(t for c in claims for t in c.features.terms)
        n = len(claims)
        super().__init__((t, math.log((n + 1) / (k + 0.5))) for t, k in df.items())
        self.unseen = math.log((n + 1) / 1.5)
        self._weighed: dict[int, tuple[Features, dict[str, float], float]] = {}

    def __missing__(self, term: str) -> float:
        return self.unseen

    def weighed(self, f: Features) -> tuple[dict[str, float], float]:
        """`f`'s terms with their weights, and their sum: once per claim and scored article, since a
        stored claim comes back as a candidate of many of the article's claims."""
        kept = self._weighed.get(id(f))
        if kept is not None and kept[0] is f:
            return kept[1], kept[2]
        terms = _weigh(f, self)
        total = sum(terms.values())
        self._weighed[id(f)] = (f, terms, total)
        return terms, total


def _weigh(f: Features, weights: TermWeights | None) -> dict[str, float]:
    """A term's weight: its rarity in the scored article, doubled for a name."""
    return {t: (weights[t] if weights is not None else 1.0) * (2.0 if t in f.names else 1.0) for t in f.terms}


def similarity(
    a: Features, b: Features, weights: TermWeights | None = None, shared: frozenset[str] | None = None
) -> float:
    """Weighted Dice overlap of content terms; names weigh double, rare terms of the article more
    than its topic words, and numbers must agree."""
    if not a.terms or not b.terms:
        return 0.0
    if weights is not None:
        (wa, ta), (wb, tb) = weights.weighed(a), weights.weighed(b)
    else:
        wa, wb = _weigh(a, None), _weigh(b, None)
        ta, tb = sum(wa.values()), sum(wb.values())
    if shared is None:
        shared = a.terms & b.terms
    common = sum(wa[t] + wb[t] for t in shared)
    total = ta + tb
    score = common / total if total else 0.0
    if a.numbers and b.numbers:
        score = score * 1.15 if a.numbers & b.numbers else score * 0.4
    return min(1.0, score)


def is_reprint(a: Features, b: Features, value: float, policy: MatchingPolicy) -> bool:
    """Two claims printed from one copy: the same words, or near enough (`reprint_similarity`)."""
    return a.fingerprint == b.fingerprint or value >= policy.reprint_similarity


def judge(
    claim: Claim, other: CorpusClaim, policy: MatchingPolicy, weights: TermWeights | None = None
) -> Match | None:
    """A Match when `other` asserts the same thing as `claim`, else None; `weights` are the scoring
    article's."""
    a, b = claim.features, other.claim.features
    shared = a.terms & b.terms
    if len(shared) < policy.min_shared_terms:
        return None
    value = similarity(a, b, weights, shared)
    if value < policy.threshold:
        return None
    contradicts = a.negated != b.negated and value >= policy.stance_threshold
    reprint = is_reprint(a, b, value, policy)
    same_quote = bool(a.quote) and a.quote == b.quote  # one speaker's words, however each outlet names them
    mine, theirs = claim.origin_key, other.claim.origin_key
    independent = bool(mine and theirs and mine != theirs and not reprint and not same_quote)
    return Match(other, round(value, 4), independent, contradicts)
