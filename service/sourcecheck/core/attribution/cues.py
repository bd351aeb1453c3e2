"""Cues: where a sentence tells who speaks ("X said", "said X", "according to X", "X told Y",
"citing X", "documents show"), and the words around the cue that name the speaker."""

from __future__ import annotations

from dataclasses import dataclass

from sourcecheck.core.attribution.names import looks_like_person
from sourcecheck.core.attribution.tokens import CLOSE_QUOTES, OPEN_QUOTES, Token, name_runs
from sourcecheck.core.lexicon import (
    ACT_OR_REPORT_VERBS,
    AUXILIARIES_AND_ADVERBS,
    BY_AGENT_VERBS,
    CLAUSE_OPENERS,
    DETERMINERS,
    DOCUMENT_HEADS,
    HEAD_NOUNS,
    INVERTIBLE_SAY_VERBS,
    MAIN_CLAUSE_VERBS,
    NOUN_MARKERS,
    NOUN_PHRASE_LEADERS,
    OBTAIN_VERBS,
    OFFICIAL_ROLES,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PERSON_ROLES,
    PLURAL_SAY_VERBS,
    PREPOSITIONS,
    SAY_INFINITIVES,
    SAY_PARTICIPLES,
    SAY_VERBS,
    SAY_WORDS_ALSO_NOUNS,
    SHOW_VERBS,
    SUBJECT_BOUNDARY_WORDS,
    TIME_WORDS,
)

