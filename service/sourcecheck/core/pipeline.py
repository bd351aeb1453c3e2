"""The whole pure pipeline: article in, claims out; claims and candidates in, scores out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from sourcecheck.core.attribution import attribute_article, lede_sources
from sourcecheck.core.claims import is_claim
from sourcecheck.core.features import features
from sourcecheck.core.match import TermWeights, is_reprint, judge
from sourcecheck.core.model import Article, Claim, CorpusClaim, Match, Scored
from sourcecheck.core.origins import institution_voices, origin_key
from sourcecheck.core.policy import Policy
from sourcecheck.core.score import attribution_strength, score_claim, unknown_origin
from sourcecheck.core.segment import segment


def extract(article: Article) -> tuple[Claim, ...]:
    """Check-worthy claims of an article with their attribution and origin keys."""
    sentences = segment(article.body)
    attributions = attribute_article(sentences, article.title)
    found: list[tuple[int, Claim]] = []
    for index, (sentence, attribution) in enumerate(zip(sentences, attributions, strict=True)):
        if not is_claim(sentence):
            continue
        claim = Claim(
            id=f"c{len(found) + 1}",
            text=sentence.text,
            span=sentence.span,
            attribution=attribution,
            origin_key=origin_key(attribution, article.outlet),
            features=features(sentence.text),
        )
        found.append((index, claim))
    return institution_voices(lede_sources(found, article.outlet))


def in_window(a: int | None, b: int | None, days: int) -> bool:
    if a is None or b is None:
        return True
    return abs(a - b) <= days * 86400


def score(
    article: Article,
    claims: Sequence[Claim],
    candidates: Mapping[str, Sequence[CorpusClaim]],
    policy: Policy,
) -> tuple[Scored, ...]:
    """Score claims against their candidates (by claim id) from the corpus."""
    results: list[Scored] = []
    weights = TermWeights(claims)
    outlet_keys = _OutletKeys(policy)
    matched = [
        _best_by_article(article, claim, candidates.get(claim.id, ()), policy, weights, outlet_keys)
        for claim in claims
    ]
    copies = same_copy_articles(claims, matched, policy)
    strength_of: dict[int, float] = {}  # a stored claim that matches several claims is weighed once
    for claim, by_article in zip(claims, matched, strict=True):
        supporting: list[Match] = []
        contradicting: list[Match] = []
        strengths: dict[str, float] = {}
        for article_id, match in by_article.items():
            if article_id in copies:
                match = replace(match, independent=False, same_copy=True)
            other = match.other
            (contradicting if match.contradicts else supporting).append(match)
            key = other.claim.origin_key or unknown_origin(other.outlet, policy)
            strength = strength_of.get(id(other.claim))
            if strength is None:
                strength = attribution_strength(other.claim.attribution, policy, other.claim.text)[0]
                strength_of[id(other.claim)] = strength
            strengths[key] = max(strengths.get(key, 0.0), strength)
        order = _match_order
        results.append(
            score_claim(
                claim,
                article.outlet,
                tuple(sorted(supporting, key=order)),
                tuple(sorted(contradicting, key=order)),
                strengths,
                policy,
            )
        )
    return tuple(results)


class _OutletKeys(dict[str, str]):
    """Outlet names to their keys under the policy, each looked up once per scored article."""

    def __init__(self, policy: Policy) -> None:
        super().__init__()
        self.policy = policy

    def __missing__(self, name: str) -> str:
        key = self[name] = self.policy.outlet_key(name)
        return key


def _best_by_article(
    article: Article,
    claim: Claim,
    candidates: Sequence[CorpusClaim],
    policy: Policy,
    weights: TermWeights,
    outlet_keys: _OutletKeys,
) -> dict[str, Match]:
    """The claim's match in each other article: an article makes an assertion once, so of its
    sentences the closest one is the match, and the others that share the story's words are not
    more confirmations."""
    best: dict[str, Match] = {}
    own = outlet_keys[article.outlet]
    window_days = policy.matching.window_days
    for other in candidates:
        if other.article_id == article.id or outlet_keys[other.outlet] == own:
            continue  # an outlet does not confirm itself, under whatever name or domain
        if not in_window(article.published, other.published, window_days):
            continue
        match = judge(claim, other, policy.matching, weights)
        if match is None:
            continue
        kept = best.get(other.article_id)
        if kept is None or _match_order(match) < _match_order(kept):
            best[other.article_id] = match
    return best


def same_copy_articles(
    claims: Sequence[Claim], matched: Sequence[Mapping[str, Match]], policy: Policy
) -> frozenset[str]:
    """The other articles that print the scored article's copy: at least `same_copy_reprints` of
    its sentences come back from one article as reprints (wire copy, a syndicated or lightly edited
    text). Every match with such an article is the same report, whatever source each sentence names."""
    reprints: Counter[str] = Counter()
    for claim, by_article in zip(claims, matched, strict=True):
        for article_id, match in by_article.items():
            if is_reprint(claim.features, match.other.claim.features, match.similarity, policy.matching):
                reprints[article_id] += 1
    return frozenset(a for a, n in reprints.items() if n >= policy.matching.same_copy_reprints)


def _match_order(m: Match) -> tuple[float, str, str]:
    return (-m.similarity, m.other.article_id, m.other.claim.id)
