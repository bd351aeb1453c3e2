"""A stable key per origin: two claims share an origin exactly when their keys are equal.

Named people key on their surname ("Jane Roe", "Roe" and "Ms Roe" are one
origin); institutions and outlets on their initials when they have several
words ("the Example News Agency" and "ENA" are one); an anonymous origin on
whoever relays it, since "a source" means nothing without the one who heard
it; an unattributed claim has no known origin.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sourcecheck.core.lexicon import CAPITALISED_NON_NAMES, COUNTRIES, DEMONYMS, OFFICIAL_ROLES, PERSON_ROLES
from sourcecheck.core.model import Attribution, Claim, Kind, Source

_WORD = re.compile(r"[^\W_][\w'’.\-]*")
_PAREN = re.compile(r"\(([^()]{2,12})\)")
_SMALL = frozenset(["the", "a", "an", "of", "for", "and", "on", "in", "at", "to", "de", "la", "el", "al"])
_PREFIX = {
    Kind.NAMED_OFFICIAL: "person",
    Kind.NAMED_PERSON: "person",
    Kind.ORGANIZATION: "org",
    Kind.NEWS_OUTLET: "org",
    Kind.DOCUMENT: "doc",
}


# Generic names for one kind of institution, folded to one key ("cops", "police", "detectives").
_INSTITUTION_SYNONYMS = {
    "police": "police",
    "cops": "police",
    "officers": "police",
    "detectives": "police",
    "investigators": "police",
    "troopers": "police",
    "prosecutors": "prosecutors",
    "prosecution": "prosecutors",
}
_POLICE_ACRONYM = re.compile(r"^[a-z]{1,4}pd$")


def _initials(words: list[str]) -> str:
    return "".join(w.replace(".", "") if w.replace(".", "").isupper() else w[0] for w in words).lower()


def name_key(name: str) -> str:
    """Fold the spellings of one name to one key: an acronym in brackets, the initials of the longest
    capitalised run ("data from the US Geological Survey" and "USGS" are one), or the last name."""
    acronym = _PAREN.search(name)
    if acronym:
        found: str = acronym.group(1)
        return found.replace(".", "").lower()
    words: list[str] = [w.replace("’", "'").removesuffix("'s") for w in _WORD.findall(name)]
    if len(words) == 1 and words[0].lower() in _INSTITUTION_SYNONYMS:
        return _INSTITUTION_SYNONYMS[words[0].lower()]  # "Investigators say" at a sentence's start
    runs: list[list[str]] = [[]]
    for w in words:
        if w[:1].isupper() and w.lower() not in _SMALL:
            runs[-1].append(w)
        elif w.lower() in _SMALL and w.lower() not in ("in", "at", "to") and runs[-1]:
            continue  # "Commission on Missing Persons": small words inside a name
        else:
            runs.append([])
    longest = max(runs, key=len)
    if len(longest) >= 2:
        return _initials(longest)
    if longest:
        return longest[0].replace(".", "").lower()
    lowered = [w.lower() for w in words if w.lower() not in _SMALL]
    for w in lowered:
        if w in _INSTITUTION_SYNONYMS:
            return _INSTITUTION_SYNONYMS[w]
    return " ".join(lowered)


def source_key(source: Source) -> str:
    if source.kind in (Kind.NAMED_OFFICIAL, Kind.NAMED_PERSON):
        words = [w for w in _WORD.findall(source.name) if w[:1].isupper()]
        return "person:" + (words[-1].lower().removesuffix("'s") if words else source.name.lower())
    key = name_key(source.name)
    if _POLICE_ACRONYM.match(key):
        key = "police"
    if source.kind is Kind.DOCUMENT and any(w[:1].isupper() for w in _WORD.findall(source.name)[1:]):
        return f"org:{key}"  # data of a named institution trace to the institution
    return f"{_PREFIX.get(source.kind, 'anon')}:{key}"


def origin_key(attribution: Attribution, outlet: str) -> str:
    """The key of the claim's ultimate source, or "" when it cannot be told."""
    chain = attribution.chain
    if not chain:
        return ""
    origin = chain[0]
    if origin.kind is Kind.ANONYMOUS:
        relay = next((s for s in chain[1:] if s.kind is not Kind.ANONYMOUS), None)
        if relay:
            return source_key(relay)
        inside = institution_of_insiders(origin.name)
        return f"org:{inside}" if inside else f"anon:{name_key(outlet)}"
    if origin.kind is Kind.DOCUMENT and len(chain) > 1 and not any(c.isupper() for c in origin.name):
        return source_key(chain[1])
    return source_key(origin)