_INTERJECTED = frozenset("meanwhile however though too also moreover instead likewise nevertheless".split())
_SUBJECT_PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i"])
# Words that make "confirmed by", "approved by" an act still to come ("must be confirmed by the Senate").
_NOT_YET = frozenset("must will would should could can may if to".split())
_TIME_LEADS = frozenset(["on", "last", "this"])
_FINITE_AUXILIARIES = frozenset("is are was were has have had will would could can may might must".split())


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
            cues.append(Cue(_phrase_after(toks, k + 2), "according", [], k, "according-to"))
        elif word in ("called", "calls", "call") and k + 1 < n and _calls_out(toks, k):
            subject = _subject_before(toks, k)  # "the commission called for ...", "she called it a sham"
            if subject:
                cues.append(Cue(subject, "called", [], k, "called"))
        elif word in ("pointed", "points", "point") and k + 1 < n and toks[k + 1].lower in ("out", "to"):
            subject = _subject_before(toks, k)  # "the report points out that ...", "she pointed to ..."
            if subject:
                cues.append(Cue(subject, "pointed", [], k, "pointed"))
        elif word in ("quoted", "quotes", "quoting") and _as_saying(toks, k) is not None:
            # "CNN quoted a witness as saying ...": the witness speaks, the quoting outlet relays;
            # "the mayor was quoted as saying": the subject speaks.
            end = _as_saying(toks, k) or k
            if end == k + 1:
                cues.append(Cue(_sentence_subject(toks), "told", [], k, "quoted-as-saying"))
            else:
                relayed = _subject_before(toks, k) if word != "quoting" else _sentence_subject(toks)
                cues.append(Cue(toks[k + 1 : end], "told", relayed, k, "quoted-as-saying"))
        elif word in ("named", "names") and any(t.lower == "as" for t in toks[k + 1 : k + 7]):
            subject = _subject_before(toks, k)  # "the document named the office as ...": a speech act
            if subject:
                cues.append(Cue(subject, "named", [], k, "named-as"))
        elif word == "citing":
            cues.append(Cue(_phrase_after(toks, k + 1), "citing", [], k, "citing"))
        elif word in ("told", "tells", "tell") and k + 1 < n:
            previous = toks[k - 1] if k else None
            listener = _phrase_after(toks, k + 1, limit=6)
            if listener and listener[0].lower == "the" and len(listener) > 1 and listener[1].capitalised:
                listener = listener[1:]
            relay = (
                listener
                if listener and listener[0].capitalised and listener[0].lower not in PERSON_PRONOUNS
                else []
            )
            subject = _subject_before(toks, k)
            if subject:
                cues.append(Cue(subject, "told", relay, k, "told"))
        elif (
            word == "by"
            and any(t.lower in BY_AGENT_VERBS for t in toks[max(0, k - 3) : k])
            and not any(t.lower in _NOT_YET for t in toks[max(0, k - 4) : k])
        ):
            cues.append(Cue(_phrase_after(toks, k + 1), "made", [], k, "by-agent"))
        elif word in SAY_PARTICIPLES or (word in SAY_INFINITIVES and k >= 1 and toks[k - 1].lower == "to"):
            # ", insisting that ...": the sentence's subject speaks; "a prosecutor declaring that ...":
            # the noun right before the participle does.
            after_comma = k >= 1 and toks[k - 1].text == ","
            subject = (
                _sentence_subject(toks)
                if after_comma or word in SAY_INFINITIVES
                else _subject_before(toks, k)
            )
            if subject:
                cues.append(Cue(subject, word, [], k, "participle"))
        elif word in OBTAIN_VERBS and k + 1 < n:
            thing = _phrase_after(toks, k + 1, limit=5)
            if any(t.lower in DOCUMENT_HEADS for t in thing):
                cues.append(Cue(thing, "show", _subject_before(toks, k), k, "obtained-document"))
        elif word == "from" and k >= 1 and toks[k - 1].lower in ("learned", "learnt", "heard"):
            subject = _subject_before(toks, k - 1)
            cues.append(Cue(_phrase_after(toks, k + 1), "told", subject, k, "learned-from"))
        elif _verb_at(toks, k) and _is_verb_use(toks, k):
            previous = toks[k - 1] if k else None
            nxt = toks[k + 1] if k + 1 < n else None
            # Inverted: '..., said John Smith, a spokesman.' / '"...," said the minister.'
            if (
                word in INVERTIBLE_SAY_VERBS
                and previous is not None
                and previous.text in (",", "”", '"', "’")
                and nxt is not None
                and nxt.is_word
                and (
                    nxt.capitalised
                    or nxt.lower in NOUN_PHRASE_LEADERS
                    or nxt.lower in PERSON_PRONOUNS
                    or nxt.lower in PERSON_NOUNS
                    or nxt.lower in ("his", "her", "their", "its")
                    or _titled_name_follows(toks, k + 1)
                )
            ):
                after = _phrase_after(toks, k + 1)
                named_before = previous.text == "," and _named_subject_before(toks, k)
                if after and not named_before and not any(t.lower in _FINITE_AUXILIARIES for t in after):
                    cues.append(Cue(after, word, [], k, "inverted"))
                    continue  # ", said the quake was shallow" has a clause after it, not a speaker
            if (
                word in INVERTIBLE_SAY_VERBS
                and previous is not None
                and previous.text == ","
                and nxt is not None
            ):
                after = _phrase_after(toks, k + 1)
                rest = [t for t in toks[k + 1 :] if t.is_word]
                if (
                    after
                    and len(after) == len(rest)
                    and any(t.capitalised for t in after)
                    and after[0].lower not in CLAUSE_OPENERS
                    and not any(t.lower in _FINITE_AUXILIARIES for t in after)
                ):
                    cues.append(
                        Cue(after, word, [], k, "inverted-closing")
                    )  # "..., said disaster agency official Jane."
                    continue
            subject = _subject_before(toks, k)
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


