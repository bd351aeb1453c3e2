"""Who's who: whether a capitalised run names a person or an institution, the office or role the
article gives a person anywhere ("Northvale chief executive Jane Roe", "Jane Roe, senior vice
president of sales"), and the titles to drop from a name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from sourcecheck.core.attribution.context import ArticleContext
from sourcecheck.core.attribution.tokens import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    Token,
    capitalised_runs,
    name_runs,
    tokenize,
)
from sourcecheck.core.lexicon import (
    COMPANY_HEADS,
    COUNTRIES,
    DEMONYM_ENDINGS,
    DOCUMENT_HEADS,
    GIVEN_NAMES,
    HONORIFICS,
    OFFICE_ABBREVIATIONS,
    OFFICIAL_ROLES,
    ORGANIZATION_HEADS,
    ORGANIZATION_NAME_ENDINGS,
    OUTLET_HEADS,
    PERSON_ROLES,
    POST_NOMINALS,
    TITLES_ALSO_GIVEN_NAMES,
)
from sourcecheck.core.model import Attribution, Kind, Sentence, Source

_ROLE_PHRASE_ENDS = frozenset("of at for with in from on to".split())
_LEADS = frozenset("heads leads runs chairs directs manages founded co-founded oversees".split())
_APPOSITION_ENDS = frozenset([",", ";", ":", "(", ")", "—", "–"])
_INNER_CAPITAL = re.compile(r"^[A-Z][a-z]+[A-Z]")


def tidy(phrase: str) -> str:
    phrase = re.sub(r"\s+([,.)’'])", r"\1", phrase)
    phrase = re.sub(r"([(])\s+", r"\1", phrase)
    return phrase.strip(" ,;:").removesuffix("’s").removesuffix("'s")


def is_demonym(word: str) -> bool:
    """ "Syrian", "Chinese", "Turkish", "Israeli": a nationality describing someone, not a name."""
    return len(word) > 4 and word.endswith(DEMONYM_ENDINGS)


def is_title(tok: Token) -> bool:
    """A title, rank or role word that may stand in a name's capitalised run ("Lt", "Mayor", "Dr")."""
    word = tok.lower.strip(".")
    return (
        word in HONORIFICS or word in OFFICE_ABBREVIATIONS or word in OFFICIAL_ROLES or word in PERSON_ROLES
    )


def without_titles(toks: list[Token], i: int, j: int) -> tuple[int, int]:
    """Drop titles and roles before a name in a capitalised run ("President Jane Roe" -> "Jane Roe",
    "Riverside District Attorney Jane Roe" -> "Jane Roe", "Lt. Ann Roe" -> "Ann Roe")."""
    last_title = max((k for k in range(i, j - 1) if is_title(toks[k])), default=None)
    if last_title is None or any(t.text in ("(", ")") for t in toks[last_title:j]):
        return i, j
    if last_title == j - 2 and toks[last_title].lower in TITLES_ALSO_GIVEN_NAMES:
        return (
            (last_title, j) if last_title == i or not is_title(toks[last_title - 1]) else (last_title + 1, j)
        )
    return last_title + 1, j


def without_possessor(toks: list[Token], i: int, j: int) -> int:
    """Where a person's name starts in a run that opens with a possessor ("Northvale's Jane Roe")."""
    return i + 1 if j - i >= 3 and toks[i].text.endswith(("’s", "'s")) else i


def role_kind(words: Sequence[str]) -> Kind | None:
    """The kind a role phrase gives a named person, read from its head: the last role word before
    "of/at/for ..." ("principal analyst at a bank" is an analyst; "senior vice president of sales" a
    president). An office or rank makes an official; any other role a person speaking for themself."""
    head: str | None = None
    for word in words:
        word = word.lower().strip(".")
        if word in _ROLE_PHRASE_ENDS and head is not None:
            break
        parts = {word, word.removesuffix("s"), *word.split("-")}  # "director-general", "ministers"
        if parts & OFFICIAL_ROLES or word in OFFICE_ABBREVIATIONS:
            head = "official"
        elif parts & PERSON_ROLES:
            head = "person"
    if head is None:
        return None
    return Kind.NAMED_OFFICIAL if head == "official" else Kind.NAMED_PERSON