# Unnamed people who speak from inside an institution, and the adjectives that name one.
_INSIDERS = frozenset(
    "official officials officer officers insider insiders spokesman spokeswoman spokesperson source sources "
    "executive executives aide aides staffer staffers".split()
)
_COMPASS = frozenset("western eastern northern southern".split())
_INSTITUTION_ADJECTIVES = {"naval": "navy", "military": "military", "police": "police", "army": "army"}


def institution_of_insiders(name: str) -> str:
    """The key of the institution unnamed insiders speak from ("Northvale officials", "a senior police
    officer", "a naval officer"), or "" when the phrase names none ("a source", "residents"). They
    speak from inside it: their origin is the institution, however each outlet words them."""
    words = [w.replace("’", "'") for w in _WORD.findall(name)]
    if not words or words[-1].lower() not in _INSIDERS:
        return ""
    for word in words[:-1]:
        bare = word.removesuffix("'s")
        if bare.lower() in _INSTITUTION_ADJECTIVES:
            return _INSTITUTION_ADJECTIVES[bare.lower()]
        lowered = bare.lower()
        if lowered in CAPITALISED_NON_NAMES or lowered in DEMONYMS or lowered in _COMPASS:
            continue  # "Two officials", "Israeli officials", "Western diplomats": no institution named
        if bare[:1].isupper() and lowered not in _SMALL and lowered not in _OFFICE_WORDS:
            run = [w.removesuffix("'s") for w in words[words.index(word) : -1] if w[:1].isupper()]
            return name_key(" ".join(run))
    return ""


# Words of a role that tell the office, not the institution ("Northvale chief executive").
_OFFICE_WORDS = (
    OFFICIAL_ROLES
    | PERSON_ROLES
    | frozenset(
        "vice senior general chief deputy acting executive officer new interim assistant associate".split()
    )
)


def institution_in_role(role: str) -> str:
    """The institution a named official's role names ("Northvale's chief executive", "head of
    operations at Quill Systems"), or "" when it names none: a country is no institution, and a
    former office speaks for nobody now."""
    words = [w.replace("’", "'") for w in _WORD.findall(role)]
    if not words or words[0].lower() in ("former", "ex", "ex-", "retired", "then"):
        return ""
    run: list[str] = []
    for word in [*words, "."]:
        bare = word.removesuffix("'s").removesuffix("'")  # "Northvale's", "Quill Systems'"
        if word[:1].isupper() and bare.lower() not in _OFFICE_WORDS and bare.lower() not in _SMALL:
            run.append(bare)
            if bare == word:
                continue  # "Northvale's": the possessive closes the institution's name
        if run:
            name = " ".join(run)
            if name not in COUNTRIES and run[0].lower() not in DEMONYMS:
                return name
            run = []
    return ""


def institution_voices(claims: tuple[Claim, ...]) -> tuple[Claim, ...]:
    """An official whose role names an institution that itself speaks in the article speaks for it:
    "Northvale said ..." and "Jane Roe, Northvale's chief executive, said ..." are one origin. Where
    the institution never speaks, its officer speaks for herself (a nominee on her own career)."""
    speaking = {
        c.origin_key
        for c in claims
        if c.attribution.kind is Kind.ORGANIZATION and c.origin_key.startswith("org:")
    }
    if not speaking:
        return claims
    out = []
    for claim in claims:
        chain = claim.attribution.chain
        if chain and chain[0].kind is Kind.NAMED_OFFICIAL:
            institution = institution_in_role(chain[0].role)
            key = f"org:{name_key(institution)}" if institution else ""
            if key in speaking:
                claim = replace(claim, origin_key=key)
        out.append(claim)
    return tuple(out)
