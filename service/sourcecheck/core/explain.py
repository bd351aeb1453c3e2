"""Why each sentence got its attribution: the cues found, the rule that decided the origin, and
whether the sentence is a claim. For `sourcecheck explain` and for naming the rule behind a mistake
in `sourcecheck eval`; it reads the article exactly as `extract` does."""

from __future__ import annotations

from dataclasses import dataclass

from sourcecheck.core.attribution import attribute_article
from sourcecheck.core.attribution.cues import closing_cue_first, find_cues, main_clause_cues
from sourcecheck.core.attribution.tokens import OPEN_QUOTES, drop_scare_quotes, outside_quotes, tokenize
from sourcecheck.core.claims import is_claim
from sourcecheck.core.model import Article, Attribution, Span
from sourcecheck.core.pipeline import extract
from sourcecheck.core.segment import segment


@dataclass(frozen=True, slots=True)
class CueReading:
    """A cue as found: its verb (or phrase), the words naming the speaker, the cue rule's id."""

    verb: str
    speaker: str
    rule: str


@dataclass(frozen=True, slots=True)
class SentenceReading:
    """One sentence as read: whether it is a claim, the cues in it, and its final attribution
    (`attribution.rule` names the rule that decided the origin; empty when nothing did)."""

    text: str
    span: Span
    claim: bool
    cues: tuple[CueReading, ...]
    attribution: Attribution


def explain(article: Article) -> tuple[SentenceReading, ...]:
    sentences = segment(article.body)
    attributions = attribute_article(sentences, article.title)
    final = {claim.span: claim.attribution for claim in extract(article)}  # with the lede rule applied
    readings: list[SentenceReading] = []
    in_quote = False
    for sentence, attribution in zip(sentences, attributions, strict=True):
        toks = drop_scare_quotes(tokenize(sentence.text))
        starts_in_quote = in_quote and not (toks and toks[0].text in OPEN_QUOTES)
        outside, in_quote = outside_quotes(toks, starts_in_quote)
        cues = tuple(
            CueReading(cue.verb, " ".join(t.text for t in cue.source_toks), cue.rule)
            for cue in closing_cue_first(outside, main_clause_cues(outside, find_cues(outside)))
        )
        claim = is_claim(sentence)
        readings.append(
            SentenceReading(sentence.text, sentence.span, claim, cues, final.get(sentence.span, attribution))
        )
    return tuple(readings)