def looks_like_person(words: list[str]) -> bool:
    words = [w.removesuffix("’s").removesuffix("'s") for w in words]
    if not 2 <= len(words) <= 5:
        return False
    lowered = [w.lower().rstrip(".") for w in words]
    last = lowered[-2] if lowered[-1] in POST_NOMINALS and len(lowered) > 2 else lowered[-1]
    if (last in OFFICIAL_ROLES or last in PERSON_ROLES) and lowered[0] not in GIVEN_NAMES:
        return False  # "State Fire Marshal", "Deputy Police Chief": an office; "Karen Baker" a name
    if any(w in ("and", "of", "for", "on", "&") for w in lowered):
        return False  # "Christie and Jindal", "Bank of Norland": two people, or an institution
    if any(w in ORGANIZATION_HEADS or w in OUTLET_HEADS or w in DOCUMENT_HEADS for w in lowered):
        return False
    if lowered[-1] in ORGANIZATION_NAME_ENDINGS and lowered[0] not in GIVEN_NAMES:
        return False
    if " ".join(words) in COUNTRIES or any(w in COUNTRIES for w in words):
        return False
    if any(w.isupper() and len(w) > 3 for w in words[:-1]) or any(w.endswith("-based") for w in words):
        return False
    first = lowered[0]
    return first in TITLES_ALSO_GIVEN_NAMES or not (first in OFFICIAL_ROLES or first in PERSON_ROLES)


def institution_name(words: list[str]) -> bool:
    """Whether a capitalised run is an institution's proper name by its own shape: a company ending
    ("Northvale Energy", "Quill Inc"), an acronym ("NTSB"), or an inner capital ("NorthStar")."""
    bare = [w.removesuffix("’s").removesuffix("'s") for w in words]
    if not bare or bare[0].lower() in GIVEN_NAMES or (len(bare) >= 2 and len(bare[1]) == 1):
        return False
    last = bare[-1].lower().rstrip(".")
    if len(bare) >= 2 and (last in ORGANIZATION_NAME_ENDINGS or last in ORGANIZATION_HEADS):
        return True
    return len(bare) == 1 and (
        (bare[0].isupper() and len(bare[0]) >= 2) or bool(_INNER_CAPITAL.match(bare[0]))
    )


def beside_role(toks: list[Token], i: int, j: int) -> bool:
    """A lone name that a role introduces ("agency official Jane") or an apposition follows (", a doctor")."""
    word = toks[i].text
    if word.isupper() or word in COUNTRIES or toks[i].lower in ORGANIZATION_HEADS:
        return False
    if i >= 1 and (is_title(toks[i - 1])):
        return True
    after = [t.lower for t in toks[j : j + 4] if t.is_word]
    return (
        bool(after)
        and after[0] in ("a", "an", "the")
        and any(w in OFFICIAL_ROLES | PERSON_ROLES for w in after)
    )


def speaks_for_institution(after: list[Token]) -> bool:
    """ "Jane Roe of the Example Agency": a person named with the institution they work for."""
    words = [t.lower for t in after if t.is_word]
    return (
        bool(words)
        and words[0] in ("of", "from", "at", "with")
        and any(w in ORGANIZATION_HEADS for w in words[:8])
    )


def role_around(toks: list[Token], i: int, j: int) -> tuple[Kind | None, str]:
    """The role the sentence gives the name at [i, j): the words right before it ("Northvale chief
    executive", "Lt."), else an apposition after its comma (", the company's chief operating
    officer", ", who heads the agency")."""
    start = i
    while (
        start > 0 and i - start < 6 and toks[start - 1].is_word and toks[start - 1].lower not in ("and", "or")
    ):
        start -= 1
    if start == i and i >= 2 and toks[i - 1].text == ",":
        # "Brightwell's chief executive, Omar Haddad, said": the role stands before the comma.
        start = i - 1
        while start > 0 and i - 1 - start < 6 and toks[start - 1].is_word:
            start -= 1
    before = [t.text for t in toks[start:i] if t.is_word]
    kind = role_kind(before)
    if kind is not None:
        return kind, " ".join(before)
    if j < len(toks) and toks[j].text in (",", "—", "–", "("):
        after: list[str] = []
        for t in toks[j + 1 : j + 16]:
            if (
                t.text in (",", ";", ":", "(", ")", "—", "–")
                or t.text in OPEN_QUOTES
                or t.text in CLOSE_QUOTES
            ):
                break
            after.append(t.text)
        if after and after[0].lower() == "who" and any(w.lower() in _LEADS for w in after[1:3]):
            return Kind.NAMED_OFFICIAL, " ".join(after)
        kind = role_kind(after)
        if kind is not None:
            return kind, " ".join(after)
    return None, ""


