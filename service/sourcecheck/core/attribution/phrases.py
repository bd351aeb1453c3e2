"""The speaker's phrase around a cue: the noun phrase before a verb (its appositions, relative
clauses, ages and parentheses set aside), the phrase after it, and the sentence's subject.

The shallow grammar of attribution that cues.py asks where a speaker's words begin and end.
"""

from __future__ import annotations

from sourcecheck.core.attribution.names import looks_like_person, without_titles
from sourcecheck.core.attribution.tokens import CLOSE_QUOTES, OPEN_QUOTES, Token, name_runs
from sourcecheck.core.lexicon import (
    ACT_OR_REPORT_VERBS,
    AUXILIARIES_AND_ADVERBS,
    CLAUSE_OPENERS,
    DETERMINERS,
    HEAD_NOUNS,
    HONORIFICS,
    INVERTIBLE_SAY_VERBS,
    MAIN_CLAUSE_VERBS,
    NAMING_PARTICIPLES,
    NOUN_MARKERS,
    OFFICE_ABBREVIATIONS,
    OFFICIAL_ROLES,
    PERSON_NOUNS,
    PERSON_ROLES,
    PREPOSITIONS,
    SAY_VERBS,
    SAY_WORDS_ALSO_NOUNS,
    SENTENCE_ADVERBS,
    SUBJECT_BOUNDARY_WORDS,
    TIME_WORDS,
)

_INTERJECTED = frozenset("meanwhile however though too also moreover instead likewise nevertheless".split())
_SUBJECT_PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i"])
_TIME_LEADS = frozenset(["on", "last", "this"])
FINITE_AUXILIARIES = frozenset("is are was were has have had will would could can may might must".split())


def is_verb_use(toks: list[Token], k: int) -> bool:
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


