"""The whole pure pipeline: article in, claims out; claims and candidates in, scores out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sourcecheck.core.attribution import attribute_article, lede_sources
from sourcecheck.core.claims import is_claim
from sourcecheck.core.features import features
from sourcecheck.core.match import TermWeights, judge
from sourcecheck.core.model import Article, Claim, CorpusClaim, Match, Scored
from sourcecheck.core.origins import origin_key
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
    return lede_sources(found, article.outlet)


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
    for claim in claims:
        # An article makes an assertion once: of its sentences, the closest one is the match, and
        # the others that share the story's words are not more confirmations.
        best_by_article: dict[str, Match] = {}
        for other in candidates.get(claim.id, ()):
            if other.article_id == article.id or other.outlet == article.outlet:
                continue
            if not in_window(article.published, other.published, policy.matching.window_days):
                continue
            match = judge(claim, other, policy.matching, weights)
            if match is None:
                continue
            kept = best_by_article.get(other.article_id)
            if kept is None or _match_order(match) < _match_order(kept):
                best_by_article[other.article_id] = match
        supporting: list[Match] = []
        contradicting: list[Match] = []
        strengths: dict[str, float] = {}
        for match in best_by_article.values():
            other = match.other
            (contradicting if match.contradicts else supporting).append(match)
            key = other.claim.origin_key or unknown_origin(other.outlet)
            strength, _ = attribution_strength(other.claim.attribution, policy, other.claim.text)
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


def _match_order(m: Match) -> tuple[float, str, str]:
    return (-m.similarity, m.other.article_id, m.other.claim.id)