def _its_after(toks: list[Token], j: int) -> bool:
    """ "Quillon says its new battery ...", "Quillon, which owns the cable,": a name that "its" or
    "which" takes up is an institution's ("who" would be a person's)."""
    if j + 1 < len(toks) and toks[j].text == "," and toks[j + 1].lower == "which":
        return True
    for t in toks[j : j + 5]:
        if t.lower in ("its", "it's", "it’s"):
            return True
        if t.capitalised or t.lower in ("his", "her", "their", "he", "she", "they") or t.text in (",", ";"):
            return False
    return False


def _split_at_and(toks: list[Token], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "Senator Jo Park and Governor Tom Reyes": the run and its parts on either side of "and", so
    that each person is met; an institution's name keeps its whole run too."""
    out: list[tuple[int, int]] = []
    for i, j in runs:
        out.append((i, j))
        cuts = [k for k in range(i + 1, j - 1) if toks[k].lower == "and"]
        bounds = [i - 1, *cuts, j]
        out += [(a + 1, b) for a, b in pairwise(bounds) if cuts and b - a > 1]
    return out


def meet_article(sentences: Sequence[Sentence], context: ArticleContext) -> None:
    """Read the whole article once for who's who, as a reader who has skimmed it does: the people
    with the roles the article gives them anywhere, and the proper names that are institutions."""
    for sentence in sentences:
        toks = tokenize(sentence.text)
        for i, j in _split_at_and(toks, name_runs(toks)):
            i, j = without_titles(toks, without_possessor(toks, i, j), j) if j - i > 1 else (i, j)
            words = [t.text for t in toks[i:j]]
            if institution_name(words) or _its_after(toks, j):
                context.organizations.add(tidy(" ".join(words)))
                continue
            titled = i >= 1 and is_title(toks[i - 1])
            if not looks_like_person(words) and not (titled and len(words) == 1):
                continue
            kind, role = role_around(toks, i, j)
            given = words[0].lower() in GIVEN_NAMES or (len(words) >= 3 and len(words[1]) == 1)
            if kind is None and not (given or titled):
                continue
            name = tidy(" ".join(words))
            known = context.cast.get(name)
            if known is not None and (known.kind is Kind.NAMED_OFFICIAL or kind is None):
                continue
            context.remember(name, kind or Kind.NAMED_PERSON, role, context.cast)


def meet_people(toks: list[Token], context: ArticleContext) -> None:
    """Remember people introduced with a role anywhere ("the country's despot Jane Roe"), and
    institutions by their head noun, so that "the commission said" finds the commission named before."""
    runs = capitalised_runs(toks)
    for i, j in runs:
        heads = [t.lower for t in toks[i:j] if t.lower in ORGANIZATION_HEADS]
        name = tidy(" ".join(t.text for t in toks[i:j]))
        if heads and j - i >= 2:
            context.institutions[heads[-1]] = name
        if name in context.organizations and (i == 0 or toks[i - 1].lower in ("the", "but", "and")):
            # "Larkspur Systems agreed ... The company said": the company last named as a subject.
            context.institutions.update(dict.fromkeys(COMPANY_HEADS, name))
    for i, j in name_runs(toks, runs):
        i, j = without_titles(toks, without_possessor(toks, i, j), j) if j - i > 1 else (i, j)
        words = [t.text for t in toks[i:j]]
        if not looks_like_person(words):
            continue
        kind, role = role_around(toks, i, j)
        if kind is None:
            continue
        name = tidy(" ".join(words)).removesuffix("’s").removesuffix("'s")
        if name not in context.people:
            context.remember(name, kind, role)
        if kind is Kind.NAMED_OFFICIAL and not any(a.source == name for a in context.recent):
            context.recent.append(Attribution((Source(kind, name, context.people[name].role),)))
