"""Same assertion or not; supports or denies; independent or an echo."""

from __future__ import annotations

from sourcecheck.core.model import Claim, CorpusClaim, Features, Match
from sourcecheck.core.policy import MatchingPolicy


def similarity(a: Features, b: Features) -> float:
    """Weighted Dice overlap of content terms; names and numbers weigh more."""

    def weight(term: str, f: Features) -> float:
        return 2.0 if term in f.names else 1.0

    if not a.terms or not b.terms:
        return 0.0
    shared = a.terms & b.terms
    common = sum(weight(t, a) + weight(t, b) for t in shared)
    total = sum(weight(t, a) for t in a.terms) + sum(weight(t, b) for t in b.terms)
    score = common / total if total else 0.0
    if a.numbers and b.numbers:
        score = score * 1.15 if a.numbers & b.numbers else score * 0.4
    return min(1.0, score)


def judge(claim: Claim, other: CorpusClaim, policy: MatchingPolicy) -> Match | None:
    """A Match when `other` asserts the same thing as `claim`, else None."""
    a, b = claim.features, other.claim.features
    if len(a.terms & b.terms) < policy.min_shared_terms:
        return None
    value = similarity(a, b)
    if value < policy.threshold:
        return None
    contradicts = a.negated != b.negated and value >= policy.stance_threshold
    reprint = a.fingerprint == b.fingerprint or value >= policy.reprint_similarity
    same_quote = bool(a.quote) and a.quote == b.quote  # one speaker's words, however each outlet names them
    mine, theirs = claim.origin_key, other.claim.origin_key
    independent = bool(mine and theirs and mine != theirs and not reprint and not same_quote)
    return Match(other, round(value, 4), independent, contradicts)
