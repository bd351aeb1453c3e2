"""The one helper of the word lists: a list written as text, one word per blank."""

from __future__ import annotations

from collections import Counter


def words(text: str) -> frozenset[str]:
    """The words of `text`; a word written twice is a mistake in the list, so it fails loudly."""
    listed = text.split()
    repeated = sorted(w for w, n in Counter(listed).items() if n > 1)
    if repeated:
        raise ValueError(f"word list repeats {', '.join(repeated)}")
    return frozenset(listed)
