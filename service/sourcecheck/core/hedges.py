"""Find the words by which an article distances itself from a claim."""

from __future__ import annotations

import re

from sourcecheck.core.lexicon import HEDGE_PATTERNS, OWN_VOICE_HEDGE_PATTERNS

_HEDGE = re.compile("|".join(f"(?:{p})" for p in HEDGE_PATTERNS), re.IGNORECASE)
_OWN_VOICE = re.compile("|".join(f"(?:{p})" for p in OWN_VOICE_HEDGE_PATTERNS), re.IGNORECASE)
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")


def find_hedges(text: str, own_voice: bool = False) -> tuple[str, ...]:
    """Hedges in the outlet's own words (quoted speech is the speaker's, not a hedge); with
    `own_voice`, for a sentence the outlet asserts itself, its speculation too ("may", "possibly")."""
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    seen: list[str] = []
    matches = [*_HEDGE.finditer(unquoted), *(_OWN_VOICE.finditer(unquoted) if own_voice else ())]
    for match in matches:
        word = match.group(0).lower()
        if word not in seen:
            seen.append(word)
    return tuple(seen)
