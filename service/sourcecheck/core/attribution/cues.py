"""Cues: where a sentence tells who speaks ("X said", "said X", "according to X", "X told Y",
"citing X", "documents show"), and the words around the cue that name the speaker."""

from __future__ import annotations

from dataclasses import dataclass

from sourcecheck.core.attribution.phrases import (
    FINITE_AUXILIARIES,
    is_verb_use,
    named_subject_before,
    phrase_after,
    sentence_subject,
    subject_before,
    titled_name_follows,
)
from sourcecheck.core.attribution.tokens import OPEN_QUOTES, Token
from sourcecheck.core.lexicon import (
    BY_AGENT_VERBS,
    CLAUSE_OPENERS,
    DOCUMENT_HEADS,
    INVERTIBLE_SAY_VERBS,
    NOUN_PHRASE_LEADERS,
    OBTAIN_VERBS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PLURAL_SAY_VERBS,
    SAY_INFINITIVES,
    SAY_PARTICIPLES,
    SAY_VERBS,
    SHOW_VERBS,
)

# Words that make "confirmed by", "approved by" an act still to come ("must be confirmed by the Senate").
_NOT_YET = frozenset("must will would should could can may if to".split())


@dataclass(frozen=True, slots=True)
class Cue:
    """A place where the sentence says who speaks: the speaker's words, the verb, who it was told to,
    where the verb stands, and the id of the cue rule (shown by `sourcecheck explain`)."""

    source_toks: list[Token]
    verb: str
    relay_toks: list[Token]
    position: int
    rule: str


def find_cues(toks: list[Token]) -> list[Cue]:
    cues: list[Cue] = []
    n = len(toks)
    for k, tok in enumerate(toks):
        word = tok.lower
        if word == "according" and k + 1 < n and toks[k + 1].lower == "to":
            cues.append(Cue(phrase_after(toks, k + 2), "according", [], k, "according-to"))
        elif word in ("called", "calls", "call") and k + 1 < n and _calls_out(toks, k):
            subject = subject_before(toks, k)  # "the commission called for ...", "she called it a sham"
            if subject:
                cues.append(Cue(subject, "called", [], k, "called"))
        elif word in ("pointed", "points", "point") and k + 1 < n and toks[k + 1].lower in ("out", "to"):
            subject = subject_before(toks, k)  # "the report points out that ...", "she pointed to ..."
            if subject:
                cues.append(Cue(subject, "pointed", [], k, "pointed"))
        elif word in ("quoted", "quotes", "quoting") and _as_saying(toks, k) is not None:
            # "CNN quoted a witness as saying ...": the witness speaks, the quoting outlet relays;
            # "the mayor was quoted as saying": the subject speaks.
            end = _as_saying(toks, k) or k
            if end == k + 1:
                cues.append(Cue(sentence_subject(toks), "told", [], k, "quoted-as-saying"))
            else:
                relayed = subject_before(toks, k) if word != "quoting" else sentence_subject(toks)
                cues.append(Cue(toks[k + 1 : end], "told", relayed, k, "quoted-as-saying"))
        elif word in ("named", "names") and any(t.lower == "as" for t in toks[k + 1 : k + 7]):
            subject = subject_before(toks, k)  # "the document named the office as ...": a speech act
            if subject:
                cues.append(Cue(subject, "named", [], k, "named-as"))
        elif word == "citing":
            cues.append(Cue(phrase_after(toks, k + 1), "citing", [], k, "citing"))
        elif word in ("told", "tells", "tell") and k + 1 < n:
            previous = toks[k - 1] if k else None
            listener = phrase_after(toks, k + 1, limit=6)
            if listener and listener[0].lower == "the" and len(listener) > 1 and listener[1].capitalised:
                listener = listener[1:]
            relay = (
                listener
                if listener and listener[0].capitalised and listener[0].lower not in PERSON_PRONOUNS
                else []
            )
            subject = subject_before(toks, k)
            if subject:
                cues.append(Cue(subject, "told", relay, k, "told"))
        elif (
            word == "by"
            and any(t.lower in BY_AGENT_VERBS for t in toks[max(0, k - 3) : k])
            and not any(t.lower in _NOT_YET for t in toks[max(0, k - 4) : k])
        ):
            cues.append(Cue(phrase_after(toks, k + 1), "made", [], k, "by-agent"))
        elif (word in SAY_PARTICIPLES and not _adds_to(toks, k)) or (
            word in SAY_INFINITIVES and k >= 1 and toks[k - 1].lower == "to"
        ):
            # ", insisting that ...": the sentence's subject speaks; "a prosecutor declaring that ...":
            # the noun right before the participle does.
            after_comma = k >= 1 and toks[k - 1].text == ","
            subject = (
                sentence_subject(toks) if after_comma or word in SAY_INFINITIVES else subject_before(toks, k)
            )
            if subject:
                cues.append(Cue(subject, word, [], k, "participle"))
        elif word in OBTAIN_VERBS and k + 1 < n:
            thing = phrase_after(toks, k + 1, limit=5)
            if any(t.lower in DOCUMENT_HEADS for t in thing):
                cues.append(Cue(thing, "show", subject_before(toks, k), k, "obtained-document"))
        elif word == "from" and k >= 1 and toks[k - 1].lower in ("learned", "learnt", "heard"):
            subject = subject_before(toks, k - 1)
            cues.append(Cue(phrase_after(toks, k + 1), "told", subject, k, "learned-from"))
        elif _verb_at(toks, k) and is_verb_use(toks, k):
            previous = toks[k - 1] if k else None
            nxt = toks[k + 1] if k + 1 < n else None
            # Inverted: '..., said John Smith, a spokesman.' / '"...," said the minister.'
            if (
                word in INVERTIBLE_SAY_VERBS
                and previous is not None
                and previous.text in (",", "”", '"', "’")
                and nxt is not None
                and nxt.is_word
                # "..., said she." inverts; ", said she made ..." is a pronoun opening the content.
                and not (nxt.lower in PERSON_PRONOUNS and k + 2 < n and toks[k + 2].is_word)
                and (
                    nxt.capitalised
                    or nxt.lower in NOUN_PHRASE_LEADERS
                    or nxt.lower in PERSON_PRONOUNS
                    or nxt.lower in PERSON_NOUNS
                    or nxt.lower in ("his", "her", "their", "its")
                    or titled_name_follows(toks, k + 1)
                )
            ):
                after = phrase_after(toks, k + 1)
                named_before = previous.text == "," and named_subject_before(toks, k)
                if after and not named_before and not any(t.lower in FINITE_AUXILIARIES for t in after):
                    cues.append(Cue(after, word, [], k, "inverted"))
                    continue  # ", said the quake was shallow" has a clause after it, not a speaker
            if (
                word in INVERTIBLE_SAY_VERBS
                and previous is not None
                and previous.text == ","
                and nxt is not None
            ):
                after = phrase_after(toks, k + 1)
                rest = [t for t in toks[k + 1 :] if t.is_word]
                if (
                    after
                    and len(after) == len(rest)
                    and any(t.capitalised for t in after)
                    and after[0].lower not in CLAUSE_OPENERS
                    and not any(t.lower in FINITE_AUXILIARIES for t in after)
                ):
                    cues.append(
                        Cue(after, word, [], k, "inverted-closing")
                    )  # "..., said disaster agency official Jane."
                    continue
            subject = subject_before(toks, k)
            if subject:
                cues.append(Cue(subject, word, [], k, "subject-verb"))
    return cues


