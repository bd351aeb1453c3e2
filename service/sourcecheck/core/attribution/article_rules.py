"""Rules that need more than one sentence: a quote's speaker named only where it closes, a role
named in the next sentence, a surname's full name, a lede's source given later in the article."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from sourcecheck.core.attribution.context import ArticleContext
from sourcecheck.core.attribution.names import looks_like_person, without_titles
from sourcecheck.core.attribution.sources import Classifier
from sourcecheck.core.attribution.tokens import name_runs, tokenize
from sourcecheck.core.hedges import find_hedges
from sourcecheck.core.lexicon import GIVEN_NAMES, PERSON_NOUNS
from sourcecheck.core.model import Attribution, Claim, Kind, Sentence, Source
from sourcecheck.core.origins import origin_key

_OPENERS = ('"', "“", "‘", "«", "''", "``")
_CLOSERS = ('"', "”", "’", "»", "''")


def quotes_take_their_later_speaker(
    sentences: Sequence[Sentence], attributions: list[Attribution]
) -> list[Attribution]:
    """A quote whose speaker is named only where it closes ('"...  ... ," the mayor said.'): every
    sentence of it, from the one that opens it, takes that speaker."""
    out = list(attributions)
    for i, sentence in enumerate(sentences):
        text = sentence.text
        if out[i].chain or not text.startswith(_OPENERS) or text.rstrip().endswith(_CLOSERS):
            continue
        for j in range(i + 1, min(i + 8, len(sentences))):
            later = sentences[j]
            if later.paragraph != sentence.paragraph:
                break
            if any(mark in later.text for mark in _CLOSERS):
                if out[j].chain:
                    for k in range(i, j):
                        out[k] = Attribution(
                            out[j].chain,
                            find_hedges(sentences[k].text),
                            "quote-speaker-named-where-it-closes",
                        )
                break
    return out


_SPEAKER_LABEL = re.compile(r"^((?:[A-Z][\w.'’-]*\s+){0,5}[A-Z][\w.'’-]*)\s*:\s+\S")


def speaker_turns(
    sentences: Sequence[Sentence], attributions: list[Attribution], context: ArticleContext
) -> list[Attribution]:
    """Remarks set out at length. A transcript's label ("Mayor Jo Park: Thank you ...") opens a
    speaker's turn that runs to the next label; a sentence that introduces remarks with a colon ("The
    governor described the rescue in her remarks:") gives its speaker the sentences after it, until
    the narrator names that speaker again ("As the governor explained, ...") or another colon or label
    opens new remarks. A sentence with a source of its own keeps it."""
    out = list(attributions)
    classifier = Classifier(context)
    turn: tuple[Source, ...] = ()
    turn_rule = ""
    for i, sentence in enumerate(sentences):
        first_in_paragraph = i == 0 or sentences[i - 1].paragraph != sentence.paragraph
        label = _SPEAKER_LABEL.match(sentence.text) if first_in_paragraph else None
        speaker = _label_speaker(label.group(1), sentence, classifier) if label else None
        if speaker is not None:
            out[i] = Attribution((speaker,), find_hedges(sentence.text), "transcript-speaker-label")
            # A headline quoting someone ("Jo Park: Budget 'Will Pass'") opens no turn; a transcript does.
            opens = not (label and _title_case(sentence.text[len(label.group(1)) :].lstrip(" :")))
            turn, turn_rule = ((speaker,), "transcript-speaker-label") if opens else ((), "")
            continue
        own = out[i].chain
        named_again = not out[i].rule.endswith(":pronoun")  # "she asked": a pronoun names no one anew
        if own and turn and named_again and own[0].name.split()[-1:] == turn[0].name.split()[-1:]:
            turn = ()  # the narrator speaks of the speaker again: the remarks are over
        elif turn and not own:
            out[i] = Attribution(turn, find_hedges(sentence.text), turn_rule)
        if own and sentence.text.rstrip().endswith(":") and own[0].kind is not Kind.DOCUMENT:
            turn, turn_rule = own, "remarks-after-colon"
    return out


def _label_speaker(label: str, sentence: Sentence, classifier: Classifier) -> Source | None:
    """The person a transcript label names, if it names one ("President Jo Park", "Park", "PARK")."""
    if label.isupper() and len(label) > 2:
        label = label.title()  # transcripts write speakers in capitals ("PARK: ...")
    toks = tokenize(label)
    runs = name_runs(toks)
    if not runs or runs[0] != (0, len(toks)):
        return None
    i, j = without_titles(toks, 0, len(toks)) if len(toks) > 1 else (0, 1)
    words = [t.text for t in toks[i:j]]
    titled = i > 0
    known = titled or classifier.context.in_cast(words[-1]) is not None or words[0].lower() in GIVEN_NAMES
    headline = _title_case(sentence.text[len(label) :].lstrip(" :"))
    if not (known or (looks_like_person(words) and not headline)):
        return None  # "Warehouse Fire: Two Charged" is a headline's topic, not a speaker
    source = classifier.classify(toks, sentence.span.start, "said")
    if source is None or source.kind not in (Kind.NAMED_OFFICIAL, Kind.NAMED_PERSON):
        return None
    return source


def _title_case(text: str) -> bool:
    """Most words capitalised, as in a headline."""
    words = [w for w in (w.lstrip("'‘\"“") for w in text.split()) if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def unnamed_then_named(attributions: list[Attribution]) -> list[Attribution]:
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
            out[i] = Attribution((following, *out[i].chain[1:]), out[i].hedges, "unnamed-then-named")
    return out


_TITLE_WORD = re.compile(r"[^\W_][\w\-]*")


def full_names(attributions: list[Attribution], context: ArticleContext, title: str) -> list[Attribution]:
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

    return [replace(a, chain=tuple(named(s) for s in a.chain)) if a.chain else a for a in attributions]


_LEDE_SENTENCES = 3
_CLAIM_WORDS = re.compile(r"\b(claims?|claimed|alleg\w*|reports?|reported|revealed|wrote|according)\b", re.I)


def lede_sources(found: list[tuple[int, Claim]], outlet: str) -> tuple[Claim, ...]:
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
                moved = Attribution(later.chain, a.hedges, "lede-takes-later-source")
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
