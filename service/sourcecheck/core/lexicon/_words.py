"""The one helper of the word lists: a list written as text, one word per blank."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())
