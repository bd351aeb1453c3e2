"""The whole pure pipeline: article in, claims out; claims and candidates in, scores out."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from sourcecheck.core.attribute import ArticleContext, attribute
from sourcecheck.core.claims import is_claim
from sourcecheck.core.features import features
from sourcecheck.core.lexicon import PERSON_NOUNS
from sourcecheck.core.match import TermWeights, judge
from sourcecheck.core.model import (
    Article,
    Attribution,
    Claim,
    CorpusClaim,
    Kind,
    Match,
    Scored,
    Sentence,
    Source,
)
from sourcecheck.core.origins import origin_key
from sourcecheck.core.policy import Policy
from sourcecheck.core.score import attribution_strength, score_claim, unknown_origin
from sourcecheck.core.segment import segment

_LEDE_SENTENCES = 3
_CLAIM_WORDS = re.compile(r"\b(claims?|claimed|alleg\w*|reports?|reported|revealed|wrote|according)\b", re.I)


def extract(article: Article) -> tuple[Claim, ...]:
    """Check-worthy claims of an article with their attribution and origin keys."""
    context = ArticleContext()
    sentences = segment(article.body)
    attributions = _quotes_take_their_later_speaker(sentences, [attribute(s, context) for s in sentences])
    attributions = _unnamed_then_named(attributions)
    attributions = _full_names(attributions, context, article.title)
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
    return _lede_sources(found, article.outlet)


_OPENERS = ('"', "“", "‘", "«")
_CLOSERS = ('"', "”", "’", "»")


def _quotes_take_their_later_speaker(
    sentences: Sequence[Sentence], attributions: list[Attribution]
) -> list[Attribution]:
    """A quote whose speaker is named only where it closes ('"...  ... ," the mayor said.')."""
    out = list(attributions)
    for i, sentence in enumerate(sentences):
        text = sentence.text
        if out[i].chain or not text.startswith(_OPENERS) or text.rstrip().endswith(_CLOSERS):
            continue
        for j in range(i + 1, min(i + 4, len(sentences))):
            later = sentences[j]
            if later.paragraph != sentence.paragraph:
                break
            if any(mark in later.text for mark in _CLOSERS):
                if out[j].chain:
                    out[i] = Attribution(out[j].chain, out[i].hedges)
                break
    return out


def _unnamed_then_named(attributions: list[Attribution]) -> list[Attribution]:
    """ "... according to a lawmaker. Jane Roe warned ...": a role introduced without a name and named
    in the very next sentence is that person."""
    out = list(attributions)
    for i in range(len(out) - 1):
        origin = out[i].chain[0] if out[i].chain else None
        following = out[i + 1].chain[0] if out[i + 1].chain else None
        if (
            origin is not None
            and following is not None
            and origin.kind is Kind.ANONYMOUS
            and origin.name.lower().startswith(("a ", "an "))
            and origin.name.lower().split()[-1] in PERSON_NOUNS
            and following.kind in (Kind.NAMED_OFFICIAL, Kind.NAMED_PERSON)
        ):
            out[i] = Attribution((following, *out[i].chain[1:]), out[i].hedges)
    return out


_TITLE_WORD = re.compile(r"[^\W_][\w\-]*")


def _full_names(attributions: list[Attribution], context: ArticleContext, title: str) -> list[Attribution]:
    """A person called by surname is named as the article introduced them ("Roe" -> "Jane Roe"),
    unless the headline calls them by that one name: the story's protagonist needs no first name."""
    headline = {w.lower().removesuffix("’s").removesuffix("'s") for w in _TITLE_WORD.findall(title)}

    def named(source: Source) -> Source:
        if source.kind not in (Kind.NAMED_OFFICIAL, Kind.NAMED_PERSON) or " " in source.name:
            return source
        if source.name.lower() in headline:
            return source
        person = context.person(source.name)
        if person is None or not 2 <= len(person.name.split()) <= 4:
            return source
        if not person.name.split()[-1].lower().endswith(source.name.lower()):
            return source
        return replace(source, name=person.name)

    return [Attribution(tuple(named(s) for s in a.chain), a.hedges) if a.chain else a for a in attributions]


def _lede_sources(found: list[tuple[int, Claim]], outlet: str) -> tuple[Claim, ...]:
    """A lede's bare, hedged claim takes the source the article names later for it: the later
    attributed claim that shares its facts (numbers, names, words), else the first that speaks of
    claims or reports ("The claims were made by ...")."""
    sources = [
        (i, c)
        for i, c in found
        if i >= 1 and c.attribution.kind in (Kind.NAMED_PERSON, Kind.ANONYMOUS, Kind.NEWS_OUTLET)
    ]
    by_words = next((c.attribution for i, c in sources if i >= 2 and _CLAIM_WORDS.search(c.text)), None)
    out: list[Claim] = []
    for index, claim in found:
        a = claim.attribution
        if index < _LEDE_SENTENCES and not a.chain and a.hedges:
            later = _sharing(claim, [c for i, c in sources if i > index]) or by_words
            if later is not None:
                moved = Attribution(later.chain, a.hedges)
                claim = Claim(
                    claim.id, claim.text, claim.span, moved, origin_key(moved, outlet), claim.features
                )
        out.append(claim)
    return tuple(out)


def _sharing(claim: Claim, later: list[Claim]) -> Attribution | None:
    """The attribution of the later claim sharing a number and two more words with `claim`, if any."""
    mine = claim.features
    for other in later:
        theirs = other.features
        if mine.numbers & theirs.numbers and len(mine.terms & theirs.terms) >= 2:
            return other.attribution
    return None


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
        supporting: list[Match] = []
        contradicting: list[Match] = []
        strengths: dict[str, float] = {}
        for other in candidates.get(claim.id, ()):
            if other.article_id == article.id or other.outlet == article.outlet:
                continue
            if not in_window(article.published, other.published, policy.matching.window_days):
                continue
            match = judge(claim, other, policy.matching, weights)
            if match is None:
                continue
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