def _is_verb_use(toks: list[Token], k: int) -> bool:
    """Whether a saying word is used as a verb here ("the reports of", "his claims" are nouns)."""
    word = toks[k].lower
    if k >= 1 and toks[k].capitalised and toks[k - 1].capitalised and toks[k - 1].is_word:
        return False  # "the United States", "Mount Shows": part of a name
    if word in ("alleged", "reported", "claimed", "suspected") and k >= 1:
        previous = toks[k - 1].lower
        if previous in DETERMINERS or previous.endswith(("’s", "'s")):
            return False  # "the minister's alleged meetings": an adjective
    if word in ("charged", "charges", "charge") and k + 1 < len(toks) and toks[k + 1].lower == "with":
        return False  # "charged with manslaughter": the law's charge, not a speaker's
    if word in ACT_OR_REPORT_VERBS and (k + 1 < len(toks)):
        following = toks[k + 1]
        if following.is_word and not following.capitalised and following.lower not in CLAUSE_OPENERS:
            return False  # "claimed victory", "announced plans": an act, not a report
    if word not in SAY_WORDS_ALSO_NOUNS:
        return True
    previous = toks[k - 1].lower if k else ""
    nxt = toks[k + 1].lower if k + 1 < len(toks) else ""
    if previous in NOUN_MARKERS:
        return False
    if k + 1 >= len(toks) or toks[k + 1].text in (",", ";", ")", "(", ":"):
        return False  # "according to the criminal charges," ends a noun phrase
    return nxt not in ("of", "by", "about", "from", "on", "were", "was", "are", "is", "have", "that's")


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


