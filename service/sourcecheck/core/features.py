"""What matching compares: content terms, numbers and names that must agree, polarity."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from sourcecheck.core.lexicon import DEMONYMS, NEGATIONS, STOPWORDS
from sourcecheck.core.model import Features

_WORD = re.compile(r"[^\W_][\w'’\-]*")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_SUBORDINATORS = frozenset(
    "that which who whom whose if unless because although though so when while".split()
)
_SUFFIXES = ("ings", "ing", "edly", "ed", "es", "s")
_QUOTED = re.compile(r"\"([^\"]+)\"?|“([^”]+)|«([^»]+)")
_QUOTE_WORDS = 8


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light stem: enough to meet 'strikes' with 'striking' and 'Syrian' with 'Syria', cheap enough
    for every word (and cached: news repeats its vocabulary)."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    country = DEMONYMS.get(word.removesuffix("s"))
    if country is not None:
        return country
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _number(token: str) -> str:
    value = token.replace(",", "")
    return value.rstrip(".")


def features(text: str) -> Features:
    terms: set[str] = set()
    names: set[str] = set()
    negated = False
    words = _WORD.findall(text)
    subordinate = False
    for index, word in enumerate(words):
        lowered = word.lower()
        subordinate = subordinate or lowered in _SUBORDINATORS
        if not subordinate and (lowered in NEGATIONS or lowered.endswith(("n't", "n’t"))):
            negated = True  # a denial in the main clause; "... so that it would not ..." is no denial
        if lowered in STOPWORDS or len(lowered) < 3 or lowered.isdigit():
            continue
        terms.add(stem(lowered))
        if word[0].isupper() and index > 0:
            names.add(stem(lowered))
    numbers = {_number(n) for n in _NUMBER.findall(text)}
    normal = " ".join(w.lower() for w in words)
    fingerprint = hashlib.blake2b(normal.encode("utf-8"), digest_size=8).hexdigest()
    return Features(
        frozenset(terms), frozenset(numbers), frozenset(names), negated, fingerprint, _quote_key(text)
    )


def _quote_key(text: str) -> str:
    """The first words of the longest direct quotation, when it is long enough to be someone's own."""
    quoted = max(("".join(m.groups(default="")) for m in _QUOTED.finditer(text)), key=len, default="")
    words = [w.lower() for w in _WORD.findall(quoted)]
    return " ".join(words[:_QUOTE_WORDS]) if len(words) >= 6 else ""