def subject_before(toks: list[Token], verb_index: int) -> list[Token]:
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
    if i >= 0 and toks[i].text == ")":
        # "Governor Jo Park (who has 25 delegates) said": skip the parenthesis.
        opening = next((k for k in range(i - 1, max(-1, i - 25), -1) if toks[k].text == "("), None)
        if opening is not None and opening >= 1 and not toks[opening + 1].capitalised:
            i = opening - 1  # "(FEMA)", "(R-Texas)" stay: they name the subject
    if i >= 2 and toks[i].text == "," and toks[i - 1].text.isdigit() and toks[i - 2].text == ",":
        i -= 3  # "Kessler, 34, told police": the age is no part of the subject
    closed_by_comma = i >= 0 and toks[i].text == ","  # "Jane Roe, a farmer, said": an apposition ends
    if closed_by_comma:
        i -= 1
        opening = _interjected_phrase_start(toks, i)
        if opening is not None:
            i = opening - 1  # "Police, in a statement, said", "Critics, on the other hand, argued"
        # "Jane Roe, who farms near the river, said": the speaker is the relative clause's antecedent.
        crossed_comma = False
        for k in range(i, max(-1, i - 24), -1):
            if toks[k].text in (";", ":") or toks[k].text in OPEN_QUOTES or toks[k].text in CLOSE_QUOTES:
                break
            crossed_comma = crossed_comma or toks[k].text == ","
            if toks[k].lower in ("who", "which") and k >= 2:
                # ", who farms ...": the antecedent before the comma. A "who" with no comma before it
                # closes an apposition's noun ("Roe, a voter who called himself a Catholic, said"): the
                # noun stays, the clause goes; past another comma it is the content's ("a child who
                # died, Roe, a doctor, said"), and the search ends where it stands.
                if toks[k - 1].text == ",":
                    i = k - 2
                elif not crossed_comma:
                    i = k - 1
                break
            if (
                toks[k].lower == "where"
                and k >= 2
                and toks[k - 1].is_word
                and toks[k - 1].lower not in DETERMINERS
            ):
                # ", a former barracks where the site was found, said": the clause describes a place
                # inside an apposition; the place is what stands before the verb.
                i = k - 1
                break
        if i >= 1 and toks[i].text.isdigit() and toks[i - 1].text == ",":
            i -= 2  # "Roe, 58, who lives nearby, says": the age before the relative clause
    end = i + 1
    joined = toks[verb_index - 1].lower == "and" or (
        toks[verb_index - 1].lower == "but" and toks[verb_index].lower in INVERTIBLE_SAY_VERBS
    )
    if joined and verb_index >= 2 and toks[verb_index - 2].is_word:
        # "Northvale runs a plant in Ostrava and says it will ...", "declined to comment but said ...":
        # the verbs share the sentence's subject.
        return sentence_subject(toks)
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
        if place_and_region_before(toks, i):
            i -= 3  # "a Dover, Del., pastor": a town and its region inside the phrase
            continue
        if (
            t.lower == "and"
            and i >= 1
            and toks[i - 1].lower in HEAD_NOUNS
            and (not toks[i - 1].capitalised or toks[i - 1].text.isupper())
        ):
            i -= 1  # "police and family said", "its CEO and co-founder, said"
            continue
        first_comma = t.text == "," and segments == 0 and i >= 1 and toks[i - 1].is_word
        if (
            first_comma
            and i + 1 < end
            and (
                (toks[i + 1].lower.endswith(("ing", "ed")) and not toks[i + 1].capitalised)
                or toks[i + 1].lower in ("himself", "herself", "themselves", "itself")
            )
        ):
            # "Officials at the port, speaking on condition of anonymity, said", "Roe, himself up for
            # reelection, said": the participle's or the reflexive's phrase is no part of the speaker.
            segments += 1
            end, i = i, i - 1
            continue
        if (
            first_comma
            and (
                any(x.capitalised for x in toks[i + 1 : end])
                or (
                    toks[i + 1].lower in ("a", "an", "the", "another", "one", "his", "her", "its", "their")
                    and any(personal_noun(x.lower) for x in toks[i + 1 : end])
                )
            )
            and (toks[i - 1].capitalised or toks[i - 1].lower in PERSON_NOUNS)
            and toks[i - 1].lower not in SENTENCE_ADVERBS
            and toks[i - 1].lower not in TIME_WORDS  # "... in September, the Navy said"
            and not _titled_person(toks[i + 1 : end])  # "... on the Gulf Coast, Dr. Terry said"
        ):
            segments += 1  # "Jane Roe, a farmer, said": one apposition
            i -= 1
            continue
        if (
            first_comma
            and closed_by_comma
            and toks[verb_index].lower not in NAMING_PARTICIPLES
            and toks[i + 1].lower in ("a", "an", "the")
            and not any(
                x.capitalised or x.lower in HEAD_NOUNS or personal_noun(x.lower) for x in toks[i + 1 : end]
            )
        ):
            # "Residents near the base, a former barracks, described ...": an apposition that names
            # no speaker describes the noun before it, which speaks.
            segments += 1
            end, i = i, i - 1
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


def place_and_region_before(toks: list[Token], comma: int) -> bool:
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


def titled_name_follows(toks: list[Token], start: int) -> bool:
    """'"...," said former state senator Jo Park': lower-case modifiers and a title lead to a name
    that ends the clause, so the phrase after the verb is its speaker, not its content."""
    end = start
    while end < len(toks) and toks[end].is_word and end - start < 8:
        if toks[end].lower in FINITE_AUXILIARIES or toks[end].lower in CLAUSE_OPENERS:
            return False
        end += 1
    if end < len(toks) and toks[end].text not in (",", ".", "!", "?", ";"):
        return False
    phrase = toks[start:end]
    return any(
        looks_like_person([t.text for t in phrase[slice(*without_titles(phrase, i, j))]])
        for i, j in name_runs(phrase)
    )


def named_subject_before(toks: list[Token], k: int) -> bool:
    """ "Tomas Varga, a hydrologist at the institute, said the river ...": a named subject opens the
    sentence before the verb's comma, so what follows "said" is the content, not the speaker."""
    subject = subject_before(toks, k)
    return (
        bool(subject)
        and subject[0] is toks[0]
        and any(looks_like_person([t.text for t in subject[i:j]]) for i, j in name_runs(subject))
    )


