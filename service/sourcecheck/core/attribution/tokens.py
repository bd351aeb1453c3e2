"""Tokens and their shape: quotation marks, and capitalised runs that may be names.

Attribution reads tokens, not a parse tree: how a word looks (capitalised, inside quotes) carries
most of what it needs to know.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from sourcecheck.core.lexicon import (
    CAPITALISED_NON_NAMES,
    GIVEN_NAMES,
    HEAD_NOUNS,
    NAME_CONNECTORS,
    NAME_PARTICLES,
)

_TOKEN = re.compile(r"''|``|[\w][\w'’‘\-.]*[\w]|[\w]|[\"“”‘’«»]|[,;:()\[\]—–-]")
# Typewriter quotes of some wires and archives ('' and ``) read as a straight double quote.
_DOUBLED_QUOTES = frozenset(["''", "``"])
_CAPITALISED = re.compile(r"[A-Z]")
_PARTICLE_NAME = re.compile(r"(?:al|el|bin|ibn|abu|de|van|von|da|di)-[A-Z]")
CLAUSE_BREAKS = frozenset([",", ";", ":", "(", ")", "—", "–", '"', "“", "”", "«", "»"])
OPEN_QUOTES = frozenset('"“«‘')
CLOSE_QUOTES = frozenset('"”»’')


class Token(NamedTuple):
    """A word or mark with its offsets in the sentence, and its shape worked out once (a tuple:
    a sentence makes hundreds of them, twice)."""

    text: str
    start: int
    end: int
    lower: str
    capitalised: bool
    is_word: bool


@lru_cache(maxsize=1 << 16)
def _shape(text: str) -> tuple[str, bool, bool]:
    """A word's lower case, whether it is capitalised, whether it is a word: cached, since news
    repeats its vocabulary."""
    capitalised = bool(_CAPITALISED.match(text) or _PARTICLE_NAME.match(text))
    return text.lower(), capitalised, text[0].isalnum()


def tokenize(text: str) -> list[Token]:
    tokens = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if word in _DOUBLED_QUOTES:
            word = '"'
        tokens.append(Token(word, m.start(), m.end(), *_shape(word)))
    return tokens


def drop_scare_quotes(toks: list[Token]) -> list[Token]:
    """Remove the marks around short quoted phrases (a 'trusted source'): they are words, not speech."""
    drop: set[int] = set()
    k = 0
    while k < len(toks):
        if toks[k].text in ("‘", "“", '"', "«"):
            for m in range(k + 1, min(len(toks), k + 6)):
                if toks[m].text in ("’", "”", '"', "»"):
                    if m - k - 1 <= 4 and all(t.is_word for t in toks[k + 1 : m]) and m > k + 1:
                        drop.update((k, m))
                    break
        k += 1
    return [t for n, t in enumerate(toks) if n not in drop]


def outside_quotes(toks: list[Token], in_quote: bool) -> tuple[list[Token], bool]:
    """Tokens outside quoted speech (a cue inside a quote is the speaker's, not the article's), and
    whether a quote is still open at the end of the sentence."""
    outside: list[Token] = []
    inside = in_quote
    for t in toks:
        if t.text in ("“", "«", "‘"):
            inside = True
            outside.append(t)
            continue
        if t.text in ("”", "»") or (t.text == "’" and inside):
            inside = False
            outside.append(t)
            continue
        if t.text == '"':
            inside = not inside
            outside.append(t)
            continue
        if not inside:
            outside.append(t)
    return outside, inside


def name_runs(toks: list[Token], runs: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Runs [i, j) of capitalised tokens (allowing particles such as 'al-'), from `runs` when the
    caller has them already.

    A lone capitalised common noun ("Officials say", "Police said") is not a name.
    """
    runs = capitalised_runs(toks) if runs is None else runs
    return [(i, j) for i, j in runs if j - i > 1 or toks[i].lower not in HEAD_NOUNS]


def capitalised_runs(toks: list[Token]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if toks[i].is_word and toks[i].capitalised and toks[i].lower not in CAPITALISED_NON_NAMES:
            j = i + 1
            while j < len(toks) and (
                (toks[j].is_word and toks[j].capitalised and toks[j].lower not in CAPITALISED_NON_NAMES)
                or toks[j].text in ("(", ")")
                or (
                    (toks[j].lower in NAME_PARTICLES or toks[j].lower in NAME_CONNECTORS)
                    and j + 1 < len(toks)
                    and toks[j + 1].capitalised
                    and not (toks[j].lower == "of" and _full_name(toks, i, j))
                )
            ):
                if toks[j].text.endswith(("’s", "'s")):
                    j += 1
                    break
                j += 1
            while j > i + 1 and not toks[j - 1].is_word and toks[j - 1].text != ")":
                j -= 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _full_name(toks: list[Token], i: int, j: int) -> bool:
    """The run i to j ends in a given name and a surname: "(Governor) Jane Roe of Leeds" is a person
    from a place, where "Bank of Norland" is one name."""
    return j - i >= 2 and toks[j - 2].lower in GIVEN_NAMES and toks[j - 1].is_word and toks[j - 2].is_word
