"""Find the words by which an article distances itself from a claim."""

from __future__ import annotations

import re

from sourcecheck.core.lexicon import HEDGE_PATTERNS

_HEDGE = re.compile("|".join(f"(?:{p})" for p in HEDGE_PATTERNS), re.IGNORECASE)
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")


def find_hedges(text: str) -> tuple[str, ...]:
    """Hedges in the outlet's own words (quoted speech is the speaker's, not a hedge)."""
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    seen: list[str] = []
    for match in _HEDGE.finditer(unquoted):
        word = match.group(0).lower()
        if word not in seen:
            seen.append(word)
    return tuple(seen)