def _as_saying(toks: list[Token], k: int) -> int | None:
    """Where "as saying" stands after "quoted X", if it does within a short noun phrase."""
    for m in range(k + 1, min(len(toks) - 1, k + 12)):
        if toks[m].lower == "as" and toks[m + 1].lower in ("saying", "having"):
            return m
        if toks[m].text in (".", ";", ":") or toks[m].lower == "that":
            return None
    return None


def _calls_out(toks: list[Token], k: int) -> bool:
    """ "called for/on ...", "called the plan a sham", 'called it "reckless"': a speech act, not a
    phone call ("called police") nor a name ("a group called Example")."""
    nxt = toks[k + 1].lower
    if nxt in ("for", "on"):
        return True
    if k >= 1 and toks[k - 1].lower in ("a", "an", "the", "group", "company", "so", "is", "was", "be"):
        return False
    window = [t for t in toks[k + 1 : k + 6]]
    return any(t.lower in ("a", "an") or t.text in OPEN_QUOTES for t in window[1:]) and nxt not in (
        "a",
        "an",
    )


def main_clause_cues(toks: list[Token], cues: list[Cue]) -> list[Cue]:
    """Cues of the main clause: a verb inside a relative clause ("an official who asked not to be
    named told ...") speaks only when the sentence has no other cue."""
    main = [c for c in cues if not (c.position >= 1 and toks[c.position - 1].lower in ("who", "which"))]
    return main or cues


def closing_cue_first(toks: list[Token], cues: list[Cue]) -> list[Cue]:
    """ "..., the remains found in the graves, Jane Roe said.": a speaker closing the sentence after a
    comma or a quote speaks the whole of it, whatever verbs stand inside."""
    if len(cues) < 2 or (cues[-1].verb not in SAY_VERBS and cues[-1].verb != "according"):
        return cues
    last = cues[-1]
    positions = {id(t): n for n, t in enumerate(toks)}
    indices = [positions[id(t)] for t in last.source_toks if id(t) in positions] + [last.position]
    first, end = min(indices), max(indices)
    words_after = [t for t in toks[end + 1 :] if t.is_word]
    if first >= 1 and toks[first - 1].text in (",", "”", '"', "’") and not words_after:
        return [last, *cues[:-1]]
    return cues


def _verb_at(toks: list[Token], k: int) -> str | None:
    word = toks[k].lower
    if word in SAY_VERBS or word in SHOW_VERBS:
        return word
    if word in PLURAL_SAY_VERBS and k >= 1 and _plural_subject_end(toks[k - 1].lower):
        return word  # "critics argue", "they insist"
    return None


def _plural_subject_end(word: str) -> bool:
    return word in ("they", "we", "i", "you", "others", "some", "many", "most", "both", "people") or (
        len(word) > 3 and word.endswith("s") and not word.endswith("ss")
    )


def _adds_to(toks: list[Token], k: int) -> bool:
    """ "..., adding to her lead": to add to is to increase, not to say."""
    return toks[k].lower == "adding" and k + 1 < len(toks) and toks[k + 1].lower in ("to", "up")