def _subject_before(toks: list[Token], verb_index: int) -> list[Token]:
    """The noun phrase right before a verb, skipping auxiliaries, with one apposition.

    "Ruslan Roe, head of a think tank, said" and "the country's leader, Jane Roe,
    signalled" both give the whole phrase; the classifier finds the name in it.
    """
    i = verb_index - 1
    passive = False
    while i >= 0 and (toks[i].lower in AUXILIARIES_AND_ADVERBS or toks[i].lower.endswith(("n't", "n’t"))):
        passive = passive or toks[i].lower in ("was", "were", "is", "are", "been", "be")
        if toks[i].lower in ("not", "never") or toks[i].lower.endswith(("n't", "n’t")):
            return []  # "has not commented", "wouldn't say": no attribution
        i -= 1
    if passive and toks[verb_index].lower.endswith(("ed", "en", "wn", "ld", "id")):
        return []  # "it was reported", "the statement was published": no speaker here
    if i >= 2 and toks[i].text == "," and toks[i - 1].lower in _INTERJECTED and toks[i - 2].text == ",":
        i -= 3  # "Northvale, meanwhile, said": skip the interjected adverb
    if i >= 0 and toks[i].text in ("—", "–"):
        # "Jane Roe—the company's chief executive—says": skip the apposition between the dashes.
        opening = next((k for k in range(i - 1, max(-1, i - 25), -1) if toks[k].text == toks[i].text), None)
        if opening is not None and opening >= 1:
            i = opening - 1
    if i >= 2 and toks[i].text == "," and toks[i - 1].text.isdigit() and toks[i - 2].text == ",":
        i -= 3  # "Kessler, 34, told police": the age is no part of the subject
    if i >= 0 and toks[i].text == ",":
        i -= 1
        # "Jane Roe, who farms near the river, said": the speaker is the relative clause's antecedent.
        for k in range(i, max(-1, i - 24), -1):
            if toks[k].text in (";", ":") or toks[k].text in OPEN_QUOTES or toks[k].text in CLOSE_QUOTES:
                break
            if toks[k].lower in ("who", "which") and k >= 2:
                # ", who farms ...": the antecedent before the comma; a "who" with no comma before it
                # ("a former executive who became ...") ends the search where it stands.
                i = k - 2 if toks[k - 1].text == "," else i
                break
    end = i + 1
    joined = toks[verb_index - 1].lower == "and" or (
        toks[verb_index - 1].lower == "but" and toks[verb_index].lower in INVERTIBLE_SAY_VERBS
    )
    if joined and verb_index >= 2 and toks[verb_index - 2].is_word:
        # "Northvale runs a plant in Ostrava and says it will ...", "declined to comment but said ...":
        # the verbs share the sentence's subject.
        return _sentence_subject(toks)
    segments = 0
    while i >= 0 and end - i <= 16:
        t = toks[i]
        if t.lower in SAY_VERBS and t.lower not in SAY_WORDS_ALSO_NOUNS and not t.capitalised:
            if i >= 2 and toks[i - 1].lower == "who" and segments == 0:
                end, i = i - 1, i - 2  # "an official who asked not to be named told": the antecedent
                continue
            break  # "Police said the neighbours identified ...": the subject ends at the first verb
        if t.text in ("(", ")") or (t.is_word and t.lower not in SUBJECT_BOUNDARY_WORDS):
            i -= 1
            continue
        if t.lower == "who" and i >= 1 and toks[i - 1].is_word and segments == 0:
            end, i = i, i - 1  # "a local official who asked not to be named told": the antecedent
            continue
        if t.text == "," and i >= 3 and toks[i - 1].text.isdigit() and toks[i - 2].text == ",":
            i -= 3  # "Ramil Carr, 31, a photographer, said": an age is no clause
            continue
        if _place_and_region_before(toks, i):
            i -= 3  # "a Dover, Del., pastor": a town and its region inside the phrase
            continue
        if t.lower == "and" and i >= 1 and toks[i - 1].lower in HEAD_NOUNS and not toks[i - 1].capitalised:
            i -= 1  # "police and family said"
            continue
        first_comma = t.text == "," and segments == 0 and i >= 1 and toks[i - 1].is_word
        if (
            first_comma
            and i + 1 < end
            and toks[i + 1].lower.endswith(("ing", "ed"))
            and not toks[i + 1].capitalised
        ):
            # "Officials at the port, speaking on condition of anonymity, said": the participle's
            # phrase is no part of the speaker.
            segments += 1
            end, i = i, i - 1
            continue
        if (
            first_comma
            and (
                any(x.capitalised for x in toks[i + 1 : end])
                or (
                    toks[i + 1].lower in ("a", "an", "the", "another", "one", "his", "her", "its", "their")
                    and any(_personal_noun(x.lower) for x in toks[i + 1 : end])
                )
            )
            and (toks[i - 1].capitalised or toks[i - 1].lower in PERSON_NOUNS)
        ):
            segments += 1  # "Jane Roe, a farmer, said": one apposition
            i -= 1
            continue
        break
    subject = toks[i + 1 : end]
    while subject and subject[0].text in (",", ")"):
        subject = subject[1:]
    if len(subject) > 1 and subject[-1].lower in _SUBJECT_PRONOUNS and subject[-2].lower not in ("and", "or"):
        subject = subject[-1:]  # "While on the stand he told": the pronoun is the subject
    while len(subject) >= 3 and subject[-1].lower in TIME_WORDS and subject[-2].lower in _TIME_LEADS:
        subject = subject[:-2]  # "Northvale Energy on Wednesday announced": the time is no part of it
    if segments and subject and subject[0].lower in PREPOSITIONS:
        comma = max((n for n, t in enumerate(subject) if t.text == ","), default=-1)
        subject = subject[comma + 1 :]
    if len(subject) == 1 and subject[0].lower in ("this", "that", "there", "which", "what", "who"):
        return []
    if subject and subject[0].lower in PREPOSITIONS:
        # "In a letter published on ...": a setting, not a speaker; "In a Monday statement President
        # Jo Park said": the name that closes the setting speaks.
        start = len(subject)
        while start > 1 and subject[start - 1].is_word and subject[start - 1].capitalised:
            start -= 1
        return subject[start:] if start < len(subject) and start > 1 else []
    return subject


def _place_and_region_before(toks: list[Token], comma: int) -> bool:
    """ "a Dover, Del., pastor", "of Leeds, England, said": the comma closes "Town, Region" written as
    a modifier, not an apposition; the region is one capitalised word right after the town's comma."""
    return (
        comma >= 4
        and toks[comma].text == ","
        and toks[comma - 1].capitalised
        and toks[comma - 2].text == ","
        and toks[comma - 3].capitalised
        and toks[comma - 4].lower in ("a", "an", "the", "of", "in", "from", "near")
    )


