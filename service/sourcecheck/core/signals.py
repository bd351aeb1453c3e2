"""What a claim's own words say about how far to trust it: self-interest, a prediction, things no
reader could see, the public record of past years, a denial."""

from __future__ import annotations

import re
from functools import lru_cache

from sourcecheck.core.lexicon import PREDICTION_PATTERNS, UNSEEN_PATTERNS

_SELF = re.compile(
    r"\b(I|I'm|I’m|I've|I’ve|[Mm]y|[Mm]e|[Mm]yself|we|our|us)\b|\b(said|says|claimed|claims|insisted|"
    r"insists|denied|denies|added|stated|explained|assured|assures)\s+(that\s+)?([^\s.]+\s+){0,4}?(he|she)\b"
    r"|\bhimself\b|\bherself\b"
)
_UNSEEN = re.compile("|".join(UNSEEN_PATTERNS), re.IGNORECASE)
_PREDICTION = re.compile("|".join(PREDICTION_PATTERNS))
_PAST_YEAR = re.compile(
    r"\b([Ii]n|[Ss]ince|of|by|[Uu]ntil)\s+((early|late|mid-?)\s*)?(January|February|March|April|May|June|"
    r"July|August|September|October|November|December|the\s+)?\s*(1[89]\d\d|20\d\d)\b"
)
_DENIAL = re.compile(
    r"\b(not|never|neither|nor|no)\b|n[’']t\b|\bden(y|ies|ied)\b|\breject(s|ed)?\b", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def speaks_of_self(text: str) -> bool:
    """Whether a named speaker talks about their own conduct (first person, or "X said he ..."). Cached:
    a claim's strength and its level both ask."""
    return bool(_SELF.search(text))


def predicts(text: str) -> bool:
    """Whether the claim tells what will or would happen (a forecast, a plan, an expectation)."""
    return bool(_PREDICTION.search(text))


def tells_the_unseen(text: str) -> bool:
    """Whether the claim tells of secrets, motives or private thoughts."""
    return bool(_UNSEEN.search(text))


def recounts_past_years(text: str) -> bool:
    """Whether the claim recounts events of a past year ("in 1998", "since March 2004")."""
    return bool(_PAST_YEAR.search(text))


def denies(text: str) -> bool:
    return bool(_DENIAL.search(text))