def personal_noun(word: str) -> bool:
    """A noun for a person: a known role, or an agent noun by its ending ("hydrologist", "pollster")."""
    return word in PERSON_NOUNS or (len(word) > 6 and word.endswith(("ist", "er", "or", "ian")))


def sentence_subject(toks: list[Token]) -> list[Token]:
    """The main clause's subject, roughly: the words before its first verb-like word."""
    start = 0
    while start < len(toks) and (
        toks[start].lower in ("but", "and", "however", "then", "yet", "so") or not toks[start].is_word
    ):
        start += 1
    if start < len(toks) and (toks[start].lower in PREPOSITIONS or toks[start].lower in TIME_WORDS):
        # "Last week, the agency used ...": skip the opening adverbial up to its comma.
        comma = next((n for n in range(start, min(len(toks), start + 14)) if toks[n].text == ","), None)
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


def phrase_after(toks: list[Token], index: int, limit: int = 14) -> list[Token]:
    """The noun phrase after a cue, up to the next clause break or verb."""
    out: list[Token] = []
    j = index
    while j < len(toks) and len(out) < limit:
        t = toks[j]
        if t.text in (";", ":", "(", "—", "–") or (t.text == "," and out and not apposition_follows(toks, j)):
            break
        if t.text in OPEN_QUOTES | CLOSE_QUOTES:
            break
        if out and (
            (t.lower in SAY_VERBS and is_verb_use(toks, j))
            or t.lower in ("that", "who", "which", "citing", "when", "while")
        ):
            break
        out.append(t)
        j += 1
    return out


def apposition_follows(toks: list[Token], comma_index: int) -> bool:
    """ "Jane Roe, the mayor": a role after a name's comma. After a common noun ("the complaint, the
    driver left") the comma ends the phrase, and so does a role that a verb follows ("According to
    the Ledger, the minister had met ...": the clause begins)."""
    nxt = toks[comma_index + 1] if comma_index + 1 < len(toks) else None
    if not (
        comma_index >= 1 and toks[comma_index - 1].capitalised and nxt and nxt.lower in ("a", "an", "the")
    ):
        return False
    role = next(
        (
            r
            for r in (comma_index + 2, comma_index + 3)
            if r < len(toks) and toks[r].lower in OFFICIAL_ROLES | PERSON_ROLES
        ),
        None,
    )
    if role is None:
        return False
    after = toks[role + 1].lower if role + 1 < len(toks) else ""
    return not (after in FINITE_AUXILIARIES or after in AUXILIARIES_AND_ADVERBS or after in SAY_VERBS)


def _interjected_phrase_start(toks: list[Token], i: int) -> int | None:
    """The comma that opens a prepositional phrase set between a subject and its verb ("Police, in a
    statement, said"; "Critics, on the other hand, argued"), `i` being the phrase's last token; None
    where the commas hold something else (an apposition, a clause)."""
    for m in range(i, max(0, i - 10), -1):
        t = toks[m]
        if t.text in (";", ":") or t.text in OPEN_QUOTES or t.text in CLOSE_QUOTES:
            return None
        if t.text == ",":
            first = toks[m + 1] if m + 1 <= i else None
            opens = first is not None and first.lower in PREPOSITIONS and first.lower not in ("of", "to")
            return m if opens and m >= 1 and toks[m - 1].is_word else None
    return None


def _titled_person(toks: list[Token]) -> bool:
    """ "Dr. Jo Terry", "Gov. Ann Roe": a title of address or an office abbreviation before a
    capitalised name is a person standing on their own, not an apposition of what comes before."""
    return (
        len(toks) >= 2
        and (toks[0].lower.strip(".") in HONORIFICS or toks[0].lower.strip(".") in OFFICE_ABBREVIATIONS)
        and all(t.capitalised for t in toks[1:] if t.is_word)
    )