def _titled_name_follows(toks: list[Token], start: int) -> bool:
    """'"...," said former state senator Jo Park': lower-case modifiers and a title lead to a name
    that ends the clause, so the phrase after the verb is its speaker, not its content."""
    end = start
    while end < len(toks) and toks[end].is_word and end - start < 8:
        if toks[end].lower in _FINITE_AUXILIARIES or toks[end].lower in CLAUSE_OPENERS:
            return False
        end += 1
    if end < len(toks) and toks[end].text not in (",", ".", "!", "?", ";"):
        return False
    phrase = toks[start:end]
    return any(looks_like_person([t.text for t in phrase[i:j]]) for i, j in name_runs(phrase))


def _named_subject_before(toks: list[Token], k: int) -> bool:
    """ "Tomas Varga, a hydrologist at the institute, said the river ...": a named subject opens the
    sentence before the verb's comma, so what follows "said" is the content, not the speaker."""
    subject = _subject_before(toks, k)
    return (
        bool(subject)
        and subject[0] is toks[0]
        and any(looks_like_person([t.text for t in subject[i:j]]) for i, j in name_runs(subject))
    )


def _personal_noun(word: str) -> bool:
    """A noun for a person: a known role, or an agent noun by its ending ("hydrologist", "pollster")."""
    return word in PERSON_NOUNS or (len(word) > 6 and word.endswith(("ist", "er", "or", "ian")))


def _sentence_subject(toks: list[Token]) -> list[Token]:
    """The main clause's subject, roughly: the words before its first verb-like word."""
    start = 0
    while start < len(toks) and (
        toks[start].lower in ("but", "and", "however", "then", "yet", "so") or not toks[start].is_word
    ):
        start += 1
    if start < len(toks) and (toks[start].lower in PREPOSITIONS or toks[start].lower in TIME_WORDS):
        # "Last week, the agency used ...": skip the opening adverbial up to its comma.
        comma = next((n for n in range(start, min(len(toks), start + 8)) if toks[n].text == ","), None)
        if comma is not None:
            start = comma + 1
    end = start
    while end < len(toks) and end - start < 5 and toks[end].is_word:
        word = toks[end].lower
        named_subject = toks[start].capitalised and toks[start].lower not in ("the", "a", "an")
        if named_subject and end > start and not toks[end].capitalised and toks[end - 1].capitalised:
            break  # "Northvale Energy runs ...": the name ends where the verb begins
        if end - start >= 1 and (
            word in SAY_VERBS
            or word in AUXILIARIES_AND_ADVERBS
            or word in MAIN_CLAUSE_VERBS
            or ((end - start >= 2 or named_subject) and word.endswith("ed"))
        ):
            break
        end += 1
    return toks[start:end] if end > start and end < len(toks) and toks[end].is_word else []


def _phrase_after(toks: list[Token], index: int, limit: int = 14) -> list[Token]:
    """The noun phrase after a cue, up to the next clause break or verb."""
    out: list[Token] = []
    j = index
    while j < len(toks) and len(out) < limit:
        t = toks[j]
        if t.text in (";", ":", "(", "—", "–") or (
            t.text == "," and out and not _apposition_follows(toks, j)
        ):
            break
        if t.text in OPEN_QUOTES | CLOSE_QUOTES:
            break
        if out and (
            (t.lower in SAY_VERBS and _is_verb_use(toks, j))
            or t.lower in ("that", "who", "which", "citing", "when", "while")
        ):
            break
        out.append(t)
        j += 1
    return out


def _apposition_follows(toks: list[Token], comma_index: int) -> bool:
    """ "Jane Roe, the mayor": a role after a name's comma. After a common noun ("the complaint, the
    driver left") the comma ends the phrase."""
    nxt = toks[comma_index + 1] if comma_index + 1 < len(toks) else None
    return bool(
        comma_index >= 1
        and toks[comma_index - 1].capitalised
        and nxt
        and nxt.lower in ("a", "an", "the")
        and comma_index + 2 < len(toks)
        and (
            toks[comma_index + 2].lower in OFFICIAL_ROLES
            or toks[comma_index + 2].lower in PERSON_ROLES
            or (comma_index + 3 < len(toks) and toks[comma_index + 3].lower in OFFICIAL_ROLES | PERSON_ROLES)
        )
    )
